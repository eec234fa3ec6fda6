#!/usr/bin/env python3
"""Generate pickle checkpoints, benign and malicious, with the verdict each
must get.  Nothing here is ever unpickled: malicious streams are made with
pickle.dumps of objects whose __reduce__ names a dangerous callable (the
callable is only referenced, never called), or written opcode by opcode.

Writes OUT/pickle/<name>.<ext> and OUT/pickle/cases.json
({name: {"file", "container", "valid", "code", "severity", "offset"}}: the
first problem of the worst severity, its code and byte offset; offset null
= not checked), a few files for fmt_guess (npz, keras, onnx ...), and fuzz
seeds into OUT/seeds/pickle/ (prefixed with the byte the fuzz target reads
to choose its chunking)."""
import argparse
import collections
import io
import json
import os
import pickle
import pickletools
import struct
import subprocess
import sys
import zipfile
import zlib


class Reduce:
    """Pickles as a call of fn(*args); fn is only referenced."""

    def __init__(self, fn, *args):
        self.fn, self.args = fn, args

    def __reduce__(self):
        return self.fn, self.args


def op_pos(data, names, skip=0):
    """Offset of the (skip+1)-th opcode whose name is in names."""
    for op, _arg, pos in pickletools.genops(data):
        if op.name in names:
            if skip == 0:
                return pos
            skip -= 1
    raise ValueError("no %s in stream" % (names,))


IMPORT_OPS = ("GLOBAL", "STACK_GLOBAL", "INST")

# a hand-written stream: text with opcodes as in pickletools
def P(*parts):
    out = bytearray()
    for x in parts:
        out += x.encode("latin-1") if isinstance(x, str) else x
    return bytes(out)


def u1(v):
    return bytes([v])


def su(s):   # SHORT_BINUNICODE
    b = s.encode()
    return b"\x8c" + bytes([len(b)]) + b


def legacy(main_obj_bytes, keys=b"\x80\x02]q\x00X\x01\x00\x00\x000q\x01a.", data=b""):
    """torch's legacy layout: magic, protocol, sys_info, the object, keys, data."""
    magic = b"\x80\x02\x8a\x0a" + (0x1950A86A20F9469CFC6C).to_bytes(10, "little") + b"."
    proto = pickle.dumps(1001, protocol=2)
    info = pickle.dumps({"protocol_version": 1001, "little_endian": True,
                         "type_sizes": {"short": 2, "int": 4, "long": 4}}, protocol=2)
    head = magic + proto + info
    return head + main_obj_bytes + keys + data, len(head)


