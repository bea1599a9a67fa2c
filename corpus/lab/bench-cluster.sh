#!/usr/bin/env bash
# A 100-node flannel cluster as sos 4 reports, for `npm run bench -- diagnose` (bench data, not corpus):
# bench/data/cluster-<services>/sosreport-node-NNN/ + manifest.json. Gitignored, made on demand.
#
#   sudo bash corpus/lab/bench-cluster.sh 1000        # 100 nodes x 1,000 kube-proxy services (~500 MB)
#   sudo bash corpus/lab/bench-cluster.sh 5000        # 100 nodes x 5,000 services (~2.2 GB)
#   BENCH_NODES=100 BENCH_REAL=4 sudo bash ...        # the defaults: nodes in all, nodes captured for real
#
# REAL nodes (node-001 .. node-<BENCH_REAL>): each is a network namespace (nsbench-node-NNN) built the way
# flanneld's vxlan backend and kube-proxy (iptables mode) program a node: eth0 (veth to the underlay bridge in
# nsbench-underlay, 10.0.0.<10+N>/24, default via 10.0.0.1), flannel.1 (vxlan id 1, dstport 8472, nolearning,
# 10.244.<N-1>.0/32, VTEP MAC 0e:42:00:00:00:<N>), cni0 (10.244.<N-1>.1/24) with two pod veths, and for every
# other node of the cluster (all BENCH_NODES of them, whether captured or not) the onlink route, the
# permanent neighbour and the FDB entry flanneld adds. IPv6 is off in the node namespaces (no link-local
# addresses derived from MACs, so a node's identity is only the fields below). The kube-proxy rule set is
# corpus/lab/iptables/kube_rules.py `bench <services>` with its flannel lease 10.244.0.0/24 set to the node's,
# loaded with iptables-restore -c (nf_tables). Then the REAL tools write the outputs sos 4 collects, under sos's
# own file names (src/ingest/sos-files.ts): ip route show table all, ip -d address, ip -s -d link,
# ip -s -s neigh show, bridge -s -s -d -t fdb show (networking); iptables-save, iptables -vnxL,
# iptables -t {filter,nat,mangle,raw,security} -nvL (firewall_tables); hostname (host).
#
# DERIVED nodes (the rest): node K copies real node T = ((K-1) mod BENCH_REAL)+1 with a mechanical swap of
# what differs per node, and nothing else: host name node-T <-> node-K, underlay IP 10.0.0.<10+T> <-> <10+K>,
# eth0 MAC 52:54:0a:00:00:<..> (from the IP), pod subnet 10.244.<T-1>. <-> 10.244.<K-1>. (in iptables files only
# the lease "10.244.<T-1>.0/24": endpoints there are cluster-wide pod IPs), VTEP MAC 0e:42:00:00:00:<T> <-> <K>,
# and cni0's MAC (ce:4a:0a:f4:<T-1>:01, from its address; bridge_id prints it as ce:4a:a:f4:<T-1 hex>:1). It is a swap, so node K's tables list node T as a
# peer where node T's listed node K. Counters are node T's. Every node's own files are named in manifest.json
# ("real" or "derived from node-T").
#
# Root; namespaces are named nsbench-* and deleted again on exit (an EXIT trap, also on failure). No packet
# leaves them: the underlay is a bridge inside nsbench-underlay, and nothing is sent at all.
set -euo pipefail

SERVICES="${1:-1000}"
NODES="${BENCH_NODES:-100}"
REAL="${BENCH_REAL:-4}"
HERE="$(cd "$(dirname "$0")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
OUT="$REPO/bench/data/cluster-$SERVICES"
PREFIX=nsbench-
NAMESPACES=()

die() { echo "error: $*" >&2; exit 1; }
log() { echo "[bench-cluster $SERVICES] $*" >&2; }
[ "$(id -u)" = 0 ] || die "run as root (sudo bash $0 $SERVICES)"
[ "$REAL" -ge 1 ] && [ "$REAL" -le "$NODES" ] && [ "$NODES" -le 200 ] || die "need 1 <= BENCH_REAL <= BENCH_NODES <= 200"
for tool in ip bridge iptables-restore jq python3; do command -v "$tool" >/dev/null || die "missing $tool"; done

cleanup() {
  local rc=$? ns
  for ns in "${NAMESPACES[@]}"; do ip netns del "$ns" 2>/dev/null || true; done
  [ -n "${TMP:-}" ] && rm -rf -- "$TMP"
  return $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM
TMP="$(mktemp -d /tmp/nsbench-tmp.XXXXXX)"

ns_add() {
  local ns="$1"
  case "$ns" in "$PREFIX"*) ;; *) die "namespace $ns lacks prefix $PREFIX" ;; esac
  ip netns del "$ns" 2>/dev/null || true
  ip netns add "$ns"
  NAMESPACES+=("$ns")
  ip -n "$ns" link set lo up
}

