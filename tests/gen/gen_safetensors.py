#!/usr/bin/env python3
"""Generate safetensors test files, valid and invalid, with the verdict each
must get.  Writes OUT/safetensors/*.safetensors and OUT/safetensors/cases.json
({name: {"valid": bool, "code": str|null, "offset": int|null}}).

The writer follows the reference's serialize(): header JSON padded with
spaces to a multiple of 8, tensors sorted by dtype alignment then name."""
import json
import os
import struct
import sys

BITS = {"BOOL": 8, "F4": 4, "F6_E2M3": 6, "F6_E3M2": 6, "U8": 8, "I8": 8,
        "F8_E5M2": 8, "F8_E4M3": 8, "F8_E8M0": 8, "F8_E4M3FNUZ": 8,
        "F8_E5M2FNUZ": 8, "I16": 16, "U16": 16, "F16": 16, "BF16": 16,
        "I32": 32, "U32": 32, "F32": 32, "C64": 64, "F64": 64, "I64": 64,
        "U64": 64}


def nbytes(dtype, shape):
    n = 1
    for d in shape:
        n *= d
    return n * BITS[dtype] // 8


def serialize(tensors, metadata=None, pad=True):
    """tensors: list of (name, dtype, shape); returns bytes like the reference."""
    header = {}
    if metadata is not None:
        header["__metadata__"] = metadata
    off = 0
    data = bytearray()
    for i, (name, dtype, shape) in enumerate(tensors):
        n = nbytes(dtype, shape)
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [off, off + n]}
        data += bytes((i * 7 + j) & 0xFF for j in range(n))
        off += n
    h = json.dumps(header, separators=(",", ":")).encode()
    if pad:
        h += b" " * ((8 - len(h) % 8) % 8)
    return struct.pack("<Q", len(h)) + h + bytes(data)


def raw(header_bytes, data=b""):
    return struct.pack("<Q", len(header_bytes)) + header_bytes + data


