#!/bin/sh
# make demo: the main job on the bundled fixtures - every layout, good and
# corrupted, scanned and printed as the text report; then a manifest
# written and verified.
set -u
FX=${1:-build/fixtures}
WA=${WA:-./weightaudit}
MF=manifests/examples/tiny-llama.json
run() {
    echo
    echo "\$ weightaudit $*"
    $WA "$@"
    echo "   (exit $?)"
}
echo "== weightaudit validate on the fixture shards"
for f in "$FX"/directory/tiny-llama/*.safetensors; do
    $WA validate "$f"
    echo "   exit $?"
done
echo
echo "== scan: good downloads, one per layout"
run scan --no-progress "$FX/directory/tiny-llama" "$FX/hf-cache/hub" "$FX/local-dir/tiny-llama" \
    "$FX/git/tiny-llama" "$FX/ollama/models" "$FX/archives/tiny-llama.tar.zst"
echo
echo "== scan: corrupted downloads"
run scan --no-progress "$FX/hf-cache-bad"
run scan --no-progress "$FX/local-dir-bad/stale" "$FX/local-dir-bad/flipped" "$FX/local-dir-bad/incomplete"
run scan --no-progress "$FX/git/tiny-llama-pointers" "$FX/git/tiny-llama-modified"
run scan --no-progress "$FX/ollama-bad/models"
run scan --no-progress "$FX/directory/index-missing-tensor" "$FX/directory/escape-link"
run scan --no-progress "$FX/archives-bad/escape.tar" "$FX/archives-bad/truncated.tar.gz"
run scan --no-progress --manifest "$MF" "$FX/directory/flipped"
echo
echo "== manifest and verify"
run manifest "$FX/hf-cache/hub/models--tiny-org--tiny-llama"
run verify "$FX/archives/tiny-llama.zip" --manifest "$MF"
run verify "$FX/directory/flipped" --manifest "$MF"
echo
echo "== licenses: identify a text, explain a rule"
run license licenses/LicenseRef-Llama-3.1-Community.txt
run rules LicenseRef-Llama-3.1-Community
echo
echo "== procurement facts: publishers in FR and CN, a fine-tune of a US model"
run scan --no-progress "$FX/facts/hub"
run scan --no-progress --policy tests/data/policies/deny-cn.json "$FX/facts/hub/models--deepseek-ai--tiny-cn"
echo
echo "== compliance outputs, written once from one scan, then verified from the SBOM"
mkdir -p build/demo
run scan --no-progress --mau 1000000 "$FX/facts/hub/models--someone--llama-finetune" \
    --format json -o build/demo/report.json --format cyclonedx -o build/demo/model.cdx.json \
    --format spdx -o build/demo/model.spdx.json --format sarif -o build/demo/model.sarif \
    --format html -o build/demo/report.html
run verify "$FX/facts/hub/models--someone--llama-finetune" --sbom build/demo/model.cdx.json
echo
echo "demo outputs: build/demo/ (report.json, model.cdx.json, model.spdx.json, model.sarif, report.html)"
