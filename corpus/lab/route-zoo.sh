#!/usr/bin/env bash
# "Kitchen sink" router: every route type, route attribute, policy rule,
# address flavour and neighbour state this kernel lets us create.
#
#   nslab-zoo        the router under test (all captures come from here)
#   nslab-zoo-peer   its neighbours: eth0 peer (10.0.0.1, 10.0.0.3,
#                    2001:db8:0:1::1) and eth1 peer (172.16.1.1,
#                    2001:db8:0:2::1, 2001:db8:0:2::99 to make DAD fail)
#
# zoo devices: eth0, eth1 (veths to the peer), eth2 (veth whose peer is down:
# NO-CARRIER -> "linkdown" routes), eth3 (administratively down), lan0 (bridge
# standing in for a dummy "LAN" interface), mv0 (macvlan on eth1), tap0
# (persistent tap without a reader: NO-CARRIER), ifb0, and extra addresses on lo.
#
# Usage: sudo bash corpus/lab/route-zoo.sh   (capture-all.sh calls it)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
lab_init

NS=nslab-zoo
PEER=nslab-zoo-peer
STANDIN="lan0 is a bridge without ports standing in for a dummy interface (this kernel has no dummy device type): it shows NO-CARRIER/state DOWN where a dummy would be UNKNOWN, so its routes carry linkdown"
lab_ns_add "$NS"
lab_ns_add "$PEER"
Z="ip -n $NS"
P="ip -n $PEER"
# Named routing tables and protocols, as an admin would configure them in
# /etc/iproute2 (ip netns exec bind-mounts /etc/netns/NAME/* over /etc/*).
lab_netns_etc "$NS" iproute2/rt_tables <<'EOF'
255	local
254	main
253	default
0	unspec
100	vpn
200	isp2
51820	wg
EOF

# ----------------------------------------------------------------- links --
$Z link add eth0 type veth peer name eth0 netns "$PEER"
$Z link add eth1 type veth peer name eth1 netns "$PEER"
$Z link add eth2 type veth peer name eth2 netns "$PEER"
$Z link add eth3 type veth peer name eth3 netns "$PEER"
$Z link set eth0 address 52:54:00:00:00:02
$Z link set eth1 address 52:54:00:00:01:02
$Z link set eth2 address 52:54:00:00:02:02
$Z link set eth3 address 52:54:00:00:03:02
$P link set eth0 address 52:54:00:00:00:01
$P link set eth1 address 52:54:00:00:01:01
# slow neighbour timers so states survive the few seconds of capturing
for dev in eth0 eth1; do
  ipns "$NS" sysctl -qw \
    net.ipv4.neigh.$dev.base_reachable_time_ms=3600000 \
    net.ipv4.neigh.$dev.delay_first_probe_time=600 \
    net.ipv4.neigh.$dev.retrans_time_ms=60000 \
    net.ipv6.neigh.$dev.base_reachable_time_ms=3600000 \
    net.ipv6.neigh.$dev.delay_first_probe_time=600 \
    net.ipv6.neigh.$dev.retrans_time_ms=60000
done
$Z link set eth0 up
$Z link set eth1 up
$Z link set eth2 up          # peer stays down -> NO-CARRIER
$Z link set eth3 mtu 9000    # eth3 stays administratively down
$P link set eth0 up
$P link set eth1 up
$P link set eth3 up
$Z link add lan0 type bridge
$Z link set lan0 address 02:00:00:00:1a:00 mtu 1500 up
$Z link add mv0 link eth1 type macvlan mode bridge
$Z link set mv0 address 02:00:00:00:4d:00 up
ipns "$NS" ip tuntap add dev tap0 mode tap
$Z link set tap0 address 02:00:00:00:7a:00 up
$Z link add ifb0 type ifb
$Z link set ifb0 up
$Z link set eth0 alias "uplink to isp1"
$Z link set eth1 txqueuelen 500

# -------------------------------------------------------------- addresses --
$P addr add 10.0.0.1/24 dev eth0
$P addr add 10.0.0.3/24 dev eth0
$P addr add 2001:db8:0:1::1/64 dev eth0 nodad
$P addr add 172.16.1.1/24 dev eth1
$P addr add 2001:db8:0:2::1/64 dev eth1 nodad
$P addr add 2001:db8:0:2::99/64 dev eth1 nodad

