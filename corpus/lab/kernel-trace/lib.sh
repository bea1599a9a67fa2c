# shellcheck shell=bash
# lib.sh: helpers for the differential netsift-trace scenarios (namespaces nsrevc-<sc>-*).
# Flannel-like nodes (eth0 on an underlay bridge, flannel.1 vxlan with static neigh/FDB, cni0 + pods).
# Source it from a scenario script. Output: corpus/kernel-trace/<sc>/ (transcript.txt: the nodes' outputs as
# pasted; kernel.txt: what the kernel did with each probe; counters-*.txt, listen-*.log: its evidence), and
# netsift's own traces of the same probes in ${TMPDIR:-/tmp}/kernel-trace-netsift/<sc>/ (not captures).
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
NETSIFT="node $REPO/dist/cli.js"
PY=/usr/bin/python3
LAB_NS=(); LAB_PIDS=(); LAB_HOSTS=()
declare -A LAB_NSOF=() LAB_UIP=() LAB_LEASE=() LAB_VTEP=()

lab_cleanup() {
  [ "${LAB_KEEP:-0}" = 1 ] && { echo "kept: ${LAB_NS[*]} pids ${LAB_PIDS[*]}" >&2; return; }
  local p ns
  for p in "${LAB_PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for ns in "${LAB_NS[@]}"; do ip netns del "$ns" 2>/dev/null || true; done
}
lab_init() {
  SC="$1"; PFX="nsrevc-$1-"; OUT="$REPO/corpus/kernel-trace/$SC"; NOUT="${TMPDIR:-/tmp}/kernel-trace-netsift/$SC"
  rm -rf "$OUT" "$NOUT"; mkdir -p "$OUT" "$NOUT"; : >"$OUT/transcript.txt"; : >"$OUT/kernel.txt"; : >"$NOUT/netsift.txt"
  trap lab_cleanup EXIT
  ULAN="${PFX}u"; ns_add "$ULAN"
  ip -n "$ULAN" link add br0 type bridge
  ip -n "$ULAN" addr add 10.0.0.1/24 brd + dev br0
  ip -n "$ULAN" link set br0 up
}
ns_add() { ip netns del "$1" 2>/dev/null || true; ip netns add "$1"; LAB_NS+=("$1"); ip -n "$1" link set lo up;
  ip netns exec "$1" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1; }
mac_of() { echo "$1" | awk -F. -v pre="${2:-0a:58}" '{printf "%s:%02x:%02x:%02x:%02x\n", pre, $1, $2, $3, $4}'; }
# node HOST UIP LEASE(/24) VTEP
node_add() {
  local h="$1" uip="$2" lease="$3" vtep="$4" ns="${PFX}$1" base="${3%.0/24}" port
  port="v${#LAB_HOSTS[@]}-$h"; port="${port:0:15}"
  LAB_HOSTS+=("$h"); LAB_NSOF[$h]="$ns"; LAB_UIP[$h]="$uip"; LAB_LEASE[$h]="$lease"; LAB_VTEP[$h]="$vtep"
  ns_add "$ns"; ip netns exec "$ns" sysctl -qw net.ipv4.ip_forward=1
  ip -n "$ns" link add eth0 type veth peer name "$port" netns "$ULAN"
  ip -n "$ULAN" link set "$port" master br0 up
  ip -n "$ns" link set eth0 address "$(mac_of "$uip" 52:54)" up
  ip -n "$ns" addr add "$uip/24" brd + dev eth0
  ip -n "$ns" route add default via 10.0.0.1 dev eth0 proto static
  ip -n "$ns" link add flannel.1 type vxlan id 1 local "$uip" dev eth0 dstport 8472 nolearning
  ip -n "$ns" link set flannel.1 address "$vtep" mtu 1450 up
  ip -n "$ns" addr add "$base.0/32" dev flannel.1
  ip -n "$ns" link add cni0 type bridge
  ip -n "$ns" link set cni0 address "$(mac_of "$base.1" ce:4a)" mtu 1450
  ip -n "$ns" addr add "$base.1/24" brd + dev cni0
  ip -n "$ns" link set cni0 up
}
mesh() {
  local h p
  for h in "${LAB_HOSTS[@]}"; do for p in "${LAB_HOSTS[@]}"; do [ "$h" = "$p" ] && continue
    local gw="${LAB_LEASE[$p]%/24}"
    x "$h" "ip neigh replace $gw lladdr ${LAB_VTEP[$p]} dev flannel.1 nud permanent"
    x "$h" "bridge fdb replace ${LAB_VTEP[$p]} dev flannel.1 dst ${LAB_UIP[$p]} self permanent"
    x "$h" "ip route replace ${LAB_LEASE[$p]} via $gw dev flannel.1 onlink"
  done; done
}
# pod HOST POD IP
pod_add() {
  local h="$1" pod="$2" ip="$3" ns="${PFX}$1-$2" veth gw
  veth="veth$(printf '%s' "$h/$pod" | md5sum | cut -c1-8)"; gw="${LAB_LEASE[$h]%.0/24}.1"
  ns_add "$ns"; LAB_NSOF[$h/$pod]="$ns"
  ip -n "${LAB_NSOF[$h]}" link add "$veth" mtu 1450 type veth peer name eth0 mtu 1450 netns "$ns"
  ip -n "${LAB_NSOF[$h]}" link set "$veth" master cni0 up
  ip -n "$ns" link set eth0 address "$(mac_of "$ip")" up
  ip -n "$ns" addr add "$ip/24" brd + dev eth0
  ip -n "$ns" route add default via "$gw" dev eth0 onlink
}
# x HOST|HOST/POD|u CMD
x() { local ns; if [ "$1" = u ]; then ns="$ULAN"; else ns="${LAB_NSOF[$1]}"; fi
  ip netns exec "$ns" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 bash -c "$2"; }
