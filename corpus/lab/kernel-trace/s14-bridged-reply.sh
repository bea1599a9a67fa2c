#!/usr/bin/env bash
# s14-bridged-reply: a pod's ClusterIP to another pod on the same node and bridge with
# net.bridge.bridge-nf-call-iptables = 0: the reply is bridged, conntrack never sees it, it is not
# translated back and the client resets it (timeout); with 1 (after the capture) it connects.
source "$(dirname "$0")/lib.sh"
lab_init s14
node_add node-1 10.0.0.11 10.244.0.0/24 0e:44:00:00:00:01
node_add node-2 10.0.0.12 10.244.1.0/24 0e:44:00:00:00:02
mesh
pod_add node-1 c 10.244.0.5
pod_add node-1 e 10.244.0.6
listen node-1/e 80
x node-1 "iptables-restore" <<'R'
*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
-A PREROUTING -d 10.96.0.30/32 -p tcp -m tcp --dport 80 -j DNAT --to-destination 10.244.0.6:80
COMMIT
R
x node-1 "sysctl -qw net.bridge.bridge-nf-call-iptables=0"
k "H c>svc>e brnf=0" node-1/c 10.96.0.30 80
capture node-1 node-2
t node-1 "sysctl net.bridge.bridge-nf-call-iptables"
n "H c>svc>e brnf=0" --from node-1 --source 10.244.0.5 --to 10.96.0.30:80
x node-1 "sysctl -qw net.bridge.bridge-nf-call-iptables=1"
k "H' c>svc>e brnf=1" node-1/c 10.96.0.30 80
sleep 0.3