$Z addr add 10.0.0.2/24 brd + dev eth0
$Z addr add 10.0.0.12/24 brd + dev eth0 label eth0:web
$Z addr add 10.0.0.13/24 brd + dev eth0 label eth0:1 valid_lft 300 preferred_lft 200
$Z addr add 10.0.0.14/24 brd + dev eth0 valid_lft 600 preferred_lft 0   # deprecated
$Z addr add 10.9.9.1 peer 10.9.9.2/32 dev eth0
$Z addr add 10.8.0.1/24 dev eth0 noprefixroute
$Z addr add 10.7.0.1/24 dev eth0 metric 300
$Z addr add 2001:db8:0:1::2/64 dev eth0
$Z addr add 2001:db8:0:1::a/64 dev eth0 valid_lft 3600 preferred_lft 1800
$Z addr add 2001:db8:0:1::b/64 dev eth0 valid_lft 3600 preferred_lft 0   # deprecated
$Z addr add 2001:db8:0:1::c/64 dev eth0 home nodad
$Z addr add 2001:db8:0:1::d/64 dev eth0 mngtmpaddr noprefixroute
$Z addr add 172.16.1.2/24 brd + dev eth1
$Z addr add 169.254.10.1/16 brd + dev eth1 scope link
$Z addr add 2001:db8:0:2::2/64 dev eth1
$Z addr add 198.51.100.2/24 brd + dev eth2
$Z addr add 2001:db8:0:3::2/64 dev eth2
$Z addr add 203.0.113.2/24 brd + dev eth3
$Z addr add 2001:db8:0:4::2/64 dev eth3
$Z addr add 192.168.100.1/24 brd + dev lan0
$Z addr add 172.16.1.50/24 brd + dev mv0
$Z addr add 10.255.255.1/32 dev lo
$Z addr add 127.0.0.53/8 dev lo scope host label lo:dns
$Z addr add 2001:db8:ffff::1/128 dev lo
# DAD on eth1: one address stays tentative (many slow probes), one fails
ipns "$NS" sysctl -qw net.ipv6.conf.eth1.accept_dad=1 net.ipv6.conf.eth1.dad_transmits=200 \
  net.ipv6.neigh.eth1.retrans_time_ms=60000
$Z addr add 2001:db8:0:2::99/64 dev eth1   # peer owns it -> dadfailed
$Z addr add 2001:db8:0:2::77/64 dev eth1   # nobody answers -> stays tentative
$Z addr add 2001:db8:0:2::78/64 dev eth1 optimistic

# ----------------------------------------------------------------- routes --
$Z route add default via 10.0.0.1 dev eth0 proto static metric 50
$Z route add default via 172.16.1.1 dev eth1 proto static metric 200
$Z route add 10.10.0.0/16 proto static \
  nexthop via 10.0.0.1 dev eth0 weight 1 \
  nexthop via 172.16.1.1 dev eth1 weight 3
$Z route add 10.11.0.0/16 proto zebra metric 20 \
  nexthop via 10.0.0.1 dev eth0 \
  nexthop via 172.16.1.1 dev eth1 \
  nexthop via 198.51.100.1 dev eth2
$Z route add 10.20.0.0/16 via 10.0.0.1 dev eth0 mtu lock 1400 advmss 1360
$Z route add 10.21.0.0/16 via 10.0.0.1 dev eth0 mtu 1400 window 65535 rtt 10ms rttvar 5ms \
  ssthresh 100 cwnd 20 initcwnd 10 initrwnd 20 quickack 1 features ecn hoplimit 64 \
  rto_min 50ms reordering 5 fastopen_no_cookie 1 congctl lock cubic
