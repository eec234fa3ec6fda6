#!/usr/bin/env python3
"""Build the license test corpus (tests/licenses/cases/ + expected.json) from
the canonical texts in licenses/ and the rules in rules/.

Run it after changing a canonical text or a rule; the output is committed,
so the benchmark and the tests read fixed files.  Deterministic.

Each case is one file and the exact answer weightaudit must give for it
(`weightaudit license FILE --format json`): id, modified, and the clause
values (every clause, nothing more).  Variants are those seen in real
repositories: re-wrapped, markdown, smart quotes, other bullet styles, CRLF,
UTF-8 BOM, UTF-16, filled-in copyright holders and Apache appendix, added
restrictions, deleted clauses, changed thresholds, short notices, model
cards, empty, binary and unrelated text.  `peer` says whether the case is a
fair question for the peer tools in `make bench-licenses` (a single file
whose answer is an id they could know)."""
import json, os, re, textwrap, sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
OUT = os.path.join(HERE, "cases")

rules = {}
for f in sorted(os.listdir(os.path.join(ROOT, "rules"))):
    if f.endswith(".json"):
        r = json.load(open(os.path.join(ROOT, "rules", f)))
        if "id" in r:
            rules[r["id"]] = r

def clauses_of(rid):
    return {c["id"]: c["value"] for c in rules[rid].get("clauses", [])}

def canon(rid, k=0):
    return open(os.path.join(ROOT, rules[rid]["texts"][k]), encoding="utf-8").read()

cases = []
def case(name, data, rid, modified=False, clauses=None, peer=True, note=""):
    if isinstance(data, str):
        data = data.encode("utf-8")
    path = os.path.join(OUT, name)
    with open(path, "wb") as f:
        f.write(data)
    if clauses is None:
        clauses = clauses_of(rid) if rid in rules else {}
    cases.append({"file": "cases/" + name, "id": rid, "modified": modified, "clauses": clauses, "peer": peer, "note": note})

# ---- transformations ------------------------------------------------------
def paragraphs(t):
    return re.split(r"\n[ \t]*\n", t.replace("\r\n", "\n"))

def rewrap(t, width=72):
    out = []
    for p in paragraphs(t):
        words = p.split()
        if words:
            out.append(textwrap.fill(" ".join(words), width, break_on_hyphens=False, break_long_words=False))
    return "\n\n".join(out) + "\n"

def markdown(t):
    out = []
    for p in paragraphs(t):
        s = " ".join(p.split())
        if not s:
            continue
        if len(s) < 70 and not s.endswith((".", ";", ",")):
            out.append("## " + s)
        else:
            m = re.match(r"^((?:\d+\.|[a-z]\.|\([a-z]+\))\s+)?(\S+ \S+ \S+)(.*)$", s)
            if m:
                s = (m.group(1) or "").replace(".", "\\.") + "**" + m.group(2) + "**" + m.group(3)
            out.append(s)
    return "\n\n".join(out) + "\n"

def smart(t):
    res, opened = [], False
    for ch in t:
        if ch == '"':
            res.append("\u201d" if opened else "\u201c")
            opened = not opened
        elif ch == "'":
            res.append("\u2019")
        elif ch == "-" and False:
            res.append("\u2013")
        else:
            res.append(ch)
    return "".join(res)

def bullets(t):
    t = re.sub(r"(?m)^(\s*)\((?:[a-z]|[ivx]+)\)\s+", r"\1- ", t)
    t = re.sub(r"(?m)^(\s*)(?:[a-z]|[ivx]+)\.\s+", "\\1\u2022 ", t)
    t = re.sub(r"(?m)^(\s*)(\d+)\.\s+", r"\1\2) ", t)
    return t

def crlf(t):
    return t.replace("\r\n", "\n").replace("\n", "\r\n")

os.makedirs(OUT, exist_ok=True)
for f in os.listdir(OUT):
    os.remove(os.path.join(OUT, f))

# ---- every canonical text, verbatim -----------------------------------------
for rid, r in sorted(rules.items()):
    for k, _ in enumerate(r.get("texts", [])):
        case(f"{rid}{'' if k == 0 else '.alt' + str(k)}.verbatim.txt", canon(rid, k), rid)

