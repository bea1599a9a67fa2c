#!/usr/bin/env bash
# Two edge-case namespaces:
#
#   nslab-many   ~70 interfaces of every type this kernel has (veth pairs,
#                bridges, macvlan in each mode, macvtap, vxlan v4/v6, tun, tap,
#                ifb), odd but legal names (15-character names, dots, dashes,
#                underscores, a name that looks like an alias), up/down/
#                no-carrier mixes, MTUs from 68 to 65535, promisc/allmulti/
#                noarp/multicast-off flags, aliases, qdisc differences,
#                link groups, IPv4+IPv6 addresses on most of them.
#   nslab-empty  a brand-new namespace: only lo, and lo is DOWN.  Empty output
#                is the real output of several commands here, so this scenario
#                keeps empty captures.
#
# Usage: sudo bash corpus/lab/many-ifaces.sh   (capture-all.sh calls it)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
lab_init

NS=nslab-many
STANDIN="br-dummyN bridges without ports stand in for dummy interfaces: this kernel has no dummy device type"
lab_ns_add "$NS"
M="ip -n $NS"
BATCH="$(mktemp)"
{
  # 16 veth pairs, both ends here: ethN <-> ethN-peer style, some down
  for i in $(seq 0 15); do
    echo "link add ens$((i + 3)) type veth peer name ens$((i + 3))p"
    printf 'link set ens%d address 52:54:00:aa:%02x:01\n' $((i + 3)) "$i"
    printf 'link set ens%dp address 52:54:00:aa:%02x:02\n' $((i + 3)) "$i"
  done
  echo "link add enp0s31f6 type veth peer name wlp2s0"
  echo "link add a.b-c_d type veth peer name x_y.z-w"
  echo "link add bond0.100 type veth peer name eth0.200"
  # bridges (docker/libvirt/lxc look-alikes)
  echo "link add docker0 type bridge"
  echo "link add br-3f2a1c9d8e7b type bridge"
  echo "link add virbr0 type bridge stp_state 1"
  echo "link add lxdbr0 type bridge"
  echo "link add br-lan type bridge"
  for i in 0 1 2; do echo "link add br-dummy$i type bridge"; done
  # macvlan/macvtap on ens3
  echo "link add mvlan-bridge link ens3 type macvlan mode bridge"
  echo "link add mvlan-vepa link ens3 type macvlan mode vepa"
  echo "link add mvlan-priv link ens3 type macvlan mode private"
  echo "link add mvlan-pass link ens4 type macvlan mode passthru"
  echo "link add macvtap0 link ens5 type macvtap mode bridge"
  # vxlan
  echo "link add vxlan42 type vxlan id 42 local 10.20.0.1 dstport 4789 dev ens6 ttl 64 tos inherit"
  echo "link add vxlan6 type vxlan id 4242 local 2001:db8:20::1 dstport 4789 udp6zerocsumtx udp6zerocsumrx"
  echo "link add vx-mcast type vxlan id 7 group 239.1.1.1 dev ens6 dstport 4789 ageing 600 maxaddress 100"
  echo "link add ifb0 type ifb"
  echo "link add ifb1 type ifb"
} >"$BATCH"
ip -n "$NS" -batch "$BATCH"
rm -f "$BATCH"
ipns "$NS" ip tuntap add dev tun0 mode tun
ipns "$NS" ip tuntap add dev tap-vm01 mode tap
ipns "$NS" ip tuntap add dev tap-vm02 mode tap multi_queue 2>/dev/null || true
$M link add veth15charsABCD type veth peer name p15charsABCDEFG

for i in $(seq 0 15); do
  d="ens$((i + 3))"
  $M addr add "10.$((20 + i)).0.1/24" brd + dev "$d"
  $M addr add "2001:db8:$((20 + i))::1/64" dev "$d"
  $M link set "$d" up
  # peers: every fourth one stays down -> NO-CARRIER on the other end
  if [ $((i % 4)) != 3 ]; then $M link set "${d}p" up; fi
