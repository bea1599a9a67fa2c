#!/usr/bin/env bash
# s1-forward: filter FORWARD semantics on node-2 (in flannel.1, out cni0), packets from node-1 (local) to pod 10.244.1.5
source "$(dirname "$0")/lib.sh"
lab_init s1
node_add node-1 10.0.0.11 10.244.0.0/24 0e:44:00:00:00:01
node_add node-2 10.0.0.12 10.244.1.0/24 0e:44:00:00:00:02
mesh
pod_add node-2 web 10.244.1.5
PORTS=$(seq 1000 1025 | tr '\n' ' ')
listen node-2/web $PORTS
x node-2 "iptables-restore" <<'R'
*mangle
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
-A PREROUTING -p tcp -m tcp --dport 1012 -j MARK --set-xmark 0x10/0xffffffff
COMMIT
*filter
:INPUT ACCEPT [0:0]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [0:0]
:G1 - [0:0]
:J1 - [0:0]
:A3 - [0:0]
:B3 - [0:0]
-A FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
-A FORWARD -p tcp -m tcp --dport 1000 -j ACCEPT
-A FORWARD -p tcp -m tcp --dport 1001 -g G1
-A FORWARD -p tcp -m tcp --dport 1001 -j ACCEPT
-A FORWARD -p tcp -m tcp --dport 1002 -j J1
-A FORWARD -p tcp -m tcp --dport 1002 -j ACCEPT
-A FORWARD -p tcp -m tcp --dport 1003 -j A3
-A FORWARD -p tcp -m tcp --dport 1003 -j ACCEPT
-A FORWARD ! -i flannel.1 -p tcp -m tcp --dport 1004 -j DROP
-A FORWARD -p tcp -m tcp --dport 1004 -j ACCEPT
-A FORWARD -s 10.244.0.0/24 -p tcp -m tcp --dport 1005 -j DROP
-A FORWARD -p tcp -m tcp --dport 1005 -j ACCEPT
-A FORWARD ! -s 10.244.0.0/24 -p tcp -m tcp --dport 1006 -j DROP
-A FORWARD -p tcp -m tcp --dport 1006 -j ACCEPT
-A FORWARD -o cni+ -p tcp -m tcp --dport 1007 -j REJECT --reject-with icmp-port-unreachable
-A FORWARD -p tcp -m tcp --dport 1007 -j ACCEPT
-A FORWARD -o veth+ -p tcp -m tcp --dport 1008 -j REJECT --reject-with icmp-port-unreachable
-A FORWARD -p tcp -m tcp --dport 1008 -j ACCEPT
-A FORWARD -p tcp -m multiport --dports 1009:1010,1020 -j DROP
-A FORWARD -p tcp -m tcp --dport 1009 -j ACCEPT
-A FORWARD ! -d 10.244.1.0/24 -p tcp -m tcp --dport 1011 -j DROP
-A FORWARD -p tcp -m tcp --dport 1011 -j ACCEPT
-A FORWARD -m mark --mark 0x10 -j DROP
-A FORWARD -p tcp -m tcp --dport 1012 -j ACCEPT
-A FORWARD -p tcp -m conntrack --ctstate NEW -m tcp --dport 1013 -j ACCEPT
-A FORWARD -p tcp -m state --state NEW -m tcp --dport 1014 -j ACCEPT
-A FORWARD -p udp -m udp --dport 1015 -j ACCEPT
-A FORWARD -p tcp -m tcp --dport 1016 --tcp-flags FIN,SYN,RST,ACK SYN -j ACCEPT
-A FORWARD -p tcp -m tcp --dport 1017 -j RETURN
-A FORWARD -p tcp -m tcp --dport 1017 -j ACCEPT
-A FORWARD -p tcp -m tcp --dport 1018 -j REJECT --reject-with tcp-reset
-A FORWARD -p 6 -m tcp --dport 1019 -j ACCEPT
-A FORWARD -p tcp -m iprange --dst-range 10.244.1.1-10.244.1.9 -m tcp --dport 1021 -j ACCEPT
-A FORWARD -o cni0 -p tcp -m tcp ! --dport 1000:1021 -j ACCEPT
-A A3 -p tcp -m tcp --dport 1003 -g B3
-A A3 -p tcp -m tcp --dport 1003 -j DROP
-A B3 -p tcp -m tcp --dport 1003 -j RETURN
-A G1 -j RETURN
-A J1 -j RETURN
COMMIT
R
for p in $(seq 1000 1022); do k "p$p" node-1 10.244.1.5 $p; done
k "p1015udp" node-1 10.244.1.5 1015 udp
capture node-1 node-2
counters node-2 after
for p in $(seq 1000 1022); do n "p$p" --from node-1 --to 10.244.1.5:$p --source 10.244.0.0; done
n "p1015udp" --from node-1 --to 10.244.1.5:1015 --udp --source 10.244.0.0
cat "$OUT/listen-node-2_web.log" | sort | uniq -c > "$OUT/received.txt"
