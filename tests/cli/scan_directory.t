# weightaudit scan: the plain directory layout and its corrupted variants.
# Files sort by path: 0 LICENSE, 1 README.md, 2 config.json,
# 3 model-00001-of-00002.safetensors, 4 model-00002-of-00002.safetensors,
# 5 model.safetensors.index.json.

### directory: every file hashed and validated, unverified, allow
$ scan --format json --jobs 2 @FX/directory/tiny-llama
? 0
schema @ROOT/tests/schemas/report.schema.json
same
= verdict "allow"
= models[0].layout "directory"
= models[0].name null
= models[0].revision null
len models[0].files 6
= models[0].files[0].role "license"
= models[0].files[1].role "card"
= models[0].files[2].role "config"
= models[0].files[3].role "weights"
= models[0].files[3].format "safetensors"
= models[0].files[3].valid true
= models[0].files[3].tensors 2
= models[0].files[3].integrity "unverified"
= models[0].files[3].expected null
= models[0].files[3].sha256 "33006c899de242d7aecddd4b216db1c9ae04940d25eaf5d697e19cebcf19a3b9"
= models[0].files[4].integrity "unverified"
= models[0].files[5].role "index"
= models[0].parameters 7168
any models[0].findings code "integrity_unverified"

### directory with the example manifest: every file verified
$ scan --format json --manifest @ROOT/manifests/examples/tiny-llama.json @FX/directory/tiny-llama
? 0
schema @ROOT/tests/schemas/report.schema.json
= verdict "allow"
= models[0].files[0].integrity "verified"
= models[0].files[3].integrity "verified"
= models[0].files[3].expected.from "manifest"
= models[0].files[3].expected.sha256 "33006c899de242d7aecddd4b216db1c9ae04940d25eaf5d697e19cebcf19a3b9"
= models[0].files[3].expected.size 6376
= models[0].files[4].integrity "verified"
= models[0].files[5].integrity "verified"

### flipped byte, against the manifest: mismatch, deny, exit 1
$ scan --format json --manifest @ROOT/manifests/examples/tiny-llama.json @FX/directory/flipped
? 1
schema @ROOT/tests/schemas/report.schema.json
= verdict "deny"
= models[0].files[3].integrity "mismatch"
= models[0].files[3].expected.from "manifest"
= models[0].files[4].integrity "verified"
any models[0].findings code "integrity_mismatch"

### --fail-on never: the same deny exits 0
$ scan --format json --fail-on never --manifest @ROOT/manifests/examples/tiny-llama.json @FX/directory/flipped
? 0
= verdict "deny"

### truncated shard: invalid safetensors, deny
$ scan --format json @FX/directory/truncated-shard
? 1
schema @ROOT/tests/schemas/report.schema.json
= verdict "deny"
= models[0].files[4].valid false
= models[0].files[4].integrity "unverified"
= models[0].files[4].problems[0].code "data_length_mismatch"
any models[0].findings code "file_invalid"

### truncated shard against the manifest: mismatch as well
$ scan --format json --manifest @ROOT/manifests/examples/tiny-llama.json @FX/directory/truncated-shard
? 1
= models[0].files[4].integrity "mismatch"

### missing shard: the index names it, deny
$ scan --format json @FX/directory/missing-shard
? 1
schema @ROOT/tests/schemas/report.schema.json
= verdict "deny"
len models[0].files 5
any models[0].findings code "index_shard_missing"

### missing shard against the manifest: listed as missing
$ scan --format json --manifest @ROOT/manifests/examples/tiny-llama.json @FX/directory/missing-shard
? 1
schema @ROOT/tests/schemas/report.schema.json
= models[0].files[4].path "model-00002-of-00002.safetensors"
= models[0].files[4].integrity "missing"
= models[0].files[4].expected.from "manifest"
any models[0].findings code "file_missing"

### the index names a tensor no shard holds: deny
$ scan --format json @FX/directory/index-missing-tensor
? 1
schema @ROOT/tests/schemas/report.schema.json
= verdict "deny"
any models[0].findings code "index_tensor_missing"
any models[0].findings file "model-00001-of-00002.safetensors"

