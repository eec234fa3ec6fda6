#!/usr/bin/env python3
"""CLI test runner: runs the weightaudit binary on cases written as data.

A case file (tests/cli/*.t) holds cases; each case starts with "### name"
and has one command line and any number of expectations:

  $ ARGS...            the command (shell-split); @TD = build/testdata,
                       @FX = build/fixtures, @ROOT = repo root,
                       @TMP = a fresh temporary directory for this case
  < FILE               feed FILE on stdin
  env NAME=VALUE       set an environment variable
  ? N                  expected exit code (required)
  json FILE            read the JSON to check from FILE instead of stdout
  = PATH VALUE         JSON at PATH (a.b[0].c, or . for the root) equals
                       VALUE (a JSON literal)
  len PATH N           JSON array/object at PATH has N entries
  has PATH VALUE       JSON array at PATH contains VALUE
  any PATH KEY VALUE   some object in the array at PATH has KEY == VALUE
  ~ stdout|stderr TEXT output contains TEXT
  !~ stdout|stderr TEXT output does not contain TEXT
  schema FILE          the JSON validates against the JSON Schema FILE ($refs
                       to other schemas resolved from tests/schemas/, offline)
  !schema FILE         the JSON does NOT validate (proves a check can fail)
  same                 a second run gives byte-identical stdout

Prints one line per failure and "N passed, N failed" at the end.
"""
import json
import os
import re
import shlex
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "tests", "schemas"))   # validate.py: offline $ref resolution


def subst(s, tmp):
    return (s.replace("@TD", os.path.join(ROOT, "build/testdata"))
             .replace("@FX", os.path.join(ROOT, "build/fixtures"))
             .replace("@ROOT", ROOT)
             .replace("@TMP", tmp))


def get_path(doc, path):
    if path == ".":
        return doc
    cur = doc
    for part in re.findall(r"[^.\[\]]+|\[\d+\]", path):
        if part.startswith("["):
            cur = cur[int(part[1:-1])]
        else:
            cur = cur[part]
    return cur


def parse_cases(fname):
    cases, cur = [], None
    with open(fname, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if line.startswith("### "):
                cur = {"name": line[4:].strip(), "file": fname, "line": lineno,
                       "cmd": None, "stdin": None, "env": {}, "checks": []}
                cases.append(cur)
            elif not line.strip() or line.startswith("#"):
                continue
            elif cur is None:
                raise SystemExit("%s:%d: expectation before the first ### case" % (fname, lineno))
            elif line.startswith("$ "):
                cur["cmd"] = line[2:]
            elif line.startswith("< "):
                cur["stdin"] = line[2:].strip()
            elif line.startswith("env "):
                k, v = line[4:].split("=", 1)
                cur["env"][k.strip()] = v
            else:
                cur["checks"].append((lineno, line))
    return cases


def run_case(binary, case, validator_cache):
    tmp = tempfile.mkdtemp(prefix="wa-cli-")
    args = [binary] + [subst(a, tmp) for a in shlex.split(case["cmd"])]
    env = dict(os.environ)
    for k, v in case["env"].items():
        env[k] = subst(v, tmp)
    stdin = open(subst(case["stdin"], tmp), "rb") if case["stdin"] else subprocess.DEVNULL

    def once():
        if hasattr(stdin, "seek"):
            stdin.seek(0)
        return subprocess.run(args, stdin=stdin, capture_output=True, env=env, timeout=300, cwd=ROOT)

    p = once()
    out, err = p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")
    fails = []
    doc = None
    json_src = None

    def need_doc():
        nonlocal doc
        if doc is None:
            text = out if json_src is None else open(json_src, encoding="utf-8").read()
            doc = json.loads(text)
        return doc

    for lineno, chk in case["checks"]:
        where = "%s:%d" % (os.path.basename(case["file"]), lineno)
        try:
            op, _, rest = chk.partition(" ")
            if op == "?":
                if p.returncode != int(rest):
                    fails.append("%s: exit %d, expected %s\n  stderr: %s" % (where, p.returncode, rest, err.strip()[:500]))
            elif op == "json":
                json_src = subst(rest.strip(), tmp)
                doc = None
            elif op == "=":
                path, _, val = rest.partition(" ")
                got = get_path(need_doc(), path)
                want = json.loads(subst(val, tmp))
                if got != want:
                    fails.append("%s: %s = %r, expected %r" % (where, path, got, want))
            elif op == "len":
                path, _, val = rest.partition(" ")
                got = get_path(need_doc(), path)
                if len(got) != int(val):
                    fails.append("%s: len(%s) = %d, expected %s" % (where, path, len(got), val))
            elif op == "has":
                path, _, val = rest.partition(" ")
                got = get_path(need_doc(), path)
                if json.loads(val) not in got:
                    fails.append("%s: %s does not contain %s (got %r)" % (where, path, val, got))
            elif op == "any":
                path, key, val = rest.split(" ", 2)
                got = get_path(need_doc(), path)
                want = json.loads(val)
                if not any(isinstance(x, dict) and x.get(key) == want for x in got):
                    fails.append("%s: no entry of %s has %s = %s (got %s)" % (where, path, key, val, json.dumps(got)[:600]))
            elif op in ("~", "!~"):
                stream, _, text = rest.partition(" ")
                hay = out if stream == "stdout" else err
                text = subst(text, tmp)
                if (text in hay) != (op == "~"):
                    fails.append("%s: %s %s %r\n  %s: %s" % (where, stream, "lacks" if op == "~" else "has", text, stream, hay.strip()[:800]))
            elif op in ("schema", "!schema"):
                import validate as schema_validate
                sp = subst(rest.strip(), tmp)
                if sp not in validator_cache:
                    validator_cache[sp] = schema_validate.validator(sp)
                errors = schema_validate.errors(validator_cache[sp], need_doc())
                if errors and op == "schema":
                    fails.append("%s: schema %s: %s at %s" % (where, os.path.basename(sp), errors[0].message[:300], list(errors[0].path)))
                elif not errors and op == "!schema":
                    fails.append("%s: the document validates against %s, but it must not" % (where, os.path.basename(sp)))
            elif op == "same":
                p2 = once()
                if p2.stdout != p.stdout:
                    fails.append("%s: second run differs" % where)
            else:
                fails.append("%s: unknown check %r" % (where, chk))
        except Exception as e:  # a missing path, bad JSON...
            fails.append("%s: %s: %s: %s\n  stdout: %s\n  stderr: %s" % (where, chk, type(e).__name__, e, out[:400], err[:400]))
    if hasattr(stdin, "close"):
        stdin.close()
    subprocess.run(["rm", "-rf", tmp])
    if not any(c[1].startswith("? ") for c in case["checks"]):
        fails.append("%s:%d: case has no expected exit code" % (case["file"], case["line"]))
    return fails


def main():
    argv = sys.argv[1:]
    binary = "./weightaudit"
    if argv[:1] == ["--bin"]:
        binary, argv = argv[1], argv[2:]
    binary = os.path.abspath(binary)
    passed = failed = 0
    cache = {}
    for fname in argv:
        for case in parse_cases(fname):
            fails = run_case(binary, case, cache)
            if fails:
                failed += 1
                print("FAIL %s (%s)" % (case["name"], os.path.basename(fname)))
                for f in fails:
                    print("  " + f)
            else:
                passed += 1
    print("binary: %s" % binary)
    print("cli: %d passed, %d failed" % (passed, failed))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
