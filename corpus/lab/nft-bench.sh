#!/usr/bin/env bash
# Large nft listings for the benchmarks, gzip -9n into corpus/bench/nft-ruleset/
# (+ records in corpus/bench/manifest.json):
#
#   nsnft-bench-svcNk       the kube-proxy-shaped iptables bench sets of
#                           iptables-bench.sh (corpus/lab/iptables/kube_rules.py
#                           bench N: N services, kube-proxy 1.28-1.31 layout)
#                           loaded with iptables-nft-restore -c, listed with
#                           nft -a list ruleset (xt compat expressions, counters)
#   nsnft-bench-kpnftNk     the same N services in kube-proxy's nftables mode
#                           (corpus/lab/nft/kube_proxy_nft.py bench N: table ip
#                           kube-proxy, verdict maps, service-/external-/local-/
#                           endpoint- chains), loaded with nft -f
#
# A listing larger than NFT_BENCH_MAX_MB (default 40) uncompressed is not kept.
# Usage: sudo bash corpus/lab/nft-bench.sh [iptnft sizes…] (default 1000 5000 20000;
# the nftables-mode set is made for 5000)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
lab_init
export LAB_OUT_DIR="$BENCH_DIR"
MAX_MB="${NFT_BENCH_MAX_MB:-40}"

lab_need_nft

# lib.sh's namespaces are nslab-*; these are nsnft-* (deleted by lab_cleanup too)
nft_ns_add() { lab_ns_add_as nsnft- "$1"; }
TMP="$(mktemp -d)"
bench_cleanup() {
  local rc=$?
  rm -rf "$TMP"
  lab_cleanup
  return $rc
}
trap bench_cleanup EXIT

tool_version() {
  case "$1" in
    nft) nft --version 2>&1 | head -1 ;;
    *) echo unknown ;;
  esac
}
tool_package() { dpkg-query -W -f='nftables ${Version}' nftables 2>/dev/null; }

# capture, then keep it gzipped only when it stays under MAX_MB
bench_capture() {
  local ns="$1" name="$2" scen="$3" cmd="$4"
  local bytes
  bytes=$(ip netns exec "$ns" bash -c "$cmd" | wc -c)
  if [ "$bytes" -gt $((MAX_MB * 1000000)) ]; then
    log "$name: '$cmd' prints $((bytes / 1000000)) MB (> $MAX_MB MB); not kept"
    return 0
  fi
  LAB_GZIP=1 capture "$ns" nft-ruleset "$name" "$scen" "$cmd"
}

SIZES=("$@")
[ "${#SIZES[@]}" -gt 0 ] || SIZES=(1000 5000 20000)

for n in "${SIZES[@]}"; do
  name="svc$((n / 1000))k-iptnft"
  ns="nsnft-bench-svc$((n / 1000))k"
  python3 "$LAB_DIR/iptables/kube_rules.py" bench "$n" >"$TMP/$name.rules"
  nrules=$(grep -c '^\(\[[0-9]*:[0-9]*\] \)\?-A ' "$TMP/$name.rules")
  nft_ns_add "$ns"
  t0=$(date +%s)
  ipns "$ns" iptables-nft-restore -c <"$TMP/$name.rules"
  secs=$(($(date +%s) - t0))
  log "$name: $nrules rules loaded with iptables-nft-restore -c in ${secs}s"
  bench_capture "$ns" "$name" \
    "namespace $ns, $n generated services (kube-proxy 1.28-1.31 layout, 1-5 endpoints each, NodePorts, LoadBalancer/Local, no-endpoint REJECTs; corpus/lab/iptables/kube_rules.py bench $n), $nrules rules loaded with iptables-nft-restore -c in ${secs}s, listed with nft" \
    "nft -a list ruleset"
  ip netns del "$ns"
done

n=5000
name="kpnft$((n / 1000))k"
ns="nsnft-bench-$name"
python3 "$LAB_DIR/nft/kube_proxy_nft.py" bench "$n" >"$TMP/$name.nft"
nft_ns_add "$ns"
t0=$(date +%s)
ipns "$ns" nft -f "$TMP/$name.nft"
secs=$(($(date +%s) - t0))
log "$name: loaded with nft -f in ${secs}s"
bench_capture "$ns" "$name" \
  "namespace $ns, the $n services of kube_rules.py bench $n in kube-proxy's nftables mode (corpus/lab/nft/kube_proxy_nft.py bench $n: table ip kube-proxy, cluster-ips/nodeport-ips sets, service-ips/service-nodeports/no-endpoint verdict maps, service-/external-/local-/endpoint- chains), loaded with nft -f in ${secs}s" \
  "nft -a list ruleset"
ip netns del "$ns"

lab_finish "$BENCH_DIR/manifest.json" files
