# weightaudit rules: the list and the plain-words explanation.

### list
$ rules
? 0
~ stdout LicenseRef-Llama-3.1-Community
~ stdout permissive
~ stdout OpenMDW-1.0

### list as JSON
$ rules --format json
? 0
any . id "LicenseRef-Llama-4-Community"
any . category "non-commercial"

### explain by Hugging Face keyword
$ rules llama3.1
? 0
~ stdout Llama 3.1 Community License Agreement
~ stdout 700,000,000
~ stdout Built with Llama
~ stdout obligations:

### explain by id, as JSON
$ rules --format json LicenseRef-Tencent-Hunyuan-Community
? 0
= id "LicenseRef-Tencent-Hunyuan-Community"
= category "custom-commercial"

### a Hub keyword without a rules file
$ rules gpl-3.0
? 0
~ stdout GPL-3.0-only

### unknown
$ rules no-such-license
? 2
~ stderr unknown license
