#!/usr/bin/env bash
# flannel-route-errors (failure mode 6): flanneld's programming of remote leases fails, and its log says
# why (SYNTHETIC logs: test/fixtures/incidents/flannel-route-errors/<host>/flannel-log.txt).
#  (a) rack1-n1 carries an admin's static route 10.60.1.0/24 via 10.128.0.254 dev eth0 (left from a
#      host-gw trial), the same prefix as rack1-n2's lease. Adding flannel's route
#      10.60.1.0/24 via 10.60.1.0 dev flannel.1 onlink with a create-only add is REFUSED by the kernel
#      ("RTNETLINK answers: File exists", exit 2, in the manifest); flanneld logs "failed to add
#      vxlanRoute (10.60.1.0/24 -> 10.60.1.0): file exists" and deletes the ARP and FDB entries it had
#      added. NB: flannel >= 0.9 installs the route with netlink RouteReplace (NLM_F_REPLACE), which the
#      kernel lets overwrite a same-prefix, same-metric route; EEXIST is what a create-only add (ip route
#      add, netlink RouteAdd) gets. The log follows the brief; the refusal is real.
#  (b) rack1-n3's lease annotation (flannel.alpha.coreos.com/backend-data) has a typo in its VtepMAC,
#      0b:60:00:00:00:13 instead of 0a:60:00:00:00:13: a group (multicast) MAC. The neighbour entry is
#      accepted, the FDB entry is REFUSED by the vxlan driver ("Operation not supported", real, in the
#      manifest), so flanneld on rack1-n1 and rack1-n2 logs "AddFDB failed: operation not supported",
#      deletes the ARP entry again and skips the route: neither has anything for 10.60.2.0/24.
#  rack1-n3 itself is complete (its peers' leases are fine).
#   sudo bash corpus/lab/incidents/flannel-route-errors.sh
set -euo pipefail
source "$(dirname "$0")/lib-incident.sh"
inc_init flannel-route-errors nsincb-re-

inc_plan 10.60.0.0/16 10.128.0.0/24 10.128.0.1
inc_node rack1-n1 10.128.0.11 10.60.0.0/24 0a:60:00:00:00:11 role=control-plane
inc_node rack1-n2 10.128.0.12 10.60.1.0/24 0a:60:00:00:00:12
inc_node rack1-n3 10.128.0.13 10.60.2.0/24 0a:60:00:00:00:13

# (a) the admin's static route on rack1-n1, there before flanneld starts
inc_do rack1-n1 "ip route add 10.60.1.0/24 via 10.128.0.254 dev eth0 proto static"
inc_do rack1-n1 "ip neigh replace 10.60.1.0 lladdr 0a:60:00:00:00:12 dev flannel.1 nud permanent"
inc_do rack1-n1 "bridge fdb replace 0a:60:00:00:00:12 dev flannel.1 dst 10.128.0.12 self permanent"
if ! inc_try rack1-n1 "ip route add 10.60.1.0/24 via 10.60.1.0 dev flannel.1 onlink"; then
  inc_do rack1-n1 "ip neigh del 10.60.1.0 dev flannel.1"
  inc_do rack1-n1 "bridge fdb del 0a:60:00:00:00:12 dev flannel.1 dst 10.128.0.12 self"
fi
# (b) rack1-n3's lease as announced (typo'd VtepMAC), on rack1-n1 and rack1-n2
for h in rack1-n1 rack1-n2; do
  inc_do "$h" "ip neigh replace 10.60.2.0 lladdr 0b:60:00:00:00:13 dev flannel.1 nud permanent"
  if ! inc_try "$h" "bridge fdb replace 0b:60:00:00:00:13 dev flannel.1 dst 10.128.0.13 self permanent"; then
    inc_do "$h" "ip neigh del 10.60.2.0 dev flannel.1"   # DelARP, then the event is skipped
  fi
done
inc_flannel_peer rack1-n2 rack1-n1
inc_flannel_peer rack1-n3 rack1-n1
inc_flannel_peer rack1-n3 rack1-n2

