#!/usr/bin/env bash
# Whole-pipeline benchmark on real text (issue 14). Concatenates the 61 copied pages of
# ../shared/data/pages/dev (`*.page.txt`), repeated, into a JSONL stream of about MB megabytes in
# a temporary directory (never kept), runs the default pipeline over it with `--jobs 1`, and runs
# `gzip -1` on the same bytes in the same run as the yardstick of the machine's speed that day.
# Both are timed in CPU seconds (user + system, /usr/bin/time). Prints MB per CPU-second, the
# ratio to gzip -1, peak RSS, and each step's share of copydesk's CPU time (from the driver's
# `COPYDESK_STAGE_TIMES=1` summary: thread CPU time of decoding the input, each stage and the
# writer; "other" is the rest: reading lines, threads, queues, model load). Then the same for
# generated pages (scripts/gen_jsonl.py --pages), as a second, labelled case.
#
# usage: scripts/bench-pipeline.sh [BIN] [MB] [CONFIG]
#   BIN defaults to target/release/copydesk, MB to 30, CONFIG to the built-in default pipeline.
#   RUNS=N (env, default 1) repeats each measurement and reports the median.
#   CASES="real generated" (env) chooses the cases.
# The last line of each case, `RESULT <case> ratio_to_gzip=… mb_per_cpu_s=… peak_rss_mb=…
# documents=…`, is for scripts (scripts/eval-speed.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-target/release/copydesk}
MB=${2:-30}
CONFIG=${3:-}
RUNS=${RUNS:-1}
CASES=${CASES:-real generated}
PAGES=../shared/data/pages/dev
[ -x "$BIN" ] || { echo "bench-pipeline: no binary at $BIN (cargo build --release)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "bench-pipeline: needs /usr/bin/time (apt-get install time)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

real_corpus() {
  # Each copy of a page is one record with its own id; the order of pages is fixed (sorted ids).
  python3 - "$PAGES" "$MB" > "$1" <<'PY'
import json, pathlib, sys
pages = sorted(pathlib.Path(sys.argv[1]).glob("*.page.txt"))
if len(pages) != 61:
    sys.exit(f"bench-pipeline: expected 61 page texts in {sys.argv[1]}, found {len(pages)}")
records = [(p.name.split(".")[0][:16], p.read_text(encoding="utf-8")) for p in pages]
target, written, copy = int(sys.argv[2]) * 1_000_000, 0, 0
out = sys.stdout
while written < target:
    for pid, text in records:
        line = json.dumps({"id": f"{pid}-{copy}", "text": text}, ensure_ascii=False) + "\n"
        out.write(line)
        written += len(line.encode("utf-8"))
    copy += 1
PY
}

generated_corpus() {
  # gen_jsonl.py --pages writes about 6.5 KB a page.
  python3 scripts/gen_jsonl.py $(( MB * 1000000 / 6500 )) --pages > "$1"
}

# Prints "user+sys seconds, peak RSS KB" of a command (stdout to /dev/null, stderr to $2).
cpu_of() {
  local input=$1 err=$2; shift 2
  /usr/bin/time -o "$tmp/time" -f '%U %S %M' "$@" < "$input" > /dev/null 2> "$err"
  awk '{ printf "%.3f %d\n", $1 + $2, $3 }' "$tmp/time"
}

cfg=()
[ -n "$CONFIG" ] && cfg=(--config "$CONFIG")
echo "copydesk: $BIN ${CONFIG:-(default pipeline)}, --jobs 1; machine: $(nproc) cores, $(uname -m), load $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%F)"
for case in $CASES; do
  corpus=$tmp/$case.jsonl
  "${case}_corpus" "$corpus"
  size=$(wc -c < "$corpus")
  docs=$(wc -l < "$corpus")
  : > "$tmp/gz"; : > "$tmp/runs"
  for _ in $(seq "$RUNS"); do
    cpu_of "$corpus" /dev/null gzip -1 >> "$tmp/gz"
    run=$(COPYDESK_STAGE_TIMES=1 cpu_of "$corpus" "$tmp/stderr" \
      "$BIN" run "${cfg[@]}" --jobs 1 --input-format jsonl -)
    summary=$(grep 'CPU s per step' "$tmp/stderr" | tail -1 || true)
    [ -n "$summary" ] || { echo "bench-pipeline: copydesk failed:" >&2; tail -5 "$tmp/stderr" >&2; exit 1; }
    echo "$run|$summary" >> "$tmp/runs"
  done
  cpu_of "$corpus" /dev/null gzip -1 >> "$tmp/gz"
  label=$([ "$case" = real ] && echo "REAL: the 61 dev page texts, repeated" || echo "GENERATED (second case): gen_jsonl.py --pages")
  python3 - "$label" "$size" "$docs" "$tmp/gz" "$tmp/runs" <<'PY'
import re, sys
label, size, docs, gz_file, runs_file = sys.argv[1:]
size, docs, mb = int(size), int(docs), int(size) / 1e6
median = lambda v: sorted(v)[(len(v) - 1) // 2]
gz_all = [float(l.split()[0]) for l in open(gz_file)]
gz = median(gz_all)
runs = []
for line in open(runs_file):
    head, steps = line.split("|", 1)
    cpu, rss = head.split()
    parts = [(m.group(1), float(m.group(2)))
             for m in re.finditer(r"(?:: |, )([\w-]+) ([\d.]+)", steps.split("CPU s per step")[1])]
    runs.append((float(cpu), int(rss), parts))
cd, rss, parts = median(runs)
print(f"\n{label}: {docs} documents, {mb:.1f} MB; gzip -1 runs {len(gz_all)}, copydesk runs {len(runs)}, medians")
print(f"  gzip -1   {gz:7.2f} CPU s  {mb / gz:7.1f} MB per CPU-s   (all: {', '.join(f'{g:.2f}' for g in gz_all)} s)")
print(f"  copydesk  {cd:7.2f} CPU s  {mb / cd:7.2f} MB per CPU-s = {gz / cd:.3f} x gzip -1, "
      f"{docs / cd:.0f} documents per CPU-s, peak RSS {rss / 1000:.1f} MB   (all: {', '.join(f'{r[0]:.2f}' for r in runs)} s)")
total = sum(s for _, s in parts)
print("  where copydesk's CPU time goes (thread CPU time of each step; other = reading lines, threads, queues, start-up):")
for name, s in parts + [("other", max(cd - total, 0.0))]:
    print(f"    {name:<18} {s:7.2f} s  {100 * s / cd:5.1f} %  {mb / s if s else 0:8.1f} MB per CPU-s")
case = "real" if label.startswith("REAL") else "generated"
print(f"RESULT {case} ratio_to_gzip={gz / cd:.4f} mb_per_cpu_s={mb / cd:.3f} peak_rss_mb={rss / 1000:.1f} documents={docs}")
PY
  rm -f "$corpus"
done
