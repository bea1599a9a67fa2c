#!/usr/bin/env bash
# ipset and iptables captures of kube-proxy's IPVS mode, in network namespaces named nsips-*
# (deleted on exit, on success and on failure). This kernel has no IPVS (CONFIG_IP_VS is not set),
# so no virtual service exists; the sets and the rules that test them are kube-proxy's own, as
# pkg/proxy/ipvs/proxier.go and ipset.go create them (names, types, comments, members):
#
#   nsips-node-a   node 192.168.10.11, pod CIDR 10.244.0.0/16, services default/kubernetes
#                  (10.96.0.1:443 -> 192.168.10.11:6443, hostNetwork), kube-system/kube-dns
#                  (10.96.0.10:53 tcp and udp), shop/web (ClusterIP 10.96.120.7:80, NodePort 30080,
#                  endpoints 10.244.0.5:80 on this node and 10.244.1.5:80), shop/api (NodePort 31080,
#                  externalTrafficPolicy Local); the nat and filter rules of IPVS mode loaded with
#                  iptables-restore (nft backend), listed as iptables-save and -nvL
#
# The namespaces have only lo: no packet is sent. Usage: sudo bash corpus/lab/ipset-kube-proxy.sh
set -euo pipefail
source "$(dirname "$0")/lib.sh"
lab_init
lab_need_nft
if ! command -v ipset >/dev/null; then
  log "installing: ipset"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ipset >/dev/null
fi
ips_ns_add() { lab_ns_add_as nsips- "$1"; }
tool_version() {
  case "$1" in
    ipset) ipset --version 2>&1 | head -1 ;;
    iptables-save | iptables) iptables --version 2>&1 | head -1 ;;
    *) echo unknown ;;
  esac
}
tool_package() {
  case "$1" in
    ipset) dpkg-query -W -f='ipset ${Version}' ipset 2>/dev/null ;;
    iptables-save | iptables) dpkg-query -W -f='iptables ${Version}' iptables 2>/dev/null ;;
  esac
}

NS=nsips-node-a
ips_ns_add "$NS"
ipns "$NS" ip link add eth0 type veth peer name eth0p
ipns "$NS" ip addr add 192.168.10.11/24 dev eth0
ipns "$NS" ip link set eth0 up

# kube-proxy's sets (pkg/proxy/ipvs/ipset.go ipsetInfo): name, type, comment; "comment" makes ipset keep
# each entry's comment (kube-proxy writes one per entry)
ipns "$NS" bash -euo pipefail -c '
ipset create KUBE-CLUSTER-IP hash:ip,port family inet hashsize 1024 maxelem 65536 comment
ipset create KUBE-LOOP-BACK hash:ip,port,ip family inet hashsize 1024 maxelem 65536 comment
ipset create KUBE-NODE-PORT-TCP bitmap:port range 0-65535 comment
ipset create KUBE-NODE-PORT-LOCAL-TCP bitmap:port range 0-65535 comment
ipset create KUBE-NODE-PORT-UDP bitmap:port range 0-65535 comment
ipset create KUBE-EXTERNAL-IP hash:ip,port family inet hashsize 1024 maxelem 65536 comment
ipset create KUBE-LOAD-BALANCER hash:ip,port family inet hashsize 1024 maxelem 65536 comment
ipset create KUBE-HEALTH-CHECK-NODE-PORT bitmap:port range 0-65535 comment
ipset add KUBE-CLUSTER-IP 10.96.0.1,tcp:443 comment "Kubernetes service cluster ip + port for masquerade purpose"
ipset add KUBE-CLUSTER-IP 10.96.0.10,tcp:53 comment "Kubernetes service cluster ip + port for masquerade purpose"
ipset add KUBE-CLUSTER-IP 10.96.0.10,udp:53 comment "Kubernetes service cluster ip + port for masquerade purpose"
ipset add KUBE-CLUSTER-IP 10.96.120.7,tcp:80 comment "Kubernetes service cluster ip + port for masquerade purpose"
ipset add KUBE-CLUSTER-IP 10.96.130.9,tcp:80 comment "Kubernetes service cluster ip + port for masquerade purpose"
ipset add KUBE-LOOP-BACK 10.244.0.5,tcp:80,10.244.0.5 comment "Kubernetes endpoints dst ip:port, source ip for solving hairpin purpose"
ipset add KUBE-LOOP-BACK 192.168.10.11,tcp:6443,192.168.10.11 comment "Kubernetes endpoints dst ip:port, source ip for solving hairpin purpose"
ipset add KUBE-NODE-PORT-TCP 30080 comment "Kubernetes nodeport TCP port for masquerade purpose"
ipset add KUBE-NODE-PORT-TCP 31080 comment "Kubernetes nodeport TCP port for masquerade purpose"
ipset add KUBE-NODE-PORT-LOCAL-TCP 31080 comment "Kubernetes nodeport TCP port with externalTrafficPolicy=local"
ipset add KUBE-HEALTH-CHECK-NODE-PORT 32123 comment "Kubernetes health check node port"
'

