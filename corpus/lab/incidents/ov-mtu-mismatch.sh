#!/usr/bin/env bash
# ov-mtu-mismatch (failure mode 9): underlay MTU 1500 everywhere. ams-k8s-1 is right (flannel.1 1450, cni0
# and veths 1450). ams-k8s-3: flannel.1 1450 but cni0 and its pod veths 1500 (pods send 1500-byte packets
# the vxlan device cannot carry). ams-k8s-2: flannel.1 1500 over the 1500 underlay (cni0 1450), so full-size
# encapsulated packets need 1550 bytes on eth0. The kernel refuses a vxlan MTU above its lower device's
# MTU - 50 (recorded: the attempt on ams-k8s-1), so ams-k8s-2 gets there the way real nodes do: flannel.1 was
# set up while eth0 ran jumbo frames (9000), and eth0 was lowered to 1500 afterwards (accepted; the
# vxlan MTU stays).
#   sudo bash corpus/lab/incidents/ov-mtu-mismatch.sh
set -euo pipefail
source "$(dirname "$0")/lib-incident.sh"
inc_init ov-mtu-mismatch nsinca-mtu-

inc_plan 10.50.0.0/16 172.24.0.0/24 172.24.0.1 1500
inc_node ams-k8s-1 172.24.0.11 10.50.0.0/24 0a:e5:32:00:00:01 role=control-plane
inc_node ams-k8s-2 172.24.0.12 10.50.1.0/24 0a:e5:32:00:00:02 mtu=1500 cni0mtu=1450 ethmtu=9000
inc_node ams-k8s-3 172.24.0.13 10.50.2.0/24 0a:e5:32:00:00:03 cni0mtu=1500
inc_try ams-k8s-1 "ip link set flannel.1 mtu 1500" || true   # refused: EINVAL (lower device eth0 is 1500)
inc_do ams-k8s-2 "ip link set eth0 mtu 1500"
ip -n "$INC_UNS" link set vn1-ams-k8s-2 mtu 1500
inc_flannel_mesh

inc_pod ams-k8s-1 probe-1 10.50.0.9
inc_pod ams-k8s-2 probe-2 10.50.1.9
inc_pod ams-k8s-3 probe-3 10.50.2.9
inc_ping ams-k8s-1/probe-1 10.50.2.9
inc_ping ams-k8s-3/probe-3 10.50.0.9
inc_ping ams-k8s-3/probe-3 10.50.0.9 2 "-M do -s 1472"   # 1500-byte packet: flannel.1 (1450) refuses it
inc_ping ams-k8s-2/probe-2 10.50.0.9 2 "-s 1400"

for h in ams-k8s-1 ams-k8s-2 ams-k8s-3; do inc_sos "$h" 4; done

inc_prompt 'ubuntu@%h:~$ '
inc_say "Small requests work, large responses between pods hang. MTU settings of the three edge nodes:"
inc_t ams-k8s-1 "sudo ip -d link"
inc_t ams-k8s-2 "sudo ip -d link"
inc_t ams-k8s-3 "sudo ip -d link"
inc_t ams-k8s-3 "ping -c 1 -M do -s 1472 10.50.0.9"

INC_DESCRIPTION="Underlay MTU 1500. ams-k8s-1 is consistent (flannel.1, cni0, veths 1450). ams-k8s-3: flannel.1 1450 but cni0 and its pod veths 1500. ams-k8s-2: flannel.1 1500 over a 1500-byte underlay (needs 1550 for a full vxlan frame); its cni0 and veths are 1450."
INC_MODES="[9]"
inc_expected <<'JSON'
{ "healthy": false,
  "findings": [
    { "rule": "mtu/mismatch", "host": "ams-k8s-3", "objects": { "interfaces": ["cni0"] } },
    { "rule": "mtu/mismatch", "host": "ams-k8s-2", "objects": { "interfaces": ["flannel.1"] } }
  ],
  "mustNotFire": [
    { "rule": "mtu/mismatch", "host": "ams-k8s-1" },
    { "rule": "routing/missing-overlay-route" },
    { "rule": "overlay/missing-neighbor" },
    { "rule": "overlay/missing-fdb" }
  ],
  "traces": [
    { "from": "ams-k8s-1", "to": "10.50.2.9", "disposition": "delivered", "at": "ams-k8s-3" },
    { "from": "ams-k8s-3", "to": "10.50.1.9", "disposition": "delivered", "at": "ams-k8s-2" }
  ] }
JSON
inc_finish
