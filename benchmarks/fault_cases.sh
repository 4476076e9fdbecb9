#!/usr/bin/env bash
# Runs each fault of issue 26 against the CLI of the checkout ROOT (default: this one) and
# prints one row per case: exit code, wall time, peak memory (/usr/bin/time -v), the
# number of stderr lines, the first `error:` line and what was left in the output folder.
#
#   bash benchmarks/fault_cases.sh [ROOT]
#
# Needs root for the tmpfs cases (skipped otherwise), GNU time, mkfifo and gzip.
# Fixtures (a 9 MB gzip IDX that inflates to 2 GiB, a 2 GiB sparse plain IDX, ...) are
# built once under ${FAULTS_FIXTURES:-/tmp/faults-fix}.
set -u
ROOT=$(cd "${1:-$(dirname "$0")/..}" && pwd)
FIX=${FAULTS_FIXTURES:-/tmp/faults-fix}
WORK=$(mktemp -d)
CLI=(deno run --allow-read --allow-write "$ROOT/apps/cli/main.ts")
SERVE=(deno run --unstable-bundle --allow-read --allow-net "$ROOT/apps/web/main.ts")
SMALL=(--limit 2000 --iterations 3 --quiet)

mkdir -p "$FIX/gz" "$FIX/plain" "$FIX/csv"
header() { printf '\x00\x00\x08\x03\x00\x00\x03\xe8\x00\x00\x00\x1c\x00\x00\x00\x1c'; }
if [ ! -s "$FIX/gz/train-images-idx3-ubyte.gz" ]; then
  { header; head -c 2147483648 /dev/zero; } | gzip -1 >"$FIX/gz/train-images-idx3-ubyte.gz"
fi
if [ ! -s "$FIX/plain/train-images-idx3-ubyte" ]; then
  header >"$FIX/plain/train-images-idx3-ubyte"
  truncate -s 2147483664 "$FIX/plain/train-images-idx3-ubyte"
fi
if [ ! -s "$FIX/csv/header.csv" ]; then
  head -c 104857600 /dev/zero | tr '\0' 'a' >"$FIX/csv/header.csv"
  { printf 'label'; for i in $(seq 0 783); do printf ',pixel%d' "$i"; done; printf '\n'
    head -c 104857600 /dev/zero | tr '\0' '0'; } >"$FIX/csv/row.csv"
fi
if [ ! -s "$FIX/huge.model" ]; then truncate -s 2147483648 "$FIX/huge.model"; fi
[ -p "$FIX/fifo" ] || mkfifo "$FIX/fifo"
mkdir -p "$FIX/folder.model"

printf '%-14s %4s %7s %8s %5s  %s\n' case code seconds peak_MB lines "first error line | left behind"
# run NAME OUTDIR CMD...: time CMD (60 s at most) and print its row.
run() {
  local name=$1 out=$2
  shift 2
  timeout -s KILL 60 /usr/bin/time -v -o "$WORK/time" "$@" >/dev/null 2>"$WORK/err"
  local code=$?
  local seconds mem line lines left=""
  seconds=$(awk -F': ' '/Elapsed/ {n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; printf "%.2f", s}' "$WORK/time" 2>/dev/null)
  mem=$(awk -F': ' '/Maximum resident/ {printf "%.0f", $2 / 1024}' "$WORK/time" 2>/dev/null)
  lines=$(grep -vc '^\s*Command \(terminated\|exited\)' "$WORK/err")
  line=$(grep -m1 '^error:' "$WORK/err" | cut -c1-150)
  [ -n "$out" ] && left=$(cd "$out" && find . -mindepth 1 ! -name fill -printf '%P(%s) ' | head -c 200)
  printf '%-14s %4s %7s %8s %5s  %s | %s\n' "$name" "$code" "${seconds:--}" "${mem:--}" "$lines" \
    "${line:-(no error line)}" "${left:-nothing}"
}

# A 200 KiB tmpfs, optionally filled to leave FREE bytes.
tmpfs() {
  local dir=$WORK/$1
  mkdir -p "$dir"
  mount -t tmpfs -o size=200k tmpfs "$dir" 2>/dev/null || return 1
  if [ -n "${2:-}" ]; then head -c "$2" /dev/zero >"$dir/fill"; fi
  echo "$dir"
}

# 200 KiB less the model's nine pages: the model fits, the history and report do not.
if D=$(tmpfs all 167936); then
  run full-all "$D" "${CLI[@]}" train "${SMALL[@]}" --save "$D/m.model" --report "$D/r.html" \
    --history "$D/h.csv"
  umount "$D"
else echo "full-all       skipped: cannot mount a tmpfs (not root?)"; fi
if D=$(tmpfs model 204800); then
  run full-model "$D" "${CLI[@]}" train "${SMALL[@]}" --save "$D/m.model"
  umount "$D"
fi
if D=$(tmpfs history 204800); then
  run full-history "$D" "${CLI[@]}" train "${SMALL[@]}" --history "$D/h.csv"
  umount "$D"