$Z route add 10.22.0.0/16 via 10.0.0.1 dev eth0 realm 10 tos 0x10
$Z route add 10.30.0.0/24 via 10.0.0.1 dev eth0 proto bgp metric 20 src 10.0.0.2
$Z route add 10.31.0.0/24 dev eth0 scope link
$Z route add 10.32.0.0/24 dev eth0 proto boot scope link src 10.0.0.12
$Z route add 10.33.0.0/24 via 10.0.0.1 dev eth0 proto 42
$Z route add 10.34.0.0/24 via 10.0.0.1 dev eth0 proto ospf metric 4294967295
$Z route add 10.40.0.0/24 via 198.51.100.1 dev eth2
$Z route add unreachable 10.50.0.0/16
$Z route add prohibit 10.51.0.0/16 proto static metric 10
$Z route add blackhole 10.52.0.0/16
$Z route add throw 10.53.0.0/16
$Z route add 10.60.0.0/24 via 10.99.0.1 dev eth0 onlink
$Z route add 10.61.0.0/24 via inet6 fe80::5054:ff:fe00:1 dev eth0   # RFC 5549
$Z route add 192.0.2.0/24 dev lan0 metric 5
$Z route add 203.0.113.128/25 via 203.0.113.1 dev eth3 2>/dev/null || true # eth3 down: rejected
$Z route add local 10.77.0.0/24 dev lo table local
$Z route add broadcast 10.78.0.255 dev eth0 table local
$Z route add anycast 10.79.0.0 dev eth0 table local
$Z route add multicast 239.1.0.0/16 dev eth0 table local
# nexthop objects
$Z nexthop add id 1 via 10.0.0.1 dev eth0
$Z nexthop add id 2 via 172.16.1.1 dev eth1
$Z nexthop add id 3 blackhole
$Z nexthop add id 4 via 10.0.0.3 dev eth0 proto zebra
$Z nexthop add id 10 group 1/2
$Z nexthop add id 11 group 1,3/2,5 proto zebra
$Z nexthop add id 12 group 1/2 type resilient buckets 8 idle_timer 120
$Z nexthop add id 20 via 2001:db8:0:1::1 dev eth0
$Z nexthop add id 21 via 2001:db8:0:2::1 dev eth1
$Z nexthop add id 22 group 20/21
$Z route add 10.70.0.0/16 nhid 10
$Z route add 10.71.0.0/16 nhid 1 metric 30
$Z route add 10.72.0.0/16 nhid 3
$Z route add 10.73.0.0/16 nhid 11 proto zebra
$Z route add 10.74.0.0/16 nhid 12
$Z route add 10.75.0.0/16 nhid 4
$Z -6 route add 2001:db8:70::/48 nhid 20
$Z -6 route add 2001:db8:71::/48 nhid 22
# other tables
$Z route add default via 172.16.1.1 dev eth1 table 200 proto static
$Z route add 10.0.0.0/8 via 10.0.0.1 dev eth0 table 100
$Z route add throw 10.53.0.0/16 table 100
$Z route add unreachable default table 100 metric 4278198272
$Z route add prohibit 10.66.0.0/16 table 100
$Z route add 10.100.0.0/16 dev eth0 table 1234 scope link
$Z route add default dev eth0 table 51820 scope link
$Z -6 route add default via 2001:db8:0:2::1 dev eth1 table 200
# IPv6
$Z -6 route add default via fe80::5054:ff:fe00:1 dev eth0 metric 1024 proto static
$Z -6 route add 2001:db8:100::/48 via 2001:db8:0:1::1 dev eth0 metric 1024 pref high
$Z -6 route add 2001:db8:101::/48 via 2001:db8:0:1::1 dev eth0 expires 600 pref low
$Z -6 route add 2001:db8:102::/48 via 2001:db8:0:1::1 dev eth0 proto ra expires 1800
$Z -6 route add 2001:db8:200::/48 dev eth1 pref low
$Z -6 route add 2001:db8:300::/48 proto bird \
  nexthop via 2001:db8:0:1::1 dev eth0 weight 1 \
  nexthop via 2001:db8:0:2::1 dev eth1 weight 2
$Z -6 route add 2001:db8:400::/48 via fe80::5054:ff:fe00:1 dev eth0 mtu 1280 hoplimit 64 advmss 1220
$Z -6 route add 2001:db8:401::/48 via 2001:db8:0:1::1 dev eth0 mtu lock 1300 src 2001:db8:0:1::2
$Z -6 route add unreachable 2001:db8:dead::/48
$Z -6 route add prohibit 2001:db8:beef::/48
$Z -6 route add blackhole 2001:db8:bad::/48
$Z -6 route add throw 2001:db8:f00::/48
$Z -6 route add 2001:db8:500::/48 via 2001:db8:0:3::1 dev eth2   # linkdown
$Z -6 route add 2001:db8:600::/48 dev eth0 metric 256 onlink via 2001:db8:99::1

