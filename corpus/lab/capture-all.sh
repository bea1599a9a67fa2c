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

# Each scenario replaces its own captures and manifest records (lab_finish);
# X.expected.json files beside the captures are never touched here.

fail=0
for s in "${SCENARIOS[@]}"; do
  [ -f "$LAB/$s" ] || continue
  log "=== $s"
  if ! bash "$LAB/$s"; then
    log "scenario $s FAILED"
    fail=1
  fi
done

# captures on disk that no manifest record describes, and expected parses
# whose capture is gone: report only (a person decides)
jq -r '.[].file' "$CAPTURES_DIR/manifest.json" | sort >/tmp/nslab-listed.$$
(cd "$CAPTURES_DIR" && find . -mindepth 2 -name '*.txt' | sed 's|^\./||' | sort) >/tmp/nslab-ondisk.$$
comm -13 /tmp/nslab-listed.$$ /tmp/nslab-ondisk.$$ | sed 's/^/  not in manifest: /' >&2
(cd "$CAPTURES_DIR" && find . -mindepth 2 -name '*.expected.json' | sed 's|^\./||') | while read -r e; do
  [ -f "$CAPTURES_DIR/${e%.expected.json}.txt" ] || echo "  expected parse without capture: $e" >&2
done
rm -f /tmp/nslab-listed.$$ /tmp/nslab-ondisk.$$

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