done
$M link set ens4 mtu 9000
$M link set ens4p mtu 9000
$M link set ens5 mtu 68
$M link set ens7 promisc on
$M link set ens8 allmulticast on
$M link set ens9 arp off
$M link set ens10 multicast off
$M link set ens11 alias "uplink: rack 4, port 17 (lacp)"
$M link set ens12 group 10
$M link set ens13 txqueuelen 10000
$M link set ens14 down           # administratively down, with addresses
$M link set enp0s31f6 up
$M link set wlp2s0 up
$M addr add 192.168.1.23/24 brd + dev enp0s31f6 valid_lft 43200 preferred_lft 43200
$M addr add 192.168.1.24/24 brd + dev enp0s31f6 label enp0s31f6:0
$M addr add 192.168.0.117/24 brd + dev wlp2s0
$M link set a.b-c_d up
$M link set x_y.z-w up
$M addr add 10.99.0.1/30 dev a.b-c_d
$M link set bond0.100 up
$M link set eth0.200 up
$M addr add 10.100.0.1/24 dev bond0.100
$M addr add 10.200.0.1/24 dev eth0.200
$M link set veth15charsABCD up
$M link set p15charsABCDEFG up
$M addr add 10.15.15.15/32 dev veth15charsABCD
$M route add 10.15.0.0/16 dev veth15charsABCD scope link
$M route add 10.16.0.0/16 via 10.15.15.1 dev veth15charsABCD onlink metric 1234567
$M route add 10.17.0.0/16 dev p15charsABCDEFG scope link
$M -6 route add 2001:db8:15::/48 dev veth15charsABCD metric 4294967295
for b in docker0 br-3f2a1c9d8e7b virbr0 lxdbr0 br-lan br-dummy0 br-dummy1 br-dummy2; do $M link set "$b" up; done
$M link set br-dummy2 down
$M link set ens15p master br-lan
$M link set ens16p master br-lan
$M link set ens17p master virbr0
$M addr add 172.17.0.1/16 brd + dev docker0
$M addr add 172.18.0.1/16 brd + dev br-3f2a1c9d8e7b
$M addr add 192.168.122.1/24 brd + dev virbr0
$M addr add 10.74.118.1/24 brd + dev lxdbr0
$M addr add fd42:8a1b:2c3d:4e5f::1/64 dev lxdbr0
$M addr add 192.168.50.1/24 brd + dev br-lan
$M addr add 10.254.0.1/32 dev br-dummy0
$M addr add 10.254.0.2/32 dev br-dummy1
$M addr add 2001:db8:20::1/64 dev ens6 2>/dev/null || true
for d in mvlan-bridge mvlan-vepa mvlan-priv mvlan-pass macvtap0 vxlan42 vxlan6 vx-mcast ifb0 tun0 tap-vm01; do
  $M link set "$d" up 2>/dev/null || log "note: $d did not come up"
done
$M addr add 10.20.0.50/24 dev mvlan-bridge
$M addr add 10.42.0.1/24 dev vxlan42
$M addr add 10.66.0.1 peer 10.66.0.2/32 dev tun0
$M addr add 10.0.0.1/8 dev tap-vm01
# a little traffic so the counters are not all zero
ipns "$NS" ping -q -c 3 -i 0.2 -W 1 -I ens3 10.20.0.1 >/dev/null 2>&1 || true
ipns "$NS" ping -q -c 2 -i 0.2 -W 1 10.20.0.2 >/dev/null 2>&1 || true

SCEN="many interfaces, namespace nslab-many"
for f in ip_addr ip_link ifconfig route_n ip_route ip_neigh bridge_fdb; do
  "battery_$f" "$NS" many-ifaces "$SCEN" "$STANDIN"
done
for c in "ip link show type veth" "ip link show type bridge" "ip -d link show type macvlan" \
  "ip link show group 10" "ip link show up" "ip -d link show macvtap0" "ip -d link show vx-mcast" \
  "ip -d link show tun0" "ip -d link show virbr0" "ip -d link show ens11"; do
  capture "$NS" ip-link many-ifaces "$SCEN" "$c" "$STANDIN"
done
for c in "ifconfig enp0s31f6:0" "ifconfig veth15charsABCD" "ifconfig tun0" "busybox ifconfig tun0"; do
  capture "$NS" ifconfig many-ifaces "$SCEN" "$c" "$STANDIN"
done

# --------------------------------------------------------- empty namespace --
E=nslab-empty
ip netns list | awk '{print $1}' | grep -qx "$E" && ip netns del "$E"
ip netns add "$E"   # deliberately NOT lab_ns_add: lo stays down, nothing set
LAB_NAMESPACES+=("$E")
SE="brand-new namespace nslab-empty (only lo, DOWN)"
export LAB_ALLOW_EMPTY=1
battery_all "$E" empty-netns "$SE"
unset LAB_ALLOW_EMPTY
lab_finish
log "done"