# ------------------------------------------------------------------ rules --
$Z rule add priority 100 from 10.0.0.0/24 lookup 100
$Z rule add priority 110 to 10.53.0.0/16 lookup 100
$Z rule add priority 120 fwmark 0x1 lookup 200
$Z rule add priority 121 fwmark 0x10/0xff lookup 200
$Z rule add priority 130 iif eth1 lookup 100
$Z rule add priority 140 oif eth0 lookup 100
$Z rule add priority 141 iif lo oif eth1 lookup 200
$Z rule add priority 150 lookup main suppress_prefixlength 0
$Z rule add priority 151 lookup main suppress_ifgroup 5
$Z rule add priority 160 from 192.0.2.0/24 unreachable
$Z rule add priority 161 to 192.0.2.128/25 prohibit
$Z rule add priority 162 from 198.18.0.0/15 blackhole
$Z rule add priority 170 tos 0x10 lookup 100
$Z rule add priority 171 dsfield 0x20 lookup 100 2>/dev/null || true
$Z rule add priority 180 uidrange 1000-2000 lookup 100
$Z rule add priority 190 ipproto tcp dport 443 lookup 100
$Z rule add priority 191 ipproto udp sport 1000-2000 lookup 200
$Z rule add priority 200 from 10.1.0.0/16 goto 300
$Z rule add priority 250 nop
$Z rule add priority 300 from 10.1.0.0/16 lookup 1234
$Z rule add priority 310 from all fwmark 0x2 realms 1/2 lookup 100
$Z rule add priority 320 from 10.2.0.0/16 lookup 100 protocol bird
$Z rule add priority 330 not from all fwmark 0xca6c lookup 51820
$Z rule add priority 340 from 10.3.0.0/16 to 10.4.0.0/16 iif eth0 fwmark 0x3 lookup 100
$Z rule add from 10.5.0.0/16 lookup 100 # kernel picks the priority
$Z -6 rule add priority 100 from 2001:db8::/32 lookup 100
$Z -6 rule add priority 110 to 2001:db8:200::/48 lookup 200
$Z -6 rule add priority 120 fwmark 0xca6c lookup 51820
$Z -6 rule add priority 150 lookup main suppress_prefixlength 0
$Z -6 rule add priority 160 from 2001:db8:dead::/48 unreachable
$Z -6 rule add priority 170 iif eth1 lookup 200

# --------------------------------------------------------------- neighbours --
ipns "$NS" ping -q -c 2 -i 0.2 -W 1 10.0.0.1 >/dev/null                # REACHABLE
ipns "$NS" ping -q -c 1 -W 1 172.16.1.1 >/dev/null                      # REACHABLE
ipns "$NS" ping -q -6 -c 1 -W 1 2001:db8:0:1::1 >/dev/null              # v6 REACHABLE (router)
ipns "$NS" ping -q -6 -c 1 -W 1 fe80::5054:ff:fe00:1%eth0 >/dev/null || true
# STALE -> send one packet -> DELAY (delay_first_probe_time=600s keeps it there)
$Z neigh add 10.0.0.3 lladdr 52:54:00:00:00:01 dev eth0 nud stale
ipns "$NS" ping -q -c 1 -W 1 10.0.0.3 >/dev/null || true
# INCOMPLETE: nobody owns 10.0.0.77 (retrans 60s keeps it incomplete)
ipns "$NS" ping -q -c 1 -W 1 10.0.0.77 >/dev/null 2>&1 || true
ipns "$NS" ping -q -6 -c 1 -W 1 2001:db8:0:1::77 >/dev/null 2>&1 || true
$Z neigh add 10.0.0.100 lladdr 02:00:00:00:01:00 dev eth0 nud permanent
$Z neigh add 10.0.0.101 lladdr 02:00:00:00:01:01 dev eth0 nud noarp
$Z neigh add 10.0.0.102 lladdr 02:00:00:00:01:02 dev eth0 nud reachable
$Z neigh add 10.0.0.103 lladdr 02:00:00:00:01:03 dev eth0 nud stale
$Z neigh add 10.0.0.104 lladdr 02:00:00:00:01:04 dev eth0 nud delay
$Z neigh add 10.0.0.105 lladdr 02:00:00:00:01:05 dev eth0 nud probe
$Z neigh add 10.0.0.106 dev eth0 nud failed
$Z neigh add 10.0.0.107 dev eth0 nud incomplete
$Z neigh add 10.0.0.108 lladdr 02:00:00:00:01:08 dev eth0 nud none
$Z neigh add 10.0.0.109 lladdr 02:00:00:00:01:09 dev eth0 extern_learn
$Z neigh add 10.0.0.110 lladdr 02:00:00:00:01:10 dev eth0 router
$Z neigh add 10.0.0.111 lladdr 02:00:00:00:01:11 dev eth0 protocol zebra
$Z neigh add 10.0.0.112 lladdr 02:00:00:00:01:12 dev eth0 managed 2>/dev/null || true
$Z neigh add 10.0.0.113 dev eth0 nud permanent 2>/dev/null || true
$Z neigh add 172.16.1.100 lladdr 02:00:00:00:02:00 dev eth1 nud permanent
$Z neigh add 192.168.100.20 lladdr 02:00:00:00:03:00 dev lan0 nud permanent
$Z neigh add 198.51.100.1 lladdr 02:00:00:00:04:00 dev eth2 nud reachable
$Z neigh add 2001:db8:0:1::100 lladdr 02:00:00:00:01:00 dev eth0 nud permanent
$Z neigh add 2001:db8:0:1::101 lladdr 02:00:00:00:01:01 dev eth0 router nud reachable
$Z neigh add 2001:db8:0:1::102 lladdr 02:00:00:00:01:02 dev eth0 nud stale
$Z neigh add 2001:db8:0:1::103 dev eth0 nud failed
$Z neigh add fe80::1 lladdr 02:00:00:00:01:fe dev eth0 router nud noarp
$Z neigh add proxy 10.0.0.200 dev eth0
$Z neigh add proxy 172.16.1.200 dev eth1
$Z neigh add proxy 2001:db8:0:1::200 dev eth0
$Z neigh add proxy 2001:db8:0:2::200 dev eth1 router 2>/dev/null || $Z neigh add proxy 2001:db8:0:2::200 dev eth1
sleep 1

