#!/usr/bin/env bash
# nf-no-endpoints (failure mode 8): kubespray-style cluster (pods 10.233.64.0/18, services 10.233.0.0/18).
# shop/cart (ClusterIP) and shop/checkout (NodePort 31500) have no endpoints: kube-proxy writes only
# filter-table REJECT rules for them (KUBE-SERVICES for the cluster IP, KUBE-EXTERNAL-SERVICES for the
# NodePort, comment "<ns>/<svc>:<port> has no endpoints"). shop/payments (NodePort 31600) has two
# endpoints, 10.233.65.8 (a live pod on node2) and 10.233.99.14, an IP in no node's lease (orphan
# endpoint: its node left the cluster). Same service rules on all three nodes (kube-proxy 1.28-1.31
# layout, corpus/lab/iptables/kube_rules.py, loaded with iptables-restore into the node namespaces).
# kubectl does not run here: the kubectl tables are SYNTHETIC fixtures under
# test/fixtures/incidents/nf-no-endpoints/ (not in the corpus transcript).
#   sudo bash corpus/lab/incidents/nf-no-endpoints.sh
set -euo pipefail
source "$(dirname "$0")/lib-incident.sh"
inc_init nf-no-endpoints nsincb-ne-
command -v python3 >/dev/null || inc_die "python3 is needed (corpus/lab/iptables/kube_rules.py)"

inc_plan 10.233.64.0/18 10.10.20.0/24 10.10.20.1
inc_node node1 10.10.20.21 10.233.64.0/24 7a:33:40:00:00:21 role=control-plane
inc_node node2 10.10.20.22 10.233.65.0/24 7a:33:40:00:00:22
inc_node node3 10.10.20.23 10.233.66.0/24 7a:33:40:00:00:23
inc_flannel_mesh
inc_pod node1 coredns-5c54 10.233.64.3
inc_pod node2 payments-0 10.233.65.8
inc_pod node3 frontend-4 10.233.66.11

python3 - "$INC_REPO/corpus/lab/iptables" "$INC_TMP" <<'PY'
import sys
sys.path.insert(0, sys.argv[1])
import kube_rules as K
K.POD_CIDR = "10.233.64.0/18"
out = sys.argv[2]
for host, subnet, local in [("node1", "10.233.64.0/24", "10.233.64."), ("node2", "10.233.65.0/24", "10.233.65."),
                            ("node3", "10.233.66.0/24", "10.233.66.")]:
    def ep(ip, port): return (ip, port, ip.startswith(local))
    svcs = [
        K.Svc("default", "kubernetes", "https", "tcp", "10.233.0.1", 443, [ep("10.10.20.21", 6443)]),
        K.Svc("kube-system", "coredns", "dns", "udp", "10.233.0.3", 53, [ep("10.233.64.3", 53)]),
        K.Svc("kube-system", "coredns", "dns-tcp", "tcp", "10.233.0.3", 53, [ep("10.233.64.3", 53)]),
        K.Svc("shop", "cart", "http", "tcp", "10.233.12.40", 80, []),
        K.Svc("shop", "checkout", "http", "tcp", "10.233.30.15", 80, [], nodeport=31500),
        K.Svc("shop", "payments", "grpc", "tcp", "10.233.44.9", 9000,
              [ep("10.233.65.8", 9000), ep("10.233.99.14", 9000)], nodeport=31600),
        K.Svc("shop", "frontend", "http", "tcp", "10.233.7.120", 80, [ep("10.233.66.11", 8080)], nodeport=30080),
    ]
    rs = K.Ruleset(counters=False)
    K.builtins(rs, ["filter", "nat"])
    K.base_chains(rs, "new")
    K.flannel(rs, subnet)
    K.services_new(rs, svcs)
    open(f"{out}/{host}.rules", "w").write(rs.text([f"nf-no-endpoints {host}"]))
PY
for h in node1 node2 node3; do inc_do "$h" "iptables-restore < $INC_TMP/$h.rules"; done

inc_ping node2/payments-0 10.233.66.11
inc_ping node3/frontend-4 10.233.64.3
inc_ping node3/frontend-4 10.233.99.14 2   # no node holds it: leaves node3 by its default route

for h in node1 node2 node3; do inc_sos "$h" 4 fw; done

inc_prompt 'ubuntu@%h:~$ '
inc_say "checkout returns connection refused on every node, payments times out about half the time."
inc_t node1 "sudo iptables-save"
inc_t node1 "sudo iptables -vnxL"
inc_t node1 "sudo iptables -t nat -nvL"
inc_t node1 "ip r"
inc_say "node2 and node3 routes:"
inc_t node2 "ip r"
inc_t node3 "ip r"
inc_t node3 "ip n show dev flannel.1"

