#!/usr/bin/env bash
# Large captures for the benchmarks, written gzip-compressed (gzip -9n, so
# re-running gives the same bytes for the same text) to corpus/bench/<format>/
# plus corpus/bench/manifest.json (same shape as captures/manifest.json, with
# lines/bytes of the uncompressed text and compressedBytes).
#
#   nslab-bench-rt5k    5,000-route table (BGP-like prefix mix, several
#                       gateways/protocols/metrics, multipath, blackhole,
#                       unreachable, prohibit, scope link)
#   nslab-bench-rt100k  100,000-route table, same generator
#   nslab-bench-neigh   ~6,200 neighbours (IPv4+IPv6, several devices,
#                       permanent/extern_learn/noarp/reachable/stale/...)
#   nslab-bench-fdb     ~6,000 FDB entries (bridge ports master static/...,
#                       vxlan dst/vni/port self permanent)
#   nslab-bench-ifaces  1,050 interfaces (525 veth pairs, bridges, addresses)
#
# All routes/neighbours are added with `ip -batch` / `bridge -batch`; the
# generators are awk with a fixed seed, so the tables are the same every run.
#
# Usage: sudo bash corpus/lab/make-bench.sh [rt5k|rt100k|neigh|fdb|ifaces ...]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
lab_init
export LAB_OUT_DIR="$BENCH_DIR" LAB_GZIP=1

WHAT=("$@")
[ "${#WHAT[@]}" -gt 0 ] || WHAT=(rt5k rt100k neigh fdb ifaces)
TMP="$(mktemp -d)"
trap 'lab_cleanup; rm -rf "$TMP"' EXIT

# ---------------------------------------------------------- route tables --
# gen_routes N SEED: one `route add ...` line per route for ip -batch.
gen_routes() {
  awk -v N="$1" -v SEED="$2" '
  function ip(n) { return int(n / 16777216) "." int(n / 65536) % 256 "." int(n / 256) % 256 "." n % 256 }
  BEGIN {
    srand(SEED)
    cur = 11 * 16777216                      # start at 11.0.0.0
    split("1 2 3 4 5 6 7 8", g)
    for (i = 0; i < N; i++) {
      r = rand()
      if (r < 0.55) plen = 24; else if (r < 0.65) plen = 23; else if (r < 0.75) plen = 22
      else if (r < 0.80) plen = 21; else if (r < 0.84) plen = 20; else if (r < 0.86) plen = 19
      else if (r < 0.875) plen = 18; else if (r < 0.885) plen = 17; else if (r < 0.89) plen = 16
      else if (r < 0.92) plen = 25; else if (r < 0.94) plen = 26; else if (r < 0.96) plen = 28
      else if (r < 0.98) plen = 30; else plen = 32
      size = 2 ^ (32 - plen)
      if (cur % size) cur += size - cur % size
      if (int(cur / 16777216) == 127) cur = 128 * 16777216
      net = cur
      cur += size * (1 + int(rand() * 3))
      pfx = ip(net) "/" plen
      k = rand()
      gw = "10.0." int(rand() * 4) "." (1 + int(rand() * 8))
      if (k < 0.70)      printf "route add %s via %s dev eth0 proto bgp metric 20\n", pfx, gw
      else if (k < 0.78) printf "route add %s via 172.16.%d.1 dev eth1 proto static metric %d\n", pfx, int(rand() * 4), 100 + int(rand() * 5) * 100
      else if (k < 0.83) printf "route add %s via %s dev eth0 proto zebra metric 20 src 10.0.0.254\n", pfx, gw
      else if (k < 0.87) printf "route add %s proto bgp metric 20 nexthop via 10.0.0.%d dev eth0 weight 1 nexthop via 172.16.0.1 dev eth1 weight %d\n", pfx, 1 + int(rand() * 8), 1 + int(rand() * 3)
      else if (k < 0.90) printf "route add blackhole %s proto static\n", pfx
      else if (k < 0.91) printf "route add unreachable %s\n", pfx
      else if (k < 0.915) printf "route add prohibit %s metric 50\n", pfx
      else if (k < 0.94) printf "route add %s dev eth2 scope link metric %d\n", pfx, int(rand() * 1000)
      else if (k < 0.96) printf "route add %s via 192.168.200.1 dev eth3 proto ospf metric %d mtu 1400\n", pfx, 10 + int(rand() * 100)
      else if (k < 0.98) printf "route add %s via 10.0.1.1 dev eth0 proto static metric 0 onlink\n", pfx
      else               printf "route add %s via 172.16.1.1 dev eth1 proto dhcp metric 1024\n", pfx
    }
  }'
}

