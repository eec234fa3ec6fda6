# Procurement facts (issue 9): publisher and jurisdiction, upstream
# publishers of a fine-tune, governing law, Model Openness Framework class,
# scale, and the policy rules on them.  Fixtures: @FX/facts/hub, an HF cache
# with mistralai/tiny-open (FR, Apache-2.0, code, card with datasets and
# evaluation), deepseek-ai/tiny-cn (CN, DeepSeek License) and
# someone/llama-finetune (unknown publisher, base meta-llama/Llama-3.1-8B),
# Meta/tiny-lookalike (an org not in publishers.json, spelled like Meta);
# @FX/facts/ollama/*, Ollama stores with one model each (hf.co, library,
# an ollama.com account, another registry); @FX/git/remote-*, clones with
# remotes on Hugging Face and elsewhere.

### publisher from the repository name, with entity, jurisdiction and source
$ scan --format json @FX/facts/hub/models--mistralai--tiny-open
? 0
= models[0].publisher.name "Mistral AI"
= models[0].publisher.entity "Mistral AI SAS"
= models[0].publisher.jurisdiction "FR"
~ stdout "source": "repository name mistralai/tiny-open; manifests/publishers.json: Mistral AI Research License
= models[0].upstream_publishers []
= models[0].governing_law null
schema @ROOT/tests/schemas/report.schema.json

### the report says it gives no legal advice
$ scan --format json @FX/facts/hub/models--mistralai--tiny-open
? 0
= disclaimer "weightaudit records facts found in the files (hashes, license texts, publisher, openness, scale) with their evidence; it gives no legal advice."

### text report: facts and the disclaimer
$ scan @FX/facts/hub/models--deepseek-ai--tiny-cn
? 0
~ stdout publisher: DeepSeek (Hangzhou DeepSeek Artificial Intelligence Fundamental Technology Research Co., Ltd., CN)
~ stdout governing law (as the license states it): PRC
~ stdout it gives no legal advice.

### governing law from the license text
$ scan --format json @FX/facts/hub/models--deepseek-ai--tiny-cn
? 0
= models[0].publisher.jurisdiction "CN"
= models[0].governing_law "PRC"

### a fine-tune: unknown publisher stays unknown, the base model's publisher is upstream
$ scan --format json @FX/facts/hub/models--someone--llama-finetune
? 0
= models[0].publisher.name "someone"
= models[0].publisher.entity null
= models[0].publisher.jurisdiction null
len models[0].upstream_publishers 1
= models[0].upstream_publishers[0].name "Meta"
= models[0].upstream_publishers[0].jurisdiction "US"
~ stdout base model meta-llama/Llama-3.1-8B (finetune)
= models[0].governing_law "State of California"

### openness: class III with its evidence; what class II still needs
$ scan --format json @FX/facts/hub/models--mistralai--tiny-open
? 0
= models[0].openness.class "III"
= models[0].openness.next_class "II"
any models[0].openness.present key "training_code"
any models[0].openness.present evidence "train.py"
any models[0].openness.present evidence "README.md library_name: transformers"
any models[0].openness.present evidence "README.md model-index results"
any models[0].openness.missing key "evaluation_data"
len models[0].openness.missing 1

### openness: a license MOF does not count as open reaches no class
$ scan --format json @FX/facts/hub/models--deepseek-ai--tiny-cn
? 0
= models[0].openness.class "none"
any models[0].openness.missing reason "present, but LicenseRef-DeepSeek-License-1.0 is not an open license"
any models[0].openness.missing reason "not in the repository"

### scale: exact parameters from the weight headers, dtypes, compute the card states
$ scan --format json @FX/facts/hub/models--mistralai--tiny-open
? 0
= models[0].parameters 7168
= models[0].scale.parameters 7168
= models[0].scale.dtypes {"BF16": 4}
= models[0].scale.quantization null
= models[0].scale.training_compute_flops 1.2e21
= models[0].scale.training_compute_source "README.md: \"Training compute: 1.2 x 10^21 FLOPs.\""

### policy denying a jurisdiction: the CN publisher is denied (exit 1)
$ scan --policy @ROOT/tests/data/policies/deny-cn.json --format json @FX/facts/hub/models--deepseek-ai--tiny-cn
? 1
= models[0].verdict "deny"
any models[0].findings code "publisher_jurisdiction_denied"
~ stdout publisher DeepSeek is in jurisdiction CN; policy 'deny-cn' publishers.deny_jurisdictions lists \"CN\"
= policy.facts_rules.deny_jurisdictions ["CN"]

### the same policy allows a publisher elsewhere (exit 0)
$ scan --policy @ROOT/tests/data/policies/deny-cn.json --format json @FX/facts/hub/models--mistralai--tiny-open
? 0
= models[0].verdict "allow"
any models[0].findings code "publisher_jurisdiction_ok"

### jurisdiction rules and an unknown publisher: review, never a silent allow
$ scan --policy @ROOT/tests/data/policies/deny-cn.json --format json @FX/facts/hub/models--someone--llama-finetune
? 0
any models[0].findings code "publisher_jurisdiction_unknown"
= models[0].verdict "review"

