#!/usr/bin/env python3
"""Generate GGUF test files, valid and invalid, with the verdict each must get.

Writes OUT/gguf/*.gguf and OUT/gguf/cases.json
({name: {"valid": bool, "code": str|null, "offset": int|null}}: the first
problem's code and byte offset), two renamed files for the CLI tests, and
fuzz seeds into OUT/seeds/gguf/ (each prefixed with the one byte that the
fuzz target reads to choose a chunk size).

The writer follows ggml/docs/gguf.md: little-endian, every string a uint64
length then bytes, tensor data aligned to general.alignment (default 32).
It records the file offset of every field it writes, so the expected
offsets below are computed, not counted by hand."""
import json
import os
import struct
import sys

# ggml type id -> (name, elements per block, bytes per block)
GGML = {
    0: ("F32", 1, 4), 1: ("F16", 1, 2), 2: ("Q4_0", 32, 18), 3: ("Q4_1", 32, 20),
    6: ("Q5_0", 32, 22), 7: ("Q5_1", 32, 24), 8: ("Q8_0", 32, 34), 9: ("Q8_1", 32, 36),
    10: ("Q2_K", 256, 84), 11: ("Q3_K", 256, 110), 12: ("Q4_K", 256, 144),
    13: ("Q5_K", 256, 176), 14: ("Q6_K", 256, 210), 15: ("Q8_K", 256, 292),
    16: ("IQ2_XXS", 256, 66), 17: ("IQ2_XS", 256, 74), 18: ("IQ3_XXS", 256, 98),
    19: ("IQ1_S", 256, 50), 20: ("IQ4_NL", 32, 18), 21: ("IQ3_S", 256, 110),
    22: ("IQ2_S", 256, 82), 23: ("IQ4_XS", 256, 136), 24: ("I8", 1, 1), 25: ("I16", 1, 2),
    26: ("I32", 1, 4), 27: ("I64", 1, 8), 28: ("F64", 1, 8), 29: ("IQ1_M", 256, 56),
    30: ("BF16", 1, 2), 34: ("TQ1_0", 256, 54), 35: ("TQ2_0", 256, 66),
    39: ("MXFP4", 32, 17), 40: ("NVFP4", 64, 36), 41: ("Q1_0", 128, 18), 42: ("Q2_0", 64, 18),
}
TYPE_ID = {v[0]: k for k, v in GGML.items()}

# metadata value types: name -> (id, struct format)
VT = {"u8": (0, "<B"), "i8": (1, "<b"), "u16": (2, "<H"), "i16": (3, "<h"), "u32": (4, "<I"),
      "i32": (5, "<i"), "f32": (6, "<f"), "bool": (7, "<B"), "str": (8, None), "arr": (9, None),
      "u64": (10, "<Q"), "i64": (11, "<q"), "f64": (12, "<d")}


def nbytes(type_id, dims):
    _, blk, size = GGML[type_id]
    n = 1
    for d in dims:
        n *= d
    return n // blk * size


def align(x, a):
    return x + (a - x % a) % a


class Writer:
    def __init__(self):
        self.b = bytearray()
        self.pos = {}

    def mark(self, name):
        self.pos[name] = len(self.b)

    def u32(self, v):
        self.b += struct.pack("<I", v)

    def u64(self, v):
        self.b += struct.pack("<Q", v)

    def string(self, s, declared=None):
        raw = s.encode() if isinstance(s, str) else s
        self.u64(len(raw) if declared is None else declared)
        self.b += raw


def write_value(w, t, v, where):
    """Write one value of type t (a VT name or ("arr", element type));
    an array is its element type, its length, then the elements."""
    if isinstance(t, tuple):
        et = t[1]
        w.u32(9 if isinstance(et, tuple) else VT[et][0])
        w.u64(len(v))
        for i, x in enumerate(v):
            w.mark("%s[%d]" % (where, i))
            write_value(w, et, x, "%s[%d]" % (where, i))
    elif t == "str":
        w.string(v)
    else:
        w.b += struct.pack(VT[t][1], v)