### a symlink out of the root and a FIFO: unsafe-path, deny, the rest is read
$ scan --format json @FX/directory/escape-link
? 1
schema @ROOT/tests/schemas/report.schema.json
= verdict "deny"
= models[0].files[6].path "notes.txt"
= models[0].files[6].integrity "unsafe-path"
= models[0].files[7].path "pipe"
= models[0].files[7].integrity "unsafe-path"
= models[0].files[3].integrity "unverified"
= models[0].files[3].valid true
any models[0].findings code "unsafe_path"

### text report: verdict first, then why
$ scan @FX/directory/index-missing-tensor
? 1
~ stdout weightaudit 0.1.0: verdict DENY
~ stdout index_tensor_missing
~ stdout model-00001-of-00002.safetensors

### --no-hash: headers only, no digest, same verdict for a truncated shard
$ scan --format json --no-hash @FX/directory/truncated-shard
? 1
schema @ROOT/tests/schemas/report.schema.json
= models[0].files[3].sha256 null
= models[0].files[3].valid true
= models[0].files[4].valid false
any models[0].findings code "hash_skipped"

### --no-hash with a manifest still compares sizes
$ scan --format json --no-hash --manifest @ROOT/manifests/examples/tiny-llama.json @FX/directory/truncated-shard
? 1
= models[0].files[4].integrity "mismatch"
= models[0].files[3].integrity "unverified"

### one weight file as PATH
$ scan --format json @FX/directory/tiny-llama/model-00001-of-00002.safetensors
? 0
schema @ROOT/tests/schemas/report.schema.json
len models[0].files 1
= models[0].files[0].path "model-00001-of-00002.safetensors"
= models[0].files[0].valid true

### --shard: a partial report marks itself and reads part of the weights
$ scan --format json --shard 1/2 @FX/directory/tiny-llama
? 0
schema @ROOT/tests/schemas/report.schema.json
= shard {"index": 1, "count": 2}
len models[0].files 5
= models[0].files[3].path "model-00001-of-00002.safetensors"
= models[0].files[4].path "model.safetensors.index.json"
= models[0].verdict "allow"

### --shard 2/2 holds the other weight files
$ scan --format json --shard 2/2 @FX/directory/tiny-llama
? 0
= shard {"index": 2, "count": 2}
len models[0].files 5
= models[0].files[3].path "model-00002-of-00002.safetensors"

### --shard: the same part whatever the path the model is reached by
$ scan --format json --shard 1/2 @FX/directory/../directory/tiny-llama
? 0
= models[0].files[3].path "model-00001-of-00002.safetensors"
= models[0].verdict "allow"

### -o and a second output
$ scan --format json -o @TMP/r.json --format text -o @TMP/r.txt @FX/directory/tiny-llama
? 0
json @TMP/r.json
= verdict "allow"
schema @ROOT/tests/schemas/report.schema.json

### missing PATH: exit 2, named
$ scan @FX/directory/no-such-model
? 2
~ stderr no-such-model: no such file or directory

### one missing PATH among good ones: the others are still reported, exit 2
$ scan --format json @FX/directory/tiny-llama @FX/directory/no-such-model
? 2
len models 1

### usage errors
$ scan
? 2
~ stderr expects at least one PATH

### bad --shard
$ scan --shard 3/2 @FX/directory/tiny-llama
? 2
~ stderr --shard must be I/N

### bad --jobs
$ scan --jobs 0 @FX/directory/tiny-llama
? 2

### bad --fail-on
$ scan --fail-on maybe @FX/directory/tiny-llama
? 2

### an unknown output format
$ scan --format pdf @FX/directory/tiny-llama
? 2
~ stderr --format must be one of text, json, cyclonedx, spdx, sarif, html, not 'pdf'

### malformed manifest: exit 2 with the file
$ scan --manifest @ROOT/tests/cli/scan_directory.t @FX/directory/tiny-llama
? 2
~ stderr scan_directory.t

### help
$ scan --help
? 0
~ stdout Usage: weightaudit scan
