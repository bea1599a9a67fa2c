#!/usr/bin/env bash
# nf-mixed-backends (failure mode 10): pve-k1 runs a kube-proxy image whose iptables is the legacy
# (x_tables) backend, while the host's iptables and flanneld use iptables-nft: kube-proxy's rules live in
# the legacy tables, flannel's FLANNEL-POSTRTG/FLANNEL-FWD and the admin's INPUT rules in nf_tables. Both
# sets of hooks are active in the kernel, but `iptables-save` (nft) shows only half and warns
# "# Warning: iptables-legacy tables present, use iptables-legacy-save to see them" (on stderr: in a
# terminal and in sos's output, which merges stderr, it is part of the text). pve-k2 has everything in
# nf_tables. Rules: kube-proxy 1.28-1.31 layout from corpus/lab/iptables/kube_rules.py.
# sos has no file name for iptables-legacy-save (src/ingest/sos-files.ts, sos's firewall_tables plugin
# does not run it): its output is in transcript.txt only.
#   sudo bash corpus/lab/incidents/nf-mixed-backends.sh
set -euo pipefail
source "$(dirname "$0")/lib-incident.sh"
inc_init nf-mixed-backends nsincb-mb-
command -v python3 >/dev/null || inc_die "python3 is needed (corpus/lab/iptables/kube_rules.py)"
command -v iptables-legacy-restore >/dev/null || inc_die "iptables-legacy-restore is needed (Debian package iptables)"

inc_plan 10.150.0.0/16 192.168.77.0/24 192.168.77.1
inc_node pve-k1 192.168.77.31 10.150.0.0/24 d2:15:00:00:00:31 role=control-plane
inc_node pve-k2 192.168.77.32 10.150.1.0/24 d2:15:00:00:00:32
inc_flannel_mesh
inc_pod pve-k1 coredns-6f 10.150.0.3
inc_pod pve-k2 grafana-0 10.150.1.20

python3 - "$INC_REPO/corpus/lab/iptables" "$INC_TMP" <<'PY'
import sys
sys.path.insert(0, sys.argv[1])
import kube_rules as K
K.POD_CIDR = "10.150.0.0/16"
out = sys.argv[2]
def svcs(local):
    def ep(ip, port): return (ip, port, ip.startswith(local))
    return [
        K.Svc("default", "kubernetes", "https", "tcp", "10.96.0.1", 443, [ep("192.168.77.31", 6443)]),
        K.Svc("kube-system", "kube-dns", "dns", "udp", "10.96.0.10", 53, [ep("10.150.0.3", 53)]),
        K.Svc("kube-system", "kube-dns", "dns-tcp", "tcp", "10.96.0.10", 53, [ep("10.150.0.3", 53)]),
        K.Svc("monitoring", "grafana", "http", "tcp", "10.96.33.33", 80, [ep("10.150.1.20", 3000)], nodeport=30300),
    ]
def admin(rs):
    rs.add("filter", "INPUT", "-i lo -j ACCEPT")
    rs.add("filter", "INPUT", "-m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT")
    rs.add("filter", "INPUT", "-s 192.168.77.0/24 -p tcp -m tcp --dport 22 -j ACCEPT")
    rs.add("filter", "INPUT", "-s 192.168.77.0/24 -p udp -m udp --dport 8472 -j ACCEPT")
    rs.add("filter", "INPUT", "-p tcp -m multiport --dports 6443,10250 -j ACCEPT")
