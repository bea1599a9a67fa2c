# shellcheck shell=bash
# lib-incident.sh: shared helpers for the incident scenarios in corpus/lab/incidents/<scenario>.sh.
# Source it; do not run it. It builds flannel (vxlan backend) nodes in network namespaces the way
# flanneld's vxlan backend programs them, runs the REAL tools inside them and lays the results out as
# corpus/incidents/<scenario>/{manifest.json,sos/,transcript.txt,flattened.txt,expected.json}.
#
# Usage (a scenario script):
#   #!/usr/bin/env bash
#   set -euo pipefail
#   source "$(dirname "$0")/lib-incident.sh"
#   inc_init ov-example nsinca-ex-          # scenario name, namespace prefix (every namespace starts with it)
#   inc_plan 10.42.0.0/16 10.0.0.0/24 10.0.0.1   # cluster network, underlay network, underlay gateway
#   inc_node worker-a 10.0.0.11 10.42.0.0/24 0e:42:00:00:00:0a role=control-plane
#   inc_node worker-b 10.0.0.12 10.42.1.0/24 0e:42:00:00:00:0b       # options: role= mtu= (flannel.1)
#                                                        #  cni0=<addr/plen> cni0mtu= ethmtu= docker0=<addr/plen>
#                                                        #  gw=none (no default route: only the underlay /NN)
#   inc_flannel_mesh                        # every node: neigh + FDB + onlink route to every other node
#   inc_flannel_peer worker-a worker-b      # ... or pair by pair (refusals are recorded, see inc_try)
#   inc_pod worker-b web 10.42.1.5          # pod namespace with eth0 on the node's cni0 (veth)
#   inc_do worker-a "ip addr add 10.42.1.0/32 dev tunl0"     # run on the node; dies on failure
#   inc_try worker-a "ip route add ..."     # run on the node; a refusal goes to manifest "refused"
#   inc_standin_veth worker-a tunl0 1480    # veth stand-in (peer in its own namespace), NOARP, no IPv6
#   inc_standin "tunl0 is a veth ..."       # a sentence for manifest "standIns"
#   inc_ping worker-a/web 10.42.2.5         # ping from a pod (node/pod) or a node; result only logged
#   inc_sos worker-a 4 [fw]                 # sos 4.x (or 3) report of the node (fw: firewall_tables too)
#   inc_prompt '[root@%h ~]# '              # transcript prompt style; %h = host name ('' for none)
#   inc_say "on worker-a the route is missing:"   # a narration line in transcript.txt
#   inc_t worker-a "ip r" ["ip route"]      # prompt + typed command, then the real output of it
#                                           # (2nd arg: what actually runs if it differs; "sudo " is stripped)
#   INC_DESCRIPTION="..." INC_MODES="[1]"   # then write expected.json:  inc_expected <<'EOF' {...} EOF
#   inc_finish                              # flattened.txt, tarballs, manifest.json; namespaces go on exit
#
# Leases are /24s; a node's cni0 gets <lease>.1/24 unless cni0= says otherwise. Node namespaces are
# <prefix><host>, pods <prefix><host>-<pod>, stand-in peers <prefix><host>-<dev>. Everything is deleted
# again by an EXIT trap (also on failure). Nothing leaves the namespaces: the underlay is a bridge
# (br0 = the gateway address) in <prefix>underlay with one veth port per node.

INC_LIB_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
INC_REPO="$(cd "$INC_LIB_DIR/../../.." && pwd)"
INC_SCRIPT="corpus/lab/incidents/$(basename "$0")"
INC_NAMESPACES=()
INC_HOSTS=()
declare -A INC_NS=() INC_UIP=() INC_LEASE=() INC_VTEP=() INC_ROLE=() INC_CNI0=()
INC_PROMPT='# '
INC_DESCRIPTION="${INC_DESCRIPTION:-}"
INC_MODES="${INC_MODES:-[]}"

inc_die() { echo "error: $*" >&2; exit 1; }
inc_log() { echo "[${INC_SCENARIO:-incident}] $*" >&2; }

inc_cleanup() {
  local rc=$? ns
  for ns in "${INC_NAMESPACES[@]}"; do
    ip netns del "$ns" 2>/dev/null || true
  done
  INC_NAMESPACES=()
  [ -n "${INC_TMP:-}" ] && rm -rf -- "$INC_TMP"
  return $rc
}

