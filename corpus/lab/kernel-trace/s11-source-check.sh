#!/usr/bin/env bash
# s11-source-check: the kernel's check of an arriving packet's source before it routes it
# (fib_validate_source). node-1 routes node-2's and node-4's pod subnets via node-3's underlay address
# (host-gw-like routes instead of flannel's), so node-3 forwards them over the overlay and they arrive
# on flannel.1 from node-1's eth0 address, whose route back leaves by eth0: node-4's flannel.1 has
# rp_filter 1 (strict: dropped), node-2's has 2 (loose: passed; the pod answers node-1 directly).
# node-2 also holds node-3's VTEP address 10.244.2.0/32 on a stray tunl0 (an empty bridge stands in
# for the ipip one this kernel lacks, as in the seed incident): what node-3 sends from that address
# is a martian source on node-2.
source "$(dirname "$0")/lib.sh"
lab_init s11
node_add node-1 10.0.0.11 10.244.0.0/24 0e:44:00:00:00:01
node_add node-2 10.0.0.12 10.244.1.0/24 0e:44:00:00:00:02
node_add node-3 10.0.0.13 10.244.2.0/24 0e:44:00:00:00:03
node_add node-4 10.0.0.14 10.244.3.0/24 0e:44:00:00:00:04
mesh
x node-1 "ip route replace 10.244.1.0/24 via 10.0.0.13 dev eth0; ip route replace 10.244.3.0/24 via 10.0.0.13 dev eth0"
for h in node-1 node-2 node-3 node-4; do x "$h" "sysctl -qw net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.default.rp_filter=0 net.ipv4.conf.eth0.rp_filter=0 net.ipv4.conf.flannel/1.rp_filter=0"; done
x node-4 "sysctl -qw net.ipv4.conf.flannel/1.rp_filter=1"
x node-2 "sysctl -qw net.ipv4.conf.flannel/1.rp_filter=2"
x node-2 "ip link add tunl0 type bridge && ip addr add 10.244.2.0/32 dev tunl0 && ip link set tunl0 up"
pod_add node-2 b 10.244.1.5
pod_add node-4 d 10.244.3.5
listen node-2/b 80
listen node-4/d 80
k "n1>d:80 (rp strict)" node-1 10.244.3.5 80
k "n1>b:80 (rp loose)" node-1 10.244.1.5 80
k "n3>b:80 (martian)" node-3 10.244.1.5 80
k "n3>d:80" node-3 10.244.3.5 80
k "n2>d:80" node-2 10.244.3.5 80
capture node-1 node-2 node-3 node-4
for h in node-2 node-4; do t "$h" "sysctl net.ipv4.conf.all.rp_filter net.ipv4.conf.eth0.rp_filter net.ipv4.conf.flannel/1.rp_filter"; done
for h in node-2 node-4; do x "$h" "nstat -az TcpExtIPReversePathFilter IpExtInNoRoutes" > "$OUT/nstat-${h}-after.txt"; done
n "n1>d:80 (rp strict)" --from node-1 --to 10.244.3.5:80
n "n1>b:80 (rp loose)" --from node-1 --to 10.244.1.5:80
n "n3>b:80 (martian)" --from node-3 --to 10.244.1.5:80
n "n3>d:80" --from node-3 --to 10.244.3.5:80
n "n2>d:80" --from node-2 --to 10.244.3.5:80
