#!/usr/bin/env bash
# ov-shadowed-route (failure mode 2): lab-k8s-01 has a static 10.72.2.0/25 via 10.10.0.1 dev eth0, more
# specific than flannel's 10.72.2.0/24 via flannel.1 (lab-k8s-03's lease): the lower half of that lease
# leaves by the underlay. lab-k8s-03 has a stale "blackhole 10.72.1.0/26 proto bird" (Calico IPAM block)
# covering the first quarter of lab-k8s-02's lease 10.72.1.0/24.
#   sudo bash corpus/lab/incidents/ov-shadowed-route.sh
set -euo pipefail
source "$(dirname "$0")/lib-incident.sh"
inc_init ov-shadowed-route nsinca-sr-

inc_plan 10.72.0.0/16 10.10.0.0/24 10.10.0.1
inc_node lab-k8s-01 10.10.0.31 10.72.0.0/24 72:6f:0c:3c:00:01 role=control-plane
inc_node lab-k8s-02 10.10.0.32 10.72.1.0/24 72:6f:0c:3c:00:02
inc_node lab-k8s-03 10.10.0.33 10.72.2.0/24 72:6f:0c:3c:00:03
inc_flannel_mesh
inc_do lab-k8s-01 "ip route add 10.72.2.0/25 via 10.10.0.1 dev eth0 proto static"
inc_do lab-k8s-03 "ip route add blackhole 10.72.1.0/26 proto bird"

inc_pod lab-k8s-02 redis-0 10.72.1.10
inc_pod lab-k8s-02 redis-1 10.72.1.100
inc_pod lab-k8s-03 api-a 10.72.2.10
inc_pod lab-k8s-03 api-b 10.72.2.200
inc_pod lab-k8s-01 web-0 10.72.0.20
inc_ping lab-k8s-01/web-0 10.72.2.200
inc_ping lab-k8s-01/web-0 10.72.2.10 2      # leaves by eth0 to 10.10.0.1, which drops it
inc_ping lab-k8s-03/api-b 10.72.1.100
inc_ping lab-k8s-03/api-b 10.72.1.10 2      # blackhole
inc_ping lab-k8s-02/redis-0 10.72.0.20

for h in lab-k8s-01 lab-k8s-02 lab-k8s-03; do inc_sos "$h" 4; done

inc_prompt '%h# '
inc_say "Some pod IPs are unreachable, not all of them. Routing tables of the three nodes follow."
inc_t lab-k8s-01 "ip r"
inc_t lab-k8s-01 "route -n"
inc_t lab-k8s-01 "ip route get 10.72.2.10"
inc_t lab-k8s-02 "ip r"
inc_t lab-k8s-03 "ip r"
inc_t lab-k8s-03 "route -n"
inc_t lab-k8s-03 "ip route get 10.72.1.10"

INC_DESCRIPTION="lab-k8s-01 has a static route 10.72.2.0/25 via 10.10.0.1 dev eth0 that shadows the lower half of flannel's 10.72.2.0/24 via flannel.1 (lab-k8s-03's lease). lab-k8s-03 has a stale Calico 'blackhole 10.72.1.0/26 proto bird' that null-routes the first 64 addresses of lab-k8s-02's lease 10.72.1.0/24. All flannel routes, neighbours and FDB entries are present."
INC_MODES="[2]"
inc_expected <<'JSON'
{ "healthy": false,
  "findings": [
    { "rule": "routing/shadowed-overlay-route", "host": "lab-k8s-01", "severity": "error",
      "objects": { "subnets": ["10.72.2.0/25"], "interfaces": ["eth0"], "hosts": ["lab-k8s-03"] } },
    { "rule": "routing/stale-blackhole", "host": "lab-k8s-03", "severity": "error",
      "objects": { "subnets": ["10.72.1.0/26"], "hosts": ["lab-k8s-02"] } }
  ],
  "mustNotFire": [
    { "rule": "routing/missing-overlay-route" },
    { "rule": "overlay/missing-neighbor" },
    { "rule": "overlay/missing-fdb" },
    { "rule": "routing/shadowed-overlay-route", "host": "lab-k8s-02" },
    { "rule": "routing/stale-blackhole", "host": "lab-k8s-01" },
    { "rule": "routing/stale-blackhole", "host": "lab-k8s-02" }
  ],
  "traces": [
    { "from": "lab-k8s-01", "to": "10.72.2.200", "disposition": "delivered", "at": "lab-k8s-03" },
    { "from": "lab-k8s-03", "to": "10.72.1.10", "disposition": "null-routed", "at": "lab-k8s-03" },
    { "from": "lab-k8s-03", "to": "10.72.1.100", "disposition": "delivered", "at": "lab-k8s-02" },
    { "from": "lab-k8s-02", "to": "10.72.2.10", "disposition": "delivered", "at": "lab-k8s-03" }
  ] }
JSON
inc_finish
