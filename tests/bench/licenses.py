#!/usr/bin/env python3
"""make bench-licenses: the license corpus (tests/licenses/) through
weightaudit and its Debian peers licensee (ruby-licensee) and licensecheck.

Every tool gets one process per file, as a CI job would run it.  Printed per
tool: exact-id accuracy (the id it reports equals the expected id; for
weightaudit also the modified flag and every clause value) and wall time.
Then the speed target: weightaudit on the whole corpus against licensee on a
tenth of it (every tenth file), and the ratio.

Peers are asked only the `peer` cases (single texts whose answer is an id
they could know); weightaudit answers every case.  licensee identifies
directories, so each file is shown to it as LICENSE in a scratch folder.
Ids are compared case-insensitively; a peer's "no license"/"unknown" answer
counts as NONE/NOASSERTION."""
import json, os, shutil, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CORPUS = os.path.join(ROOT, "tests", "licenses")


def wa(binary, path):
    p = subprocess.run([binary, "license", "--format", "json", path], capture_output=True)
    try:
        d = json.loads(p.stdout)
    except ValueError:
        return None, None, None
    return d["id"], d["modified"], {c["id"]: c["value"] for c in d["clauses"]}


def licensee(path, scratch):
    d = os.path.join(scratch, "repo")
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    shutil.copyfile(path, os.path.join(d, "LICENSE"))
    p = subprocess.run(["licensee", "detect", "--json", d], capture_output=True)
    try:
        j = json.loads(p.stdout)
    except ValueError:
        return "ERROR"
    files = j.get("matched_files") or []
    if not files:
        return "NONE"
    m = files[0].get("matched_license")
    return m if m and m != "other" else "NOASSERTION"


def licensecheck(path):
    p = subprocess.run(["licensecheck", "--check=.", "-m", "--shortname-scheme=spdx", "-l", "0", path],
                       capture_output=True, text=True, errors="replace")
    out = p.stdout.strip().split("\t")
    if len(out) < 2 or not out[1]:
        return "NONE"
    v = out[1].strip()
    if v.upper() in ("UNKNOWN", "*NO COPYRIGHT*"):
        return "NOASSERTION"
    return v


def same(a, b):
    return (a or "").lower() == (b or "").lower()


def main():
    binary = os.path.abspath(sys.argv[sys.argv.index("--bin") + 1]) if "--bin" in sys.argv else os.path.join(ROOT, "weightaudit")
    cases = json.load(open(os.path.join(CORPUS, "expected.json")))["cases"]
    peer = [c for c in cases if c["peer"]]
    tenth = peer[::10]
    for tool in ("licensee", "licensecheck"):
        if not shutil.which(tool):
            sys.exit("bench-licenses: %s is not installed (apt-get install ruby-licensee licensecheck)" % tool)
    print("license corpus: %d cases (%d single texts a peer can be asked), tests/licenses/expected.json" % (len(cases), len(peer)))

    # weightaudit, whole corpus
    t0 = time.monotonic()
    ok_id = ok_all = ok_peer = 0
    wrong = []
    for c in cases:
        i, mod, cl = wa(binary, os.path.join(CORPUS, c["file"]))
        if same(i, c["id"]):
            ok_id += 1
            if c["peer"]:
                ok_peer += 1
            if mod == c["modified"] and cl == c["clauses"]:
                ok_all += 1
                continue
        wrong.append("%s: %s modified=%s %s" % (c["file"], i, mod, cl))
    t_wa = time.monotonic() - t0

    scratch = tempfile.mkdtemp(prefix="wa-bench-")
    try:
        t0 = time.monotonic()
        ok_lsee = sum(same(licensee(os.path.join(CORPUS, c["file"]), scratch), c["id"]) for c in peer)
        t_lsee = time.monotonic() - t0
        t0 = time.monotonic()
        for c in tenth:
            licensee(os.path.join(CORPUS, c["file"]), scratch)
        t_lsee_tenth = time.monotonic() - t0
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    t0 = time.monotonic()
    ok_lc = sum(same(licensecheck(os.path.join(CORPUS, c["file"])), c["id"]) for c in peer)
    t_lc = time.monotonic() - t0

    def pct(a, b):
        return 100.0 * a / b if b else 0.0

    print()
    print("%-14s %-38s %-30s %s" % ("tool", "exact id, all cases", "exact id, peer cases", "wall time"))
    print("%-14s %-38s %-30s %.2f s (%d files)" % ("weightaudit", "%d/%d = %.1f%% (id+modified+clauses %.1f%%)" % (ok_id, len(cases), pct(ok_id, len(cases)), pct(ok_all, len(cases))),
                                                  "%d/%d = %.1f%%" % (ok_peer, len(peer), pct(ok_peer, len(peer))), t_wa, len(cases)))
    print("%-14s %-38s %-30s %.2f s (%d files)" % ("licensee", "-", "%d/%d = %.1f%%" % (ok_lsee, len(peer), pct(ok_lsee, len(peer))), t_lsee, len(peer)))
    print("%-14s %-38s %-30s %.2f s (%d files)" % ("licensecheck", "-", "%d/%d = %.1f%%" % (ok_lc, len(peer), pct(ok_lc, len(peer))), t_lc, len(peer)))
    print()
    print("speed: weightaudit, whole corpus (%d files): %.2f s; licensee, a tenth (%d files): %.2f s; ratio %.1fx %s"
          % (len(cases), t_wa, len(tenth), t_lsee_tenth, t_lsee_tenth / t_wa if t_wa else 0,
             "(target met)" if t_wa < t_lsee_tenth else "(TARGET MISSED)"))
    if wrong:
        print("\nweightaudit misses:")
        for w in wrong:
            print("  " + w)
    sys.exit(0 if not wrong and t_wa < t_lsee_tenth else 1)


if __name__ == "__main__":
    main()