# ---- formatting variants of the main licenses ---------------------------------
MAIN = ["Apache-2.0", "MIT", "BSD-2-Clause", "BSD-3-Clause", "OpenMDW-1.0", "LicenseRef-OpenMDW-1.1",
        "LicenseRef-Llama-2-Community", "LicenseRef-Llama-3-Community", "LicenseRef-Llama-3.1-Community",
        "LicenseRef-Llama-3.2-Community", "LicenseRef-Llama-3.3-Community", "LicenseRef-Llama-4-Community",
        "LicenseRef-Gemma", "LicenseRef-Tongyi-Qianwen", "LicenseRef-Qwen-Research", "LicenseRef-DeepSeek-License-1.0",
        "LicenseRef-NVIDIA-Open-Model-License", "LicenseRef-Mistral-Research-License",
        "LicenseRef-Tencent-Hunyuan-Community", "LicenseRef-Stability-AI-Community", "LicenseRef-CreativeML-OpenRAIL-M",
        "LicenseRef-BigScience-OpenRAIL-M", "CC-BY-4.0", "CC-BY-SA-4.0", "CC-BY-NC-4.0", "LicenseRef-TII-Falcon-License"]
for rid in MAIN:
    t = canon(rid)
    case(f"{rid}.rewrapped.txt", rewrap(t), rid)
    case(f"{rid}.markdown.md", markdown(t), rid)
    case(f"{rid}.smart-quotes.txt", smart(t), rid)
    case(f"{rid}.bullets.txt", bullets(t), rid)
    case(f"{rid}.crlf.txt", crlf(t), rid)
for rid in ["Apache-2.0", "MIT", "LicenseRef-Llama-3.1-Community", "LicenseRef-Gemma"]:
    t = canon(rid)
    case(f"{rid}.utf8-bom.txt", b"\xef\xbb\xbf" + t.encode(), rid)
    case(f"{rid}.utf16le-bom.txt", b"\xff\xfe" + crlf(t).encode("utf-16-le"), rid)
    case(f"{rid}.utf16be-bom.txt", b"\xfe\xff" + t.encode("utf-16-be"), rid)

# the real apache.org layout (hard-wrapped, indented, appendix placeholders)
case("Apache-2.0.apache-org-layout.txt", open(os.path.join(HERE, "apache-org-layout.txt"), encoding="utf-8").read(), "Apache-2.0")

# ---- layout seen in real copies -------------------------------------------------
t = canon("Apache-2.0")
case("Apache-2.0.markdown-title-quote.md", "# Apache License\n\n> " + t.replace("\n\n", "\n\n> ").replace("(a)", "\\(a\\)"), "Apache-2.0")
case("Apache-2.0.nbsp.txt", t.replace(" ", "\u00a0", 200), "Apache-2.0")
t = canon("LicenseRef-Llama-3.1-Community")
case("Llama-3.1.lowercase.txt", t.lower(), "LicenseRef-Llama-3.1-Community")
case("Llama-3.1.html-breaks.md", t.replace("\n\n", "<br/><br/>\n"), "LicenseRef-Llama-3.1-Community")
case("Llama-3.1.indented.txt", "\n".join("        " + l for l in t.split("\n")), "LicenseRef-Llama-3.1-Community")
case("MIT.nb-hyphen.txt", canon("MIT").replace("-", "\u2011"), "MIT")