# inc_init SCENARIO PREFIX: root check, tools, clean output directory, EXIT trap.
inc_init() {
  INC_SCENARIO="$1"; INC_PREFIX="$2"
  [ "$(id -u)" = 0 ] || inc_die "run as root (sudo bash $0)"
  case "$INC_PREFIX" in ns*-) ;; *) inc_die "namespace prefix must look like nsXXX-" ;; esac
  local missing=()
  command -v ip >/dev/null || missing+=(iproute2)
  command -v route >/dev/null || missing+=(net-tools)
  command -v jq >/dev/null || missing+=(jq)
  command -v ping >/dev/null || missing+=(iputils-ping)
  command -v xz >/dev/null || missing+=(xz-utils)
  command -v iptables >/dev/null || missing+=(iptables)
  if [ "${#missing[@]}" -gt 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
  trap inc_cleanup EXIT
  trap 'inc_log "FAILED at line $LINENO: $BASH_COMMAND"' ERR
  trap 'exit 130' INT TERM
  INC_TMP="$(mktemp -d /tmp/nsinc-tmp.XXXXXX)"
  : >"$INC_TMP/refused.jsonl"; : >"$INC_TMP/files.jsonl"; : >"$INC_TMP/standins.txt"
  INC_OUT="$INC_REPO/corpus/incidents/$INC_SCENARIO"
  INC_FIX="$INC_REPO/test/fixtures/incidents/$INC_SCENARIO"
  rm -rf -- "$INC_OUT" "$INC_FIX"
  mkdir -p "$INC_OUT"
  : >"$INC_OUT/transcript.txt"
}

# inc_ns_add NAME: a fresh namespace (a stale one of the same name, left by a killed run, goes first).
inc_ns_add() {
  local ns="$1"
  case "$ns" in "$INC_PREFIX"*) ;; *) inc_die "namespace $ns lacks prefix $INC_PREFIX" ;; esac
  ip netns del "$ns" 2>/dev/null || true
  ip netns add "$ns"
  INC_NAMESPACES+=("$ns")
  ip -n "$ns" link set lo up
  ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0 \
    net.ipv6.conf.all.accept_ra=0 net.ipv6.conf.default.accept_ra=0
}

# inc_plan CLUSTER_NETWORK UNDERLAY_CIDR GATEWAY [UNDERLAY_MTU]
inc_plan() {
  INC_CLUSTER="$1"; INC_UNDERLAY="$2"; INC_GW="$3"; INC_UMTU="${4:-1500}"
  INC_UPLEN="${INC_UNDERLAY#*/}"
  INC_UNS="${INC_PREFIX}underlay"
  inc_ns_add "$INC_UNS"
  ip -n "$INC_UNS" link add br0 type bridge
  ip -n "$INC_UNS" link set br0 address 52:54:00:ff:00:01 mtu "$INC_UMTU"
  ip -n "$INC_UNS" addr add "$INC_GW/$INC_UPLEN" brd + dev br0
  ip -n "$INC_UNS" link set br0 up
}

inc_hex() { printf '%02x' "$1"; }
# MAC from the IPv4 address, as the bridge CNI plugin does for pods (0a:58:<a>:<b>:<c>:<d>)
inc_ip_mac() {
  echo "$1" | awk -F. -v pre="${2:-0a:58}" '{printf "%s:%02x:%02x:%02x:%02x\n", pre, $1, $2, $3, $4}'
}
# deterministic veth name from a string: veth + 8 hex
inc_veth_name() { echo "veth$(printf '%s' "$1" | md5sum | cut -c1-8)"; }

