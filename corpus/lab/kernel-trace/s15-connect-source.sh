#!/usr/bin/env bash
# s15-connect-source: a node's socket takes its source when it connects, by the route to the address
# it connects to (a ClusterIP: the default route, eth0), before nat OUTPUT DNATs it to a pod on node-4;
# node-4 lacks the route to node-1's pod subnet, so the reply to 10.0.0.11 goes by eth0 and arrives,
# where a reply to node-1's flannel.1 address (a direct connection to the pod) would not.
source "$(dirname "$0")/lib.sh"
lab_init s15
node_add node-1 10.0.0.11 10.244.0.0/24 0e:44:00:00:00:01
node_add node-4 10.0.0.14 10.244.3.0/24 0e:44:00:00:00:04
mesh
x node-4 "ip route del 10.244.0.0/24"
pod_add node-4 d 10.244.3.5
listen node-4/d 80
x node-1 "iptables-restore" <<'R'
*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
-A OUTPUT -d 10.96.0.40/32 -p tcp -m tcp --dport 80 -j DNAT --to-destination 10.244.3.5:80
COMMIT
R
k "I n1>clusterip>d (n4 lacks route to n1 pods)" node-1 10.96.0.40 80
k "I' n1>d direct" node-1 10.244.3.5 80
capture node-1 node-4
n "I n1>clusterip>d (n4 lacks route to n1 pods)" --from node-1 --to 10.96.0.40:80
n "I' n1>d direct" --from node-1 --to 10.244.3.5:80
sleep 0.3
