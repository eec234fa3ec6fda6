#!/usr/bin/env python3
"""Hostile-input suite: crafted repositories and files, built here with real
tools (mkfifo, mknod, symlinks, git, tar/zip writers) in a fresh folder, then
audited by the binary.

For every case it asserts:
  - the exit code (1 or 2 for everything hostile; the few well-formed but
    giant inputs say 0 and why),
  - that the output names the file concerned (stderr, the text report or
    the JSON report's findings),
  - that the run ended within its time limit (no hang) and its peak RSS
    stayed under the case's cap: the binary runs under tests/bench/memcap
    (a small C program: fork, exec, wait4's ru_maxrss), since a child forked
    from this Python process would count the interpreter's pages as its own
    (--no-rss-cap for sanitizer builds, whose shadow memory makes RSS
    meaningless),
  - that the audited tree is byte- and metadata-identical before and after
    (mode, owner, size, mtime, ctime, inode, link count, link target,
    content; file atime too when the suite runs as the files' owner, since
    weightaudit opens with O_NOATIME: directory atimes are left out, the
    suite's own walk moves them, and so are those of .git/ files, which
    libgit2 opens without O_NOATIME).

Usage: run.py --bin BIN --memcap MEMCAP [--no-rss-cap] [CASE...]
Prints one line per case and "N passed, N failed" at the end.
"""
import hashlib
import io
import json
import os
import re
import shutil
import signal
import stat
import struct
import subprocess
import sys
import tarfile
import tempfile
import time
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
NOBODY = 65534


# ---- the read-only proof ------------------------------------------------

def snapshot(top, with_atime):
    """Everything that could change under top, without following links and
    without opening FIFOs or devices."""
    snap = {}
    top = os.fsencode(top)
    for dirpath, dirnames, filenames in os.walk(top, followlinks=False):
        for name in sorted(dirnames + filenames):
            p = os.path.join(dirpath, name)
            st = os.lstat(p)
            rec = [st.st_mode, st.st_uid, st.st_gid, st.st_size, st.st_mtime_ns, st.st_ctime_ns,
                   st.st_ino, st.st_nlink]
            if stat.S_ISLNK(st.st_mode):
                rec.append(os.readlink(p))
            elif stat.S_ISREG(st.st_mode):
                # libgit2 reads .git/ with plain open(2): there the atime
                # moves (relatime) though nothing is written
                if with_atime and not os.path.relpath(p, top).startswith(b".git/"):
                    rec.append(st.st_atime_ns)
                try:
                    fd = os.open(p, os.O_RDONLY | os.O_NOATIME)
                except PermissionError:
                    fd = None
                if fd is not None:
                    h = hashlib.sha256()
                    with os.fdopen(fd, "rb") as f:
                        for chunk in iter(lambda: f.read(1 << 20), b""):
                            h.update(chunk)
                    rec.append(h.hexdigest())
            snap[os.path.relpath(p, top)] = rec
    return snap


# ---- builders -------------------------------------------------------------

def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


def safetensors(header, data=b""):
    h = json.dumps(header, separators=(",", ":")).encode()
    h += b" " * ((8 - len(h) % 8) % 8)
    return struct.pack("<Q", len(h)) + h + data


def gguf_kv_string(key, value_len_field, value=b""):
    k = key.encode()
    return struct.pack("<Q", len(k)) + k + struct.pack("<I", 8) + struct.pack("<Q", value_len_field) + value


def gguf(n_tensors, n_kv, body=b""):
    return b"GGUF" + struct.pack("<IQQ", 3, n_tensors, n_kv) + body