inc_pod rack1-n1 api-0 10.60.0.7
inc_pod rack1-n2 web-1 10.60.1.5
inc_pod rack1-n3 db-2 10.60.2.5
inc_ping rack1-n3/db-2 10.60.1.5 2              # request reaches web-1; the reply has no route on rack1-n2
inc_ping rack1-n1/api-0 10.60.1.5 2             # FAILS: leaves by eth0 towards 10.128.0.254 (nobody there)
inc_ping rack1-n2/web-1 10.60.2.5 2             # FAILS: no route on rack1-n2

for h in rack1-n1 rack1-n2 rack1-n3; do inc_sos "$h" 4; done

inc_prompt '[admin@%h ~]$ '
inc_say "api-0 on rack1-n1 can't reach anything on n2 or n3; web-1 on n2 can't reach db-2 on n3."
inc_t rack1-n1 "ip r"
inc_t rack1-n1 "sudo ip n"
inc_t rack1-n1 "bridge fdb show dev flannel.1"
inc_t rack1-n2 "ip r"
inc_t rack1-n2 "ip n show dev flannel.1"
inc_t rack1-n2 "bridge fdb show dev flannel.1"
inc_t rack1-n3 "ip r"
inc_t rack1-n3 "ip -d a show flannel.1"

# SYNTHETIC flanneld logs (klog; texts of flannel-io/flannel vxlan_network.go, main.go)
head_lines() { # HOST IP
  cat <<EOF
I0305 14:02:11.480233       1 main.go:231] Created subnet manager: Kubernetes Subnet Manager - $1
I0305 14:02:11.480240       1 main.go:234] Installing signal handlers
I0305 14:02:11.480391       1 main.go:468] Found network config - Backend type: vxlan
I0305 14:02:11.480712       1 match.go:264] Using interface with name eth0 and address $2
I0305 14:02:11.480736       1 match.go:286] Defaulting external address to interface address ($2)
I0305 14:02:11.480812       1 vxlan.go:141] VXLAN config: VNI=1 Port=0 GBP=false Learning=false DirectRouting=false
I0305 14:02:11.482115       1 kube.go:636] List of node($1) annotations: map[string]string{"flannel.alpha.coreos.com/backend-data":"{\"VNI\":1,\"VtepMAC\":\"$3\"}", "flannel.alpha.coreos.com/backend-type":"vxlan", "flannel.alpha.coreos.com/kube-subnet-manager":"true", "flannel.alpha.coreos.com/public-ip":"$2"}
I0305 14:02:11.482210       1 main.go:356] Setting up masking rules
I0305 14:02:11.484522       1 main.go:407] Changing default FORWARD chain policy to ACCEPT
I0305 14:02:11.484703       1 iptables.go:290] generated 7 rules
I0305 14:02:11.484911       1 main.go:435] Wrote subnet file to /run/flannel/subnet.env
I0305 14:02:11.484920       1 main.go:439] Running backend.
I0305 14:02:11.485099       1 vxlan_network.go:65] watching for new subnet leases
EOF
}
{ head_lines rack1-n1 10.128.0.11 0a:60:00:00:00:11
  cat <<'EOF'
I0305 14:02:11.485311       1 vxlan_network.go:137] adding subnet: 10.60.1.0/24 PublicIP: 10.128.0.12 VtepMAC: 0a:60:00:00:00:12
E0305 14:02:11.485502       1 vxlan_network.go:158] failed to add vxlanRoute (10.60.1.0/24 -> 10.60.1.0): file exists
I0305 14:02:11.485611       1 vxlan_network.go:137] adding subnet: 10.60.2.0/24 PublicIP: 10.128.0.13 VtepMAC: 0b:60:00:00:00:13
E0305 14:02:11.485688       1 vxlan_network.go:145] AddFDB failed: operation not supported
I0305 14:02:11.503218       1 iptables.go:283] bootstrap done
EOF
} | inc_fixture rack1-n1 flannel-log.txt
{ head_lines rack1-n2 10.128.0.12 0a:60:00:00:00:12
  cat <<'EOF'
I0305 14:02:12.117408       1 vxlan_network.go:137] adding subnet: 10.60.0.0/24 PublicIP: 10.128.0.11 VtepMAC: 0a:60:00:00:00:11
I0305 14:02:12.117694       1 vxlan_network.go:137] adding subnet: 10.60.2.0/24 PublicIP: 10.128.0.13 VtepMAC: 0b:60:00:00:00:13
E0305 14:02:12.117761       1 vxlan_network.go:145] AddFDB failed: operation not supported
I0305 14:02:12.135027       1 iptables.go:283] bootstrap done
EOF
} | sed 's/14:02:11\./14:02:12./' | inc_fixture rack1-n2 flannel-log.txt

