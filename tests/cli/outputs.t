# Every output format from every hand-written report (tests/data/reports/, weightaudit-report/1),
# driven through `merge` until `scan` writes them: each document validates against the official
# schema (vendored in tests/schemas/, $refs resolved offline) and a second run gives the same bytes.
# SOURCE_DATE_EPOCH=1700000000 is 2023-11-14T22:13:20Z.

### apache-allow: the input report validates against the native schema
$ merge --format json @ROOT/tests/data/reports/apache-allow.json
env SOURCE_DATE_EPOCH=1700000000
? 0
schema @ROOT/tests/schemas/report.schema.json
= schema "weightaudit-report/1"
same

### apache-allow: CycloneDX 1.6
$ merge --format cyclonedx @ROOT/tests/data/reports/apache-allow.json
env SOURCE_DATE_EPOCH=1700000000
? 0
schema @ROOT/tests/schemas/bom-1.6.schema.json
= bomFormat "CycloneDX"
= specVersion "1.6"
= metadata.timestamp "2023-11-14T22:13:20Z"
= metadata.tools.components[0].name "weightaudit"
~ stdout "serialNumber": "urn:uuid:
same

### apache-allow: SPDX 2.3
$ merge --format spdx @ROOT/tests/data/reports/apache-allow.json
env SOURCE_DATE_EPOCH=1700000000
? 0
schema @ROOT/tests/schemas/spdx-2.3-schema.json
schema @ROOT/tests/schemas/spdx-2.3-schema.v2.3-tag.json
= spdxVersion "SPDX-2.3"
= creationInfo.created "2023-11-14T22:13:20Z"
~ stdout "documentNamespace": "https://spdx.org/spdxdocs/weightaudit-
same

### apache-allow: SARIF 2.1.0
$ merge --format sarif @ROOT/tests/data/reports/apache-allow.json
env SOURCE_DATE_EPOCH=1700000000
? 0
schema @ROOT/tests/schemas/sarif-schema-2.1.0.json
= version "2.1.0"
= runs[0].tool.driver.name "weightaudit"
same

