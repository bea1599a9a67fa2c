#!/usr/bin/env bash
# Rebuilds examples/host188/: the reference incident's broken node (host188) reproduced in a
# network namespace, and the real tools' output captured. Needs root. Stand-ins: this kernel has
# no ipip module, so tunl0 is a bridge named tunl0 carrying the leftover Calico address.
set -euo pipefail
ns=nsex-host188
out="$(dirname "$0")/host188"
cleanup() { ip netns del "$ns" 2>/dev/null || true; }
trap cleanup EXIT
cleanup
ip netns add "$ns"
run() { ip netns exec "$ns" "$@"; }
run ip link set lo up
run ip link add ens160 type bridge
run ip link set ens160 up
run ip addr add 192.168.86.188/24 dev ens160
run ip link add cni0 type bridge
run ip link set cni0 up
run ip addr add 10.244.0.1/24 dev cni0
run ip link add docker0 type bridge
run ip addr add 172.17.0.1/16 dev docker0
run ip link set docker0 up
run ip link add flannel.1 type vxlan id 1 local 192.168.86.188 dev ens160 dstport 8472 nolearning
run ip link set flannel.1 address 5a:d6:46:ab:ea:17
run ip addr add 10.244.0.0/32 dev flannel.1
run ip link set flannel.1 up
run ip link add tunl0 type bridge
run ip addr add 10.244.2.0/32 dev tunl0
run ip route add default via 192.168.86.1 dev ens160
run ip route add 169.254.0.0/16 dev ens160 metric 1002
run ip route add 10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink
run ip route add blackhole 10.244.2.0/26
run ip neigh replace 10.244.1.0 lladdr 76:50:75:23:dd:f8 dev flannel.1 nud permanent
run bridge fdb append 76:50:75:23:dd:f8 dev flannel.1 dst 192.168.86.190 self permanent
# flannel's own route to host189 is refused: its gateway 10.244.2.0 is a local address
run ip route add 10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink 2> "$out/flannel-route-add.stderr.txt" || true
mkdir -p "$out"
run route -n > "$out/route-n.txt"
run ip route > "$out/ip-route.txt"
run ip -d addr > "$out/ip-d-addr.txt"
run ip neigh show dev flannel.1 > "$out/ip-neigh-flannel.1.txt"
run bridge fdb show dev flannel.1 > "$out/bridge-fdb-flannel.1.txt"
run ifconfig -a > "$out/ifconfig-a.txt"