setup_router_ns() {
  local ns="$1" R="ip -n $1"
  lab_ns_add "$ns"
  local i
  for i in 0 1 2 3; do
    $R link add eth$i type veth peer name eth${i}p
    $R link set eth$i address "52:54:00:be:0$i:01" up
    $R link set eth${i}p address "52:54:00:be:0$i:02" up
  done
  $R addr add 10.0.0.254/16 brd + dev eth0
  $R addr add 172.16.0.254/16 brd + dev eth1
  $R addr add 198.18.0.254/24 brd + dev eth2
  $R addr add 192.168.200.254/24 brd + dev eth3
  $R route add default via 10.0.0.1 dev eth0 proto dhcp metric 100
}

bench_routes() {
  local tag="$1" n="$2" ns="nslab-bench-$1"
  log "routes: $n in $ns"
  setup_router_ns "$ns"
  gen_routes "$n" 42 >"$TMP/routes-$tag"
  ip -n "$ns" -batch "$TMP/routes-$tag"
  local got
  got=$(ip -n "$ns" route show | grep -vc '^[[:space:]]')
  log "routes in main table: $got"
  local scen="namespace $ns, $n generated routes (+ connected/default) added with ip -batch"
  capture "$ns" route-n "$tag" "$scen" "route -n"
  capture "$ns" ip-route "$tag" "$scen" "ip route"
  if [ "$tag" = rt5k ]; then
    capture "$ns" route-n "$tag" "$scen" "route -nee"
    capture "$ns" route-n "$tag" "$scen" "netstat -rn"
    capture "$ns" ip-route "$tag" "$scen" "ip -d route show table all"
    capture "$ns" ip-route "$tag" "$scen" "ip -j route"
  fi
  ip netns del "$ns"
}

