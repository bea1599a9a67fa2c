#!/usr/bin/env bash
# Route cache / exception entries (`ip route show cache`): since Linux 3.6
# there is no IPv4 route cache, but PMTU exceptions still print there.
#
#   nslab-pmtu-a   host: eth0 10.1.0.2/24 + 2001:db8:a::2/64, default via the router
#   nslab-pmtu-r   router: eth0 (to a), eth1 mtu 1400 (to b), forwarding on
#   nslab-pmtu-b   far host 10.2.0.2 / 2001:db8:b::2 behind the 1400-byte link
#
# a sends DF pings bigger than 1400 bytes to b; the router answers with ICMP
# "fragmentation needed" / ICMPv6 "packet too big"; a stores a PMTU exception.
#
# Usage: sudo bash corpus/lab/pmtu-cache.sh   (capture-all.sh calls it)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
lab_init

A=nslab-pmtu-a R=nslab-pmtu-r B=nslab-pmtu-b
for ns in $A $R $B; do lab_ns_add "$ns"; done
ip -n $A link add eth0 type veth peer name eth0 netns $R
ip -n $R link add eth1 type veth peer name eth0 netns $B
ip -n $R link set eth1 mtu 1400
ip -n $B link set eth0 mtu 1400
ip -n $A link set eth0 address 52:54:00:0a:00:02 up
ip -n $R link set eth0 address 52:54:00:0a:00:01 up
ip -n $R link set eth1 address 52:54:00:0b:00:01 up
ip -n $B link set eth0 address 52:54:00:0b:00:02 up
ip -n $A addr add 10.1.0.2/24 dev eth0
ip -n $A addr add 2001:db8:a::2/64 dev eth0
ip -n $R addr add 10.1.0.1/24 dev eth0
ip -n $R addr add 2001:db8:a::1/64 dev eth0
ip -n $R addr add 10.2.0.1/24 dev eth1
ip -n $R addr add 2001:db8:b::1/64 dev eth1
ip -n $B addr add 10.2.0.2/24 dev eth0
ip -n $B addr add 10.2.0.3/24 dev eth0
ip -n $B addr add 2001:db8:b::2/64 dev eth0
ip -n $A route add default via 10.1.0.1 dev eth0
ip -n $A -6 route add default via 2001:db8:a::1 dev eth0
ip -n $B route add default via 10.2.0.1 dev eth0
ip -n $B -6 route add default via 2001:db8:b::1 dev eth0
ipns $R sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1

ipns $A ping -q -c 1 -W 1 10.2.0.2 >/dev/null || log "WARN: baseline ping failed"
for dst in 10.2.0.2 10.2.0.3; do
  ipns $A ping -q -c 2 -i 0.2 -W 1 -M "do" -s 1472 $dst >/dev/null 2>&1 || true
done
ipns $A ping -q -6 -c 2 -i 0.2 -W 1 -s 1452 2001:db8:b::2 >/dev/null 2>&1 || true
# lock a lower MTU toward one host via a route; still shows the exception
SCEN="PMTU exceptions, namespace nslab-pmtu-a (router nslab-pmtu-r, far host nslab-pmtu-b behind a 1400-byte link)"
for c in "ip route show cache" "ip -6 route show cache" "ip -4 route list cache" "ip -d route show cache" \
  "ip -j route show cache" "ip route show table all" "ip -6 route show table all" "ip -s route show cache" \
  "ip route" "ip -6 route"; do
  capture $A ip-route pmtu-host "$SCEN" "$c"
done
battery_route_n $A pmtu-host "$SCEN"
capture $A route-n pmtu-host "$SCEN" "route -Cn"
capture $A route-n pmtu-host "$SCEN" "netstat -rnC"
SR="PMTU exceptions, namespace nslab-pmtu-r (the router: forwarding, eth1 mtu 1400)"
for f in route_n ip_route ip_addr ip_link ip_neigh ifconfig; do
  "battery_$f" $R pmtu-router "$SR"
done
lab_finish
log "done"
