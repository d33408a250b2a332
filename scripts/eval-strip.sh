#!/usr/bin/env bash
# Gate: article-body extraction from page text on ../shared/data/pages/dev through the whole
# product (strip_boilerplate + jsonl), scored with the article-extraction-benchmark metric.
# Usage: scripts/eval-strip.sh [BIN]   (default target/release/copydesk)
# Fails below 0.94 F1 (token 4-gram shingles, ../shared/tools/score_body.py).
# scripts/eval-strip-pages2.sh runs it on ../shared/data/pages2/dev (STRIP_DEV, STRIP_MIN_F1),
# where it also prints the F1 of each source.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bin="${1:-$root/target/release/copydesk}"
shared="$(cd "$root/../shared" && pwd)"
min_f1="${STRIP_MIN_F1:-0.94}"
dev="$shared/data/${STRIP_DEV:-pages}/dev"
name="strip (${STRIP_DEV:-pages})"

scorer="$shared/tools/score_body.py"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

start=$(date +%s.%N)
"$bin" run --config "$root/config/strip.toml" --format jsonl --glob '*.page.txt' \
  --output "$tmp/pred.jsonl" "$dev"
end=$(date +%s.%N)
echo "stripped $(ls "$dev"/*.page.txt | wc -l) pages in $(python3 -c "print(f'{$end - $start:.2f}')") s"

# One <id>.txt per page for the scorer; the document id is the file name minus its last
# extension, so `<id>.page` becomes `<id>`.
mkdir -p "$tmp/pred"
python3 - "$tmp/pred.jsonl" "$tmp/pred" <<'PY'
import json, os, sys
src, out = sys.argv[1], sys.argv[2]
with open(src, encoding="utf-8") as f:
    for line in f:
        if not line.strip():
            continue
        doc = json.loads(line)
        doc_id = doc.get("id", "")
        if doc_id.endswith(".page"):
            doc_id = doc_id[: -len(".page")]
        with open(os.path.join(out, doc_id + ".txt"), "w", encoding="utf-8") as g:
            g.write(doc.get("body") or "")
PY

# Per source (pages2's `source_dataset`), each scored on its own as its README describes.
for source in $(python3 -c "
import glob, json, sys
print(' '.join(sorted({json.load(open(p)).get('source_dataset') or '' for p in glob.glob(sys.argv[1] + '/*.meta.json')} - {''})))
" "$dev"); do
  mkdir -p "$tmp/gold-$source"
  for meta in "$dev"/*.meta.json; do
    if python3 -c "import json,sys; sys.exit(json.load(open(sys.argv[1])).get('source_dataset') != sys.argv[2])" "$meta" "$source"; then
      id="$(basename "$meta" .meta.json)"
      ln -s "$dev/$id.body.txt" "$tmp/gold-$source/$id.body.txt"
    fi
  done
  printf '%-12s ' "$source"
  python3 "$scorer" "$tmp/pred" "$tmp/gold-$source" --bootstrap 0 2>/dev/null
done

python3 "$scorer" "$tmp/pred" "$dev" --json > "$tmp/score.json"
python3 "$scorer" "$tmp/pred" "$dev"
f1="$(python3 -c "import json; print('%.4f' % json.load(open('$tmp/score.json'))['f1'])")"
if python3 -c "import sys; sys.exit(0 if float('$f1') >= $min_f1 else 1)"; then
  echo "$name: dev F1 $f1 >= $min_f1: ok"
else
  echo "$name: dev F1 $f1 is below $min_f1" >&2
  exit 1
fi
