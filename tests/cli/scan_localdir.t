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
