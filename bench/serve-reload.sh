#!/usr/bin/env bash
# bench/serve-reload.sh — the writing loop: how long after saving a post the live preview
# serves the new page, for docbuild serve, hugo server and hexo server on the same generated
# posts (bench/gen), plus the Go benchmarks of internal/serve (edit → reload event, and one
# rebuild with its CPU time).
#
#   bench/serve-reload.sh [N ...]        default: 100 1000
#
# Each server runs alone, with its own defaults for a preview (docbuild: --no-check, so that
# all three do the same work; hugo: fast render, in memory). The probe (bench/serve) edits the
# title of the newest post 20 times and polls the home page every 5 ms until the new title is
# there. Needs Go; hugo (apt-get install hugo) and node + npm for the comparisons (hexo and
# hexo-server go into bench/out/hexo-deps on first run).
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=bench/out/serve
mkdir -p "$OUT"
LOGS=$(cd "$OUT" && pwd)
SIZES=("$@"); [ ${#SIZES[@]} -gt 0 ] || SIZES=(100 1000)
EDITS=${EDITS:-20}

HAVE_HUGO=1; command -v hugo >/dev/null || { HAVE_HUGO=0; echo "hugo not found: skipped"; }
HAVE_HEXO=1; command -v npm >/dev/null || { HAVE_HEXO=0; echo "npm not found: Hexo skipped"; }
DEPS=bench/out/hexo-deps
if [ $HAVE_HEXO = 1 ] && [ ! -d "$DEPS/node_modules/hexo-server" ]; then
  mkdir -p "$DEPS"
  (cd "$DEPS" && npm install --silent --no-audit --no-fund hexo@8.1.2 hexo-renderer-marked \
     hexo-renderer-ejs hexo-generator-index hexo-generator-archive hexo-generator-category \
     hexo-generator-tag hexo-server) || { HAVE_HEXO=0; echo "hexo-server not installed: Hexo skipped"; }
fi

go build -o "$OUT/gen" ./bench/gen
go build -o "$OUT/probe" ./bench/serve
go build -o "$OUT/docbuild" ./cmd/docbuild
HAS_SERVE=1; "$OUT/docbuild" serve --help >/dev/null 2>&1 || HAS_SERVE=0

PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

# wait_up URL: until the server answers.
wait_up() {
  for _ in $(seq 1 600); do curl -fsS -o /dev/null "$1" 2>/dev/null && return 0; sleep 0.1; done
  echo "server at $1 did not come up"; return 1
}

RESULTS="$OUT/results.md"
{
  echo "| posts | server | median ms | p90 ms | min ms | max ms |"
  echo "|--:|---|--:|--:|--:|--:|"
} > "$RESULTS"

row() { # N NAME "median_ms=… p90_ms=…"
  local n=$1 name=$2; shift 2
  eval "$*"
  printf '| %s | %s | %s | %s | %s | %s |\n' "$n" "$name" "$median_ms" "$p90_ms" "$min_ms" "$max_ms" >> "$RESULTS"
}

for N in "${SIZES[@]}"; do
  D="$OUT/$N"
  "$OUT/gen" -n "$N" -out "$D"
  ABS=$(cd "$D" && pwd)
  POST=$(printf 'post-%05d.md' $((N - 1)))

  # docbuild
  if [ $HAS_SERVE = 1 ]; then
    "$OUT/docbuild" serve --source "$ABS/docbuild" --port 4310 --no-check >"$OUT/docbuild-$N.log" 2>&1 &
    PIDS+=($!)
    wait_up http://127.0.0.1:4310/
    r=$("$OUT/probe" -url http://127.0.0.1:4310/ -file "$ABS/docbuild/source/_posts/$POST" -edits "$EDITS")
    kill "${PIDS[-1]}"; wait "${PIDS[-1]}" 2>/dev/null || true
  else
    echo "docbuild has no serve command yet: running internal/serve in the probe"
    r=$("$OUT/probe" -docbuild "$ABS/docbuild" -file "$ABS/docbuild/source/_posts/$POST" -edits "$EDITS")
  fi
  row "$N" "docbuild serve" "$r"

  if [ $HAVE_HUGO = 1 ]; then
    hugo server --source "$ABS/hugo" --port 4311 --bind 127.0.0.1 --disableLiveReload --quiet >"$OUT/hugo-$N.log" 2>&1 &
    PIDS+=($!)
    wait_up http://127.0.0.1:4311/
    r=$("$OUT/probe" -url http://127.0.0.1:4311/ -file "$ABS/hugo/content/posts/$POST" -edits "$EDITS")
    kill "${PIDS[-1]}"; wait "${PIDS[-1]}" 2>/dev/null || true
    row "$N" "hugo server" "$r"
  fi

  if [ $HAVE_HEXO = 1 ]; then
    ln -sfn "$PWD/$DEPS/node_modules" "$ABS/hexo/node_modules"
    # Hexo loads the plugins its package.json lists: add the server.
    grep -q hexo-server "$ABS/hexo/package.json" ||
      sed -i 's/"dependencies":{/"dependencies":{"hexo-server":"*",/' "$ABS/hexo/package.json"
    (cd "$ABS/hexo" && exec node node_modules/hexo/bin/hexo server -p 4312 -i 127.0.0.1 >"$LOGS/hexo-$N.log" 2>&1) &
    PIDS+=($!)
    wait_up http://127.0.0.1:4312/
    r=$("$OUT/probe" -url http://127.0.0.1:4312/ -file "$ABS/hexo/source/_posts/$POST" -edits "$EDITS")
    kill "${PIDS[-1]}"; wait "${PIDS[-1]}" 2>/dev/null || true
    row "$N" "hexo server" "$r"
  fi
done

echo
echo "Go benchmarks of internal/serve (edit → reload event; one rebuild):"
go test ./internal/serve -run XXX -bench 'BenchmarkEditReload|BenchmarkRebuild' -benchtime 20x | grep Benchmark | tee "$OUT/go-bench.txt"
echo
cat "$RESULTS"
