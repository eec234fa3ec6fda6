# weightaudit license: ids, modified texts with evidence, folders, scopes,
# card/text conflicts, policies and verdicts, exit codes, schema, determinism.

### a canonical text: identified, clean, exit 0
$ license --format json @ROOT/licenses/LicenseRef-Llama-3.1-Community.txt
? 0
= id "LicenseRef-Llama-3.1-Community"
= modified false
= confidence 1
any clauses id "mau-cap"
has clauses {"id": "mau-cap", "value": 700000000}
has clauses {"id": "attribution", "value": "Built with Llama"}
= sources[0].method "text"
schema @ROOT/tests/schemas/license.schema.json

### near versions are told apart: Llama 3.2 is not 3.1
$ license --format json @ROOT/licenses/LicenseRef-Llama-3.2-Community.txt
? 0
= id "LicenseRef-Llama-3.2-Community"
has clauses {"id": "territory-exclusion", "value": ["EU"], "scope": "multimodal"}

### OpenMDW 1.1 is not 1.0
$ license --format json @ROOT/tests/licenses/cases/LicenseRef-OpenMDW-1.1.rewrapped.txt
? 0
= id "LicenseRef-OpenMDW-1.1"
= modified false

### a restriction after END OF TERMS AND CONDITIONS: modified, exit 1, evidence
$ license --format json @ROOT/tests/licenses/cases/Apache-2.0.added-restriction-after-end.txt
? 1
= id "Apache-2.0"
= modified true
= sources[0].evidence[0].kind "inserted"
has clauses {"id": "non-commercial", "value": true}
any findings code "license_modified"
schema @ROOT/tests/schemas/license.schema.json

### the Falcon license is derived from Apache-2.0 but is not Apache-2.0
$ license --format json @ROOT/licenses/LicenseRef-TII-Falcon-License.txt
? 0
= id "LicenseRef-TII-Falcon-License"

### a short notice
$ license --format json @ROOT/tests/licenses/cases/notice.apache-one-line.txt
? 0
= id "Apache-2.0"
= sources[0].method "notice"

### UTF-16 with BOM and CRLF
$ license --format json @ROOT/tests/licenses/cases/Apache-2.0.utf16le-bom.txt
? 0
= id "Apache-2.0"
= modified false

### an empty file: NONE, exit 1
$ license --format json @ROOT/tests/licenses/cases/empty.txt
? 1
= id "NONE"
schema @ROOT/tests/schemas/license.schema.json

### unrelated text: NOASSERTION, exit 1
$ license --format json @ROOT/tests/licenses/cases/unrelated.recipe.txt
? 1
= id "NOASSERTION"

### a changed user cap is read from the text
$ license --format json @ROOT/tests/licenses/cases/Llama-3.1.mau-7-million.txt
? 1
= modified true
has clauses {"id": "mau-cap", "value": 7000000}

### a Hugging Face style folder: card, license, use policy
$ license --format json @TD/licenses/llama31-hf
? 0
= id "LicenseRef-Llama-3.1-Community"
= declared "LicenseRef-Llama-3.1-Community"
any sources file "USE_POLICY.md"
any sources method "card"
any base_models license "LicenseRef-Llama-3.1-Community"
any obligations id "llama-attribution"
schema @ROOT/tests/schemas/license.schema.json
same

### separate licenses for code and weights: the weights decide
$ license --format json @TD/licenses/deepseek-split
? 0
= id "LicenseRef-DeepSeek-License-1.0"
= declared "LicenseRef-DeepSeek-License-1.0"
any sources scope "code"
any sources scope "weights"

### the card says Apache-2.0, the LICENSE is Llama: a deny finding
$ license --format json @TD/licenses/card-conflict
? 0
= id "LicenseRef-Llama-3.1-Community"
= declared "Apache-2.0"
any findings code "license_card_conflict"
any findings severity "deny"

### card only
$ license --format json @TD/licenses/card-only
? 0
= id "MIT"
any findings code "license_card_only"

### a fine-tune labelled more permissively than its base
$ license --format json @TD/licenses/relabelled-finetune
? 0
any findings code "license_more_permissive_than_base"

### a card listing two licenses: each is reported, review, never the first alone
$ license --format json @TD/licenses/card-several
? 0
any findings code "license_card_several"
any sources id "Apache-2.0"
any sources id "CC-BY-NC-4.0"

### scan: the more restrictive of the two decides (non-commercial, commercial use: deny)
$ scan --format json @TD/licenses/card-several
? 1
any models[0].findings code "license_card_several"
any models[0].findings code "non_commercial"
= models[0].verdict "deny"

### a base model whose license is unknown: review
$ scan --format json @TD/licenses/unknown-base
? 0
= models[0].verdict "review"
any models[0].findings code "base_license_unknown"