# inc_node HOST UNDERLAY_IP LEASE VTEP_MAC [role=..] [mtu=1450] [cni0=A/P] [cni0mtu=] [ethmtu=] [docker0=A/P] [vxport=8472]
inc_node() {
  local host="$1" uip="$2" lease="$3" vtep="$4"; shift 4
  local role=worker mtu=1450 cni0="" cni0mtu="" ethmtu="$INC_UMTU" docker0="" gw="$INC_GW" vxport=8472 kv
  for kv in "$@"; do
    case "$kv" in
      role=*) role="${kv#role=}" ;; mtu=*) mtu="${kv#mtu=}" ;; cni0=*) cni0="${kv#cni0=}" ;;
      cni0mtu=*) cni0mtu="${kv#cni0mtu=}" ;; ethmtu=*) ethmtu="${kv#ethmtu=}" ;; docker0=*) docker0="${kv#docker0=}" ;;
      vxport=*) vxport="${kv#vxport=}" ;;
      gw=none) gw="" ;;
      *) inc_die "inc_node: unknown option $kv" ;;
    esac
  done
  local base="${lease%.0/24}"
  [ "$base" != "$lease" ] || inc_die "inc_node: lease $lease is not a /24 ending in .0"
  [ -n "$cni0" ] || cni0="$base.1/24"
  [ -n "$cni0mtu" ] || cni0mtu="$mtu"
  local ns="$INC_PREFIX$host" idx="${#INC_HOSTS[@]}" port
  port="vn$idx-$host"; port="${port:0:15}"   # IFNAMSIZ
  INC_HOSTS+=("$host"); INC_NS[$host]="$ns"; INC_UIP[$host]="$uip"; INC_LEASE[$host]="$lease"
  INC_VTEP[$host]="$vtep"; INC_ROLE[$host]="$role"; INC_CNI0[$host]="$cni0"
  inc_ns_add "$ns"
  local N="ip -n $ns"
  ip netns exec "$ns" sysctl -qw net.ipv4.ip_forward=1
  $N link add eth0 type veth peer name "$port" netns "$INC_UNS"
  ip -n "$INC_UNS" link set "$port" mtu "$ethmtu" master br0 up
  $N link set eth0 address "$(inc_ip_mac "$uip" 52:54)" mtu "$ethmtu" up
  $N addr add "$uip/$INC_UPLEN" brd + dev eth0
  [ -z "$gw" ] || $N route add default via "$gw" dev eth0 proto static
  # flannel.1 as flanneld's vxlan backend creates it
  $N link add flannel.1 type vxlan id 1 local "$uip" dev eth0 dstport "$vxport" nolearning
  $N link set flannel.1 address "$vtep" mtu "$mtu"
  $N addr add "$base.0/32" dev flannel.1
  $N link set flannel.1 up
  # cni0 (bridge CNI plugin): the gateway address of the lease
  $N link add cni0 type bridge
  $N link set cni0 address "$(inc_ip_mac "${cni0%/*}" ce:4a)" mtu "$cni0mtu"
  $N addr add "$cni0" brd + dev cni0
  $N link set cni0 up
  if [ -n "$docker0" ]; then
    $N link add docker0 type bridge
    $N link set docker0 address "$(inc_ip_mac "${docker0%/*}" 02:42)"
    $N addr add "$docker0" brd + dev docker0
    $N link set docker0 up
  fi
}

# inc_exec HOST CMD: run CMD (a shell string) on the node, clean environment, output to stdout
inc_exec() {
  local host="$1" cmd="$2" ns="${INC_NS[$1]:-$1}"
  ip netns exec "$ns" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 TERM=dumb bash -c "$cmd"
}
inc_do() { inc_exec "$1" "$2" || inc_die "on $1: '$2' failed"; }

# inc_try HOST CMD: run CMD on the node; when the kernel refuses it, keep exit code and stderr
inc_try() {
  local host="$1" cmd="$2" rc=0 err
  err="$(inc_exec "$host" "$cmd" 2>&1 >/dev/null)" || rc=$?
  if [ "$rc" != 0 ]; then
    inc_log "refused on $host ($rc): $cmd: $err"
    jq -cn --arg host "$host" --arg command "$cmd" --argjson exitCode "$rc" --arg stderr "$err" \
      '{host:$host, command:$command, exitCode:$exitCode, stderr:$stderr}' >>"$INC_TMP/refused.jsonl"
  fi
  return "$rc"
}

# inc_flannel_peer HOST PEER: what flanneld's vxlan backend does for one remote lease
# (vxlan_network.go handleSubnetEvents: AddARP, AddFDB, RouteReplace; when the route is refused it
# logs "failed to add vxlanRoute" and deletes the ARP and FDB entries again).
inc_flannel_peer() {
  local host="$1" peer="$2"
  local lease="${INC_LEASE[$peer]}" gw="${INC_LEASE[$peer]%/24}" mac="${INC_VTEP[$peer]}" dst="${INC_UIP[$peer]}"
  inc_do "$host" "ip neigh replace $gw lladdr $mac dev flannel.1 nud permanent"
  inc_do "$host" "bridge fdb replace $mac dev flannel.1 dst $dst self permanent"
  if ! inc_try "$host" "ip route replace $lease via $gw dev flannel.1 onlink"; then
    inc_do "$host" "ip neigh del $gw dev flannel.1"
    inc_do "$host" "bridge fdb del $mac dev flannel.1 dst $dst self"
    return 1
  fi
}
inc_flannel_mesh() {
  local h p
  for h in "${INC_HOSTS[@]}"; do
    for p in "${INC_HOSTS[@]}"; do
      [ "$h" = "$p" ] || inc_flannel_peer "$h" "$p" || true
    done
  done
}

# inc_pod HOST POD IP [MTU]: pod namespace, eth0 = veth peer of vethXXXXXXXX on cni0
inc_pod() {
  local host="$1" pod="$2" ip="$3" mtu="${4:-}"
  local ns="$INC_PREFIX$host-$pod" veth gw
  veth="$(inc_veth_name "$host/$pod")"
  gw="${INC_CNI0[$host]%/*}"
  [ -n "$mtu" ] || mtu="$(ip -n "${INC_NS[$host]}" -o link show cni0 | sed -n 's/.* mtu \([0-9]*\) .*/\1/p')"
  inc_ns_add "$ns"
  ip -n "${INC_NS[$host]}" link add "$veth" mtu "$mtu" type veth peer name eth0 mtu "$mtu" netns "$ns"
  ip -n "${INC_NS[$host]}" link set "$veth" master cni0 up
  ip -n "$ns" link set eth0 address "$(inc_ip_mac "$ip")" up
  ip -n "$ns" addr add "$ip/24" brd + dev eth0
  ip -n "$ns" route add "$INC_CLUSTER" via "$gw" dev eth0 onlink
  ip -n "$ns" route add default via "$gw" dev eth0 onlink
}