# the nat and filter rules of IPVS mode (proxier.go writeIptablesRules, kubernetes 1.29+)
ipns "$NS" iptables-restore <<'RULES'
*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
:KUBE-LOAD-BALANCER - [0:0]
:KUBE-MARK-MASQ - [0:0]
:KUBE-NODE-PORT - [0:0]
:KUBE-POSTROUTING - [0:0]
:KUBE-SERVICES - [0:0]
-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING
-A KUBE-LOAD-BALANCER -j KUBE-MARK-MASQ
-A KUBE-MARK-MASQ -j MARK --or-mark 0x4000
-A KUBE-NODE-PORT -p tcp -m comment --comment "Kubernetes nodeport TCP port with externalTrafficPolicy=local" -m set --match-set KUBE-NODE-PORT-LOCAL-TCP dst -j RETURN
-A KUBE-NODE-PORT -p tcp -m comment --comment "Kubernetes nodeport TCP port for masquerade purpose" -m set --match-set KUBE-NODE-PORT-TCP dst -j KUBE-MARK-MASQ
-A KUBE-POSTROUTING -m comment --comment "Kubernetes endpoints dst ip:port, source ip for solving hairpin purpose" -m set --match-set KUBE-LOOP-BACK dst,dst,src -j MASQUERADE
-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN
-A KUBE-POSTROUTING -j MARK --xor-mark 0x4000
-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully
-A KUBE-SERVICES -s 127.0.0.0/8 -j RETURN
-A KUBE-SERVICES ! -s 10.244.0.0/16 -m comment --comment "Kubernetes service cluster ip + port for masquerade purpose" -m set --match-set KUBE-CLUSTER-IP dst,dst -j KUBE-MARK-MASQ
-A KUBE-SERVICES -m addrtype --dst-type LOCAL -j KUBE-NODE-PORT
-A KUBE-SERVICES -m set --match-set KUBE-CLUSTER-IP dst,dst -j ACCEPT
COMMIT
*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:KUBE-FORWARD - [0:0]
:KUBE-IPVS-FILTER - [0:0]
:KUBE-NODE-PORT - [0:0]
:KUBE-PROXY-FIREWALL - [0:0]
:KUBE-SOURCE-RANGES-FIREWALL - [0:0]
-A INPUT -m comment --comment "kubernetes ipvs access filter" -j KUBE-IPVS-FILTER
-A INPUT -m comment --comment "kube-proxy firewall rules" -j KUBE-PROXY-FIREWALL
-A INPUT -m comment --comment "kubernetes health check rules" -j KUBE-NODE-PORT
-A FORWARD -m comment --comment "kube-proxy firewall rules" -j KUBE-PROXY-FIREWALL
-A FORWARD -m comment --comment "kubernetes forwarding rules" -j KUBE-FORWARD
-A KUBE-FORWARD -m comment --comment "kubernetes forwarding rules" -m mark --mark 0x4000/0x4000 -j ACCEPT
-A KUBE-FORWARD -m comment --comment "kubernetes forwarding conntrack rule" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
-A KUBE-IPVS-FILTER -m set --match-set KUBE-LOAD-BALANCER dst,dst -j RETURN
-A KUBE-IPVS-FILTER -m set --match-set KUBE-CLUSTER-IP dst,dst -j RETURN
-A KUBE-IPVS-FILTER -m set --match-set KUBE-EXTERNAL-IP dst,dst -j RETURN
-A KUBE-IPVS-FILTER -m set --match-set KUBE-HEALTH-CHECK-NODE-PORT dst -j RETURN
-A KUBE-NODE-PORT -m comment --comment "Kubernetes health check node port" -m set --match-set KUBE-HEALTH-CHECK-NODE-PORT dst -j ACCEPT
-A KUBE-SOURCE-RANGES-FIREWALL -j DROP
COMMIT
RULES

for c in "ipset list" "ipset save" "ipset list -t" "ipset list KUBE-CLUSTER-IP" "ipset list -o save" "ipset -o plain list KUBE-NODE-PORT-TCP"; do
  capture "$NS" ipset ipvs-node-a "kube-proxy IPVS mode's sets" "$c"
done
capture "$NS" iptables-save ipvs-node-a "kube-proxy IPVS mode's nat and filter rules" "iptables-save"
capture "$NS" iptables-list ipvs-node-a "kube-proxy IPVS mode's nat rules" "iptables -t nat -nvL"
lab_finish
