# weightaudit scan: git clones with git-lfs.  Files: 0 .gitattributes,
# 1 LICENSE, 2 README.md, 3 config.json, 4 model-00001-of-00002.safetensors,
# 5 model-00002-of-00002.safetensors, 6 model.safetensors.index.json.

### a full clone: LFS files verified by their pointer in HEAD, others by blob id
$ scan --format json @FX/git/tiny-llama
? 0
schema @ROOT/tests/schemas/report.schema.json
same
= verdict "allow"
= models[0].layout "git"
= models[0].name "tiny-org/tiny-llama"
= models[0].revision "34059b6ac231ad0a2a7b5f9c702c55c0dadc1454"
len models[0].files 7
= models[0].files[0].integrity "verified"
= models[0].files[0].expected.from "git-tree"
= models[0].files[1].integrity "verified"
= models[0].files[1].expected.git_sha1 "3e7191fa96508e5b6067cb47c848e95db8f0bc90"
= models[0].files[2].integrity "verified"
= models[0].files[3].integrity "verified"
= models[0].files[4].integrity "verified"
= models[0].files[4].expected.from "lfs-pointer"
= models[0].files[4].expected.sha256 "33006c899de242d7aecddd4b216db1c9ae04940d25eaf5d697e19cebcf19a3b9"
= models[0].files[4].expected.size 6376
= models[0].files[5].integrity "verified"
= models[0].files[5].expected.from "lfs-pointer"
= models[0].files[6].integrity "verified"

### cloned with GIT_LFS_SKIP_SMUDGE=1: the weights are pointers, deny
$ scan --format json @FX/git/tiny-llama-pointers
? 1
schema @ROOT/tests/schemas/report.schema.json
= verdict "deny"
= models[0].files[4].integrity "lfs-pointer"
= models[0].files[4].expected.from "lfs-pointer"
= models[0].files[5].integrity "lfs-pointer"
= models[0].files[1].integrity "verified"
any models[0].findings code "lfs_pointer"

### an LFS file modified in the work tree: mismatch, deny
$ scan --format json @FX/git/tiny-llama-modified
? 1
schema @ROOT/tests/schemas/report.schema.json
= verdict "deny"
= models[0].files[4].integrity "mismatch"
= models[0].files[4].expected.from "lfs-pointer"
= models[0].files[5].integrity "verified"
any models[0].findings code "integrity_mismatch"

### the manifest of a pointer clone leaves the pointers out, exit 1
$ manifest @FX/git/tiny-llama-pointers
? 1
~ stderr model-00001-of-00002.safetensors: left out of the manifest: lfs-pointer
