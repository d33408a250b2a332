#!/usr/bin/env bash
# Spark test (issue 9): copydesk as a map step on Spark local[2] over 10,000 generated records
# must give exactly the records of a single-process run — none lost, duplicated or altered —
# and the throughput of both is reported. Also streams 1,000,000 small records through
# `--input-format jsonl` and reports peak RSS.
# usage: scripts/test-spark.sh [BIN] [PIPELINE.toml]
#   (defaults: target/release/copydesk and its embedded default pipeline)
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-target/release/copydesk}
CONFIG=()
[ -n "${2:-}" ] && CONFIG=(--config "$2")
N=${SPARK_TEST_RECORDS:-10000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 scripts/gen_jsonl.py "$N" --bad-every 1000 > "$work/docs.jsonl"
mb=$(python3 -c "import os;print(os.path.getsize('$work/docs.jsonl')/1e6)")

now() { python3 -c 'import time;print(time.time())'; }
timed() { local t0; t0=$(now); "$@"; python3 -c "import time;print(round(time.time()-$t0,2))" > "$work/seconds"; }

for jobs in 1 2; do
  timed "$BIN" run "${CONFIG[@]}" --quiet --jobs "$jobs" --input-format jsonl - < "$work/docs.jsonl" > "$work/single$jobs.jsonl"
  s=$(cat "$work/seconds")
  echo "single process --jobs $jobs: $N records ($mb MB) in $s s = $(python3 -c "print(round($N/$s))") records/s, $(python3 -c "print(round($mb/$s,1))") MB/s"
done
cmp "$work/single1.jsonl" "$work/single2.jsonl"
[ "$(wc -l < "$work/single1.jsonl")" -eq "$N" ]

if ! command -v java >/dev/null 2>&1; then
  echo "SKIPPED the Spark part: this machine has no Java (Spark needs a JVM)"
  exit 0
fi
VENV=${SPARK_VENV:-target/spark-venv}
if ! "$VENV/bin/python" -c 'import pyspark' 2>/dev/null; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet pyspark
fi

# Spark's fixed start-up cost: an empty job.
echo '{"id":"x","text":"x"}' > "$work/one.jsonl"
timed "$VENV/bin/python" scripts/spark_copydesk.py --master 'local[2]' --binary "$BIN" "${CONFIG[@]}" \
  "$work/one.jsonl" "$work/out-one" 2> "$work/spark-one.log"
echo "spark local[2], 1 record (start-up cost): $(cat "$work/seconds") s"

timed "$VENV/bin/python" scripts/spark_copydesk.py --master 'local[2]' --partitions 8 --binary "$BIN" "${CONFIG[@]}" \
  "$work/docs.jsonl" "$work/out" 2> "$work/spark.log" || { cat "$work/spark.log"; exit 1; }
s=$(cat "$work/seconds")
echo "spark local[2]: $N records in $s s (start-up included) = $(python3 -c "print(round($N/$s))") records/s; $(grep -o 'spark start-up.*' "$work/spark.log")"

python3 - "$work/single1.jsonl" "$work/out" <<'PY'
import glob, json, os, sys
single_path, out_dir = sys.argv[1], sys.argv[2]
def key(rec):
    rec = dict(rec)
    rec.pop("source", None)  # path:line differs: Spark feeds each partition as its own stream
    return json.dumps(rec, sort_keys=True, ensure_ascii=False)
single = [key(json.loads(l)) for l in open(single_path, encoding="utf-8")]
spark = [key(json.loads(l)) for f in sorted(glob.glob(os.path.join(out_dir, "part-*")))
         for l in open(f, encoding="utf-8") if l.strip()]
errors = sum('"error"' in r for r in single)
assert len(spark) == len(single), f"spark gave {len(spark)} records, single process {len(single)}"
assert sorted(spark) == sorted(single), "spark's records differ from the single-process run"
ids = [json.loads(r)["id"] for r in spark]
assert len(set(ids)) == len(ids), "duplicated records"
print(f"spark == single process: {len(spark)} records, none lost, duplicated or altered "
      f"({errors} in-band error records)")
PY

# A million small records through the stream: flat memory.
python3 scripts/gen_jsonl.py 1000000 --small | "$BIN" run "${CONFIG[@]}" --jobs 2 --input-format jsonl - 2> "$work/million.log" | wc -l
tail -1 "$work/million.log"
