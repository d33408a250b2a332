#!/usr/bin/env bash
# Gate: article-body extraction from page text on ../shared/data/pages2/dev (Dragnet, Fundus
# and Readability pages, three gold conventions), through the whole product; prints the F1 of
# each source too. Usage: scripts/eval-strip-pages2.sh [BIN]
# Fails below 0.89 F1 (token 4-gram shingles, ../shared/tools/score_body.py).
set -euo pipefail
STRIP_DEV=pages2 STRIP_MIN_F1="0.89" exec bash "$(dirname "$0")/eval-strip.sh" "$@"
