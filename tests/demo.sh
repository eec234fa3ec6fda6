#!/bin/sh
# make demo: the main job on the bundled fixtures.
set -u
FX=${1:-build/fixtures}
WA=${WA:-./weightaudit}
echo "== weightaudit validate on the fixture shards"
for f in "$FX"/directory/tiny-llama/*.safetensors; do
    $WA validate "$f"
    echo "   exit $?"
done