name_of() { printf 'node-%03d' "$1"; }
uip_of() { echo "10.0.0.$((10 + $1))"; }
lease_of() { echo "10.244.$(($1 - 1)).0/24"; }
vtep_of() { printf '0e:42:00:00:00:%02x' "$1"; }
eth_mac_of() { printf '52:54:0a:00:00:%02x' "$((10 + $1))"; }
cni_mac_of() { printf 'ce:4a:0a:f4:%02x:01' "$(($1 - 1))"; }

# the same text run as sos does: clean environment, C.UTF-8
run_in() { ip netns exec "$1" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 TERM=dumb bash -c "$2"; }
# sos's file name for a command (sos/report/plugins/__init__.py, _mangle_command)
mangle() { printf '%s' "$1" | sed -E 's#^/(usr/)?s?bin/##; s#[^A-Za-z0-9_./-]+#_#g; s#/#.#g; s#^[ ._-]+##; s#[ ._-]+$##'; }

NET_CMDS=("ip route show table all" "ip -d address" "ip -s -d link" "ip -s -s neigh show" "bridge -s -s -d -t fdb show")
FW_CMDS=("iptables-save" "iptables -vnxL")
for t in filter nat mangle raw security; do FW_CMDS+=("iptables -t $t -nvL"); done

rm -rf -- "$OUT"
mkdir -p "$OUT"
log "rules: kube_rules.py bench $SERVICES"
python3 "$HERE/iptables/kube_rules.py" bench "$SERVICES" >"$TMP/rules"
UNS="${PREFIX}underlay"
ns_add "$UNS"
ip -n "$UNS" link add br0 type bridge
ip -n "$UNS" addr add 10.0.0.1/24 dev br0
ip -n "$UNS" link set br0 up

build_real() {
  local k="$1" host ns uip lease base N i p
  host="$(name_of "$k")"; ns="$PREFIX$host"; uip="$(uip_of "$k")"; lease="$(lease_of "$k")"; base="${lease%.0/24}"
  ns_add "$ns"
  N="ip -n $ns"
  ip netns exec "$ns" sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
  $N link add eth0 type veth peer name "vb$k" netns "$UNS"
  ip -n "$UNS" link set "vb$k" master br0 up
  $N link set eth0 address "$(eth_mac_of "$k")" up
  $N addr add "$uip/24" brd + dev eth0
  $N route add default via 10.0.0.1 dev eth0 proto dhcp metric 100
  $N link add flannel.1 type vxlan id 1 local "$uip" dev eth0 dstport 8472 nolearning
  $N link set flannel.1 address "$(vtep_of "$k")" mtu 1450 up
  $N addr add "$base.0/32" dev flannel.1
  $N link add cni0 type bridge
  $N link set cni0 address "$(cni_mac_of "$k")" mtu 1450 up
  $N addr add "$base.1/24" brd + dev cni0
  for p in 2 3; do   # two pods: veth ports on cni0 (the pod ends stay in the node namespace, down)
    $N link add "veth$(printf '%s' "$host/$p" | md5sum | cut -c1-8)" mtu 1450 master cni0 type veth peer name "pod$p"
    $N link set "veth$(printf '%s' "$host/$p" | md5sum | cut -c1-8)" up
  done
  # what flanneld's vxlan backend adds for every other lease (vxlan_network.go handleSubnetEvents)
  {
    for ((i = 1; i <= NODES; i++)); do
      [ "$i" = "$k" ] && continue
      echo "neigh replace 10.244.$((i - 1)).0 lladdr $(vtep_of "$i") dev flannel.1 nud permanent"
      echo "route replace $(lease_of "$i") via 10.244.$((i - 1)).0 dev flannel.1 onlink"
    done
  } >"$TMP/$host.batch"
  ip -n "$ns" -batch "$TMP/$host.batch"
  for ((i = 1; i <= NODES; i++)); do
    [ "$i" = "$k" ] || echo "fdb replace $(vtep_of "$i") dev flannel.1 dst $(uip_of "$i") self permanent"
  done >"$TMP/$host.fdb"
  ip netns exec "$ns" bridge -batch "$TMP/$host.fdb"
  sed "s#10\.244\.0\.0/24#$lease#g" "$TMP/rules" | ip netns exec "$ns" iptables-restore -c
  # the sos report
  local dir="$OUT/sosreport-$host" c
  mkdir -p "$dir/sos_commands/host" "$dir/sos_commands/networking" "$dir/sos_commands/firewall_tables"
  printf '%s\n' "$host" >"$dir/sos_commands/host/hostname"
  ln -s sos_commands/host/hostname "$dir/hostname"
  for c in "${NET_CMDS[@]}"; do run_in "$ns" "$c" >"$dir/sos_commands/networking/$(mangle "$c")" 2>/dev/null || true; done
  for c in "${FW_CMDS[@]}"; do run_in "$ns" "$c" >"$dir/sos_commands/firewall_tables/$(mangle "$c")" 2>/dev/null || true; done
  ip netns del "$ns"
}

t0=$(date +%s)
for ((k = 1; k <= REAL; k++)); do
  build_real "$k"
  log "$(name_of "$k"): real, $(du -sh "$OUT/sosreport-$(name_of "$k")" | cut -f1)"
