#!/bin/sh
# make bench: weightaudit against the SHA-256 floor, measured in the same
# run, reported as ratios (these machines are shared and noisy).  Not a
# test: nothing here fails on a number.
#
#   BENCH_MIB (default 1024)   size of the single-file case
#   BENCH_BIG_MIB (default 4096, 0 = skip)   the RSS-unchanged case
#   BENCH_RUNS (default 3)     runs per tool; the median counts
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
B=build/bench
WA=./weightaudit
MIB=${BENCH_MIB:-1024}
BIG=${BENCH_BIG_MIB:-4096}
RUNS=${BENCH_RUNS:-3}
PY=${PYTHON:-python3}
mkdir -p "$B/data"
F="$B/data/bench-${MIB}m.safetensors"
[ -f "$F" ] || { echo "generating $F"; $PY tests/bench/gen_big_safetensors.py "$F" "$MIB"; }
cat "$F" >/dev/null   # warm the page cache: measure CPU work, not the disk

# time CMD... -> median wall seconds over RUNS; also records max RSS
measure() {
    : >"$B/runs.txt"
    i=0
    while [ $i -lt "$RUNS" ]; do
        "$B/memcap" "$@" >/dev/null 2>>"$B/runs.txt" || true
        i=$((i + 1))
    done
    grep -o 'wall_s=[0-9.]*' "$B/runs.txt" | cut -d= -f2 | sort -n | sed -n "$(((RUNS + 1) / 2))p"
}
maxrss() { grep -o 'maxrss_kib=[0-9]*' "$B/runs.txt" | cut -d= -f2 | sort -n | tail -1; }
ratio() { echo "$1 $2" | awk '{ printf "%.3f", $1 / $2 }'; }
rate() { echo "$1 $2" | awk '{ printf "%.0f", $1 / $2 }'; }

echo "== single file: $MIB MiB safetensors, $RUNS runs each, median ($(nproc) cores)"
floor=$(measure "$B/sha256_floor" "$F"); floor_rss=$(maxrss)
sum=$(measure sha256sum "$F"); sum_rss=$(maxrss)
val=$(measure $WA validate --quiet "$F"); val_rss=$(maxrss)
sync=$(export WEIGHTAUDIT_READ_AHEAD=0; measure $WA validate --quiet "$F")
nohash=$(measure $WA validate --quiet --no-hash "$F"); nohash_rss=$(maxrss)
printf "%-34s %9s %9s %10s\n" tool seconds MiB/s peakRSS_KiB
printf "%-34s %9s %9s %10s\n" "floor (OpenSSL SHA-256 read loop)" "$floor" "$(rate "$MIB" "$floor")" "$floor_rss"
printf "%-34s %9s %9s %10s\n" "sha256sum" "$sum" "$(rate "$MIB" "$sum")" "$sum_rss"
printf "%-34s %9s %9s %10s\n" "weightaudit validate" "$val" "$(rate "$MIB" "$val")" "$val_rss"
printf "%-34s %9s %9s %10s\n" "  same, without read-ahead" "$sync" "$(rate "$MIB" "$sync")" "-"
printf "%-34s %9s %9s %10s\n" "weightaudit validate --no-hash" "$nohash" "-" "$nohash_rss"
echo "ratios: validate/floor = $(ratio "$val" "$floor") (target <= 1.05)," \
     "sha256sum/validate = $(ratio "$sum" "$val") (target >= 3)," \
     "peak RSS $val_rss KiB (target < 65536), --no-hash $(echo "$nohash" | awk '{printf "%.1f", $1*1000}') ms"

G1="$B/data/bench-${MIB}m.gguf"
[ -f "$G1" ] || { echo "generating $G1"; $PY tests/bench/gen_big_gguf.py "$G1" "$MIB"; }
cat "$G1" >/dev/null
gfloor=$(measure "$B/sha256_floor" "$G1")
gval=$(measure $WA validate --quiet "$G1")
echo "== GGUF, $MIB MiB: floor $gfloor s, validate $gval s ($(rate "$MIB" "$gval") MiB/s);" \
     "throughput validate/floor = $(ratio "$gfloor" "$gval") (target >= 0.95)"

if [ "$BIG" -gt 0 ]; then
    G="$B/data/bench-${BIG}m.safetensors"
    [ -f "$G" ] || { echo "generating $G"; $PY tests/bench/gen_big_safetensors.py "$G" "$BIG"; }
    RUNS=1
    big=$(measure $WA validate --quiet "$G"); big_rss=$(maxrss)
    echo "== $BIG MiB file: validate $big s ($(rate "$BIG" "$big") MiB/s, from disk or cache), peak RSS $big_rss KiB (vs $val_rss KiB at $MIB MiB)"
fi
if [ -x tests/bench/bench_scan.sh ] || [ -f tests/bench/bench_scan.sh ]; then
    sh tests/bench/bench_scan.sh
fi