# ---- replaceable fields ---------------------------------------------------------
t = canon("MIT")
case("MIT.copyright-holder.txt", t.replace("Copyright (c) <year> <copyright holders>", "Copyright (c) 2024 Example Robotics GmbH"), "MIT")
case("MIT.holder-without-year.txt", t.replace("Copyright (c) <year> <copyright holders>", "Copyright Google LLC"), "MIT")
case("MIT.no-title.txt", t.replace("MIT License\n\n", ""), "MIT")
case("MIT.two-copyright-lines.txt", t.replace("Copyright (c) <year> <copyright holders>", "Copyright (c) 2023 Alice Example\nCopyright (c) 2024 The Example Authors"), "MIT")
case("MIT.spdx-header.txt", "SPDX-License-Identifier: MIT\n\n" + t, "MIT")
# holders as real repositories write them: still the clean license
for i, holder in enumerate(["Copyright (c) 2018-present, Acme Corp and contributors",
                            "Copyright (c) Meta Platforms, Inc. and affiliates. All rights reserved.",
                            "Copyright (C) 2024 THL A29 Limited, a Tencent company. All rights reserved.",
                            "Copyright (c) 2023 deepseek-ai",
                            "Copyright 2024 Alibaba Cloud <qwen@alibaba.com>",
                            "Copyright (c) 2024, NVIDIA CORPORATION & AFFILIATES. All rights reserved.",
                            "\u00a9 2024 Stability AI Ltd."]):
    case("MIT.holder-real-%d.txt" % i, t.replace("Copyright (c) <year> <copyright holders>", holder), "MIT")
# a markdown quote: "> " before every line, ">" alone for the blank ones
case("MIT.blockquote.md", "".join(("> " + l).rstrip() + "\n" for l in t.splitlines()), "MIT")
# a term hidden in the copyright line is text, not a holder: modified
for i, holder in enumerate(["Copyright (c) 2024 Acme Corp (EU users excluded)",
                            "Copyright (c) 2024 Acme Corp. Revocable at any time.",
                            "Copyright (c) 2024 Acme Corp. Outside China.",
                            "Copyright (c) 2024 Acme Corp. Weights: CC BY-NC 4.0",
                            "Copyright (c) 2024 Acme Corp. Royalty of 5% applies.",
                            "Copyright (c) 2024 Acme Corp. Terminates 2025-01-01.",
                            "\u00a9 2024 Acme Corp. EU excluded."]):
    case("MIT.holder-hides-term-%d.txt" % i, t.replace("Copyright (c) <year> <copyright holders>", holder), "MIT",
         modified=True, note="a term disguised as a copyright line")
t = canon("BSD-3-Clause")
case("BSD-3-Clause.copyright-holder.txt", t.replace("Copyright (c) <year> <owner>.", "Copyright (c) 2021-2024, Example University").replace("the copyright holder nor", "Example University nor"), "BSD-3-Clause")
t = canon("Apache-2.0")
case("Apache-2.0.appendix-filled.txt", t.replace("Copyright [yyyy] [name of copyright owner]", "Copyright 2024 Example AI Labs, Inc."), "Apache-2.0")
cut = t.index("APPENDIX: How to apply")
case("Apache-2.0.no-appendix.txt", t[:cut], "Apache-2.0")
case("Apache-2.0.copyright-header.txt", "Copyright 2025 The Example Model Authors. All rights reserved.\n\n" + t, "Apache-2.0")

# ---- modifications ----------------------------------------------------------------
end = t.index("END OF TERMS AND CONDITIONS") + len("END OF TERMS AND CONDITIONS")
case("Apache-2.0.added-restriction-after-end.txt",
     t[:end] + "\n\nADDITIONAL RESTRICTION: The model weights may not be used for commercial purposes.\n" + t[end:],
     "Apache-2.0", modified=True, clauses={"non-commercial": True})
case("Apache-2.0.added-restriction-appended.txt",
     t + "\n\nIn addition, you may not use the model or its outputs to train other models.\n",
     "Apache-2.0", modified=True, clauses={"output-use-restriction": True})
case("Apache-2.0.added-eu-exclusion.txt",
     t[:end] + "\n\nThis License is not granted to persons located in the European Union.\n" + t[end:],
     "Apache-2.0", modified=True, clauses={"territory-exclusion": ["EU"]})
s9 = t.index("9. Accepting Warranty or Additional Liability.")
case("Apache-2.0.deleted-section-9.txt", t[:s9] + t[end - len("END OF TERMS AND CONDITIONS"):], "Apache-2.0", modified=True)
case("Apache-2.0.changed-word.txt", t.replace("perpetual, worldwide, non-exclusive", "revocable, worldwide, non-exclusive", 1), "Apache-2.0", modified=True)
t = canon("MIT")
case("MIT.added-noncommercial.txt", t.replace("following conditions:", "following conditions: the Software may not be used for commercial purposes.", 1),
     "MIT", modified=True, clauses={"non-commercial": True})
