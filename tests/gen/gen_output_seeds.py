#!/usr/bin/env python3
"""Fuzz seeds for report_read and sbom: the hand-written reports and the
broken documents of tests/data, copied into OUT/seeds/<target>/."""
import os
import shutil

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(os.path.dirname(HERE), "data")


def copy(pattern_dir, names, dest):
    os.makedirs(dest, exist_ok=True)
    for name in names:
        src = os.path.join(pattern_dir, name)
        if os.path.isfile(src) and name.endswith(".json"):
            shutil.copyfile(src, os.path.join(dest, os.path.basename(pattern_dir) + "-" + name))


def main(out):
    rr = os.path.join(out, "seeds", "report_read")
    for sub in ("reports", "reports/shards", "bad-reports"):
        d = os.path.join(DATA, sub)
        copy(d, sorted(os.listdir(d)), rr)
    d = os.path.join(DATA, "broken")
    names = sorted(os.listdir(d))
    copy(d, [n for n in names if n.startswith("report-")], rr)
    copy(d, [n for n in names if n.startswith(("cyclonedx-", "spdx-"))], os.path.join(out, "seeds", "sbom"))


if __name__ == "__main__":
    import sys
    main(sys.argv[1] if len(sys.argv) > 1 else "build/testdata")