# ------------------------------------------------------------ neighbours --
bench_neigh() {
  local ns=nslab-bench-neigh N="ip -n nslab-bench-neigh"
  log "neighbours in $ns"
  lab_ns_add "$ns"
  local i
  for i in 0 1 2 3; do
    $N link add eth$i type veth peer name eth${i}p
    $N link set eth$i address "52:54:00:ce:0$i:01" up
    $N link set eth${i}p address "52:54:00:ce:0$i:02" up
    ipns "$ns" sysctl -qw net.ipv4.neigh.eth$i.retrans_time_ms=600000 \
      net.ipv4.neigh.eth$i.base_reachable_time_ms=3600000 \
      net.ipv4.neigh.eth$i.delay_first_probe_time=3600 \
      net.ipv6.neigh.eth$i.retrans_time_ms=600000 \
      net.ipv6.neigh.eth$i.base_reachable_time_ms=3600000
  done
  $N addr add 10.0.0.1/16 dev eth0
  $N addr add 10.1.0.1/16 dev eth1
  $N addr add 10.2.0.1/16 dev eth2
  $N addr add 10.3.0.1/16 dev eth3
  $N addr add 2001:db8:c0::1/64 dev eth0
  $N addr add 2001:db8:c1::1/64 dev eth1
  # The host's gc_thresh2 (512) bounds entries that are not exempt from
  # garbage collection; PERMANENT and extern_learn entries are exempt.
  awk 'BEGIN {
    srand(7)
    for (i = 0; i < 5200; i++) {
      d = int(i / 1300); a = "10." d "." int((i % 1300) / 250) "." 2 + (i % 250)
      m = sprintf("02:%02x:%02x:%02x:%02x:%02x", d, int(i / 65536) % 256, int(i / 256) % 256, i % 256, int(rand() * 256))
      if (i % 10 == 9) printf "neigh add %s lladdr %s dev eth%d extern_learn\n", a, m, d
      else if (i % 50 == 3) printf "neigh add %s lladdr %s dev eth%d router nud permanent\n", a, m, d
      else if (i % 50 == 7) printf "neigh add %s lladdr %s dev eth%d nud permanent proto zebra\n", a, m, d
      else printf "neigh add %s lladdr %s dev eth%d nud permanent\n", a, m, d
    }
    # ~360 non-exempt entries in assorted states
    split("reachable stale noarp delay probe", st)
    for (i = 0; i < 300; i++) {
      a = "10." int(i / 100) ".200." 2 + (i % 100)
      m = sprintf("02:aa:00:%02x:%02x:%02x", int(i / 100), i % 100, int(rand() * 256))
      printf "neigh add %s lladdr %s dev eth%d nud %s\n", a, m, int(i / 100), st[1 + i % 5]
    }
    for (i = 0; i < 30; i++) printf "neigh add 10.3.201.%d dev eth3 nud incomplete\n", 2 + i
    for (i = 0; i < 30; i++) printf "neigh add 10.3.202.%d dev eth3 nud failed\n", 2 + i
    for (i = 0; i < 1000; i++) {
      printf "neigh add 2001:db8:c%d::%x lladdr 02:66:%02x:%02x:%02x:01 dev eth%d %s\n", i % 2, 16 + i, i % 2, int(i / 256), i % 256, i % 2, (i % 7 == 0 ? "router nud permanent" : "nud permanent")
    }
    for (i = 0; i < 20; i++) printf "neigh add proxy 10.0.250.%d dev eth0\n", 1 + i
  }' >"$TMP/neigh"
  ip -n "$ns" -batch "$TMP/neigh"
  log "neighbours: $(ip -n "$ns" neigh show nud all | wc -l)"
  local scen="namespace $ns, ~6,200 neighbours added with ip -batch (5,200 IPv4 permanent/extern_learn/router, 360 in assorted NUD states, 1,000 IPv6 permanent)"
  capture "$ns" ip-neigh neigh6k "$scen" "ip neigh"
  capture "$ns" ip-neigh neigh6k "$scen" "ip -s -s neigh show"
  capture "$ns" ip-neigh neigh6k "$scen" "ip -j neigh"
  ip netns del "$ns"
}

# ------------------------------------------------------------------- fdb --
bench_fdb() {
  local ns=nslab-bench-fdb N="ip -n nslab-bench-fdb"
  log "fdb in $ns"
  lab_ns_add "$ns"
  $N link add br0 type bridge
  $N link set br0 address 02:b0:00:00:00:01 up
  local i
  for i in $(seq 1 8); do
    $N link add swp$i type veth peer name swp${i}p
    $N link set swp$i address "02:b0:00:00:01:0$i" master br0 up
    $N link set swp${i}p up
  done
  $N link add u0 type veth peer name u0p
  $N link set u0 up
  $N link set u0p up
  $N addr add 10.1.0.1/16 dev u0
  $N link add vxlan100 type vxlan id 100 local 10.1.0.1 dstport 4789 nolearning
  $N link set vxlan100 address 02:0a:00:00:01:00 master br0 up
  $N link add vxlan200 type vxlan id 200 local 10.1.0.1 dstport 4789 nolearning
  $N link set vxlan200 address 02:0a:00:00:02:00 up
  awk 'BEGIN {
    for (i = 0; i < 4000; i++) {
      p = 1 + i % 8
      m = sprintf("02:f0:%02x:%02x:%02x:%02x", p, int(i / 65536) % 256, int(i / 256) % 256, i % 256)
      if (i % 40 == 5) printf "fdb add %s dev swp%d master static sticky\n", m, p
      else if (i % 40 == 9) printf "fdb add %s dev swp%d master extern_learn\n", m, p
      else if (i % 40 == 13) printf "fdb add %s dev swp%d master permanent\n", m, p
      else printf "fdb add %s dev swp%d master static\n", m, p
    }
    for (i = 0; i < 1500; i++) {
      m = sprintf("02:a1:00:%02x:%02x:01", int(i / 256), i % 256)
      printf "fdb add %s dev vxlan100 dst 10.1.%d.%d self permanent\n", m, 1 + int(i / 250), 2 + i % 250
      if (i % 3 == 0) printf "fdb add %s dev vxlan100 master static\n", m
    }
    for (i = 0; i < 500; i++) {
      m = sprintf("02:a2:00:%02x:%02x:01", int(i / 256), i % 256)
      printf "fdb add %s dev vxlan200 dst 10.1.%d.%d vni %d port %d self permanent\n", m, 10 + int(i / 250), 2 + i % 250, 200 + i % 3, (i % 2 ? 4789 : 8472)
    }
    for (i = 0; i < 16; i++) printf "fdb append 00:00:00:00:00:00 dev vxlan100 dst 10.1.1.%d self permanent\n", 2 + i
  }' >"$TMP/fdb"
  bridge -n "$ns" -batch "$TMP/fdb"
  log "fdb entries: $(bridge -n "$ns" fdb show | wc -l)"
  local scen="namespace $ns, ~6,500 FDB entries added with bridge -batch (bridge br0 with 8 ports + vxlan100/vxlan200)"
  capture "$ns" bridge-fdb fdb6k "$scen" "bridge fdb show"
  capture "$ns" bridge-fdb fdb6k "$scen" "bridge -s -s -d -t fdb show"
  capture "$ns" bridge-fdb fdb6k "$scen" "bridge -j fdb show"
  ip netns del "$ns"
}

