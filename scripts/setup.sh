#!/usr/bin/env bash
# Installs everything Talkie needs on Debian 12, idempotently: already-installed packages are left
# alone and apt is not touched when nothing is missing.
#   scripts/setup.sh          install what is missing
#   scripts/setup.sh --check  exit 0 when nothing is missing, 1 otherwise (prints what is missing)
set -euo pipefail

# Speech: espeak-ng (library + data), festival with the HTS (female) and diphone (male) US English voices,
# pocketsphinx with its US English model (recognition, alignment); audio: sox; video: ffmpeg;
# text: fontconfig + Noto fonts (Latin, Cyrillic, Greek, Arabic, Indic, ... and CJK) for titles and captions.
PACKAGES=(
  ffmpeg
  espeak-ng libespeak-ng1
  festival festvox-us-slt-hts festvox-kallpc16k
  pocketsphinx pocketsphinx-en-us
  sox
  libfontconfig1 fonts-dejavu-core fonts-noto-core fonts-noto-cjk
)

missing=()
for package in "${PACKAGES[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null || true)
  if [ "$status" != "installed" ]; then
    missing+=("$package")
  fi
done

if [ "${1:-}" = "--check" ]; then
  if [ ${#missing[@]} -gt 0 ]; then
    echo "missing packages: ${missing[*]}" >&2
    exit 1
  fi
  command -v dotnet >/dev/null || { echo "missing: the .NET SDK (dotnet)" >&2; exit 1; }
  exit 0
fi

if ! command -v dotnet >/dev/null; then
  echo "error: the .NET 10 SDK (dotnet) is not installed; install it from https://dot.net and run this again" >&2
  exit 1
fi

if [ ${#missing[@]} -eq 0 ]; then
  echo "Talkie set-up: everything is installed."
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null; then
    SUDO="sudo"
  else
    echo "error: installing ${missing[*]} needs root; run this script as root" >&2
    exit 1
  fi
fi

echo "Talkie set-up: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "Talkie set-up: done."
