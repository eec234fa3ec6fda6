# What the SBOMs say about licenses, from scans of the license folders (tests/gen/gen_licenses.py):
# a modified text that decides is never stated as the clean license, an unidentified license
# leaves evidence, several card licenses are all declared.  Every document validates against
# the official schema.

### SPDX: a modified Apache text that decides is concluded as its own LicenseRef with the text found
$ scan --no-progress --format spdx @TD/licenses/sbom-apache-modified
env SOURCE_DATE_EPOCH=1700000000
? 0
schema @ROOT/tests/schemas/spdx-2.3-schema.json
schema @ROOT/tests/schemas/spdx-2.3-schema.v2.3-tag.json
= packages[0].licenseConcluded "LicenseRef-Apache-2.0-modified"
= packages[0].licenseDeclared "Apache-2.0"
= packages[0].licenseInfoFromFiles ["LicenseRef-Apache-2.0-modified"]
len hasExtractedLicensingInfos 1
= hasExtractedLicensingInfos[0].licenseId "LicenseRef-Apache-2.0-modified"
~ stdout Subject to the terms and conditions of this License, each Contributor hereby grants to You a revocable, non-commercial
same

### CycloneDX: a modified Apache text that decides is concluded by name with its text, never by id
$ scan --no-progress --format cyclonedx @TD/licenses/sbom-apache-modified
env SOURCE_DATE_EPOCH=1700000000
? 0
schema @ROOT/tests/schemas/bom-1.6.schema.json
len components[0].licenses 3
= components[0].licenses[1].license.id "Apache-2.0"
= components[0].licenses[1].license.acknowledgement "declared"
= components[0].licenses[2].license.name "Apache License 2.0 (modified text)"
= components[0].licenses[2].license.acknowledgement "concluded"
= components[0].licenses[2].license.text.contentType "text/plain"
= components[0].licenses[2].license.properties [{"name": "weightaudit:license_id", "value": "Apache-2.0"}]
same

### SPDX: a modified Llama text that decides is concluded as its own LicenseRef
$ scan --no-progress --format spdx @TD/licenses/sbom-llama-modified
env SOURCE_DATE_EPOCH=1700000000
? 0
schema @ROOT/tests/schemas/spdx-2.3-schema.json
schema @ROOT/tests/schemas/spdx-2.3-schema.v2.3-tag.json
= packages[0].licenseConcluded "LicenseRef-Llama-3.1-Community-modified"
= packages[0].licenseDeclared "LicenseRef-Llama-3.1-Community"
any hasExtractedLicensingInfos licenseId "LicenseRef-Llama-3.1-Community-modified"
~ stdout greater than 7 billion monthly active users

### CycloneDX: a modified Llama text that decides is concluded under its modified name
$ scan --no-progress --format cyclonedx @TD/licenses/sbom-llama-modified
env SOURCE_DATE_EPOCH=1700000000
? 0
schema @ROOT/tests/schemas/bom-1.6.schema.json
len components[0].licenses 3
= components[0].licenses[1].license.name "Llama 3.1 Community License Agreement"
= components[0].licenses[1].license.acknowledgement "declared"
= components[0].licenses[2].license.name "Llama 3.1 Community License Agreement (modified text)"
= components[0].licenses[2].license.acknowledgement "concluded"
= components[0].licenses[2].license.text.contentType "text/plain"

### CycloneDX: an unidentified LICENSE text is declared by name with the text found
$ scan --no-progress --format cyclonedx @TD/licenses/sbom-custom-text
env SOURCE_DATE_EPOCH=1700000000
? 0
schema @ROOT/tests/schemas/bom-1.6.schema.json
len components[0].licenses 2
= components[0].licenses[0].license.name "Unidentified license in LICENSE"
= components[0].licenses[0].license.acknowledgement "declared"
= components[0].licenses[0].license.text {"contentType": "text/plain", "content": "Frobnicator Research Terms\n\nYou may run these weights for research on frobnicators only.\n"}
has components[0].licenses[0].license.properties {"name": "weightaudit:license_id", "value": "NOASSERTION"}
= components[0].licenses[1].license {"name": "Unidentified license in LICENSE", "acknowledgement": "concluded", "properties": [{"name": "weightaudit:license_id", "value": "NOASSERTION"}]}
has components[0].properties {"name": "weightaudit:concluded_license", "value": "NOASSERTION"}
!~ stdout "id": "NOASSERTION"

### CycloneDX: card license: other with a license_name is declared under that name
$ scan --no-progress --format cyclonedx @TD/licenses/sbom-card-other-named
env SOURCE_DATE_EPOCH=1700000000
? 0
schema @ROOT/tests/schemas/bom-1.6.schema.json
len components[0].licenses 2
= components[0].licenses[0].license.name "frobnicator-research-license"
= components[0].licenses[0].license.acknowledgement "declared"
has components[0].licenses[0].license.properties {"name": "weightaudit:source", "value": "README.md"}
= components[0].licenses[1].license {"name": "frobnicator-research-license", "acknowledgement": "concluded", "properties": [{"name": "weightaudit:license_id", "value": "NOASSERTION"}]}

