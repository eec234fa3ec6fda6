# weightaudit validate: exit codes, JSON fields, error style.

### valid safetensors, JSON fields
$ validate --format json @TD/safetensors/valid_basic.safetensors
? 0
= format "safetensors"
= valid true
= tensors 3
= parameters 11
= dtypes {"BF16": 1, "F32": 1, "I64": 1}
= metadata {"format": "pt"}
= problems []
= size 248
schema @ROOT/tests/schemas/validate.schema.json

### sha256 matches sha256sum of the same bytes
$ validate --format json @TD/safetensors/valid_empty.safetensors
? 0
= sha256 "9bbcbf73561f6bc5d0a17ea6a2081feed2d1304e87602d8c502d9a5c4bd85576"

### text summary
$ validate @TD/safetensors/valid_basic.safetensors
? 0
~ stdout valid safetensors
~ stdout tensors:    3
~ stdout sha256:

### invalid: header too large, exit 1, offset in the error line
$ validate --format json @TD/safetensors/bad_too_large.safetensors
? 1
= valid false
= problems[0].code "header_too_large"
= problems[0].offset 0
~ stderr weightaudit: @TD/safetensors/bad_too_large.safetensors: offset 0: header_too_large
schema @ROOT/tests/schemas/validate.schema.json

### invalid: overlapping ranges
$ validate --format json @TD/safetensors/bad_overlap.safetensors
? 1
= problems[0].code "offsets_invalid"
= problems[0].offset 61

### invalid: duplicate tensor name (stricter than the reference)
$ validate --format json @TD/safetensors/bad_duplicate.safetensors
? 1
= problems[0].code "duplicate_tensor"

### invalid: truncated data
$ validate --format json @TD/safetensors/bad_truncated.safetensors
? 1
= problems[0].code "data_length_mismatch"

### stdin
$ validate --format json -
< @TD/safetensors/valid_many.safetensors
? 0
= path "-"
= tensors 50

### stdin, invalid
$ validate -
< @TD/safetensors/bad_utf8.safetensors
? 1
~ stderr offset 11: header_not_utf8

### --no-hash: no digest, same verdict
$ validate --no-hash --format json @TD/safetensors/valid_basic.safetensors
? 0
= sha256 null
= valid true
= size 248

### --no-hash still catches a truncated file from its size
$ validate --no-hash --format json @TD/safetensors/bad_truncated.safetensors
? 1
= problems[0].code "data_length_mismatch"

### --no-hash on stdin
$ validate --no-hash --format json -
< @TD/safetensors/bad_trailing_data.safetensors
? 1
= problems[0].code "data_length_mismatch"

### -o writes the report to a file
$ validate --format json -o @TMP/out.json @TD/safetensors/valid_basic.safetensors
? 0
json @TMP/out.json
= tensors 3

### missing file: exit 2, named in the error
$ validate @TD/safetensors/no-such-file.safetensors
? 2
~ stderr no-such-file.safetensors: open: No such file or directory

### a directory: exit 2
$ validate @TD/safetensors
? 2
~ stderr not a regular file

### not a weight file: exit 1
$ validate --format json @TD/safetensors/cases.json
? 1
= problems[0].code "format_unknown"

### usage: no file
$ validate
? 2
~ stderr expects exactly one FILE

### usage: bad format
$ validate --format yaml x
? 2
~ stderr --format must be text or json

### usage: unknown option
$ validate --bogus x
? 2

### help
$ validate --help
? 0
~ stdout Usage: weightaudit validate

### version
$ --version
? 0
~ stdout weightaudit 0.1.0

### unknown command
$ frobnicate
? 2
~ stderr unknown command

### a file larger than one read chunk (read-ahead path)
$ validate --format json @TD/safetensors/large.safetensors
? 0
= tensors 3
= parameters 1572864
= size 6291688
= sha256 "0351ad50f0212786c5303f7fc3eb09c33a11dad9560dd7c03323ee453d927366"

### the same bytes on stdin give the same digest
$ validate --format json -
< @TD/safetensors/large.safetensors
? 0
= size 6291688
= sha256 "0351ad50f0212786c5303f7fc3eb09c33a11dad9560dd7c03323ee453d927366"

### large and truncated by one byte
$ validate --format json @TD/safetensors/large_truncated.safetensors
? 1
= problems[0].code "data_length_mismatch"
= problems[0].offset 6291687

### large, --no-hash: skips the data, stops the read-ahead
$ validate --no-hash --format json @TD/safetensors/large_truncated.safetensors
? 1
= sha256 null
= problems[0].code "data_length_mismatch"
