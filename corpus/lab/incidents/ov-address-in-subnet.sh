#!/usr/bin/env bash
# ov-address-in-subnet (failure mode 1): node-1 has a bridge standing in for a dummy "vip0" that holds
# 172.20.2.15/32, an address inside node-2's pod subnet 172.20.2.0/24 but not its .0 (the VTEP gateway).
# Every flannel route is installed fine, yet 172.20.2.15 (a pod on node-2: same IP) is delivered
# locally on node-1: node-1 and its pods can never reach that pod. sos 3.x layout.
#   sudo bash corpus/lab/incidents/ov-address-in-subnet.sh
set -euo pipefail
source "$(dirname "$0")/lib-incident.sh"
inc_init ov-address-in-subnet nsinca-ais-

inc_plan 172.20.0.0/16 192.168.50.0/24 192.168.50.1
inc_node node-1 192.168.50.11 172.20.1.0/24 a2:01:5c:14:01:00 role=control-plane
inc_node node-2 192.168.50.12 172.20.2.0/24 a2:01:5c:14:02:00
inc_node node-3 192.168.50.13 172.20.3.0/24 a2:01:5c:14:03:00

# a keepalived-style VIP on a dummy device, picked from the wrong range
inc_standin "vip0 on node-1 is a bridge without ports (NOARP) standing in for a dummy device: this kernel has no dummy device type, so ip -d shows bridge details and the carrier state differs from a dummy's"
inc_do node-1 "ip link add vip0 type bridge && ip link set vip0 address 3e:91:0c:55:20:0f arp off && ip addr add 172.20.2.15/32 dev vip0 && ip link set vip0 up"

inc_flannel_mesh

inc_pod node-1 coredns-5d78 172.20.1.4
inc_pod node-2 payments-0 172.20.2.15
inc_pod node-2 payments-1 172.20.2.16
inc_pod node-3 gateway-7f 172.20.3.9
inc_ping node-3/gateway-7f 172.20.2.15
inc_ping node-3/gateway-7f 172.20.2.16
inc_ping node-1/coredns-5d78 172.20.2.16
inc_ping node-1/coredns-5d78 172.20.2.15   # answered by node-1 itself (vip0)
inc_ping node-1/coredns-5d78 172.20.3.9

for h in node-1 node-2 node-3; do inc_sos "$h" 3; done

inc_prompt '# '
inc_say "payments-0 (172.20.2.15, on node-2) is unreachable from everything on node-1, but node-3 talks to it fine. Outputs per node below."
inc_say "=== node-1 ==="
inc_t node-1 "ip route get 172.20.2.15"
inc_t node-1 "route -n"
inc_t node-1 "ifconfig -a"
inc_t node-1 "ip neigh show"
inc_say "=== node-2 ==="
inc_t node-2 "route -n"
inc_t node-2 "ip address"
inc_say "=== node-3 ==="
inc_t node-3 "ip route get 172.20.2.15"
inc_t node-3 "route -n"

INC_DESCRIPTION="A dummy-device stand-in (vip0, a bridge) on node-1 holds 172.20.2.15/32, inside node-2's lease 172.20.2.0/24 but not its .0: all flannel routes are installed, but node-1 delivers 172.20.2.15 locally, so the pod payments-0 on node-2 (that IP) is unreachable from node-1."
INC_MODES="[1]"
inc_expected <<'JSON'
{ "healthy": false,
  "findings": [
    { "rule": "overlay/address-conflict", "host": "node-1", "role": "root-cause", "severity": "error",
      "objects": { "addresses": ["172.20.2.15"], "interfaces": ["vip0"], "subnets": ["172.20.2.0/24"], "hosts": ["node-2"] } }
  ],
  "mustNotFire": [
    { "rule": "routing/missing-overlay-route" },
    { "rule": "overlay/missing-neighbor" },
    { "rule": "overlay/missing-fdb" },
    { "rule": "overlay/address-conflict", "host": "node-2" },
    { "rule": "overlay/address-conflict", "host": "node-3" }
  ],
  "traces": [
    { "from": "node-1", "to": "172.20.2.15", "disposition": "delivered", "at": "node-1" },
    { "from": "node-3", "to": "172.20.2.15", "disposition": "delivered", "at": "node-2" },
    { "from": "node-1", "to": "172.20.2.16", "disposition": "delivered", "at": "node-2" }
  ] }
JSON
inc_finish
