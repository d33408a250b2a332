#!/usr/bin/env bash
# Whole-pipeline benchmark: generates a corpus of news-like copied pages (default 50 MB, kept in
# target/bench/), runs the default pipeline over it with 1 and 2 threads, and reports MB/s,
# documents/s and peak RSS (from copydesk's own summary line).
# usage: scripts/bench-pipeline.sh [BIN] [MB]   (defaults: target/release/copydesk, 50)
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-target/release/copydesk}
MB=${2:-50}
mkdir -p target/bench
corpus=target/bench/pages-${MB}mb.jsonl
if [ ! -s "$corpus" ]; then
  # about 5.3 KB a page
  python3 scripts/gen_jsonl.py $(( MB * 1000000 / 5300 )) --pages > "$corpus"
fi
size=$(wc -c < "$corpus")
docs=$(wc -l < "$corpus")
echo "corpus: $corpus, $docs pages, $(( size / 1000000 )) MB; machine: $(nproc) cores, $(uname -m)"
for jobs in 1 2; do
  "$BIN" run --jobs "$jobs" --input-format jsonl "$corpus" 2> target/bench/summary-$jobs.txt > /dev/null
  line=$(tail -1 target/bench/summary-$jobs.txt)
  secs=$(sed -E 's/.* failed, ([0-9.]+) s.*/\1/' <<< "$line")
  echo "--jobs $jobs: $line; $(python3 -c "print(f'{$docs/$secs:.0f} documents/s, {$size/1e6/$secs/$jobs:.1f} MB/s per thread')")"
done