fi
if D=$(tmpfs export); then
  run full-export "$D" "${CLI[@]}" export-data --out-dir "$D"
  umount "$D"
fi
"${CLI[@]}" train "${SMALL[@]}" --save "$WORK/small.model" >/dev/null
{ printf 'pixel0'; for i in $(seq 1 783); do printf ',pixel%d' "$i"; done; printf '\n'
  for _ in $(seq 2000); do printf '0%.0s,' $(seq 783); printf '0\n'; done; } >"$WORK/test.csv"
if D=$(tmpfs predict 204800); then
  run full-predict "$D" "${CLI[@]}" predict --model "$WORK/small.model" --data "$WORK/test.csv" \
    --out "$D/s.csv"
  umount "$D"
fi
if D=$(tmpfs report 204800); then
  run full-report "$D" "${CLI[@]}" report --model "$WORK/small.model" --out "$D/r.html"
  umount "$D"
fi
if D=$(tmpfs onnx 204800); then
  run full-onnx "$D" "${CLI[@]}" export --model "$WORK/small.model" --out "$D/m.onnx"
  umount "$D"
fi

# Outputs that are not plain files: a symbolic link, a character device (made here, as
# /dev/null is, so no real device is at risk) and a FIFO. "left" shows each entry's type:
# l a link, f a file, c a device, p a FIFO.
kinds() { (cd "$1" && find . -mindepth 1 -printf '%P(%y) ' | head -c 200); }
mkdir -p "$WORK/link/runs" && ln -s runs/1.model "$WORK/link/latest.model"
run save-link "" "${CLI[@]}" train "${SMALL[@]}" --save "$WORK/link/latest.model"
echo "               left: $(kinds "$WORK/link")"
mkdir -p "$WORK/dev"
if mknod "$WORK/dev/null" c 1 3 2>/dev/null; then
  run save-device "" "${CLI[@]}" train "${SMALL[@]}" --save "$WORK/dev/null"
  echo "               left: $(kinds "$WORK/dev")"
else echo "save-device    skipped: cannot mknod (not root?)"; fi
mkfifo "$WORK/h.fifo"
cat "$WORK/h.fifo" >"$WORK/h.read" 2>/dev/null &
reader=$!
run history-fifo "" "${CLI[@]}" train "${SMALL[@]}" --history "$WORK/h.fifo"
[ -p "$WORK/h.fifo" ] || kill "$reader" 2>/dev/null
wait "$reader" 2>/dev/null
echo "               left: $(cd "$WORK" && find h.fifo -printf '%p(%y)'), the reader got $(wc -l <"$WORK/h.read") lines"

run dev-zero "" "${CLI[@]}" train "${SMALL[@]}" --data /dev/zero
run fifo "" timeout 10 "${CLI[@]}" train "${SMALL[@]}" --data "$FIX/fifo"
run inflate-gz "" "${CLI[@]}" train "${SMALL[@]}" --data "$FIX/gz/train-images-idx3-ubyte.gz"
run inflate-plain "" "${CLI[@]}" train "${SMALL[@]}" --data "$FIX/plain/train-images-idx3-ubyte"
run csv-header "" "${CLI[@]}" train "${SMALL[@]}" --data "$FIX/csv/header.csv"
run csv-row "" "${CLI[@]}" train "${SMALL[@]}" --data "$FIX/csv/row.csv"
run model-huge "" "${CLI[@]}" evaluate --model "$FIX/huge.model"
run model-folder "" "${CLI[@]}" report --model "$FIX/folder.model" --out "$WORK/r.html"
run model-missing "" "${CLI[@]}" report --model "$FIX/missing.model" --out "$WORK/r.html"
run eval-missing "" "${CLI[@]}" evaluate --model "$FIX/missing.model"
run serve-missing "" timeout 20 "${SERVE[@]}" --port 0 --model "$FIX/missing.model"
run serve-folder "" timeout 20 "${SERVE[@]}" --port 0 --model "$FIX/folder.model"

# SIGTERM and SIGINT three seconds into a run that saves: nothing, or a complete model, is left.
# Job control on, or bash starts background jobs with SIGINT ignored.
set -m
for signal in TERM INT; do
  mkdir -p "$WORK/$signal"
  "${CLI[@]}" train --hidden 256 --iterations 30 --batch-size 64 --quiet \
    --save "$WORK/$signal/m.model" >/dev/null 2>"$WORK/err" &
  pid=$!
  sleep 3
  kill -"$signal" "$pid"
  wait "$pid"
  code=$?
  printf '%-14s %4s %7s %8s %5s  %s | %s\n' "sig${signal,,}" "$code" - - "$(wc -l <"$WORK/err")" \
    "$(head -c 150 "$WORK/err")" "$(cd "$WORK/$signal" && find . -mindepth 1 -printf '%P ')"
done
rm -rf "$WORK"
