#!/usr/bin/env bash
# Bridge forwarding database zoo: a bridge with static, dynamic
# (learned), sticky, extern_learn, self/master entries; VXLAN ports with
# dst/vni/port/via/src_vni/nhid remote entries, a learning VXLAN with learned
# remote entries, and an IPv6 VTEP.
#
#   nslab-fdb        switch under test (all captures come from here):
#                    br0 with ports p1..p3 (veths to hosts)
#                    and vxlan100 (EVPN-style, nolearning) / vxlan101;
#                    vxlan0 (external / collect_metadata) for src_vni entries;
#                    vxlan200 (learning) with its own IP, talking to the VTEP;
#                    u0 underlay 10.1.0.1/24 + 2001:db8:1::1/64.
#   nslab-fdb-h1..h3 hosts on the bridge ports
#   nslab-fdb-vtep   remote VTEP 10.1.0.2 with vxlan200 (learning)
#
# Usage: sudo bash corpus/lab/fdb-zoo.sh   (capture-all.sh calls it)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
lab_init

NS=nslab-fdb
VTEP=nslab-fdb-vtep
lab_ns_add "$NS"
lab_ns_add "$VTEP"
S="ip -n $NS"
B="bridge -n $NS"

# underlay
$S link add u0 type veth peer name u0 netns "$VTEP"
$S link set u0 address 52:54:00:01:00:01 up
ip -n "$VTEP" link set u0 address 52:54:00:01:00:02 up
$S addr add 10.1.0.1/24 dev u0
$S addr add 2001:db8:1::1/64 dev u0
ip -n "$VTEP" addr add 10.1.0.2/24 dev u0
ip -n "$VTEP" addr add 2001:db8:1::2/64 dev u0

# The bridge. NB: this kernel is built without CONFIG_BRIDGE_VLAN_FILTERING
# (vlan_filtering 1 -> "Operation not supported") and without 802.1Q, so no
# FDB entry here carries a "vlan N"; see README.md.
$S link add br0 type bridge
$S link set br0 address 02:b0:00:00:00:01 up
for i in 1 2 3; do
  h="nslab-fdb-h$i"
  lab_ns_add "$h"
  $S link add p$i type veth peer name eth0 netns "$h"
  $S link set p$i address "02:b0:00:00:00:1$i" master br0 up
  ip -n "$h" link set eth0 address "02:00:00:00:00:1$i" up
  ip -n "$h" addr add "192.168.10.1$i/24" dev eth0
done

# EVPN-style VXLAN ports on the bridge
$S link add vxlan100 type vxlan id 100 local 10.1.0.1 dstport 4789 nolearning
$S link set vxlan100 address 02:0a:00:00:01:00 master br0 up
$S link add vxlan101 type vxlan id 101 local 2001:db8:1::1 dstport 4789 nolearning
$S link set vxlan101 address 02:0a:00:00:01:01 master br0 up
# head-end replication (BUM flood list) entries
$B fdb append 00:00:00:00:00:00 dev vxlan100 dst 10.1.0.2 self permanent
$B fdb append 00:00:00:00:00:00 dev vxlan100 dst 10.1.0.3 self permanent
$B fdb append 00:00:00:00:00:00 dev vxlan101 dst 2001:db8:1::2 self permanent
# remote MACs with the various attributes
$B fdb add 02:00:00:00:10:01 dev vxlan100 dst 10.1.0.2 self permanent
$B fdb add 02:00:00:00:10:02 dev vxlan100 dst 10.1.0.3 vni 100 port 4790 self permanent
$B fdb add 02:00:00:00:10:03 dev vxlan100 dst 10.1.0.4 via u0 self permanent
$B fdb add 02:00:00:00:10:08 dev vxlan100 dst 10.1.0.7 vni 1000 self permanent   # vni != device VNI: printed
$B fdb add 02:00:00:00:10:09 dev vxlan100 dst 10.1.0.8 vni 1001 port 8472 via u0 self permanent
$B fdb add 02:00:00:00:10:04 dev vxlan100 dst 10.1.0.5 self extern_learn
$B fdb add 02:00:00:00:10:05 dev vxlan100 dst 10.1.0.6 self static
$B fdb add 02:00:00:00:10:06 dev vxlan101 dst 2001:db8:1::2 self permanent
$B fdb add 02:00:00:00:10:01 dev vxlan100 master static
$B fdb add 02:00:00:00:10:04 dev vxlan100 master extern_learn
# nexthop-group backed FDB entries
$S nexthop add id 101 via 10.1.0.2 fdb
$S nexthop add id 102 via 10.1.0.3 fdb
$S nexthop add id 110 group 101/102 fdb
$B fdb add 02:00:00:00:10:07 dev vxlan100 nhid 110 self
# collect_metadata VXLAN: src_vni entries
$S link add vxlan0 type vxlan external dstport 4790  # 4789 is taken by non-metadata devices -> EADDRINUSE
$S link set vxlan0 address 02:0a:00:00:00:00 up
$B fdb add 02:00:00:00:20:01 dev vxlan0 dst 10.1.0.2 src_vni 5000 vni 5000 self permanent
$B fdb add 02:00:00:00:20:02 dev vxlan0 dst 10.1.0.3 src_vni 5000 vni 6000 port 8472 self permanent

