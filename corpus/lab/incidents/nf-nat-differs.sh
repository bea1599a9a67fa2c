#!/usr/bin/env bash
# nf-nat-differs (failure mode 8): kube-proxy on ip-10-99-0-21 stopped syncing (its API watch is stuck)
# and still holds the old endpoint of payments/api: KUBE-SVC -> KUBE-SEP-... DNAT 10.200.2.4:8080, a pod
# that was replaced by 10.200.2.9 (same node, ip-10-99-0-23). ip-10-99-0-22 and ip-10-99-0-23 have the
# current KUBE-SEP to 10.200.2.9:8080. Rules: kube-proxy 1.28-1.31 layout (corpus/lab/iptables/kube_rules.py)
# loaded with iptables-restore into the node namespaces. A ping from ip-10-99-0-21 to 10.200.2.4 leaves an
# INCOMPLETE neighbour entry on ip-10-99-0-23's cni0 (nobody answers ARP for the gone pod).
#   sudo bash corpus/lab/incidents/nf-nat-differs.sh
set -euo pipefail
source "$(dirname "$0")/lib-incident.sh"
inc_init nf-nat-differs nsincb-nd-
command -v python3 >/dev/null || inc_die "python3 is needed (corpus/lab/iptables/kube_rules.py)"

inc_plan 10.200.0.0/16 10.99.0.0/24 10.99.0.1 9001
inc_node ip-10-99-0-21 10.99.0.21 10.200.0.0/24 02:c8:00:00:00:21 mtu=8951 role=control-plane
inc_node ip-10-99-0-22 10.99.0.22 10.200.1.0/24 02:c8:00:00:00:22 mtu=8951
inc_node ip-10-99-0-23 10.99.0.23 10.200.2.0/24 02:c8:00:00:00:23 mtu=8951
inc_flannel_mesh
inc_pod ip-10-99-0-21 coredns-8f4 10.200.0.6
inc_pod ip-10-99-0-22 web-77c 10.200.1.12
inc_pod ip-10-99-0-23 api-6d9c 10.200.2.9

python3 - "$INC_REPO/corpus/lab/iptables" "$INC_TMP" <<'PY'
import sys
sys.path.insert(0, sys.argv[1])
import kube_rules as K
K.POD_CIDR = "10.200.0.0/16"
out = sys.argv[2]
for host, subnet, api_ep in [("ip-10-99-0-21", "10.200.0.0/24", "10.200.2.4"),   # stale
                             ("ip-10-99-0-22", "10.200.1.0/24", "10.200.2.9"),
                             ("ip-10-99-0-23", "10.200.2.0/24", "10.200.2.9")]:
    local = subnet[:-4]
    def ep(ip, port): return (ip, port, ip.startswith(local))
    svcs = [
        K.Svc("default", "kubernetes", "https", "tcp", "10.100.0.1", 443, [ep("10.99.0.21", 6443)]),
        K.Svc("kube-system", "kube-dns", "dns", "udp", "10.100.0.10", 53, [ep("10.200.0.6", 53)]),
        K.Svc("kube-system", "kube-dns", "dns-tcp", "tcp", "10.100.0.10", 53, [ep("10.200.0.6", 53)]),
        K.Svc("payments", "api", "http", "tcp", "10.100.40.7", 80, [ep(api_ep, 8080)], nodeport=30900),
        K.Svc("default", "web", "http", "tcp", "10.100.21.3", 80, [ep("10.200.1.12", 80)], nodeport=31880),
    ]
    rs = K.Ruleset(counters=False)
    K.builtins(rs, ["filter", "nat"])
    K.base_chains(rs, "new")
    K.flannel(rs, subnet)
    K.services_new(rs, svcs)
    open(f"{out}/{host}.rules", "w").write(rs.text([f"nf-nat-differs {host}"]))
PY
for h in ip-10-99-0-21 ip-10-99-0-22 ip-10-99-0-23; do inc_do "$h" "iptables-restore < $INC_TMP/$h.rules"; done

inc_ping ip-10-99-0-22/web-77c 10.200.2.9
inc_ping ip-10-99-0-21/coredns-8f4 10.200.1.12
inc_ping ip-10-99-0-21 10.200.2.4 2      # FAILS: the stale endpoint's pod is gone (unanswered ARP on -23's cni0)

for h in ip-10-99-0-21 ip-10-99-0-22 ip-10-99-0-23; do inc_sos "$h" 4 fw; done

inc_prompt 'admin@%h:/tmp$ '
inc_say "payments/api via NodePort 30900 works through -22 and -23 but not through -21. NAT on both:"
inc_t ip-10-99-0-21 "sudo iptables -t nat -nvL"
inc_t ip-10-99-0-21 "sudo iptables-save -t nat"
inc_t ip-10-99-0-22 "sudo iptables -t nat -nvL"
inc_t ip-10-99-0-22 "sudo iptables-save -t nat"
inc_say "and the node where api runs:"
inc_t ip-10-99-0-23 "ip n show dev cni0"
inc_t ip-10-99-0-23 "ip r"

INC_DESCRIPTION="kube-proxy's NAT rules differ between nodes: ip-10-99-0-21 still DNATs payments/api:http (ClusterIP 10.100.40.7:80, NodePort 30900) to the gone pod 10.200.2.4:8080 (stale KUBE-SEP), ip-10-99-0-22 and ip-10-99-0-23 to the current 10.200.2.9:8080. A ping from ip-10-99-0-21 to 10.200.2.4 crosses the overlay and ends in an unanswered (INCOMPLETE) neighbour entry on ip-10-99-0-23's cni0. Underlay MTU 9001 (AWS-like), flannel.1 and cni0 8951."
INC_MODES="[8]"
inc_expected <<'EOF'
{ "healthy": false,
  "findings": [
    { "rule": "netfilter/nat-rules-differ", "host": "ip-10-99-0-21", "role": "root-cause", "severity": "error",
      "objects": { "services": ["payments/api:http"], "addresses": ["10.200.2.4"], "hosts": ["ip-10-99-0-22"] } }
  ],
  "mustNotFire": [
    { "rule": "service/no-endpoints" },
    { "rule": "routing/missing-overlay-route" },
    { "rule": "overlay/missing-fdb" },
    { "rule": "mtu/mismatch" },
    { "rule": "netfilter/forward-drop" }
  ],
  "traces": [
    { "from": "external", "to": "10.99.0.22:30900", "disposition": "delivered", "at": "ip-10-99-0-23" },
    { "from": "external", "to": "10.99.0.23:30900", "disposition": "delivered", "at": "ip-10-99-0-23" },
    { "from": "external", "to": "10.99.0.21:30900", "disposition": "neighbor-unreachable", "at": "ip-10-99-0-23" }
  ] }
EOF
inc_finish
