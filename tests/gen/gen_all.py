#!/usr/bin/env python3
"""Run every tests/gen/gen_*.py generator into OUT (default build/testdata).

Each generator is a module with main(out_dir).  Generated files are never
committed; a stamp skips regeneration when no generator changed."""
import hashlib
import importlib.util
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
out = sys.argv[1] if len(sys.argv) > 1 else "build/testdata"
gens = sorted(f for f in os.listdir(here) if f.startswith("gen_") and f.endswith(".py") and f != "gen_all.py")
digest = hashlib.sha256()
for g in gens:
    with open(os.path.join(here, g), "rb") as f:
        digest.update(g.encode() + b"\0" + f.read())
stamp = os.path.join(out, ".stamp")
if os.path.exists(stamp) and open(stamp).read() == digest.hexdigest():
    sys.exit(0)
os.makedirs(out, exist_ok=True)
sys.path.insert(0, here)
for g in gens:
    spec = importlib.util.spec_from_file_location(g[:-3], os.path.join(here, g))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    mod.main(out)
with open(stamp, "w") as f:
    f.write(digest.hexdigest())
