#!/usr/bin/env bash
# A 3-node flannel (vxlan backend) Kubernetes cluster, built entirely in
# network namespaces:
#
#   nslab-underlay   the home LAN: bridge br0 = 192.168.86.1/24 (the "router"),
#                    one veth port per node.  Nothing leaves this namespace.
#   nslab-node1..3   node N: eth0 192.168.86.{189,190,191}/24, flannel.1 vxlan
#                    (id 1, dstport 8472, nolearning, local <eth0 IP>, dev eth0),
#                    cni0 bridge 10.244.{0,1,2}.1/24 with veth ports to pods,
#                    docker0 bridge with no ports (carrier down -> linkdown),
#                    static flannel routes/neighbours/FDB to the other nodes.
#                    node1 also carries Calico leftovers (tunl0 stand-in with
#                    10.244.2.0/32, blackhole 10.244.2.0/26 proto bird), a
#                    labelled alias eth0:1, a secondary address, SLAAC-like
#                    IPv6 with lifetimes.  node2 has kube-proxy IPVS furniture
#                    (kube-ipvs0 with service /32s, nodelocaldns 169.254.20.10)
#                    as bridge stand-ins for dummy devices.
#   nslab-nN-pod-X   pods: eth0 (veth peer of a vethXXXXXXXX on cni0).
#
# Pods ping each other across nodes (through the real vxlan data path), so
# counters, learned FDB entries and ARP entries are real.
#
# Usage: sudo bash corpus/lab/flannel-cluster.sh   (capture-all.sh calls it)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
lab_init

UNDERLAY=nslab-underlay
TUNL0_STANDIN="tunl0 is a veth (NOARP, mtu 1480, IPv6 disabled; its peer tunl0-peer sits in namespace nslab-n1-tunl0peer) standing in for Calico's ipip tunl0: this kernel has no ipip device type (\"Unknown device type\"), so link/ipip, @NONE and the 0.0.0.0 link address of a real tunl0 do not appear"

IPVS_STANDIN="kube-ipvs0 and nodelocaldns are bridges (NOARP, no ports) standing in for the dummy devices kube-proxy (IPVS mode) and node-local-dns create: this kernel has no dummy device type, so ip -d shows bridge details instead of dummy and nodelocaldns reports NO-CARRIER/UNKNOWN differently from a dummy"
declare -A NODE_IP=([1]=192.168.86.189 [2]=192.168.86.190 [3]=192.168.86.191)
declare -A NODE_IP6=([1]=2001:db8:86::189 [2]=2001:db8:86::190 [3]=2001:db8:86::191)
declare -A NODE_SUBNET=([1]=10.244.0 [2]=10.244.1 [3]=10.244.2)
declare -A FLANNEL_MAC=([1]=9a:6c:3b:10:00:01 [2]=9a:6c:3b:10:00:02 [3]=9a:6c:3b:10:00:03)
declare -A ETH0_MAC=([1]=52:54:00:86:01:89 [2]=52:54:00:86:01:90 [3]=52:54:00:86:01:91)
declare -A CNI0_MAC=([1]=ce:4a:10:f4:00:01 [2]=ce:4a:10:f4:01:01 [3]=ce:4a:10:f4:02:01)

# ---------------------------------------------------------------- underlay --
lab_ns_add "$UNDERLAY"
U="ip -n $UNDERLAY"
$U link add br0 type bridge
$U link set br0 address 52:54:00:86:00:01
$U addr add 192.168.86.1/24 brd + dev br0
$U addr add fe80::1/64 dev br0
$U link set br0 up