INC_DESCRIPTION="rack1-n1: an admin's static route 10.60.1.0/24 via 10.128.0.254 dev eth0 holds rack1-n2's lease prefix; flannel's route add for it is refused with 'File exists' (real refusal in 'refused'; see the script header on RouteReplace vs. a create-only add) and flanneld removes its ARP/FDB entries for rack1-n2. rack1-n3's lease announces a typo'd VtepMAC 0b:60:00:00:00:13 (group MAC): the vxlan driver refuses the FDB entry ('Operation not supported', real), so rack1-n1 and rack1-n2 log 'AddFDB failed', drop the ARP entry and have nothing for 10.60.2.0/24. rack1-n3 is complete. flannel logs: synthetic fixtures in test/fixtures/incidents/flannel-route-errors/<host>/flannel-log.txt."
INC_MODES="[6]"
inc_expected <<'EOF'
{ "healthy": false,
  "findings": [
    { "rule": "flannel/programming-error", "host": "rack1-n1", "role": "root-cause", "severity": "error",
      "objects": { "subnets": ["10.60.1.0/24"] } },
    { "rule": "flannel/programming-error", "host": "rack1-n1", "role": "root-cause", "severity": "error",
      "objects": { "subnets": ["10.60.2.0/24"] } },
    { "rule": "flannel/programming-error", "host": "rack1-n2", "role": "root-cause", "severity": "error",
      "objects": { "subnets": ["10.60.2.0/24"] } },
    { "rule": "routing/missing-overlay-route", "host": "rack1-n1", "role": "symptom",
      "objects": { "subnets": ["10.60.1.0/24"], "hosts": ["rack1-n2"] } },
    { "rule": "routing/missing-overlay-route", "host": "rack1-n1", "role": "symptom",
      "objects": { "subnets": ["10.60.2.0/24"], "hosts": ["rack1-n3"] } },
    { "rule": "routing/missing-overlay-route", "host": "rack1-n2", "role": "symptom",
      "objects": { "subnets": ["10.60.2.0/24"], "hosts": ["rack1-n3"] } },
    { "rule": "overlay/missing-fdb", "host": "rack1-n2", "role": "symptom", "objects": { "hosts": ["rack1-n3"] } },
    { "rule": "overlay/missing-neighbor", "host": "rack1-n2", "role": "symptom", "objects": { "addresses": ["10.60.2.0"] } }
  ],
  "mustNotFire": [
    { "rule": "flannel/programming-error", "host": "rack1-n3" },
    { "rule": "routing/missing-overlay-route", "host": "rack1-n3" },
    { "rule": "flannel/lease-failure" },
    { "rule": "overlay/address-conflict" }
  ],
  "traces": [
    { "from": "rack1-n3", "to": "10.60.1.5", "disposition": "delivered", "at": "rack1-n2" },
    { "from": "rack1-n2", "to": "10.60.0.7", "disposition": "delivered", "at": "rack1-n1" },
    { "from": "rack1-n1", "to": "10.60.1.5", "disposition": "neighbor-unreachable", "at": "rack1-n1" }
  ] }
EOF
inc_finish