### jurisdiction rules and no publisher at all (a plain folder, no licensor): review, never a silent allow
$ scan --policy @ROOT/tests/data/policies/deny-cn.json --format json @FX/directory/tiny-llama
? 0
= models[0].name null
= models[0].publisher null
any models[0].findings code "publisher_jurisdiction_unknown"
~ stdout publisher: could not be determined (no repository name, and no license whose licensor is in manifests/publishers.json), so policy 'deny-cn' jurisdiction rules cannot be checked
= models[0].verdict "review"

### review jurisdictions apply to upstream publishers too
$ scan --policy @ROOT/tests/data/policies/review-us.json --fail-on review --format json @FX/facts/hub/models--someone--llama-finetune
? 1
any models[0].findings code "publisher_jurisdiction_review"
~ stdout upstream publisher Meta is in jurisdiction US

### a publisher on the allow list is not checked against jurisdictions
$ scan --policy @ROOT/tests/data/policies/review-us.json --format json @FX/facts/hub/models--deepseek-ai--tiny-cn
? 0
any models[0].findings code "publisher_allowed"

### allow names only a publisher in publishers.json: an unknown org spelled like one is not allowed by name
$ scan --policy @ROOT/tests/data/policies/allow-meta.json --format json @FX/facts/hub/models--Meta--tiny-lookalike
? 0
= models[0].publisher.name "Meta"
= models[0].publisher.jurisdiction null
!~ stdout publisher_allowed
any models[0].findings code "publisher_jurisdiction_unknown"
~ stdout publishers.allow lists \"Meta\", but an allow entry only matches a publisher in manifests/publishers.json
= models[0].verdict "review"

