#!/usr/bin/env bash
# healthy: a 3-node flannel vxlan cluster with everything consistent and no leftovers (flannel's own
# iptables chains only). alpha and bravo as sos 4.x reports, charlie as sos 3.x, all with firewall tables.
#   sudo bash corpus/lab/incidents/healthy.sh
set -euo pipefail
source "$(dirname "$0")/lib-incident.sh"
inc_init healthy nsinca-ok-

inc_plan 10.100.0.0/16 192.168.210.0/24 192.168.210.254
inc_node alpha 192.168.210.1 10.100.0.0/24 42:ac:10:64:00:01 role=control-plane
inc_node bravo 192.168.210.2 10.100.1.0/24 42:ac:10:64:01:01
inc_node charlie 192.168.210.3 10.100.2.0/24 42:ac:10:64:02:01
inc_flannel_mesh
for h in alpha bravo charlie; do inc_flannel_iptables "$h"; done

inc_pod alpha dns-0 10.100.0.2
inc_pod bravo app-0 10.100.1.2
inc_pod bravo app-1 10.100.1.3
inc_pod charlie app-2 10.100.2.2
inc_ping alpha/dns-0 10.100.1.2
inc_ping alpha/dns-0 10.100.2.2
inc_ping bravo/app-1 10.100.2.2
inc_ping charlie/app-2 10.100.0.2
inc_ping bravo/app-0 10.100.1.3

inc_sos alpha 4 fw
inc_sos bravo 4 fw
inc_sos charlie 3 fw

inc_prompt '[root@%h ~]# '
inc_say "Checking the overlay before the upgrade, it all looks fine to me:"
for h in alpha bravo charlie; do
  inc_t "$h" "ip r"
  inc_t "$h" "ip n show dev flannel.1"
  inc_t "$h" "bridge fdb show dev flannel.1"
done
inc_t alpha "iptables -t nat -nvL"
inc_t alpha "ifconfig -a"

INC_DESCRIPTION="Healthy 3-node flannel vxlan cluster: every node has the routes, PERMANENT neighbours and FDB entries for both peers, cni0 at its lease's .1, MTUs 1450 over a 1500 underlay, flannel's FLANNEL-FWD/FLANNEL-POSTRTG chains, no leftovers of other CNIs."
INC_MODES="[]"
inc_expected <<'JSON'
{ "healthy": true,
  "findings": [],
  "mustNotFire": [
    { "rule": "residue/leftover-cni-state" },
    { "rule": "overlay/address-conflict" },
    { "rule": "routing/missing-overlay-route" },
    { "rule": "overlay/missing-neighbor" },
    { "rule": "overlay/missing-fdb" },
    { "rule": "mtu/mismatch" },
    { "rule": "netfilter/forward-drop" },
    { "rule": "netfilter/nat-rules-differ" }
  ],
  "traces": [
    { "from": "alpha", "to": "10.100.1.2", "disposition": "delivered", "at": "bravo" },
    { "from": "bravo", "to": "10.100.2.2", "disposition": "delivered", "at": "charlie" },
    { "from": "charlie", "to": "10.100.0.2", "disposition": "delivered", "at": "alpha" }
  ] }
JSON
inc_finish