### apache-allow: HTML
$ merge --format html @ROOT/tests/data/reports/apache-allow.json
env SOURCE_DATE_EPOCH=1700000000
? 0
~ stdout <!DOCTYPE html>
~ stdout <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'sha256-
!~ stdout <script
!~ stdout <img
!~ stdout href=
!~ stdout url(http
~ stdout It is not legal advice.
same

### llama31-deny: the input report validates against the native schema
$ merge --format json @ROOT/tests/data/reports/llama31-deny.json
env SOURCE_DATE_EPOCH=1700000000
? 1
schema @ROOT/tests/schemas/report.schema.json
= schema "weightaudit-report/1"
same

### llama31-deny: CycloneDX 1.6
$ merge --format cyclonedx @ROOT/tests/data/reports/llama31-deny.json
env SOURCE_DATE_EPOCH=1700000000
? 1
schema @ROOT/tests/schemas/bom-1.6.schema.json
= bomFormat "CycloneDX"
= specVersion "1.6"
= metadata.timestamp "2023-11-14T22:13:20Z"
= metadata.tools.components[0].name "weightaudit"
~ stdout "serialNumber": "urn:uuid:
same

### llama31-deny: SPDX 2.3
$ merge --format spdx @ROOT/tests/data/reports/llama31-deny.json
env SOURCE_DATE_EPOCH=1700000000
? 1
schema @ROOT/tests/schemas/spdx-2.3-schema.json
schema @ROOT/tests/schemas/spdx-2.3-schema.v2.3-tag.json
= spdxVersion "SPDX-2.3"
= creationInfo.created "2023-11-14T22:13:20Z"
~ stdout "documentNamespace": "https://spdx.org/spdxdocs/weightaudit-
same

### llama31-deny: SARIF 2.1.0
$ merge --format sarif @ROOT/tests/data/reports/llama31-deny.json
env SOURCE_DATE_EPOCH=1700000000
? 1
schema @ROOT/tests/schemas/sarif-schema-2.1.0.json
= version "2.1.0"
= runs[0].tool.driver.name "weightaudit"
same

### llama31-deny: HTML
$ merge --format html @ROOT/tests/data/reports/llama31-deny.json
env SOURCE_DATE_EPOCH=1700000000
? 1
~ stdout <!DOCTYPE html>
~ stdout <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'sha256-
!~ stdout <script
!~ stdout <img
!~ stdout href=
!~ stdout url(http
~ stdout It is not legal advice.
same

### licenseref-review: the input report validates against the native schema
$ merge --format json @ROOT/tests/data/reports/licenseref-review.json
env SOURCE_DATE_EPOCH=1700000000
? 0
schema @ROOT/tests/schemas/report.schema.json
= schema "weightaudit-report/1"
same

### licenseref-review: CycloneDX 1.6
$ merge --format cyclonedx @ROOT/tests/data/reports/licenseref-review.json
env SOURCE_DATE_EPOCH=1700000000
? 0
schema @ROOT/tests/schemas/bom-1.6.schema.json
= bomFormat "CycloneDX"
= specVersion "1.6"
= metadata.timestamp "2023-11-14T22:13:20Z"
= metadata.tools.components[0].name "weightaudit"
~ stdout "serialNumber": "urn:uuid:
same

### licenseref-review: SPDX 2.3
$ merge --format spdx @ROOT/tests/data/reports/licenseref-review.json
env SOURCE_DATE_EPOCH=1700000000
? 0
schema @ROOT/tests/schemas/spdx-2.3-schema.json
schema @ROOT/tests/schemas/spdx-2.3-schema.v2.3-tag.json
= spdxVersion "SPDX-2.3"
= creationInfo.created "2023-11-14T22:13:20Z"
~ stdout "documentNamespace": "https://spdx.org/spdxdocs/weightaudit-
same

### licenseref-review: SARIF 2.1.0
$ merge --format sarif @ROOT/tests/data/reports/licenseref-review.json
env SOURCE_DATE_EPOCH=1700000000
? 0
schema @ROOT/tests/schemas/sarif-schema-2.1.0.json
= version "2.1.0"
= runs[0].tool.driver.name "weightaudit"
same

### licenseref-review: HTML
$ merge --format html @ROOT/tests/data/reports/licenseref-review.json
env SOURCE_DATE_EPOCH=1700000000
? 0
~ stdout <!DOCTYPE html>
~ stdout <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'sha256-
!~ stdout <script
!~ stdout <img
!~ stdout href=
!~ stdout url(http
~ stdout It is not legal advice.
same

### base-models: the input report validates against the native schema
$ merge --format json @ROOT/tests/data/reports/base-models.json
env SOURCE_DATE_EPOCH=1700000000
? 0
schema @ROOT/tests/schemas/report.schema.json
= schema "weightaudit-report/1"
same

### base-models: CycloneDX 1.6
$ merge --format cyclonedx @ROOT/tests/data/reports/base-models.json
env SOURCE_DATE_EPOCH=1700000000
? 0
schema @ROOT/tests/schemas/bom-1.6.schema.json
= bomFormat "CycloneDX"
= specVersion "1.6"
= metadata.timestamp "2023-11-14T22:13:20Z"
= metadata.tools.components[0].name "weightaudit"
~ stdout "serialNumber": "urn:uuid:
same

### base-models: SPDX 2.3
$ merge --format spdx @ROOT/tests/data/reports/base-models.json
env SOURCE_DATE_EPOCH=1700000000
? 0
schema @ROOT/tests/schemas/spdx-2.3-schema.json
schema @ROOT/tests/schemas/spdx-2.3-schema.v2.3-tag.json
= spdxVersion "SPDX-2.3"
= creationInfo.created "2023-11-14T22:13:20Z"
~ stdout "documentNamespace": "https://spdx.org/spdxdocs/weightaudit-
same

### base-models: SARIF 2.1.0
$ merge --format sarif @ROOT/tests/data/reports/base-models.json
env SOURCE_DATE_EPOCH=1700000000
? 0
schema @ROOT/tests/schemas/sarif-schema-2.1.0.json
= version "2.1.0"
= runs[0].tool.driver.name "weightaudit"
same

### base-models: HTML
$ merge --format html @ROOT/tests/data/reports/base-models.json
env SOURCE_DATE_EPOCH=1700000000
? 0
~ stdout <!DOCTYPE html>
~ stdout <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'sha256-
!~ stdout <script
!~ stdout <img
!~ stdout href=
!~ stdout url(http
~ stdout It is not legal advice.
same

### hostile-names: the input report validates against the native schema
$ merge --format json @ROOT/tests/data/reports/hostile-names.json
env SOURCE_DATE_EPOCH=1700000000
? 1
schema @ROOT/tests/schemas/report.schema.json
= schema "weightaudit-report/1"
same

### hostile-names: CycloneDX 1.6
$ merge --format cyclonedx @ROOT/tests/data/reports/hostile-names.json
env SOURCE_DATE_EPOCH=1700000000
? 1
schema @ROOT/tests/schemas/bom-1.6.schema.json
= bomFormat "CycloneDX"
= specVersion "1.6"
= metadata.timestamp "2023-11-14T22:13:20Z"
= metadata.tools.components[0].name "weightaudit"
~ stdout "serialNumber": "urn:uuid:
same

### hostile-names: SPDX 2.3
$ merge --format spdx @ROOT/tests/data/reports/hostile-names.json
env SOURCE_DATE_EPOCH=1700000000
? 1
schema @ROOT/tests/schemas/spdx-2.3-schema.json
schema @ROOT/tests/schemas/spdx-2.3-schema.v2.3-tag.json
= spdxVersion "SPDX-2.3"
= creationInfo.created "2023-11-14T22:13:20Z"
~ stdout "documentNamespace": "https://spdx.org/spdxdocs/weightaudit-
same

### hostile-names: SARIF 2.1.0
$ merge --format sarif @ROOT/tests/data/reports/hostile-names.json
env SOURCE_DATE_EPOCH=1700000000
? 1
schema @ROOT/tests/schemas/sarif-schema-2.1.0.json
= version "2.1.0"
= runs[0].tool.driver.name "weightaudit"
same

### hostile-names: HTML
$ merge --format html @ROOT/tests/data/reports/hostile-names.json
env SOURCE_DATE_EPOCH=1700000000
? 1
~ stdout <!DOCTYPE html>
~ stdout <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'sha256-
!~ stdout <script
!~ stdout <img
!~ stdout href=
!~ stdout url(http
~ stdout It is not legal advice.
same

### license-replaced: the input report validates against the native schema
$ merge --format json @ROOT/tests/data/reports/license-replaced.json
env SOURCE_DATE_EPOCH=1700000000
? 0
schema @ROOT/tests/schemas/report.schema.json
= schema "weightaudit-report/1"
same

### license-replaced: CycloneDX 1.6
$ merge --format cyclonedx @ROOT/tests/data/reports/license-replaced.json
env SOURCE_DATE_EPOCH=1700000000
? 0
schema @ROOT/tests/schemas/bom-1.6.schema.json
= bomFormat "CycloneDX"
= specVersion "1.6"
= metadata.timestamp "2023-11-14T22:13:20Z"
= metadata.tools.components[0].name "weightaudit"
~ stdout "serialNumber": "urn:uuid:
same

### license-replaced: SPDX 2.3
$ merge --format spdx @ROOT/tests/data/reports/license-replaced.json
env SOURCE_DATE_EPOCH=1700000000
? 0
schema @ROOT/tests/schemas/spdx-2.3-schema.json
schema @ROOT/tests/schemas/spdx-2.3-schema.v2.3-tag.json
= spdxVersion "SPDX-2.3"
= creationInfo.created "2023-11-14T22:13:20Z"
~ stdout "documentNamespace": "https://spdx.org/spdxdocs/weightaudit-
same

### license-replaced: SARIF 2.1.0
$ merge --format sarif @ROOT/tests/data/reports/license-replaced.json
env SOURCE_DATE_EPOCH=1700000000
? 0
schema @ROOT/tests/schemas/sarif-schema-2.1.0.json
= version "2.1.0"
= runs[0].tool.driver.name "weightaudit"
same

### license-replaced: HTML
$ merge --format html @ROOT/tests/data/reports/license-replaced.json
env SOURCE_DATE_EPOCH=1700000000
? 0
~ stdout <!DOCTYPE html>
~ stdout <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'sha256-
!~ stdout <script
!~ stdout <img
!~ stdout href=
!~ stdout url(http
~ stdout It is not legal advice.
same

### empty: the input report validates against the native schema
$ merge --format json @ROOT/tests/data/reports/empty.json
env SOURCE_DATE_EPOCH=1700000000
? 0
schema @ROOT/tests/schemas/report.schema.json
= schema "weightaudit-report/1"
same

### empty: CycloneDX 1.6
$ merge --format cyclonedx @ROOT/tests/data/reports/empty.json
env SOURCE_DATE_EPOCH=1700000000
? 0
schema @ROOT/tests/schemas/bom-1.6.schema.json
= bomFormat "CycloneDX"
= specVersion "1.6"
= metadata.timestamp "2023-11-14T22:13:20Z"
= metadata.tools.components[0].name "weightaudit"
~ stdout "serialNumber": "urn:uuid:
same

### empty: SPDX 2.3
$ merge --format spdx @ROOT/tests/data/reports/empty.json
env SOURCE_DATE_EPOCH=1700000000
? 0
schema @ROOT/tests/schemas/spdx-2.3-schema.json
schema @ROOT/tests/schemas/spdx-2.3-schema.v2.3-tag.json
= spdxVersion "SPDX-2.3"
= creationInfo.created "2023-11-14T22:13:20Z"
~ stdout "documentNamespace": "https://spdx.org/spdxdocs/weightaudit-
same

### empty: SARIF 2.1.0
$ merge --format sarif @ROOT/tests/data/reports/empty.json
env SOURCE_DATE_EPOCH=1700000000
? 0
schema @ROOT/tests/schemas/sarif-schema-2.1.0.json
= version "2.1.0"
= runs[0].tool.driver.name "weightaudit"
same

### empty: HTML
$ merge --format html @ROOT/tests/data/reports/empty.json
env SOURCE_DATE_EPOCH=1700000000
? 0
~ stdout <!DOCTYPE html>
~ stdout <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'sha256-
!~ stdout <script
!~ stdout <img
!~ stdout href=
!~ stdout url(http
~ stdout It is not legal advice.
same

# ---- what the documents say ------------------------------------------------------------------

### CycloneDX: the model component, its purl, files with SHA-256 and their properties
$ merge --format cyclonedx @ROOT/tests/data/reports/apache-allow.json
env SOURCE_DATE_EPOCH=1700000000
? 0
= components[0].type "machine-learning-model"
= components[0].group "acme"
= components[0].name "tiny-apache"
= components[0].version "3f1c2a9e8d7b6a5f4e3d2c1b0a9f8e7d6c5b4a39"
= components[0].purl "pkg:huggingface/acme/tiny-apache@3f1c2a9e8d7b6a5f4e3d2c1b0a9f8e7d6c5b4a39"
= components[0].supplier.name "Acme AI"
= components[0].manufacturer.name "Acme AI SAS"
len components[0].components 5
= components[0].components[3].type "file"
= components[0].components[3].name "model.safetensors"
= components[0].components[3].hashes[0] {"alg": "SHA-256", "content": "9d75c1098fc54a1f7bd270f148884f599765d894639c9c4ee891396968c60df2"}
has components[0].components[3].properties {"name": "weightaudit:role", "value": "weights"}
has components[0].components[3].properties {"name": "weightaudit:format", "value": "safetensors"}
has components[0].components[3].properties {"name": "weightaudit:integrity", "value": "verified"}
has components[0].components[3].properties {"name": "weightaudit:size", "value": "1048584"}
= components[0].licenses[0].license.id "Apache-2.0"
= components[0].licenses[0].license.acknowledgement "declared"
= components[0].licenses[1].license.id "Apache-2.0"
= components[0].licenses[1].license.acknowledgement "concluded"
= components[0].modelCard.modelParameters.task "text-generation"
= components[0].modelCard.modelParameters.architectureFamily "llama"
= components[0].modelCard.modelParameters.modelArchitecture "LlamaForCausalLM"
= components[0].modelCard.modelParameters.datasets [{"ref": "model-1-dataset-1"}, {"ref": "model-1-dataset-2"}]
= components[1].type "data"
= components[1].bom-ref "model-1-dataset-1"
= components[1].data[0] {"type": "dataset", "name": "acme/open-corpus"}
has components[0].properties {"name": "weightaudit:verdict", "value": "allow"}
has components[0].properties {"name": "weightaudit:obligation:apache-notice", "value": "Keep any NOTICE file attributions and state the changes made to modified files."}

### CycloneDX: a non-SPDX license is a name with its full text, never an id; shards and findings as properties
$ merge --format cyclonedx @ROOT/tests/data/reports/llama31-deny.json
env SOURCE_DATE_EPOCH=1700000000
? 1
!~ stdout "id": "LicenseRef-
= components[0].licenses[0].license.name "Llama 3.1 Community License Agreement"
~ stdout LLAMA 3.1 COMMUNITY LICENSE AGREEMENT
= components[0].licenses[0].license.text.contentType "text/plain"
has components[0].licenses[0].license.properties {"name": "weightaudit:license_id", "value": "LicenseRef-Llama-3.1-Community"}
has components[0].licenses[0].license.properties {"name": "weightaudit:clause:mau-cap", "value": "700000000"}
= components[0].pedigree.ancestors[0].name "meta-llama/Llama-3.1-8B"
= components[0].pedigree.ancestors[0].purl "pkg:huggingface/meta-llama/Llama-3.1-8B"
has components[0].pedigree.ancestors[0].properties {"name": "weightaudit:relation", "value": "finetune"}
has components[0].components[6].properties {"name": "weightaudit:shard", "value": "2/4"}
has components[0].components[6].properties {"name": "weightaudit:integrity", "value": "mismatch"}
has components[0].properties {"name": "weightaudit:verdict", "value": "deny"}
any components[0].properties name "weightaudit:finding:integrity_mismatch"
has metadata.properties {"name": "weightaudit:verdict", "value": "deny"}

### CycloneDX: a modified license text never passes as the clean SPDX license
$ merge --format cyclonedx @ROOT/tests/data/reports/licenseref-review.json
env SOURCE_DATE_EPOCH=1700000000
? 0
!~ stdout "id": "MIT"
= components[0].licenses[0].license.name "MIT License (modified text)"
~ stdout The Software shall not be used for military purposes
= components[0].name "acme-research"
!~ stdout "purl"

### CycloneDX: hostile names are kept as safe strings; lowercase ids get their SPDX spelling
$ merge --format cyclonedx @ROOT/tests/data/reports/hostile-names.json
env SOURCE_DATE_EPOCH=1700000000
? 1
any components[0].components name "latin1-\\xe9t\\xe9-\\xff.bin"
any components[0].components name "ctrl\u0001\u001b[31mred\tand\nnewline.txt"
any components[0].components name "weird\"quote'name.safetensors"
any components[0].components name "<script>alert(\"x\")</script>.bin"
!~ stdout "id": "custom-proprietary"
!~ stdout "id": "NOASSERTION"
any components[0].licenses license {"id": "Apache-2.0", "acknowledgement": "declared", "properties": [{"name": "weightaudit:license_id", "value": "apache-2.0"}, {"name": "weightaudit:source", "value": "README.md"}, {"name": "weightaudit:method", "value": "card"}, {"name": "weightaudit:confidence", "value": "0.500"}, {"name": "weightaudit:modified", "value": "false"}]}
= components[0].version "main"
!~ stdout "purl"

### SPDX: package with verification code (every file has SHA-1), checksums, relationships, purl
$ merge --format spdx @ROOT/tests/data/reports/apache-allow.json
env SOURCE_DATE_EPOCH=1700000000
? 0
= packages[0].SPDXID "SPDXRef-Model-1"
= packages[0].name "acme/tiny-apache"
= packages[0].versionInfo "3f1c2a9e8d7b6a5f4e3d2c1b0a9f8e7d6c5b4a39"
= packages[0].downloadLocation "git+https://huggingface.co/acme/tiny-apache@3f1c2a9e8d7b6a5f4e3d2c1b0a9f8e7d6c5b4a39"
= packages[0].filesAnalyzed true
= packages[0].packageVerificationCode {"packageVerificationCodeValue": "167b273bb5389f36b4168c36067e629ebb9e1b20"}
= packages[0].licenseDeclared "Apache-2.0"
= packages[0].licenseConcluded "Apache-2.0"
= packages[0].supplier "Organization: Acme AI"
= packages[0].originator "Organization: Acme AI SAS"
= packages[0].externalRefs[0] {"referenceCategory": "PACKAGE-MANAGER", "referenceType": "purl", "referenceLocator": "pkg:huggingface/acme/tiny-apache@3f1c2a9e8d7b6a5f4e3d2c1b0a9f8e7d6c5b4a39"}
len files 5
= files[3].fileName "./model.safetensors"
= files[3].checksums [{"algorithm": "SHA1", "checksumValue": "c25a81432b4ff186e2d872a265ecc599ef076ea5"}, {"algorithm": "SHA256", "checksumValue": "9d75c1098fc54a1f7bd270f148884f599765d894639c9c4ee891396968c60df2"}]
has relationships {"spdxElementId": "SPDXRef-DOCUMENT", "relationshipType": "DESCRIBES", "relatedSpdxElement": "SPDXRef-Model-1"}
has relationships {"spdxElementId": "SPDXRef-Model-1", "relationshipType": "CONTAINS", "relatedSpdxElement": "SPDXRef-Model-1-File-4"}
!~ stdout hasExtractedLicensingInfos

### SPDX: LicenseRefs with their full text; files without SHA-1 give no verification code; findings as annotations
$ merge --format spdx @ROOT/tests/data/reports/llama31-deny.json
env SOURCE_DATE_EPOCH=1700000000
? 1
= packages[0].licenseDeclared "LicenseRef-Llama-3.1-Community"
= packages[0].licenseConcluded "LicenseRef-Llama-3.1-Community"
!~ stdout packageVerificationCode
~ stdout 11 file(s) carry no SHA-1 (only SHA-256), so no package verification code is given.
any hasExtractedLicensingInfos licenseId "LicenseRef-Llama-3.1-Community"
any hasExtractedLicensingInfos licenseId "LicenseRef-Llama-3.1-Acceptable-Use-Policy"
~ stdout "extractedText": " LLAMA 3.1 COMMUNITY LICENSE AGREEMENT
any packages[0].annotations annotationType "REVIEW"
has relationships {"spdxElementId": "SPDXRef-Model-1", "relationshipType": "DESCENDANT_OF", "relatedSpdxElement": "SPDXRef-Model-1-Base-1", "comment": "finetune"}
= packages[1].name "meta-llama/Llama-3.1-8B"
= packages[1].filesAnalyzed false

### SPDX: a modified license becomes its own LicenseRef with the text as found
$ merge --format spdx @ROOT/tests/data/reports/licenseref-review.json
env SOURCE_DATE_EPOCH=1700000000
? 0
= packages[0].licenseInfoFromFiles ["LicenseRef-MIT-modified", "LicenseRef-Acme-Research-1.0"]
= files[0].licenseInfoInFiles ["LicenseRef-MIT-modified"]
any hasExtractedLicensingInfos licenseId "LicenseRef-MIT-modified"
~ stdout The Software shall not be used for military purposes
!~ stdout "MIT"

### SPDX: lowercase and unlisted ids become valid expressions; unreadable files are not SPDX files
$ merge --format spdx @ROOT/tests/data/reports/hostile-names.json
env SOURCE_DATE_EPOCH=1700000000
? 1
= packages[0].licenseDeclared "Apache-2.0"
= packages[0].licenseConcluded "NOASSERTION"
any hasExtractedLicensingInfos licenseId "LicenseRef-custom-proprietary"
len files 9
any files fileName "./latin1-\\xe9t\\xe9-\\xff.bin"
= packages[0].downloadLocation "NOASSERTION"
~ stdout 3 recorded file(s) could not be read

### SPDX: base models are packages the model descends from; their LicenseRef text comes from the data folder
$ merge --format spdx @ROOT/tests/data/reports/base-models.json
env SOURCE_DATE_EPOCH=1700000000
env WEIGHTAUDIT_DATA=@ROOT/tests/data/datadir
? 0
len packages 4
has relationships {"spdxElementId": "SPDXRef-Model-1", "relationshipType": "DESCENDANT_OF", "relatedSpdxElement": "SPDXRef-Model-1-Base-2", "comment": "merge"}
= packages[2].licenseDeclared "Apache-2.0"
= packages[3].licenseDeclared "NOASSERTION"
any hasExtractedLicensingInfos extractedText "Test copy of a canonical license text, found through WEIGHTAUDIT_DATA.\n"

### SPDX: the canonical texts ship with the binary (licenses/ beside it): a LicenseRef gets its text
$ merge --format spdx @ROOT/tests/data/reports/base-models.json
env SOURCE_DATE_EPOCH=1700000000
env WEIGHTAUDIT_DATA=@ROOT/tests/data/no-such-folder
? 0
~ stdout LLAMA 3.1 COMMUNITY LICENSE AGREEMENT

### SARIF: one result per finding, level from severity, the file as location, line 1
$ merge --format sarif @ROOT/tests/data/reports/llama31-deny.json
? 1
len runs[0].results 5
= runs[0].results[0].ruleId "integrity_mismatch"
= runs[0].results[0].level "error"
= runs[0].results[0].locations[0].physicalLocation.artifactLocation {"uri": "model-00002-of-00004.safetensors", "uriBaseId": "MODEL1"}
= runs[0].originalUriBaseIds {"MODEL1": {"uri": "models/Llama-3.1-8B-Instruct/", "uriBaseId": "%SRCROOT%"}}
= runs[0].results[0].locations[0].physicalLocation.region {"startLine": 1}
~ stdout "primaryLocationLineHash": "
= runs[0].results[2].level "warning"
= runs[0].results[3].level "note"
= runs[0].automationDetails.id "weightaudit/models/Llama-3.1-8B-Instruct/"
any runs[0].tool.driver.rules id "integrity_mismatch"
any runs[0].tool.driver.rules id "mau_cap"
= $schema "https://json.schemastore.org/sarif-2.1.0.json"

### SARIF: rule text GitHub displays, and a generic rule for a code the table lacks
$ merge --format sarif @ROOT/tests/data/reports/hostile-names.json
? 1
len runs[0].results 9
any runs[0].tool.driver.rules shortDescription {"text": "Hash mismatch"}
any runs[0].tool.driver.rules shortDescription {"text": "weightaudit finding brand-new-code"}
any runs[0].results ruleId "brand-new-code"
any runs[0].results message {"text": "NOTICE holds license material that matches no known license"}
~ stdout "uri": "ctrl%01%1B%5B31mred%09and%0Anewline.txt"
~ stdout "uri": "%3Cscript%3Ealert%28%22x%22%29%3C/script%3E.bin"
~ stdout "uri": "evil%20repo/%E2%80%9Cmodel%E2%80%9D/"

### SARIF, absolute PATH: locations are paths inside the model on a file:// base id, never absolute URIs
$ scan --no-progress --format sarif @FX/directory/escape-link
? 1
schema @ROOT/tests/schemas/sarif-schema-2.1.0.json
= runs[0].originalUriBaseIds {"MODEL1": {"uri": "file://@FX/directory/escape-link/"}}
= runs[0].results[0].ruleId "unsafe_path"
= runs[0].results[0].locations[0].physicalLocation.artifactLocation {"uri": "notes.txt", "uriBaseId": "MODEL1"}
= runs[0].automationDetails.id "weightaudit/escape-link/"
!~ stdout "uri": "file://@FX/directory/escape-link/notes.txt"
!~ stdout "uri": "/

### SARIF, absolute PATH to a single-file model: the file in its folder, not tiny.gguf/tiny.gguf
$ scan --no-progress --format sarif @FX/tiny.gguf
? 0
schema @ROOT/tests/schemas/sarif-schema-2.1.0.json
= runs[0].originalUriBaseIds {"MODEL1": {"uri": "file://@FX/"}}
= runs[0].results[0].locations[0].physicalLocation.artifactLocation {"uri": "tiny.gguf", "uriBaseId": "MODEL1"}
= runs[0].results[1].locations[0].physicalLocation.artifactLocation {"uri": "tiny.gguf", "uriBaseId": "MODEL1"}
!~ stdout tiny.gguf/tiny.gguf

### SARIF, absolute PATH to an archive: the archive itself is the location, the entry a property
$ scan --no-progress --format sarif @FX/archives/tiny-llama.zip
? 0
= runs[0].originalUriBaseIds {"MODEL1": {"uri": "file://@FX/archives/"}}
~ stdout "file": "LICENSE"
!~ stdout "uri": "tiny-llama.zip/
!~ stdout "uri": "LICENSE"
~ stdout "uri": "tiny-llama.zip"

### SARIF, absolute PATH into the hf cache: the files of the revision's snapshot folder
$ scan --no-progress --format sarif @FX/hf-cache/hub/models--tiny-org--tiny-llama
? 0
= runs[0].originalUriBaseIds {"MODEL1": {"uri": "file://@FX/hf-cache/hub/models--tiny-org--tiny-llama/snapshots/4c2a3d5b8e9f0a1b2c3d4e5f60718293a4b5c6d7/"}}
any runs[0].results locations [{"physicalLocation": {"artifactLocation": {"uri": "LICENSE", "uriBaseId": "MODEL1"}, "region": {"startLine": 1}}}]
= runs[0].automationDetails.id "weightaudit/tiny-org/tiny-llama/"

### SARIF: every code the fixtures and the validator cases emit has a rule of its own (no generic rule)
$ scan --no-progress --format sarif @FX/archives @FX/archives-bad/escape.tar @FX/archives-bad/flipped.tar @FX/archives-bad/truncated.tar.gz @FX/directory/added @FX/directory/escape-link @FX/directory/flipped @FX/directory/index-missing-tensor @FX/directory/missing-shard @FX/directory/removed @FX/directory/truncated-shard @FX/facts/hub @FX/git/tiny-llama @FX/git/tiny-llama-modified @FX/git/tiny-llama-pointers @FX/hf-cache @FX/hf-cache-bad @FX/hf-cache-tree @FX/local-dir/tiny-llama @FX/local-dir-bad/flipped @FX/local-dir-bad/incomplete @FX/local-dir-bad/stale @FX/ollama/models @FX/ollama-bad/models @FX/tiny.gguf @TD/pickle @TD/gguf @TD/safetensors
? 1
schema @ROOT/tests/schemas/sarif-schema-2.1.0.json
any runs[0].results ruleId "unsafe_import"
any runs[0].results ruleId "torchscript_code"
any runs[0].results ruleId "index_tensor_missing"
any runs[0].results ruleId "ref_dangling"
any runs[0].results ruleId "file_invalid"
any runs[0].tool.driver.rules shortDescription {"text": "Pickle imports a dangerous callable"}
!~ stdout "text": "weightaudit finding 

### SARIF: no findings, no results; the run is still valid
$ merge --format sarif @ROOT/tests/data/reports/apache-allow.json
? 0
= runs[0].results []
= runs[0].properties {"verdict": "allow"}

### HTML: hostile strings are text, never markup
$ merge --format html @ROOT/tests/data/reports/hostile-names.json
? 1
~ stdout &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;.bin
~ stdout evil&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;/x y@z
~ stdout &lt;img src=x onerror=alert(1)&gt;
~ stdout ctrl<span class="esc">\x01</span><span class="esc">\x1b</span>[31mred<span class="esc">\x09</span>and<span class="esc">\x0a</span>newline.txt
~ stdout latin1-\xe9t\xe9-\xff.bin
~ stdout ]]&gt; --&gt; &lt;/style&gt;
!~ stdout <script
!~ stdout <img
!~ stdout <b>bold

### HTML: verdict, reasons, evidence highlighting, obligations checklist, lineage graph, file table
$ merge --format html @ROOT/tests/data/reports/licenseref-review.json
? 0
~ stdout <div class="word">REVIEW</div>
~ stdout <b>License text modified</b>
~ stdout <ins>The Software shall not be used for military purposes or in surveillance products.
~ stdout <del> sublicense,</del>
~ stdout <input type="checkbox">Use the model for non-commercial research only.
~ stdout <h3>Files (4)</h3>

### HTML: a replaced span shows the removed text struck out before what replaced it, escaped; evidence without a place is listed
$ merge --format html @ROOT/tests/data/reports/license-replaced.json
? 0
~ stdout grants to You a <del>perpetual, worldwide</del><ins>revocable, non-commercial</ins>, non-exclusive
~ stdout Licensor provides the Work on an <del>&quot;AS IS&quot; &lt;b&gt;&amp;&lt;/b&gt; </del>basis
~ stdout <pre class="text"><del>irrevocable (no place given)</del>
!~ stdout <b>&amp;</b>

### HTML: lineage as inline SVG, openness bar, publisher facts
$ merge --format html @ROOT/tests/data/reports/base-models.json
? 0
~ stdout <svg class="lineage"
~ stdout mistralai/Mistral-7B-v0.1</text>
~ stdout <span class="c-II on">Class II: open tooling</span>
~ stdout <dt>Upstream</dt><dd>Meta (US)</dd>

# ---- several formats from one run --------------------------------------------------------------

### four documents at once with repeated --format F -o FILE
$ merge @ROOT/tests/data/reports/base-models.json --format cyclonedx -o @TMP/m.cdx.json --format spdx -o @TMP/m.spdx.json --format sarif -o @TMP/m.sarif --format html -o @TMP/m.html --format json -o @TMP/m.json
? 0
json @TMP/m.cdx.json
schema @ROOT/tests/schemas/bom-1.6.schema.json
json @TMP/m.spdx.json
schema @ROOT/tests/schemas/spdx-2.3-schema.json
json @TMP/m.sarif
schema @ROOT/tests/schemas/sarif-schema-2.1.0.json
json @TMP/m.json
schema @ROOT/tests/schemas/report.schema.json

### SOURCE_DATE_EPOCH sets the timestamps of every format
$ merge @ROOT/tests/data/reports/empty.json --format spdx
env SOURCE_DATE_EPOCH=0
? 0
= creationInfo.created "1970-01-01T00:00:00Z"

# ---- the validation itself can fail: deliberately broken documents (tests/data/broken/) --------

### broken CycloneDX: a LicenseRef in license.id is rejected by the schema
$ --version
? 0
json @ROOT/tests/data/broken/cyclonedx-licenseref-id.json
!schema @ROOT/tests/schemas/bom-1.6.schema.json

### broken CycloneDX: "SHA256" is not the hash algorithm spelling
$ --version
? 0
json @ROOT/tests/data/broken/cyclonedx-hash-alg.json
!schema @ROOT/tests/schemas/bom-1.6.schema.json

### broken SPDX: no documentNamespace
$ --version
? 0
json @ROOT/tests/data/broken/spdx-no-namespace.json
!schema @ROOT/tests/schemas/spdx-2.3-schema.json

### broken SPDX: a file without checksums
$ --version
? 0
json @ROOT/tests/data/broken/spdx-file-no-checksum.json
!schema @ROOT/tests/schemas/spdx-2.3-schema.json
!schema @ROOT/tests/schemas/spdx-2.3-schema.v2.3-tag.json

### broken SARIF: level "fatal" does not exist
$ --version
? 0
json @ROOT/tests/data/broken/sarif-bad-level.json
!schema @ROOT/tests/schemas/sarif-schema-2.1.0.json

### broken native report: unknown integrity value
$ --version
? 0
json @ROOT/tests/data/broken/report-bad-integrity.json
!schema @ROOT/tests/schemas/report.schema.json

### SOURCE_DATE_EPOCH that is not a number: one warning, ignored (the merge time, never 1970)
$ merge @ROOT/tests/data/reports/empty.json --format spdx
env SOURCE_DATE_EPOCH=abc
? 0
schema @ROOT/tests/schemas/spdx-2.3-schema.json
~ stderr weightaudit: warning: SOURCE_DATE_EPOCH 'abc' is not a number of seconds from 0 to 253402300799 (9999-12-31); ignored, the documents carry the merge time
!~ stdout "created": "1970-01-01T00:00:00Z"

### SOURCE_DATE_EPOCH past the year 9999: ignored with a warning (no year 3170843)
$ merge @ROOT/tests/data/reports/empty.json --format cyclonedx
env SOURCE_DATE_EPOCH=99999999999999
? 0
schema @ROOT/tests/schemas/bom-1.6.schema.json
~ stderr SOURCE_DATE_EPOCH '99999999999999' is not a number of seconds
!~ stdout 3170843

### SOURCE_DATE_EPOCH negative: ignored with a warning
$ merge @ROOT/tests/data/reports/empty.json --format spdx
env SOURCE_DATE_EPOCH=-1
? 0
~ stderr SOURCE_DATE_EPOCH '-1' is not a number of seconds
!~ stdout "created": "1969-12-31T23:59:59Z"

### SOURCE_DATE_EPOCH at the last second of 9999 is valid, without a warning
$ merge @ROOT/tests/data/reports/empty.json --format cyclonedx
env SOURCE_DATE_EPOCH=253402300799
? 0
schema @ROOT/tests/schemas/bom-1.6.schema.json
= metadata.timestamp "9999-12-31T23:59:59Z"
!~ stderr SOURCE_DATE_EPOCH