# SYNTHETIC kubectl output (no cluster here): what kubectl would print for this state
inc_fixture kubectl kubectl-transcript.txt <<'EOF'
ubuntu@node1:~$ kubectl get svc -A
NAMESPACE     NAME         TYPE        CLUSTER-IP     EXTERNAL-IP   PORT(S)                  AGE
default       kubernetes   ClusterIP   10.233.0.1     <none>        443/TCP                  41d
kube-system   coredns      ClusterIP   10.233.0.3     <none>        53/UDP,53/TCP,9153/TCP   41d
shop          cart         ClusterIP   10.233.12.40   <none>        80/TCP                   6d2h
shop          checkout     NodePort    10.233.30.15   <none>        80:31500/TCP             6d2h
shop          frontend     NodePort    10.233.7.120   <none>        80:30080/TCP             6d2h
shop          payments     NodePort    10.233.44.9    <none>        9000:31600/TCP           6d2h
ubuntu@node1:~$ kubectl get endpoints -A
NAMESPACE     NAME         ENDPOINTS                                           AGE
default       kubernetes   10.10.20.21:6443                                    41d
kube-system   coredns      10.233.64.3:53,10.233.64.3:53,10.233.64.3:9153     41d
shop          cart         <none>                                              6d2h
shop          checkout     <none>                                              6d2h
shop          frontend     10.233.66.11:8080                                   6d2h
shop          payments     10.233.65.8:9000,10.233.99.14:9000                  6d2h
ubuntu@node1:~$ kubectl get pods -A -o wide
NAMESPACE     NAME                        READY   STATUS    RESTARTS   AGE    IP             NODE    NOMINATED NODE   READINESS GATES
kube-system   coredns-5c54f6d8b-x2kqp     1/1     Running   0          41d    10.233.64.3    node1   <none>           <none>
kube-system   kube-flannel-ds-4hx7t       1/1     Running   0          41d    10.10.20.21    node1   <none>           <none>
kube-system   kube-flannel-ds-9qwzr       1/1     Running   0          41d    10.10.20.22    node2   <none>           <none>
kube-system   kube-flannel-ds-lm2ds       1/1     Running   0          41d    10.10.20.23    node3   <none>           <none>
shop          cart-7d9f8b6c54-5vf2n       0/1     Pending   0          6d2h   <none>         <none>  <none>           <none>
shop          frontend-6b8c7d5f9-4kq8s    1/1     Running   0          6d2h   10.233.66.11   node3   <none>           <none>
shop          payments-0                  1/1     Running   0          6d2h   10.233.65.8    node2   <none>           <none>
EOF
# checkout's deployment is scaled to 0, so it has no pod at all; payments-1 (10.233.99.14) ran on node4,
# which was removed from the cluster without draining: the endpoint stayed.

INC_DESCRIPTION="shop/cart (ClusterIP 10.233.12.40:80) and shop/checkout (NodePort 31500) have no endpoints: kube-proxy's filter rules REJECT them (KUBE-SERVICES / KUBE-EXTERNAL-SERVICES, 'has no endpoints'). shop/payments (NodePort 31600) balances between 10.233.65.8 (node2) and 10.233.99.14, an orphan endpoint inside the cluster network 10.233.64.0/18 but in no node's lease (10.233.64/65/66.0/24). The kubectl tables (svc, endpoints, pods) are synthetic fixtures in test/fixtures/incidents/nf-no-endpoints/kubectl/kubectl-transcript.txt."
INC_MODES="[8]"
inc_expected <<'EOF'
{ "healthy": false,
  "findings": [
    { "rule": "service/no-endpoints", "host": "node1", "role": "root-cause", "severity": "error",
      "objects": { "services": ["shop/checkout:http"] } },
    { "rule": "service/no-endpoints", "host": "node1", "role": "root-cause", "severity": "error",
      "objects": { "services": ["shop/cart:http"], "addresses": ["10.233.12.40"] } },
    { "rule": "service/orphan-endpoint", "role": "root-cause", "severity": "error",
      "objects": { "services": ["shop/payments:grpc"], "addresses": ["10.233.99.14"] } }
  ],
  "mustNotFire": [
    { "rule": "routing/missing-overlay-route" },
    { "rule": "netfilter/nat-rules-differ" },
    { "rule": "netfilter/forward-drop" }
  ],
  "traces": [
    { "from": "external", "to": "10.10.20.21:31500", "disposition": "rejected", "at": "node1" },
    { "from": "external", "to": "10.10.20.23:31500", "disposition": "rejected", "at": "node3" },
    { "from": "node2", "to": "10.233.12.40:80", "disposition": "rejected", "at": "node2" },
    { "from": "external", "to": "10.10.20.22:30080", "disposition": "delivered", "at": "node3" }
  ] }
EOF
inc_finish
