#!/usr/bin/env bash
# Installs everything Talkie needs on Debian 12, idempotently: already-installed packages are left
# alone and apt is not touched when nothing is missing.
#   scripts/setup.sh          install what is missing
#   scripts/setup.sh --check  exit 0 when nothing is missing, 1 otherwise (prints what is missing)
#   scripts/setup.sh --test   also what the tests need (dlib's C++ library for the reference program, Chromium for the studio test)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# Model files that are not Debian packages are extracted here (never committed); Talkie reads the
# same place (TALKIE_MODELS overrides both).
MODELS="${TALKIE_MODELS:-${XDG_DATA_HOME:-$HOME/.local/share}/talkie/models}"
MEDIAPIPE_PACKAGE="@mediapipe/face_mesh@0.4.1657299874"
MEDIAPIPE_FILES=(face_landmark.tflite face_detection_short_range.tflite geometry_pipeline_metadata_landmarks.binarypb)

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
  # Faces: OpenCV's native runtime needs GTK, libatomic and libdrm; Haar cascades; dlib's 68-point model.
  libgtk-3-0 libatomic1 libdrm2 opencv-data libdlib-data
  # Dubbing: apertium with its English pairs (both ways), rubberband for formant-preserving pitch and time.
  apertium apertium-eng-spa apertium-eng-cat apertium-eo-en apertium-en-gl apertium-eu-en apertium-isl-eng apertium-mkd-eng apertium-hbs-eng
  rubberband-cli
)
if [ "${1:-}" = "--test" ]; then
  # The tests compare our dlib reader with dlib itself: a small C++ program built against libdlib-dev.
  PACKAGES+=(g++ libdlib-dev)
  # The studio's browser test drives Debian's Chromium (headless) through Playwright.
  PACKAGES+=(chromium)
fi

missing=()
for package in "${PACKAGES[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null || true)
  if [ "$status" != "installed" ]; then
    missing+=("$package")
  fi
done
# npm fetches the MediaPipe package (below); Debian's npm only where none is installed already.
command -v npm >/dev/null || missing+=(npm)

if [ "${1:-}" = "--check" ]; then
  if [ ${#missing[@]} -gt 0 ]; then
    echo "missing packages: ${missing[*]}" >&2
    exit 1
  fi
  command -v dotnet >/dev/null || { echo "missing: the .NET SDK (dotnet)" >&2; exit 1; }
  for file in "${MEDIAPIPE_FILES[@]}"; do
    [ -s "$MODELS/mediapipe/$file" ] || { echo "missing: the MediaPipe file $file in $MODELS/mediapipe" >&2; exit 1; }
  done
  exit 0
fi

if ! command -v dotnet >/dev/null; then
  echo "error: the .NET 10 SDK (dotnet) is not installed; install it from https://dot.net and run this again" >&2
  exit 1
fi

# The MediaPipe face mesh and BlazeFace detector (Apache-2.0) ship inside the npm package
# @mediapipe/face_mesh, packed into one .data file; its loader script says where each file lies.
# The geometry file holds the mesh's triangles, which photo avatars warp.
install_mediapipe_models() {
  local target="$MODELS/mediapipe"
  local complete=1
  for file in "${MEDIAPIPE_FILES[@]}"; do
    [ -s "$target/$file" ] || complete=0
  done
  if [ $complete -eq 1 ]; then
    return
  fi
  echo "Talkie set-up: fetching the MediaPipe face models ($MEDIAPIPE_PACKAGE)"
  local work
  work="$(mktemp -d)"
  (cd "$work" && npm pack --silent "$MEDIAPIPE_PACKAGE" >/dev/null 2>&1) \
    || { echo "error: npm could not fetch $MEDIAPIPE_PACKAGE; check the npm registry settings (npm config get registry)" >&2; rm -rf "$work"; exit 1; }
  tar -xzf "$work"/*.tgz -C "$work"
  mkdir -p "$target"
  node "$ROOT/scripts/extract-mediapipe.js" "$work/package" "$target" "${MEDIAPIPE_FILES[@]}"
  rm -rf "$work"
}

build_dlib_reference() {
  local source="$ROOT/tests/Talkie.Vision.Tests/Reference/dlib_landmarks.cpp"
  local binary="$ROOT/.build/dlib-reference/dlib_landmarks"
  if [ -x "$binary" ] && [ "$binary" -nt "$source" ]; then
    return
  fi
  echo "Talkie set-up: building the dlib reference program"
  mkdir -p "$(dirname "$binary")"
  g++ -O2 -std=c++14 -o "$binary" "$source" $(pkg-config --cflags --libs dlib-1)
}

if [ ${#missing[@]} -eq 0 ]; then
  install_mediapipe_models
fi
if [ ${#missing[@]} -eq 0 ]; then
  if [ "${1:-}" = "--test" ]; then
    build_dlib_reference
  fi
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
install_mediapipe_models
if [ "${1:-}" = "--test" ]; then
  build_dlib_reference
fi
echo "Talkie set-up: done."
