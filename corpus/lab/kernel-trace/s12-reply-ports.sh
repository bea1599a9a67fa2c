#!/usr/bin/env bash
# s12-reply-ports: what a reply's filter rules see of its ports and sources once the request was
# translated. node-3's NodePorts DNAT to pods with kube-proxy's MASQUERADE --random-fully (30083: the
# request gets a port anywhere in 1024-65535, so node-4's "--dports 20000:25000 -j DROP" for node-1's
# client ports does not take the reply) and without it (30085: the client's port is kept, the reply is
# dropped); hairpin NodePorts on node-3 from node-3 itself with and without masquerade (30086, 30087);
# externalTrafficPolicy Local (30088); a pod client on node-1, whose ports are its own namespace's
# default, not node-1's 20000-25000; a ClusterIP DNAT in node-1's nat OUTPUT (the socket keeps the
# source it took for the ClusterIP). Written by a review helper, kept as a scenario.
source "$(dirname "$0")/lib.sh"
lab_init s12
node_add node-1 10.0.0.11 10.244.0.0/24 0e:44:00:00:00:01
node_add node-2 10.0.0.12 10.244.1.0/24 0e:44:00:00:00:02
node_add node-3 10.0.0.13 10.244.2.0/24 0e:44:00:00:00:03
node_add node-4 10.0.0.14 10.244.3.0/24 0e:44:00:00:00:04
mesh
x node-1 "sysctl -qw net.ipv4.ip_local_port_range='20000 25000'"
pod_add node-1 c 10.244.0.5
pod_add node-2 a 10.244.1.5
pod_add node-3 e 10.244.2.5
pod_add node-4 d 10.244.3.5
listen node-2/a 80 81 82
listen node-3/e 80
listen node-4/d 80 81
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
x node-1 "iptables-restore" <<'R'
*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
-A OUTPUT -d 10.96.0.10/32 -p tcp -m tcp --dport 80 -j DNAT --to-destination 10.244.1.5:81
COMMIT
R
x node-4 "iptables-restore" <<'R'
*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
-A FORWARD -s 10.244.3.0/24 -p tcp -m multiport --dports 20000:25000 -j DROP
COMMIT
R
x node-3 "iptables-restore" <<'R'
*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
:KUBE-EXT-M - [0:0]
:KUBE-EXT-L - [0:0]
:KUBE-MARK-MASQ - [0:0]
:KUBE-NODEPORTS - [0:0]
:KUBE-POSTROUTING - [0:0]
:KUBE-SEP-M1 - [0:0]
:KUBE-SEP-P1 - [0:0]
:KUBE-SEP-H1 - [0:0]
:KUBE-SERVICES - [0:0]
:KUBE-SVC-M - [0:0]
:KUBE-SVC-P - [0:0]
:KUBE-SVC-H - [0:0]
:KUBE-SVL-L - [0:0]
-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
-A POSTROUTING -p tcp -d 10.244.3.5/32 -m tcp --dport 81 -m mark --mark 0x4000/0x4000 -j MASQUERADE
-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING
-A KUBE-EXT-M -j KUBE-MARK-MASQ
-A KUBE-EXT-M -j KUBE-SVC-M
-A KUBE-EXT-L -s 10.244.0.0/16 -j KUBE-SVC-H
-A KUBE-EXT-L -j KUBE-SVL-L
-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000
-A KUBE-NODEPORTS -p tcp -m tcp --dport 30083 -j KUBE-EXT-M
-A KUBE-NODEPORTS -p tcp -m tcp --dport 30085 -j KUBE-MARK-MASQ
-A KUBE-NODEPORTS -p tcp -m tcp --dport 30085 -j KUBE-SVC-P
-A KUBE-NODEPORTS -p tcp -m tcp --dport 30086 -j KUBE-MARK-MASQ
-A KUBE-NODEPORTS -p tcp -m tcp --dport 30086 -j KUBE-SVC-H
-A KUBE-NODEPORTS -p tcp -m tcp --dport 30087 -j KUBE-SVC-H
-A KUBE-NODEPORTS -p tcp -m tcp --dport 30088 -j KUBE-EXT-L
-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN
-A KUBE-POSTROUTING -j MARK --set-xmark 0x4000/0x0
-A KUBE-POSTROUTING -j MASQUERADE --random-fully
-A KUBE-SEP-M1 -p tcp -m tcp -j DNAT --to-destination 10.244.3.5:80
-A KUBE-SEP-P1 -p tcp -m tcp -j DNAT --to-destination 10.244.3.5:81
-A KUBE-SEP-H1 -p tcp -m tcp -j DNAT --to-destination 10.244.2.5:80
-A KUBE-SERVICES -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS
-A KUBE-SVC-M -j KUBE-SEP-M1
-A KUBE-SVC-P -j KUBE-SEP-P1
-A KUBE-SVC-H -j KUBE-SEP-H1
-A KUBE-SVL-L -j KUBE-SEP-H1
COMMIT
R
x node-1/c "sysctl net.ipv4.ip_local_port_range" | tee "$OUT/pod-c-range.txt"
for i in 1 2 3 4 5 6; do k "A n1>n3:30083 rf #$i" node-1 10.0.0.13 30083; done
for i in 1 2 3; do k "A' n1>n3:30085 masq #$i" node-1 10.0.0.13 30085; done
k "C c>a:82 (pod client)" node-1/c 10.244.1.5 82
k "C' n1>a:82" node-1 10.244.1.5 82
k "D n1>clusterip" node-1 10.96.0.10 80
k "F n3>n3:30086 hairpin masq" node-3 10.0.0.13 30086
k "F' n3>n3:30087 hairpin" node-3 10.0.0.13 30087
k "G ext>n3:30088 local" u 10.0.0.13 30088
capture node-1 node-2 node-3 node-4
t node-1 "sysctl net.ipv4.ip_local_port_range"
n "A n1>n3:30083 rf #1" --from node-1 --to 10.0.0.13:30083
n "A' n1>n3:30085 masq #1" --from node-1 --to 10.0.0.13:30085
n "C c>a:82 (pod client)" --from node-1 --source 10.244.0.5 --to 10.244.1.5:82
n "C' n1>a:82" --from node-1 --to 10.244.1.5:82
n "D n1>clusterip" --from node-1 --to 10.96.0.10:80
n "F n3>n3:30086 hairpin masq" --from node-3 --to 10.0.0.13:30086
n "F' n3>n3:30087 hairpin" --from node-3 --to 10.0.0.13:30087
n "G ext>n3:30088 local" --to 10.0.0.13:30088 --source 10.0.0.1
sleep 0.5
