#!/usr/bin/env bash
# nft list ruleset captures for issue #7's model increments, in network namespaces named nsnft-*
# (deleted on exit, on success and on failure):
#
#   nsnft-kube120, nsnft-host188  corpus/lab/iptables/kube-proxy-1.20.rules and host188.rules
#                     loaded with iptables-nft-restore -c and listed by nft: with the kube131
#                     capture of nft-ruleset.sh, the nft side of the proof that an nft listing
#                     and the iptables-save of the same tables resolve every service alike
#                     (iptables-save side: corpus/captures/iptables-save/*-nft__iptables-save*.txt,
#                     from the same rule files)
#   nsnft-kpnft       kube-proxy's nftables mode as pkg/proxy/nftables/proxier.go writes it
#                     (layout of proxier_test.go's baseRules and TestOverallNFTablesRules,
#                     kubernetes commit 030880a5): table ip kube-proxy and ip6 kube-proxy with
#                     the cluster-ips / nodeport-ips sets, service-ips / service-nodeports /
#                     no-endpoint-services / no-endpoint-nodeports / firewall-ips maps,
#                     service-/local-/external-/endpoint- chains, loaded with nft -f. Services:
#                     default/kubernetes (ClusterIP, 3 endpoints), kube-dns (UDP, 2),
#                     prometheus-nodeport (NodePort 30038, Cluster policy, 2), ingress-nginx
#                     (LoadBalancer 192.168.86.240, NodePort 31080, Local policy, one local
#                     endpoint of two), shop/api (Local policy without a local endpoint:
#                     drop), monitoring/grafana (no endpoints: reject). Chain-name hashes are
#                     kube-proxy's (base32 of sha256, hashAndTruncate). Node 192.168.86.188,
#                     pod CIDR 10.244.0.0/16, service CIDR 10.96.0.0/12.
#   nsnft-mixed       both backends at once: kube-proxy-1.31.rules (kube-proxy iptables mode,
#                     flannel, Docker) with iptables-nft-restore -c plus kube-proxy's native
#                     table ip kube-proxy (shop/cart, default/kubernetes) with nft -f
#
# The namespaces have only `lo`: no packet is sent. Usage: sudo bash corpus/lab/nft-kube-proxy.sh
set -euo pipefail
source "$(dirname "$0")/lib.sh"
lab_init
RULES="$LAB_DIR/iptables"

lab_need_nft

# lib.sh's namespaces are nslab-*; these are nsnft-* (deleted by lab_cleanup too)
nft_ns_add() { lab_ns_add_as nsnft- "$1"; }

tool_version() {
  case "$1" in
    nft) nft --version 2>&1 | head -1 ;;
    *) echo unknown ;;
  esac
}
tool_package() { dpkg-query -W -f='nftables ${Version}' nftables 2>/dev/null; }

# text listings beside the others; JSON in json/ (the corpus test reads *.txt of the folder itself)
battery_nft() {
  local ns="$1" name="$2" scen="$3"; shift 3
  local c
  for c in "nft list ruleset" "nft -a list ruleset" "$@"; do
    capture "$ns" nft-ruleset "$name" "$scen" "$c"
  done
  local rel="nft-ruleset/${name}__$(cmd_slug "nft -j list ruleset").txt"
  capture "$ns" nft-ruleset "$name" "$scen" "nft -j list ruleset"
  mkdir -p "$CAPTURES_DIR/nft-ruleset/json"
  mv "$CAPTURES_DIR/$rel" "$CAPTURES_DIR/nft-ruleset/json/"
  jq -c --arg f "$rel" --arg to "nft-ruleset/json/${rel#nft-ruleset/}" 'if .file == $f then .file = $to else . end' \
    "$LAB_RECORDS" >"$LAB_RECORDS.j" && mv "$LAB_RECORDS.j" "$LAB_RECORDS"
}

# ------------------------------------------------ iptables-nft's tables --
for set in kube120 host188; do
  case "$set" in
    kube120) file=kube-proxy-1.20.rules ;;
    host188) file=host188.rules ;;
  esac
  ns="nsnft-$set"
  nft_ns_add "$ns"
  ipns "$ns" iptables-nft-restore -c <"$RULES/$file"
  battery_nft "$ns" "$set-iptnft" \
    "namespace $ns, corpus/lab/iptables/$file loaded with iptables-nft-restore -c, listed with nft"
  ip netns del "$ns"
done