def build_weights(d):
    """One file per hostile weight header."""
    write(f"{d}/st-hugelen.safetensors", struct.pack("<Q", 1 << 63) + b"{}")
    write(f"{d}/st-short.safetensors", struct.pack("<Q", 99_999_999) + b'{"a":1}')
    deep = b'{"__metadata__":' + b"[" * 200_000
    write(f"{d}/st-deep.safetensors", struct.pack("<Q", len(deep)) + deep)
    # a 24 MB header of a 6,000,000-dimension shape: valid, memory must stay bounded
    n = 6_000_000
    h = b'{"a":{"dtype":"F32","shape":[' + b",".join([b"1"] * n) + b'],"data_offsets":[0,4]}}'
    h += b" " * ((8 - len(h) % 8) % 8)
    write(f"{d}/st-longshape.safetensors", struct.pack("<Q", len(h)) + h + b"\0" * 4)
    write(f"{d}/gguf-counts.gguf", gguf(1 << 63, 1 << 63))
    write(f"{d}/gguf-strlen.gguf", gguf(0, 1, gguf_kv_string("general.name", 1 << 63, b"x" * 16)))
    arr = b""
    for _ in range(10_000):          # arrays of arrays, ten thousand deep
        arr += struct.pack("<IQ", 9, 1)
    k = b"general.deep"
    write(f"{d}/gguf-nested.gguf", gguf(0, 1, struct.pack("<Q", len(k)) + k + struct.pack("<I", 9) + arr))
    k = b"general.big"
    write(f"{d}/gguf-arraycount.gguf",
          gguf(0, 1, struct.pack("<Q", len(k)) + k + struct.pack("<IIQ", 9, 0, 1 << 62) + b"\0" * 64))
    # pickles: a giant declared byte string, a giant memo index, deep nesting
    write(f"{d}/pk-bytes8.pkl", b"\x80\x04\x8e" + struct.pack("<Q", 1 << 63) + b"abc")
    write(f"{d}/pk-memo.pkl", b"\x80\x02N" + b"r" + struct.pack("<I", 0xFFFFFFF0) + b"j" +
          struct.pack("<I", 0xFFFFFFF0) + b".")
    write(f"{d}/pk-deep.pkl", b"\x80\x02" + b"(" * 2_000_000 + b".")
    # a torch-style zip checkpoint whose data.pkl calls os.system
    body = b"\x80\x02cos\nsystem\nq\x00X\x02\x00\x00\x00idq\x01\x85q\x02Rq\x03."
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("archive/data.pkl", body)
        z.writestr("archive/version", "3\n")
    write(f"{d}/pk-zip-os-system.pt", buf.getvalue())


def build_tree(d):
    """Links out, loops, special files, a deep decoy folder, odd names."""
    write(f"{d}/LICENSE", "MIT License\n\nCopyright (c) 2024 Hostile\n")
    os.symlink("/etc/passwd", f"{d}/abs.txt")
    os.symlink("../../../../../etc/shadow", f"{d}/rel.txt")
    os.symlink("loop2", f"{d}/loop1")
    os.symlink("loop1", f"{d}/loop2")
    os.symlink("self", f"{d}/self")
    os.symlink("/dev/zero", f"{d}/zero.safetensors")
    os.mkfifo(f"{d}/fifo.safetensors")
    os.symlink("fifo.safetensors", f"{d}/to-fifo.bin")
    os.mknod(f"{d}/null.bin", 0o644 | stat.S_IFCHR, os.makedev(1, 3))
    deep = os.path.join(d, *(["d"] * 80))
    write(f"{deep}/hidden.safetensors", safetensors({"a": {"dtype": "U8", "shape": [1], "data_offsets": [0, 1]}}, b"x"))
    # after the decoy in byte order: must still be listed and read
    write(f"{d}/zz-after-deep.safetensors",
          safetensors({"w": {"dtype": "U8", "shape": [2], "data_offsets": [0, 2]}}, b"ok"))
    write(os.path.join(d, "evil\n\x1b[31m<script>alert(1)<\\script>\"q.txt"), "x")
    write(os.fsdecode(os.path.join(os.fsencode(d), b"\xff\xfe-not-utf8.bin")), b"x")


def tar_member(name, data=None, kind=tarfile.REGTYPE, link=""):
    ti = tarfile.TarInfo(name)
    ti.type = kind
    ti.linkname = link
    if kind == tarfile.CHRTYPE:
        ti.devmajor, ti.devminor = 1, 3
    if data is not None:
        ti.size = len(data)
    return ti, (io.BytesIO(data) if data is not None else None)


