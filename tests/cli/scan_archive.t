# weightaudit scan: archives, streamed and never extracted.  The common
# top folder is not part of the paths.  Files: 0 LICENSE, 1 README.md,
# 2 config.json, 3 model-00001-of-00002.safetensors,
# 4 model-00002-of-00002.safetensors, 5 model.safetensors.index.json.

### tar.gz: every entry hashed and validated, unverified
$ scan --format json @FX/archives/tiny-llama.tar.gz
? 0
schema @ROOT/tests/schemas/report.schema.json
same
= verdict "allow"
= models[0].layout "archive"
len models[0].files 6
= models[0].files[3].path "model-00001-of-00002.safetensors"
= models[0].files[3].sha256 "33006c899de242d7aecddd4b216db1c9ae04940d25eaf5d697e19cebcf19a3b9"
= models[0].files[3].valid true
= models[0].files[3].integrity "unverified"
= models[0].files[4].valid true
= models[0].files[0].role "license"

### tar, tar.zst and zip give the same files
$ scan --format json @FX/archives/tiny-llama.tar @FX/archives/tiny-llama.tar.zst @FX/archives/tiny-llama.zip
? 0
schema @ROOT/tests/schemas/report.schema.json
len models 3
= models[0].files[3].sha256 "33006c899de242d7aecddd4b216db1c9ae04940d25eaf5d697e19cebcf19a3b9"
= models[1].files[3].sha256 "33006c899de242d7aecddd4b216db1c9ae04940d25eaf5d697e19cebcf19a3b9"
= models[2].files[3].sha256 "33006c899de242d7aecddd4b216db1c9ae04940d25eaf5d697e19cebcf19a3b9"
= models[2].files[4].sha256 "46232934244e1623305bfe36a60146c8120fe9b56ecf0f07112886b114837d30"

### with the manifest: every entry verified
$ scan --format json --manifest @ROOT/manifests/examples/tiny-llama.json @FX/archives/tiny-llama.zip
? 0
= models[0].files[3].integrity "verified"
= models[0].files[3].expected.from "manifest"
= models[0].files[5].integrity "verified"

### a flipped entry against the manifest: mismatch
$ scan --format json --manifest @ROOT/manifests/examples/tiny-llama.json @FX/archives-bad/flipped.tar
? 1
schema @ROOT/tests/schemas/report.schema.json
= models[0].files[3].integrity "mismatch"
= models[0].files[4].integrity "verified"

### a truncated archive: deny
$ scan --format json @FX/archives-bad/truncated.tar.gz
? 1
schema @ROOT/tests/schemas/report.schema.json
= verdict "deny"
any models[0].findings code "archive_invalid"

### an entry climbing out with "..", a symlink to /etc/passwd: unsafe-path, not read
$ scan --format json @FX/archives-bad/escape.tar
? 1
schema @ROOT/tests/schemas/report.schema.json
= verdict "deny"
any models[0].files path "../../evil.sh"
any models[0].files integrity "unsafe-path"
any models[0].findings code "unsafe_path"
