#!/usr/bin/env bash
# Rebuilds the two embedded models from ../shared/data (same data + seed: same bytes).
# Usage: crates/entities/model/train.sh [--check]   (--check: compare with the committed files
# instead of overwriting them)
#   news.cdner           CoNLL-2003 train + wikigold (even documents) + UNER EWT test (even
#                        documents, no MISC), 12 epochs chosen by 4-fold cross-validation on
#                        that training data (CoNLL dev is not used)
#   news-caseless.cdner  the same data lower-cased, same settings
set -euo pipefail
root="$(cd "$(dirname "$0")/../../.." && pwd)"
shared="$(cd "$root/../shared" && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
python3 "$root/scripts/ner-split.py" "$shared/data/ner-open/wikigold.conll" even "$tmp/wikigold.even"
python3 "$root/scripts/ner-split.py" "$shared/data/ner-open/uner-ewt-test.conll" even "$tmp/uner.even"
cargo build --release -p copydesk-entities --example train_entities --manifest-path "$root/Cargo.toml"
train="$root/target/release/examples/train_entities"
for name in news news-caseless; do
  extra=()
  [ "$name" = news-caseless ] && extra=(--lowercase)
  out="$root/crates/entities/model/$name.cdner"
  check=()
  if [ "${1:-}" = --check ]; then check=(--check "$out"); out="$tmp/$name.cdner"; fi
  "$train" "$shared/data/conll2003/train.txt" - "$out" --epochs 12 \
    --also "$tmp/wikigold.even" --also-no-misc "$tmp/uner.even" "${extra[@]}" "${check[@]}"
done