def build_archives(d):
    os.makedirs(d)
    with tarfile.open(f"{d}/evil.tar.gz", "w:gz") as t:
        for ti, f in [tar_member("LICENSE", b"MIT License\n"),
                      tar_member("../../etc/evil.txt", b"x"),
                      tar_member("/etc/abs.txt", b"x"),
                      tar_member("link.txt", kind=tarfile.SYMTYPE, link="/etc/passwd"),
                      tar_member("rel.txt", kind=tarfile.SYMTYPE, link="../../x"),
                      tar_member("hard.txt", kind=tarfile.LNKTYPE, link="/etc/passwd"),
                      tar_member("null.bin", kind=tarfile.CHRTYPE),
                      tar_member("fifo.bin", kind=tarfile.FIFOTYPE),
                      tar_member("ok.bin", b"abc")]:
            t.addfile(ti, f)
    with zipfile.ZipFile(f"{d}/evil.zip", "w") as z:
        z.writestr("../up.txt", "x")
        z.writestr("/abs.txt", "x")
        z.writestr("ok.txt", "x")
    with tarfile.open(f"{d}/many.tar.gz", "w:gz") as t:
        for i in range(100_005):
            ti = tarfile.TarInfo("f%06d" % i)
            t.addfile(ti)


def build_cards(d):
    laughs = '---\nlicense: mit\nl0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    for i in range(1, 12):
        laughs += f"l{i}: &l{i} [" + ",".join([f"*l{i - 1}"] * 9) + "]\n"
    laughs += "tags: *l11\n---\n# card\n"
    write(f"{d}/laughs/README.md", laughs)
    write(f"{d}/deep/README.md", "---\nlicense: " + "[" * 100_000 + "\n---\n")
    write(f"{d}/index/model.safetensors.index.json", '{"weight_map":' + "[" * 100_000)
    write(f"{d}/index/model.safetensors",
          safetensors({"w": {"dtype": "U8", "shape": [2], "data_offsets": [0, 2]}}, b"ok"))


def build_hfcache(d):
    m = f"{d}/models--evil--model"
    commit = "a" * 40
    data = safetensors({"w": {"dtype": "U8", "shape": [2], "data_offsets": [0, 2]}}, b"ok")
    blob = hashlib.sha256(data).hexdigest()
    write(f"{m}/blobs/{blob}", data)
    write(f"{m}/blobs/{'b' * 64}", data)          # content does not match its name
    write(f"{m}/refs/main", commit)
    s = f"{m}/snapshots/{commit}"
    os.makedirs(s)
    os.symlink(f"../../blobs/{blob}", f"{s}/model.safetensors")
    os.symlink(f"../../blobs/{'b' * 64}", f"{s}/other.safetensors")
    os.symlink("/etc/passwd", f"{s}/config.json")
    os.symlink("../../../../../../etc/hostname", f"{s}/README.md")
    return m


def build_ollama(d):
    m = {"schemaVersion": 2, "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
         "config": {"mediaType": "application/vnd.docker.container.image.v1+json",
                    "digest": "sha256:../../../../etc/passwd", "size": 10},
         "layers": [{"mediaType": "application/vnd.ollama.image.model",
                     "digest": "sha256-../../../etc/shadow", "size": 99999999999999}]}
    write(f"{d}/manifests/registry.ollama.ai/library/evil/latest", json.dumps(m))
    os.makedirs(f"{d}/blobs")


def build_ollama_partial(d):
    """An Ollama store holding only an interrupted pull: no manifest yet."""
    os.makedirs(f"{d}/manifests/registry.ollama.ai")
    os.makedirs(f"{d}/blobs")
    with open(f"{d}/blobs/sha256-{'a' * 64}-partial", "wb") as f:
        f.truncate(4096)


def build_git(d):
    os.makedirs(d)
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@t", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@t", GIT_CONFIG_NOSYSTEM="1", HOME=d)
    run = lambda *a: subprocess.run(a, cwd=d, env=env, check=True, stdout=subprocess.DEVNULL,
                                    stderr=subprocess.DEVNULL)
    run("git", "init", "-q", ".")
    write(f"{d}/LICENSE", "MIT License\n")
    os.symlink("/etc/passwd", f"{d}/passwd.txt")
    run("git", "add", "-A")
    run("git", "commit", "-qm", "hostile")


