#!/usr/bin/env bash
# s13-reply-unseen: a reply through a node the request never passed. node-2 routes node-1's pod subnet
# via node-3, so its pod's answers to node-1 go through node-3, whose kube-proxy-shaped KUBE-FORWARD
# drops INVALID before it accepts ESTABLISHED: a SYN-ACK without a connection there is INVALID. And a
# ClusterIP DNAT in node-3's nat OUTPUT: node-3's socket took its eth0 address for the ClusterIP, so the
# pod answers it by eth0, which node-2's FORWARD (only -d its pods, -o flannel.1) drops.
source "$(dirname "$0")/lib.sh"
lab_init s13
node_add node-1 10.0.0.11 10.244.0.0/24 0e:44:00:00:00:01
node_add node-2 10.0.0.12 10.244.1.0/24 0e:44:00:00:00:02
node_add node-3 10.0.0.13 10.244.2.0/24 0e:44:00:00:00:03
mesh
# node-2 sends node-1's pod subnet via node-3 (asymmetric: requests from node-1 come direct)
x node-2 "ip route replace 10.244.0.0/24 via 10.244.2.0 dev flannel.1 onlink"
pod_add node-2 a 10.244.1.5
listen node-2/a 80 81
x node-3 "iptables-restore" <<'R'
*filter
:INPUT ACCEPT [0:0]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [0:0]
:KUBE-FORWARD - [0:0]
-A FORWARD -j KUBE-FORWARD
-A KUBE-FORWARD -m conntrack --ctstate INVALID -j DROP
-A KUBE-FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
COMMIT
*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
-A OUTPUT -d 10.96.0.10/32 -p tcp -m tcp --dport 80 -j DNAT --to-destination 10.244.1.5:81
COMMIT
R
x node-2 "iptables-restore" <<'R'
*filter
:INPUT ACCEPT [0:0]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [0:0]
-A FORWARD -d 10.244.1.0/24 -j ACCEPT
-A FORWARD -o flannel.1 -j ACCEPT
COMMIT
R
k "E n1>a:80 asym reply" node-1 10.244.1.5 80
k "D2 n3>clusterip" node-3 10.96.0.10 80
capture node-1 node-2 node-3
n "E n1>a:80 asym reply" --from node-1 --to 10.244.1.5:80
n "D2 n3>clusterip" --from node-3 --to 10.96.0.10:80
x node-3 "iptables-save -c" > "$OUT/counters-node-3.txt"
x node-2 "iptables-save -c" > "$OUT/counters-node-2.txt"
sleep 0.3
