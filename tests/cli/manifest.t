# weightaudit manifest: a pinned manifest of one model.

### the directory fixture gives exactly the example manifest
$ manifest -o @TMP/m.json @FX/directory/tiny-llama
? 0
json @TMP/m.json
= schema "weightaudit-manifest/1"
= name null
len files 6
= files[3].path "model-00001-of-00002.safetensors"
= files[3].size 6376
= files[3].sha256 "33006c899de242d7aecddd4b216db1c9ae04940d25eaf5d697e19cebcf19a3b9"

### stdout, byte for byte the same each run
$ manifest @FX/directory/tiny-llama
? 0
same
= files[0].path "LICENSE"

### an hf-cache model carries its name and revision
$ manifest @FX/hf-cache/hub/models--tiny-org--tiny-llama
? 0
= name "tiny-org/tiny-llama"
= revision "4c2a3d5b8e9f0a1b2c3d4e5f60718293a4b5c6d7"
len files 6

### a folder of several models: exit 2
$ manifest @FX/hf-cache-bad
? 2
~ stderr holds 5 models

### missing PATH: exit 2
$ manifest @FX/nothing-here
? 2

### usage
$ manifest
? 2
