#!/usr/bin/env bash
# ov-stale-vtep (failure mode 4): node-b's flannel.1 was deleted and recreated with a new MAC
# (ee:1b:5a:0b:00:02 -> 86:2c:91:4f:7e:b2). node-a never saw the update: its neighbour entry for
# 10.32.1.0 and its FDB entry still carry the old MAC, so node-b drops node-a's frames (wrong inner
# destination MAC). node-c has the new MAC, but its FDB entry sends node-b's frames to 10.20.30.112 (a
# decommissioned machine; the underlay ARP for it fails) instead of node-b's 10.20.30.12.
#   sudo bash corpus/lab/incidents/ov-stale-vtep.sh
set -euo pipefail
source "$(dirname "$0")/lib-incident.sh"
inc_init ov-stale-vtep nsinca-sv-

inc_plan 10.32.0.0/16 10.20.30.0/24 10.20.30.1
inc_node node-a 10.20.30.11 10.32.0.0/24 ee:1b:5a:0a:00:01 role=control-plane
inc_node node-b 10.20.30.12 10.32.1.0/24 ee:1b:5a:0b:00:02
inc_node node-c 10.20.30.13 10.32.2.0/24 ee:1b:5a:0c:00:03
inc_flannel_mesh
inc_pod node-a client-0 10.32.0.5
inc_pod node-b server-0 10.32.1.5
inc_pod node-c server-1 10.32.2.5
inc_ping node-a/client-0 10.32.1.5 2
inc_ping node-c/server-1 10.32.1.5 2

# node-b: flanneld restarted and recreated flannel.1 with a new MAC (the kernel drops the routes with it)
NEWMAC=86:2c:91:4f:7e:b2
inc_do node-b "ip link del flannel.1"
inc_do node-b "ip link add flannel.1 type vxlan id 1 local 10.20.30.12 dev eth0 dstport 8472 nolearning && ip link set flannel.1 address $NEWMAC mtu 1450 && ip addr add 10.32.1.0/32 dev flannel.1 && ip link set flannel.1 up"
INC_VTEP[node-b]="$NEWMAC"
inc_flannel_peer node-b node-a
inc_flannel_peer node-b node-c
# node-c learnt the new MAC, with a wrong public IP for node-b
inc_do node-c "bridge fdb del ee:1b:5a:0b:00:02 dev flannel.1 dst 10.20.30.12 self"
inc_do node-c "ip neigh replace 10.32.1.0 lladdr $NEWMAC dev flannel.1 nud permanent"
inc_do node-c "bridge fdb replace $NEWMAC dev flannel.1 dst 10.20.30.112 self permanent"
# node-a: untouched, old MAC in neigh and FDB

# real traffic
inc_ping node-a/client-0 10.32.1.5 3       # dropped by node-b: inner dst MAC is the old one
inc_ping node-c/server-1 10.32.1.5 3       # sent to 10.20.30.112: underlay ARP fails
inc_ping node-b/server-0 10.32.0.5 2       # reaches node-a; reply goes to the old MAC
inc_ping node-a/client-0 10.32.2.5 3       # fine
inc_ping node-c/server-1 10.32.0.5 3       # fine

for h in node-a node-b node-c; do inc_sos "$h" 4; done

inc_prompt '$ '
inc_say "Since flanneld restarted on node-b nothing reaches pods on node-b. Here is what I collected."
inc_say "on node-b:"
inc_t node-b "sudo ip -d link show flannel.1"
inc_t node-b "sudo ip n show dev flannel.1"
inc_t node-b "sudo bridge fdb show dev flannel.1"
inc_say "on node-a:"
inc_t node-a "sudo ip n show dev flannel.1"
inc_t node-a "sudo bridge fdb show dev flannel.1"
inc_t node-a "sudo ip -s link show flannel.1"
inc_say "on node-c:"
inc_t node-c "sudo ip n"
inc_t node-c "sudo bridge fdb show dev flannel.1"

INC_DESCRIPTION="node-b's flannel.1 was recreated with MAC 86:2c:91:4f:7e:b2 (was ee:1b:5a:0b:00:02). node-a still has the old MAC in its neighbour entry for 10.32.1.0 and in its FDB (stale VTEP MAC: node-b drops the frames). node-c has the new MAC but its FDB entry points at 10.20.30.112 instead of node-b's 10.20.30.12 (the underlay ARP for .112 fails). Pod traffic between node-a and node-c works."
INC_MODES="[4]"
inc_expected <<'JSON'
{ "healthy": false,
  "findings": [
    { "rule": "overlay/stale-vtep-mac", "host": "node-a", "severity": "error",
      "objects": { "interfaces": ["flannel.1"], "hosts": ["node-b"] } },
    { "rule": "overlay/wrong-fdb-destination", "host": "node-c", "severity": "error",
      "objects": { "addresses": ["10.20.30.112"], "hosts": ["node-b"] } }
  ],
  "mustNotFire": [
    { "rule": "overlay/stale-vtep-mac", "host": "node-b" },
    { "rule": "overlay/stale-vtep-mac", "host": "node-c" },
    { "rule": "overlay/wrong-fdb-destination", "host": "node-a" },
    { "rule": "overlay/wrong-fdb-destination", "host": "node-b" },
    { "rule": "routing/missing-overlay-route" },
    { "rule": "overlay/address-conflict" }
  ],
  "traces": [
    { "from": "node-a", "to": "10.32.2.5", "disposition": "delivered", "at": "node-c" },
    { "from": "node-c", "to": "10.32.0.5", "disposition": "delivered", "at": "node-a" }
  ] }
JSON
inc_finish
