#!/usr/bin/env bash
# s5-backends: node-2 carries three rule sets at once: iptables-nft (FORWARD ACCEPT), iptables-legacy
# (FORWARD: tcp dport 81 DROP) and a native nft table (inet fw, forward hook: tcp dport 82 drop). All are
# pasted (iptables-save, iptables-legacy-save, nft list ruleset).
source "$(dirname "$0")/lib.sh"
lab_init s5
node_add node-1 10.0.0.11 10.244.0.0/24 0e:44:00:00:00:01
node_add node-2 10.0.0.12 10.244.1.0/24 0e:44:00:00:00:02
mesh
pod_add node-2 b 10.244.1.5
listen node-2/b 80 81 82 83
x node-2 "iptables-restore" <<'R'
*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
-A FORWARD -p tcp -m tcp --dport 83 -j ACCEPT
COMMIT
R
x node-2 "iptables-legacy-restore" <<'R'
*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
-A FORWARD -p tcp -m tcp --dport 81 -j DROP
COMMIT
R
x node-2 "nft -f -" <<'R'
table inet fw {
  chain forward_fw {
    type filter hook forward priority 10; policy accept;
    tcp dport { 82, 83 } counter drop
  }
}
R
for p in 80 81 82 83; do k "n1->b:$p" node-1 10.244.1.5 $p; done
capture node-1
t node-2 "ip addr"; t node-2 "ip route"; t node-2 "ip neigh"; t node-2 "bridge fdb show dev flannel.1"
t node-2 "iptables-save"; t node-2 "iptables-legacy-save"; t node-2 "nft list ruleset"
counters node-2 after; x node-2 "iptables-legacy-save -c; nft list table inet fw" > "$OUT/counters-node-2-legacy-nft.txt"
for p in 80 81 82 83; do n "n1->b:$p" --from node-1 --to 10.244.1.5:$p; done
