#!/usr/bin/env bash
# Regenerate every capture in corpus/captures/ and corpus/captures/manifest.json.
#
#   sudo bash corpus/lab/capture-all.sh
#
# Each scenario script builds its namespaces (all named nslab-*), captures the
# real tools' stdout, and deletes its namespaces again (EXIT trap).  This
# script wipes the old captures first, runs the scenarios one after another,
# merges the per-script manifest fragments and checks that no nslab-*
# namespace is left behind.
set -euo pipefail
LAB="$(cd "$(dirname "$0")" && pwd)"
source "$LAB/lib.sh"
lab_require_root
lab_ensure_deps

SCENARIOS=(flannel-cluster.sh route-zoo.sh fdb-zoo.sh many-ifaces.sh pmtu-cache.sh)

leftover() { ip netns list | awk '{print $1}' | grep '^nslab-' || true; }
if [ -n "$(leftover)" ]; then
  die "nslab-* namespaces already exist (another lab run?): $(leftover | tr '\n' ' ')"
fi

for f in route-n ip-route ip-addr ip-link ip-rule ip-neigh bridge-fdb ifconfig; do
  rm -rf "${CAPTURES_DIR:?}/$f"
done
rm -rf "$LAB_MANIFEST_PARTS"
mkdir -p "$LAB_MANIFEST_PARTS"

fail=0
for s in "${SCENARIOS[@]}"; do
  [ -f "$LAB/$s" ] || continue
  log "=== $s"
  if ! bash "$LAB/$s"; then
    log "scenario $s FAILED"
    fail=1
  fi
done

lab_write_manifest "$LAB_MANIFEST_PARTS" "$CAPTURES_DIR/manifest.json"
rm -rf "$LAB_MANIFEST_PARTS"

if [ -n "$(leftover)" ]; then
  log "ERROR: namespaces left behind: $(leftover | tr '\n' ' ')"
  fail=1
fi
n=$(jq length "$CAPTURES_DIR/manifest.json")
log "manifest: $n captures"
for f in route-n ip-route ip-addr ip-link ip-rule ip-neigh bridge-fdb ifconfig; do
  log "  $f: $(find "$CAPTURES_DIR/$f" -name '*.txt' 2>/dev/null | wc -l)"
done
exit "$fail"
