#!/usr/bin/env bash
# nft list ruleset captures (nftables text and JSON) in network namespaces:
#
#   nslab-nft-iptnft  corpus/lab/iptables/kube-proxy-1.31.rules loaded with
#                     iptables-nft-restore -c: iptables-nft's tables as nft
#                     prints them ("# Warning: table ip nat is managed by
#                     iptables-nft, do not touch!", xt compat expressions)
#   nslab-nft-kp      a small native ruleset in kube-proxy's nftables-mode
#                     layout (pkg/proxy/nftables: table ip kube-proxy, the
#                     service-ips verdict map, service-/endpoint- chains),
#                     written below and loaded with nft -f
#
# The namespaces have only `lo`: no packet is sent, counters come from the
# rule files. Usage: sudo bash corpus/lab/nft-ruleset.sh
set -euo pipefail
source "$(dirname "$0")/lib.sh"
lab_init
RULES="$LAB_DIR/iptables"

lab_need_nft

# lib.sh knows only iproute2/net-tools/busybox
tool_version() {
  case "$1" in
    nft) nft --version 2>&1 | head -1 ;;
    *) echo unknown ;;
  esac
}
tool_package() { dpkg-query -W -f='nftables ${Version}' nftables 2>/dev/null; }

battery_nft() {
  local ns="$1" name="$2" scen="$3"; shift 3
  local c
  for c in "nft list ruleset" "nft -a list ruleset" "$@"; do
    capture "$ns" nft-ruleset "$name" "$scen" "$c"
  done
  # JSON goes to json/ beside the text captures: this increment reads text only, and the corpus
  # test reads every *.txt directly in the format's folder
  local rel="nft-ruleset/${name}__$(cmd_slug "nft -j list ruleset").txt"
  capture "$ns" nft-ruleset "$name" "$scen" "nft -j list ruleset"
  mkdir -p "$CAPTURES_DIR/nft-ruleset/json"
  mv "$CAPTURES_DIR/$rel" "$CAPTURES_DIR/nft-ruleset/json/"
  jq -c --arg f "$rel" --arg to "nft-ruleset/json/${rel#nft-ruleset/}" 'if .file == $f then .file = $to else . end' \
    "$LAB_RECORDS" >"$LAB_RECORDS.j" && mv "$LAB_RECORDS.j" "$LAB_RECORDS"
}

# ------------------------------------------------ iptables-nft's tables --
ns=nslab-nft-iptnft
lab_ns_add "$ns"
ipns "$ns" iptables-nft-restore -c <"$RULES/kube-proxy-1.31.rules"
battery_nft "$ns" kube131-iptnft \
  "namespace $ns, corpus/lab/iptables/kube-proxy-1.31.rules loaded with iptables-nft-restore -c, listed with nft" \
  "nft list table ip nat" "nft list chain ip nat KUBE-SERVICES"
ip netns del "$ns"

