#!/usr/bin/env bash
# kube-proxy with sessionAffinity: ClientIP, in both proxy modes, for issue #7: the same three
# services (shop/cart:http with 3 endpoints and the default 10800 s timeout, web/frontend:https with
# externalTrafficPolicy Local and a 600 s timeout, default/kubernetes:https without affinity) as
#
#   nsaff-ipt   corpus/lab/iptables/kube-proxy-affinity.rules loaded with iptables-restore
#               (nf_tables backend): `-m recent --rcheck … --reap` rules in KUBE-SVC/KUBE-SVL and
#               `-m recent --set` on the KUBE-SEP DNAT rules (pkg/proxy/iptables/proxier.go)
#   nsaff-nft   corpus/lab/iptables/kube-proxy-affinity.nft loaded with nft -f: affinity-… sets
#               (dynamic, timeout), `ip saddr @affinity-… goto endpoint-…` and `update @affinity-…
#               { ip saddr }` (pkg/proxy/nftables/proxier.go)
#
# Namespaces nsaff-* (created here, deleted on exit, on success and on failure); they have only
# `lo`: no packet is sent, so every affinity set stays empty. Usage: sudo bash corpus/lab/kube-proxy-affinity.sh
set -euo pipefail
source "$(dirname "$0")/lib.sh"
lab_init
RULES="$LAB_DIR/iptables"

lab_need_nft

# lib.sh's namespaces are nslab-*; these are nsaff-* (deleted by lab_cleanup too)
aff_ns_add() { lab_ns_add_as nsaff- "$1"; }

tool_version() {
  case "$1" in
    nft) nft --version 2>&1 | head -1 ;;
    iptables* | ip6tables*) "$1" --version 2>&1 | head -1 ;;
    *) echo unknown ;;
  esac
}
tool_package() {
  case "$1" in
    nft) dpkg-query -W -f='nftables ${Version}' nftables 2>/dev/null ;;
    iptables*) dpkg-query -W -f='iptables ${Version}' iptables 2>/dev/null ;;
  esac
}

# ------------------------------------------------------------ iptables mode --
ns=nsaff-ipt
aff_ns_add "$ns"
ipns "$ns" iptables-restore <"$RULES/kube-proxy-affinity.rules"
scen="namespace $ns, corpus/lab/iptables/kube-proxy-affinity.rules loaded with iptables-restore (nf_tables backend): kube-proxy 1.28-1.31 layout with sessionAffinity ClientIP (shop/cart:http 3 endpoints 10800 s, NodePort 30080; web/frontend:https Local policy 600 s, NodePort 31443; default/kubernetes:https without affinity), node 192.168.86.188"
for c in "iptables-save" "iptables-save -t nat"; do capture "$ns" iptables-save kube-affinity "$scen" "$c"; done
capture "$ns" iptables-list-rules kube-affinity "$scen" "iptables -t nat -S"
capture "$ns" iptables-list kube-affinity "$scen" "iptables -t nat -nvL"
ip netns del "$ns"

# ------------------------------------------------------------ nftables mode --
ns=nsaff-nft
aff_ns_add "$ns"
ipns "$ns" nft -f "$RULES/kube-proxy-affinity.nft"
scen="namespace $ns, corpus/lab/iptables/kube-proxy-affinity.nft loaded with nft -f: kube-proxy nftables mode (proxier.go layout) with sessionAffinity ClientIP: affinity-… sets, ip saddr @affinity-… goto endpoint-… and update @affinity-… { ip saddr }; the services of kube-proxy-affinity.rules"
# nft prints each affinity set with "size 65535", "flags dynamic,timeout" and "timeout 3h" lines
# (src/rule.c, set_print_declaration), read into the set records since issue #7's follow-up; the
# listings used to be stored only with AFF_NFT=1 (still accepted, no longer needed)
for c in "nft list ruleset" "nft list table ip kube-proxy"; do capture "$ns" nft-ruleset kube-proxy-nft-affinity "$scen" "$c"; done
ip netns del "$ns"

lab_finish
