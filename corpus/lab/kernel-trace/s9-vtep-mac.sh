#!/usr/bin/env bash
# s9-vtep-mac: the vxlan frame's two addresses gone wrong. node-1 holds node-2's VTEP with an old MAC
# (neighbour entry and FDB entry for 0e:44:00:00:00:22, node-2's flannel.1 is 0e:44:00:00:00:02): node-2
# decaps frames whose inner destination is not its device's MAC and drops them (PACKET_OTHERHOST,
# ip_rcv; `ip -s -s link` counts them as otherhost). node-3's FDB entry for node-2's right MAC sends to
# 10.0.0.112, which no host has: its underlay ARP fails and the frame never leaves. UDP probes with the
# listeners' logs show one way; TCP needs the way back too (node-2 → node-1 is right).
source "$(dirname "$0")/lib.sh"
lab_init s9
node_add node-1 10.0.0.11 10.244.0.0/24 0e:44:00:00:00:01
node_add node-2 10.0.0.12 10.244.1.0/24 0e:44:00:00:00:02
node_add node-3 10.0.0.13 10.244.2.0/24 0e:44:00:00:00:03
mesh
x node-1 "ip neigh replace 10.244.1.0 lladdr 0e:44:00:00:00:22 dev flannel.1 nud permanent"
x node-1 "bridge fdb del 0e:44:00:00:00:02 dev flannel.1 dst 10.0.0.12 self"
x node-1 "bridge fdb replace 0e:44:00:00:00:22 dev flannel.1 dst 10.0.0.12 self permanent"
x node-3 "bridge fdb del 0e:44:00:00:00:02 dev flannel.1 dst 10.0.0.12 self"
x node-3 "bridge fdb replace 0e:44:00:00:00:02 dev flannel.1 dst 10.0.0.112 self permanent"
pod_add node-1 a 10.244.0.5
pod_add node-2 b 10.244.1.5
pod_add node-3 c 10.244.2.5
for p in node-1/a node-2/b node-3/c; do listen "$p" 80 81 82 83 84; done
k "n1>b udp 80 (old MAC)" node-1 10.244.1.5 80 udp
k "n1>b tcp 81 (old MAC)" node-1 10.244.1.5 81
k "n3>b udp 82 (FDB to .112)" node-3 10.244.1.5 82 udp
k "n3>b tcp 83 (FDB to .112)" node-3 10.244.1.5 83
k "n2>a udp 80" node-2 10.244.0.5 80 udp
k "n2>c udp 80" node-2 10.244.2.5 80 udp
k "n1>c tcp 84" node-1 10.244.2.5 84
# the underlay ARP for 10.0.0.112 gives up (FAILED) after its probes
sleep 4
capture node-1 node-2 node-3
t node-2 "ip -s -s link show flannel.1"
n "n1>b udp 80 (old MAC)" --from node-1 --to 10.244.1.5:80 --udp
n "n1>b tcp 81 (old MAC)" --from node-1 --to 10.244.1.5:81
n "n3>b udp 82 (FDB to .112)" --from node-3 --to 10.244.1.5:82 --udp
n "n3>b tcp 83 (FDB to .112)" --from node-3 --to 10.244.1.5:83
n "n2>a udp 80" --from node-2 --to 10.244.0.5:80 --udp
n "n2>c udp 80" --from node-2 --to 10.244.2.5:80 --udp
n "n1>c tcp 84" --from node-1 --to 10.244.2.5:84