# ------------------------------------------------------------ interfaces --
bench_ifaces() {
  local ns=nslab-bench-ifaces
  log "interfaces in $ns"
  lab_ns_add "$ns"
  awk 'BEGIN {
    srand(11)
    for (b = 0; b < 10; b++) printf "link add cbr%d type bridge\n", b
    for (i = 0; i < 525; i++) {
      h = sprintf("%08x", int(rand() * 4294967295))
      printf "link add veth%s type veth peer name eth%d\n", h, i
      printf "link set veth%s master cbr%d\n", h, i % 10
      printf "link set veth%s up\n", h
      if (i % 13 != 0) printf "link set eth%d up\n", i
      if (i % 50 == 7) printf "link set eth%d mtu 9000\n", i
      printf "address add 10.%d.%d.%d/24 dev eth%d\n", 100 + int(i / 250), i % 250, 2, i
      if (i % 5 == 0) printf "address add fd00:%x::2/64 dev eth%d\n", i, i
    }
    for (b = 0; b < 10; b++) {
      printf "link set cbr%d up\n", b
      printf "address add 10.250.%d.1/24 dev cbr%d\n", b, b
    }
  }' >"$TMP/ifaces"
  ip -n "$ns" -batch "$TMP/ifaces"
  ipns "$ns" ping -q -c 1 -W 1 10.250.0.1 >/dev/null 2>&1 || true
  log "interfaces: $(ip -n "$ns" -o link | wc -l)"
  local scen="namespace $ns, 1,061 interfaces (525 veth pairs + 10 bridges + lo) created with ip -batch"
  capture "$ns" ip-addr ifaces1k "$scen" "ip addr"
  capture "$ns" ip-link ifaces1k "$scen" "ip -d link"
  capture "$ns" ip-link ifaces1k "$scen" "ip -s -d link"
  capture "$ns" ifconfig ifaces1k "$scen" "ifconfig -a"
  capture "$ns" ip-addr ifaces1k "$scen" "ip -j addr"
  capture "$ns" ip-addr ifaces1k "$scen" "ip -br addr"
  ip netns del "$ns"
}

for w in "${WHAT[@]}"; do
  case "$w" in
    rt5k) bench_routes rt5k 5000 ;;
    rt100k) bench_routes rt100k 100000 ;;
    neigh) bench_neigh ;;
    fdb) bench_fdb ;;
    ifaces) bench_ifaces ;;
    *) die "unknown bench part $w" ;;
  esac
done
lab_finish "$BENCH_DIR/manifest.json" files
find "$BENCH_DIR" -name '*.txt.gz' -printf '%s\t%p\n' | sort -k2 >&2
log "done"
