# weightaudit scan: an Ollama store.  Files sort by path: 0 config blob,
# 1 params, 2 template, 3 model (GGUF), 4 license, 5 the manifest.

### every layer's digest and size checked; license and params recorded
$ scan --format json @FX/ollama/models
? 0
schema @ROOT/tests/schemas/report.schema.json
same
= verdict "allow"
= models[0].layout "ollama"
= models[0].name "library/tiny:latest"
= models[0].revision "29eba1c6a5e3eec6bd4f9dd654864ff8378eb9bdd6feb251189f925083400a5c"
len models[0].files 6
= models[0].files[0].role "config"
= models[0].files[0].integrity "verified"
= models[0].files[0].expected.from "ollama-manifest"
= models[0].files[1].role "config"
= models[0].files[1].facts.ollama_media_type "application/vnd.ollama.image.params"
= models[0].files[1].integrity "verified"
= models[0].files[2].integrity "verified"
= models[0].files[3].role "weights"
= models[0].files[3].integrity "verified"
= models[0].files[3].expected.sha256 "e55f231e930dbca749676b803de495993c851f135c3196066f702ebaacae36c2"
= models[0].files[3].expected.size 576
= models[0].files[4].role "license"
= models[0].files[4].facts.ollama_media_type "application/vnd.ollama.image.license"
= models[0].files[4].integrity "verified"
= models[0].files[5].path "manifests/registry.ollama.ai/library/tiny/latest"
= models[0].files[5].integrity "unverified"

### ~/.ollama (holding models/) is recognised too
$ scan --format json @FX/ollama
? 0
= models[0].name "library/tiny:latest"

### a flipped model blob and a pull that did not finish: deny
$ scan --format json @FX/ollama-bad/models
? 1
schema @ROOT/tests/schemas/report.schema.json
= verdict "deny"
= models[0].files[3].integrity "mismatch"
= models[0].files[3].expected.from "ollama-manifest"
= models[0].files[4].integrity "incomplete"
= models[0].files[1].integrity "verified"
any models[0].findings code "integrity_mismatch"
any models[0].findings code "download_incomplete"

### SPDX: the manifest, read by the layout itself, carries its SHA-1 too, so the package has its verification code
$ scan --no-progress --format spdx @FX/ollama/models
env SOURCE_DATE_EPOCH=1700000000
? 0
schema @ROOT/tests/schemas/spdx-2.3-schema.json
schema @ROOT/tests/schemas/spdx-2.3-schema.v2.3-tag.json
len files 6
= files[5].fileName "./manifests/registry.ollama.ai/library/tiny/latest"
= files[5].checksums [{"algorithm": "SHA1", "checksumValue": "a4ab4ac3f522a8fc7a9a1881de0761b1db4c9610"}, {"algorithm": "SHA256", "checksumValue": "29eba1c6a5e3eec6bd4f9dd654864ff8378eb9bdd6feb251189f925083400a5c"}]
= packages[0].packageVerificationCode {"packageVerificationCodeValue": "7e490052c8db0dd96138930798e0b9ff622e255f"}
!~ stdout carry no SHA-1
