# weightaudit verify PATH --sbom FILE: SBOMs written by scan round-trip, and
# a flipped byte, a removed file and an added file are caught.  Cases run in
# file order: the first ones write SBOMs under @ROOT/build/ (cli-sbom-*), later
# ones read them.  Exit 0 every file matches, 1 a mismatch, missing or extra
# file, 2 malformed SBOM.

### scan writes CycloneDX and SPDX of the fixture in one pass
$ scan @FX/directory/tiny-llama --format cyclonedx -o @ROOT/build/cli-sbom-tiny-llama.cdx.json --format spdx -o @ROOT/build/cli-sbom-tiny-llama.spdx.json
env SOURCE_DATE_EPOCH=1700000000
? 0
json @ROOT/build/cli-sbom-tiny-llama.cdx.json
schema @ROOT/tests/schemas/bom-1.6.schema.json
json @ROOT/build/cli-sbom-tiny-llama.spdx.json
schema @ROOT/tests/schemas/spdx-2.3-schema.json

### the same SBOM bytes from a second scan
$ scan @FX/directory/tiny-llama --format cyclonedx
env SOURCE_DATE_EPOCH=1700000000
? 0
same

### verify: the CycloneDX SBOM round-trips
$ verify @FX/directory/tiny-llama --sbom @ROOT/build/cli-sbom-tiny-llama.cdx.json
? 0

### verify: the SPDX SBOM round-trips
$ verify @FX/directory/tiny-llama --sbom @ROOT/build/cli-sbom-tiny-llama.spdx.json
? 0

### verify catches a flipped byte
$ verify @FX/directory/flipped --sbom @ROOT/build/cli-sbom-tiny-llama.cdx.json
? 1
~ stdout model-00001-of-00002.safetensors
~ stdout mismatch

### verify catches it through SPDX too
$ verify @FX/directory/flipped --sbom @ROOT/build/cli-sbom-tiny-llama.spdx.json
? 1
~ stdout model-00001-of-00002.safetensors

### verify catches a removed file
$ verify @FX/directory/removed --sbom @ROOT/build/cli-sbom-tiny-llama.cdx.json
? 1
~ stdout config.json
~ stdout missing

### verify catches an added file
$ verify @FX/directory/added --sbom @ROOT/build/cli-sbom-tiny-llama.cdx.json
? 1
~ stdout extra.bin
~ stdout extra

### every mismatch is listed, not only the first
$ verify @FX/directory/added --sbom @ROOT/build/cli-sbom-tiny-llama.spdx.json
? 1
~ stdout extra.bin

# ---- malformed SBOMs: exit 2 with the file and what is wrong (tests/data/bad-sboms/) ------------

### not JSON
$ verify @FX/directory/tiny-llama --sbom @ROOT/tests/data/bad-sboms/not-json.cdx.json
? 2
~ stderr not-json.cdx.json: offset
~ stderr not valid JSON

### neither CycloneDX nor SPDX
$ verify @FX/directory/tiny-llama --sbom @ROOT/tests/data/bad-sboms/not-an-sbom.json
? 2
~ stderr not-an-sbom.json: neither a CycloneDX document (bomFormat) nor an SPDX 2.x JSON document

### an absolute path is refused, never opened
$ verify @FX/directory/tiny-llama --sbom @ROOT/tests/data/bad-sboms/absolute-path.cdx.json
? 2
~ stderr absolute file path "/etc/passwd"

### a path that climbs out is refused
$ verify @FX/directory/tiny-llama --sbom @ROOT/tests/data/bad-sboms/climbs-out.spdx.json
? 2
~ stderr unsafe file path "../../etc/shadow"

### files of two models in one document
$ verify @FX/directory/tiny-llama --sbom @ROOT/tests/data/bad-sboms/two-models.cdx.json
? 2
~ stderr the files belong to more than one component

### a document that crashed the reader once (tests/hostile/sbom/)
$ verify @FX/directory/tiny-llama --sbom @ROOT/tests/hostile/sbom/bsearch-empty-files.json
? 2
~ stderr lists no file with a SHA-256 hash

### a missing SBOM
$ verify @FX/directory/tiny-llama --sbom @ROOT/build/cli-sbom-no-such.cdx.json
? 2
~ stderr no-such.cdx.json: open: No such file or directory
