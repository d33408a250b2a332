#!/usr/bin/env bash
# Renders copydesk's HTML view in headless Chromium and saves a PNG screenshot.
#
# usage: scripts/screenshot-html.sh [INPUT] [OUT.png] [WIDTH,HEIGHT]
#   INPUT   an .html page, or a text page that is first run through
#           `copydesk run --format html` (default: tests/fixtures/writers/harbour-strike.txt)
#   OUT     the screenshot (default: /tmp/copydesk-html.png)
#   SIZE    window size (default: 1280,1600)
# The binary is $COPYDESK_BIN, else target/release/copydesk, else target/debug/copydesk.
# Installs Debian's chromium package when no chromium is on the PATH.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
input="${1:-$root/tests/fixtures/writers/harbour-strike.txt}"
out="${2:-/tmp/copydesk-html.png}"
size="${3:-1280,1600}"

browser="$(command -v chromium || command -v chromium-browser || true)"
if [[ -z "$browser" ]]; then
    echo "screenshot-html: installing chromium" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq chromium >&2
    browser="$(command -v chromium)"
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

case "$input" in
    *.html) page="$(cd "$(dirname "$input")" && pwd)/$(basename "$input")" ;;
    *)
        bin="${COPYDESK_BIN:-}"
        if [[ -z "$bin" ]]; then
            for b in "$root/target/release/copydesk" "$root/target/debug/copydesk"; do
                if [[ -x "$b" ]]; then bin="$b"; break; fi
            done
        fi
        if [[ -z "$bin" ]]; then
            echo "screenshot-html: no copydesk binary; run cargo build --release -p copydesk" >&2
            exit 2
        fi
        "$bin" run --quiet --format html --output "$work/html/" "$input"
        name="$(basename "$input")"
        page="$work/html/${name%.*}.html"
        ;;
esac

if [[ ! -f "$page" ]]; then
    echo "screenshot-html: no page $page" >&2
    exit 2
fi

"$browser" --headless --no-sandbox --disable-gpu --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --hide-scrollbars --user-data-dir="$work/profile" \
    --screenshot="$out" --window-size="$size" "file://$page" >"$work/chromium.log" 2>&1 || {
    cat "$work/chromium.log" >&2
    exit 1
}
echo "screenshot-html: $page -> $out"
