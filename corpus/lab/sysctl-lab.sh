#!/usr/bin/env bash
# sysctl captures (procps-ng) in network namespaces shaped like flannel nodes: net.* is per
# network namespace (net.bridge.* too, since Linux 5.3), so each namespace has its own
# ip_forward, rp_filter and bridge-nf-call-iptables and nothing here changes the host's.
#
#   nssys-node-ok      ip_forward 1, rp_filter all 0 / flannel.1 0 / eth0 2 (loose), bridge-nf-call-iptables 1
#   nssys-node-broken  ip_forward 0, rp_filter all 1 (strict) / flannel.1 0 / eth0 1, bridge-nf-call-iptables 0
#   nssys-node-loose   ip_forward 1, rp_filter all 2 (loose) / flannel.1 1 / eth0 0, bridge-nf-call-iptables 1
#
# Each has eth0 (a veth whose peer stays in the same namespace), flannel.1 (vxlan id 1 dev eth0
# dstport 8472 nolearning, no remote) and the bridge cni0: no packet leaves, no route goes out.
# `sysctl -a` of a namespace is ~830 lines / 30 KB here, so it is captured whole (no --pattern).
# Values alone (sysctl -n, cat /proc/sys/…) go to sysctl/values/: they need the key from the
# command, which the corpus test does not pass (src/formats/sysctl/sysctl.test.ts reads them).
# br_netfilter is built into this kernel (/proc/sys/net/bridge always exists), so the absent-key
# case is captured with a device that is not there (the same "cannot stat" path of sysctl.c).
#
# Usage: sudo bash corpus/lab/sysctl-lab.sh
set -euo pipefail
source "$(dirname "$0")/lib.sh"
lab_init

command -v sysctl >/dev/null || die "sysctl (procps) missing"
command -v runuser >/dev/null || die "runuser (util-linux) missing"

# lib.sh knows iproute2/net-tools/busybox only
tool_version() {
  case "$1" in
    sysctl) sysctl --version 2>&1 | head -1 ;;
    runuser) echo "runuser from util-linux $(dpkg-query -W -f='${Version}' util-linux 2>/dev/null); $(sysctl --version 2>&1 | head -1)" ;;
    cat) cat --version 2>&1 | head -1 ;;
    *) echo unknown ;;
  esac
}
tool_package() {
  case "$1" in
    cat) dpkg-query -W -f='coreutils ${Version}' coreutils 2>/dev/null ;;
    *) dpkg-query -W -f='procps ${Version}' procps 2>/dev/null ;;
  esac
}

# lib.sh's file-name form plus '>' -> %3E, '&' -> %26 (for "... 2>&1", as iptables-lab.sh), "'" -> %27, '\' -> %5C
cmd_slug() {
  local s="$1"
  s="${s//\//%2F}"
  s="${s//:/%3A}"
  s="${s//>/%3E}"
  s="${s//&/%26}"
  s="${s//\'/%27}"
  s="${s//\\/%5C}"
  s="${s// /_}"
  printf '%s' "$s"
}

CONF=/tmp/nssys-k8s.conf
cleanup_conf() { rm -f -- "$CONF"; }
trap 'cleanup_conf; lab_cleanup' EXIT

ns_add() { lab_ns_add_as nssys- "$1"; }

# node NS N IP_FORWARD RP_ALL RP_FLANNEL RP_ETH0 BRIDGE_NF
node() {
  local ns="$1" n="$2" fwd="$3" rp_all="$4" rp_flannel="$5" rp_eth0="$6" brnf="$7"
  ns_add "$ns"
  ip -n "$ns" link add eth0 type veth peer name eth0-peer
  ip -n "$ns" link set eth0 up
  ip -n "$ns" link set eth0-peer up
  ip -n "$ns" addr add "192.168.86.$((188 + n))/24" dev eth0
  ip -n "$ns" link add flannel.1 type vxlan id 1 dev eth0 dstport 8472 nolearning local "192.168.86.$((188 + n))"
  ip -n "$ns" link set flannel.1 mtu 1450 up
  ip -n "$ns" addr add "10.244.$n.0/32" dev flannel.1
  ip -n "$ns" link add cni0 type bridge
  ip -n "$ns" link set cni0 up
  ip -n "$ns" addr add "10.244.$n.1/24" dev cni0
  ipns "$ns" sysctl -qw "net.ipv4.ip_forward=$fwd" "net.ipv4.conf.all.rp_filter=$rp_all" \
    "net.ipv4.conf.flannel/1.rp_filter=$rp_flannel" "net.ipv4.conf.eth0.rp_filter=$rp_eth0" \
    "net.bridge.bridge-nf-call-iptables=$brnf"
}