def build_unreadable(d):
    write(f"{d}/LICENSE", "MIT License\n")
    write(f"{d}/model.safetensors", safetensors({"w": {"dtype": "U8", "shape": [2], "data_offsets": [0, 2]}}, b"ok"))
    os.chmod(f"{d}/model.safetensors", 0)


def build_growing(d):
    write(f"{d}/LICENSE", "MIT License\n")
    with open(f"{d}/model.bin", "wb") as f:
        f.truncate(64 << 20)


def start_grower(d):
    """A writer appending to model.bin while the scan reads it (a download
    still running, or a hostile writer that never stops)."""
    return subprocess.Popen([sys.executable, "-c",
                             "import sys,time\nf=open(sys.argv[1],'ab',buffering=0)\nt=time.time()\n"
                             "while time.time()-t<20: f.write(b'\\0'*65536)\n", f"{d}/model.bin"])


def build_sboms(d):
    os.makedirs(f"{d}/model")
    write(f"{d}/model/a.txt", "hi\n")
    zero = "0" * 64
    write(f"{d}/traversal.cdx.json", json.dumps(
        {"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [
            {"type": "file", "name": "../../../etc/passwd", "hashes": [{"alg": "SHA-256", "content": zero}]}]}))
    write(f"{d}/deep.cdx.json", '{"bomFormat":"CycloneDX","specVersion":"1.6","components":' + "[" * 100_000)
    write(f"{d}/traversal.manifest.json", json.dumps(
        {"schema": "weightaudit-manifest/1", "name": None, "revision": None,
         "files": [{"path": "/etc/passwd", "size": 1, "sha256": zero}]}))
    write(f"{d}/deep.report.json", '{"schema":"weightaudit-report/1","models":' + "[" * 100_000)
    os.mkfifo(f"{d}/policy-fifo.json")


# ---- cases ----------------------------------------------------------------
# (name, builder dir, argv after the binary ({T} = the case tree, {O} = an
#  output folder outside it), exit, texts that must appear in the output,
#  rss cap MiB, time limit s, extra check, run as nobody)

W = "{T}"


def report(o):
    with open(os.path.join(o, "report.json"), encoding="utf-8") as f:
        return json.load(f)


def finding_codes(o):
    return {(x["code"], x["severity"]) for m in report(o)["models"] for x in m["findings"]}


def file_integrity(o, path):
    for m in report(o)["models"]:
        for f in m["files"]:
            if f["path"] == path:
                return f["integrity"]
    return None


def check_tree(o):
    r = report(o)
    paths = {f["path"]: f["integrity"] for f in r["models"][0]["files"]}
    for p in ["abs.txt", "rel.txt", "loop1", "loop2", "self", "zero.safetensors", "fifo.safetensors",
              "to-fifo.bin", "null.bin"]:
        assert paths.get(p) == "unsafe-path", f"{p}: {paths.get(p)}"
    assert paths.get("zz-after-deep.safetensors") == "unverified", "the deep decoy hid the rest of the tree"
    assert not any(p.endswith("hidden.safetensors") for p in paths), "a file past the depth bound was listed"
    assert ("walk_limit", "deny") in finding_codes(o)
    with open(os.path.join(o, "report.html"), encoding="utf-8") as f:
        html = f.read()
    assert "<script>alert" not in html and "alert(1)" in html.replace("&lt;", "<"), "HTML not escaped"
    with open(os.path.join(o, "report.txt"), "rb") as f:
        assert b"\x1b" not in f.read(), "raw escape character in the text report"
    with open(os.path.join(o, "report.sarif"), encoding="utf-8") as f:
        json.load(f)


def check_archive(o):
    r = report(o)
    paths = {f["path"]: f["integrity"] for f in r["models"][0]["files"]}
    for p in ["../../etc/evil.txt", "/etc/abs.txt", "link.txt", "rel.txt", "hard.txt", "null.bin", "fifo.bin"]:
        assert paths.get(p) == "unsafe-path", f"{p}: {paths.get(p)}"
    assert paths.get("ok.bin") == "unverified"


