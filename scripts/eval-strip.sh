#!/usr/bin/env bash
# Gate: article-body extraction on the dev pages through the whole product
# (strip_boilerplate + jsonl), scored with the article-extraction-benchmark metric.
# Usage: scripts/eval-strip.sh [BIN]   (default target/release/copydesk)
# Fails below 0.90 F1 (token 4-gram shingles, ../shared/tools/score_body.py).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bin="${1:-$root/target/release/copydesk}"
shared="$(cd "$root/../shared" && pwd)"
min_f1="0.90"

dev="$shared/data/pages/dev"
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

python3 "$scorer" "$tmp/pred" "$dev" --json > "$tmp/score.json"
python3 "$scorer" "$tmp/pred" "$dev"
f1="$(python3 -c "import json; print('%.4f' % json.load(open('$tmp/score.json'))['f1'])")"
if python3 -c "import sys; sys.exit(0 if float('$f1') >= $min_f1 else 1)"; then
  echo "strip: dev F1 $f1 >= $min_f1: ok"
else
  echo "strip: dev F1 $f1 is below $min_f1" >&2
  exit 1
fi
