# weightaudit scan: a `hf download --local-dir` folder.  Files: 0 LICENSE,
# 1 README.md, 2 config.json, 3 model-00001-of-00002.safetensors,
# 4 model-00002-of-00002.safetensors, 5 model.safetensors.index.json.

### every file verified by its metadata etag; .cache is not part of the model
$ scan --format json @FX/local-dir/tiny-llama
? 0
schema @ROOT/tests/schemas/report.schema.json
same
= verdict "allow"
= models[0].layout "hf-local-dir"
= models[0].name null
= models[0].revision "4c2a3d5b8e9f0a1b2c3d4e5f60718293a4b5c6d7"
len models[0].files 6
= models[0].files[0].integrity "verified"
= models[0].files[0].expected.from "local-dir-metadata"
= models[0].files[0].expected.git_sha1 "3e7191fa96508e5b6067cb47c848e95db8f0bc90"
= models[0].files[1].integrity "verified"
= models[0].files[2].integrity "verified"
= models[0].files[3].integrity "verified"
= models[0].files[3].expected.sha256 "33006c899de242d7aecddd4b216db1c9ae04940d25eaf5d697e19cebcf19a3b9"
= models[0].files[4].integrity "verified"
= models[0].files[5].integrity "verified"

### stale metadata: the README changed after the download, unverified, review
$ scan --format json @FX/local-dir-bad/stale
? 0
schema @ROOT/tests/schemas/report.schema.json
= verdict "review"
= models[0].files[1].integrity "unverified"
= models[0].files[1].expected null
= models[0].files[3].integrity "verified"
any models[0].findings code "metadata_stale"

### stale metadata fails under --fail-on review
$ scan --format json --fail-on review @FX/local-dir-bad/stale
? 1

### a weight file changed behind the metadata (mtime kept): mismatch, deny
$ scan --format json @FX/local-dir-bad/flipped
? 1
schema @ROOT/tests/schemas/report.schema.json
= verdict "deny"
= models[0].files[3].integrity "mismatch"
= models[0].files[3].expected.from "local-dir-metadata"
= models[0].files[4].integrity "verified"

### an interrupted download: incomplete, deny
$ scan --format json @FX/local-dir-bad/incomplete
? 1
schema @ROOT/tests/schemas/report.schema.json
= verdict "deny"
= models[0].files[4].path "model-00002-of-00002.safetensors"
= models[0].files[4].integrity "incomplete"
any models[0].findings code "download_incomplete"

### huggingface_hub >= 0.28 names the partial file <short_hash>.<etag>.incomplete: the file is found through NAME.lock
$ scan --format json @FX/local-dir-bad/incomplete-0.28
? 1
schema @ROOT/tests/schemas/report.schema.json
= verdict "deny"
len models[0].files 6
= models[0].files[4].path "model-00002-of-00002.safetensors"
= models[0].files[4].integrity "incomplete"
= models[0].files[4].role "weights"
any models[0].findings code "download_incomplete"
!~ stdout weights_absent
!~ stdout index_shard_missing

### and >= 1.18 <short_hash>.<etag>.<uuid8>.incomplete
$ scan --format json @FX/local-dir-bad/incomplete-1.18
? 1
= verdict "deny"
len models[0].files 6
= models[0].files[4].path "model-00002-of-00002.safetensors"
= models[0].files[4].integrity "incomplete"
any models[0].findings code "download_incomplete"
!~ stdout weights_absent

### no NAME.lock names the short hash: the entry keeps it, and says why
$ scan --format json @FX/local-dir-bad/incomplete-no-lock
? 1
= verdict "deny"
any models[0].files path "Dr_lZJDwE1cnGAQMwA77jJEQIk8="
any models[0].files integrity "incomplete"
~ stdout no NAME.lock or NAME.metadata beside it matches
