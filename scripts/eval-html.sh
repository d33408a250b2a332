#!/usr/bin/env bash
# Gate: article-body extraction from HTML on the dev pages of ../shared/data/pages and
# ../shared/data/pages2, through the whole product (HTML input + strip_boilerplate + jsonl),
# scored with the article-extraction-benchmark metric (../shared/tools/score_body.py).
# Usage: scripts/eval-html.sh [BIN]   (default target/release/copydesk)
# Fails below the thresholds set here (body F1 of token 4-gram shingles).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bin="${1:-$root/target/release/copydesk}"
shared="$(cd "$root/../shared" && pwd)"
scorer="$shared/tools/score_body.py"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
status=0

# gate NAME DEV_DIR MIN_F1
gate() {
  local name="$1" dev="$2" min="$3"
  mkdir -p "$tmp/$name/pred"
  local start end
  start=$(date +%s.%N)
  "$bin" run --quiet --config "$root/config/strip.toml" --format jsonl --glob '*.html.gz' \
    --output "$tmp/$name/pred.jsonl" "$dev"
  end=$(date +%s.%N)
  echo "$name: extracted $(ls "$dev"/*.html.gz | wc -l) HTML pages in $(python3 -c "print(f'{$end - $start:.2f}')") s"
  python3 - "$tmp/$name/pred.jsonl" "$tmp/$name/pred" <<'PY'
import json, os, sys
src, out = sys.argv[1], sys.argv[2]
with open(src, encoding="utf-8") as f:
    for line in f:
        if line.strip():
            doc = json.loads(line)
            with open(os.path.join(out, doc["id"] + ".txt"), "w", encoding="utf-8") as g:
                g.write(doc.get("body") or "")
PY
  python3 "$scorer" "$tmp/$name/pred" "$dev"
  python3 "$scorer" "$tmp/$name/pred" "$dev" --json > "$tmp/$name/score.json"
  # Per source (pages2 mixes three gold conventions).
  for src in dragnet fundus readability; do
    if ls "$dev/$src"-*.body.txt >/dev/null 2>&1; then
      mkdir -p "$tmp/$name/gold-$src"
      ln -s "$dev/$src"-*.body.txt "$tmp/$name/gold-$src/"
      python3 "$scorer" "$tmp/$name/pred" "$tmp/$name/gold-$src" --json |
        python3 -c "import json,sys; d=json.load(sys.stdin); print(f'  $src: F1 {d[\"f1\"]:.4f}')"
    fi
  done
  local f1
  f1="$(python3 -c "import json; print('%.4f' % json.load(open('$tmp/$name/score.json'))['f1'])")"
  if python3 -c "import sys; sys.exit(0 if float('$f1') >= $min else 1)"; then
    echo "html $name: dev F1 $f1 >= $min: ok"
  else
    echo "html $name: dev F1 $f1 is below $min" >&2
    status=1
  fi
}

gate pages "$shared/data/pages/dev" 0.955
gate pages2 "$shared/data/pages2/dev" 0.925
exit $status
