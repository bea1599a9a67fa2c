#!/usr/bin/env bash
# s4-input-output: filter INPUT/OUTPUT and what they do to the tracer's paths: node-2's INPUT policy DROP
# eats flannel's vxlan frames (UDP 8472) before decap; node-1's OUTPUT rules on locally generated packets;
# node-1's FORWARD DROP policy on a node-local pod (OUTPUT path, not FORWARD); DNAT to a port range
# meeting a FORWARD --dport rule; a `local` route in table main.
source "$(dirname "$0")/lib.sh"
lab_init s4
node_add node-1 10.0.0.11 10.244.0.0/24 0e:44:00:00:00:01
node_add node-2 10.0.0.12 10.244.1.0/24 0e:44:00:00:00:02
node_add node-3 10.0.0.13 10.244.2.0/24 0e:44:00:00:00:03
mesh
pod_add node-1 a 10.244.0.5
pod_add node-2 b 10.244.1.5
pod_add node-3 c 10.244.2.5
listen node-1/a 80 81 82 8000 8001
listen node-2/b 80 81 82
listen node-3/c 80 81 82
listen node-1 80
x node-1 "ip route add local 10.244.1.35/32 dev lo table main"
x node-2 "iptables-restore" <<'R'
*filter
:INPUT DROP [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT
COMMIT
R
x node-1 "iptables-restore" <<'R'
*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
-A PREROUTING -d 10.0.0.11/32 -p tcp -m tcp --dport 3002 -j DNAT --to-destination 10.244.0.5:8000-8010
COMMIT
*filter
:INPUT ACCEPT [0:0]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [0:0]
-A FORWARD -p tcp -m tcp --dport 8000 -j DROP
-A FORWARD -d 10.244.0.5/32 -j ACCEPT
-A OUTPUT -d 10.244.2.5/32 -p tcp -m tcp --dport 81 -j DROP
-A OUTPUT -d 10.244.2.5/32 -p tcp -m tcp --dport 82 -j REJECT --reject-with icmp-port-unreachable
COMMIT
R
k "n1->b:80 (n2 INPUT DROP)" node-1 10.244.1.5 80
k "n1->c:80" node-1 10.244.2.5 80
k "n1->c:81 (OUTPUT DROP)" node-1 10.244.2.5 81
k "n1->c:82 (OUTPUT REJECT)" node-1 10.244.2.5 82
k "n1->a:80 (FORWARD DROP pol)" node-1 10.244.0.5 80
k "n3->a:80 (FORWARD)" node-3 10.244.0.5 80
k "ext->10.0.0.11:3002" u 10.0.0.11 3002
k "n1->10.244.1.35 local/main" node-1 10.244.1.35 80
capture node-1 node-2 node-3
counters node-1 after; counters node-2 after
n "n1->b:80 (n2 INPUT DROP)" --from node-1 --to 10.244.1.5:80
n "n1->c:80" --from node-1 --to 10.244.2.5:80
n "n1->c:81 (OUTPUT DROP)" --from node-1 --to 10.244.2.5:81
n "n1->c:82 (OUTPUT REJECT)" --from node-1 --to 10.244.2.5:82
n "n1->a:80 (FORWARD DROP pol)" --from node-1 --to 10.244.0.5:80
n "n3->a:80 (FORWARD)" --from node-3 --to 10.244.0.5:80
n "ext->10.0.0.11:3002" --to 10.0.0.11:3002 --source 10.0.0.1
n "n1->10.244.1.35 local/main" --from node-1 --to 10.244.1.35:80
