#!/usr/bin/env bash
# Large kube-proxy-shaped iptables captures for the benchmarks, gzip -9n into
# corpus/bench/iptables-save/, corpus/bench/iptables-list-rules/ and
# corpus/bench/iptables-list/ (+ records in corpus/bench/manifest.json).
#
#   nslab-ipt-bench-svcN   N = 1000, 5000, 20000 generated services (kube-proxy
#                          1.28-1.31 layout, 1-5 endpoints each, every 13th
#                          with a NodePort, every 50th a LoadBalancer IP with
#                          externalTrafficPolicy Local, every 97th without
#                          endpoints), loaded with iptables-restore -c (nf_tables);
#                          deterministic per-rule counters, so -v shows K/M/G.
#
# The rule sets come from corpus/lab/iptables/kube_rules.py (`bench N`), seeded
# per service index, so they are the same on every run. If loading a set with
# the nf_tables backend takes longer than IPT_BENCH_TIMEOUT seconds (default
# 300) the legacy backend is tried instead (recorded in the manifest).
#
# Usage: sudo bash corpus/lab/iptables-bench.sh [1000 5000 20000]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
lab_init
export LAB_OUT_DIR="$BENCH_DIR" LAB_GZIP=1
RULES="$LAB_DIR/iptables"
TIMEOUT="${IPT_BENCH_TIMEOUT:-300}"

if ! command -v iptables-legacy-restore >/dev/null; then
  log "installing: iptables"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq iptables >/dev/null
fi
tool_version() {
  case "$1" in
    iptables* | ip6tables*) "$1" --version 2>&1 | head -1 ;;
    *) echo unknown ;;
  esac
}
tool_package() { dpkg-query -W -f='iptables ${Version}' iptables 2>/dev/null; }

SIZES=("$@")
[ "${#SIZES[@]}" -gt 0 ] || SIZES=(1000 5000 20000)
TMP="$(mktemp -d)"
trap 'lab_cleanup; rm -rf "$TMP"' EXIT

for n in "${SIZES[@]}"; do
  name="svc$((n / 1000))k"
  ns="nslab-ipt-bench-$name"
  python3 "$RULES/kube_rules.py" bench "$n" >"$TMP/$name.rules"
  nrules=$(grep -c '^\(\[[0-9]*:[0-9]*\] \)\?-A ' "$TMP/$name.rules")
  lab_ns_add "$ns"
  be=nft
  t0=$(date +%s)
  if ! timeout "$TIMEOUT" ip netns exec "$ns" iptables-restore -c <"$TMP/$name.rules"; then
    log "$name: iptables-restore (nf_tables) failed or took > ${TIMEOUT}s; trying iptables-legacy-restore"
    ip netns del "$ns"
    lab_ns_add "$ns"
    be=legacy
    t0=$(date +%s)
    timeout "$TIMEOUT" ip netns exec "$ns" iptables-legacy-restore -c <"$TMP/$name.rules" ||
      { log "$name: legacy restore failed too; skipped"; ip netns del "$ns"; continue; }
  fi
  secs=$(($(date +%s) - t0))
  log "$name: $nrules rules loaded with $be backend in ${secs}s"
  if [ "$be" = nft ]; then B=iptables; S=iptables-save; R=iptables-restore; bname=nf_tables
  else B=iptables-legacy; S=iptables-legacy-save; R=iptables-legacy-restore; bname=legacy; fi
  scen="namespace $ns, $n generated services (kube-proxy 1.28-1.31 layout, 1-5 endpoints each, NodePorts, LoadBalancer/Local, no-endpoint REJECTs; corpus/lab/iptables/kube_rules.py bench $n), $nrules rules loaded with $R -c ($bname backend) in ${secs}s; per-rule counters from the generator ([packets:bytes], deterministic)"
  for c in "$S" "$B -t nat -S" "$B -t nat -L -n -v"; do
    fmt=iptables-list
    case "$c" in *-save*) fmt=iptables-save ;; *-S*) fmt=iptables-list-rules ;; esac
    capture "$ns" "$fmt" "$name" "$scen" "$c"
  done
  ip netns del "$ns"
done

jq -c '. + {backend: (if (.command | test("^iptables-legacy")) then "legacy" else "nf_tables" end)}' \
  "$LAB_RECORDS" >"$LAB_RECORDS.b" && mv "$LAB_RECORDS.b" "$LAB_RECORDS"
lab_finish "$BENCH_DIR/manifest.json" files
