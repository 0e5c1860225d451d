#!/usr/bin/env bash
# bench/run.sh — build the same generated posts with docbuild, Hugo and Hexo in one run and
# report wall time, CPU time (user+sys) and peak RSS for each, with ratios.
#
#   bench/run.sh [N ...]        default: 100 1000 10000
#
# Needs: Go, /usr/bin/time (Debian package "time"), hugo (apt-get install --no-install-recommends
# hugo), node + npm (Hexo 8 and its renderers are installed into bench/out/hexo-deps on first run).
# docbuild is measured cold (empty highlight cache) and warm (second build, cache kept).
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=bench/out
mkdir -p "$OUT"
SIZES=("$@"); [ ${#SIZES[@]} -gt 0 ] || SIZES=(100 1000 10000)

command -v /usr/bin/time >/dev/null || { echo "need /usr/bin/time (apt-get install time)"; exit 2; }
HAVE_HUGO=1; command -v hugo >/dev/null || { HAVE_HUGO=0; echo "hugo not found: skipped"; }
HAVE_HEXO=1; command -v npm >/dev/null || { HAVE_HEXO=0; echo "npm not found: Hexo skipped"; }

go build -o "$OUT/docbuild" ./cmd/docbuild
go build -o "$OUT/gen" ./bench/gen
if [ $HAVE_HEXO = 1 ] && [ ! -d "$OUT/hexo-deps/node_modules/hexo" ]; then
  mkdir -p "$OUT/hexo-deps"
  (cd "$OUT/hexo-deps" && npm install --silent --no-audit --no-fund hexo@8.1.2 hexo-renderer-marked \
     hexo-renderer-ejs hexo-generator-index hexo-generator-archive hexo-generator-category hexo-generator-tag)
fi

# measure NAME DIR CMD... : runs CMD in DIR under /usr/bin/time, prints "NAME wall cpu rssMB".
measure() {
  local name=$1 dir=$2; shift 2
  local tf; tf=$(mktemp)
  ( cd "$dir" && /usr/bin/time -f "%e %U %S %M" -o "$tf" "$@" >/dev/null 2>"$tf.err" ) || {
    echo "$name failed:"; tail -5 "$tf.err"; rm -f "$tf" "$tf.err"; return 1; }
  read -r wall user sys rss < <(tail -1 "$tf")
  rm -f "$tf" "$tf.err"
  printf '%s %s %s %s\n' "$name" "$wall" "$(echo "$user + $sys" | bc)" "$((rss / 1024))"
}

RESULTS="$OUT/results.md"
{
  echo "| posts | tool | wall s | cpu s | peak RSS MB | wall vs docbuild cold |"
  echo "|--:|---|--:|--:|--:|--:|"
} > "$RESULTS"

for N in "${SIZES[@]}"; do
  D="$OUT/$N"
  "$OUT/gen" -n "$N" -out "$D"
  ABS=$(cd "$D" && pwd)
  rows=()
  rm -rf "$ABS/cache"
  rows+=("$(measure "docbuild-cold" "$ABS/docbuild" "$PWD/$OUT/docbuild" build --cache-dir "$ABS/cache" --dest "$ABS/out-docbuild")")
  rows+=("$(measure "docbuild-warm" "$ABS/docbuild" "$PWD/$OUT/docbuild" build --cache-dir "$ABS/cache" --dest "$ABS/out-docbuild")")
  if [ $HAVE_HUGO = 1 ]; then
    rows+=("$(measure "hugo" "$ABS/hugo" hugo --quiet -d "$ABS/out-hugo")")
  fi
  if [ $HAVE_HEXO = 1 ]; then
    ln -sfn "$PWD/$OUT/hexo-deps/node_modules" "$ABS/hexo/node_modules"
    rows+=("$(measure "hexo" "$ABS/hexo" node node_modules/hexo/bin/hexo generate --silent)")
  fi
  base=$(echo "${rows[0]}" | awk '{print $2}')
  for r in "${rows[@]}"; do
    set -- $r
    ratio=$(echo "scale=1; $2 / $base" | bc)
    printf '| %s | %s | %s | %s | %s | %sx |\n' "$N" "$1" "$2" "$3" "$4" "$ratio" >> "$RESULTS"
  done
done
cat "$RESULTS"
