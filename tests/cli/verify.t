# weightaudit verify --manifest: re-hash and compare.

### the fixture matches its example manifest
$ verify @FX/directory/tiny-llama --manifest @ROOT/manifests/examples/tiny-llama.json
? 0
~ stdout verify: 6 match, 0 mismatch, 0 missing, 0 extra: OK

### the same files in a zip, an hf cache, a local-dir, a git clone
$ verify @FX/archives/tiny-llama.zip --manifest @ROOT/manifests/examples/tiny-llama.json
? 0

### hf cache
$ verify @FX/hf-cache/hub/models--tiny-org--tiny-llama --manifest @ROOT/manifests/examples/tiny-llama.json
? 0

### local-dir
$ verify @FX/local-dir/tiny-llama --manifest @ROOT/manifests/examples/tiny-llama.json
? 0

### git: .gitattributes is extra
$ verify --format json @FX/git/tiny-llama --manifest @ROOT/manifests/examples/tiny-llama.json
? 1
= ok false
= matched 6
= extra[0].path ".gitattributes"

### a flipped byte: listed as a mismatch, exit 1
$ verify --format json @FX/directory/flipped --manifest @ROOT/manifests/examples/tiny-llama.json
? 1
= ok false
= matched 5
= mismatch[0].path "model-00001-of-00002.safetensors"
= mismatch[0].expected_sha256 "33006c899de242d7aecddd4b216db1c9ae04940d25eaf5d697e19cebcf19a3b9"
= missing []
= extra []

### a missing and an extra file
$ verify --format json @FX/directory/escape-link --manifest @ROOT/manifests/examples/tiny-llama.json
? 1
len extra 2
= extra[0].path "notes.txt"

### missing shard
$ verify @FX/directory/missing-shard --manifest @ROOT/manifests/examples/tiny-llama.json
? 1
~ stdout MISSING   model-00002-of-00002.safetensors

### a malformed manifest: exit 2, the file named
$ verify @FX/directory/tiny-llama --manifest @ROOT/tests/cli/verify.t
? 2
~ stderr verify.t

### --sbom given a manifest, not an SBOM: malformed document, exit 2
$ verify @FX/directory/tiny-llama --sbom @ROOT/manifests/examples/tiny-llama.json
? 2
~ stderr tiny-llama.json: neither a CycloneDX document (bomFormat) nor an SPDX 2.x JSON document

### usage: neither option
$ verify @FX/directory/tiny-llama
? 2