# ------------------------------------------ kube-proxy nftables mode --
ns=nslab-nft-kp
lab_ns_add "$ns"
ipns "$ns" nft -f - <<'NFT'
table ip kube-proxy {
	comment "rules for kube-proxy"
	set cluster-ips {
		type ipv4_addr
		comment "Active ClusterIPs"
		elements = { 10.96.0.1, 10.96.0.10, 10.109.216.20 }
	}
	set nodeport-ips {
		type ipv4_addr
		comment "IPs that accept NodePort traffic"
		elements = { 192.168.86.188 }
	}
	map service-ips {
		type ipv4_addr . inet_proto . inet_service : verdict
		comment "ClusterIP, ExternalIP and LoadBalancer IP traffic"
		elements = { 10.96.0.1 . tcp . 443 : goto service-2QRHZV4L-default/kubernetes/tcp/https,
			     10.109.216.20 . tcp . 9090 : goto service-SO4PW3GA-prometheus/prometheus-nodeport/tcp/http }
	}
	map service-nodeports {
		type inet_proto . inet_service : verdict
		comment "NodePort traffic"
		elements = { tcp . 30038 : goto external-SO4PW3GA-prometheus/prometheus-nodeport/tcp/http }
	}
	chain filter-prerouting {
		type filter hook prerouting priority dstnat - 10; policy accept;
		ct state new jump firewall-check
	}
	chain firewall-check {
	}
	chain nat-prerouting {
		type nat hook prerouting priority dstnat; policy accept;
		jump services
	}
	chain nat-output {
		type nat hook output priority -100; policy accept;
		jump services
	}
	chain nat-postrouting {
		type nat hook postrouting priority srcnat; policy accept;
		jump masquerading
	}
	chain mark-for-masquerade {
		mark set mark or 0x4000
	}
	chain masquerading {
		mark and 0x4000 == 0 return
		mark set mark xor 0x4000
		masquerade fully-random
	}
	chain services {
		ip daddr . meta l4proto . th dport vmap @service-ips
		fib daddr type local ip daddr @nodeport-ips meta l4proto . th dport vmap @service-nodeports
	}
	chain service-2QRHZV4L-default/kubernetes/tcp/https {
		ip daddr 10.96.0.1 tcp dport 443 ip saddr != 10.244.0.0/16 jump mark-for-masquerade
		numgen random mod 1 vmap { 0 : goto endpoint-GTK6MW7G-default/kubernetes/tcp/https__192.168.86.188/6443 }
	}
	chain endpoint-GTK6MW7G-default/kubernetes/tcp/https__192.168.86.188/6443 {
		ip saddr 192.168.86.188 jump mark-for-masquerade
		meta l4proto tcp dnat to 192.168.86.188:6443
	}
	chain service-SO4PW3GA-prometheus/prometheus-nodeport/tcp/http {
		ip daddr 10.109.216.20 tcp dport 9090 ip saddr != 10.244.0.0/16 counter packets 3 bytes 180 jump mark-for-masquerade comment "masquerade off-cluster traffic"
		numgen random mod 2 vmap { 0 : goto endpoint-5GEH5OEN-prometheus/prometheus-nodeport/tcp/http__10.244.2.6/9090, 1 : goto endpoint-7RVQJ2KD-prometheus/prometheus-nodeport/tcp/http__10.244.1.9/9090 }
	}
	chain external-SO4PW3GA-prometheus/prometheus-nodeport/tcp/http {
		jump mark-for-masquerade
		goto service-SO4PW3GA-prometheus/prometheus-nodeport/tcp/http
	}
	chain endpoint-5GEH5OEN-prometheus/prometheus-nodeport/tcp/http__10.244.2.6/9090 {
		ip saddr 10.244.2.6 jump mark-for-masquerade
		meta l4proto tcp dnat to 10.244.2.6:9090
	}
	chain endpoint-7RVQJ2KD-prometheus/prometheus-nodeport/tcp/http__10.244.1.9/9090 {
		ip saddr 10.244.1.9 jump mark-for-masquerade
		meta l4proto tcp dnat to 10.244.1.9:9090
	}
}
table inet filter {
	set blocked {
		type ipv4_addr
		flags interval
		elements = { 192.0.2.0/24, 198.51.100.7 }
	}
	chain input {
		type filter hook input priority filter; policy accept;
		ip saddr @blocked counter packets 0 bytes 0 drop
		tcp dport 22 accept
	}
}
NFT
battery_nft "$ns" kube-proxy-nftables \
  "namespace $ns, a kube-proxy nftables-mode shaped ruleset (table ip kube-proxy: service-ips/service-nodeports verdict maps, service-/endpoint- chains with numgen vmap and dnat) + table inet filter, loaded with nft -f" \
  "nft list table ip kube-proxy" "nft list chain ip kube-proxy services"
ip netns del "$ns"

# ------------------------------------- every family, and nft's -n / -s / -t output variants --
ns=nslab-nft-families
lab_ns_add "$ns"
ipns "$ns" nft -f - <<'NFT'
table inet filter {
	set allowed {
		type ipv4_addr
		flags interval
		elements = { 10.0.0.0/8, 192.168.0.0/16 }
	}
	chain input {
		type filter hook input priority filter; policy accept;
		ip saddr @allowed tcp dport { 22, 443 } counter accept
		ct state established,related accept
	}
}
table bridge br {
	chain forward {
		type filter hook forward priority 0; policy accept;
		ether type arp counter accept
	}
}
table arp a {
	chain input {
		type filter hook input priority 0; policy accept;
	}
}
table netdev nd {
	chain ingress {
		type filter hook ingress device lo priority 0; policy accept;
	}
}
table ip nat {
	chain prerouting {
		type nat hook prerouting priority dstnat; policy accept;
		tcp dport 8080 dnat to 10.0.0.5:80
	}
}
NFT
battery_nft "$ns" families \
  "namespace $ns, tables of the inet, bridge, arp, netdev and ip families (a netdev ingress chain on lo), loaded with nft -f; listed plain and with -n (numeric priorities, ct states), -s (no set elements, no counters), -t (no set elements), -nn" \
  "nft -n list ruleset" "nft -s list ruleset" "nft -t list ruleset" "nft -nn list ruleset"
ip netns del "$ns"

lab_finish