# ------------------------------------------ kube-proxy nftables mode --
ns=nsnft-kpnft
nft_ns_add "$ns"
ipns "$ns" nft -f - <<'NFT'
table ip kube-proxy {
	comment "rules for kube-proxy"
	set cluster-ips {
		type ipv4_addr
		comment "Active ClusterIPs"
		elements = { 10.96.0.1, 10.96.0.10, 10.96.12.34, 10.98.44.3, 10.101.34.56, 10.109.216.20 }
	}
	set nodeport-ips {
		type ipv4_addr
		comment "IPs that accept NodePort traffic"
		elements = { 192.168.86.188 }
	}
	map firewall-ips {
		type ipv4_addr . inet_proto . inet_service : verdict
		comment "destinations that are subject to LoadBalancerSourceRanges"
	}
	map no-endpoint-nodeports {
		type inet_proto . inet_service : verdict
		comment "vmap to drop or reject packets to service nodeports with no endpoints"
		elements = { tcp . 32300 comment "monitoring/grafana:http" : goto reject-chain,
			     tcp . 30443 comment "shop/api:grpc" : drop }
	}
	map no-endpoint-services {
		type ipv4_addr . inet_proto . inet_service : verdict
		comment "vmap to drop or reject packets to services with no endpoints"
		elements = { 10.96.12.34 . tcp . 3000 comment "monitoring/grafana:http" : goto reject-chain,
			     192.168.86.241 . tcp . 443 comment "shop/api:grpc" : drop }
	}
	map service-ips {
		type ipv4_addr . inet_proto . inet_service : verdict
		comment "ClusterIP, ExternalIP and LoadBalancer IP traffic"
		elements = { 10.96.0.1 . tcp . 443 : goto service-2QRHZV4L-default/kubernetes/tcp/https,
			     10.96.0.10 . udp . 53 : goto service-FY5PMXPG-kube-system/kube-dns/udp/dns,
			     10.109.216.20 . tcp . 9090 : goto service-DX4EHMN6-prometheus/prometheus-nodeport/tcp/http,
			     10.101.34.56 . tcp . 80 : goto service-TAO5FKKM-ingress-nginx/ingress-nginx-controller/tcp/http,
			     192.168.86.240 . tcp . 80 : goto external-TAO5FKKM-ingress-nginx/ingress-nginx-controller/tcp/http,
			     10.98.44.3 . tcp . 443 : goto service-R6NSGCUN-shop/api/tcp/grpc,
			     192.168.86.241 . tcp . 443 : goto external-R6NSGCUN-shop/api/tcp/grpc }
	}
	map service-nodeports {
		type inet_proto . inet_service : verdict
		comment "NodePort traffic"
		elements = { tcp . 30038 : goto external-DX4EHMN6-prometheus/prometheus-nodeport/tcp/http,
			     tcp . 31080 : goto external-TAO5FKKM-ingress-nginx/ingress-nginx-controller/tcp/http,
			     tcp . 30443 : goto external-R6NSGCUN-shop/api/tcp/grpc }
	}
	chain cluster-ips-check {
		ip daddr @cluster-ips reject comment "Reject traffic to invalid ports of ClusterIPs"
		ip daddr { 10.96.0.0/12 } drop comment "Drop traffic to unallocated ClusterIPs"
	}
	chain filter-prerouting-pre-dnat {
		type filter hook prerouting priority -110; policy accept;
		ct state new jump firewall-check
	}
	chain filter-output-pre-dnat {
		type filter hook output priority -110; policy accept;
		ct state new jump firewall-check
	}
	chain filter-forward {
		type filter hook forward priority 0; policy accept;
		ct state new jump service-endpoints-check
		ct state new jump cluster-ips-check
	}
	chain filter-input {
		type filter hook input priority 0; policy accept;
		ct state new jump nodeport-endpoints-check
		ct state new jump service-endpoints-check
	}
	chain filter-output {
		type filter hook output priority 0; policy accept;
		ct state new jump service-endpoints-check
		ct state new jump cluster-ips-check
	}
	chain firewall-check {
		ip daddr . meta l4proto . th dport vmap @firewall-ips
	}
	chain mark-for-masquerade {
		mark set mark or 0x4000
	}
	chain masquerading {
		mark and 0x4000 == 0 return
		mark set mark xor 0x4000
		masquerade fully-random
	}
	chain nat-output {
		type nat hook output priority -100; policy accept;
		jump services
	}
	chain nat-postrouting {
		type nat hook postrouting priority 100; policy accept;
		jump masquerading
	}
	chain nat-prerouting {
		type nat hook prerouting priority -100; policy accept;
		jump services
	}
	chain nodeport-endpoints-check {
		ip daddr @nodeport-ips meta l4proto . th dport vmap @no-endpoint-nodeports
	}
	chain reject-chain {
		comment "helper for @no-endpoint-services / @no-endpoint-nodeports"
		reject
	}
	chain services {
		ip daddr . meta l4proto . th dport vmap @service-ips
		ip daddr @nodeport-ips meta l4proto . th dport vmap @service-nodeports
	}
	chain service-endpoints-check {
		ip daddr . meta l4proto . th dport vmap @no-endpoint-services
	}
	chain service-2QRHZV4L-default/kubernetes/tcp/https {
		ip daddr 10.96.0.1 ip saddr != 10.244.0.0/16 jump mark-for-masquerade
		numgen random mod 3 vmap { 0 : goto endpoint-CHCMAATS-default/kubernetes/tcp/https__192.168.86.188/6443, 1 : goto endpoint-RUUBFVJ2-default/kubernetes/tcp/https__192.168.86.189/6443, 2 : goto endpoint-V2R372WO-default/kubernetes/tcp/https__192.168.86.190/6443 }
	}
	chain endpoint-CHCMAATS-default/kubernetes/tcp/https__192.168.86.188/6443 {
		ip saddr 192.168.86.188 jump mark-for-masquerade
		meta l4proto tcp dnat to 192.168.86.188:6443
	}
	chain endpoint-RUUBFVJ2-default/kubernetes/tcp/https__192.168.86.189/6443 {
		ip saddr 192.168.86.189 jump mark-for-masquerade
		meta l4proto tcp dnat to 192.168.86.189:6443
	}
	chain endpoint-V2R372WO-default/kubernetes/tcp/https__192.168.86.190/6443 {
		ip saddr 192.168.86.190 jump mark-for-masquerade
		meta l4proto tcp dnat to 192.168.86.190:6443
	}
	chain service-FY5PMXPG-kube-system/kube-dns/udp/dns {
		ip daddr 10.96.0.10 ip saddr != 10.244.0.0/16 jump mark-for-masquerade
		numgen random mod 2 vmap { 0 : goto endpoint-2GKX576Q-kube-system/kube-dns/udp/dns__10.244.0.2/53, 1 : goto endpoint-4HJWWRW7-kube-system/kube-dns/udp/dns__10.244.1.3/53 }
	}
	chain endpoint-2GKX576Q-kube-system/kube-dns/udp/dns__10.244.0.2/53 {
		ip saddr 10.244.0.2 jump mark-for-masquerade
		meta l4proto udp dnat to 10.244.0.2:53
	}
	chain endpoint-4HJWWRW7-kube-system/kube-dns/udp/dns__10.244.1.3/53 {
		ip saddr 10.244.1.3 jump mark-for-masquerade
		meta l4proto udp dnat to 10.244.1.3:53
	}
	chain service-DX4EHMN6-prometheus/prometheus-nodeport/tcp/http {
		ip daddr 10.109.216.20 ip saddr != 10.244.0.0/16 jump mark-for-masquerade
		numgen random mod 2 vmap { 0 : goto endpoint-RSLVKU74-prometheus/prometheus-nodeport/tcp/http__10.244.2.6/9090, 1 : goto endpoint-DL2EJZCY-prometheus/prometheus-nodeport/tcp/http__10.244.1.9/9090 }
	}
	chain external-DX4EHMN6-prometheus/prometheus-nodeport/tcp/http {
		jump mark-for-masquerade
		goto service-DX4EHMN6-prometheus/prometheus-nodeport/tcp/http
	}
	chain endpoint-RSLVKU74-prometheus/prometheus-nodeport/tcp/http__10.244.2.6/9090 {
		ip saddr 10.244.2.6 jump mark-for-masquerade
		meta l4proto tcp dnat to 10.244.2.6:9090
	}
	chain endpoint-DL2EJZCY-prometheus/prometheus-nodeport/tcp/http__10.244.1.9/9090 {
		ip saddr 10.244.1.9 jump mark-for-masquerade
		meta l4proto tcp dnat to 10.244.1.9:9090
	}
	chain service-TAO5FKKM-ingress-nginx/ingress-nginx-controller/tcp/http {
		ip daddr 10.101.34.56 ip saddr != 10.244.0.0/16 jump mark-for-masquerade
		numgen random mod 2 vmap { 0 : goto endpoint-LU7NV6XN-ingress-nginx/ingress-nginx-controller/tcp/http__10.244.0.7/80, 1 : goto endpoint-57KKJE5L-ingress-nginx/ingress-nginx-controller/tcp/http__10.244.1.9/80 }
	}
	chain local-TAO5FKKM-ingress-nginx/ingress-nginx-controller/tcp/http {
		numgen random mod 1 vmap { 0 : goto endpoint-LU7NV6XN-ingress-nginx/ingress-nginx-controller/tcp/http__10.244.0.7/80 }
	}
	chain external-TAO5FKKM-ingress-nginx/ingress-nginx-controller/tcp/http {
		ip saddr 10.244.0.0/16 goto service-TAO5FKKM-ingress-nginx/ingress-nginx-controller/tcp/http comment "short-circuit pod traffic"
		fib saddr type local jump mark-for-masquerade comment "masquerade local traffic"
		fib saddr type local goto service-TAO5FKKM-ingress-nginx/ingress-nginx-controller/tcp/http comment "short-circuit local traffic"
		goto local-TAO5FKKM-ingress-nginx/ingress-nginx-controller/tcp/http
	}
	chain endpoint-LU7NV6XN-ingress-nginx/ingress-nginx-controller/tcp/http__10.244.0.7/80 {
		ip saddr 10.244.0.7 jump mark-for-masquerade
		meta l4proto tcp dnat to 10.244.0.7:80
	}
	chain endpoint-57KKJE5L-ingress-nginx/ingress-nginx-controller/tcp/http__10.244.1.9/80 {
		ip saddr 10.244.1.9 jump mark-for-masquerade
		meta l4proto tcp dnat to 10.244.1.9:80
	}
	chain service-R6NSGCUN-shop/api/tcp/grpc {
		ip daddr 10.98.44.3 ip saddr != 10.244.0.0/16 jump mark-for-masquerade
		numgen random mod 1 vmap { 0 : goto endpoint-XZIQ6SMT-shop/api/tcp/grpc__10.244.1.20/443 }
	}
	chain external-R6NSGCUN-shop/api/tcp/grpc {
		ip saddr 10.244.0.0/16 goto service-R6NSGCUN-shop/api/tcp/grpc comment "short-circuit pod traffic"
		fib saddr type local jump mark-for-masquerade comment "masquerade local traffic"
		fib saddr type local goto service-R6NSGCUN-shop/api/tcp/grpc comment "short-circuit local traffic"
	}
	chain endpoint-XZIQ6SMT-shop/api/tcp/grpc__10.244.1.20/443 {
		ip saddr 10.244.1.20 jump mark-for-masquerade
		meta l4proto tcp dnat to 10.244.1.20:443
	}
}
table ip6 kube-proxy {
	comment "rules for kube-proxy"
	set cluster-ips {
		type ipv6_addr
		comment "Active ClusterIPs"
		elements = { fd00:10:96::1 }
	}
	map service-ips {
		type ipv6_addr . inet_proto . inet_service : verdict
		comment "ClusterIP, ExternalIP and LoadBalancer IP traffic"
		elements = { fd00:10:96::1 . tcp . 443 : goto service-2QRHZV4L-default/kubernetes/tcp/https }
	}
	chain mark-for-masquerade {
		mark set mark or 0x4000
	}
	chain nat-prerouting {
		type nat hook prerouting priority -100; policy accept;
		jump services
	}
	chain services {
		ip6 daddr . meta l4proto . th dport vmap @service-ips
	}
	chain service-2QRHZV4L-default/kubernetes/tcp/https {
		ip6 daddr fd00:10:96::1 ip6 saddr != fd00:10:244::/64 jump mark-for-masquerade
		numgen random mod 1 vmap { 0 : goto endpoint-LXOTADCY-default/kubernetes/tcp/https__fd00.10.244..5/6443 }
	}
	chain endpoint-LXOTADCY-default/kubernetes/tcp/https__fd00.10.244..5/6443 {
		ip6 saddr fd00:10:244::5 jump mark-for-masquerade
		meta l4proto tcp dnat to [fd00:10:244::5]:6443
	}
}
NFT
battery_nft "$ns" kube-proxy-nft131 \
  "namespace $ns, kube-proxy nftables mode (proxier.go layout, kubernetes 030880a5): table ip/ip6 kube-proxy with the service, node-port and no-endpoint verdict maps, service-/local-/external-/endpoint- chains; ClusterIP with 3 endpoints, UDP, NodePort (Cluster), LoadBalancer+NodePort with Local policy, Local without a local endpoint (drop), no endpoints (reject); loaded with nft -f" \
  "nft list table ip kube-proxy"