# inc_standin_veth HOST DEV [MTU]: a veth named DEV on the node (NOARP, IPv6 off, up), its peer alone
# in namespace <prefix><host>-<dev>: stands in for device types this kernel lacks (ipip, dummy)
inc_standin_veth() {
  local host="$1" dev="$2" mtu="${3:-1500}" pns="$INC_PREFIX$1-${2//./}"
  inc_ns_add "$pns"
  ip -n "${INC_NS[$host]}" link add "$dev" type veth peer name "${dev:0:10}-peer" netns "$pns"
  ip netns exec "${INC_NS[$host]}" sysctl -qw "net.ipv6.conf.${dev//./\/}.disable_ipv6=1"
  ip -n "${INC_NS[$host]}" link set "$dev" mtu "$mtu" arp off
  ip -n "$pns" link set "${dev:0:10}-peer" mtu "$mtu" arp off up
  ip -n "${INC_NS[$host]}" link set "$dev" up
}
inc_standin() { printf '%s\n' "$1" >>"$INC_TMP/standins.txt"; }

# inc_ping FROM TARGET [COUNT] [EXTRA PING OPTIONS]: FROM is HOST or HOST/POD; outcome only logged
inc_ping() {
  local from="$1" target="$2" count="${3:-3}" ns
  case "$from" in */*) ns="$INC_PREFIX${from%%/*}-${from#*/}" ;; *) ns="${INC_NS[$from]}" ;; esac
  if ip netns exec "$ns" ping -q -c "$count" -i 0.2 -W 1 ${4:-} "$target" >/dev/null 2>&1; then
    inc_log "ping $from -> $target: ok"
  else
    inc_log "ping $from -> $target: FAILED"
  fi
}

# inc_flannel_iptables HOST: flanneld's own chains (FLANNEL-FWD in filter, FLANNEL-POSTRTG in nat, as
# flannel 0.2x writes them), loaded with iptables-restore --noflush (the nf_tables backend)
inc_flannel_iptables() {
  local host="$1" lease="${INC_LEASE[$1]}" net="$INC_CLUSTER"
  inc_exec "$host" "iptables-restore --noflush" <<EOF
*filter
:FORWARD ACCEPT [0:0]
:FLANNEL-FWD - [0:0]
-A FORWARD -m comment --comment "flanneld forward" -j FLANNEL-FWD
-A FLANNEL-FWD -s $net -m comment --comment "flanneld forward" -j ACCEPT
-A FLANNEL-FWD -d $net -m comment --comment "flanneld forward" -j ACCEPT
COMMIT
*nat
:POSTROUTING ACCEPT [0:0]
:FLANNEL-POSTRTG - [0:0]
-A POSTROUTING -m comment --comment "flanneld masq" -j FLANNEL-POSTRTG
-A FLANNEL-POSTRTG -m mark --mark 0x4000/0x4000 -m comment --comment "flanneld masq" -j RETURN
-A FLANNEL-POSTRTG -s $lease -d $net -m comment --comment "flanneld masq" -j RETURN
-A FLANNEL-POSTRTG -s $net -d $lease -m comment --comment "flanneld masq" -j RETURN
-A FLANNEL-POSTRTG ! -s $net -d $lease -m comment --comment "flanneld masq" -j RETURN
-A FLANNEL-POSTRTG -s $net ! -d 224.0.0.0/4 -m comment --comment "flanneld masq" -j MASQUERADE --random-fully
-A FLANNEL-POSTRTG ! -s $net -d $net -m comment --comment "flanneld masq" -j MASQUERADE --random-fully
COMMIT
EOF
}