def gguf(kvs=(), tensors=(), version=3, magic=b"GGUF", n_tensors=None, n_kv=None,
         alignment=32, data=True, extra=b"", cut=None):
    """Build a GGUF file.  kvs: (key, type, value); type a VT name, ("arr", et),
    or an int for a raw value type id followed by raw value bytes.
    tensors: dicts {name, dims, type (name or id), offset (default: canonical)}.
    data: True writes the tensor data padded to the alignment (the last
    tensor too), "unpadded" stops at the last tensor's end, False writes none.
    Returns (bytes, positions)."""
    w = Writer()
    w.b += magic
    w.mark("version")
    w.u32(version)
    w.mark("n_tensors")
    w.u64(len(tensors) if n_tensors is None else n_tensors)
    w.mark("n_kv")
    w.u64(len(kvs) if n_kv is None else n_kv)
    for key, t, v in kvs:
        label = key if isinstance(key, str) else key.decode("latin-1")
        w.mark("kv:" + label)
        w.string(key)
        w.mark("kvtype:" + label)
        if isinstance(t, int):
            w.u32(t)
            w.b += v
            continue
        w.u32(9 if isinstance(t, tuple) else VT[t][0])
        if isinstance(t, tuple):
            et = t[1]
            w.u32(9 if isinstance(et, tuple) else VT[et][0])
            w.u64(len(v))
            for i, x in enumerate(v):
                w.mark("%s[%d]" % (label, i))
                write_value(w, et, x, "%s[%d]" % (label, i))
        else:
            w.mark("val:" + label)
            write_value(w, t, v, label)
    off = 0
    layout = []
    for t in tensors:
        tid = t["type"] if isinstance(t["type"], int) else TYPE_ID[t["type"]]
        size = nbytes(tid, t["dims"]) if tid in GGML else 0
        o = t.get("offset", off)
        layout.append((o, size))
        off = align(max(off, o + size), alignment)
        w.mark("ti:" + t["name"])
        w.string(t["name"])
        w.mark("ndims:" + t["name"])
        w.u32(t.get("ndims", len(t["dims"])))
        for i, d in enumerate(t["dims"]):
            w.mark("dim:%s:%d" % (t["name"], i))
            w.u64(d)
        w.mark("type:" + t["name"])
        w.u32(tid)
        w.mark("off:" + t["name"])
        w.u64(o)
    w.mark("header_end")
    if data and tensors:
        start = align(len(w.b), alignment)
        w.b += b"\0" * (start - len(w.b))
        w.mark("data")
        end = max((o + s for o, s in layout), default=0)
        # the last tensor is padded to the alignment too, as gguf-py's
        # GGUFWriter and ggml's gguf_write do (ggml's loader reads it)
        blob = bytearray(end if data == "unpadded" else align(end, alignment))
        for i, (o, s) in enumerate(layout):
            for j in range(s):
                blob[o + j] = (i * 31 + j) & 0xFF
        w.b += blob
    w.b += extra
    out = bytes(w.b if cut is None else w.b[:cut])
    return out, w.pos


