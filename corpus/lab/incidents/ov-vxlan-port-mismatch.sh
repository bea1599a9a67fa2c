#!/usr/bin/env bash
# ov-vxlan-port-mismatch: three flannel nodes, VNI 1 everywhere. osl-k8s-1 and osl-k8s-2 use the kernel's
# default vxlan port 8472 (flannel's Port 0); osl-k8s-3's flannel.1 was created with dstport 4789 (net-conf.json
# changed to Port 4789, flannel restarted on that node only, its old device deleted). Routes, neighbours and
# FDB entries are all right: osl-k8s-3 sends to port 4789 where its peers listen on 8472, and they send to 8472
# where it listens on 4789, so no pod traffic crosses between osl-k8s-3 and the others (real pings, dropped).
#   sudo bash corpus/lab/incidents/ov-vxlan-port-mismatch.sh
set -euo pipefail
source "$(dirname "$0")/lib-incident.sh"
inc_init ov-vxlan-port-mismatch nsinca-vxp-

inc_plan 10.60.0.0/16 172.25.0.0/24 172.25.0.1 1500
inc_node osl-k8s-1 172.25.0.11 10.60.0.0/24 0a:e6:32:00:00:01 role=control-plane
inc_node osl-k8s-2 172.25.0.12 10.60.1.0/24 0a:e6:32:00:00:02
inc_node osl-k8s-3 172.25.0.13 10.60.2.0/24 0a:e6:32:00:00:03 vxport=4789
inc_flannel_mesh

inc_pod osl-k8s-1 web-1 10.60.0.7
inc_pod osl-k8s-2 web-2 10.60.1.7
inc_pod osl-k8s-3 web-3 10.60.2.7
inc_ping osl-k8s-1/web-1 10.60.1.7
inc_ping osl-k8s-1/web-1 10.60.2.7
inc_ping osl-k8s-3/web-3 10.60.0.7

for h in osl-k8s-1 osl-k8s-2 osl-k8s-3; do inc_sos "$h" 4; done

inc_prompt 'root@%h:~# '
inc_say "Pods on osl-k8s-3 cannot reach pods anywhere else (and the other way round); 1 and 2 talk fine. Routes look right:"
inc_t osl-k8s-1 "ip route"
inc_t osl-k8s-1 "ip neigh show dev flannel.1"
inc_t osl-k8s-1 "bridge fdb show dev flannel.1"
inc_t osl-k8s-1 "ip -d link show flannel.1"
inc_t osl-k8s-2 "ip -d link show flannel.1"
inc_t osl-k8s-3 "ip route"
inc_t osl-k8s-3 "ip addr show cni0"
inc_t osl-k8s-3 "ip -d link show flannel.1"

INC_DESCRIPTION="VNI 1 on every node. osl-k8s-1 and osl-k8s-2: flannel.1 dstport 8472 (the kernel default). osl-k8s-3: flannel.1 dstport 4789. Routes, neighbours and FDB entries complete and right everywhere; pings between osl-k8s-3 and the others get no answer."
INC_MODES="[]"
inc_expected <<'JSON'
{ "healthy": false,
  "findings": [
    { "rule": "overlay/vxlan-settings-differ", "host": "osl-k8s-3", "objects": { "interfaces": ["flannel.1"] } }
  ],
  "mustNotFire": [
    { "rule": "overlay/vxlan-settings-differ", "host": "osl-k8s-1" },
    { "rule": "overlay/vxlan-settings-differ", "host": "osl-k8s-2" },
    { "rule": "routing/missing-overlay-route" },
    { "rule": "overlay/missing-neighbor" },
    { "rule": "overlay/missing-fdb" },
    { "rule": "mtu/mismatch" }
  ],
  "traces": [
    { "from": "osl-k8s-1", "to": "10.60.1.7", "disposition": "delivered", "at": "osl-k8s-2" },
    { "from": "osl-k8s-1", "to": "10.60.2.7", "disposition": "unreachable", "at": "osl-k8s-3" }
  ] }
JSON
inc_finish