case("MIT.deleted-warranty.txt", t[:t.index("THE SOFTWARE IS PROVIDED")], "MIT", modified=True)
t = canon("LicenseRef-Llama-3.1-Community")
case("Llama-3.1.mau-7-million.txt", t.replace("700 million monthly active users", "7 million monthly active users"),
     "LicenseRef-Llama-3.1-Community", modified=True, clauses=dict(clauses_of("LicenseRef-Llama-3.1-Community"), **{"mau-cap": 7000000}))
m = re.search(r"\n[^\n]*Additional Commercial Terms[^\n]*\n", t)
case("Llama-3.1.deleted-commercial-terms.txt", t[:m.start()] + "\n" + t[m.end():], "LicenseRef-Llama-3.1-Community", modified=True,
     clauses={k: v for k, v in clauses_of("LicenseRef-Llama-3.1-Community").items() if k != "mau-cap"})
case("Llama-3.1.added-eu-paragraph.txt", t + "\n\nThe Llama Materials may not be used in the European Union.\n",
     "LicenseRef-Llama-3.1-Community", modified=True, clauses=dict(clauses_of("LicenseRef-Llama-3.1-Community"), **{"territory-exclusion": ["EU"]}))
t = canon("LicenseRef-Llama-3.2-Community")
case("Llama-3.2.named-3.1.txt", t.replace("Llama 3.2", "Llama 3.1"), "LicenseRef-Llama-3.1-Community", modified=True,
     clauses=clauses_of("LicenseRef-Llama-3.1-Community"), note="the 3.2 text with the version renamed: the nearest text is 3.1, and it is modified")
t = canon("LicenseRef-Tencent-Hunyuan-Community")
case("Hunyuan.mau-50-million.txt", t.replace("greater than 100 million monthly active users", "greater than 50 million monthly active users"),
     "LicenseRef-Tencent-Hunyuan-Community", modified=True, clauses=dict(clauses_of("LicenseRef-Tencent-Hunyuan-Community"), **{"mau-cap": 50000000}))
case("Hunyuan.other-release.txt", t.replace("Tencent Hunyuan A13B Release Date: June 27, 2025", "Tencent Hunyuan 7B Release Date: July 30, 2025"),
     "LicenseRef-Tencent-Hunyuan-Community")
t = canon("OpenMDW-1.0")
case("OpenMDW-1.0.with-1.1-clause.txt", t.replace("infringe any patent", "infringe any patent or copyright"), "OpenMDW-1.0", modified=True,
     note="1.0 text with the 1.1 wording in one place but the 1.0 title: modified, never silently 1.1")
t = canon("LicenseRef-Stability-AI-Community")
case("Stability.revenue-5-million.txt", t.replace("USD $1,000,000 in annual revenue", "USD $5,000,000 in annual revenue"),
     "LicenseRef-Stability-AI-Community", modified=True, clauses=dict(clauses_of("LicenseRef-Stability-AI-Community"), **{"revenue-cap": 1000000}),
     note="the preamble still says US $1,000,000: the stricter number is reported")
# two licenses in one file: the text is both, not a modified first one
case("Llama-3.1.license-plus-aup.txt", canon("LicenseRef-Llama-3.1-Community") + "\n\n" + canon("LicenseRef-Llama-3.1-Acceptable-Use-Policy"),
     "LicenseRef-Llama-3.1-Community", peer=False)

# ---- derived licenses are never the parent ---------------------------------------
case("Falcon3.rewrapped.txt", rewrap(canon("LicenseRef-TII-Falcon-License")), "LicenseRef-TII-Falcon-License")

