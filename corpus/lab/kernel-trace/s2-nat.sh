#!/usr/bin/env bash
# s2-nat: nat PREROUTING / OUTPUT semantics on node-1 (goto+RETURN, DNAT port/address ranges, REDIRECT,
# addrtype LOCAL on another interface's address, KUBE-MARK-MASQ/MARK arithmetic + filter FORWARD mark,
# ip rule fwmark, INPUT policy, local routes), clients: the underlay namespace (10.0.0.1) and node-1 itself.
source "$(dirname "$0")/lib.sh"
lab_init s2
node_add node-1 10.0.0.11 10.244.0.0/24 0e:44:00:00:00:01
node_add node-2 10.0.0.12 10.244.1.0/24 0e:44:00:00:00:02
mesh
pod_add node-2 web 10.244.1.5
pod_add node-2 web2 10.244.1.6
listen node-2/web 80 81 8000 8001 8005 8010
listen node-2/web2 80 81
listen node-1 22 2222 9999
x u "ip route add 10.244.0.1/32 via 10.0.0.11; ip route add 10.99.0.0/24 via 10.0.0.11"
x node-1 "ip route add local 10.99.0.0/24 dev lo"
x node-1 "ip rule add fwmark 0x8000/0x8000 lookup 100 pref 100; ip route add blackhole 10.244.1.0/24 table 100"
x node-1 "iptables-restore" <<'R'
*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
:KUBE-SERVICES - [0:0]
:KUBE-NODEPORTS - [0:0]
:KUBE-MARK-MASQ - [0:0]
:KUBE-POSTROUTING - [0:0]
:KUBE-EXT-A - [0:0]
:KUBE-SVC-A - [0:0]
:KUBE-SEP-A1 - [0:0]
:X1 - [0:0]
-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
-A PREROUTING -p tcp -m tcp --dport 3001 -j DNAT --to-destination 10.244.1.5:81
-A PREROUTING -d 10.96.0.50/32 -p tcp -m tcp --dport 80 -j DNAT --to-destination 10.244.1.5:80
-A OUTPUT -d 10.96.0.51/32 -p tcp -m tcp --dport 80 -j DNAT --to-destination 10.244.1.5:80
-A POSTROUTING -j KUBE-POSTROUTING
-A POSTROUTING -o flannel.1 -j MASQUERADE
-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN
-A KUBE-POSTROUTING -j MARK --set-xmark 0x4000/0x0
-A KUBE-POSTROUTING -j MASQUERADE --random-fully
-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000
-A KUBE-SERVICES -d 10.0.0.11/32 -p tcp -m tcp --dport 3001 -g X1
-A KUBE-SERVICES -d 10.0.0.11/32 -p tcp -m tcp --dport 3001 -j DNAT --to-destination 10.244.1.5:80
-A KUBE-SERVICES -d 10.0.0.11/32 -p tcp -m tcp --dport 3002 -j DNAT --to-destination 10.244.1.5:8000-8010
-A KUBE-SERVICES -d 10.0.0.11/32 -p tcp -m tcp --dport 8005 -j DNAT --to-destination 10.244.1.5:8000-8010
-A KUBE-SERVICES -d 10.0.0.11/32 -p tcp -m tcp --dport 3003 -j DNAT --to-destination 10.244.1.5-10.244.1.6:80
-A KUBE-SERVICES -d 10.0.0.11/32 -p tcp -m tcp --dport 3005 -j DNAT --to-destination 10.244.1.6:80
-A KUBE-SERVICES -d 10.0.0.11/32 -p tcp -m tcp --dport 3006 -j KUBE-MARK-MASQ
-A KUBE-SERVICES -d 10.0.0.11/32 -p tcp -m tcp --dport 3006 -j MARK --set-xmark 0x0/0x4000
-A KUBE-SERVICES -d 10.0.0.11/32 -p tcp -m tcp --dport 3006 -j DNAT --to-destination 10.244.1.6:80
-A KUBE-SERVICES -d 10.0.0.11/32 -p tcp -m tcp --dport 3007 -j MARK --set-xmark 0x8000/0x8000
-A KUBE-SERVICES -d 10.0.0.11/32 -p tcp -m tcp --dport 3007 -j DNAT --to-destination 10.244.1.5:80
-A KUBE-SERVICES -i eth0 -d 10.0.0.11/32 -p tcp -m tcp --dport 3008 -j DNAT --to-destination 10.244.1.5:80
-A KUBE-SERVICES -d 10.0.0.11/32 -p tcp -m tcp --dport 3010 -j REDIRECT --to-ports 9999
-A KUBE-SERVICES -d 10.0.0.11/32 -p tcp -m tcp --dport 3010 -j DNAT --to-destination 10.244.1.5:80
-A KUBE-SERVICES -d 10.0.0.11/32 -p tcp -m tcp --dport 3013 -j MARK --set-xmark 0x4000/0x4000
-A KUBE-SERVICES -d 10.0.0.11/32 -p tcp -m tcp --dport 3013 -j MARK --set-xmark 0x4000/0x0
-A KUBE-SERVICES -d 10.0.0.11/32 -p tcp -m tcp --dport 3013 -j DNAT --to-destination 10.244.1.6:80
-A KUBE-SERVICES -d 10.0.0.11/32 -p tcp -m tcp --dport 3014 -j ACCEPT
-A KUBE-SERVICES -d 10.0.0.11/32 -p tcp -m tcp --dport 3014 -j DNAT --to-destination 10.244.1.5:80
-A KUBE-SERVICES -p tcp -m multiport ! --dports 1:30000 -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS
-A KUBE-NODEPORTS -p tcp -m tcp --dport 30080 -j KUBE-EXT-A
-A KUBE-EXT-A -j KUBE-MARK-MASQ
-A KUBE-EXT-A -j KUBE-SVC-A
-A KUBE-SVC-A -j KUBE-SEP-A1
-A KUBE-SEP-A1 -p tcp -m tcp -j DNAT --to-destination 10.244.1.6:80
-A X1 -j RETURN
COMMIT
*filter
:INPUT DROP [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
-A INPUT -i lo -j ACCEPT
-A INPUT -p udp -m udp --dport 8472 -j ACCEPT
-A INPUT -p tcp -m tcp --dport 2222 -j ACCEPT
-A INPUT -p tcp -m tcp --dport 9999 -j ACCEPT
-A FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
-A FORWARD -d 10.244.1.6/32 -m mark ! --mark 0x4000/0x4000 -j DROP
COMMIT
R
U=10.0.0.1
for p in 3001 3002 8005 3003 3005 3006 3007 3008 3010 3013 3014 30080 22 2222; do k "ext:$p" u 10.0.0.11 $p; done
k "ext:cni0ip:30080" u 10.244.0.1 30080
k "ext:anyip:9999" u 10.99.0.7 9999
k "local:10.96.0.50:80" node-1 10.96.0.50 80
k "local:10.96.0.51:80" node-1 10.96.0.51 80
k "local:127.0.0.5:9999" node-1 127.0.0.5 9999
k "local:10.99.0.7:9999" node-1 10.99.0.7 9999
capture node-1 node-2
t node-1 "ip route show table 100"
t node-1 "ip route show table local"
counters node-1 after
x node-2/web "true"; cp "$OUT/listen-node-2_web.log" "$OUT/listen-node-2_web2.log" "$OUT/listen-node-1.log" "$OUT/" 2>/dev/null || true
for p in 3001 3002 8005 3003 3005 3006 3007 3008 3010 3013 3014 30080 22 2222; do n "ext:$p" --to 10.0.0.11:$p --source $U; done
n "ext:cni0ip:30080" --to 10.244.0.1:30080 --source $U
n "ext:anyip:9999" --to 10.99.0.7:9999 --source $U
n "local:10.96.0.50:80" --from node-1 --to 10.96.0.50:80
n "local:10.96.0.51:80" --from node-1 --to 10.96.0.51:80
n "local:127.0.0.5:9999" --from node-1 --to 127.0.0.5:9999
n "local:10.99.0.7:9999" --from node-1 --to 10.99.0.7:9999