def main(out):
    d = os.path.join(out, "safetensors")
    os.makedirs(d, exist_ok=True)
    cases = {}

    seeds = os.path.join(out, "seeds", "safetensors")
    os.makedirs(seeds, exist_ok=True)

    def put(name, blob, valid, code=None, offset=None):
        for where in (d, seeds):
            with open(os.path.join(where, name + ".safetensors"), "wb") as f:
                f.write(blob)
        cases[name] = {"valid": valid, "code": code, "offset": offset}

    base = [("a", "F32", [2, 3]), ("b", "BF16", [4]), ("c", "I64", [1])]
    put("valid_basic", serialize(base, {"format": "pt"}), True)
    put("valid_empty", serialize([]), True)
    put("valid_no_metadata", serialize(base), True)
    put("valid_scalar", serialize([("s", "F64", [])]), True)
    put("valid_zero_size", serialize([("z", "F32", [0, 5]), ("w", "U8", [3])]), True)
    put("valid_all_dtypes", serialize([("t_" + k, k, [16]) for k in sorted(BITS)]), True)
    put("valid_f4_even", serialize([("q", "F4", [2, 3])]), True)
    put("valid_unpadded", serialize(base, pad=False), True)
    put("valid_unicode_name", serialize([("é\u4e2d", "U8", [2])]), True)
    # header padded with every kind of JSON whitespace
    h = json.dumps({"x": {"dtype": "U8", "shape": [2], "data_offsets": [0, 2]}}).encode() + b" \n\t\r  "
    put("valid_ws_padding", raw(h, b"\x01\x02"), True)
    # unknown fields in a tensor entry are ignored by the reference
    h = b'{"x":{"dtype":"U8","shape":[2],"data_offsets":[0,2],"extra":[1,{"y":null}]}}'
    put("valid_extra_field", raw(h, b"ab"), True)
    # tensors listed out of offset order are sorted first
    h = b'{"b":{"dtype":"U8","shape":[2],"data_offsets":[2,4]},"a":{"dtype":"U8","shape":[2],"data_offsets":[0,2]}}'
    put("valid_unordered", raw(h, b"abcd"), True)
    big = [("layer.%d.weight" % i, "F16", [8, 8]) for i in range(50)]
    put("valid_many", serialize(big, {"k%d" % i: "v" * i for i in range(20)}), True)

    # larger than one read chunk: exercises read-ahead and skipping
    large = serialize([("big.%d" % i, "F32", [1024, 512]) for i in range(3)])
    with open(os.path.join(d, "large.safetensors"), "wb") as f:
        f.write(large)
    with open(os.path.join(d, "large_truncated.safetensors"), "wb") as f:
        f.write(large[:-1])

    put("bad_short", b"\x10\x00\x00", False, "header_length", 0)
    put("bad_empty", b"", False, "header_length", 0)
    put("bad_too_large", struct.pack("<Q", 100_000_001) + b"{}", False, "header_too_large", 0)
    put("bad_huge_len", struct.pack("<Q", 2**63) + b"{}", False, "header_too_large", 0)
    put("bad_len_past_end", struct.pack("<Q", 64) + b"{}", False, "header_length", 0)
    put("bad_utf8", raw(b'{"a\xff":{}}'), False, "header_not_utf8", 11)
    put("bad_overlong_utf8", raw(b'{"\xc0\xaf":1}'), False, "header_not_utf8", 10)
    put("bad_not_json", raw(b'{"a":'), False, "header_not_json", 13)
    put("bad_array_header", raw(b'[1,2]   '), False, "header_not_json", 8)
    put("bad_trailing", raw(b'{}  x'), False, "header_not_json", 12)
    put("bad_nul_padding", raw(b'{}\x00\x00\x00\x00\x00\x00'), False, "header_not_json", 10)
    put("bad_zero_len", raw(b""), False, "header_not_json", 8)
    put("bad_lone_surrogate", raw(b'{"\\ud800":1}'), False, "header_not_json", 10)
    put("bad_metadata_number", raw(b'{"__metadata__":{"a":1}}'), False, "metadata_invalid", 29)
    put("bad_metadata_list", raw(b'{"__metadata__":[]}'), False, "metadata_invalid", 24)
    h = b'{"x":{"dtype":"F33","shape":[1],"data_offsets":[0,4]}}'
    put("bad_dtype", raw(h, b"abcd"), False, "dtype_unknown", 22)
    h = b'{"x":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}'
    put("bad_shape_negative", raw(h, b"abcd"), False, "shape_invalid", 37)
    h = b'{"x":{"dtype":"F32","shape":[1.0],"data_offsets":[0,4]}}'
    put("bad_shape_float", raw(h, b"abcd"), False, "shape_invalid", 37)
    h = b'{"x":{"dtype":"F32","shape":[1],"data_offsets":[0]}}'
    put("bad_offsets_one", raw(h, b"abcd"), False, "offsets_invalid", 55)
    h = b'{"x":{"dtype":"F32","shape":[1]}}'
    put("bad_missing_offsets", raw(h, b"abcd"), False, "tensor_invalid", 13)
    h = b'{"x":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}}'
    put("bad_size_mismatch", raw(h, b"abcd"), False, "size_mismatch", 9)
    h = b'{"x":{"dtype":"U8","shape":[2],"data_offsets":[1,3]}}'
    put("bad_gap_start", raw(h, b"abc"), False, "offsets_invalid", 9)
    h = (b'{"x":{"dtype":"U8","shape":[2],"data_offsets":[0,2]},'
         b'"y":{"dtype":"U8","shape":[2],"data_offsets":[3,5]}}')
    put("bad_gap_middle", raw(h, b"abcde"), False, "offsets_invalid", 61)
    h = (b'{"x":{"dtype":"U8","shape":[2],"data_offsets":[0,2]},'
         b'"y":{"dtype":"U8","shape":[2],"data_offsets":[1,3]}}')
    put("bad_overlap", raw(h, b"abc"), False, "offsets_invalid", 61)
    h = b'{"x":{"dtype":"U8","shape":[0],"data_offsets":[2,0]}}'
    put("bad_reversed", raw(h, b""), False, "offsets_invalid", 9)
    h = b'{"x":{"dtype":"U8","shape":[4294967296,4294967296],"data_offsets":[0,0]}}'
    put("bad_overflow_shape", raw(h), False, "overflow", 9)
    h = b'{"x":{"dtype":"F64","shape":[4294967296,1073741824],"data_offsets":[0,0]}}'
    put("bad_overflow_bits", raw(h), False, "overflow", 9)
    h = b'{"x":{"dtype":"F4","shape":[3],"data_offsets":[0,1]}}'
    put("bad_misaligned_f4", raw(h, b"a"), False, "misaligned_slice", 9)
    h = (b'{"x":{"dtype":"U8","shape":[2],"data_offsets":[0,2]},'
         b'"x":{"dtype":"U8","shape":[2],"data_offsets":[2,4]}}')
    put("bad_duplicate", raw(h, b"abcd"), False, "duplicate_tensor", 61)
    h = (b'{"x":{"dtype":"U8","shape":[2],"data_offsets":[0,2]},'
         b'"\\u0078":{"dtype":"U8","shape":[2],"data_offsets":[2,4]}}')
    put("bad_duplicate_escaped", raw(h, b"abcd"), False, "duplicate_tensor", 61)
    put("bad_truncated", serialize(base)[:-3], False, "data_length_mismatch", None)
    put("bad_trailing_data", serialize(base) + b"\x00", False, "data_length_mismatch", None)
    put("bad_not_object_entry", raw(b'{"x":5}'), False, "tensor_invalid", 13)
    h = b'{"__metadata__":{},"__metadata__":{}}'
    put("bad_metadata_twice", raw(h), False, "metadata_invalid", 27)

    with open(os.path.join(d, "cases.json"), "w") as f:
        json.dump(cases, f, indent=1, sort_keys=True)


if __name__ == "__main__":
    main(sys.argv[1])
