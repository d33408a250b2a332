#!/usr/bin/env bash
# Gate: CoNLL-2003 dev NER F1 through the whole product (tokenize + tag_entities + jsonl).
# Usage: scripts/eval-entities.sh [BIN]   (default target/release/copydesk)
# Fails below 91.00 F1 (entity spans and labels, conlleval rule).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bin="${1:-$root/target/release/copydesk}"
shared="$(cd "$root/../shared" && pwd)"
min_f1="91.00"

dev="$shared/data/conll2003/dev.txt"
scorer="$shared/tools/score_ner.py"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

python3 "$scorer" make-text "$dev" "$tmp/docs"
start=$(date +%s.%N)
"$bin" run --config "$root/config/entities.toml" --format jsonl --output "$tmp/pred.jsonl" "$tmp/docs"
end=$(date +%s.%N)
echo "tagged $(ls "$tmp/docs"/*.txt | wc -l) documents in $(python3 -c "print(f'{$end - $start:.2f}')") s"
python3 "$scorer" score "$dev" "$tmp/pred.jsonl" --per-type | tee "$tmp/score.txt"
f1="$(tail -n 1 "$tmp/score.txt")"
if python3 -c "import sys; sys.exit(0 if float('$f1') >= $min_f1 else 1)"; then
  echo "entities: CoNLL-2003 dev F1 $f1 >= $min_f1: ok"
else
  echo "entities: CoNLL-2003 dev F1 $f1 is below $min_f1" >&2
  exit 1
fi