done
t1=$(date +%s)

# the derived nodes: one python process, a simultaneous swap per file (see the header)
python3 - "$OUT" "$NODES" "$REAL" <<'EOF'
import os, re, sys
out, nodes, real = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
name = lambda k: "node-%03d" % k
def ident(k):
    return {"host": name(k), "uip": "10.0.0.%d" % (10 + k), "ethmac": "52:54:0a:00:00:%02x" % (10 + k),
            "vtep": "0e:42:00:00:00:%02x" % k, "cnimac": "ce:4a:0a:f4:%02x:01" % (k - 1),
            "cnibridge": "ce:4a:a:f4:%x:1" % (k - 1),  # bridge_id/designated_root: iproute2 drops leading zeros
            "pods": "10.244.%d." % (k - 1), "lease": "10.244.%d.0/24" % (k - 1)}
def swapper(t, k, keys):
    a, b = ident(t), ident(k)
    pairs = {}
    for key in keys:
        pairs[a[key]] = b[key]
        pairs[b[key]] = a[key]
    # longest first; a whole address must not go on with a digit (10.0.0.11 is not 10.0.0.110), while a
    # prefix ("10.244.4.") is followed by the rest of its address
    whole = "|".join(re.escape(x) for x in sorted(pairs, key=len, reverse=True) if not x.endswith("."))
    prefix = "|".join(re.escape(x) for x in sorted(pairs, key=len, reverse=True) if x.endswith("."))
    rx = re.compile("(?<![0-9A-Za-z.:])(?:(?:%s)(?![0-9A-Za-z])%s)" % (whole, "|" + prefix if prefix else ""))
    return lambda text: rx.sub(lambda m: pairs[m.group(0)], text)
for k in range(real + 1, nodes + 1):
    t = (k - 1) % real + 1
    src, dst = os.path.join(out, "sosreport-" + name(t)), os.path.join(out, "sosreport-" + name(k))
    ip_swap = swapper(t, k, ["host", "uip", "ethmac", "vtep", "cnimac", "cnibridge", "pods"])
    fw_swap = swapper(t, k, ["host", "uip", "lease"])
    for sub in ("sos_commands/host", "sos_commands/networking", "sos_commands/firewall_tables"):
        os.makedirs(os.path.join(dst, sub), exist_ok=True)
        for f in sorted(os.listdir(os.path.join(src, sub))):
            with open(os.path.join(src, sub, f), encoding="utf-8", newline="") as fh:
                text = fh.read()
            text = (fw_swap if sub.endswith("firewall_tables") else ip_swap)(text)
            with open(os.path.join(dst, sub, f), "w", encoding="utf-8", newline="") as fh:
                fh.write(text)
    os.symlink("sos_commands/host/hostname", os.path.join(dst, "hostname"))
EOF
t2=$(date +%s)

{
  for ((k = 1; k <= NODES; k++)); do
    if [ "$k" -le "$REAL" ]; then how=real; else how="derived from $(name_of $(((k - 1) % REAL + 1)))"; fi
    jq -cn --arg node "$(name_of "$k")" --arg ip "$(uip_of "$k")" --arg lease "$(lease_of "$k")" --arg vtep "$(vtep_of "$k")" \
      --arg how "$how" '{node:$node, underlayIp:$ip, podSubnet:$lease, vtepMac:$vtep, capture:$how}'
  done
} >"$TMP/nodes.jsonl"
jq -n --arg services "$SERVICES" --argjson nodes "$NODES" --argjson real "$REAL" --arg date "$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
  --arg kernel "$(uname -r)" --arg iproute2 "$(ip -V | head -1)" --arg iptables "$(iptables --version | head -1)" \
  --arg bytes "$(du -sb "$OUT" | cut -f1)" --slurpfile list "$TMP/nodes.jsonl" \
  '{what:"bench data, not corpus: a flannel vxlan cluster with kube-proxy (iptables mode) rules as sos 4 reports",
    script:"corpus/lab/bench-cluster.sh", services:($services|tonumber), nodes:$nodes, realNodes:$real,
    derivation:"nodes after the real ones copy real node ((K-1) mod realNodes)+1, swapping only host name, underlay IP, eth0 MAC, pod subnet (10.244.N. in ip/bridge files; only the lease 10.244.N.0/24 in iptables files), VTEP MAC and cni0 MAC with the derived node (see the script header); counters are the real node'"'"'s",
    rules:("corpus/lab/iptables/kube_rules.py bench " + $services + " with the flannel lease set per node, iptables-restore -c"),
    kernel:$kernel, tools:{iproute2:$iproute2, iptables:$iptables}, date:$date, bytes:($bytes|tonumber), list:$list}' \
  >"$OUT/manifest.json"
log "done: $REAL real nodes in $((t1 - t0)) s, $((NODES - REAL)) derived in $((t2 - t1)) s, $(du -sh "$OUT" | cut -f1) in bench/data/cluster-$SERVICES"
