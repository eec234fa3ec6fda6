# weightaudit merge: joining the partial reports of scan --shard I/N (and whole reports),
# recomputing the verdict, refusing missing, duplicate or conflicting shards and malformed input.

### two shards make the whole model: files unioned, verdict recomputed, no shard left
$ merge @ROOT/tests/data/reports/shards/tiny-1-of-2.json @ROOT/tests/data/reports/shards/tiny-2-of-2.json
? 1
schema @ROOT/tests/schemas/report.schema.json
= verdict "deny"
len models 1
= models[0].verdict "deny"
len models[0].files 6
= models[0].files[0].path "LICENSE"
= models[0].files[5].path "model.safetensors.index.json"
= models[0].parameters 3500
len models[0].findings 2
= models[0].findings[0].code "integrity_mismatch"
len models[0].licenses 1
len models[0].obligations 1
!~ stdout "shard"
same

### the order of the shards does not matter
$ merge @ROOT/tests/data/reports/shards/tiny-2-of-2.json @ROOT/tests/data/reports/shards/tiny-1-of-2.json
? 1
= models[0].files[2].path "config.json"
len models[0].files 6
len models[0].findings 2

### a file listed identically by two shards is kept once
$ merge @ROOT/tests/data/reports/shards/tiny-1-of-2.json @ROOT/tests/data/reports/shards/overlap-2-of-2.json
? 0
len models[0].files 6
= verdict "allow"

### a file listed by two shards with different facts is an error
$ merge @ROOT/tests/data/reports/shards/tiny-1-of-2.json @ROOT/tests/data/reports/shards/conflict-2-of-2.json
? 2
~ stderr conflict-2-of-2.json: model models/tiny: file config.json is listed with different facts by two reports
!~ stdout {

### a missing shard is an error
$ merge @ROOT/tests/data/reports/shards/tiny-1-of-2.json
? 2
~ stderr shard 2/2 is missing: merge needs every shard of the scan

### the same shard twice is an error
$ merge @ROOT/tests/data/reports/shards/tiny-1-of-2.json @ROOT/tests/data/reports/shards/tiny-1-of-2.json @ROOT/tests/data/reports/shards/tiny-2-of-2.json
? 2
~ stderr shard 1/2 is given twice

### shards of different scans are an error
$ merge @ROOT/tests/data/reports/shards/tiny-1-of-2.json @ROOT/tests/data/reports/shards/other-1-of-3.json
? 2
~ stderr other-1-of-3.json: shard 1/3 does not belong to the same scan

### whole reports of different models are joined side by side
$ merge @ROOT/tests/data/reports/base-models.json @ROOT/tests/data/reports/apache-allow.json
? 0
schema @ROOT/tests/schemas/report.schema.json
len models 2
= models[0].path "adapters/acme-llama-chat-lora"
= models[1].path "hub/models--acme--tiny-apache"
= verdict "review"

### --fail-on review fails a review verdict
$ merge --fail-on review @ROOT/tests/data/reports/base-models.json
? 1
= verdict "review"

### --fail-on never passes a deny verdict
$ merge --fail-on never --format sarif @ROOT/tests/data/reports/llama31-deny.json
? 0
= version "2.1.0"

### --quiet writes nothing, the exit code still tells
$ merge --quiet @ROOT/tests/data/reports/llama31-deny.json
? 1
!~ stdout {

### the verdict is recomputed from the findings, not copied: no model is not an allow
$ merge @ROOT/tests/data/reports/empty.json
? 0
= verdict "review"
= models []

# ---- malformed input: exit 2, the file and what is wrong ------------------------------------------

### not JSON: the byte offset is named
$ merge @ROOT/tests/data/bad-reports/not-json.json
? 2
~ stderr not-json.json: offset 119: not valid JSON

### another kind of document
$ merge @ROOT/tests/data/bad-reports/wrong-schema.json
? 2
~ stderr wrong-schema.json: schema: expected "weightaudit-report/1"

### a malformed digest is named by its JSON path
$ merge @ROOT/tests/data/bad-reports/bad-sha256.json
? 2
~ stderr bad-sha256.json: models[0].files[2].sha256: expected 64 lower-case hex digits or null

### a model listing a file twice
$ merge @ROOT/tests/data/bad-reports/duplicate-path.json
? 2
~ stderr duplicate-path.json: models[0].files: the path "LICENSE" is listed twice

### a key given twice
$ merge @ROOT/tests/data/bad-reports/duplicate-key.json
? 2
~ stderr duplicate-key.json: JSON object has the key "models" twice

### a shard index beyond the count
$ merge @ROOT/tests/data/bad-reports/shard-out-of-range.json
? 2
~ stderr shard-out-of-range.json: shard: expected {"index": I, "count": N} with 1 <= I <= N

### a missing file
$ merge @ROOT/tests/data/bad-reports/no-such-report.json
? 2
~ stderr no-such-report.json: open: No such file or directory

### a directory
$ merge @ROOT/tests/data/bad-reports
? 2
~ stderr bad-reports: not a regular file

# ---- usage ------------------------------------------------------------------------------------------

### no report
$ merge
? 2
~ stderr merge: expects at least one REPORT

### unknown format
$ merge --format pdf @ROOT/tests/data/reports/empty.json
? 2
~ stderr merge: unknown --format 'pdf' (known: text, json, cyclonedx, spdx, sarif, html)

### bad --fail-on
$ merge --fail-on maybe @ROOT/tests/data/reports/empty.json
? 2
~ stderr --fail-on must be deny, review or never

### -o without a folder to write into
$ merge --format json -o @TMP/no/such/dir/out.json @ROOT/tests/data/reports/empty.json
? 2
~ stderr out.json: cannot write: No such file or directory

### two -o for one --format
$ merge --format json -o @TMP/a.json -o @TMP/b.json @ROOT/tests/data/reports/empty.json
? 2
~ stderr give one -o after each --format

### help
$ merge --help
? 0
~ stdout Usage: weightaudit merge REPORT... [options]

### -o /dev/stdout writes straight into it (no temporary file beside a device)
$ merge --format sarif -o /dev/stdout @ROOT/tests/data/reports/empty.json
? 0
= version "2.1.0"
