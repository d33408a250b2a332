#!/usr/bin/env bash
# One Common Crawl task: reads WARC paths (lines of a `warc.paths` list, e.g.
# crawl-data/CC-NEWS/2025/01/CC-NEWS-20250101000000-00000.warc.gz) on stdin, streams each file
# from data.commoncrawl.org through copydesk, and writes JSONL documents to stdout.
# For Spark's RDD.pipe and GNU parallel (README, "HTML and WARC input").
# Env: COPYDESK (binary, default ./copydesk), CONFIG (pipeline, default the embedded one),
#      CC_BASE (default https://data.commoncrawl.org).
# A failed record is written in-band as {"id", "source", "error"}; copydesk's exit code 1 (some
# records failed) is tolerated, anything else (2: usage, an unreadable stream) stops the task.
set -uo pipefail
bin="${COPYDESK:-./copydesk}"
base="${CC_BASE:-https://data.commoncrawl.org}"
args=(run --quiet --jobs 1 --input-format warc)
[ -n "${CONFIG:-}" ] && args+=(--config "$CONFIG")
while IFS= read -r path; do
  [ -z "$path" ] && continue
  curl -sSf --retry 3 "$base/$path" | "$bin" "${args[@]}" -
  codes=("${PIPESTATUS[@]}")
  if [ "${codes[0]}" -ne 0 ] || [ "${codes[1]}" -gt 1 ]; then
    echo "cc_warc_task: $path failed (curl ${codes[0]}, copydesk ${codes[1]})" >&2
    exit 1
  fi
done