def main(out):
    d = os.path.join(out, "gguf")
    seeds = os.path.join(out, "seeds", "gguf")
    os.makedirs(d, exist_ok=True)
    os.makedirs(seeds, exist_ok=True)
    cases = {}

    def put(name, blob, valid, code=None, offset=None):
        with open(os.path.join(d, name + ".gguf"), "wb") as f:
            f.write(blob)
        with open(os.path.join(seeds, name), "wb") as f:
            f.write(bytes([len(name) % 13]) + blob)
        cases[name] = {"valid": valid, "code": code, "offset": offset}

    meta = [
        ("general.architecture", "str", "llama"),
        ("general.name", "str", "Tiny Test Llama"),
        ("general.license", "str", "apache-2.0"),
        ("general.file_type", "u32", 15),
        ("general.quantization_version", "u32", 2),
        ("llama.context_length", "u32", 2048),
        ("llama.embedding_length", "u64", 256),
        ("llama.rope.freq_base", "f32", 10000.0),
        ("llama.attention.layer_norm_rms_epsilon", "f64", 1e-5),
        ("llama.use_parallel_residual", "bool", 1),
        ("test.i8", "i8", -3), ("test.u8", "u8", 200), ("test.i16", "i16", -300),
        ("test.u16", "u16", 60000), ("test.i32", "i32", -70000), ("test.i64", "i64", -(2**40)),
        ("tokenizer.ggml.tokens", ("arr", "str"), ["<s>", "</s>", "hello", "wörld", ""]),
        ("tokenizer.ggml.scores", ("arr", "f32"), [0.0, -1.5, 2.25]),
        ("tokenizer.ggml.token_type", ("arr", "i32"), [1, 3, 1]),
        ("test.flags", ("arr", "bool"), [0, 1, 1, 0]),
    ]
    tensors = [
        {"name": "token_embd.weight", "dims": [256, 2], "type": "Q4_K"},
        {"name": "output_norm.weight", "dims": [8], "type": "F32"},
        {"name": "blk.0.attn_q.weight", "dims": [32, 2], "type": "Q8_0"},
        {"name": "blk.0.ffn_up.weight", "dims": [4, 2, 2], "type": "F16"},
    ]
    basic, pos = gguf(meta, tensors)
    put("valid_v3_basic", basic, True)
    with open(os.path.join(d, "renamed_gguf.bin"), "wb") as f:
        f.write(basic)
    put("valid_v2", gguf(meta, tensors, version=2)[0], True)
    put("valid_empty", gguf()[0], True)
    put("valid_metadata_only", gguf(meta)[0], True)
    al = [("general.alignment", "u32", 64)] + meta[:3]
    put("valid_alignment_64", gguf(al, tensors, alignment=64)[0], True)
    many = [("general.k%03d" % i, "u8", i % 256) for i in range(300)] + [("general.alignment", "u32", 64)]
    put("valid_many_general_keys", gguf(many, tensors, alignment=64)[0], True)
    put("valid_alignment_8", gguf([("general.alignment", "u32", 8)], tensors, alignment=8)[0], True)
    nested = [
        ("test.nested", ("arr", ("arr", "str")), [["a", "bc"], [], ["d"]]),
        ("test.nested_u8", ("arr", ("arr", "u8")), [[1, 2, 3], [4]]),
        ("test.deep", ("arr", ("arr", ("arr", ("arr", "bool")))), [[[[1, 0]], []], []]),
        ("test.empty_str_arr", ("arr", "str"), []),
        ("test.empty_u64_arr", ("arr", "u64"), []),
        ("test.empty_string", "str", ""),
    ]
    put("valid_nested_arrays", gguf(nested, tensors[:1])[0], True)
    lic = meta[:2] + [
        ("general.license", "str", "other"),
        ("general.license.name", "str", "llama3"),
        ("general.license.link", "str", "https://llama.meta.com/llama3/license/"),
        ("general.base_model.count", "u32", 2),
        ("general.base_model.0.name", "str", "Llama 3 8B"),
        ("general.base_model.0.organization", "str", "Meta Llama"),
        ("general.base_model.0.repo_url", "str", "https://huggingface.co/meta-llama/Meta-Llama-3-8B"),
        ("general.base_model.1.name", "str", "Mistral 7B"),
        ("general.base_model.1.version", "str", "v0.1"),
    ]
    put("valid_license_facts", gguf(lic, tensors[:2])[0], True)
    every = []
    for tid in sorted(GGML):
        name, blk, _ = GGML[tid]
        every.append({"name": "t." + name, "dims": [blk, 2], "type": tid})
    put("valid_all_types", gguf([("general.architecture", "str", "test")], every)[0], True)
    put("valid_zero_elements", gguf([], [{"name": "z", "dims": [0, 4], "type": "F32"},
                                         {"name": "w", "dims": [4], "type": "F32"}])[0], True)
    # the last tensor (68 bytes at 320) padded to 416: valid; not padded, or
    # only in part, the file is too short for ggml's loader
    blob, p = gguf(meta, tensors[:3])
    put("valid_padded_end", blob, True)
    blob, p = gguf(meta, tensors[:3], data="unpadded")
    put("bad_unpadded_end", blob, False, "tensor_out_of_bounds", p["data"] + 416)
    put("bad_partial_pad", blob + b"\0" * 27, False, "tensor_out_of_bounds", p["data"] + 416)
    put("valid_long_string", gguf([("general.description", "str", "x" * 70000)] + meta[:1],
                                  tensors[:1])[0], True)

    # well-formed, flagged for review
    blob, p = gguf(meta, tensors, extra=b"HIDDEN PAYLOAD")
    put("review_trailing_data", blob, True, "trailing_data", len(blob) - 14)
    rev = [{"name": "a", "dims": [8], "type": "F32", "offset": 32},
           {"name": "b", "dims": [8], "type": "F32", "offset": 0}]
    blob, p = gguf([], rev)
    put("review_noncanonical", blob, True, "layout_noncanonical", p["header_end"])
    gap = [{"name": "a", "dims": [8], "type": "F32", "offset": 0},
           {"name": "b", "dims": [8], "type": "F32", "offset": 128}]
    blob, p = gguf([], gap)
    put("review_gap", blob, True, "layout_noncanonical", p["header_end"])

    # header
    put("bad_magic", gguf(meta, tensors, magic=b"GGUX")[0], False, "bad_magic", 0)
    put("bad_magic_ggml", b"lmgg" + basic[4:], False, "bad_magic", 0)
    put("bad_short", b"GG", False, "bad_magic", 0)
    put("bad_empty", b"", False, "bad_magic", 0)
    put("bad_version_1", gguf(meta, tensors, version=1)[0], False, "version_unsupported", 4)
    put("bad_version_4", gguf(meta, tensors, version=4)[0], False, "version_unsupported", 4)
    put("bad_version_0", gguf(meta, tensors, version=0)[0], False, "version_unsupported", 4)
    put("bad_big_endian", gguf(meta, tensors, version=0x03000000)[0], False, "version_unsupported", 4)
    put("bad_truncated_header", b"GGUF\x03\x00\x00\x00\x01\x00", False, "truncated", 10)
    put("bad_tensor_count", gguf(meta, tensors, n_tensors=2**63)[0], False, "count_too_large", 8)
    put("bad_tensor_count_cap", gguf(meta, tensors, n_tensors=(1 << 20) + 1)[0], False,
        "count_too_large", 8)
    put("bad_kv_count", gguf(meta, tensors, n_kv=2**64 - 1)[0], False, "count_too_large", 16)
    # more keys declared than present: the tensor infos are read as keys
    blob, p = gguf(meta[:2], [], n_kv=3)
    put("bad_kv_count_short", blob, False, "truncated", len(blob))

    # metadata
    blob, p = gguf(meta, tensors)
    cut = p["kv:llama.context_length"] + 5
    put("bad_truncated_kv", blob[:cut], False, "truncated", cut)
    cut = p["kv:tokenizer.ggml.tokens"] + 40
    put("bad_truncated_array", blob[:cut], False, "truncated", cut)
    blob, p = gguf([("general.name", 8, struct.pack("<Q", 1000) + b"short")])
    put("bad_string_past_end", blob, False, "truncated", len(blob))
    blob, p = gguf([("general.name", 8, struct.pack("<Q", 2**40) + b"short")])
    put("bad_huge_string", blob, False, "string_too_long", p["kvtype:general.name"] + 4)
    blob, p = gguf([("general.name", 8, struct.pack("<Q", (1 << 30) + 1))])
    put("bad_string_cap", blob, False, "string_too_long", p["kvtype:general.name"] + 4)
    w = Writer()
    w.b += b"GGUF" + struct.pack("<IQQ", 3, 0, 1)
    w.string(b"k" * 10, declared=70000)
    put("bad_key_too_long", bytes(w.b), False, "string_too_long", 24)
    blob, p = gguf([("general.name", 8, struct.pack("<Q", 2**62))])
    put("bad_huge_string_len", blob, False, "string_too_long", p["kvtype:general.name"] + 4)
    blob, p = gguf([("test.arr", 9, struct.pack("<IQ", 0, 2**40))])
    put("bad_huge_array", blob, False, "count_too_large", p["kvtype:test.arr"] + 8)
    blob, p = gguf([("test.x", 13, b"\0\0\0\0")])
    put("bad_value_type", blob, False, "kv_invalid", p["kvtype:test.x"])
    blob, p = gguf([("test.x", 9, struct.pack("<IQ", 99, 1))])
    put("bad_array_type", blob, False, "kv_invalid", p["kvtype:test.x"] + 4)
    blob, p = gguf([("test.ok", "u8", 1), ("test.b", "bool", 2)])
    put("bad_bool", blob, False, "kv_invalid", p["val:test.b"])
    blob, p = gguf([("test.bs", ("arr", "bool"), [0, 1, 7, 1])])
    put("bad_bool_array", blob, False, "kv_invalid", p["test.bs[2]"])
    blob, p = gguf([("", "u8", 1)])
    put("bad_empty_key", blob, False, "kv_invalid", 24)
    blob, p = gguf([(b"general.n\xc3\xa4me", "u8", 1)])
    put("bad_key_not_ascii", blob, False, "kv_invalid", 24 + 8 + 9)
    blob, p = gguf([(b"general.a\x00b", "u8", 1)])
    put("bad_key_nul", blob, False, "kv_invalid", 24 + 8 + 9)
    # the spec asks for ASCII, not printable ASCII: a tab or DEL is valid (as for ggml)
    blob, p = gguf([(b"general.a\tb", "u8", 1), (b"general.c\x7fd", "u8", 2)])
    put("valid_key_ascii_controls", blob, True, None, None)
    deep = 1
    t = "u8"
    for _ in range(8):
        t = ("arr", t)
        deep = [deep]
    blob, p = gguf([("test.ok", t, deep)])
    put("valid_depth_8", blob, True)
    t = ("arr", t)
    blob, p = gguf([("test.deep", t, [deep])])
    # the 9th nested array header starts after 8 (type, elemtype, len) headers
    put("bad_nesting", blob, False, "kv_invalid", p["kvtype:test.deep"] + 4 + 8 * 12)
    blob, p = gguf(meta + [("general.name", "str", "again")], tensors)
    put("bad_duplicate_key", blob, False, "duplicate_key", p["kv:general.name"])
    blob, p = gguf([("general.alignment", "u64", 32)], tensors)
    put("bad_alignment_type", blob, False, "alignment_invalid", p["kv:general.alignment"])
    blob, p = gguf([("general.alignment", "u32", 0)], tensors)
    put("bad_alignment_zero", blob, False, "alignment_invalid", p["kv:general.alignment"])
    blob, p = gguf([("general.alignment", "u32", 48)], tensors, alignment=48)
    put("bad_alignment_not_pow2", blob, False, "alignment_invalid", p["kv:general.alignment"])

    # tensor infos
    blob, p = gguf(meta, tensors)
    cut = p["ti:blk.0.attn_q.weight"] + 12
    put("bad_truncated_tensor_info", blob[:cut], False, "truncated", cut)
    bad = [dict(tensors[0]), dict(tensors[1], offset=16 * 19)]
    blob, p = gguf(meta, bad)
    put("bad_misaligned", blob, False, "offset_misaligned", p["off:output_norm.weight"])
    bad = [dict(tensors[0]), dict(tensors[1], offset=1 << 20)]
    blob, p = gguf(meta, bad, data=False)
    blob += b"\0" * 1000
    put("bad_out_of_bounds", blob, False, "tensor_out_of_bounds", p["off:output_norm.weight"])
    blob, p = gguf(meta, tensors)
    put("bad_truncated_data", blob[:-10], False, "tensor_out_of_bounds", p["off:blk.0.ffn_up.weight"])
    put("bad_no_data", blob[:p["header_end"]], False, "tensor_out_of_bounds", p["off:token_embd.weight"])
    bad = [dict(tensors[0]), dict(tensors[1], offset=0)]
    blob, p = gguf(meta, bad)
    put("bad_overlap", blob, False, "tensor_overlap", p["off:token_embd.weight"])
    bad = [dict(tensors[0]), dict(tensors[1], offset=256)]
    blob, p = gguf(meta, bad)
    put("bad_overlap_tail", blob, False, "tensor_overlap", p["off:output_norm.weight"])
    for tid in (4, 5, 31, 36, 38, 43, 99, 2**32 - 1):
        bad = [{"name": "x", "dims": [32], "type": tid}]
        blob, p = gguf([], bad, data=False)
        put("bad_type_%d" % tid, blob, False, "type_unknown", p["type:x"])
    blob, p = gguf([], [{"name": "x", "dims": [1, 1, 1, 1, 1], "type": "F32"}])
    put("bad_ndims_5", blob, False, "dims_invalid", p["ndims:x"])
    # no dimensions: ggml fills ne[] with 1, a scalar of one element
    blob, p = gguf([], [{"name": "x", "dims": [], "type": "F32"}, {"name": "y", "dims": [8], "type": "F32"}])
    put("valid_ndims_0", blob, True)
    blob, p = gguf([], [{"name": "x", "dims": [], "type": "Q4_0"}], data=False)
    put("bad_ndims_0_block", blob, False, "block_size_mismatch", p["type:x"])
    blob, p = gguf([], [{"name": "x", "dims": [4, 2**63], "type": "F32"}], data=False)
    put("bad_dim_negative", blob, False, "dims_invalid", p["dim:x:1"])
    blob, p = gguf([], [{"name": "x", "dims": [100, 2], "type": "Q4_K"}], data=False)
    put("bad_block_size", blob, False, "block_size_mismatch", p["type:x"])
    blob, p = gguf([], [{"name": "x", "dims": [2**32, 2**32], "type": "F32"}], data=False)
    put("bad_overflow_elements", blob, False, "overflow", p["ti:x"])
    blob, p = gguf([], [{"name": "x", "dims": [2**31, 2**31], "type": "F64"}], data=False)
    put("bad_overflow_bytes", blob, False, "overflow", p["ti:x"])
    blob, p = gguf([], [{"name": "x", "dims": [64], "type": "F32", "offset": 2**64 - 64}], data=False)
    put("bad_overflow_offset", blob, False, "overflow", p["off:x"])
    dup = [dict(tensors[0]), dict(tensors[1]), dict(tensors[2], name="output_norm.weight")]
    blob, p = gguf(meta, dup)
    put("bad_duplicate_tensor", blob, False, "duplicate_tensor", p["ti:output_norm.weight"])
    # ggml compares names as C strings: a NUL in a name is refused (at the NUL)
    blob, p = gguf([], [{"name": "a\0b", "dims": [8], "type": "F32"}])
    put("bad_tensor_name_nul", blob, False, "name_invalid", p["ti:a\0b"] + 8 + 1)
    blob, p = gguf([], [{"name": "a\0b", "dims": [8], "type": "F32"}, {"name": "a\0c", "dims": [8], "type": "F32"}])
    put("bad_tensor_name_nul_dup", blob, False, "name_invalid", p["ti:a\0b"] + 8 + 1)
    blob, p = gguf([], [{"name": "a", "dims": [8], "type": "F32"}, {"name": "a\0", "dims": [8], "type": "F32"}])
    put("bad_tensor_name_nul_end", blob, False, "name_invalid", p["ti:a\0"] + 8 + 1)
    blob, p = gguf([], [{"name": "\0", "dims": [8], "type": "F32"}])
    put("bad_tensor_name_only_nul", blob, False, "name_invalid", p["ti:\0"] + 8)
    blob, p = gguf([], [{"name": "n" * 64, "dims": [8], "type": "F32"}])
    put("bad_tensor_name_too_long", blob, False, "string_too_long", p["ti:" + "n" * 64])
    blob, p = gguf([], [{"name": "n" * 63, "dims": [8], "type": "F32"}])
    put("valid_tensor_name_63", blob, True)

    # a safetensors file named .gguf: the magic decides
    hdr = b'{"x":{"dtype":"U8","shape":[2],"data_offsets":[0,2]}}'
    with open(os.path.join(d, "renamed_safetensors.gguf"), "wb") as f:
        f.write(struct.pack("<Q", len(hdr)) + hdr + b"ab")

    with open(os.path.join(d, "cases.json"), "w") as f:
        json.dump(cases, f, indent=1, sort_keys=True)


if __name__ == "__main__":
    main(sys.argv[1])
