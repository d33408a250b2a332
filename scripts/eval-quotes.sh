#!/usr/bin/env bash
# Gate: PolNeAR dev quote attribution through the whole product (tokenize + extract_quotes + jsonl).
# Usage: scripts/eval-quotes.sh [BIN]   (default target/release/copydesk)
# Fails below: direct-quote F1 89.40, speaker accuracy on direct quotes 97.50,
# all-attribution F1 65.50 (half-of-longer matching, score_quotes.py). These are regression
# guards just below the measured 89.49 / 97.54 / 65.58 (2026-12-04); issue 12's targets
# (91 / 97.5 / 70) are not reached yet.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bin="${1:-$root/target/release/copydesk}"
shared="$(cd "$root/../shared" && pwd)"
min_direct="89.40"
min_speaker="97.50"
min_all="65.50"

dev="$shared/data/polnear/dev"
scorer="$shared/tools/score_quotes.py"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

start=$(date +%s.%N)
"$bin" run --config "$root/config/quotes.toml" --format jsonl --output "$tmp/pred.jsonl" --glob '*.txt' "$dev"
end=$(date +%s.%N)
echo "processed $(wc -l < "$tmp/pred.jsonl") documents in $(python3 -c "print(f'{$end - $start:.2f}')") s"
python3 "$scorer" "$dev" "$tmp/pred.jsonl" | tee "$tmp/score.txt"
python3 "$scorer" "$dev" "$tmp/pred.jsonl" --json > "$tmp/score.json"
python3 - "$tmp/score.json" "$min_direct" "$min_speaker" "$min_all" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
direct = r["direct"]["match_half_longer"]["F1"]
speaker = r["direct"]["speaker"]["accuracy"] or 0.0
every = r["all"]["match_half_longer"]["F1"]
bars = [("direct F1", direct, float(sys.argv[2])),
        ("speaker accuracy", speaker, float(sys.argv[3])),
        ("all-attribution F1", every, float(sys.argv[4]))]
bad = [f"{name} {got:.2f} < {want:.2f}" for name, got, want in bars if got < want]
print("quotes: " + ", ".join(f"{name} {got:.2f} (bar {want:.2f})" for name, got, want in bars))
if bad:
    print("quotes: below the bar: " + "; ".join(bad), file=sys.stderr)
    sys.exit(1)
print("quotes: ok")
PY
