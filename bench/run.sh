#!/usr/bin/env bash
# bench/run.sh — build the same generated posts with docbuild, Hugo and Hexo in one run and
# report wall time, CPU time (user+sys) and peak RSS for each, with ratios.
#
#   bench/run.sh [N ...]        default: 100 1000 10000
#
# Environment: REPS (runs per tool and size, the median is reported; default 3 up to 1,000
# posts, 1 above), SKIP_HUGO=1, SKIP_HEXO=1, BENCH_OUT (work directory, default bench/out;
# Hexo's packages always go to bench/out/hexo-deps).
#
# Needs: Go, /usr/bin/time (Debian package "time"), bc, hugo (apt-get install
# --no-install-recommends hugo), node + npm (Hexo 8 and its renderers, pinned below, are
# installed into bench/out/hexo-deps on first run).
#
# docbuild is measured cold (no previous output, empty highlight cache) and warm (the same
# build again: previous output and highlight cache kept, so only changed files are written).
# Hugo and Hexo build into a fresh directory each time (both always rewrite everything).
# Wall time is only meaningful on an idle machine: the load average is printed with the
# results; CPU time and peak RSS are steadier. Do not start a run right after another: its
# clean-up deletes tens of thousands of files, and ext4 makes creating files in the next
# seconds expensive (the first measurement, docbuild cold, would pay for it).
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${BENCH_OUT:-bench/out}
mkdir -p "$OUT"
SIZES=("$@"); [ ${#SIZES[@]} -gt 0 ] || SIZES=(100 1000 10000)

command -v /usr/bin/time >/dev/null || { echo "need /usr/bin/time (apt-get install time)"; exit 2; }
command -v bc >/dev/null || { echo "need bc (apt-get install bc)"; exit 2; }
HAVE_HUGO=1; { [ "${SKIP_HUGO:-}" != 1 ] && command -v hugo >/dev/null; } || { HAVE_HUGO=0; echo "hugo: skipped"; }
HAVE_HEXO=1; { [ "${SKIP_HEXO:-}" != 1 ] && command -v npm >/dev/null && command -v node >/dev/null; } || { HAVE_HEXO=0; echo "hexo: skipped"; }

go build -o "$OUT/docbuild" ./cmd/docbuild
go build -o "$OUT/gen" ./bench/gen
HEXO_PKGS=(hexo@8.1.2 hexo-renderer-marked@7.0.1 hexo-renderer-ejs@2.0.0 hexo-generator-index@4.0.0
  hexo-generator-archive@2.0.0 hexo-generator-category@2.0.0 hexo-generator-tag@2.0.0)
HEXO_DEPS=bench/out/hexo-deps
if [ $HAVE_HEXO = 1 ] && [ ! -f "$HEXO_DEPS/node_modules/hexo/package.json" ]; then
  mkdir -p "$HEXO_DEPS"
  (cd "$HEXO_DEPS" && npm install --silent --no-audit --no-fund --no-save "${HEXO_PKGS[@]}") ||
    { echo "npm install failed: Hexo skipped"; HAVE_HEXO=0; }
fi
DOCBUILD=$(cd "$OUT" && pwd)/docbuild

# Old outputs are moved aside and deleted at the end, not deleted between runs: on ext4,
# creating files and directories in the seconds after deleting thousands of them costs
# far more system time (the inode allocator skips recently deleted inodes), which would
# charge whichever tool runs next for the previous one's clean-up.
TRASH=$OUT/trash
mkdir -p "$TRASH"
aside() { local p; for p in "$@"; do [ ! -e "$p" ] || mv "$p" "$TRASH/$(date +%s%N)"; done; }
trap 'rm -rf "$TRASH"' EXIT

# once NAME DIR CMD... : runs CMD in DIR under /usr/bin/time, prints "wall cpu rssMB".
once() {
  local dir=$1; shift
  local tf; tf=$(mktemp)
  if ! ( cd "$dir" && /usr/bin/time -f "%e %U %S %M" -o "$tf" "$@" >/dev/null 2>"$tf.err" ); then
    echo "failed: $*" >&2; tail -5 "$tf.err" >&2; rm -f "$tf" "$tf.err"; return 1
  fi
  local wall user sys rss
  read -r wall user sys rss < <(tail -1 "$tf")
  rm -f "$tf" "$tf.err"
  printf '%s %s %s\n' "$wall" "$(echo "$user + $sys" | bc)" "$((rss / 1024))"
}

# median reads lines "wall cpu rss" and prints the median of each column.
median() {
  local in; in=$(cat)
  local n; n=$(printf '%s\n' "$in" | wc -l)
  local m=$(( (n + 1) / 2 ))
  local col out=()
  for col in 1 2 3; do
    out+=("$(printf '%s\n' "$in" | cut -d' ' -f"$col" | sort -g | sed -n "${m}p")")
  done
  echo "${out[*]}"
}

RESULTS="$OUT/results.md"
{
  echo "Load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  echo "| posts | tool | wall s | CPU s | peak RSS MB | wall ÷ docbuild cold | CPU ÷ docbuild cold |"
  echo "|--:|---|--:|--:|--:|--:|--:|"
} > "$RESULTS"

for N in "${SIZES[@]}"; do
  REPS_N=${REPS:-$([ "$N" -le 1000 ] && echo 3 || echo 1)}
  D="$OUT/$N"
  aside "$D"
  "$OUT/gen" -n "$N" -out "$D"
  ABS=$(cd "$D" && pwd)
  declare -A row=()
  # docbuild cold: no output, no cache; warm: the same build again over both.
  cold=() warm=()
  for _ in $(seq "$REPS_N"); do
    aside "$ABS/cache" "$ABS/out-docbuild"
    cold+=("$(once "$ABS/docbuild" "$DOCBUILD" build --cache-dir "$ABS/cache" --dest "$ABS/out-docbuild")")
    warm+=("$(once "$ABS/docbuild" "$DOCBUILD" build --cache-dir "$ABS/cache" --dest "$ABS/out-docbuild")")
  done
  row[docbuild-cold]=$(printf '%s\n' "${cold[@]}" | median)
  row[docbuild-warm]=$(printf '%s\n' "${warm[@]}" | median)
  tools=(docbuild-cold docbuild-warm)
  if [ $HAVE_HUGO = 1 ]; then
    runs=()
    for _ in $(seq "$REPS_N"); do
      aside "$ABS/out-hugo" "$ABS/hugo/resources"
      runs+=("$(once "$ABS/hugo" hugo --quiet -d "$ABS/out-hugo")")
    done
    row[hugo]=$(printf '%s\n' "${runs[@]}" | median); tools+=(hugo)
  fi
  if [ $HAVE_HEXO = 1 ]; then
    ln -sfn "$PWD/$HEXO_DEPS/node_modules" "$ABS/hexo/node_modules"
    runs=()
    for _ in $(seq "$REPS_N"); do
      aside "$ABS/hexo/public" "$ABS/hexo/db.json"
      runs+=("$(once "$ABS/hexo" node node_modules/hexo/bin/hexo generate --silent)")
    done
    row[hexo]=$(printf '%s\n' "${runs[@]}" | median); tools+=(hexo)
  fi
  read -r bw bc _ <<<"${row[docbuild-cold]}"
  for t in "${tools[@]}"; do
    read -r w c r <<<"${row[$t]}"
    printf '| %s | %s | %.2f | %.2f | %s | %.1f× | %.1f× |\n' "$N" "$t" "$w" "$c" "$r" \
      "$(echo "scale=3; $w / $bw" | bc)" "$(echo "scale=3; $c / $bc" | bc)" >> "$RESULTS"
  done
  unset row

  # What each tool made of the first post: notes, tables, highlighted code blocks.
  {
    printf '\nN=%s, post-00000 — notes / tables / code blocks / highlighted spans; post pages / files in the site:\n' "$N"
    count() { # FILE DIR
      local f=$1 dir=$2
      [ -f "$f" ] || { echo "missing $f"; return; }
      printf '%s / %s / %s / %s; %s / %s\n' "$(grep -o 'class="note ' "$f" | wc -l)" "$(grep -o '<table' "$f" | wc -l)" \
        "$(grep -o '<pre' "$f" | wc -l)" "$(grep -o '<span class="[a-z-]*"' "$f" | grep -cv 'class="line"\|class="cl"')" \
        "$(find "$dir" -path '*/post-[0-9]*/index.html' | wc -l)" "$(find "$dir" -type f | wc -l)"
    }
    printf '  docbuild: %s\n' "$(count "$(find "$ABS/out-docbuild" -path '*post-00000/index.html' | head -1)" "$ABS/out-docbuild")"
    [ $HAVE_HUGO = 1 ] && printf '  hugo:     %s\n' "$(count "$ABS/out-hugo/posts/post-00000/index.html" "$ABS/out-hugo")"
    [ $HAVE_HEXO = 1 ] && printf '  hexo:     %s\n' "$(count "$(find "$ABS/hexo/public" -path '*post-00000/index.html' | head -1)" "$ABS/hexo/public")"
  } >> "$OUT/equivalence.txt.$N"
done
echo >> "$RESULTS"
echo "Load average after the run: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$RESULTS"
for N in "${SIZES[@]}"; do cat "$OUT/equivalence.txt.$N" >> "$RESULTS"; rm -f "$OUT/equivalence.txt.$N"; done
cat "$RESULTS"
