"""Model folders for the `weightaudit license` CLI cases, built from the
canonical texts in licenses/: a Hugging Face style Llama repo, DeepSeek's
split code/model licenses, card/text conflicts, a fine-tune that relabels
its base model, a multimodal Llama 3.2, a symlink that leaves the folder,
and a malformed policy."""
import json
import os
import shutil

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def text(name):
    with open(os.path.join(ROOT, "licenses", name + ".txt"), encoding="utf-8") as f:
        return f.read()


def folder(base, name, files):
    d = os.path.join(base, name)
    if os.path.isdir(d):
        shutil.rmtree(d)
    os.makedirs(d)
    for rel, content in files.items():
        with open(os.path.join(d, rel), "w", encoding="utf-8") as f:
            f.write(content)
    return d


def main(out):
    base = os.path.join(out, "licenses")
    os.makedirs(base, exist_ok=True)
    llama_cfg = json.dumps({"architectures": ["LlamaForCausalLM"], "model_type": "llama"})
    folder(base, "llama31-hf", {
        "README.md": "---\nlicense: llama3.1\nbase_model: meta-llama/Llama-3.1-8B\npipeline_tag: text-generation\n---\n# A fine-tune\n",
        "LICENSE": text("LicenseRef-Llama-3.1-Community"),
        "USE_POLICY.md": text("LicenseRef-Llama-3.1-Acceptable-Use-Policy"),
        "config.json": llama_cfg,
        "model.safetensors": "not read",
    })
    folder(base, "llama32-vision", {
        "LICENSE.txt": text("LicenseRef-Llama-3.2-Community"),
        "USE_POLICY.md": text("LicenseRef-Llama-3.2-Acceptable-Use-Policy"),
        "config.json": json.dumps({"model_type": "mllama", "vision_config": {"hidden_size": 1280}}),
    })
    folder(base, "deepseek-split", {
        "LICENSE-CODE": text("MIT"),
        "LICENSE-MODEL": text("LicenseRef-DeepSeek-License-1.0"),
        "README.md": "---\nlicense: other\nlicense_name: deepseek\nlicense_link: LICENSE-MODEL\n---\n",
    })
    folder(base, "card-conflict", {
        "README.md": "---\nlicense: apache-2.0\n---\n# Totally Apache\n",
        "LICENSE": text("LicenseRef-Llama-3.1-Community"),
    })
    folder(base, "card-only", {"README.md": "---\nlicense: mit\n---\n# small\n"})
    folder(base, "relabelled-finetune", {
        "README.md": "---\nlicense: apache-2.0\nbase_model: meta-llama/Llama-3.1-8B-Instruct\nbase_model_relation: finetune\n---\n",
    })
    folder(base, "modified-apache", {
        "LICENSE": text("Apache-2.0") + "\nThe weights may not be used for commercial purposes.\n",
    })
    folder(base, "no-license", {"model.safetensors": "x", "config.json": llama_cfg})
    d = folder(base, "symlink-out", {"README.md": "---\nlicense: mit\n---\n"})
    os.symlink("/etc/hostname", os.path.join(d, "LICENSE"))
    # a Hugging Face cache snapshot: files are links into ../../blobs
    cache = os.path.join(base, "hub", "models--acme--tiny")
    if os.path.isdir(cache):
        shutil.rmtree(cache)
    os.makedirs(os.path.join(cache, "blobs"))
    os.makedirs(os.path.join(cache, "snapshots", "0123abcd"))
    with open(os.path.join(cache, "blobs", "aaaa"), "w") as f:
        f.write(text("LicenseRef-OpenMDW-1.1"))
    os.symlink("../../blobs/aaaa", os.path.join(cache, "snapshots", "0123abcd", "LICENSE"))
    folder(base, "card-several", {
        "README.md": "---\nlicense:\n  - apache-2.0\n  - cc-by-nc-4.0\n---\n# two licenses, which one?\n",
        "config.json": llama_cfg,
    })
    folder(base, "unknown-base", {
        "README.md": "---\nlicense: apache-2.0\nbase_model: unsloth/Meta-Llama-3.1-8B-Instruct\n---\n",
        "config.json": llama_cfg,
    })
    folder(base, "notice-restricted", {
        "LICENSE": "Licensed under the Apache License, Version 2.0. Not for commercial use.\n",
        "README.md": "---\nlicense: apache-2.0\n---\n",
    })
    folder(base, "notice-plain", {
        "LICENSE": "This model is licensed under the Apache License, Version 2.0.\n",
        "README.md": "---\nlicense: apache-2.0\n---\n",
    })
    hdr = '{"w":{"dtype":"U8","shape":[1],"data_offsets":[0,1]}}'
    tiny_st = "".join(chr(b) for b in len(hdr).to_bytes(8, "little")) + hdr + "x"   # all bytes < 0x80
    folder(base, "card-other-link", {
        "README.md": "---\nlicense: other\nlicense_name: acme-license\nlicense_link: LICENSE\n---\n",
        "LICENSE": text("Apache-2.0"),
        "model.safetensors": tiny_st,
    })
    d = folder(base, "unknown-weights", {"LICENSE": text("MIT"), "README.md": "---\nlicense: mit\n---\n# x\n"})
    with open(os.path.join(d, "pytorch_model.bin"), "wb") as f:   # no known format: not text, no magic
        f.write(bytes((i * 151 + 7) % 256 for i in range(4096)))
    with open(os.path.join(d, "flax_model.msgpack"), "wb") as f:  # a format no loader runs code from
        f.write(bytes((i * 97 + 3) % 256 for i in range(4096)))
    folder(base, "aup-modified", {
        "LICENSE": text("LicenseRef-Llama-3.1-Community") + "\n" + text("LicenseRef-Llama-3.1-Acceptable-Use-Policy")
                   + "\nYou may not use this model in France.\n",
    })
    folder(base, "nc-card", {"README.md": "---\nlicense: cc-by-nc-4.0\n---\n", "LICENSE": text("CC-BY-NC-4.0")})
    # SBOM license cases (tests/cli/sbom_licenses.t): modified texts that decide, unidentified
    # licenses, a list of card licenses
    apache = text("Apache-2.0")
    assert "perpetual, worldwide" in apache
    folder(base, "sbom-apache-modified", {
        "README.md": "---\nlicense: apache-2.0\n---\n",
        "LICENSE": apache.replace("perpetual, worldwide", "revocable, non-commercial"),
        "model.safetensors": tiny_st,
    })
    llama = text("LicenseRef-Llama-3.1-Community")
    assert "700 million" in llama
    folder(base, "sbom-llama-modified", {
        "README.md": "---\nlicense: llama3.1\n---\n",
        "LICENSE": llama.replace("700 million", "7 billion"),
        "model.safetensors": tiny_st,
    })
    folder(base, "sbom-custom-text", {
        "LICENSE": "Frobnicator Research Terms\n\nYou may run these weights for research on frobnicators only.\n",
        "model.safetensors": tiny_st,
    })
    folder(base, "sbom-card-other-named", {
        "README.md": "---\nlicense: other\nlicense_name: frobnicator-research-license\n---\n# card only\n",
        "model.safetensors": tiny_st,
    })
    folder(base, "sbom-card-list", {
        "README.md": "---\nlicense:\n- apache-2.0\n- mit\n---\n",
        "model.safetensors": tiny_st,
    })
    with open(os.path.join(base, "policy-bad.json"), "w") as f:
        f.write('{"name": "bad", "allow": {"categories": ["permissive"]}, "alow": {}}\n')
    # fuzz seeds: license texts cut at odd places, cards of every shape
    seeds = os.path.join(out, "seeds", "licmatch")
    os.makedirs(seeds, exist_ok=True)
    for i, name in enumerate(["Apache-2.0", "LicenseRef-Llama-3.2-Community", "LicenseRef-Tencent-Hunyuan-3D-2.1-Community",
                              "LicenseRef-Stability-AI-Community", "CC-BY-NC-4.0"]):
        t = text(name).encode("utf-8")
        with open(os.path.join(seeds, "cut%d" % i), "wb") as f:
            f.write(t[len(t) // 3: len(t) // 3 + 1500])
    with open(os.path.join(seeds, "utf16"), "wb") as f:
        f.write(b"\xff\xfe" + text("MIT")[:400].encode("utf-16-le"))
    cards = os.path.join(out, "seeds", "card")
    os.makedirs(cards, exist_ok=True)
    for i, fm in enumerate(["license: apache-2.0\n", "license: other\nlicense_name: mrl\nlicense_link: LICENSE\n",
                            "base_model:\n- meta-llama/Llama-3.1-8B\nbase_model_relation: merge\n",
                            "tags: [a, b]\nmodel-index:\n- name: x\n  results: []\n", "{license: mit, x: [1, {y: z}]}\n"]):
        with open(os.path.join(cards, "card%d.md" % i), "w") as f:
            f.write("---\n" + fm + "---\n# card\n")
    with open(os.path.join(base, "policy-eu.json"), "w") as f:
        json.dump({"name": "eu-startup", "allow": {"families": ["llama"], "categories": ["permissive"]},
                   "organisation": {"monthly_active_users": 20000, "regions": ["de"], "commercial_use": True}}, f)
