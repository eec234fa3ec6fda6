#!/usr/bin/env python3
"""Seeds for the scanner's parsers' fuzz targets, written to
OUT/seeds/<target>/: safetensors indexes, Git LFS pointers, local-dir
download metadata, Ollama manifests and weightaudit manifests, valid and
broken in the ways that matter (duplicates, escapes, bad digests)."""
import json
import os

H64 = "4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393"
H40 = "a16a55fda99d2f2e7b69cce5cf93ff4ad3049930"


def put(out, target, name, data):
    d = os.path.join(out, "seeds", target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


def main(out):
    wm = {"model.embed.weight": "model-00001-of-00002.safetensors",
          "lm_head.weight": "model-00002-of-00002.safetensors"}
    put(out, "stindex", "good.json", json.dumps({"metadata": {"total_size": 4096}, "weight_map": wm}))
    put(out, "stindex", "no_meta.json", json.dumps({"weight_map": wm}))
    put(out, "stindex", "subdir.json", json.dumps({"weight_map": {"a": "unet/x.safetensors"}}))
    put(out, "stindex", "float_total.json", '{"metadata":{"total_size":1.5},"weight_map":{}}')
    put(out, "stindex", "not_string.json", '{"weight_map":{"a":1}}')
    put(out, "stindex", "absolute.json", '{"weight_map":{"a":"/etc/passwd"}}')
    put(out, "stindex", "trailing.json", '{"weight_map":{}} x')
    put(out, "lfsptr", "v1", "version https://git-lfs.github.com/spec/v1\noid sha256:%s\nsize 12345\n" % H64)
    put(out, "lfsptr", "unsorted", "version https://git-lfs.github.com/spec/v1\nsize 1\noid sha256:%s\n" % H64)
    put(out, "lfsptr", "no_newline", "version https://git-lfs.github.com/spec/v1\noid sha256:%s\nsize 1" % H64)
    put(out, "lfsptr", "upper", "version https://git-lfs.github.com/spec/v1\noid sha256:%s\nsize 1\n" % H64.upper())
    put(out, "lfsptr", "big_size", "version https://git-lfs.github.com/spec/v1\noid sha256:%s\nsize 99999999999999999999\n" % H64)
    put(out, "hfmeta", "lfs", "%s\n%s\n1712656091.123\n" % (H40, H64))
    put(out, "hfmeta", "git", "%s\n%s\n1712656091\n" % (H40, H40))
    put(out, "hfmeta", "quoted", '%s\n"%s"\n1712656091.5\n' % (H40, H64))
    put(out, "hfmeta", "nan", "%s\n%s\nnan\n" % (H40, H64))
    put(out, "hfmeta", "four_lines", "%s\n%s\n1\n2\n" % (H40, H64))
    layer = {"mediaType": "application/vnd.ollama.image.model", "digest": "sha256:" + H64, "size": 10}
    put(out, "ollamamf", "good", json.dumps({"schemaVersion": 2, "config": dict(layer, mediaType="x"),
                                             "layers": [layer, dict(layer, mediaType="application/vnd.ollama.image.license")]}))
    put(out, "ollamamf", "no_config", json.dumps({"layers": [layer]}))
    put(out, "ollamamf", "bad_digest", json.dumps({"layers": [dict(layer, digest="md5:abc")]}))
    put(out, "ollamamf", "neg_size", json.dumps({"layers": [dict(layer, size=-1)]}))
    f = {"path": "model.safetensors", "size": 10, "sha256": H64}
    put(out, "manifest", "good.json", json.dumps({"schema": "weightaudit-manifest/1", "name": "o/n",
                                                  "revision": H40, "files": [f]}))
    put(out, "manifest", "dup.json", json.dumps({"schema": "weightaudit-manifest/1", "files": [f, f]}))
    put(out, "manifest", "escape.json", json.dumps({"schema": "weightaudit-manifest/1",
                                                    "files": [dict(f, path="../x")]}))
    put(out, "manifest", "schema.json", json.dumps({"schema": "other", "files": []}))
    put(out, "manifest", "null_size.json", json.dumps({"schema": "weightaudit-manifest/1",
                                                       "files": [dict(f, size=None)]}))


if __name__ == "__main__":
    import sys
    main(sys.argv[1] if len(sys.argv) > 1 else "build/testdata")