# bridge-port entries of every flavour the kernel accepts
# ("master sticky" alone = permanent+sticky -> EINVAL; "master dynamic" -> EPERM;
#  "br0 master local" -> EOPNOTSUPP: those come only from learning here)
$B fdb add 02:00:00:00:30:01 dev p1 master static
$B fdb add 02:00:00:00:30:02 dev p1 master permanent
$B fdb add 02:00:00:00:30:03 dev p2 master static sticky
$B fdb add 02:00:00:00:30:04 dev p2 master extern_learn
$B fdb add 02:00:00:00:30:05 dev p3 master extern_learn sticky
$B fdb add 02:00:00:00:30:06 dev p3 master
$B fdb add 02:00:00:00:30:07 dev p1 self permanent
$B fdb add 02:00:00:00:30:08 dev br0 self local
$B fdb add 02:00:00:00:30:09 dev br0 self permanent
$B fdb add 01:00:5e:01:02:03 dev p1 self permanent

# learning VXLAN with its own address: learned remote entries
$S link add vxlan200 type vxlan id 200 local 10.1.0.1 dstport 4789
$S link set vxlan200 address 02:0a:00:00:02:00 up
$S addr add 10.200.0.1/24 dev vxlan200
$B fdb append 00:00:00:00:00:00 dev vxlan200 dst 10.1.0.2 self permanent
ip -n "$VTEP" link add vxlan200 type vxlan id 200 local 10.1.0.2 dstport 4789
ip -n "$VTEP" link set vxlan200 address 02:0a:00:00:02:02 up
ip -n "$VTEP" addr add 10.200.0.2/24 dev vxlan200
bridge -n "$VTEP" fdb append 00:00:00:00:00:00 dev vxlan200 dst 10.1.0.1 self permanent

# traffic: hosts in VLAN 100 talk (learned master entries), VTEP talks
ipns nslab-fdb-h1 ping -q -c 2 -i 0.2 -W 1 192.168.10.12 >/dev/null || log "WARN: h1 -> h2 ping failed"
ipns nslab-fdb-h3 ping -q -c 1 -W 1 192.168.10.11 >/dev/null || log "WARN: h3 -> h1 ping failed"
ipns "$NS" ping -q -c 2 -i 0.2 -W 1 10.200.0.2 >/dev/null || log "WARN: vxlan200 ping failed"

SCEN="bridge/vxlan FDB zoo, namespace nslab-fdb (hosts nslab-fdb-h1..3, VTEP nslab-fdb-vtep)"
battery_bridge_fdb "$NS" fdb-zoo "$SCEN"
for c in "bridge fdb show dev vxlan100" "bridge -d fdb show dev vxlan100" "bridge fdb show dev vxlan0" \
  "bridge fdb show brport p1" "bridge fdb show br br0 brport p2" \
  "bridge fdb show state static" "bridge fdb show state permanent" "bridge fdb show dynamic" \
  "bridge -s -s -d -t fdb show dev vxlan200" "bridge -j -s fdb show dev vxlan100" \
  "bridge -6 fdb show" "bridge -o fdb show"; do
  capture "$NS" bridge-fdb fdb-zoo "$SCEN" "$c"
done
for f in ip_link ip_addr ip_neigh ifconfig; do
  "battery_$f" "$NS" fdb-zoo "$SCEN"
done
capture "$NS" ip-route fdb-zoo "$SCEN" "ip nexthop"
capture "$NS" ip-route fdb-zoo "$SCEN" "ip -d nexthop"
capture "$NS" ip-route fdb-zoo "$SCEN" "ip route"
for c in "ip -d link show vxlan100" "ip -d link show vxlan0" "ip -d link show br0" "ip -d link show type vxlan" \
  "ip -d -j link show type vxlan"; do
  capture "$NS" ip-link fdb-zoo "$SCEN" "$c"
done
SV="bridge/vxlan FDB zoo, namespace nslab-fdb-vtep (remote VTEP with learning vxlan200)"
battery_bridge_fdb "$VTEP" fdb-zoo-vtep "$SV"
lab_finish
log "done"