def check_hfcache(o):
    assert file_integrity(o, "model.safetensors") == "verified"
    assert file_integrity(o, "other.safetensors") == "mismatch"
    assert file_integrity(o, "config.json") == "unsafe-path"
    assert file_integrity(o, "README.md") == "unsafe-path"


CASES = [
    # validate: one weight file each
    ("st-hugelen", build_weights, ["validate", W + "/st-hugelen.safetensors"], 1,
     ["st-hugelen.safetensors", "offset 0", "header_too_large"], 64, 20, None, False),
    ("st-short", build_weights, ["validate", W + "/st-short.safetensors"], 1,
     ["st-short.safetensors", "header_length"], 64, 20, None, False),
    ("st-deep", build_weights, ["validate", W + "/st-deep.safetensors"], 1,
     ["st-deep.safetensors", "header_not_json"], 64, 20, None, False),
    # well-formed but giant: valid (exit 0), what is asserted is the memory
    ("st-longshape", build_weights, ["validate", W + "/st-longshape.safetensors"], 0,
     ["valid safetensors"], 128, 30, None, False),
    ("gguf-counts", build_weights, ["validate", W + "/gguf-counts.gguf"], 1,
     ["gguf-counts.gguf", "offset"], 64, 20, None, False),
    ("gguf-strlen", build_weights, ["validate", W + "/gguf-strlen.gguf"], 1,
     ["gguf-strlen.gguf", "offset"], 64, 20, None, False),
    ("gguf-nested", build_weights, ["validate", W + "/gguf-nested.gguf"], 1,
     ["gguf-nested.gguf", "nested deeper"], 64, 20, None, False),
    ("gguf-arraycount", build_weights, ["validate", W + "/gguf-arraycount.gguf"], 1,
     ["gguf-arraycount.gguf", "offset"], 64, 20, None, False),
    ("pk-bytes8", build_weights, ["validate", W + "/pk-bytes8.pkl"], 1,
     ["pk-bytes8.pkl", "offset"], 64, 20, None, False),
    ("pk-memo", build_weights, ["validate", W + "/pk-memo.pkl"], 0,
     ["valid pickle"], 64, 20, None, False),
    ("pk-deep", build_weights, ["validate", W + "/pk-deep.pkl"], 1,
     ["pk-deep.pkl"], 128, 30, None, False),
    ("pk-zip-os-system", build_weights, ["validate", W + "/pk-zip-os-system.pt"], 1,
     ["pk-zip-os-system.pt", "os.system"], 64, 20, None, False),
    ("dev-zero", None, ["validate", "/dev/zero"], 2, ["/dev/zero", "not a regular file"], 64, 10, None, False),
    # scan: whole trees
    ("tree", build_tree, ["scan", "--format", "json", "-o", "{O}/report.json", "--format", "html", "-o",
                          "{O}/report.html", "--format", "sarif", "-o", "{O}/report.sarif", "--format", "text",
                          "-o", "{O}/report.txt", "--format", "text", W], 1,
     ["abs.txt", "fifo.safetensors", "null.bin", "loop1", "zero.safetensors", "walk_limit"], 64, 30,
     check_tree, False),
    ("archive-tar", build_archives, ["scan", "--format", "json", "-o", "{O}/report.json", "--format", "text",
                                     W + "/evil.tar.gz"], 1,
     ["../../etc/evil.txt", "hard.txt", "link.txt"], 64, 30, check_archive, False),
    ("archive-zip", build_archives, ["scan", "--format", "text", W + "/evil.zip"], 1,
     ["../up.txt", "/abs.txt", "unsafe_path"], 64, 30, None, False),
    ("archive-entries", build_archives, ["scan", "--format", "text", W + "/many.tar.gz"], 1,
     ["many.tar.gz", "archive_limit", "more than 100000 entries"], 256, 120, None, False),
    ("card-laughs", build_cards, ["scan", "--fail-on", "review", "--format", "text", W + "/laughs"], 1,
     ["README.md"], 64, 20, None, False),
    ("card-deep", build_cards, ["scan", "--fail-on", "review", "--format", "text", W + "/deep"], 1,
     ["README.md", "card_invalid"], 64, 20, None, False),
    ("index-deep", build_cards, ["scan", "--format", "text", W + "/index"], 1,
     ["model.safetensors.index.json"], 64, 20, None, False),
    ("hf-cache", build_hfcache, ["scan", "--format", "json", "-o", "{O}/report.json", "--format", "text", W], 1,
     ["config.json", "README.md", "other.safetensors"], 64, 20, check_hfcache, False),
    ("ollama", build_ollama, ["scan", "--format", "text", W], 1,
     ["manifests/registry.ollama.ai/library/evil/latest", "ollama_manifest_invalid"], 64, 20, None, False),
    ("ollama-partial-only", build_ollama_partial, ["scan", "--format", "json", "-o", "{O}/report.json", W], 2,
     ["no model found", '"verdict": "review"'], 64, 20, None, False),
    ("git-link-out", build_git, ["scan", "--format", "json", "-o", "{O}/report.json", "--format", "text", W], 1,
     ["passwd.txt", "unsafe_path"], 64, 20,
     lambda o: (lambda i: None if i == "unsafe-path" else (_ for _ in ()).throw(AssertionError(i)))(
         file_integrity(o, "passwd.txt")), False),
    ("unreadable", build_unreadable, ["scan", "--format", "text", W], 1,
     ["model.safetensors", "file_unreadable"], 64, 20, None, True),
    ("growing", build_growing, ["scan", "--format", "json", "-o", "{O}/report.json", "--format", "text", W], 1,
     ["model.bin", "changed while it was read"], 64, 60,
     lambda o: None if file_integrity(o, "model.bin") == "unreadable" else (_ for _ in ()).throw(
         AssertionError(file_integrity(o, "model.bin"))), False),
    # inputs given to other commands
    ("verify-sbom-traversal", build_sboms, ["verify", W + "/model", "--sbom", W + "/traversal.cdx.json"], 2,
     ["traversal.cdx.json", "unsafe file path"], 64, 20, None, False),
    ("verify-sbom-deep", build_sboms, ["verify", W + "/model", "--sbom", W + "/deep.cdx.json"], 2,
     ["deep.cdx.json"], 64, 20, None, False),
    ("verify-manifest-traversal", build_sboms,
     ["verify", W + "/model", "--manifest", W + "/traversal.manifest.json"], 2,
     ["traversal.manifest.json"], 64, 20, None, False),
    ("merge-deep", build_sboms, ["merge", W + "/deep.report.json"], 2, ["deep.report.json"], 64, 20, None, False),
    ("policy-fifo", build_sboms, ["scan", "--policy", W + "/policy-fifo.json", W + "/model"], 2,
     ["policy-fifo.json", "not a regular file"], 64, 10, None, False),
]