# format id of a command (netsift's format registry)
inc_format() {
  local c="${1#sudo }"
  case "$c" in
    route*|"netstat -rn"*) echo route-n ;;
    "ip -s -d link"*|"ip link"*|"ip -d link"*|"ip -s link"*|"ip l"|"ip l "*|"ip -d l"*|"ip -s -s link"*) echo ip-link ;;
    "ip rule"*|"ip -4 rule"*|"ip -6 rule"*|"ip ru"*) echo ip-rule ;;
    "ip r"|"ip r "*|"ip ro"*|"ip route"*|"ip -d route"*|"ip -6 route"*|"ip -4 route"*|"ip -d r"*) echo ip-route ;;
    "ip a"|"ip a "*|"ip addr"*|"ip address"*|"ip -d a"*|"ip -o a"*|"ip -4 a"*|"ip -br a"*) echo ip-addr ;;
    "ip n"|"ip n "*|"ip neigh"*|"ip -s"*neigh*|"ip -s -s n"*) echo ip-neigh ;;
    bridge*) echo bridge-fdb ;;
    ifconfig*) echo ifconfig ;;
    iptables-save*|iptables-legacy-save*) echo iptables-save ;;
    "iptables "*-S*) echo iptables-list-rules ;;
    iptables*) echo iptables-list ;;
    *) echo unknown ;;
  esac
}

inc_mangle() {
  printf '%s' "$1" | sed -E 's#^/(usr/)?s?bin/##; s#[^A-Za-z0-9_./-]+#_#g; s#/#.#g; s#^[ ._-]+##; s#[ ._-]+$##'
}

# inc_sos HOST 3|4 [fw]: a sos report directory of the node, outputs under sos's own file names
inc_sos() {
  local host="$1" ver="$2" fw="${3:-}" r dir c cmds=()
  r="sosreport-$host"; dir="$INC_OUT/sos/$r"
  rm -rf -- "$dir"; mkdir -p "$dir/sos_commands/networking"
  if [ "$ver" = 4 ]; then
    mkdir -p "$dir/sos_commands/host"; printf '%s\n' "$host" >"$dir/sos_commands/host/hostname"
    ln -s sos_commands/host/hostname "$dir/hostname"
    cmds=("ip route show table all" "ip -6 route show table all" "ip -d route show table all" "ip -d address"
      "ip -o addr" "ip -s -d link" "ip -4 rule list" "ip -6 rule list" "ip -s -s neigh show"
      "ip neigh show nud noarp" "bridge -s -s -d -t fdb show")
  else
    mkdir -p "$dir/sos_commands/general"; printf '%s\n' "$host" >"$dir/sos_commands/general/hostname"
    ln -s sos_commands/general/hostname "$dir/hostname"
    cmds=("route -n" "ifconfig -a" "ip route show table all" "ip -6 route show table all" "ip address"
      "ip -o addr" "ip -s -d link" "ip -4 rule" "ip -6 rule" "ip neigh show" "ip neigh show nud noarp"
      "bridge -s -s -d -t fdb show")
  fi
  for c in "${cmds[@]}"; do
    inc_exec "$host" "$c" >"$dir/sos_commands/networking/$(inc_mangle "$c")" 2>/dev/null || true
    inc_file "sos/$r/sos_commands/networking/$(inc_mangle "$c")" "$host" "$c"
  done
  if [ -n "$fw" ]; then
    local fdir=firewall_tables t
    [ "$ver" = 3 ] && fdir=networking
    mkdir -p "$dir/sos_commands/$fdir"
    cmds=("iptables-save" "iptables -vnxL")
    for t in filter nat mangle raw; do cmds+=("iptables -t $t -nvL"); done
    for c in "${cmds[@]}"; do
      # iptables-save's "# Generated by ... on <date>" lines: real, but they change on every run
      inc_exec "$host" "$c" >"$dir/sos_commands/$fdir/$(inc_mangle "$c")" 2>/dev/null || true
      inc_file "sos/$r/sos_commands/$fdir/$(inc_mangle "$c")" "$host" "$c"
    done
  fi
}

