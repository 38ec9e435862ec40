// Extracts named files from @mediapipe/face_mesh's packed assets. The package's
// face_mesh_solution_packed_assets_loader.js passes loadPackage() a JSON object listing each file
// with its byte range ("start", "end") in face_mesh_solution_packed_assets.data.
//   node extract-mediapipe.js PACKAGE_DIR TARGET_DIR NAME...
const fs = require("fs");
const path = require("path");

const [packageDir, targetDir, ...names] = process.argv.slice(2);
const loader = fs.readFileSync(path.join(packageDir, "face_mesh_solution_packed_assets_loader.js"), "utf8");
const data = fs.readFileSync(path.join(packageDir, "face_mesh_solution_packed_assets.data"));

const call = loader.indexOf("loadPackage(");
if (call < 0) {
  console.error("error: the MediaPipe loader script has no loadPackage() call; this package version is not supported");
  process.exit(1);
}
// The argument is a JSON object: find its matching closing brace.
const open = loader.indexOf("{", call);
let depth = 0, close = -1;
for (let i = open; i < loader.length; i++) {
  if (loader[i] === "{") depth++;
  else if (loader[i] === "}" && --depth === 0) { close = i; break; }
}
const metadata = JSON.parse(loader.slice(open, close + 1));

for (const name of names) {
  const entry = metadata.files.find(f => path.basename(f.filename) === name);
  if (!entry) {
    console.error(`error: ${name} is not in the MediaPipe package`);
    process.exit(1);
  }
  if (entry.end > data.length) {
    console.error(`error: ${name} lies past the end of the packed assets; the download is incomplete`);
    process.exit(1);
  }
  const target = path.join(targetDir, name);
  fs.writeFileSync(target + ".partial", data.subarray(entry.start, entry.end));
  fs.renameSync(target + ".partial", target);
  console.log(`Talkie set-up: ${name} (${entry.end - entry.start} bytes)`);
}
