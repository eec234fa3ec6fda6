# weightaudit scan: huggingface_hub's cache.  Files: 0 LICENSE, 1 README.md,
# 2 config.json, 3 model-00001-of-00002.safetensors,
# 4 model-00002-of-00002.safetensors, 5 model.safetensors.index.json.

### a whole cache folder: one model per repository, every blob verified by its name
$ scan --format json @FX/hf-cache/hub
? 0
schema @ROOT/tests/schemas/report.schema.json
same
= verdict "allow"
len models 1
= models[0].layout "hf-cache"
= models[0].name "tiny-org/tiny-llama"
= models[0].revision "4c2a3d5b8e9f0a1b2c3d4e5f60718293a4b5c6d7"
len models[0].files 6
= models[0].files[0].integrity "verified"
= models[0].files[0].expected.from "hf-blob-name"
= models[0].files[0].expected.git_sha1 "3e7191fa96508e5b6067cb47c848e95db8f0bc90"
= models[0].files[1].integrity "verified"
= models[0].files[2].integrity "verified"
= models[0].files[3].integrity "verified"
= models[0].files[3].expected.from "hf-blob-name"
= models[0].files[3].expected.sha256 "33006c899de242d7aecddd4b216db1c9ae04940d25eaf5d697e19cebcf19a3b9"
= models[0].files[4].integrity "verified"
= models[0].files[5].integrity "verified"
= models[0].concluded_license "Apache-2.0"
any models[0].findings code "policy_allow"

### ~/.cache/huggingface (holding hub/) is recognised too
$ scan --format json @FX/hf-cache
? 0
= models[0].name "tiny-org/tiny-llama"

### the repository folder itself
$ scan --format json @FX/hf-cache/hub/models--tiny-org--tiny-llama
? 0
schema @ROOT/tests/schemas/report.schema.json
len models 1
= models[0].files[3].integrity "verified"

### one snapshot folder
$ scan --format json @FX/hf-cache/hub/models--tiny-org--tiny-llama/snapshots/4c2a3d5b8e9f0a1b2c3d4e5f60718293a4b5c6d7
? 0
= models[0].layout "hf-cache"
= models[0].revision "4c2a3d5b8e9f0a1b2c3d4e5f60718293a4b5c6d7"
= models[0].files[4].integrity "verified"

### the corrupted cache: one model per variant, each deny or review, exit 1
$ scan --format json @FX/hf-cache-bad
? 1
schema @ROOT/tests/schemas/report.schema.json
same
= verdict "deny"
len models 5
= models[0].name "bad/dangling"
= models[0].verdict "deny"
= models[0].files[4].integrity "missing"
= models[0].files[4].expected.from "hf-blob-name"
= models[0].files[3].integrity "verified"
any models[0].findings code "file_missing"
any models[0].findings code "index_shard_missing"
= models[1].name "bad/escape"
= models[1].verdict "deny"
= models[1].files[6].path "notes.txt"
= models[1].files[6].integrity "unsafe-path"
any models[1].findings code "unsafe_path"
= models[2].name "bad/flipped"
= models[2].verdict "deny"
= models[2].files[3].integrity "mismatch"
= models[2].files[3].expected.from "hf-blob-name"
= models[2].files[4].integrity "verified"
any models[2].findings code "integrity_mismatch"
= models[3].name "bad/incomplete"
= models[3].verdict "deny"
len models[3].files 5
any models[3].findings code "download_incomplete"
any models[3].findings code "index_shard_missing"
= models[4].name "bad/ref-dangling"
= models[4].verdict "review"
= models[4].files[3].integrity "verified"
any models[4].findings code "ref_dangling"

### text report of the corrupted cache
$ scan @FX/hf-cache-bad
? 1
~ stdout verdict DENY (5 models)
~ stdout integrity_mismatch
~ stdout download_incomplete

### trees/<commit>.json as huggingface_hub >= 1.22 writes it ({"format_version": 1, "files": {...}}): every linked file verified by it, allow
$ scan --format json @FX/hf-cache-tree/models--tree--linked
? 0
schema @ROOT/tests/schemas/report.schema.json
= verdict "allow"
len models[0].files 6
= models[0].files[0].integrity "verified"
= models[0].files[0].expected.from "git-tree"
= models[0].files[0].expected.git_sha1 "3e7191fa96508e5b6067cb47c848e95db8f0bc90"
= models[0].files[3].integrity "verified"
= models[0].files[3].expected.from "git-tree"
= models[0].files[3].expected.sha256 "33006c899de242d7aecddd4b216db1c9ae04940d25eaf5d697e19cebcf19a3b9"
= models[0].files[4].integrity "verified"
= models[0].files[5].integrity "verified"
!~ stdout hf_tree_invalid

### a cache written without symlinks (copies in snapshots/, blobs/ empty): the tree proves every copy
$ scan --format json @FX/hf-cache-tree/models--tree--copies
? 0
= verdict "allow"
= models[0].files[0].integrity "verified"
= models[0].files[0].expected.from "git-tree"
= models[0].files[2].integrity "verified"
= models[0].files[3].integrity "verified"
= models[0].files[3].expected.sha256 "33006c899de242d7aecddd4b216db1c9ae04940d25eaf5d697e19cebcf19a3b9"
= models[0].files[4].integrity "verified"
!~ stdout hf_copy_unverified
!~ stdout hf_tree_invalid

### a copy with one byte flipped: mismatch against the tree, deny
$ scan --format json @FX/hf-cache-tree/models--tree--flipped
? 1
schema @ROOT/tests/schemas/report.schema.json
= verdict "deny"
= models[0].files[3].integrity "mismatch"
= models[0].files[3].expected.from "git-tree"
= models[0].files[4].integrity "verified"
any models[0].findings code "integrity_mismatch"