ip netns del "$ns"

# ------------------------- both backends at once: iptables-nft + kube-proxy nftables --
# A node switched from kube-proxy's iptables mode to its nftables mode whose iptables rules were
# never cleaned up: iptables-nft's tables (kube-proxy-1.31.rules: KUBE-*, flannel's FLANNEL-*,
# Docker's DOCKER*) and kube-proxy's native table ip kube-proxy in one namespace, both hooked at
# prerouting. The native table serves shop/cart (10.96.77.7:80, NodePort 31777, 2 endpoints),
# which the iptables rules do not know, and default/kubernetes, which both tables serve.
ns=nsnft-mixed
nft_ns_add "$ns"
ipns "$ns" iptables-nft-restore -c <"$RULES/kube-proxy-1.31.rules"
ipns "$ns" nft -f - <<'NFT'
table ip kube-proxy {
	comment "rules for kube-proxy"
	set cluster-ips {
		type ipv4_addr
		comment "Active ClusterIPs"
		elements = { 10.96.0.1, 10.96.77.7 }
	}
	set nodeport-ips {
		type ipv4_addr
		comment "IPs that accept NodePort traffic"
		elements = { 192.168.86.189 }
	}
	map service-ips {
		type ipv4_addr . inet_proto . inet_service : verdict
		comment "ClusterIP, ExternalIP and LoadBalancer IP traffic"
		elements = { 10.96.0.1 . tcp . 443 : goto service-2QRHZV4L-default/kubernetes/tcp/https,
			     10.96.77.7 . tcp . 80 : goto service-242WI43H-shop/cart/tcp/http }
	}
	map service-nodeports {
		type inet_proto . inet_service : verdict
		comment "NodePort traffic"
		elements = { tcp . 31777 : goto external-242WI43H-shop/cart/tcp/http }
	}
	chain mark-for-masquerade {
		mark set mark or 0x4000
	}
	chain masquerading {
		mark and 0x4000 == 0 return
		mark set mark xor 0x4000
		masquerade fully-random
	}
	chain nat-output {
		type nat hook output priority -100; policy accept;
		jump services
	}
	chain nat-postrouting {
		type nat hook postrouting priority 100; policy accept;
		jump masquerading
	}
	chain nat-prerouting {
		type nat hook prerouting priority -100; policy accept;
		jump services
	}
	chain services {
		ip daddr . meta l4proto . th dport vmap @service-ips
		ip daddr @nodeport-ips meta l4proto . th dport vmap @service-nodeports
	}
	chain service-2QRHZV4L-default/kubernetes/tcp/https {
		ip daddr 10.96.0.1 tcp dport 443 ip saddr != 10.244.0.0/16 jump mark-for-masquerade
		numgen random mod 1 vmap { 0 : goto endpoint-RUUBFVJ2-default/kubernetes/tcp/https__192.168.86.189/6443 }
	}
	chain endpoint-RUUBFVJ2-default/kubernetes/tcp/https__192.168.86.189/6443 {
		ip saddr 192.168.86.189 jump mark-for-masquerade
		meta l4proto tcp dnat to 192.168.86.189:6443
	}
	chain service-242WI43H-shop/cart/tcp/http {
		ip daddr 10.96.77.7 tcp dport 80 ip saddr != 10.244.0.0/16 jump mark-for-masquerade
		numgen random mod 2 vmap { 0 : goto endpoint-4IGO7RQY-shop/cart/tcp/http__10.244.1.31/8080, 1 : goto endpoint-AOAI7UEP-shop/cart/tcp/http__10.244.2.32/8080 }
	}
	chain external-242WI43H-shop/cart/tcp/http {
		jump mark-for-masquerade
		goto service-242WI43H-shop/cart/tcp/http
	}
	chain endpoint-4IGO7RQY-shop/cart/tcp/http__10.244.1.31/8080 {
		ip saddr 10.244.1.31 jump mark-for-masquerade
		meta l4proto tcp dnat to 10.244.1.31:8080
	}
	chain endpoint-AOAI7UEP-shop/cart/tcp/http__10.244.2.32/8080 {
		ip saddr 10.244.2.32 jump mark-for-masquerade
		meta l4proto tcp dnat to 10.244.2.32:8080
	}
}
NFT
battery_nft "$ns" mixed-backends \
  "namespace $ns, both backends at once: corpus/lab/iptables/kube-proxy-1.31.rules loaded with iptables-nft-restore -c (kube-proxy iptables mode, flannel FLANNEL-POSTRTG/FLANNEL-FWD, Docker DOCKER/DOCKER-USER/DOCKER-ISOLATION-STAGE-1/2) and a kube-proxy nftables-mode table ip kube-proxy (shop/cart 10.96.77.7:80 with NodePort 31777 and 2 endpoints, default/kubernetes) loaded with nft -f, as left by a switch from iptables to nftables mode without cleanup"
ip netns del "$ns"

lab_finish
