#!/usr/bin/env bash
# ov-missing-route (failure mode 2): ip-172-16-8-21 lacks flannel's route to ip-172-16-8-23's lease
# 10.89.2.0/24 (deleted, as when flanneld failed to program it); its neighbour and FDB entries for that
# node are intact. The nodes have no default route (an isolated VPC subnet): only 172.16.8.0/24.
#   sudo bash corpus/lab/incidents/ov-missing-route.sh
set -euo pipefail
source "$(dirname "$0")/lib-incident.sh"
inc_init ov-missing-route nsinca-mr-

inc_plan 10.89.0.0/16 172.16.8.0/24 172.16.8.1
inc_node ip-172-16-8-21 172.16.8.21 10.89.0.0/24 16:d1:58:00:00:21 role=control-plane gw=none
inc_node ip-172-16-8-22 172.16.8.22 10.89.1.0/24 16:d1:58:00:00:22 gw=none
inc_node ip-172-16-8-23 172.16.8.23 10.89.2.0/24 16:d1:58:00:00:23 gw=none
inc_flannel_mesh
inc_do ip-172-16-8-21 "ip route del 10.89.2.0/24 via 10.89.2.0 dev flannel.1 onlink"

inc_pod ip-172-16-8-21 ingress-x7 10.89.0.5
inc_pod ip-172-16-8-22 cart-2 10.89.1.5
inc_pod ip-172-16-8-23 orders-0 10.89.2.5
inc_ping ip-172-16-8-22/cart-2 10.89.2.5
inc_ping ip-172-16-8-21/ingress-x7 10.89.1.5
inc_ping ip-172-16-8-21/ingress-x7 10.89.2.5 2   # no route
inc_ping ip-172-16-8-23/orders-0 10.89.0.5 2     # the reply has no route

inc_sos ip-172-16-8-21 4
inc_sos ip-172-16-8-22 4
inc_sos ip-172-16-8-23 3

inc_prompt 'admin@%h:/tmp$ '
inc_say "ingress on ip-172-16-8-21 returns 502 for everything served by orders-0 (10.89.2.5). From the node:"
inc_t ip-172-16-8-21 "ping -c 1 10.89.2.5"
inc_t ip-172-16-8-21 "sudo ip route"
inc_t ip-172-16-8-21 "sudo ip neigh show dev flannel.1"
inc_t ip-172-16-8-21 "sudo bridge fdb show dev flannel.1"
inc_say "The other worker, ip-172-16-8-22, for comparison:"
inc_t ip-172-16-8-22 "sudo ip route"
inc_t ip-172-16-8-22 "sudo ip neigh show dev flannel.1"
inc_say "And the node that runs orders-0, ip-172-16-8-23:"
inc_t ip-172-16-8-23 "sudo ip route"
inc_t ip-172-16-8-23 "sudo ip -d addr show flannel.1"

INC_DESCRIPTION="ip-172-16-8-21 has no route to ip-172-16-8-23's lease 10.89.2.0/24 (flannel's route was deleted); its neighbour (10.89.2.0) and FDB entry (dst 172.16.8.23) for that node are intact. No node has a default route, so traffic for 10.89.2.0/24 on ip-172-16-8-21 meets 'Network is unreachable'."
INC_MODES="[2]"
inc_expected <<'JSON'
{ "healthy": false,
  "findings": [
    { "rule": "routing/missing-overlay-route", "host": "ip-172-16-8-21", "role": "root-cause", "severity": "error",
      "objects": { "subnets": ["10.89.2.0/24"], "hosts": ["ip-172-16-8-23"] } }
  ],
  "mustNotFire": [
    { "rule": "overlay/missing-neighbor" },
    { "rule": "overlay/missing-fdb" },
    { "rule": "routing/missing-overlay-route", "host": "ip-172-16-8-22" },
    { "rule": "routing/missing-overlay-route", "host": "ip-172-16-8-23" },
    { "rule": "overlay/address-conflict" }
  ],
  "traces": [
    { "from": "ip-172-16-8-21", "to": "10.89.2.5", "disposition": "no-route", "at": "ip-172-16-8-21" },
    { "from": "ip-172-16-8-22", "to": "10.89.2.5", "disposition": "delivered", "at": "ip-172-16-8-23" },
    { "from": "ip-172-16-8-21", "to": "10.89.1.5", "disposition": "delivered", "at": "ip-172-16-8-22" }
  ] }
JSON
inc_finish
