#!/usr/bin/env bash
# s10-reply: the way back. A connection works only when its reply arrives too: node-2's FORWARD
# (policy DROP, no ESTABLISHED rule) passes requests to its pod and only some replies (by --sport, and
# by the client's port, which lies in the client's ip_local_port_range: node-1's is 20000-25000);
# node-4 lacks the route to node-1's pod subnet, so replies to node-1's flannel.1 address go out of the
# overlay; node-3's kube-proxy-shaped NodePorts DNAT to node-4's pod, 30082 without KUBE-MARK-MASQ
# (the pod answers the client directly, not through node-3: the client resets it) and 30083 with it
# (the reply comes back through node-3, which translates it back).
source "$(dirname "$0")/lib.sh"
lab_init s10
node_add node-1 10.0.0.11 10.244.0.0/24 0e:44:00:00:00:01
node_add node-2 10.0.0.12 10.244.1.0/24 0e:44:00:00:00:02
node_add node-3 10.0.0.13 10.244.2.0/24 0e:44:00:00:00:03
node_add node-4 10.0.0.14 10.244.3.0/24 0e:44:00:00:00:04
mesh
x node-4 "ip route del 10.244.0.0/24"
x node-1 "sysctl -qw net.ipv4.ip_local_port_range='20000 25000'"
pod_add node-2 a 10.244.1.5
pod_add node-4 d 10.244.3.5
listen node-2/a 80 81 82
listen node-4/d 80
x node-2 "iptables-restore" <<'R'
*filter
:INPUT ACCEPT [0:0]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [0:0]
-A FORWARD -d 10.244.1.0/24 -j ACCEPT
-A FORWARD -s 10.244.1.0/24 -p tcp -m tcp --sport 81 -j ACCEPT
-A FORWARD -s 10.244.1.0/24 -p tcp -m multiport --dports 20000:25000 -j DROP
-A FORWARD -s 10.244.1.0/24 -p tcp -m tcp --sport 82 -j ACCEPT
COMMIT
R
x node-3 "iptables-restore" <<'R'
*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
:KUBE-EXT-M - [0:0]
:KUBE-MARK-MASQ - [0:0]
:KUBE-NODEPORTS - [0:0]
:KUBE-POSTROUTING - [0:0]
:KUBE-SEP-M1 - [0:0]
:KUBE-SEP-N1 - [0:0]
:KUBE-SERVICES - [0:0]
:KUBE-SVC-M - [0:0]
:KUBE-SVC-N - [0:0]
-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING
-A KUBE-EXT-M -m comment --comment "masquerade traffic for default/m:http external destinations" -j KUBE-MARK-MASQ
-A KUBE-EXT-M -j KUBE-SVC-M
-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000
-A KUBE-NODEPORTS -p tcp -m comment --comment "default/n:http" -m tcp --dport 30082 -j KUBE-SVC-N
-A KUBE-NODEPORTS -p tcp -m comment --comment "default/m:http" -m tcp --dport 30083 -j KUBE-EXT-M
-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN
-A KUBE-POSTROUTING -j MARK --set-xmark 0x4000/0x0
-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully
-A KUBE-SEP-M1 -p tcp -m comment --comment "default/m:http" -m tcp -j DNAT --to-destination 10.244.3.5:80
-A KUBE-SEP-N1 -p tcp -m comment --comment "default/n:http" -m tcp -j DNAT --to-destination 10.244.3.5:80
-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS
-A KUBE-SVC-M -m comment --comment "default/m:http -> 10.244.3.5:80" -j KUBE-SEP-M1
-A KUBE-SVC-N -m comment --comment "default/n:http -> 10.244.3.5:80" -j KUBE-SEP-N1
COMMIT
R
k "n1>a:80 (reply: policy)" node-1 10.244.1.5 80
k "n1>a:81 (reply: --sport 81)" node-1 10.244.1.5 81
k "n1>a:82 (reply: n1's ports)" node-1 10.244.1.5 82
k "n3>a:82 (reply: n3's ports)" node-3 10.244.1.5 82
k "n1>d:80 (no route back)" node-1 10.244.3.5 80
k "n2>d:80" node-2 10.244.3.5 80
k "n1>n3:30082 (no masq)" node-1 10.0.0.13 30082
k "n1>n3:30083 (masq)" node-1 10.0.0.13 30083
k "ext>n3:30082 (no masq)" u 10.0.0.13 30082
k "ext>n3:30083 (masq)" u 10.0.0.13 30083
capture node-1 node-2 node-3 node-4
t node-1 "sysctl net.ipv4.ip_local_port_range"
for h in node-2 node-3; do counters "$h" after; done
n "n1>a:80 (reply: policy)" --from node-1 --to 10.244.1.5:80
n "n1>a:81 (reply: --sport 81)" --from node-1 --to 10.244.1.5:81
n "n1>a:82 (reply: n1's ports)" --from node-1 --to 10.244.1.5:82
n "n3>a:82 (reply: n3's ports)" --from node-3 --to 10.244.1.5:82
n "n1>d:80 (no route back)" --from node-1 --to 10.244.3.5:80
n "n2>d:80" --from node-2 --to 10.244.3.5:80
n "n1>n3:30082 (no masq)" --from node-1 --to 10.0.0.13:30082
n "n1>n3:30083 (masq)" --from node-1 --to 10.0.0.13:30083
n "ext>n3:30082 (no masq)" --to 10.0.0.13:30082 --source 10.0.0.1
n "ext>n3:30083 (masq)" --to 10.0.0.13:30083 --source 10.0.0.1
