#!/usr/bin/env bash
# nf-local-policy (failure mode 8): ingress-nginx's NodePort service with externalTrafficPolicy: Local.
# Its only pod runs on edge-1 (100.96.1.7). kube-proxy (1.28-1.31 iptables layout) on edge-1 writes
# KUBE-EXT-* -> KUBE-SVL-* -> KUBE-SEP-* (source IP kept, no masquerade); on edge-2 and edge-cp, which
# have no local endpoint, the KUBE-EXT chain has only the pod/LOCAL short-cuts (no KUBE-SVL chain, as
# pkg/proxy/iptables/proxier.go writes it: "-j <externalPolicyChain>" only when hasExternalEndpoints)
# and the filter table DROPs the NodePort ("... has no local endpoints", KUBE-EXTERNAL-SERVICES).
# Rules from corpus/lab/iptables/kube_rules.py (services_new), with that one correction applied here.
#   sudo bash corpus/lab/incidents/nf-local-policy.sh
set -euo pipefail
source "$(dirname "$0")/lib-incident.sh"
inc_init nf-local-policy nsincb-lp-
command -v python3 >/dev/null || inc_die "python3 is needed (corpus/lab/iptables/kube_rules.py)"

inc_plan 100.96.0.0/16 192.168.122.0/24 192.168.122.1
inc_node edge-cp 192.168.122.10 100.96.0.0/24 be:96:00:00:00:10 role=control-plane
inc_node edge-1 192.168.122.11 100.96.1.0/24 be:96:00:00:00:11
inc_node edge-2 192.168.122.12 100.96.2.0/24 be:96:00:00:00:12
inc_flannel_mesh
inc_pod edge-cp coredns-7db 100.96.0.4
inc_pod edge-1 ingress-nginx-ctl 100.96.1.7
inc_pod edge-2 echo-55 100.96.2.9

python3 - "$INC_REPO/corpus/lab/iptables" "$INC_TMP" <<'PY'
import sys
sys.path.insert(0, sys.argv[1])
import kube_rules as K
K.POD_CIDR = "100.96.0.0/16"
out = sys.argv[2]
for host, subnet in [("edge-cp", "100.96.0.0/24"), ("edge-1", "100.96.1.0/24"), ("edge-2", "100.96.2.0/24")]:
    local = subnet[:-4]
    def ep(ip, port): return (ip, port, ip.startswith(local))
    svcs = [
        K.Svc("default", "kubernetes", "https", "tcp", "10.96.0.1", 443, [ep("192.168.122.10", 6443)]),
        K.Svc("kube-system", "kube-dns", "dns", "udp", "10.96.0.10", 53, [ep("100.96.0.4", 53)]),
        K.Svc("ingress-nginx", "ingress-nginx-controller", "http", "tcp", "10.96.14.200", 80,
              [ep("100.96.1.7", 80)], nodeport=31080, local=True, hc_port=32080),
        K.Svc("ingress-nginx", "ingress-nginx-controller", "https", "tcp", "10.96.14.200", 443,
              [ep("100.96.1.7", 443)], nodeport=31443, local=True, hc_port=32080),
        K.Svc("default", "echo", "http", "tcp", "10.96.80.80", 80, [ep("100.96.2.9", 8080)], nodeport=30808),
    ]
    rs = K.Ruleset(counters=False)
    K.builtins(rs, ["filter", "nat"])
    K.base_chains(rs, "new")
    K.flannel(rs, subnet)
    K.services_new(rs, svcs)
    # proxier.go: no local endpoints -> no KUBE-SVL chain and no "-A KUBE-EXT-x -j KUBE-SVL-x"
    nat = rs.tables["nat"]
    for s in svcs:
        if s.local and not any(e[2] for e in s.eps):
            nat["chains"].remove(s.svl); del nat["policy"][s.svl]
            nat["rules"] = [r for r in nat["rules"] if not (r[0] == s.ext and r[1] == f"-j {s.svl}")]
    open(f"{out}/{host}.rules", "w").write(rs.text([f"nf-local-policy {host}"]))
PY
for h in edge-cp edge-1 edge-2; do inc_do "$h" "iptables-restore < $INC_TMP/$h.rules"; done

inc_ping edge-2/echo-55 100.96.1.7
inc_ping edge-cp/coredns-7db 100.96.2.9
inc_ping edge-1/ingress-nginx-ctl 100.96.0.4

for h in edge-cp edge-1 edge-2; do inc_sos "$h" 4 fw; done

inc_prompt '# '
inc_say "LB 健康检查只有 edge-1 通过，curl edge-2:31080 一直超时。两台机器的规则："
inc_say "=== edge-1 ==="
inc_t edge-1 "iptables-save -t nat"
inc_t edge-1 "iptables -t nat -nvL"
inc_t edge-1 "iptables -vnxL"
inc_say "=== edge-2 ==="
inc_t edge-2 "iptables-save -t nat"
inc_t edge-2 "iptables -t nat -nvL"
inc_t edge-2 "iptables -vnxL"
inc_t edge-2 "ip r"
inc_say "edge-2 上没有 ingress 的 pod，所以是 externalTrafficPolicy: Local 的问题？"

INC_DESCRIPTION="ingress-nginx/ingress-nginx-controller (NodePort 31080 http, 31443 https, healthCheckNodePort 32080) has externalTrafficPolicy: Local and one pod, 100.96.1.7 on edge-1. edge-1: KUBE-NODEPORTS -> KUBE-EXT -> KUBE-SVL -> KUBE-SEP -> DNAT 100.96.1.7 (no masquerade). edge-2 and edge-cp have no local endpoint: their KUBE-EXT chain only short-cuts pod and LOCAL traffic to KUBE-SVC, and the filter table drops the NodePort (KUBE-EXTERNAL-SERVICES '... has no local endpoints' -j DROP, reached from INPUT). Overlay and routes are complete."
INC_MODES="[8]"
inc_expected <<'EOF'
{ "healthy": false,
  "findings": [
    { "rule": "service/local-traffic-policy-drop", "host": "edge-2", "role": "root-cause", "severity": "warning",
      "objects": { "services": ["ingress-nginx/ingress-nginx-controller:http"] } },
    { "rule": "service/local-traffic-policy-drop", "host": "edge-cp", "role": "root-cause", "severity": "warning",
      "objects": { "services": ["ingress-nginx/ingress-nginx-controller:http"] } }
  ],
  "mustNotFire": [
    { "rule": "service/local-traffic-policy-drop", "host": "edge-1" },
    { "rule": "service/no-endpoints" },
    { "rule": "netfilter/nat-rules-differ", "severity": "error" },
    { "rule": "routing/missing-overlay-route" },
    { "rule": "netfilter/forward-drop" }
  ],
  "traces": [
    { "from": "external", "to": "192.168.122.11:31080", "disposition": "delivered", "at": "edge-1" },
    { "from": "external", "to": "192.168.122.12:31080", "disposition": "denied", "at": "edge-2" },
    { "from": "external", "to": "192.168.122.10:31443", "disposition": "denied", "at": "edge-cp" },
    { "from": "edge-2", "to": "10.96.14.200:80", "disposition": "delivered", "at": "edge-1" },
    { "from": "external", "to": "192.168.122.11:30808", "disposition": "delivered", "at": "edge-2" }
  ] }
EOF
inc_finish
