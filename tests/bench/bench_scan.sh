#!/bin/sh
# bench_scan.sh - `weightaudit scan` against its floor: SHA-256 of the same
# files with the same number of threads (build/bench/sha256_parallel), in one
# run, on a 4-shard safetensors model generated here (never committed).
# Both read from the page cache (warmed first), so the ratio compares the
# work, not the disk.  Prints throughput, the ratio (target >= 0.9) and how
# both scale with --jobs 1, 2, 4 ... up to the online cores.
#
#   sh tests/bench/bench_scan.sh [SIZE_MIB]      (default 2048)
# Standalone: builds ./weightaudit and the floor with make when missing.
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
SIZE_MIB=${1:-${BENCH_SCAN_MIB:-2048}}
WA=${WA:-./weightaudit}
FLOOR=build/bench/sha256_parallel
MODEL=build/bench/scan-model-$SIZE_MIB
[ -x "$WA" ] || make -s weightaudit >/dev/null
[ -x "$FLOOR" ] || make -s "$FLOOR" >/dev/null

if [ ! -f "$MODEL/model.safetensors.index.json" ]; then
    echo "bench_scan: writing a 4-shard safetensors model of $SIZE_MIB MiB in $MODEL"
    rm -rf "$MODEL"
    mkdir -p "$MODEL"
    python3 - "$MODEL" "$SIZE_MIB" <<'PYEOF'
import json, os, struct, sys
out, mib = sys.argv[1], int(sys.argv[2])
shards, per = 4, mib * (1 << 20) // 4
block = os.urandom(1 << 20)
wm, total = {}, 0
for s in range(shards):
    name = "model-%05d-of-%05d.safetensors" % (s + 1, shards)
    # 8 BF16 tensors per shard, [rows, 4096]
    rows = per // (8 * 4096 * 2)
    hdr, off = {"__metadata__": {"format": "pt"}}, 0
    for t in range(8):
        n = rows * 4096 * 2
        tname = "model.layers.%d.w%d" % (s, t)
        hdr[tname] = {"dtype": "BF16", "shape": [rows, 4096], "data_offsets": [off, off + n]}
        wm[tname] = name
        off += n
    h = json.dumps(hdr, separators=(",", ":")).encode()
    h += b" " * ((8 - len(h) % 8) % 8)
    total += off
    with open(os.path.join(out, name), "wb") as f:
        f.write(struct.pack("<Q", len(h)) + h)
        left = off
        while left:
            k = min(left, len(block))
            f.write(block[:k])
            left -= k
with open(os.path.join(out, "model.safetensors.index.json"), "w") as f:
    json.dump({"metadata": {"total_size": total}, "weight_map": wm}, f)
PYEOF
fi

cat "$MODEL"/*.safetensors > /dev/null     # warm the page cache
CORES=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 1)
BYTES=$(cat "$MODEL"/* | wc -c)
now() { date +%s.%N; }
best_floor() {   # best of 5
    b=""
    for _ in 1 2 3 4 5; do
        s=$("$FLOOR" -j "$1" "$MODEL"/*.safetensors | sed 's/.*seconds=//')
        b=$(python3 -c "import sys; a=sys.argv[1]; print(min(float(a), float(sys.argv[2])) if a else sys.argv[2])" "$b" "$s")
    done
    echo "$b"
}
best_scan() {
    b=""
    for _ in 1 2 3 4 5; do
        t0=$(now)
        "$WA" scan --jobs "$1" --no-progress --format json -o /dev/null "$MODEL" || true
        t1=$(now)
        s=$(python3 -c "print(float('$t1') - float('$t0'))")
        b=$(python3 -c "import sys; a=sys.argv[1]; print(min(float(a), float(sys.argv[2])) if a else sys.argv[2])" "$b" "$s")
    done
    echo "$b"
}

"$WA" scan --jobs "$CORES" --no-progress "$MODEL" | head -4
echo
echo "bench_scan: $BYTES bytes in 4 shards, $CORES cores, best of 5 runs each"
printf '%6s  %14s  %14s  %6s\n' jobs "floor MiB/s" "scan MiB/s" ratio
j=1
while :; do
    f=$(best_floor $j)
    s=$(best_scan $j)
    python3 -c "
b, f, s = $BYTES, $f, $s
print('%6d  %14.0f  %14.0f  %6.2f' % ($j, b / f / 2**20, b / s / 2**20, f / s))"
    [ $j -ge "$CORES" ] && break
    j=$((j * 2))
    [ $j -gt "$CORES" ] && j=$CORES
done
echo "target: scan >= 0.90 x the floor (SHA-256 of the same bytes, same threads)"