def drop_to_nobody():
    os.setgroups([])
    os.setgid(NOBODY)
    os.setuid(NOBODY)


def run_case(case, bin_path, memcap, base, rss_cap):
    name, builder, argv, want_exit, texts, cap_mb, limit, check, as_nobody = case
    tree = os.path.join(base, "trees", name)
    # the inputs of verify/merge/--policy lie beside the audited folder
    audited = os.path.join(tree, "model") if builder is build_sboms else tree
    out = os.path.join(base, "out", name)
    os.makedirs(out)
    os.chmod(out, 0o777)
    if builder:
        builder(tree)
    root_run = os.geteuid() == 0
    nobody = as_nobody and root_run
    with_atime = not nobody and (not os.path.exists(tree) or os.lstat(tree).st_uid == os.geteuid())
    before = snapshot(audited, with_atime) if builder else None
    args = [memcap, bin_path] + [a.replace("{T}", tree).replace("{O}", out) for a in argv]
    grower = start_grower(tree) if name == "growing" else None
    if grower:
        time.sleep(0.3)
    so = open(os.path.join(out, "stdout"), "wb")
    se = open(os.path.join(out, "stderr"), "wb")
    t0 = time.time()
    p = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=so, stderr=se,
                         preexec_fn=drop_to_nobody if nobody else None, start_new_session=True)
    status = None
    while time.time() - t0 < limit:
        status = p.poll()
        if status is not None:
            break
        time.sleep(0.02)
    if status is None:
        os.killpg(p.pid, signal.SIGKILL)
        p.wait()
    so.close()
    se.close()
    if grower:
        grower.kill()
        grower.wait()
    if status is None:
        return f"no answer within {limit} s (a hang)"
    with open(os.path.join(out, "stdout"), "rb") as f:
        stdout = f.read().decode("utf-8", "replace")
    with open(os.path.join(out, "stderr"), "rb") as f:
        stderr = f.read().decode("utf-8", "replace")
    m = re.search(r"maxrss_kib=(\d+) status=(\d+)\n?$", stderr)
    if not m:
        return f"memcap printed no figures (exit {status}): {stderr[-400:]}"
    rss_kib, code = int(m.group(1)), int(m.group(2))
    stderr = stderr[:m.start()]
    if code > 2:
        return f"exit {code} (a crash or sanitizer report): {stderr[-600:]}"
    if code != want_exit:
        return f"exit {code}, want {want_exit}: {stderr[-400:]}{stdout[-400:]}"
    every = stdout + stderr
    if os.path.exists(os.path.join(out, "report.json")):
        with open(os.path.join(out, "report.json"), encoding="utf-8") as f:
            every += f.read()
    for t in texts:
        if t not in every:
            return f"output does not say {t!r}: {stderr[-300:]}{stdout[-300:]}"
    rss_mb = rss_kib / 1024
    if rss_cap and rss_mb > cap_mb:
        return f"peak RSS {rss_mb:.1f} MiB over the cap of {cap_mb} MiB"
    if builder and grower is None:
        after = snapshot(audited, with_atime)
        if after != before:
            diff = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
            return f"the audited tree changed: {[os.fsdecode(x) for x in diff[:5]]}"
    if check:
        try:
            check(out)
        except AssertionError as e:
            return f"check failed: {e}"
    return f"ok  exit {code}  {rss_mb:6.1f} MiB  {time.time() - t0:5.2f} s"


