#!/usr/bin/env bash
# s8-rule-ports: ip rules that select by protocol and port (ipproto, dport, sport; Linux 4.17+): on
# node-1 for what it sends itself, on node-2 for what it forwards (iif flannel.1) to its pod. A client's
# source port (sport) is not known to a trace, so no sport rule is here.
source "$(dirname "$0")/lib.sh"
lab_init s8
node_add node-1 10.0.0.11 10.244.0.0/24 0e:44:00:00:00:01
node_add node-2 10.0.0.12 10.244.1.0/24 0e:44:00:00:00:02
mesh
pod_add node-2 web 10.244.1.5
listen node-2/web 80 8080 9050 53
x node-1 '
ip rule add ipproto tcp dport 8080 blackhole pref 100
ip rule add ipproto udp dport 53 unreachable pref 110
ip rule add ipproto 6 dport 9000-9100 lookup 100 pref 120
ip route add prohibit 10.244.1.0/24 table 100
'
x node-2 '
ip rule add iif flannel.1 ipproto tcp dport 80 blackhole pref 100
'
k "n1>web tcp 8080" node-1 10.244.1.5 8080
k "n1>web udp 53" node-1 10.244.1.5 53 udp
k "n1>web tcp 53" node-1 10.244.1.5 53
k "n1>web tcp 9050" node-1 10.244.1.5 9050
k "n1>web tcp 80" node-1 10.244.1.5 80
k "n1>web udp 8080" node-1 10.244.1.5 8080 udp
capture node-1 node-2
t node-1 "ip route show table 100"
n "n1>web tcp 8080" --from node-1 --to 10.244.1.5:8080
n "n1>web udp 53" --from node-1 --to 10.244.1.5:53 --udp
n "n1>web tcp 53" --from node-1 --to 10.244.1.5:53
n "n1>web tcp 9050" --from node-1 --to 10.244.1.5:9050
n "n1>web tcp 80" --from node-1 --to 10.244.1.5:80
n "n1>web udp 8080" --from node-1 --to 10.244.1.5:8080 --udp
