#!/usr/bin/env bash
# ov-calico-residue (failure mode 3, otherwise HEALTHY): a cluster moved from Calico to flannel. Left
# behind: tunl0 stand-ins with /32s in no flannel lease, "blackhole <block>/26 proto bird" routes for
# blocks no lease overlaps, a cali1234567890a veth whose pod is gone, a vxlan.calico device, and empty
# cali- chains in iptables (filter, nat, mangle, raw). flannel itself is complete and consistent.
#   sudo bash corpus/lab/incidents/ov-calico-residue.sh
set -euo pipefail
source "$(dirname "$0")/lib-incident.sh"
inc_init ov-calico-residue nsinca-cr-

inc_plan 10.236.0.0/16 192.168.124.0/24 192.168.124.1
inc_node kube-cp 192.168.124.10 10.236.64.0/24 5e:0b:21:e9:40:00 role=control-plane
inc_node kube-w1 192.168.124.11 10.236.65.0/24 5e:0b:21:e9:41:00
inc_node kube-w2 192.168.124.12 10.236.66.0/24 5e:0b:21:e9:42:00

inc_standin "tunl0 (kube-cp, kube-w1, kube-w2) is a veth (NOARP, mtu 1480, IPv6 off, its peer alone in namespace nsinca-cr-<host>-tunl0) standing in for Calico's ipip tunl0: this kernel has no ipip device type, so tunl0@if2 with link/ether and link-netns shows instead of tunl0@NONE with link/ipip 0.0.0.0"
inc_standin "cali1234567890a on kube-w1 is a real veth; its peer (eth0 of a pod sandbox nobody tracks any more) sits in namespace nsinca-cr-kube-w1-orphan. vxlan.calico on kube-w1 is a real vxlan device (VNI 4096, dstport 4789), not a stand-in"
for h in kube-cp kube-w1 kube-w2; do inc_standin_veth "$h" tunl0 1480; done
inc_do kube-cp "ip addr add 10.236.102.128/32 dev tunl0 && ip route add blackhole 10.236.102.128/26 proto bird"
inc_do kube-w1 "ip addr add 10.236.110.0/32 dev tunl0 && ip route add blackhole 10.236.110.0/26 proto bird"
inc_do kube-w2 "ip addr add 10.236.90.64/32 dev tunl0 && ip route add blackhole 10.236.90.64/26 proto bird"
# kube-w1: a Calico workload veth whose pod is gone, and Calico's vxlan device
inc_ns_add nsinca-cr-kube-w1-orphan
ip -n "${INC_NS[kube-w1]}" link add cali1234567890a type veth peer name eth0 netns nsinca-cr-kube-w1-orphan
inc_do kube-w1 "ip link set cali1234567890a address ee:ee:ee:ee:ee:ee && ip link set cali1234567890a up"
inc_do kube-w1 "ip link add vxlan.calico type vxlan id 4096 local 192.168.124.11 dev eth0 dstport 4789 nolearning && ip link set vxlan.calico address 66:0e:5f:3a:a1:10 mtu 1450 && ip addr add 10.236.110.1/32 dev vxlan.calico && ip link set vxlan.calico up"

inc_flannel_mesh
for h in kube-cp kube-w1 kube-w2; do
  inc_flannel_iptables "$h"
  # Calico's chains, flushed but not deleted (calico-node removed without its cleanup)
  inc_exec "$h" "iptables-restore --noflush" <<'RULES'
*raw
:cali-OUTPUT - [0:0]
:cali-PREROUTING - [0:0]
COMMIT
*mangle
:cali-PREROUTING - [0:0]
:cali-POSTROUTING - [0:0]
COMMIT
*nat
:cali-OUTPUT - [0:0]
:cali-POSTROUTING - [0:0]
:cali-PREROUTING - [0:0]
:cali-nat-outgoing - [0:0]
COMMIT
*filter
:cali-FORWARD - [0:0]
:cali-INPUT - [0:0]
:cali-OUTPUT - [0:0]
:cali-from-hep-forward - [0:0]
:cali-to-hep-forward - [0:0]
COMMIT
RULES
done

inc_pod kube-cp coredns-1 10.236.64.5
inc_pod kube-w1 shop-0 10.236.65.5
inc_pod kube-w2 shop-1 10.236.66.5
inc_ping kube-cp/coredns-1 10.236.65.5
inc_ping kube-cp/coredns-1 10.236.66.5
inc_ping kube-w1/shop-0 10.236.66.5
inc_ping kube-w2/shop-1 10.236.64.5

for h in kube-cp kube-w1 kube-w2; do inc_sos "$h" 4 fw; done

inc_prompt '[ops@%h ~]$ '
inc_say "We switched from Calico to flannel last week. Everything works, but I see some Calico things still there. Is this a problem?"
inc_t kube-cp "sudo ip route"
inc_t kube-cp "sudo ip -br link"
inc_t kube-w1 "sudo ip route"
inc_t kube-w1 "sudo ip -d link show vxlan.calico"
inc_t kube-w1 "sudo ip -4 addr"
inc_t kube-w1 "sudo iptables -S"
inc_t kube-w2 "sudo ip route"
inc_t kube-w2 "sudo ip n show dev flannel.1"
inc_t kube-w2 "sudo bridge fdb show dev flannel.1"

INC_DESCRIPTION="Healthy flannel cluster with Calico leftovers: tunl0 stand-ins with /32s in no lease (10.236.102.128, 10.236.110.0, 10.236.90.64), 'blackhole <block>/26 proto bird' routes for those blocks (no lease overlaps them), a cali1234567890a veth whose pod is gone and a vxlan.calico device (10.236.110.1/32) on kube-w1, and empty cali- chains in every table on every node. Nothing here breaks traffic."
INC_MODES="[3]"
inc_expected <<'JSON'
{ "healthy": true,
  "findings": [
    { "rule": "residue/leftover-cni-state", "host": "kube-cp", "role": "residue", "objects": { "interfaces": ["tunl0"] } },
    { "rule": "residue/leftover-cni-state", "host": "kube-w1", "role": "residue", "objects": { "interfaces": ["cali1234567890a"] } },
    { "rule": "residue/leftover-cni-state", "host": "kube-w1", "role": "residue", "objects": { "interfaces": ["vxlan.calico"] } },
    { "rule": "residue/leftover-cni-state", "host": "kube-w2", "role": "residue", "objects": { "interfaces": ["tunl0"] } }
  ],
  "mustNotFire": [
    { "rule": "residue/leftover-cni-state", "severity": "error" },
    { "rule": "routing/stale-blackhole", "severity": "error" },
    { "rule": "overlay/address-conflict" },
    { "rule": "routing/missing-overlay-route" },
    { "rule": "routing/shadowed-overlay-route" },
    { "rule": "overlay/missing-neighbor" },
    { "rule": "overlay/missing-fdb" },
    { "rule": "netfilter/forward-drop" },
    { "rule": "netfilter/nat-rules-differ" }
  ],
  "traces": [
    { "from": "kube-cp", "to": "10.236.66.5", "disposition": "delivered", "at": "kube-w2" },
    { "from": "kube-w1", "to": "10.236.64.5", "disposition": "delivered", "at": "kube-cp" }
  ] }
JSON
inc_finish
