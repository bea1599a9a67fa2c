#!/usr/bin/env bash
# nf-forward-drop (failure mode 7): Docker was installed on kube-01 after the cluster was up. Docker's
# filter table sets the FORWARD policy to DROP and accepts only docker0 traffic (DOCKER-USER,
# DOCKER-ISOLATION-STAGE-1/2, DOCKER); flanneld on kube-01 runs with --iptables-forward-rules=false
# (no FLANNEL-FWD), so nothing accepts forwarded pod traffic (cni0 / 10.88.0.0/16) there: pod-to-pod
# traffic into kube-01 is dropped by the policy. kube-proxy's KUBE-FORWARD still accepts packets it
# marked 0x4000 (NodePort traffic DNATed on kube-01 itself) and conntrack RELATED,ESTABLISHED.
# kube-02 and kube-03 have FORWARD ACCEPT plus flannel's FLANNEL-FWD accepts.
# Rules: kube-proxy 1.28-1.31 iptables layout from corpus/lab/iptables/kube_rules.py, loaded with
# iptables-restore (nf_tables backend) into each node namespace; the rules are live (pings cross them).
#   sudo bash corpus/lab/incidents/nf-forward-drop.sh
set -euo pipefail
source "$(dirname "$0")/lib-incident.sh"
inc_init nf-forward-drop nsincb-fd-
command -v python3 >/dev/null || inc_die "python3 is needed (corpus/lab/iptables/kube_rules.py)"

inc_plan 10.88.0.0/16 172.31.40.0/24 172.31.40.1
inc_node kube-01 172.31.40.11 10.88.0.0/24 5e:88:00:00:00:01 docker0=172.17.0.1/16
inc_node kube-02 172.31.40.12 10.88.1.0/24 5e:88:00:00:00:02
inc_node kube-03 172.31.40.13 10.88.2.0/24 5e:88:00:00:00:03 role=control-plane
inc_flannel_mesh
inc_pod kube-01 web-5b7d9 10.88.0.5
inc_pod kube-02 client-7f 10.88.1.5
inc_pod kube-03 dns-6d4f 10.88.2.3

# kube-proxy (+ flannel, + Docker on kube-01) rules, iptables-save text
python3 - "$INC_REPO/corpus/lab/iptables" "$INC_TMP" <<'PY'
import sys
sys.path.insert(0, sys.argv[1])
import kube_rules as K
K.POD_CIDR = "10.88.0.0/16"
out = sys.argv[2]
def services(local):
    def ep(ip, port): return (ip, port, ip.startswith(local))
    return [
        K.Svc("default", "kubernetes", "https", "tcp", "10.96.0.1", 443, [ep("172.31.40.13", 6443)]),
        K.Svc("kube-system", "kube-dns", "dns", "udp", "10.96.0.10", 53, [ep("10.88.2.3", 53)]),
        K.Svc("kube-system", "kube-dns", "dns-tcp", "tcp", "10.96.0.10", 53, [ep("10.88.2.3", 53)]),
        K.Svc("default", "web", "http", "tcp", "10.96.200.10", 80, [ep("10.88.0.5", 8080)], nodeport=30080),
    ]
nodes = {"kube-01": ("10.88.0.0/24", "10.88.0.", True), "kube-02": ("10.88.1.0/24", "10.88.1.", False),
         "kube-03": ("10.88.2.0/24", "10.88.2.", False)}
for host, (subnet, local, docker) in nodes.items():
    rs = K.Ruleset(counters=False)
    K.builtins(rs, ["filter", "nat"], policies={("filter", "FORWARD"): "DROP"} if docker else {})
    K.base_chains(rs, "new")
    K.flannel(rs, subnet)
    if docker:
        # flanneld --iptables-forward-rules=false: no FLANNEL-FWD chain, no jump to it
        t = rs.tables["filter"]
        t["chains"].remove("FLANNEL-FWD"); del t["policy"]["FLANNEL-FWD"]
        t["rules"] = [r for r in t["rules"] if "FLANNEL-FWD" not in r[0] + " " + r[1]]
        K.docker(rs, published=False)
    K.services_new(rs, services(local))
    open(f"{out}/{host}.rules", "w").write(rs.text([f"nf-forward-drop {host}"]))
PY
for h in kube-01 kube-02 kube-03; do inc_do "$h" "iptables-restore < $INC_TMP/$h.rules"; done

inc_ping kube-02/client-7f 10.88.2.3        # ok
inc_ping kube-03/dns-6d4f 10.88.1.5         # ok
inc_ping kube-02/client-7f 10.88.0.5 2      # FAILS: kube-01 FORWARD policy DROP
inc_ping kube-01/web-5b7d9 10.88.2.3 2      # FAILS: leaves kube-01 through FORWARD too

for h in kube-01 kube-02 kube-03; do inc_sos "$h" 4 fw; done

inc_prompt '[root@%h ~]# '
inc_say "after installing docker on kube-01, nothing reaches the web pod (10.88.0.5) from other nodes. kube-01:"
inc_t kube-01 "ip r"
inc_t kube-01 "ip -4 a"
inc_t kube-01 "iptables-save"
inc_t kube-01 "iptables -vnxL"
inc_t kube-01 "iptables -t nat -nvL"
inc_say "kube-02 for comparison:"
inc_t kube-02 "ip r"
inc_t kube-02 "iptables -vnxL"
inc_t kube-02 "iptables -t nat -nvL"

INC_DESCRIPTION="Docker on kube-01 set the filter FORWARD policy to DROP (DOCKER-USER, DOCKER-ISOLATION-STAGE-1/2, DOCKER; accepts only for docker0); flanneld there runs without its FLANNEL-FWD accepts, so forwarded pod traffic to and from 10.88.0.0/24 is dropped by the policy (real: pings from pods on kube-02/kube-03 to 10.88.0.5 fail, and their FORWARD DROP policy counter grows). kube-proxy's KUBE-FORWARD still accepts packets marked 0x4000 on kube-01 (NodePort 30080 DNATed on kube-01 itself) and RELATED,ESTABLISHED. kube-02 and kube-03: FORWARD ACCEPT and FLANNEL-FWD."
INC_MODES="[7]"
inc_expected <<'EOF'
{ "healthy": false,
  "findings": [
    { "rule": "netfilter/forward-drop", "host": "kube-01", "role": "root-cause", "severity": "error",
      "objects": { "subnets": ["10.88.0.0/16"], "interfaces": ["cni0"] } }
  ],
  "mustNotFire": [
    { "rule": "netfilter/forward-drop", "host": "kube-02" },
    { "rule": "netfilter/forward-drop", "host": "kube-03" },
    { "rule": "routing/missing-overlay-route" },
    { "rule": "overlay/missing-neighbor" },
    { "rule": "overlay/missing-fdb" },
    { "rule": "service/no-endpoints" }
  ],
  "traces": [
    { "from": "kube-02", "to": "10.88.0.5:8080", "disposition": "denied", "at": "kube-01" },
    { "from": "external", "to": "172.31.40.12:30080", "disposition": "denied", "at": "kube-01" },
    { "from": "external", "to": "172.31.40.11:30080", "disposition": "delivered", "at": "kube-01" },
    { "from": "kube-02", "to": "10.88.2.3:53", "disposition": "delivered", "at": "kube-03" }
  ] }
EOF
inc_finish
