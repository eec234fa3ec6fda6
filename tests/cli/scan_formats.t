# Every output format from every fixture layout, good and damaged, validates
# against its official schema (vendored in tests/schemas/, refs resolved
# offline), and the same input gives the same bytes (SOURCE_DATE_EPOCH).

### directory: json validates
$ scan --fail-on never --format json @FX/directory/tiny-llama
env SOURCE_DATE_EPOCH=1700000000
? 0
schema @ROOT/tests/schemas/report.schema.json

### directory: cyclonedx validates
$ scan --fail-on never --format cyclonedx @FX/directory/tiny-llama
env SOURCE_DATE_EPOCH=1700000000
? 0
schema @ROOT/tests/schemas/bom-1.6.schema.json
same

### directory: spdx validates
$ scan --fail-on never --format spdx @FX/directory/tiny-llama
env SOURCE_DATE_EPOCH=1700000000
? 0
schema @ROOT/tests/schemas/spdx-2.3-schema.json
same

### directory: sarif validates
$ scan --fail-on never --format sarif @FX/directory/tiny-llama
env SOURCE_DATE_EPOCH=1700000000
? 0
schema @ROOT/tests/schemas/sarif-schema-2.1.0.json

### directory: html renders without scripts
$ scan --fail-on never --format html @FX/directory/tiny-llama
env SOURCE_DATE_EPOCH=1700000000
? 0
~ stdout <!DOCTYPE html>
!~ stdout <script
same

### directory flipped: json validates
$ scan --fail-on never --format json @FX/directory/flipped
env SOURCE_DATE_EPOCH=1700000000
? 0
schema @ROOT/tests/schemas/report.schema.json

### directory flipped: cyclonedx validates
$ scan --fail-on never --format cyclonedx @FX/directory/flipped
env SOURCE_DATE_EPOCH=1700000000
? 0
schema @ROOT/tests/schemas/bom-1.6.schema.json
same

### directory flipped: spdx validates
$ scan --fail-on never --format spdx @FX/directory/flipped
env SOURCE_DATE_EPOCH=1700000000
? 0
schema @ROOT/tests/schemas/spdx-2.3-schema.json
same

### directory flipped: sarif validates
$ scan --fail-on never --format sarif @FX/directory/flipped
env SOURCE_DATE_EPOCH=1700000000
? 0
schema @ROOT/tests/schemas/sarif-schema-2.1.0.json

### directory flipped: html renders without scripts
$ scan --fail-on never --format html @FX/directory/flipped
env SOURCE_DATE_EPOCH=1700000000
? 0
~ stdout <!DOCTYPE html>
!~ stdout <script
same

### hf-cache: json validates
$ scan --fail-on never --format json @FX/hf-cache/hub
env SOURCE_DATE_EPOCH=1700000000
? 0
schema @ROOT/tests/schemas/report.schema.json

### hf-cache: cyclonedx validates
$ scan --fail-on never --format cyclonedx @FX/hf-cache/hub
env SOURCE_DATE_EPOCH=1700000000
? 0
schema @ROOT/tests/schemas/bom-1.6.schema.json
same

### hf-cache: spdx validates
$ scan --fail-on never --format spdx @FX/hf-cache/hub
env SOURCE_DATE_EPOCH=1700000000
? 0
schema @ROOT/tests/schemas/spdx-2.3-schema.json
same

### hf-cache: sarif validates
$ scan --fail-on never --format sarif @FX/hf-cache/hub
env SOURCE_DATE_EPOCH=1700000000
? 0
schema @ROOT/tests/schemas/sarif-schema-2.1.0.json

### hf-cache: html renders without scripts
$ scan --fail-on never --format html @FX/hf-cache/hub
env SOURCE_DATE_EPOCH=1700000000
? 0
~ stdout <!DOCTYPE html>
!~ stdout <script
same

### hf-cache flipped: json validates
$ scan --fail-on never --format json @FX/hf-cache-bad/models--bad--flipped
env SOURCE_DATE_EPOCH=1700000000
? 0
schema @ROOT/tests/schemas/report.schema.json

### hf-cache flipped: cyclonedx validates
$ scan --fail-on never --format cyclonedx @FX/hf-cache-bad/models--bad--flipped
env SOURCE_DATE_EPOCH=1700000000
? 0
schema @ROOT/tests/schemas/bom-1.6.schema.json
same