### a changed acceptable use policy appended to the license: modified, exit 1
$ license --format json @TD/licenses/aup-modified
? 1
= id "LicenseRef-Llama-3.1-Community"
= modified true

### a short notice with a term after it: each word of the term is in the Apache text, the phrase is not
$ scan --format json @TD/licenses/notice-restricted
? 0
= models[0].verdict "review"
any models[0].findings code "license_notice_extra_text"

### a plain notice in the usual words: no extra text
$ scan --format json @TD/licenses/notice-plain
? 0
= models[0].concluded_license "Apache-2.0"
!~ stdout license_notice_extra_text

### license: other under the publisher's own name, linking to the license file: the text decides
$ scan --format json @TD/licenses/card-other-link
? 0
= models[0].verdict "allow"
= models[0].concluded_license "Apache-2.0"
any models[0].findings code "license_card_link"
!~ stdout license_card_conflict

### no license material at all
$ license --format json @TD/licenses/no-license
? 1
= id "NONE"
any findings code "license_missing"

### a symlink out of the folder is not followed
$ license --format json @TD/licenses/symlink-out
? 0
= id "MIT"
any findings code "license_file_unsafe"

### a Hugging Face cache snapshot: links into the cache's blobs are read
$ license --format json @TD/licenses/hub/models--acme--tiny/snapshots/0123abcd
? 0
= id "LicenseRef-OpenMDW-1.1"

### policy: Llama with unknown MAU goes to review
$ license --format json --policy default @TD/licenses/llama31-hf
? 0
= verdict "review"
any findings code "mau_unknown"
schema @ROOT/tests/schemas/license.schema.json

### policy: Llama below the threshold is allowed, with obligations
$ license --format json --mau 1000 @TD/licenses/llama31-hf
? 0
= verdict "allow"
= policy.organisation.monthly_active_users 1000

### policy: above the threshold is denied
$ license --format json --mau 900000000 @TD/licenses/llama31-hf
? 0
= verdict "deny"
any findings code "mau_cap_exceeded"

### policy: a multimodal Llama 3.2 in the EU is denied
$ license --format json --mau 1000 --region eu @TD/licenses/llama32-vision
? 0
= verdict "deny"
any findings code "territory_excluded"

### policy from a file with the organisation's facts
$ license --format json --policy @TD/licenses/policy-eu.json @TD/licenses/llama32-vision
? 0
= verdict "deny"
= policy.name "eu-startup"

### policy: non-commercial license, commercial use: deny
$ license --format json --policy default @TD/licenses/nc-card
? 0
= verdict "deny"
any findings code "non_commercial"

### policy: a modified license is never allowed
$ license --format json --policy default @TD/licenses/modified-apache
? 1
= verdict "deny"
any findings code "policy_modified_license"

### a malformed policy is exit 2 and names the file
$ license --policy @TD/licenses/policy-bad.json @TD/licenses/card-only
? 2
~ stderr policy-bad.json
~ stderr alow

### an unknown policy name is exit 2
$ license --policy nonesuch @TD/licenses/card-only
? 2

### text output: verdict first lines, clauses, obligations
$ license --mau 10 @TD/licenses/llama31-hf
? 0
~ stdout LicenseRef-Llama-3.1-Community
~ stdout verdict: allow
~ stdout clause mau-cap
~ stdout obligation llama-naming

### a path that does not exist: exit 2, one error line
$ license @TMP/nope
? 2
~ stderr weightaudit: @TMP/nope: cannot read

### bad usage
$ license --format xml @ROOT/licenses/MIT.txt
? 2

### no path
$ license
? 2

### help
$ license --help
? 0
~ stdout Usage: weightaudit license PATH

### the data folder can be named
$ license --format json @ROOT/licenses/MIT.txt
env WEIGHTAUDIT_DATA=@ROOT
? 0
= id "MIT"

### scan applies the license engine and the policy: the card understates the license
$ scan --format json --mau 1000 @TD/licenses/card-conflict
? 1
= verdict "deny"
= models[0].concluded_license "LicenseRef-Llama-3.1-Community"
= models[0].declared_license "Apache-2.0"
any models[0].findings code "license_card_conflict"
any models[0].findings code "mau_cap_ok"
= policy.name "default"
schema @ROOT/tests/schemas/report.schema.json

### scan: a multimodal Llama in the EU is denied, with the reason
$ scan --format json --mau 1000 --region de @TD/licenses/llama32-vision
? 1
any models[0].findings code "territory_excluded"

### scan: a malformed policy is exit 2
$ scan --policy @TD/licenses/policy-bad.json @TD/licenses/card-only
? 2
~ stderr policy-bad.json