# ----------------------------------------------------------------- captures --
SCEN="kitchen-sink router, namespace nslab-zoo (peer namespace nslab-zoo-peer)"
battery_all "$NS" route-zoo "$SCEN" "$STANDIN"
battery_route_n_locales "$NS" route-zoo "$SCEN" "$STANDIN"
for c in "ip route show table 100" "ip route show table vpn" "ip -6 route show table 200" \
  "ip route show table 51820" "ip route show proto bgp" "ip route show type unreachable" \
  "ip -6 route show table local" "ip -N route show table all" \
  "ip -d -6 route show table all" "ip route show scope link" \
  "ip nexthop show" "ip -d nexthop show" "ip nexthop show group" "ip -s nexthop show" \
  "ip -j -d nexthop show" "ip -d -6 route" "ip route list match 10.10.1.1"; do
  capture "$NS" ip-route route-zoo "$SCEN" "$c" "$STANDIN"
done
for c in "ip rule show table 100" "ip rule show pref 150" "ip -N rule" "ip -d -j rule" "ip -j -p rule"; do
  capture "$NS" ip-rule route-zoo "$SCEN" "$c" "$STANDIN"
done
for c in "ip addr show dev eth0" "ip addr show dev eth1" "ip -6 addr show tentative" \
  "ip -6 addr show dadfailed" "ip addr show deprecated" "ip addr show dynamic" "ip addr show permanent" \
  "ip addr show label eth0:*" "ip -br -6 addr" "ip -c=never addr show eth3"; do
  capture "$NS" ip-addr route-zoo "$SCEN" "$c" "$STANDIN"
done
for c in "ip neigh show dev eth0" "ip -s neigh show dev eth0" "ip neigh show nud reachable" \
  "ip neigh show nud stale" "ip neigh show nud delay" "ip neigh show nud probe" \
  "ip neigh show nud failed" "ip neigh show nud incomplete" "ip neigh show nud noarp" \
  "ip neigh show nud none" "ip -6 neigh show proxy" "ip -j neigh show proxy" "ip -s -s neigh show nud all" \
  "ip -6 -s neigh"; do
  capture "$NS" ip-neigh route-zoo "$SCEN" "$c" "$STANDIN"
done
for c in "ifconfig eth0:web" "ifconfig eth0:1" "ifconfig eth3" "ifconfig lo:dns" "busybox ifconfig eth0:web" \
  "ifconfig eth2" "ifconfig tap0" "ifconfig mv0"; do
  capture "$NS" ifconfig route-zoo "$SCEN" "$c" "$STANDIN"
done
# colour forced on (what a terminal paste can contain)
capture "$NS" ip-addr route-zoo "$SCEN" "ip -c=always addr" "$STANDIN"
capture "$NS" ip-route route-zoo "$SCEN" "ip -c=always route" "$STANDIN"
capture "$NS" ip-link route-zoo "$SCEN" "ip -c=always link" "$STANDIN"
capture "$NS" ip-neigh route-zoo "$SCEN" "ip -c=always neigh" "$STANDIN"
capture "$NS" ip-addr route-zoo "$SCEN" "ip -c=always -br addr" "$STANDIN"
for l in cs et pt_BR; do
  capture "$NS" ifconfig route-zoo "$SCEN" "LANGUAGE=$l ifconfig -a" "$STANDIN"
done
lab_finish
log "done"