### hf-cache flipped: spdx validates
$ scan --fail-on never --format spdx @FX/hf-cache-bad/models--bad--flipped
env SOURCE_DATE_EPOCH=1700000000
? 0
schema @ROOT/tests/schemas/spdx-2.3-schema.json
same

### hf-cache flipped: sarif validates
$ scan --fail-on never --format sarif @FX/hf-cache-bad/models--bad--flipped
env SOURCE_DATE_EPOCH=1700000000
? 0
schema @ROOT/tests/schemas/sarif-schema-2.1.0.json

### hf-cache flipped: html renders without scripts
$ scan --fail-on never --format html @FX/hf-cache-bad/models--bad--flipped
env SOURCE_DATE_EPOCH=1700000000
? 0
~ stdout <!DOCTYPE html>
!~ stdout <script
same

### local-dir: json validates
$ scan --fail-on never --format json @FX/local-dir/tiny-llama
env SOURCE_DATE_EPOCH=1700000000
? 0
schema @ROOT/tests/schemas/report.schema.json

### local-dir: cyclonedx validates
$ scan --fail-on never --format cyclonedx @FX/local-dir/tiny-llama
env SOURCE_DATE_EPOCH=1700000000
? 0
schema @ROOT/tests/schemas/bom-1.6.schema.json
same

### local-dir: spdx validates
$ scan --fail-on never --format spdx @FX/local-dir/tiny-llama
env SOURCE_DATE_EPOCH=1700000000
? 0
schema @ROOT/tests/schemas/spdx-2.3-schema.json
same

### local-dir: sarif validates
$ scan --fail-on never --format sarif @FX/local-dir/tiny-llama
env SOURCE_DATE_EPOCH=1700000000
? 0
schema @ROOT/tests/schemas/sarif-schema-2.1.0.json

### local-dir: html renders without scripts
$ scan --fail-on never --format html @FX/local-dir/tiny-llama
env SOURCE_DATE_EPOCH=1700000000
? 0
~ stdout <!DOCTYPE html>
!~ stdout <script
same

### local-dir stale: json validates
$ scan --fail-on never --format json @FX/local-dir-bad/stale
env SOURCE_DATE_EPOCH=1700000000
? 0
schema @ROOT/tests/schemas/report.schema.json

### local-dir stale: cyclonedx validates
$ scan --fail-on never --format cyclonedx @FX/local-dir-bad/stale
env SOURCE_DATE_EPOCH=1700000000
? 0
schema @ROOT/tests/schemas/bom-1.6.schema.json
same

### local-dir stale: spdx validates
$ scan --fail-on never --format spdx @FX/local-dir-bad/stale
env SOURCE_DATE_EPOCH=1700000000
? 0
schema @ROOT/tests/schemas/spdx-2.3-schema.json
same

### local-dir stale: sarif validates
$ scan --fail-on never --format sarif @FX/local-dir-bad/stale
env SOURCE_DATE_EPOCH=1700000000
? 0
schema @ROOT/tests/schemas/sarif-schema-2.1.0.json

### local-dir stale: html renders without scripts
$ scan --fail-on never --format html @FX/local-dir-bad/stale
env SOURCE_DATE_EPOCH=1700000000
? 0
~ stdout <!DOCTYPE html>
!~ stdout <script
same

### git: json validates
$ scan --fail-on never --format json @FX/git/tiny-llama
env SOURCE_DATE_EPOCH=1700000000
? 0
schema @ROOT/tests/schemas/report.schema.json

### git: cyclonedx validates
$ scan --fail-on never --format cyclonedx @FX/git/tiny-llama
env SOURCE_DATE_EPOCH=1700000000
? 0
schema @ROOT/tests/schemas/bom-1.6.schema.json
same

### git: spdx validates
$ scan --fail-on never --format spdx @FX/git/tiny-llama
env SOURCE_DATE_EPOCH=1700000000
? 0
schema @ROOT/tests/schemas/spdx-2.3-schema.json
same

### git: sarif validates
$ scan --fail-on never --format sarif @FX/git/tiny-llama
env SOURCE_DATE_EPOCH=1700000000
? 0
schema @ROOT/tests/schemas/sarif-schema-2.1.0.json