# -------------------------------------------------------------------- nodes --
build_node() {
  local n="$1" ns="nslab-node$1"
  local N="ip -n $ns"
  local ip="${NODE_IP[$n]}" sub="${NODE_SUBNET[$n]}"
  lab_ns_add "$ns"
  ipns "$ns" sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=0
  # underlay NIC
  $N link add eth0 type veth peer name vnode$n netns "$UNDERLAY"
  $N link set eth0 address "${ETH0_MAC[$n]}"
  $U link set vnode$n master br0 up
  $N link set eth0 up
  if [ "$n" = 1 ]; then
    # DHCP-ish lease: dynamic with lifetimes
    $N addr add "$ip/24" brd + dev eth0 metric 100 valid_lft 86400 preferred_lft 86400
  else
    $N addr add "$ip/24" brd + dev eth0 metric 100
  fi
  $N addr add "${NODE_IP6[$n]}/64" dev eth0 mngtmpaddr noprefixroute valid_lft 86400 preferred_lft 14400
  $N route add default via 192.168.86.1 dev eth0 proto dhcp src "$ip" metric 100
  $N route add 192.168.86.1 dev eth0 proto dhcp scope link src "$ip" metric 100
  $N -6 route add 2001:db8:86::/64 dev eth0 proto ra metric 100 expires 86400 pref medium
  $N -6 route add default via fe80::1 dev eth0 proto ra metric 100 expires 1800 pref medium

  # flannel.1
  $N link add flannel.1 type vxlan id 1 local "$ip" dev eth0 dstport 8472 nolearning
  $N link set flannel.1 address "${FLANNEL_MAC[$n]}" mtu 1450
  $N addr add "$sub.0/32" dev flannel.1
  $N link set flannel.1 up

  # cni0 + docker0
  $N link add cni0 type bridge
  $N link set cni0 address "${CNI0_MAC[$n]}" mtu 1450
  $N addr add "$sub.1/24" brd + dev cni0
  $N link set cni0 up
  $N link add docker0 type bridge
  $N link set docker0 address "02:42:7d:1f:2c:0$n"
  $N addr add 172.17.0.1/16 brd + dev docker0
  $N link set docker0 up # no ports: NO-CARRIER, route gets "linkdown"

  # flannel routes, neighbours, FDB for the other nodes
  local m
  for m in 1 2 3; do
    [ "$m" = "$n" ] && continue
    $N route add "${NODE_SUBNET[$m]}.0/24" via "${NODE_SUBNET[$m]}.0" dev flannel.1 onlink
    $N neigh replace "${NODE_SUBNET[$m]}.0" lladdr "${FLANNEL_MAC[$m]}" dev flannel.1 nud permanent
    bridge -n "$ns" fdb append "${FLANNEL_MAC[$m]}" dev flannel.1 dst "${NODE_IP[$m]}" self permanent
  done
}

add_pod() {
  # add_pod NODE POD_LETTER HOST_OCTET VETH_NAME
  local n="$1" p="$2" octet="$3" veth="$4"
  local ns="nslab-node$n" pod="nslab-n$n-pod-$p" sub="${NODE_SUBNET[$n]}"
  lab_ns_add "$pod"
  ip -n "$ns" link add "$veth" mtu 1450 type veth peer name eth0 mtu 1450 netns "$pod"
  ip -n "$ns" link set "$veth" master cni0 up
  ip -n "$pod" link set eth0 address "0a:58:0a:f4:0$((n - 1)):$(printf %02x "$octet")"
  ip -n "$pod" addr add "$sub.$octet/24" brd + dev eth0
  ip -n "$pod" link set eth0 up
  ip -n "$pod" route add 10.244.0.0/16 via "$sub.1" dev eth0
  ip -n "$pod" route add default via "$sub.1" dev eth0
}

for n in 1 2 3; do build_node "$n"; done
add_pod 1 a 2 veth3f1c2a7e
add_pod 1 b 3 veth9b04d1c2
add_pod 1 c 4 vethd2e6a019
add_pod 2 a 2 veth61a0c3b5
add_pod 2 b 3 vethe57f0a88
add_pod 3 a 2 veth0c9d4e13

# --------------------------------------------------- node1 extra furniture --
N1="ip -n nslab-node1"
# labelled alias + a plain secondary in the same subnet
$N1 addr add 192.168.86.201/24 brd + dev eth0 label eth0:1
$N1 addr add 192.168.86.202/24 brd + dev eth0
# Calico leftovers: tunl0 with a /32 from another node's block, bird blackhole
# (the veth peer lives in its own namespace so node1 only shows tunl0)
lab_ns_add nslab-n1-tunl0peer
$N1 link add tunl0 type veth peer name tunl0-peer netns nslab-n1-tunl0peer
ipns nslab-node1 sysctl -qw net.ipv6.conf.tunl0.disable_ipv6=1
$N1 link set tunl0 mtu 1480 arp off
ip -n nslab-n1-tunl0peer link set tunl0-peer mtu 1480 arp off up
$N1 addr add 10.244.2.0/32 dev tunl0
$N1 link set tunl0 up
$N1 route add blackhole 10.244.2.0/26 proto bird
# a k8s-ish policy rule and table
$N1 route add default via 192.168.86.254 dev eth0 table 100 proto static onlink
$N1 rule add fwmark 0x4000/0x4000 lookup 100 priority 1000

# ----------------------------------------- node2: kube-proxy IPVS furniture --
# kube-ipvs0 (kube-proxy in IPVS mode) and nodelocaldns are dummy devices on a
# real node; this kernel has no dummy type, so bridges stand in.
N2="ip -n nslab-node2"
$N2 link add kube-ipvs0 type bridge
$N2 link set kube-ipvs0 address 96:1c:0e:5a:7b:42 arp off   # stays DOWN, like the real one
for svc in 10.96.0.1 10.96.0.10 10.101.33.7 10.108.200.15 10.111.4.129; do
  $N2 addr add "$svc/32" dev kube-ipvs0
