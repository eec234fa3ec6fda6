#!/usr/bin/env python3
"""Write a large GGUF v3 file for the benchmark without holding it in memory:
a few metadata keys, then 64 MiB tensors alternating F16 and Q4_K (the data
is a repeated pseudo-random block; SHA-256 cost does not depend on it).

  gen_big_gguf.py OUT SIZE_MIB"""
import os
import struct
import sys

ALIGN = 32


def s(x):
    b = x.encode()
    return struct.pack("<Q", len(b)) + b


def main(out, mib):
    total = mib << 20
    tensors, off, i = [], 0, 0
    while off < total:
        n = min(64 << 20, total - off)
        if i % 2 == 0:      # F16: 2 bytes per element
            tid, elems = 1, n // 2
            n = elems * 2
        else:               # Q4_K: 144 bytes per 256 elements
            tid, blocks = 12, n // 144
            elems, n = blocks * 256, blocks * 144
        if n == 0:
            break
        tensors.append(("blk.%d.weight" % i, tid, elems, off))
        off += n + (ALIGN - n % ALIGN) % ALIGN
        i += 1
    kv = [("general.architecture", "llama"), ("general.name", "bench"), ("general.license", "apache-2.0")]
    h = bytearray(b"GGUF" + struct.pack("<I", 3) + struct.pack("<Q", len(tensors)) + struct.pack("<Q", len(kv)))
    for k, v in kv:
        h += s(k) + struct.pack("<I", 8) + s(v)
    for name, tid, elems, o in tensors:
        h += s(name) + struct.pack("<I", 1) + struct.pack("<Q", elems) + struct.pack("<I", tid) + struct.pack("<Q", o)
    h += b"\0" * ((ALIGN - len(h) % ALIGN) % ALIGN)
    block = os.urandom(1 << 20)
    with open(out, "wb") as f:
        f.write(h)
        left = off
        while left:
            k = min(left, len(block))
            f.write(block[:k])
            left -= k


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