### git: html renders without scripts
$ scan --fail-on never --format html @FX/git/tiny-llama
env SOURCE_DATE_EPOCH=1700000000
? 0
~ stdout <!DOCTYPE html>
!~ stdout <script
same

### git pointers: json validates
$ scan --fail-on never --format json @FX/git/tiny-llama-pointers
env SOURCE_DATE_EPOCH=1700000000
? 0
schema @ROOT/tests/schemas/report.schema.json

### git pointers: cyclonedx validates
$ scan --fail-on never --format cyclonedx @FX/git/tiny-llama-pointers
env SOURCE_DATE_EPOCH=1700000000
? 0
schema @ROOT/tests/schemas/bom-1.6.schema.json
same

### git pointers: spdx validates
$ scan --fail-on never --format spdx @FX/git/tiny-llama-pointers
env SOURCE_DATE_EPOCH=1700000000
? 0
schema @ROOT/tests/schemas/spdx-2.3-schema.json
same

### git pointers: sarif validates
$ scan --fail-on never --format sarif @FX/git/tiny-llama-pointers
env SOURCE_DATE_EPOCH=1700000000
? 0
schema @ROOT/tests/schemas/sarif-schema-2.1.0.json

### git pointers: html renders without scripts
$ scan --fail-on never --format html @FX/git/tiny-llama-pointers
env SOURCE_DATE_EPOCH=1700000000
? 0
~ stdout <!DOCTYPE html>
!~ stdout <script
same

### ollama: json validates
$ scan --fail-on never --format json @FX/ollama/models
env SOURCE_DATE_EPOCH=1700000000
? 0
schema @ROOT/tests/schemas/report.schema.json

### ollama: cyclonedx validates
$ scan --fail-on never --format cyclonedx @FX/ollama/models
env SOURCE_DATE_EPOCH=1700000000
? 0
schema @ROOT/tests/schemas/bom-1.6.schema.json
same

### ollama: spdx validates
$ scan --fail-on never --format spdx @FX/ollama/models
env SOURCE_DATE_EPOCH=1700000000
? 0
schema @ROOT/tests/schemas/spdx-2.3-schema.json
same

### ollama: sarif validates
$ scan --fail-on never --format sarif @FX/ollama/models
env SOURCE_DATE_EPOCH=1700000000
? 0
schema @ROOT/tests/schemas/sarif-schema-2.1.0.json

### ollama: html renders without scripts
$ scan --fail-on never --format html @FX/ollama/models
env SOURCE_DATE_EPOCH=1700000000
? 0
~ stdout <!DOCTYPE html>
!~ stdout <script
same

### archive tar.zst: json validates
$ scan --fail-on never --format json @FX/archives/tiny-llama.tar.zst
env SOURCE_DATE_EPOCH=1700000000
? 0
schema @ROOT/tests/schemas/report.schema.json

### archive tar.zst: cyclonedx validates
$ scan --fail-on never --format cyclonedx @FX/archives/tiny-llama.tar.zst
env SOURCE_DATE_EPOCH=1700000000
? 0
schema @ROOT/tests/schemas/bom-1.6.schema.json
same

### archive tar.zst: spdx validates
$ scan --fail-on never --format spdx @FX/archives/tiny-llama.tar.zst
env SOURCE_DATE_EPOCH=1700000000
? 0
schema @ROOT/tests/schemas/spdx-2.3-schema.json
same

### archive tar.zst: sarif validates
$ scan --fail-on never --format sarif @FX/archives/tiny-llama.tar.zst
env SOURCE_DATE_EPOCH=1700000000
? 0
schema @ROOT/tests/schemas/sarif-schema-2.1.0.json

### archive tar.zst: html renders without scripts
$ scan --fail-on never --format html @FX/archives/tiny-llama.tar.zst
env SOURCE_DATE_EPOCH=1700000000
? 0
~ stdout <!DOCTYPE html>
!~ stdout <script
same

### archive zip: json validates
$ scan --fail-on never --format json @FX/archives/tiny-llama.zip
env SOURCE_DATE_EPOCH=1700000000
? 0
schema @ROOT/tests/schemas/report.schema.json

