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

# ---- an SBOM of several models: verify reads the one that is PATH ----------------------------------

### scan writes one CycloneDX and one SPDX document of two models
$ scan @FX/directory/tiny-llama @FX/hf-cache/hub/models--tiny-org--tiny-llama @FX/directory/added --format cyclonedx -o @ROOT/build/cli-sbom-multi.cdx.json --format spdx -o @ROOT/build/cli-sbom-multi.spdx.json
? 0
json @ROOT/build/cli-sbom-multi.cdx.json
len components 3

### CycloneDX: PATH is the model whose recorded path it is
$ verify @FX/directory/added --sbom @ROOT/build/cli-sbom-multi.cdx.json
? 0
~ stdout verify: 7 match, 0 mismatch, 0 missing, 0 extra: OK

### SPDX: PATH is the model whose recorded path it is
$ verify @FX/directory/added --sbom @ROOT/build/cli-sbom-multi.spdx.json
? 0
~ stdout verify: 7 match, 0 mismatch, 0 missing, 0 extra: OK

### CycloneDX: the hf-cache model by its recorded path
$ verify @FX/hf-cache/hub/models--tiny-org--tiny-llama --sbom @ROOT/build/cli-sbom-multi.cdx.json
? 0
~ stdout 0 mismatch, 0 missing, 0 extra: OK

### SPDX: the same model found by a relative PATH (realpath)
$ verify build/fixtures/hf-cache/hub/models--tiny-org--tiny-llama --sbom @ROOT/build/cli-sbom-multi.spdx.json
? 0
~ stdout 0 mismatch, 0 missing, 0 extra: OK

### a folder that is none of the models: refused, the candidates listed with their recorded paths
$ verify @FX/directory/flipped --sbom @ROOT/build/cli-sbom-multi.cdx.json
? 2
~ stderr none is the model at @FX/directory/flipped by its recorded path or name
~ stderr "tiny-org/tiny-llama" at @FX/hf-cache/hub/models--tiny-org--tiny-llama

### SPDX: two candidates alike (the folder is named like two of the models): refused, both listed
$ verify @FX/git/tiny-llama --sbom @ROOT/build/cli-sbom-multi.spdx.json
? 2
~ stderr the files belong to more than one package and 2 match the model at @FX/git/tiny-llama alike
~ stderr "tiny-llama" at @FX/directory/tiny-llama
~ stderr "tiny-org/tiny-llama" at @FX/hf-cache/hub/models--tiny-org--tiny-llama

### CycloneDX: two candidates alike, refused
$ verify @FX/git/tiny-llama --sbom @ROOT/build/cli-sbom-multi.cdx.json
? 2
~ stderr the files belong to more than one component and 2 match the model at @FX/git/tiny-llama alike

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

### files of two models in one document, neither of them PATH: refused, the candidates listed
$ verify @FX/directory/tiny-llama --sbom @ROOT/tests/data/bad-sboms/two-models.cdx.json
? 2
~ stderr the files belong to more than one component and none is the model at @FX/directory/tiny-llama by its recorded path or name ("a", "b")

### a document that crashed the reader once (tests/hostile/sbom/)
$ verify @FX/directory/tiny-llama --sbom @ROOT/tests/hostile/sbom/bsearch-empty-files.json
? 2
~ stderr lists no file with a SHA-256 hash

### a missing SBOM
$ verify @FX/directory/tiny-llama --sbom @ROOT/build/cli-sbom-no-such.cdx.json
? 2
~ stderr no-such.cdx.json: open: No such file or directory