# a value alone: moved to sysctl/values/ (with its manifest record)
capture_value() {
  local ns="$1" name="$2" scen="$3" cmd="$4"
  local rel="sysctl/${name}__$(cmd_slug "$cmd").txt"
  capture "$ns" sysctl "$name" "$scen" "$cmd"
  mkdir -p "$CAPTURES_DIR/sysctl/values"
  mv "$CAPTURES_DIR/$rel" "$CAPTURES_DIR/sysctl/values/"
  jq -c --arg f "$rel" --arg to "sysctl/values/${rel#sysctl/}" 'if .file == $f then .file = $to else . end' \
    "$LAB_RECORDS" >"$LAB_RECORDS.j" && mv "$LAB_RECORDS.j" "$LAB_RECORDS"
}

battery() {
  local ns="$1" name="$2" scen="$3"
  local c
  for c in "sysctl -a" "sysctl net.ipv4.ip_forward" "sysctl net.bridge.bridge-nf-call-iptables" \
    "sysctl net.ipv4.conf.all.rp_filter net.ipv4.conf.default.rp_filter net.ipv4.conf.eth0.rp_filter net.ipv4.conf.flannel/1.rp_filter" \
    "sysctl net/ipv4/conf/flannel.1/rp_filter" "sysctl -a --pattern '^net\.ipv4\.conf\.'" \
    "sysctl net.ipv4.conf.cni0.forwarding net.ipv4.conf.docker0.rp_filter 2>&1"; do
    capture "$ns" sysctl "$name" "$scen" "$c"
  done
  for c in "sysctl -n net.ipv4.ip_forward" "cat /proc/sys/net/ipv4/ip_forward" "sysctl -n net.ipv4.tcp_rmem" \
    "sysctl -n net.ipv4.conf.all.rp_filter net.ipv4.conf.flannel/1.rp_filter"; do
    capture_value "$ns" "$name" "$scen" "$c"
  done
}

node nssys-node-ok 1 1 0 0 2 1
battery nssys-node-ok node-ok "namespace nssys-node-ok: flannel-like node (eth0 veth, flannel.1 vxlan, cni0 bridge), ip_forward 1, rp_filter all 0 / flannel.1 0 / eth0 2, bridge-nf-call-iptables 1"
# as an unprivileged user: sysctl warns of the keys only root may read, on stderr; with 2>&1 the
# warnings land between the lines of stdout (procps-ng 4.0.2 here: each at the line of its key)
capture nssys-node-ok sysctl node-ok "namespace nssys-node-ok, run as user nobody" "runuser -u nobody -- sysctl -a 2>&1"

node nssys-node-broken 2 0 1 0 1 0
battery nssys-node-broken node-broken "namespace nssys-node-broken: flannel-like node, ip_forward 0, rp_filter all 1 / flannel.1 0 / eth0 1, bridge-nf-call-iptables 0"
# sysctl -p of a kubeadm-style k8s.conf with a key of a device that is not there, an ignored one and a bad line
cat >"$CONF" <<'EOF'
# kubeadm's prerequisites
net.bridge.bridge-nf-call-iptables = 1
net.bridge.bridge-nf-call-ip6tables = 1
net.ipv4.ip_forward = 1
net.ipv4.conf.weave.rp_filter = 0
-net.ipv4.conf.docker0.forwarding = 1
this line is no setting
EOF
capture nssys-node-broken sysctl node-fixed "namespace nssys-node-broken after ip_forward/bridge-nf were 0: sysctl -p of $CONF (a key of an absent device, a '-' key, an invalid line)" "sysctl -p $CONF 2>&1"
capture nssys-node-broken sysctl node-fixed "namespace nssys-node-broken, after sysctl -p" "sysctl -w net.ipv4.ip_forward=1 net.ipv4.conf.all.rp_filter=2"
capture nssys-node-broken sysctl node-fixed "namespace nssys-node-broken, after sysctl -p and -w" "sysctl net.ipv4.ip_forward net.bridge.bridge-nf-call-iptables net.ipv4.conf.all.rp_filter"

node nssys-node-loose 3 1 2 1 0 1
battery nssys-node-loose node-loose "namespace nssys-node-loose: flannel-like node, ip_forward 1, rp_filter all 2 / flannel.1 1 / eth0 0, bridge-nf-call-iptables 1"

lab_finish