### ... while the known publisher of that name is allowed (here upstream of a fine-tune)
$ scan --policy @ROOT/tests/data/policies/allow-meta.json --format json @FX/facts/hub/models--someone--llama-finetune
? 0
any models[0].findings code "publisher_allowed"
~ stdout upstream publisher Meta is on policy 'allow-meta' publishers.allow (\"Meta\")

### a git remote on another host names no Hugging Face organisation: publisher unknown, name as in the URL
$ scan --policy @ROOT/tests/data/policies/deny-cn.json --format json @FX/git/remote-gitlab-mirror
? 0
= models[0].name "mistralai/Mistral-7B-Instruct-v0.3"
= models[0].publisher null
any models[0].findings code "publisher_jurisdiction_unknown"
~ stdout repository name mistralai/Mistral-7B-Instruct-v0.3; its git remote is not on Hugging Face, so it names no Hugging Face organisation
!~ stdout publisher_jurisdiction_ok
= models[0].verdict "review"

### ... so an allow entry naming the hub org does not allow it either
$ scan --policy @ROOT/tests/data/policies/allow-meta.json --format json @FX/git/remote-other-host
? 0
= models[0].publisher null
!~ stdout publisher_allowed
any models[0].findings code "publisher_jurisdiction_unknown"
= models[0].verdict "review"

### ... while a deny entry still denies the mirror by the name it carries
$ scan --policy @ROOT/tests/data/policies/deny-meta.json --format json @FX/git/remote-other-host
? 1
any models[0].findings code "publisher_denied"
~ stdout publisher: not determined, but repository name meta-llama/Llama-3.1-8B-Instruct names \"meta-llama\"

### Hugging Face remotes give the hub org: scp-like git@hf.co:ORG/NAME, ssh://, a token in the URL, www.
$ scan --policy @ROOT/tests/data/policies/deny-cn.json --format json @FX/git/remote-hf-scp
? 1
= models[0].publisher.name "DeepSeek"
any models[0].findings code "publisher_jurisdiction_denied"

### ... ssh://git@hf.co/ORG/NAME.git
$ scan --format json @FX/git/remote-hf-ssh
? 0
= models[0].publisher.name "Alibaba Cloud (Qwen)"
= models[0].publisher.jurisdiction "CN"

### ... https://user:token@huggingface.co/ORG/NAME
$ scan --format json @FX/git/remote-hf-token
? 0
= models[0].publisher.name "Mistral AI"
!~ stdout hf_token

### ... https://www.huggingface.co/ORG/NAME/
$ scan --format json @FX/git/remote-hf-www
? 0
= models[0].publisher.jurisdiction "CN"

### Ollama: a model pulled from Hugging Face is published by the org after the host, not by "hf.co"
$ scan --policy @ROOT/tests/data/policies/deny-cn.json --format json @FX/facts/ollama/hf-qwen
? 1
= models[0].name "hf.co/Qwen/Qwen2.5-7B-Instruct-GGUF:Q4_K_M"
= models[0].publisher.name "Alibaba Cloud (Qwen)"
= models[0].publisher.jurisdiction "CN"
any models[0].findings code "publisher_jurisdiction_denied"

### ... also from huggingface.co
$ scan --format json @FX/facts/ollama/huggingface-deepseek
? 0
= models[0].publisher.name "DeepSeek"

### ... Ollama's own "library" namespace is not a publisher: unknown, reviewed under jurisdiction rules
$ scan --policy @ROOT/tests/data/policies/deny-cn.json --format json @FX/facts/ollama/library
? 0
= models[0].name "library/tiny:latest"
= models[0].publisher null
any models[0].findings code "publisher_jurisdiction_unknown"
~ stdout \"library\" is Ollama's own curated namespace, not a publisher
= models[0].verdict "review"

### ... an ollama.com account is reported by name, never taken for the Hugging Face org of that name
$ scan --policy @ROOT/tests/data/policies/deny-cn.json --format json @FX/facts/ollama/account
? 0
= models[0].publisher.name "mistralai"
= models[0].publisher.jurisdiction null
~ stdout namespace mistralai is an ollama.com namespace, not a Hugging Face organisation
any models[0].findings code "publisher_jurisdiction_unknown"
= models[0].verdict "review"

### ... and another registry names no Hugging Face organisation
$ scan --format json @FX/facts/ollama/other-registry
? 0
= models[0].publisher null

### a publisher denied by its legal entity, upstream of a fine-tune
$ scan --policy @ROOT/tests/data/policies/deny-meta.json --format json @FX/facts/hub/models--someone--llama-finetune
? 1
any models[0].findings code "publisher_denied"

### a policy requiring openness class III: below it is denied
$ scan --policy @ROOT/tests/data/policies/open-iii.json --format json @FX/facts/hub/models--deepseek-ai--tiny-cn
? 1
any models[0].findings code "openness_below_minimum"

### ... and class III passes
$ scan --policy @ROOT/tests/data/policies/open-iii.json @FX/facts/hub/models--mistralai--tiny-open
? 0

### openness: every component in the repository, data included, under one Apache-2.0 license reaches class I
$ scan --format json @FX/facts/hub/models--mistralai--tiny-science
? 0
= models[0].openness.class "I"
len models[0].openness.missing 0
any models[0].openness.present evidence "data/train.jsonl"
any models[0].openness.present evidence "eval/mmlu.jsonl"
any models[0].openness.present evidence "checkpoint-100/model-00001-of-00002.safetensors"
any models[0].openness.present license "Apache-2.0"

### a technical report "coming soon" and a training-data section "Not disclosed." are no evidence: below class III
$ scan --policy @ROOT/tests/data/policies/open-iii.json --format json @FX/facts/hub/models--mistralai--tiny-soon
? 1
= models[0].openness.class "none"
any models[0].findings code "openness_below_minimum"
any models[0].openness.missing key "technical_report"
any models[0].openness.missing key "data_card"
any models[0].openness.present key "evaluation_results"

### a parameter ceiling denies a larger model
$ scan --policy @ROOT/tests/data/policies/small-only.json --format json @FX/facts/hub/models--mistralai--tiny-open
? 1
any models[0].findings code "parameters_above_max"
~ stdout 7168 parameters (from the weight headers) exceed policy 'small-only' scale.max_parameters 5000

### a review threshold reviews it
$ scan --policy @ROOT/tests/data/policies/review-large.json --format json @FX/facts/hub/models--mistralai--tiny-open
? 0
any models[0].findings code "parameters_above_review"
= models[0].verdict "review"

### with --shard a part cannot check a parameter threshold: review, not allow
$ scan --shard 1/2 --policy @ROOT/tests/data/policies/small-only.json --format json @FX/facts/hub/models--mistralai--tiny-open
? 0
any models[0].findings code "parameters_partial"

### a malformed facts rule in a policy is an input error (exit 2)
$ scan --policy @ROOT/tests/data/bad-policies/bad-openness.json @FX/facts/hub/models--mistralai--tiny-open
? 2
~ stderr bad-openness.json: policy: "openness.minimum_class" must be "I", "II", "III" or null

### the facts reach CycloneDX: supplier from the publisher, validated
$ scan --format cyclonedx @FX/facts/hub/models--mistralai--tiny-open
env SOURCE_DATE_EPOCH=1700000000
? 0
schema @ROOT/tests/schemas/bom-1.6.schema.json
~ stdout Mistral AI SAS

### ... and SPDX: supplier / originator, validated
$ scan --format spdx @FX/facts/hub/models--someone--llama-finetune
env SOURCE_DATE_EPOCH=1700000000
? 0
schema @ROOT/tests/schemas/spdx-2.3-schema.json

### ... SARIF carries the policy findings
$ scan --policy @ROOT/tests/data/policies/deny-cn.json --format sarif @FX/facts/hub/models--deepseek-ai--tiny-cn
? 1
schema @ROOT/tests/schemas/sarif-schema-2.1.0.json
any runs[0].results ruleId "publisher_jurisdiction_denied"

### ... and the HTML page shows the openness spectrum and the evidence
$ scan --format html @FX/facts/hub/models--mistralai--tiny-open
? 0
~ stdout class="c-III on"
~ stdout Training code <span class="sub">(train.py; Apache-2.0, open)</span>
