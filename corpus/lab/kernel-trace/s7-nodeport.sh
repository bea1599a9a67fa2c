#!/usr/bin/env bash
# s7-nodeport: a NodePort reached on another node. Three nodes carry the same kube-proxy-shaped rules
# (iptables mode: KUBE-SERVICES → KUBE-NODEPORTS on --dst-type LOCAL → KUBE-EXT → KUBE-SVC → KUBE-SEP,
# KUBE-MARK-MASQ and KUBE-POSTROUTING's MASQUERADE, filter KUBE-EXTERNAL-SERVICES' REJECT of a service
# without endpoints). A node's client connects to another node's address: the first node's nat OUTPUT
# does not match (the address is not local there), the second node's nat PREROUTING DNATs. node-3 lacks
# the route to node-1's pod subnet (flannel failed to add it there). A NodePort answers on every local
# address of a node: node-2's cni0 address, reached over the overlay, too.
source "$(dirname "$0")/lib.sh"
lab_init s7
node_add node-1 10.0.0.11 10.244.0.0/24 0e:44:00:00:00:01
node_add node-2 10.0.0.12 10.244.1.0/24 0e:44:00:00:00:02
node_add node-3 10.0.0.13 10.244.2.0/24 0e:44:00:00:00:03
mesh
x node-3 "ip route del 10.244.0.0/24"
pod_add node-2 a 10.244.1.5
pod_add node-3 b 10.244.2.5
pod_add node-1 c 10.244.0.5
pod_add node-1 e 10.244.0.6
for p in node-2/a node-3/b node-1/c node-1/e; do listen "$p" 80; done
for h in node-1 node-2 node-3; do
x "$h" "iptables-restore" <<'R'
*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
:KUBE-EXT-A - [0:0]
:KUBE-EXT-B - [0:0]
:KUBE-EXT-C - [0:0]
:KUBE-EXT-E - [0:0]
:KUBE-MARK-MASQ - [0:0]
:KUBE-NODEPORTS - [0:0]
:KUBE-POSTROUTING - [0:0]
:KUBE-SEP-A1 - [0:0]
:KUBE-SEP-B1 - [0:0]
:KUBE-SEP-C1 - [0:0]
:KUBE-SEP-E1 - [0:0]
:KUBE-SERVICES - [0:0]
:KUBE-SVC-A - [0:0]
:KUBE-SVC-B - [0:0]
:KUBE-SVC-C - [0:0]
:KUBE-SVC-E - [0:0]
-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING
-A KUBE-EXT-A -m comment --comment "masquerade traffic for default/a:http external destinations" -j KUBE-MARK-MASQ
-A KUBE-EXT-A -j KUBE-SVC-A
-A KUBE-EXT-B -m comment --comment "masquerade traffic for default/b:http external destinations" -j KUBE-MARK-MASQ
-A KUBE-EXT-B -j KUBE-SVC-B
-A KUBE-EXT-C -m comment --comment "masquerade traffic for default/c:http external destinations" -j KUBE-MARK-MASQ
-A KUBE-EXT-C -j KUBE-SVC-C
-A KUBE-EXT-E -m comment --comment "masquerade traffic for default/e:http external destinations" -j KUBE-MARK-MASQ
-A KUBE-EXT-E -j KUBE-SVC-E
-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000
-A KUBE-NODEPORTS -p tcp -m comment --comment "default/a:http" -m tcp --dport 30081 -j KUBE-EXT-A
-A KUBE-NODEPORTS -p tcp -m comment --comment "default/b:http" -m tcp --dport 30082 -j KUBE-EXT-B
-A KUBE-NODEPORTS -p tcp -m comment --comment "default/c:http" -m tcp --dport 30083 -j KUBE-EXT-C
-A KUBE-NODEPORTS -p tcp -m comment --comment "default/e:http" -m tcp --dport 30085 -j KUBE-EXT-E
-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN
-A KUBE-POSTROUTING -j MARK --set-xmark 0x4000/0x0
-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully
-A KUBE-SEP-A1 -s 10.244.1.5/32 -m comment --comment "default/a:http" -j KUBE-MARK-MASQ
-A KUBE-SEP-A1 -p tcp -m comment --comment "default/a:http" -m tcp -j DNAT --to-destination 10.244.1.5:80
-A KUBE-SEP-B1 -s 10.244.2.5/32 -m comment --comment "default/b:http" -j KUBE-MARK-MASQ
-A KUBE-SEP-B1 -p tcp -m comment --comment "default/b:http" -m tcp -j DNAT --to-destination 10.244.2.5:80
-A KUBE-SEP-C1 -s 10.244.0.5/32 -m comment --comment "default/c:http" -j KUBE-MARK-MASQ
-A KUBE-SEP-C1 -p tcp -m comment --comment "default/c:http" -m tcp -j DNAT --to-destination 10.244.0.5:80
-A KUBE-SEP-E1 -s 10.244.0.6/32 -m comment --comment "default/e:http" -j KUBE-MARK-MASQ
-A KUBE-SEP-E1 -p tcp -m comment --comment "default/e:http" -m tcp -j DNAT --to-destination 10.244.0.6:80
-A KUBE-SERVICES -d 10.96.0.81/32 -p tcp -m comment --comment "default/a:http cluster IP" -m tcp --dport 80 -j KUBE-SVC-A
-A KUBE-SERVICES -d 10.96.0.82/32 -p tcp -m comment --comment "default/b:http cluster IP" -m tcp --dport 80 -j KUBE-SVC-B
-A KUBE-SERVICES -d 10.96.0.83/32 -p tcp -m comment --comment "default/c:http cluster IP" -m tcp --dport 80 -j KUBE-SVC-C
-A KUBE-SERVICES -d 10.96.0.85/32 -p tcp -m comment --comment "default/e:http cluster IP" -m tcp --dport 80 -j KUBE-SVC-E
-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS
-A KUBE-SVC-A ! -s 10.244.0.0/16 -d 10.96.0.81/32 -p tcp -m comment --comment "default/a:http cluster IP" -m tcp --dport 80 -j KUBE-MARK-MASQ
-A KUBE-SVC-A -m comment --comment "default/a:http -> 10.244.1.5:80" -j KUBE-SEP-A1
-A KUBE-SVC-B ! -s 10.244.0.0/16 -d 10.96.0.82/32 -p tcp -m comment --comment "default/b:http cluster IP" -m tcp --dport 80 -j KUBE-MARK-MASQ
-A KUBE-SVC-B -m comment --comment "default/b:http -> 10.244.2.5:80" -j KUBE-SEP-B1
-A KUBE-SVC-C ! -s 10.244.0.0/16 -d 10.96.0.83/32 -p tcp -m comment --comment "default/c:http cluster IP" -m tcp --dport 80 -j KUBE-MARK-MASQ
-A KUBE-SVC-C -m comment --comment "default/c:http -> 10.244.0.5:80" -j KUBE-SEP-C1
-A KUBE-SVC-E ! -s 10.244.0.0/16 -d 10.96.0.85/32 -p tcp -m comment --comment "default/e:http cluster IP" -m tcp --dport 80 -j KUBE-MARK-MASQ
-A KUBE-SVC-E -m comment --comment "default/e:http -> 10.244.0.6:80" -j KUBE-SEP-E1
COMMIT
*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:KUBE-EXTERNAL-SERVICES - [0:0]
:KUBE-FORWARD - [0:0]
-A INPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes externally-visible service portals" -j KUBE-EXTERNAL-SERVICES
-A FORWARD -m comment --comment "kubernetes forwarding rules" -j KUBE-FORWARD
-A KUBE-EXTERNAL-SERVICES -p tcp -m comment --comment "default/d:http has no endpoints" -m addrtype --dst-type LOCAL -m tcp --dport 30084 -j REJECT --reject-with icmp-port-unreachable
-A KUBE-FORWARD -m conntrack --ctstate INVALID -j DROP
-A KUBE-FORWARD -m comment --comment "kubernetes forwarding rules" -m mark --mark 0x4000/0x4000 -j ACCEPT
-A KUBE-FORWARD -m comment --comment "kubernetes forwarding conntrack rule" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
COMMIT
R
done
k "n1>n2:30081" node-1 10.0.0.12 30081
k "n1>n2:30082" node-1 10.0.0.12 30082
k "n1>n2:30083" node-1 10.0.0.12 30083
k "n1>n2:30084" node-1 10.0.0.12 30084
k "n1>n3:30081" node-1 10.0.0.13 30081
k "n2>n3:30085" node-2 10.0.0.13 30085
k "n2>n1:30085" node-2 10.0.0.11 30085
k "ext>n2:30082" u 10.0.0.12 30082
k "n1>n2-cni0:30083" node-1 10.244.1.1 30083
capture node-1 node-2 node-3
for h in node-1 node-2 node-3; do counters "$h" after; done
n "n1>n2:30081" --from node-1 --to 10.0.0.12:30081
n "n1>n2:30082" --from node-1 --to 10.0.0.12:30082
n "n1>n2:30083" --from node-1 --to 10.0.0.12:30083
n "n1>n2:30084" --from node-1 --to 10.0.0.12:30084
n "n1>n3:30081" --from node-1 --to 10.0.0.13:30081
n "n2>n3:30085" --from node-2 --to 10.0.0.13:30085
n "n2>n1:30085" --from node-2 --to 10.0.0.11:30085
n "ext>n2:30082" --to 10.0.0.12:30082 --source 10.0.0.1
n "n1>n2-cni0:30083" --from node-1 --to 10.244.1.1:30083
