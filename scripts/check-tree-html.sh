#!/usr/bin/env bash
# Checks an interest-tree page written by org.hitlbm.tree.hts.TreePage in headless Chromium:
# the rendered DOM must hold exactly one chosen candidate (data-chosen="true") per layer,
# layers 0..N-1, the chosen-path polyline, and the page script must have run (data-js="ready").
# Also saves a screenshot.
#
#   scripts/check-tree-html.sh FILE.html [EXPECTED_LAYERS] [SCREENSHOT.png]
#
# EXPECTED_LAYERS defaults to the root's data-layers="N"; the screenshot defaults to FILE.png
# next to the page. Env: CHROMIUM=/path/to/chromium to pick the binary.
set -euo pipefail

die() { echo "check-tree-html: FAIL: $*" >&2; exit 1; }

[[ $# -ge 1 && $# -le 3 ]] || { echo "usage: $0 FILE.html [EXPECTED_LAYERS] [SCREENSHOT.png]" >&2; exit 2; }
file=$1
[[ -f $file ]] || die "no such file: $file"
abs=$(cd "$(dirname "$file")" && pwd)/$(basename "$file")
shot=${3:-${abs%.html}.png}
[[ $shot = /* ]] || shot=$PWD/$shot

chrome=${CHROMIUM:-}
if [[ -z $chrome ]]; then
  for c in chromium chromium-browser google-chrome google-chrome-stable; do
    if command -v "$c" >/dev/null 2>&1; then chrome=$(command -v "$c"); break; fi
  done
fi
[[ -n $chrome && -x $chrome ]] || die "chromium not found (install it: apt-get install -y chromium, or set CHROMIUM=)"

profile=$(mktemp -d)
dom=$(mktemp)
trap 'rm -rf "$profile" "$dom"' EXIT
flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking
       --disable-component-update --disable-sync --disable-dev-shm-usage --hide-scrollbars
       --user-data-dir="$profile")
url="file://$abs"

timeout 120 "$chrome" "${flags[@]}" --dump-dom "$url" >"$dom" 2>/dev/null \
  || die "chromium --dump-dom failed (exit $?) on $url"
[[ -s $dom ]] || die "chromium dumped an empty DOM for $url"

root=$(grep -oE '<main[^>]*id="tree"[^>]*>' "$dom" | head -1 || true)
[[ -n $root ]] || die "no <main id=\"tree\"> root in the rendered DOM (not a TreePage page?)"
if [[ $# -ge 2 && -n $2 ]]; then
  expected=$2
else
  expected=$(sed -nE 's/.*data-layers="([0-9]+)".*/\1/p' <<<"$root")
  [[ -n $expected ]] || die "no data-layers on the root and no EXPECTED_LAYERS argument"
fi
[[ $expected =~ ^[0-9]+$ ]] || die "EXPECTED_LAYERS must be a number, got '$expected'"

# every candidate box, then the chosen ones, as "layer index sample". Only the leading attributes
# (no interest text in them) are matched: Chromium serializes attribute values with raw < > and
# newlines, so the text-bearing attributes (data-full, title) would break a whole-tag match.
boxes=$(grep -oE '<div class="cand( chosen)?" id="c-[0-9]+-[0-9]+" data-layer="[0-9]+" data-chunk="-?[0-9]+" data-index="[0-9]+" data-sample="-?[0-9]+" data-parent="-?[0-9]+" data-chosen="(true|false)"' "$dom" || true)
nboxes=$(grep -c . <<<"$boxes" || true)
chosen=$(grep 'data-chosen="true"' <<<"$boxes" \
  | sed -E 's/.*data-layer="([0-9]+)".*data-index="([0-9]+)".*data-sample="(-?[0-9]+)".*/\1 \2 \3/' || true)
nchosen=$(grep -c . <<<"$chosen" || true)
nclass=$(grep -cE 'class="cand chosen' <<<"$boxes" || true)

echo "page:       $abs"
echo "candidates: $nboxes"
echo "layers:     expected $expected"
echo "chosen:     $nchosen (class=chosen: $nclass)"
while read -r l i s; do
  [[ -n ${l:-} ]] && echo "  layer $l -> candidate $i (sample #$s)"
done <<<"$chosen"

fail=0
[[ $nchosen -eq $expected ]] || { echo "check-tree-html: chosen path has $nchosen boxes, expected $expected" >&2; fail=1; }
[[ $nclass -eq $nchosen ]] || { echo "check-tree-html: $nclass boxes with class chosen but $nchosen with data-chosen=true" >&2; fail=1; }
for ((l = 0; l < expected; l++)); do
  k=$(grep -cE "^$l " <<<"$chosen" || true)
  [[ $k -eq 1 ]] || { echo "check-tree-html: layer $l has $k chosen candidates, expected 1" >&2; fail=1; }
done
if [[ $expected -gt 0 ]]; then
  grep -q 'id="chosen-path"' "$dom" || { echo "check-tree-html: no chosen-path polyline in the DOM" >&2; fail=1; }
fi
grep -q 'data-js="ready"' <<<"$root" || { echo "check-tree-html: the page script did not run (no data-js=\"ready\")" >&2; fail=1; }
grep -qE '(src|href)="https?://' "$dom" && { echo "check-tree-html: page references external URLs" >&2; fail=1; }
[[ $fail -eq 0 ]] || die "chosen path not found as expected in $abs"

rm -f "$shot"
timeout 120 "$chrome" "${flags[@]}" --screenshot="$shot" --window-size=1400,900 "$url" >/dev/null 2>&1 \
  || die "chromium --screenshot failed on $url"
[[ -s $shot ]] || die "no screenshot written to $shot"
echo "screenshot: $shot"
echo "check-tree-html: OK: chosen path of $expected layers present"