# ---- names: without org/name a model is named by its folder's base name, never the machine path

### SPDX: package and document named by the folder's base name; the namespace slug too; the path stays in the comment
$ scan --no-progress --format spdx @TD/licenses/sbom-custom-text/
env SOURCE_DATE_EPOCH=1700000000
? 0
schema @ROOT/tests/schemas/spdx-2.3-schema.json
= name "sbom-custom-text"
= packages[0].name "sbom-custom-text"
~ stdout "documentNamespace": "https://spdx.org/spdxdocs/weightaudit-sbom-custom-text-
~ stdout /build/testdata/licenses/sbom-custom-text/ (layout directory).
!~ stdout "name": "/

### CycloneDX: the component named by the folder's base name; the path stays a property
$ scan --no-progress --format cyclonedx @TD/licenses/sbom-custom-text
env SOURCE_DATE_EPOCH=1700000000
? 0
schema @ROOT/tests/schemas/bom-1.6.schema.json
= components[0].name "sbom-custom-text"
!~ stdout "name": "/
any components[0].properties name "weightaudit:path"

### SPDX: an archive without org/name is named by the file's base name
$ scan --no-progress --format spdx @FX/archives/tiny-llama.zip
env SOURCE_DATE_EPOCH=1700000000
? 0
= packages[0].name "tiny-llama.zip"

# ---- several card licenses

### SPDX: a card listing apache-2.0 and mit declares both, as in CycloneDX
$ scan --no-progress --format spdx @TD/licenses/sbom-card-list
env SOURCE_DATE_EPOCH=1700000000
? 0
schema @ROOT/tests/schemas/spdx-2.3-schema.json
schema @ROOT/tests/schemas/spdx-2.3-schema.v2.3-tag.json
= packages[0].licenseDeclared "(Apache-2.0 AND MIT)"
= packages[0].licenseConcluded "Apache-2.0"
!~ stdout hasExtractedLicensingInfos

### CycloneDX: the same card declares both licenses
$ scan --no-progress --format cyclonedx @TD/licenses/sbom-card-list
env SOURCE_DATE_EPOCH=1700000000
? 0
schema @ROOT/tests/schemas/bom-1.6.schema.json
= components[0].licenses[0].license.id "Apache-2.0"
= components[0].licenses[0].license.acknowledgement "declared"
= components[0].licenses[1].license.id "MIT"
= components[0].licenses[1].license.acknowledgement "declared"

# ---- scan --no-hash: nothing is hashed, so no SPDX file can be listed

### SPDX --no-hash: filesAnalyzed false, no files, and a comment that says why
$ scan --no-progress --no-hash --format spdx @FX/directory/tiny-llama
env SOURCE_DATE_EPOCH=1700000000
? 0
schema @ROOT/tests/schemas/spdx-2.3-schema.json
schema @ROOT/tests/schemas/spdx-2.3-schema.v2.3-tag.json
= packages[0].filesAnalyzed false
= packages[0].comment "weightaudit verdict: allow. Model path: @ROOT/build/fixtures/directory/tiny-llama (layout directory). 6 recorded file(s) were not hashed (scan --no-hash), so the package lists no files (filesAnalyzed false)."
= packages[0].licenseConcluded "Apache-2.0"
!~ stdout "files"
!~ stdout licenseInfoFromFiles
!~ stdout packageVerificationCode
!~ stdout could not be read
!~ stdout CONTAINS

### SPDX --no-hash on an Ollama store: the manifest, hashed anyway, is not listed alone either
$ scan --no-progress --no-hash --format spdx @FX/ollama/models
env SOURCE_DATE_EPOCH=1700000000
? 0
schema @ROOT/tests/schemas/spdx-2.3-schema.json
= packages[0].filesAnalyzed false
~ stdout 5 recorded file(s) were not hashed (scan --no-hash), so the package lists no files (filesAnalyzed false).
!~ stdout "files"

### SPDX: an interrupted Ollama download could not be read; the other files are listed with the verification code
$ scan --no-progress --format spdx @FX/ollama-bad/models
env SOURCE_DATE_EPOCH=1700000000
? 1
schema @ROOT/tests/schemas/spdx-2.3-schema.json
= packages[0].filesAnalyzed true
len files 5
~ stdout 1 recorded file(s) could not be read (missing, incomplete, unreadable or unsafe path) and are not listed as SPDX files.
~ stdout "packageVerificationCodeValue"
!~ stdout not hashed
