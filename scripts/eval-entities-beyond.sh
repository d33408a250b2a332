#!/usr/bin/env bash
# Gates: entity F1 beyond CoNLL-2003 dev, through the whole product (tokenize + tag_entities
# + jsonl, config/entities.toml), entity spans and labels, conlleval rule:
# - Wikipedia: wikigold, the odd-numbered documents (the embedded model trained on the even ones);
# - web text: UNER English-EWT test, odd-numbered documents, PER/ORG/LOC (UNER has no MISC);
# - CoNLL-2003 dev UPPER-CASED and lower-cased (copies made here, in a temporary folder).
# Usage: scripts/eval-entities-beyond.sh [BIN]   (default target/release/copydesk)
# Thresholds: upper-cased >= 80 and lower-cased >= 70 are issue 16's targets (met); wikigold and
# UNER sit just below the measured F1 (regression guards: the targets 70 and 65 are not met).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bin="${1:-$root/target/release/copydesk}"
shared="$(cd "$root/../shared" && pwd)"
scorer="$shared/tools/score_ner.py"
split="$root/scripts/ner-split.py"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
failed=0

# gate NAME GOLD_FILE MIN_F1 [LABELS]
gate() {
  local name="$1" gold="$2" min="$3" labels="${4:-PER,ORG,LOC,MISC}"
  local dir="$tmp/$name"
  mkdir -p "$dir"
  python3 "$scorer" make-text "$gold" "$dir/docs" >/dev/null
  "$bin" run --config "$root/config/entities.toml" --format jsonl --output "$dir/pred.jsonl" \
    "$dir/docs" 2>/dev/null
  python3 "$scorer" score "$gold" "$dir/pred.jsonl" --per-type --labels "$labels" >"$dir/score.txt"
  sed -n '/all:/,$p' "$dir/score.txt" | sed '$d'
  local f1
  f1="$(tail -n 1 "$dir/score.txt")"
  if python3 -c "import sys; sys.exit(0 if float('$f1') >= $min else 1)"; then
    echo "entities: $name F1 $f1 >= $min: ok"
  else
    echo "entities: $name F1 $f1 is below $min" >&2
    failed=1
  fi
}

python3 "$split" "$shared/data/ner-open/wikigold.conll" odd "$tmp/wikigold.odd.conll" 2>/dev/null
python3 "$split" "$shared/data/ner-open/uner-ewt-test.conll" odd "$tmp/uner.odd.conll" 2>/dev/null
python3 "$split" "$shared/data/conll2003/dev.txt" all "$tmp/dev.upper.txt" --upper 2>/dev/null
python3 "$split" "$shared/data/conll2003/dev.txt" all "$tmp/dev.lower.txt" --lower 2>/dev/null

gate wikigold-odd "$tmp/wikigold.odd.conll" 60.5
gate uner-ewt-odd "$tmp/uner.odd.conll" 59.5 PER,ORG,LOC
gate conll-dev-upper "$tmp/dev.upper.txt" 80.0
gate conll-dev-lower "$tmp/dev.lower.txt" 70.0
exit "$failed"
