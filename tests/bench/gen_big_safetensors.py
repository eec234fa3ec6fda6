#!/usr/bin/env python3
"""Write a large safetensors file for the benchmark without holding it in
memory: several F32/BF16 tensors whose data is a repeated pseudo-random
block (SHA-256 cost does not depend on the bytes, but the page cache and
disk see real data, not a sparse file).

  gen_big_safetensors.py OUT SIZE_MIB"""
import json
import os
import struct
import sys


def main(out, mib):
    total = mib << 20
    tensors, off, i = {}, 0, 0
    # alternate F32 and BF16 tensors of 64 MiB (the last one takes the rest)
    while off < total:
        n = min(64 << 20, total - off)
        dtype = "F32" if i % 2 == 0 else "BF16"
        elem = 4 if dtype == "F32" else 2
        n -= n % elem
        if n == 0:
            break
        tensors["layer.%04d.weight" % i] = {"dtype": dtype, "shape": [n // elem],
                                            "data_offsets": [off, off + n]}
        off += n
        i += 1
    h = json.dumps(tensors, separators=(",", ":")).encode()
    h += b" " * ((8 - len(h) % 8) % 8)
    block = os.urandom(1 << 20)
    with open(out, "wb") as f:
        f.write(struct.pack("<Q", len(h)) + h)
        left = off
        while left:
            k = min(left, len(block))
            f.write(block[:k])
            left -= k


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