### archive zip: cyclonedx validates
$ scan --fail-on never --format cyclonedx @FX/archives/tiny-llama.zip
env SOURCE_DATE_EPOCH=1700000000
? 0
schema @ROOT/tests/schemas/bom-1.6.schema.json
same

### archive zip: spdx validates
$ scan --fail-on never --format spdx @FX/archives/tiny-llama.zip
env SOURCE_DATE_EPOCH=1700000000
? 0
schema @ROOT/tests/schemas/spdx-2.3-schema.json
same

### archive zip: sarif validates
$ scan --fail-on never --format sarif @FX/archives/tiny-llama.zip
env SOURCE_DATE_EPOCH=1700000000
? 0
schema @ROOT/tests/schemas/sarif-schema-2.1.0.json

### archive zip: html renders without scripts
$ scan --fail-on never --format html @FX/archives/tiny-llama.zip
env SOURCE_DATE_EPOCH=1700000000
? 0
~ stdout <!DOCTYPE html>
!~ stdout <script
same

### archive escape: json validates
$ scan --fail-on never --format json @FX/archives-bad/escape.tar
env SOURCE_DATE_EPOCH=1700000000
? 0
schema @ROOT/tests/schemas/report.schema.json

### archive escape: cyclonedx validates
$ scan --fail-on never --format cyclonedx @FX/archives-bad/escape.tar
env SOURCE_DATE_EPOCH=1700000000
? 0
schema @ROOT/tests/schemas/bom-1.6.schema.json
same

### archive escape: spdx validates
$ scan --fail-on never --format spdx @FX/archives-bad/escape.tar
env SOURCE_DATE_EPOCH=1700000000
? 0
schema @ROOT/tests/schemas/spdx-2.3-schema.json
same

### archive escape: sarif validates
$ scan --fail-on never --format sarif @FX/archives-bad/escape.tar
env SOURCE_DATE_EPOCH=1700000000
? 0
schema @ROOT/tests/schemas/sarif-schema-2.1.0.json

### archive escape: html renders without scripts
$ scan --fail-on never --format html @FX/archives-bad/escape.tar
env SOURCE_DATE_EPOCH=1700000000
? 0
~ stdout <!DOCTYPE html>
!~ stdout <script
same

### directory escape-link: json validates
$ scan --fail-on never --format json @FX/directory/escape-link
env SOURCE_DATE_EPOCH=1700000000
? 0
schema @ROOT/tests/schemas/report.schema.json

### directory escape-link: cyclonedx validates
$ scan --fail-on never --format cyclonedx @FX/directory/escape-link
env SOURCE_DATE_EPOCH=1700000000
? 0
schema @ROOT/tests/schemas/bom-1.6.schema.json
same

### directory escape-link: spdx validates
$ scan --fail-on never --format spdx @FX/directory/escape-link
env SOURCE_DATE_EPOCH=1700000000
? 0
schema @ROOT/tests/schemas/spdx-2.3-schema.json
same

### directory escape-link: sarif validates
$ scan --fail-on never --format sarif @FX/directory/escape-link
env SOURCE_DATE_EPOCH=1700000000
? 0
schema @ROOT/tests/schemas/sarif-schema-2.1.0.json

### directory escape-link: html renders without scripts
$ scan --fail-on never --format html @FX/directory/escape-link
env SOURCE_DATE_EPOCH=1700000000
? 0
~ stdout <!DOCTYPE html>
!~ stdout <script
same

### scan: a SOURCE_DATE_EPOCH that is not a number is ignored with one warning (the scan time)
$ scan --fail-on never --no-progress --format cyclonedx @FX/directory/tiny-llama
env SOURCE_DATE_EPOCH=abc
? 0
schema @ROOT/tests/schemas/bom-1.6.schema.json
~ stderr weightaudit: warning: SOURCE_DATE_EPOCH 'abc' is not a number of seconds from 0 to 253402300799 (9999-12-31); ignored, the documents carry the scan time
!~ stdout "timestamp": "1970-01-01T00:00:00Z"

### a weight file in no format weightaudit can check: review, never a silent allow
$ scan --format json @TD/licenses/unknown-weights
? 0
= models[0].verdict "review"
any models[0].findings code "weights_format_unknown"
any models[0].files path "pytorch_model.bin"
!~ stdout flax_model.msgpack: named like a weight file