# listen WHO PORT... : TCP and UDP listeners (accept and close; UDP: count)
listen() {
  local who="$1"; shift; local ns; if [ "$who" = u ]; then ns="$ULAN"; else ns="${LAB_NSOF[$who]}"; fi
  ip netns exec "$ns" "$PY" - "$@" >"$OUT/listen-${who//\//_}.log" 2>&1 <<'PY' &
import socket, sys, selectors, time
sel = selectors.DefaultSelector()
for p in sys.argv[1:]:
    t = socket.socket(); t.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); t.bind(("0.0.0.0", int(p))); t.listen(64); sel.register(t, selectors.EVENT_READ, "tcp")
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.bind(("0.0.0.0", int(p))); sel.register(u, selectors.EVENT_READ, "udp")
print("ready", flush=True)
while True:
    for key, _ in sel.select():
        s = key.fileobj
        if key.data == "tcp":
            c, a = s.accept(); print("tcp", s.getsockname()[1], "from", a, "local", c.getsockname(), flush=True); c.close()
        else:
            d, a = s.recvfrom(2048); print("udp", s.getsockname()[1], "from", a, flush=True)
PY
  LAB_PIDS+=("$!"); sleep 0.4
}
# probe WHO DST PORT [udp] [SRC-BIND]: prints connected / refused / timeout / errno
probe() {
  local who="$1" dst="$2" port="$3" proto="${4:-tcp}" src="${5:-}" ns
  if [ "$who" = u ]; then ns="$ULAN"; else ns="${LAB_NSOF[$who]}"; fi
  ip netns exec "$ns" "$PY" - "$dst" "$port" "$proto" "$src" <<'PY'
import socket, sys, errno
dst, port, proto, src = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM if proto == "tcp" else socket.SOCK_DGRAM)
s.settimeout(1.5)
if src: s.bind((src, 0))
try:
    if proto == "tcp":
        s.connect((dst, port)); print("connected", s.getsockname()[0])
    else:
        s.connect((dst, port)); s.send(b"x")
        try: s.recv(10); print("udp-reply")
        except socket.timeout: print("udp-sent(no-error)", s.getsockname()[0])
except socket.timeout: print("timeout")
except OSError as e: print("error", errno.errorcode.get(e.errno, e.errno))
PY
}
# k LABEL WHO DST PORT [udp] [SRC]: kernel probe, logged
k() { local label="$1"; shift; local r; r="$(probe "$@" 2>&1)"; printf '%-28s %-45s %s\n' "$label" "probe $*" "$r" | tee -a "$OUT/kernel.txt"; }
prompt() { PROMPT="$1"; }
PROMPT='[root@%h ~]# '
# t HOST CMD: transcript
t() { printf '%s%s\n' "${PROMPT//%h/$1}" "$2" >>"$OUT/transcript.txt"; x "$1" "$2" >>"$OUT/transcript.txt" 2>&1 || true; }
capture() { local h; for h in "$@"; do
  t "$h" "ip addr"; t "$h" "ip route"; t "$h" "ip rule"; t "$h" "ip neigh"; t "$h" "bridge fdb show dev flannel.1"; t "$h" "ip -d link show flannel.1"; t "$h" "iptables-save"
done; }
# n LABEL ARGS...: netsift trace on the transcript, one-line summary + full output kept
n() { local label="$1"; shift; local cmd="netsift trace $OUT/transcript.txt $*"
  { echo "### $label: $cmd"; $NETSIFT trace "$OUT/transcript.txt" "$@" 2>&1 || true; echo; } >>"$NOUT/netsift.txt"
  local s; s="$($NETSIFT trace "$OUT/transcript.txt" "$@" --format json 2>/dev/null | jq -c '[.branches[] | "\(.probability*100|floor)% \(.disposition)@\(.at) ep=\(.endpoint) reply=\(.reply.disposition // "-")@\(.reply.at // "-")"]' || echo ERR)"
  printf '%-28s %s\n' "$label" "$s" | tee -a "$NOUT/netsift-summary.txt"; }
counters() { x "$1" "iptables-save -c" > "$OUT/counters-${1//\//_}-$2.txt"; }
