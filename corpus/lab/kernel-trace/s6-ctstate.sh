#!/usr/bin/env bash
# s6-ctstate: conntrack states of a DNATed new connection in filter FORWARD (ctstate DNAT, ! --ctstate),
# external client 10.0.0.1 -> node-1 10.0.0.11:300x, DNAT to pod 10.244.1.5 on node-2.
source "$(dirname "$0")/lib.sh"
lab_init s6
node_add node-1 10.0.0.11 10.244.0.0/24 0e:44:00:00:00:01
node_add node-2 10.0.0.12 10.244.1.0/24 0e:44:00:00:00:02
mesh
pod_add node-2 b 10.244.1.5
listen node-2/b 81 82 83 84
x node-1 "iptables-restore" <<'R'
*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
-A PREROUTING -d 10.0.0.11/32 -p tcp -m tcp --dport 3001 -j DNAT --to-destination 10.244.1.5:81
-A PREROUTING -d 10.0.0.11/32 -p tcp -m tcp --dport 3002 -j DNAT --to-destination 10.244.1.5:82
-A PREROUTING -d 10.0.0.11/32 -p tcp -m tcp --dport 3003 -j DNAT --to-destination 10.244.1.5:83
-A PREROUTING -d 10.0.0.11/32 -p tcp -m tcp --dport 3004 -j DNAT --to-destination 10.244.1.5:84
-A POSTROUTING -o flannel.1 -j MASQUERADE
COMMIT
*filter
:INPUT ACCEPT [0:0]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [0:0]
-A FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
-A FORWARD -p tcp -m tcp --dport 81 -m conntrack --ctstate DNAT -j ACCEPT
-A FORWARD -p tcp -m tcp --dport 82 -m conntrack ! --ctstate INVALID,RELATED -j ACCEPT
-A FORWARD -p tcp -m tcp --dport 83 -m conntrack --ctorigdstport 3003 -j ACCEPT
-A FORWARD -p tcp -m tcp --dport 84 -m conntrack --ctstate NEW -j ACCEPT
COMMIT
R
for p in 3001 3002 3003 3004; do k "ext:$p" u 10.0.0.11 $p; done
capture node-1 node-2
counters node-1 after
for p in 3001 3002 3003 3004; do n "ext:$p" --to 10.0.0.11:$p --source 10.0.0.1; done
