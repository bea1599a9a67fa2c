#!/usr/bin/env bash
# s3-route: policy routing (ip rule: to/from/iif/not/goto/suppress_prefixlength/fwmark, rule-level
# blackhole/unreachable; table routes throw/blackhole/unreachable/prohibit, metrics, local routes in main),
# locally generated on node-1 and forwarded on node-2 (iif flannel.1), plus nat PREROUTING on the remote node.
# Pod web on node-2 holds 10.244.1.5 and 10.244.1.21-41 (secondary addresses), listening on :80.
source "$(dirname "$0")/lib.sh"
lab_init s3
node_add node-1 10.0.0.11 10.244.0.0/24 0e:44:00:00:00:01
node_add node-2 10.0.0.12 10.244.1.0/24 0e:44:00:00:00:02
mesh
pod_add node-2 web 10.244.1.5
for i in $(seq 21 41); do x node-2/web "ip addr add 10.244.1.$i/24 dev eth0"; done
listen node-2/web 80
listen node-1 80
x node-1 '
ip rule add to 10.244.1.21 lookup 100 pref 200
ip rule add to 10.244.1.22 lookup 100 pref 200
ip rule add to 10.244.1.23 lookup 100 pref 200
ip rule add to 10.244.1.24 lookup 100 pref 200
ip route add throw 10.244.1.21 table 100
ip route add unreachable 10.244.1.22 table 100
ip route add prohibit 10.244.1.23 table 100
ip route add blackhole 10.244.1.24 table 100
ip rule add to 10.244.1.25 goto 300 pref 210
ip rule add to 10.244.1.25 blackhole pref 250
ip rule add to 10.244.1.25 lookup main pref 300
ip rule add iif eth0 to 10.244.1.26 blackhole pref 220
ip rule add iif lo to 10.244.1.27 unreachable pref 230
ip rule add from 10.0.0.11 to 10.244.1.28 blackhole pref 240
ip rule add to 10.77.0.0/16 lookup main suppress_prefixlength 0 pref 270
ip rule add to 10.77.0.0/16 lookup 101 pref 271
ip route add unreachable default table 101
ip rule add fwmark 0x7 blackhole pref 280
ip rule add not to 10.244.1.29 lookup 120 pref 290
ip route add blackhole 10.244.1.30 table 120
ip route add 10.244.1.31/32 via 10.244.1.0 dev flannel.1 onlink metric 10
ip route add blackhole 10.244.1.31/32 metric 5
ip route add blackhole 10.244.1.33/32
ip route add local 10.244.1.35/32 dev lo table main
ip route add throw 10.244.1.36/32
'
x node-1 "iptables-restore" <<'R'
*mangle
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
-A OUTPUT -d 10.244.1.32/32 -j MARK --set-xmark 0x7/0xffffffff
COMMIT
R
x node-2 '
ip rule add iif flannel.1 to 10.244.1.40 blackhole pref 100
ip rule add from 10.244.0.0/24 to 10.244.1.39 unreachable pref 110
ip rule add iif eth0 to 10.244.1.38 blackhole pref 120
'
x node-2 "iptables-restore" <<'R'
*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
-A PREROUTING -d 10.244.1.41/32 -p tcp -m tcp --dport 80 -j DNAT --to-destination 10.244.0.1:80
COMMIT
R
for i in 5 $(seq 21 41); do k "n1->.$i" node-1 10.244.1.$i 80; done
k "n1->.28 bound 10.0.0.11" node-1 10.244.1.28 80 tcp 10.0.0.11
k "n1->10.77.0.5" node-1 10.77.0.5 80
capture node-1 node-2
t node-1 "ip route show table 100"
t node-1 "ip route show table 101"
t node-1 "ip route show table 120"
counters node-1 after; counters node-2 after
for i in 5 $(seq 21 41); do n "n1->.$i" --from node-1 --to 10.244.1.$i:80; done
n "n1->.28 src 10.0.0.11" --from node-1 --to 10.244.1.28:80 --source 10.0.0.11
n "n1->.28 src 10.244.0.0" --from node-1 --to 10.244.1.28:80 --source 10.244.0.0
n "n1->.39 src 10.244.0.0" --from node-1 --to 10.244.1.39:80 --source 10.244.0.0
n "n1->10.77.0.5" --from node-1 --to 10.77.0.5:80