# pve-k1, nf_tables: host rules + flannel
rs = K.Ruleset(counters=False)
K.builtins(rs, ["filter", "nat"])
admin(rs)
K.flannel(rs, "10.150.0.0/24")
open(f"{out}/pve-k1.nft.rules", "w").write(rs.text(["nf-mixed-backends pve-k1 nf_tables: host + flannel"]))
# pve-k1, legacy: kube-proxy (and kubelet's canaries)
rs = K.Ruleset(counters=False)
K.builtins(rs, ["filter", "nat"])
K.base_chains(rs, "new")
K.services_new(rs, svcs("10.150.0."))
rs.chain("filter", "KUBE-KUBELET-CANARY"); rs.chain("nat", "KUBE-KUBELET-CANARY")
open(f"{out}/pve-k1.legacy.rules", "w").write(rs.text(["nf-mixed-backends pve-k1 legacy: kube-proxy"]))
# pve-k2, everything in nf_tables
rs = K.Ruleset(counters=False)
K.builtins(rs, ["filter", "nat"])
admin(rs)
K.base_chains(rs, "new")
K.flannel(rs, "10.150.1.0/24")
K.services_new(rs, svcs("10.150.1."))
open(f"{out}/pve-k2.rules", "w").write(rs.text(["nf-mixed-backends pve-k2 nf_tables"]))
PY
inc_do pve-k1 "iptables-restore < $INC_TMP/pve-k1.nft.rules"
inc_do pve-k1 "iptables-legacy-restore < $INC_TMP/pve-k1.legacy.rules"
inc_do pve-k2 "iptables-restore < $INC_TMP/pve-k2.rules"

inc_ping pve-k1/coredns-6f 10.150.1.20
inc_ping pve-k2/grafana-0 10.150.0.3

inc_sos pve-k1 4 fw
inc_sos pve-k2 4 fw
# sos runs commands with stderr merged into the same file (add_cmd_output, stderr=True): keep the
# nft backend's warning in pve-k1's firewall_tables files as sos would
for c in "iptables-save" "iptables -vnxL" "iptables -t filter -nvL" "iptables -t nat -nvL" \
  "iptables -t mangle -nvL" "iptables -t raw -nvL"; do
  inc_exec pve-k1 "$c" >"$INC_OUT/sos/sosreport-pve-k1/sos_commands/firewall_tables/$(inc_mangle "$c")" 2>&1 || true
done

inc_prompt '%h# '
inc_say "NodePort 30300 (grafana) works on both nodes, but on pve-k1 I can't find kube-proxy's rules anywhere."
inc_say "on pve-k1:"
inc_t pve-k1 "iptables-save"
inc_t pve-k1 "iptables -t nat -nvL"
inc_t pve-k1 "iptables-legacy-save"
inc_t pve-k1 "iptables-legacy -t nat -nvL"
inc_say "on pve-k2:"
inc_t pve-k2 "iptables-save"

INC_DESCRIPTION="pve-k1 has rules in both iptables backends: kube-proxy's (legacy: KUBE-SERVICES, KUBE-NODEPORTS, KUBE-SVC/SEP/EXT for monitoring/grafana:http NodePort 30300 -> 10.150.1.20:3000) and the host's and flannel's (nf_tables: INPUT accepts, FLANNEL-POSTRTG, FLANNEL-FWD). iptables-save (nft) prints '# Warning: iptables-legacy tables present, use iptables-legacy-save to see them' (stderr; merged into the transcript and into pve-k1's sos firewall_tables files as a terminal and sos show it). iptables-legacy-save output is in transcript.txt only: sos has no file name for it. pve-k2 keeps everything in nf_tables. Both backends' hooks are live, so NodePort 30300 works through pve-k1 too."
INC_MODES="[10]"
inc_expected <<'EOF'
{ "healthy": false,
  "findings": [
    { "rule": "netfilter/mixed-backends", "host": "pve-k1", "role": "root-cause", "severity": "warning",
      "objects": { "hosts": ["pve-k1"] } }
  ],
  "mustNotFire": [
    { "rule": "netfilter/mixed-backends", "host": "pve-k2" },
    { "rule": "netfilter/nat-rules-differ", "severity": "error" },
    { "rule": "service/no-endpoints" },
    { "rule": "routing/missing-overlay-route" }
  ],
  "traces": [
    { "from": "external", "to": "192.168.77.32:30300", "disposition": "delivered", "at": "pve-k2" },
    { "from": "external", "to": "192.168.77.31:30300", "disposition": "delivered", "at": "pve-k2" }
  ] }
EOF
inc_finish