done
$N2 link add nodelocaldns type bridge
$N2 link set nodelocaldns address 6e:2b:51:0a:14:0a arp off up
$N2 addr add 169.254.20.10/32 dev nodelocaldns
$N2 addr add 10.96.0.10/32 dev nodelocaldns 2>/dev/null || true

# ------------------------------------------------------------ real traffic --
ping_from() { ipns "$1" ping -q -c "${3:-3}" -i 0.2 -W 1 "$2" >/dev/null 2>&1 || log "ping $1 -> $2 failed${4:+ ($4)}"; }
ping_from nslab-n1-pod-a 10.244.1.2
ping_from nslab-n1-pod-b 10.244.2.2 3 "expected: node1 blackholes 10.244.2.0/26"
ping_from nslab-n2-pod-b 10.244.2.2
ping_from nslab-n3-pod-a 10.244.0.4 3 "expected: the reply hits the blackhole on node1"
ping_from nslab-n1-pod-a 10.244.0.3 2
ping_from nslab-node2 192.168.86.1 2
ping_from nslab-node1 192.168.86.1 2
ipns nslab-n1-pod-a ping -q -c 2 -i 0.2 -W 1 -s 1400 10.244.1.3 >/dev/null 2>&1 || true
# IPv6 link-local neighbours on the underlay
ipns nslab-node1 ping -q -6 -c 1 -W 1 fe80::1%eth0 >/dev/null 2>&1 || true

# ----------------------------------------------------------------- captures --
SCEN="flannel 3-node vxlan cluster"
for n in 1 2 3; do
  si=""
  [ "$n" = 1 ] && si="$TUNL0_STANDIN"
  [ "$n" = 2 ] && si="$IPVS_STANDIN"
  battery_all "nslab-node$n" "flannel-node$n" "$SCEN, namespace nslab-node$n (node$n, ${NODE_IP[$n]}, pod CIDR ${NODE_SUBNET[$n]}.0/24)" "$si"
done
S1="$SCEN, namespace nslab-node1 (node1, 192.168.86.189, pod CIDR 10.244.0.0/24)"
battery_route_n_locales nslab-node1 flannel-node1 "$S1" "$TUNL0_STANDIN"
battery_route_n_legacy_charsets nslab-node1 flannel-node1 "$S1" "$TUNL0_STANDIN"
for c in "ifconfig eth0:1" "ifconfig eth0" "ifconfig tunl0" "ifconfig flannel.1" "ifconfig cni0" \
  "ifconfig docker0" "busybox ifconfig eth0:1" "busybox ifconfig tunl0" "busybox ifconfig flannel.1"; do
  capture nslab-node1 ifconfig flannel-node1 "$S1" "$c" "$TUNL0_STANDIN"
done
for l in de fr ja; do
  capture nslab-node1 ifconfig flannel-node1 "$S1" "LANGUAGE=$l ifconfig -a" "$TUNL0_STANDIN"
done
for c in "ip addr show dev eth0" "ip addr show label eth0:1" "ip -d addr show flannel.1" "ip addr show tunl0"; do
  capture nslab-node1 ip-addr flannel-node1 "$S1" "$c" "$TUNL0_STANDIN"
done
for c in "ip -d link show flannel.1" "ip -d link show type bridge" "ip -d link show type veth" "ip link show master cni0"; do
  capture nslab-node1 ip-link flannel-node1 "$S1" "$c" "$TUNL0_STANDIN"
done
capture nslab-node1 ip-route flannel-node1 "$S1" "ip route show table 100" "$TUNL0_STANDIN"
capture nslab-node1 ip-route flannel-node1 "$S1" "ip route show type blackhole" "$TUNL0_STANDIN"
capture nslab-node1 ip-route flannel-node1 "$S1" "ip route show dev flannel.1" "$TUNL0_STANDIN"

SU="$SCEN, namespace nslab-underlay (home LAN router: bridge br0 192.168.86.1/24, one port per node)"
battery_all "$UNDERLAY" flannel-underlay "$SU"

SP="$SCEN, namespace nslab-n1-pod-a (a pod on node1: eth0 10.244.0.2/24, veth peer in nslab-node1)"
for f in route_n ip_route ip_addr ip_link ip_neigh ifconfig; do
  "battery_$f" nslab-n1-pod-a flannel-pod "$SP"
done

lab_finish
log "done"