inc_file() { # inc_file FILE HOST COMMAND [FORMAT]
  jq -cn --arg file "$1" --arg host "$2" --arg command "$3" --arg format "${4:-$(inc_format "$3")}" \
    '{file:$file, host:(if $host == "" then null else $host end), command:$command, format:$format}' >>"$INC_TMP/files.jsonl"
}

# ------------------------------------------------------------------------------ transcript --
inc_prompt() { INC_PROMPT="$1"; }
inc_say() { printf '%s\n' "$*" >>"$INC_OUT/transcript.txt"; }
# inc_t HOST TYPED [REAL]: prompt + TYPED, then the output of REAL (default TYPED without "sudo ")
inc_t() {
  local host="$1" typed="$2" real="${3:-}"
  [ -n "$real" ] || real="${typed#sudo }"
  printf '%s%s\n' "${INC_PROMPT//%h/$host}" "$typed" >>"$INC_OUT/transcript.txt"
  inc_exec "$host" "$real" >>"$INC_OUT/transcript.txt" 2>&1 || true
  inc_file transcript.txt "$host" "$typed" "$(inc_format "$real")"
}

inc_expected() { jq . >"$INC_OUT/expected.json"; }

# inc_fixture HOST NAME < content: a synthetic fixture under test/fixtures/incidents/<scenario>/<host>/
inc_fixture() { mkdir -p "$INC_FIX/$1"; cat >"$INC_FIX/$1/$2"; }

# ------------------------------------------------------------------------------- finish --
inc_finish() {
  local r nodes="{}" h
  tr '\n' ' ' <"$INC_OUT/transcript.txt" >"$INC_OUT/flattened.txt"
  inc_file flattened.txt "" "transcript.txt with every newline replaced by a space" paste
  if [ -d "$INC_OUT/sos" ]; then
    (cd "$INC_OUT/sos" && for r in sosreport-*/; do
      r="${r%/}"
      tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 --format=posix \
        --pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime -cf - "$r" | xz -9 -c >"$r.tar.xz"
    done)
  fi
  for h in "${INC_HOSTS[@]}"; do
    nodes="$(jq -c --arg h "$h" --arg u "${INC_UIP[$h]}" --arg s "${INC_LEASE[$h]}" --arg m "${INC_VTEP[$h]}" \
      --arg r "${INC_ROLE[$h]}" '. + {($h): {underlayIp:$u, podSubnet:$s, vtepMac:$m, role:$r}}' <<<"$nodes")"
  done
  jq -n --arg scenario "$INC_SCENARIO" --arg script "$INC_SCRIPT" --arg description "$INC_DESCRIPTION" \
    --argjson modes "$INC_MODES" --arg cluster "$INC_CLUSTER" --arg underlay "$INC_UNDERLAY" \
    --argjson nodes "$nodes" --rawfile standins "$INC_TMP/standins.txt" --arg kernel "$(uname -r)" \
    --arg iproute2 "$(ip -V | head -1)" --arg iptables "$(iptables --version 2>/dev/null | head -1)" \
    --arg nettools "$(route --version 2>&1 | head -1)" --arg date "$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
    --slurpfile refused "$INC_TMP/refused.jsonl" --slurpfile files "$INC_TMP/files.jsonl" \
    '{scenario:$scenario, script:$script, description:$description, failureModes:$modes,
      ipPlan:{clusterNetwork:$cluster, underlay:$underlay}, nodes:$nodes,
      standIns:($standins | split("\n") | map(select(. != ""))), kernel:$kernel,
      tools:{iproute2:$iproute2, iptables:$iptables, "net-tools":$nettools}, date:$date,
      refused:$refused, files:$files}' >"$INC_OUT/manifest.json"
  [ -s "$INC_OUT/expected.json" ] || inc_log "warning: no expected.json written"
  inc_log "done: $(du -sh "$INC_OUT" | cut -f1) in corpus/incidents/$INC_SCENARIO"
}
