# weightaudit validate on GGUF files: detection by magic, exit codes, JSON fields.

### valid GGUF v3: JSON fields and facts
$ validate --format json @TD/gguf/valid_v3_basic.gguf
? 0
= format "gguf"
= valid true
= tensors 4
= parameters 600
= size 1536
= dtypes {"F16": 1, "F32": 1, "Q4_K": 1, "Q8_0": 1}
= metadata {"general.architecture": "llama", "general.file_type": 15, "general.license": "apache-2.0", "general.name": "Tiny Test Llama", "general.quantization_version": 2}
= gguf.version 3
= gguf.alignment 32
= gguf.kv_count 20
= gguf.tensor_count 4
= gguf.file_type_name "MOSTLY_Q4_K_M"
= gguf.dominant_type "Q4_K"
= gguf.trailing_bytes 0
= problems []
schema @ROOT/tests/schemas/validate.schema.json

### license and base models from general.*
$ validate --format json @TD/gguf/valid_license_facts.gguf
? 0
= metadata {"general.architecture": "llama", "general.base_model.0.name": "Llama 3 8B", "general.base_model.0.organization": "Meta Llama", "general.base_model.0.repo_url": "https://huggingface.co/meta-llama/Meta-Llama-3-8B", "general.base_model.1.name": "Mistral 7B", "general.base_model.1.version": "v0.1", "general.base_model.count": 2, "general.license": "other", "general.license.link": "https://llama.meta.com/llama3/license/", "general.license.name": "llama3", "general.name": "Tiny Test Llama"}
len gguf.base_models 2
= gguf.base_models[0].name "Llama 3 8B"
= gguf.base_models[0].organization "Meta Llama"
= gguf.base_models[1].version "v0.1"
schema @ROOT/tests/schemas/validate.schema.json

### version 2, custom alignment, nested arrays, every ggml type
$ validate --format json @TD/gguf/valid_v2.gguf
? 0
= gguf.version 2

### custom alignment
$ validate --format json @TD/gguf/valid_alignment_64.gguf
? 0
= gguf.alignment 64

### nested arrays
$ validate --format json @TD/gguf/valid_nested_arrays.gguf
? 0
= valid true

### every ggml type incl. K-quants, IQ, TQ, MXFP4
$ validate --format json @TD/gguf/valid_all_types.gguf
? 0
= tensors 35

### the magic decides, not the name: a GGUF named .bin
$ validate --format json @TD/gguf/renamed_gguf.bin
? 0
= format "gguf"
= tensors 4

### and a safetensors file named .gguf
$ validate --format json @TD/gguf/renamed_safetensors.gguf
? 0
= format "safetensors"
= tensors 1

### text summary
$ validate @TD/gguf/valid_v3_basic.gguf
? 0
~ stdout valid gguf
~ stdout dtypes:     F16 (1) F32 (1) Q4_K (1) Q8_0 (1)

### invalid: bad magic in a .gguf file, offset in the error line
$ validate --format json @TD/gguf/bad_magic.gguf
? 1
= format "gguf"
= valid false
= problems[0].code "bad_magic"
= problems[0].offset 0
= problems[0].severity "error"
~ stderr weightaudit: @TD/gguf/bad_magic.gguf: offset 0: bad_magic
schema @ROOT/tests/schemas/validate.schema.json

### invalid: unsupported version
$ validate --format json @TD/gguf/bad_version_1.gguf
? 1
= problems[0].code "version_unsupported"
= problems[0].offset 4

### invalid: overlapping tensors
$ validate --format json @TD/gguf/bad_overlap.gguf
? 1
= problems[0].code "tensor_overlap"
= problems[0].offset 894
~ stderr offset 894: tensor_overlap

### invalid: misaligned tensor offset
$ validate --format json @TD/gguf/bad_misaligned.gguf
? 1
= problems[0].code "offset_misaligned"
= problems[0].offset 944

### invalid: a removed ggml type
$ validate --format json @TD/gguf/bad_type_36.gguf
? 1
= problems[0].code "type_unknown"

### invalid: duplicate key
$ validate --format json @TD/gguf/bad_duplicate_key.gguf
? 1
= problems[0].code "duplicate_key"

### invalid: a huge string length is refused before anything is allocated
$ validate --format json @TD/gguf/bad_huge_string.gguf
? 1
= problems[0].code "string_too_long"

### invalid: truncated tensor data
$ validate --format json @TD/gguf/bad_truncated_data.gguf
? 1
= problems[0].code "tensor_out_of_bounds"
= problems[0].offset 1070

### trailing bytes after the data: valid, flagged for review, exit 0
$ validate --format json @TD/gguf/review_trailing_data.gguf
? 0
= valid true
= problems[0].code "trailing_data"
= problems[0].severity "review"
= gguf.trailing_bytes 14

### --no-hash reads the header only and checks the length from the size
$ validate --no-hash --format json @TD/gguf/valid_v3_basic.gguf
? 0
= sha256 null
= valid true
= size 1536

### --no-hash still catches truncated data
$ validate --no-hash --format json @TD/gguf/bad_truncated_data.gguf
? 1
= problems[0].code "tensor_out_of_bounds"

### stdin
$ validate --format json -
< @TD/gguf/valid_license_facts.gguf
? 0
= path "-"
= format "gguf"
= tensors 2

### stdin, --no-hash, truncated
$ validate --no-hash --format json -
< @TD/gguf/bad_truncated_data.gguf
? 1
= problems[0].code "tensor_out_of_bounds"