def torch_zip(entries, compress=None):
    """A zip laid out like torch.save's: entries is [(name, bytes)], stored
    unless compress names an entry to deflate.  Returns (bytes, data
    offsets by name)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, blob in entries:
            ct = zipfile.ZIP_DEFLATED if compress and name in compress else zipfile.ZIP_STORED
            z.writestr(zipfile.ZipInfo(name, (2020, 1, 1, 0, 0, 0)), blob, compress_type=ct)
    raw = buf.getvalue()
    offs = {}
    with zipfile.ZipFile(io.BytesIO(raw)) as z:
        for i in z.infolist():
            n, e = struct.unpack("<HH", raw[i.header_offset + 26:i.header_offset + 30])
            offs[i.filename] = i.header_offset + 30 + n + e
    return raw, offs


def lfh(name, data, method=0, comp=None, flags=0):
    """A raw local header and its data (comp: the stored bytes, if not data)."""
    nb = name.encode()
    cd = comp if comp is not None else data
    rec = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, flags, method, 0, 0, zlib.crc32(data), len(cd), len(data),
                      len(nb), 0) + nb + cd
    return rec, (zlib.crc32(data), len(cd), len(data))


def cdh(name, info, off, method=0):
    """A raw central directory entry; info = (crc, csize, usize)."""
    nb = name.encode()
    crc, cs, us = info
    return struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, method, 0, 0, crc, cs, us, len(nb), 0, 0, 0, 0,
                       0, off) + nb


def eocd(n, cdsize, cdoff, comment=b""):
    return struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, n, n, cdsize, cdoff, len(comment)) + comment


def raw_zip(locals_, cd):
    """locals_: [(name, data)] written in order; cd: [(name, index of the local
    entry it points at)] (name None: the local's own).  Returns (bytes, local
    header offsets, offset of the central directory)."""
    body, offs, infos = b"", [], []
    for name, data in locals_:
        rec, info = lfh(name, data)
        offs.append(len(body))
        infos.append(info)
        body += rec
    d = b"".join(cdh(nm if nm is not None else locals_[i][0], infos[i], offs[i]) for nm, i in cd)
    return body + d + eocd(len(cd), len(d), len(body)), offs, len(body)


def main(out):
    d = os.path.join(out, "pickle")
    seeds = os.path.join(out, "seeds", "pickle")
    os.makedirs(d, exist_ok=True)
    os.makedirs(seeds, exist_ok=True)
    cases = {}

    def put(name, blob, ext, container, valid, code=None, sev=None, offset=None):
        fn = name + "." + ext
        with open(os.path.join(d, fn), "wb") as f:
            f.write(blob)
        with open(os.path.join(seeds, name), "wb") as f:
            f.write(bytes([len(name) % 13]) + blob)
        cases[name] = {"file": fn, "container": container, "valid": valid, "code": code,
                       "severity": sev, "offset": offset}

    def bare(name, blob, valid, code=None, sev=None, offset=None):
        put(name, blob, "pkl", "bare", valid, code, sev, offset)

    # ---- benign -----------------------------------------------------------
    data = {"layers": [1, 2, 3], "names": ["a", "b"], "scale": 0.5, "ok": True, "none": None,
            "blob": b"\x00\x01" * 10, "big": 2 ** 70, "neg": -5, "t": (1, (2, 3)), "s": {1, 2},
            "fs": frozenset({3}), "ba": bytearray(b"xy"), "c": complex(1, 2), "u": "wörld"}
    for proto in range(6):
        bare("benign_dict_p%d" % proto, pickle.dumps(data, protocol=proto), True)
    od = collections.OrderedDict([("w", [0.1, 0.2]), ("b", [0.3])])
    for proto in (0, 2, 4):
        bare("benign_ordereddict_p%d" % proto, pickle.dumps(od, protocol=proto), True)
    bare("benign_two_pickles", pickle.dumps([1]) + pickle.dumps({"a": 2}, protocol=2), True)
    bare("benign_frames", pickle.dumps(["x" * 70000, list(range(5000))], protocol=4), True)
    bare("benign_memo_reuse", pickle.dumps([od, od, "k", "k"], protocol=2), True)
    bare("benign_long_string", pickle.dumps(["a" * 1000, "m" * 300], protocol=4), True)
    bare("benign_p0_strings", P("(S'os'\nS\"sys\"\nVhello\\u00e9\nlp0\n."), True)

    # ---- malicious, made by pickle.dumps ---------------------------------
    for proto in (0, 1, 2, 3, 4, 5):
        blob = pickle.dumps(Reduce(os.system, "echo pwned"), protocol=proto)
        bare("evil_os_system_p%d" % proto, blob, True, "unsafe_import", "deny", op_pos(blob, IMPORT_OPS))
    blob = pickle.dumps(Reduce(eval, "__import__('os').system('id')"), protocol=2)
    bare("evil_eval", blob, True, "unsafe_import", "deny", op_pos(blob, IMPORT_OPS))
    blob = pickle.dumps(Reduce(subprocess.Popen, ["id"]), protocol=4)
    bare("evil_popen", blob, True, "unsafe_import", "deny", op_pos(blob, IMPORT_OPS))
    blob = pickle.dumps(Reduce(getattr, collections.OrderedDict, "fromkeys"), protocol=2)
    bare("evil_getattr", blob, True, "unsafe_import", "deny", op_pos(blob, IMPORT_OPS))
    blob = pickle.dumps({"weights": [1.0], "x": Reduce(os.system, "id")}, protocol=4)
    bare("evil_nested_p4", blob, True, "unsafe_import", "deny", op_pos(blob, IMPORT_OPS))
    # the module and name strings are memoised first, so STACK_GLOBAL gets them by BINGET
    mod = os.system.__module__
    blob = pickle.dumps([mod, "system", Reduce(os.system, "id")], protocol=4)
    assert b"\x93" in blob and b"h" in blob
    bare("evil_memo_binget", blob, True, "unsafe_import", "deny", op_pos(blob, ("STACK_GLOBAL",)))
    blob = pickle.dumps([Reduce(print, "hi"), Reduce(os.system, "id")], protocol=2)
    bare("evil_after_review", blob, True, "unsafe_import", "deny", op_pos(blob, IMPORT_OPS, 1))
    # an unknown class: review, not deny
    blob = pickle.dumps(Reduce(collections.namedtuple, "P", "x y"), protocol=2)
    bare("review_unknown", blob, True, "unknown_import", "review", op_pos(blob, IMPORT_OPS))

    # protocols 0 and 1 rebuild objects through copyreg._reconstructor(cls, object, state)
    blob = pickle.dumps(argparse.Namespace(x=1), protocol=0)
    bare("review_p0_object", blob, True, "unknown_import", "review", op_pos(blob, IMPORT_OPS, 1))

    # ---- malicious, hand-written ---------------------------------------
    bare("evil_inst_p0", P("(S'id'\nios\nsystem\n."), True, "unsafe_import", "deny", 7)
    bare("evil_global_p0", P("cos\nsystem\n(S'id'\ntR."), True, "unsafe_import", "deny", 0)
    bare("evil_builtin_py2", P("c__builtin__\neval\n(S'1'\ntR."), True, "unsafe_import", "deny", 0)
    # hand-memoised with LONG_BINPUT / LONG_BINGET and MEMOIZE
    s = P("\x80\x04", su("subprocess"), "r", struct.pack("<I", 7), "0", su("check_output"), "\x94", "0",
          "j", struct.pack("<I", 7), "h\x01", "\x93", "]", "R.")
    bare("evil_long_binget", s, True, "unsafe_import", "deny", s.index(b"\x93"))
    # strings spelled with escapes: STRING \x, UNICODE \u
    s = P("S'\\x6fs'\np0\n0S'sys\\x74em'\np1\n0g0\ng1\n\x93.")
    bare("evil_escaped_string", P("\x80\x04") + s, True, "unsafe_import", "deny", 2 + s.index(b"\x93"))
    s = P("V\\u006fs\nVsystem\n\x93.")
    bare("evil_unicode_escape", s, True, "unsafe_import", "deny", s.index(b"\x93"))
    s = P("\x80\x04", su("builtins"), su("getattr"), "\x93", ")R.")
    bare("evil_stack_global_getattr", s, True, "unsafe_import", "deny", s.index(b"\x93"))
    # STACK_GLOBAL operands that are results of calls: cannot be named
    s = P("\x80\x04", "cbuiltins\nstr\n)R", "cbuiltins\nstr\n)R", "\x93.")
    bare("evil_unresolvable", s, True, "unsafe_import", "deny", s.index(b"\x93"))
    s = P("\x80\x04", "ccollections\nOrderedDict.__class__\n.")
    bare("evil_dunder_chain", s, True, "unsafe_import", "deny", 2)
    s = P("\x80\x04", "ctorch\nos.system\n.")
    bare("evil_dotted_os", s, True, "unsafe_import", "deny", 2)
    s = P("\x80\x02", "ctorch.hub\nload\n.")
    bare("evil_torch_hub", s, True, "unsafe_import", "deny", 2)
    s = P("\x80\x02", "ctorch.storage\n_load_from_bytes\n.")
    bare("evil_nested_load", s, True, "unsafe_import", "deny", 2)
    s = P("\x80\x04", "X", struct.pack("<I", 300), "m" * 300, su("x"), "\x93.")
    bare("evil_long_module", s, True, "unsafe_import", "deny", s.index(b"\x93"))
    # BUILD on an imported class rewrites it
    s = P("\x80\x02", "ccollections\nOrderedDict\n", "N(S'x'\nI1\nd", "\x86b.")
    bare("evil_build_on_global", s, True, "unsafe_build", "deny", s.index(b"b."))
    # many harmless-looking unknown imports must not push the deny out of the problem list
    s = P(*["cpkg%d\nThing\n0" % i for i in range(80)]) + P("cos\nsystem\n.")
    bare("evil_after_many_unknown", s, True, "unsafe_import", "deny", s.index(b"cos\n"))
    # RCE reached through private aliases and helpers: deny, not review
    for i, (m, n) in enumerate([("argparse", "_os.execvp"), ("random", "_os.spawnvp"), ("argparse", "_os.execl"),
                                ("_osx_support", "_read_output"), ("uuid", "_get_command_stdout"),
                                ("dataclasses", "_create_fn"), ("_operator", "attrgetter"),
                                ("_operator", "methodcaller"), ("_operator", "itemgetter"),
                                ("_functools", "partial"), ("_functools", "reduce"),
                                ("torch.serialization", "pickle._loads"), ("pickle", "_Unpickler"),
                                ("pickle", "_loads"), ("numpy.lib._npyio_impl", "load"),
                                ("torch.utils.collect_env", "run"), ("torch.fx.graph_module", "_forward_from_src")]):
        s = P("\x80\x04", su(m), su(n), "\x93", su("id"), "\x85R.")
        bare("evil_alias_%02d" % i, s, True, "unsafe_import", "deny", s.index(b"\x93"))
    # Python 2 names, mapped by the unpickler below protocol 3 (fix_imports)
    for i, (m, n) in enumerate([("cStringIO", "open"), ("StringIO", "open"), ("SimpleHTTPServer", "test"),
                                ("BaseHTTPServer", "test"), ("anydbm", "open")]):
        s = P("\x80\x02", "c%s\n%s\n" % (m, n), "X\x06\x00\x00\x00/etc/x", "X\x01\x00\x00\x00w", "\x86R.")
        bare("evil_py2_name_%d" % i, s, True, "unsafe_import", "deny", 2)
    bare("benign_py2_xrange", P("c__builtin__\nxrange\n(I3\ntR."), True)
    bare("benign_py2_unicode_long", P("\x80\x02c__builtin__\nunicode\nc__builtin__\nlong\n0)R."), True)
    # at protocol 3 and above names are not mapped: cStringIO does not exist there (review, not deny)
    bare("review_py2_name_p3", P("\x80\x03ccStringIO\nopen\n."), True, "unknown_import", "review", 2)
    # a NUL in the module name: denied, and listed escaped in the facts, not cut at the NUL
    s = P("\x80\x04\x8c\x04os\x00x\x8c\x06system\x93.")
    bare("evil_nul_module", s, True, "unsafe_import", "deny", s.index(b"\x93"))
    s = P("\x80\x02", "\x82\x05.")
    bare("review_ext1", s, True, "extension_import", "review", 2)

    # ---- malformed -------------------------------------------------------
    bare("bad_empty", b"", False, "truncated", "error", 0)
    bare("bad_unknown_opcode", P("\x80\x02]\xff."), False, "opcode_unknown", "error", 3)
    bare("bad_missing_stop", P("\x80\x02]q\x00"), False, "truncated", "error", 5)
    bare("bad_truncated_arg", P("\x80\x02J\x01\x02"), False, "truncated", "error", 5)
    bare("bad_truncated_payload", P("\x80\x04\x8c\x10abc"), False, "truncated", "error", 7)
    bare("bad_truncated_line", P("cos\nsyst"), False, "truncated", "error", 8)
    bare("bad_underflow", P("\x80\x02NR."), False, "stack_underflow", "error", 3)
    bare("bad_stop_empty", P("\x80\x02."), False, "stack_underflow", "error", 2)
    bare("bad_pop_mark_no_mark", P("\x80\x02N1."), False, "stack_underflow", "error", 3)
    bare("bad_tuple_no_mark", P("N]t."), False, "stack_underflow", "error", 2)
    bare("bad_appends_no_list", P("(N]e."), False, "stack_underflow", "error", 3)
    bare("bad_dict_odd", P("(NNNd."), False, "stack_underflow", "error", 4)
    bare("bad_setitem_short", P("}Ns."), False, "stack_underflow", "error", 2)
    bare("bad_memo_get", P("\x80\x02h\x05."), False, "memo_invalid", "error", 2)
    bare("bad_memo_long_get", P("\x80\x02]q\x01j\x02\x00\x00\x00."), False, "memo_invalid", "error", 5)
    bare("bad_memo_text_get", P("]p1\ng2\n."), False, "memo_invalid", "error", 4)
    bare("bad_put_empty", P("\x80\x02q\x00N."), False, "stack_underflow", "error", 2)
    bare("bad_put_negative", P("]p-1\n."), False, "argument_invalid", "error", 1)
    bare("bad_get_text", P("]p1\ngx\n."), False, "argument_invalid", "error", 4)
    bare("bad_proto_6", P("\x80\x06N."), False, "protocol_unsupported", "error", 0)
    bare("bad_binstring_negative", P("T\xff\xff\xff\xffabc."), False, "argument_invalid", "error", 0)
    bare("bad_long4_negative", P("\x80\x02\x8b\xfe\xff\xff\xff."), False, "argument_invalid", "error", 2)
    bare("bad_string_unquoted", P("Sabc\n."), False, "argument_invalid", "error", 0)
    bare("bad_string_mismatched", P("S'abc\"\n."), False, "argument_invalid", "error", 0)
    bare("bad_string_escape", P("S'\\x4'\n."), False, "argument_invalid", "error", 0)
    bare("bad_unicode_escape", P("V\\u12\n."), False, "argument_invalid", "error", 0)
    bare("bad_int_text", P("Iabc!\n."), False, "argument_invalid", "error", 0)
    bare("bad_int_empty", P("I\n."), False, "argument_invalid", "error", 0)
    bare("bad_float_control", P("F1.\x015\n."), False, "argument_invalid", "error", 3)
    bare("bad_persid_non_ascii", P("P\xe9\n."), False, "argument_invalid", "error", 0)
    bare("bad_global_not_utf8", P("cos\xff\nsystem\n."), False, "argument_invalid", "error", 0)
    bare("bad_stack_global_ints", P("\x80\x04K\x01K\x02\x93."), False, "argument_invalid", "error", 6)
    bare("bad_obj_empty", P("(o."), False, "stack_underflow", "error", 1)
    bare("bad_ext4_zero", P("\x80\x02\x84\x00\x00\x00\x00."), False, "argument_invalid", "error", 2)
    bare("bad_frame_past_end", P("\x80\x04\x95", struct.pack("<Q", 100), "N."), False, "truncated", "error", 13)
    bare("bad_bytes8_huge", P("\x80\x04\x8e", struct.pack("<Q", 2 ** 63), "."), False, "argument_invalid", "error", 2)
    bare("bad_trailing_garbage", pickle.dumps([1], protocol=2) + b"\xff", False, "opcode_unknown", "error",
         len(pickle.dumps([1], protocol=2)))
    bare("bad_deny_then_error", P("cos\nsystem\n\xff"), False, "opcode_unknown", "error", 11)

    # ---- streams that start as pickles but do not parse to the end --------
    # (the sniffer must still claim them: torch.load / pickle.load run the first pickle)
    ev2 = P("\x80\x02cposix\nsystem\nX\x02\x00\x00\x00id\x85R.")
    put("sniff_trailing_garbage", ev2 + b"\xff\xfe garbage", "bin", "bare", False, "opcode_unknown", "error",
        len(ev2))
    put("sniff_bad_binget", P("\x80\x02cposix\nsystem\nX\x02\x00\x00\x00id\x85Rh\x07."), "bin", "bare", False,
        "memo_invalid", "error", 25)
    ev0 = P("cposix\nsystem\n(S'id'\ntR.")
    put("sniff_p0_trailing", ev0 + b"\xff", "bin", "bare", False, "opcode_unknown", "error", len(ev0))
    put("sniff_p0_npy", ev0, "npy", "bare", True, "unsafe_import", "deny", 0)
    put("sniff_p2_npy", ev2, "npy", "bare", True, "unsafe_import", "deny", 2)
    put("sniff_p0_noext", ev0 + b"\xff", "dat", "bare", False, "opcode_unknown", "error", len(ev0))
    os.makedirs(os.path.join(d, "trailing_repo"), exist_ok=True)
    with open(os.path.join(d, "trailing_repo", "pytorch_model.bin"), "wb") as f:
        f.write(ev2 + b"\xff\xfe garbage")

    # ---- legacy torch format (hand-built layout, real pickles) ----------
    main_obj = pickle.dumps(od, protocol=2)
    blob, at = legacy(main_obj, data=struct.pack("<q", 2) + b"\0" * 8)
    put("legacy_benign", blob, "pt", "legacy", True)
    evil = pickle.dumps({"w": Reduce(os.system, "id")}, protocol=2)
    blob, at = legacy(evil)
    put("legacy_evil", blob, "pt", "legacy", True, "unsafe_import", "deny", at + op_pos(evil, IMPORT_OPS))
    blob, at = legacy(main_obj)
    put("legacy_truncated", blob[:at], "pt", "legacy", False, "truncated", "error", at)
    # the storage data after the fifth pickle is not walked, whatever it holds
    blob, at = legacy(main_obj, data=b"\xff\x00cos\nsystem\n")
    put("legacy_data_not_walked", blob, "pt", "legacy", True)

    # ---- zip checkpoints (zipfile, torch's layout) -----------------------
    ver = ("archive/version", b"3\n")
    bo = ("archive/byteorder", b"little")
    good = pickle.dumps(od, protocol=2)
    blob, offs = torch_zip([("archive/data.pkl", good), bo, ("archive/data/0", b"\0" * 16), ver])
    put("zip_benign", blob, "pt", "zip", True)
    evil = pickle.dumps({"w": Reduce(os.system, "id")}, protocol=2)
    blob, offs = torch_zip([("archive/data.pkl", evil), ver])
    put("zip_evil", blob, "pt", "zip", True, "unsafe_import", "deny",
        offs["archive/data.pkl"] + op_pos(evil, IMPORT_OPS))
    blob, offs = torch_zip([("archive/data.pkl", evil), ver], compress={"archive/data.pkl"})
    put("zip_evil_deflated", blob, "pt", "zip", True, "unsafe_import", "deny", -1)
    blob, offs = torch_zip([("archive/data.pkl", good), ("archive/extra.pkl", evil), ver])
    put("zip_evil_second_pkl", blob, "pt", "zip", True, "unsafe_import", "deny",
        offs["archive/extra.pkl"] + op_pos(evil, IMPORT_OPS))
    blob, offs = torch_zip([("archive/data.pkl", b"\x80\x02]q\x00"), ver])
    put("zip_truncated_pickle", blob, "pt", "zip", False, "truncated", "error", offs["archive/data.pkl"] + 5)
    blob, offs = torch_zip([("archive/version", b"3\n"), ("archive/data/0", b"\0" * 4)])
    put("zip_no_data_pkl", blob, "pt", "zip", False, "data_pkl_missing", "error", -1)
    blob, offs = torch_zip([("archive/data.pkl", good), ("archive/code/__torch__/m.py", b"def f(x):\n  return x\n"),
                            ver])
    put("zip_torchscript", blob, "pt", "zip", True, "torchscript_code", "review", None)
    blob, offs = torch_zip([("archive/data.pkl", good), ver])
    put("zip_truncated_archive", blob[:offs["archive/version"] + 1], "pt", "zip", False, "zip_invalid", "error", -1)

    # miniz finds archive/data.pkl case-insensitively: DATA.PKL is what torch loads
    blob, offs = torch_zip([("archive/DATA.PKL", evil), ("archive/version", b"3\n"), ("other/data.pkl", good)])
    put("zip_evil_upper_case", blob, "bin", "zip", True, "unsafe_import", "deny",
        offs["archive/DATA.PKL"] + op_pos(evil, IMPORT_OPS))
    blob, offs = torch_zip([("archive/data.pkl", good), ("archive/Extra.Pkl", evil), ver])
    put("zip_evil_mixed_case_ext", blob, "pt", "zip", True, "unsafe_import", "deny",
        offs["archive/Extra.Pkl"] + op_pos(evil, IMPORT_OPS))

    # ---- zips whose central directory disagrees with the local headers ---
    # (PyTorch and zipfile read the central directory; the scan walks the local headers)
    benign = pickle.dumps(od, protocol=2)
    inner, info = lfh("archive/data.pkl", evil)
    e1, _ = lfh("archive/data.pkl", benign)
    e2, _ = lfh("archive/zpad", inner)
    ev, vinfo = lfh("archive/version", b"3\n")
    body = e1 + e2 + ev
    cd = cdh("archive/data.pkl", info, len(e1) + 30 + len("archive/zpad")) + cdh("archive/version", vinfo, len(e1 + e2))
    blob = body + cd + eocd(2, len(cd), len(body))
    with zipfile.ZipFile(io.BytesIO(blob)) as z:
        assert z.read("archive/data.pkl") == evil   # what torch would load
    put("zip_cd_hidden_entry", blob, "pt", "zip", False, "zip_inconsistent", "deny", len(body))
    # the central directory renames a local entry the scan does not walk
    blob, offs, cdo = raw_zip([("archive/data.pkl", benign), ("archive/extra.bin", evil), ver],
                              [(None, 0), ("archive/extra.pkl", 1), (None, 2)])
    put("zip_cd_renamed", blob, "pt", "zip", False, "zip_inconsistent", "deny", cdo + 46 + len("archive/data.pkl"))
    # a local entry the central directory leaves out
    blob, offs, cdo = raw_zip([("archive/data.pkl", benign), ("archive/decoy.pkl", benign), ver],
                              [(None, 0), (None, 2)])
    put("zip_cd_unlisted_local", blob, "pt", "zip", False, "zip_inconsistent", "deny", offs[1])
    # stored in the local header, deflated in the central directory
    blob, offs, cdo = raw_zip([("archive/data.pkl", benign), ver], [(None, 0), (None, 1)])
    blob = blob[:cdo + 10] + b"\x08\x00" + blob[cdo + 12:]
    put("zip_cd_method", blob, "pt", "zip", False, "zip_inconsistent", "deny", cdo)
    # a second end record in the comment: readers take the last one
    blob, offs, cdo = raw_zip([("archive/data.pkl", benign), ver], [(None, 0), (None, 1)])
    fake = eocd(2, len(blob) - 22 - cdo, cdo)
    blob = blob[:-2] + struct.pack("<H", len(fake)) + fake
    put("zip_cd_comment_eocd", blob, "pt", "zip", False, "zip_inconsistent", "deny", None)
    # bytes between entries, which libarchive skips
    blob, offs, cdo = raw_zip([("archive/data.pkl", benign), ver], [(None, 0), (None, 1)])
    gap = b"\0" * 40
    cd = cdh("archive/data.pkl", lfh("archive/data.pkl", benign)[1], 0) + \
        cdh("archive/version", lfh("archive/version", b"3\n")[1], offs[1] + len(gap))
    blob = blob[:offs[1]] + gap + blob[offs[1]:cdo] + cd + eocd(2, len(cd), cdo + len(gap))
    put("zip_cd_gap", blob, "pt", "zip", False, "zip_inconsistent", "deny", offs[1])
    # consistent zips with data descriptors (zipfile on a stream that cannot seek) and zip64 records pass
    class NoSeek(io.RawIOBase):
        def __init__(self):
            self.b = bytearray()

        def writable(self):
            return True

        def write(self, x):
            self.b += x
            return len(x)
    ns = NoSeek()
    with zipfile.ZipFile(ns, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("archive/data.pkl", benign)
        z.writestr("archive/data/0", b"\0" * 64)
        z.writestr("archive/version", b"3\n")
    assert zipfile.ZipFile(io.BytesIO(bytes(ns.b))).infolist()[0].flag_bits & 8
    put("zip_benign_descriptors", bytes(ns.b), "pt", "zip", True)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        with z.open("archive/data.pkl", "w", force_zip64=True) as f:
            f.write(benign)
        z.writestr("archive/version", b"3\n")
    put("zip_benign_zip64", buf.getvalue(), "pt", "zip", True)
    # zip64 end records (the 32-bit fields maxed out), consistent; then one pointing past the directory
    blob, offs, cdo = raw_zip([("archive/data.pkl", benign), ver], [(None, 0), (None, 1)])
    cd = blob[cdo:-22]
    z64 = struct.pack("<IQHHIIQQQQ", 0x06064B50, 44, 45, 45, 0, 0, 2, 2, len(cd), cdo)
    loc = struct.pack("<IIQI", 0x07064B50, 0, cdo + len(cd), 1)
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 0xFFFF, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0)
    put("zip_benign_zip64_end", blob[:cdo] + cd + z64 + loc + end, "pt", "zip", True)
    z64 = struct.pack("<IQHHIIQQQQ", 0x06064B50, 44, 45, 45, 0, 0, 1, 1, len(cd) - 46 - 16, cdo + 46 + 16)
    put("zip_cd_zip64_end", blob[:cdo] + cd + z64 + loc + end, "pt", "zip", False, "zip_inconsistent", "deny", 0)

    # ---- not pickles: left to fmt_guess -----------------------------------
    npy = b"\x93NUMPY\x01\x00v\x00" + b"{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }".ljust(117) + b"\n"
    npy += b"\0" * 8
    blob, _ = torch_zip([("arr_0.npy", npy)])
    with open(os.path.join(d, "arrays.npz"), "wb") as f:
        f.write(blob)
    with open(os.path.join(d, "arrays.npy"), "wb") as f:
        f.write(npy)
    blob, _ = torch_zip([("metadata.json", b"{}"), ("config.json", b"{}"), ("model.weights.h5", b"\x89HDF\r\n\x1a\n")])
    with open(os.path.join(d, "model.keras"), "wb") as f:
        f.write(blob)
    with open(os.path.join(d, "model.h5"), "wb") as f:
        f.write(b"\x89HDF\r\n\x1a\n" + b"\0" * 64)
    with open(os.path.join(d, "model.onnx"), "wb") as f:
        f.write(b"\x08\x07\x12\x07pytorch\x1a\x03" + b"\0" * 32)
    os.makedirs(os.path.join(d, "saved_model", "variables"), exist_ok=True)
    with open(os.path.join(d, "saved_model", "saved_model.pb"), "wb") as f:
        f.write(b"\x08\x01\x12\x00" + b"\0" * 16)
    with open(os.path.join(d, "saved_model", "variables", "variables.data-00000-of-00001"), "wb") as f:
        f.write(b"\0\x01\x02\x03" * 8)
    with open(os.path.join(d, "saved_model", "variables", "variables.index"), "wb") as f:
        f.write(b"\0\x01\x02\x03" * 8)

    with open(os.path.join(d, "cases.json"), "w") as f:
        json.dump(cases, f, indent=1, sort_keys=True)


if __name__ == "__main__":
    main(sys.argv[1])