# ---- short notices ------------------------------------------------------------------
case("notice.apache-boilerplate.txt", 'Licensed under the Apache License, Version 2.0 (the "License");\nyou may not use this file except in compliance with the License.\nYou may obtain a copy of the License at\n\n    http://www.apache.org/licenses/LICENSE-2.0\n\nUnless required by applicable law or agreed to in writing, software\ndistributed under the License is distributed on an "AS IS" BASIS,\nWITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.\nSee the License for the specific language governing permissions and\nlimitations under the License.\n', "Apache-2.0", clauses={})
case("notice.apache-one-line.txt", "Licensed under the Apache License, Version 2.0\n", "Apache-2.0", clauses={})
case("notice.spdx-mit.txt", "SPDX-License-Identifier: MIT\n", "MIT", clauses={})
case("notice.url-apache.txt", "https://www.apache.org/licenses/LICENSE-2.0\n", "Apache-2.0", clauses={})
case("notice.mit-sentence.txt", "This project is released under the MIT License.\n", "MIT", clauses={})
case("notice.llama31.txt", "Llama 3.1 is licensed under the Llama 3.1 Community License, Copyright (c) Meta Platforms, Inc. All Rights Reserved.\n",
     "LicenseRef-Llama-3.1-Community", peer=False)
case("notice.cc-by-nc.txt", "This model is licensed under a Creative Commons Attribution-NonCommercial 4.0 International License.\n",
     "CC-BY-NC-4.0", clauses={"non-commercial": True})

# a re-wrapped markdown copy breaks an HTML tag over two lines: still layout
t = canon("LicenseRef-Llama-3.1-Acceptable-Use-Policy")
case("Llama-3.1-AUP.tag-broken.md", t.replace("<span ", "<span\n", 1), "LicenseRef-Llama-3.1-Acceptable-Use-Policy",
     clauses=clauses_of("LicenseRef-Llama-3.1-Acceptable-Use-Policy"), peer=False)

# ---- model cards ------------------------------------------------------------------------
def card(fm, body="# A model\n\nSome words about it.\n"):
    return "---\n" + fm + "---\n\n" + body
case("card.apache.README.md", card("license: apache-2.0\nlibrary_name: transformers\n"), "Apache-2.0", clauses={}, peer=False)
case("card.llama3.1.README.md", card("license: llama3.1\nbase_model: meta-llama/Llama-3.1-8B\n"), "LicenseRef-Llama-3.1-Community", peer=False)
case("card.other-qwen-research.README.md", card("license: other\nlicense_name: qwen-research\nlicense_link: https://huggingface.co/Qwen/Qwen2.5-3B-Instruct/blob/main/LICENSE\n"),
     "LicenseRef-Qwen-Research", peer=False)
case("card.cc-by-nc-sa.README.md", card("license: cc-by-nc-sa-4.0\n"), "CC-BY-NC-SA-4.0", clauses={"non-commercial": True}, peer=False)
case("card.list-license.README.md", card("license:\n  - mit\ntags:\n  - text-generation\n"), "MIT", clauses={}, peer=False)
case("card.unknown.README.md", card("license: unknown\n"), "NOASSERTION", clauses={}, peer=False)
case("card.none.README.md", "# A model card without front matter\n\nNo license here.\n", "NONE", clauses={}, peer=False)

# ---- nothing, or nothing known ------------------------------------------------------------
case("empty.txt", "", "NONE", clauses={})
case("whitespace.txt", "\n\n   \n\t\n", "NONE", clauses={})
case("binary.bin", bytes(range(256)) * 8, "NONE", clauses={})
case("unrelated.recipe.txt", "Pancakes\n\nMix 200 g of flour, two eggs and 300 ml of milk. Rest the batter for half an hour, then fry thin pancakes in a hot buttered pan. Serve with lemon and sugar.\n", "NOASSERTION", clauses={})
case("unrelated.custom-license.txt", "ACME MODEL LICENSE\n\nYou may use the ACME model for research purposes only. Redistribution is not permitted. All other rights reserved by ACME Corp.\n",
     "NOASSERTION", clauses={"non-commercial": True})

with open(os.path.join(HERE, "expected.json"), "w") as f:
    json.dump({"note": "generated by make_corpus.py; each case: the exact id, modified and clause values (id -> value) of `weightaudit license FILE`",
               "cases": cases}, f, indent=1, ensure_ascii=False)
    f.write("\n")
print(len(cases), "cases")