def main():
    args = sys.argv[1:]
    bin_path, memcap, rss_cap, only = None, None, True, []
    while args:
        a = args.pop(0)
        if a == "--bin":
            bin_path = os.path.abspath(args.pop(0))
        elif a == "--memcap":
            memcap = os.path.abspath(args.pop(0))
        elif a == "--no-rss-cap":
            rss_cap = False
        else:
            only.append(a)
    if not bin_path or not memcap:
        print("usage: run.py --bin BIN --memcap MEMCAP [--no-rss-cap] [CASE...]", file=sys.stderr)
        return 2
    # a world-readable place, so the "unreadable" case can run as nobody;
    # the binary and its data are copied there for the same reason
    base = tempfile.mkdtemp(prefix="wa-hostile-")
    os.chmod(base, 0o755)
    bindir = os.path.join(base, "bin")
    os.makedirs(bindir)
    shutil.copy2(bin_path, os.path.join(bindir, "weightaudit"))
    shutil.copy2(memcap, os.path.join(bindir, "memcap"))
    for d in ("licenses", "rules", "manifests"):
        shutil.copytree(os.path.join(ROOT, d), os.path.join(bindir, d))
    for dirpath, dirnames, filenames in os.walk(base):
        os.chmod(dirpath, 0o755)
    os.makedirs(os.path.join(base, "trees"))
    os.makedirs(os.path.join(base, "out"))
    passed = failed = 0
    try:
        for case in CASES:
            if only and case[0] not in only:
                continue
            try:
                res = run_case(case, os.path.join(bindir, "weightaudit"), os.path.join(bindir, "memcap"), base,
                               rss_cap)
            except Exception as e:     # a builder or check that broke is a failure, not a crash of the suite
                res = f"suite error: {type(e).__name__}: {e}"
            ok = res.startswith("ok")
            passed += ok
            failed += not ok
            print(f"hostile {case[0]:26s} {res}" if ok else f"FAIL hostile {case[0]}: {res}")
    finally:
        for dirpath, dirnames, filenames in os.walk(base):
            for n in filenames:
                p = os.path.join(dirpath, n)
                if not os.path.islink(p):
                    try:
                        os.chmod(p, 0o644)
                    except OSError:
                        pass
        shutil.rmtree(base, ignore_errors=True)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
