#!/usr/bin/env bash
# What the tools print instead of a listing when it cannot be made: a device, chain or file that
# does not exist, a program that is not installed, a user who is not root. Each capture is what a
# terminal shows (stdout and stderr together, 2>&1), from a brand-new namespace that has only lo:
# no flannel.1, no cni0, no KUBE-* chains.
#
#   nslab-errors   the namespace (deleted again on exit)
#
# Writes corpus/terminal/<command slug>.txt and corpus/terminal/manifest.json (command, tool,
# package, exit code). src/ingest/terminal.test.ts reads every one of them as pasted output.
#
# Usage: sudo bash corpus/lab/terminal-errors.sh
set -euo pipefail
source "$(dirname "$0")/lib.sh"
lab_init
lab_need_nft

NS=nslab-errors
OUT="$CORPUS_DIR/terminal"
lab_ns_add "$NS"
mkdir -p "$OUT"
rm -f "$OUT"/*.txt
MANIFEST="$(mktemp)"

package_of() {
  case "$1" in
    ip | bridge) dpkg-query -W -f='iproute2 ${Version}' iproute2 ;;
    ifconfig | route) dpkg-query -W -f='net-tools ${Version}' net-tools ;;
    iptables* | ip6tables*) dpkg-query -W -f='iptables ${Version}' iptables ;;
    nft) dpkg-query -W -f='nftables ${Version}' nftables ;;
    cat) dpkg-query -W -f='coreutils ${Version}' coreutils ;;
    sysctl) dpkg-query -W -f='procps ${Version}' procps ;;
    bash) dpkg-query -W -f='bash ${Version}' bash ;;
    sh) dpkg-query -W -f='dash ${Version}' dash ;;
    *) echo unknown ;;
  esac
}

# terminal NAME SHELL COMMAND [PREFIX...]: runs COMMAND as SHELL -c (bash, or sh for dash) in the
# namespace, PREFIX words before the shell (setpriv to drop root), and keeps stdout+stderr.
terminal() {
  local name="$1" shell="$2" cmd="$3"
  shift 3
  local file="$name.txt" rc=0
  # PATH_OVERRIDE: a PATH without the tools, for "command not found"
  ip netns exec "$NS" env -i PATH="${PATH_OVERRIDE:-/usr/sbin:/usr/bin:/sbin:/bin}" LANG=C.UTF-8 TERM=dumb \
    "$@" "/bin/$shell" -c "$cmd" >"$OUT/$file" 2>&1 || rc=$?
  local tool="${cmd%% *}"
  [ -n "${PATH_OVERRIDE:-}" ] && tool="$shell"
  jq -cn --arg file "$file" --arg command "$cmd" --arg shell "$shell" --arg via "$*" \
    --arg package "$(package_of "$tool")" --arg kernel "$(uname -r)" \
    --arg date "$(date -u +%Y-%m-%dT%H:%M:%SZ)" --argjson exitCode "$rc" --arg path "${PATH_OVERRIDE:-}" \
    '{file:$file, command:$command, shell:$shell, package:$package, kernel:$kernel, date:$date, exitCode:$exitCode}
     + (if $via != "" then {runAs:$via} else {} end)
     + (if $path != "" then {path:$path, note:"PATH without the program: what the shell prints for a program that is not installed"} else {} end)' >>"$MANIFEST"
}

# iproute2: nodev() for ip neigh / ip route / bridge fdb, ip addr / ip link's own message
terminal ip_neigh_show_dev_flannel.1 bash 'ip neigh show dev flannel.1'
terminal ip_-6_neigh_show_dev_flannel.1 bash 'ip -6 neigh show dev flannel.1'
terminal ip_route_show_dev_flannel.1 bash 'ip route show dev flannel.1'
terminal ip_addr_show_dev_flannel.1 bash 'ip addr show dev flannel.1'
terminal ip_-d_link_show_flannel.1 bash 'ip -d link show flannel.1'
terminal ip_-s_-d_link_show_cni0 bash 'ip -s -d link show cni0'
terminal bridge_fdb_show_dev_flannel.1 bash 'bridge fdb show dev flannel.1'
terminal bridge_fdb_show_br_cni0 bash 'bridge fdb show br cni0'
terminal ip_foo bash 'ip foo'
terminal ip_neigh_foo bash 'ip neigh foo'
terminal ip_neigh_show_dev bash 'ip neigh show dev'
# net-tools
terminal ifconfig_flannel.1 bash 'ifconfig flannel.1'
# iptables-nft 1.8.9 calls a chain that is not there "incompatible"; run it before any legacy table exists
terminal iptables-nft_-t_nat_-S_KUBE-SVC-NOPE bash 'iptables-nft -t nat -S KUBE-SVC-NOPE'
terminal iptables-nft_-t_nat_-nvL_KUBE-NODEPORTS bash 'iptables-nft -t nat -nvL KUBE-NODEPORTS'
terminal iptables-legacy_-t_nat_-nL_KUBE-SVC-NOPE bash 'iptables-legacy -t nat -nL KUBE-SVC-NOPE'
terminal iptables-legacy_-t_nat_-S_KUBE-NODEPORTS bash 'iptables-legacy -t nat -S KUBE-NODEPORTS'
# now that a legacy table exists, iptables-nft warns first
terminal iptables-nft_-t_nat_-S_KUBE-NODEPORTS_after_legacy bash 'iptables-nft -t nat -S KUBE-NODEPORTS'
# not root
terminal iptables-nft_-t_nat_-nvL_as_nobody bash 'iptables-nft -t nat -nvL' setpriv --reuid=nobody --regid=nogroup --clear-groups --inh-caps=-all --bounding-set=-all
terminal iptables-legacy_-t_nat_-nvL_as_nobody bash 'iptables-legacy -t nat -nvL' setpriv --reuid=nobody --regid=nogroup --clear-groups --inh-caps=-all --bounding-set=-all
terminal iptables-legacy-save_as_nobody bash 'iptables-legacy-save' setpriv --reuid=nobody --regid=nogroup --clear-groups --inh-caps=-all --bounding-set=-all
# nft, and flannel's subnet.env where flannel never ran
terminal nft_list_table_ip_kube-proxy bash 'nft list table ip kube-proxy'
terminal cat_run_flannel_subnet.env bash 'cat /run/flannel/subnet.env'
# several /proc/sys files, the middle one missing (no flannel.1 here): cat writes its error between
# the values; sysctl's stdout to a file is flushed at exit, so its warning comes first
terminal cat_proc_sys_three_keys bash 'cat /proc/sys/net/ipv4/ip_forward /proc/sys/net/ipv4/conf/flannel.1/rp_filter /proc/sys/net/ipv4/conf/all/rp_filter'
terminal sysctl_-n_three_keys bash 'sysctl -n net.ipv4.ip_forward net.ipv4.conf.flannel/1.rp_filter net.ipv4.conf.all.rp_filter'
# programs that are not installed: bash and dash
PATH_OVERRIDE=/nonexistent terminal bash_route_-n bash 'route -n'
PATH_OVERRIDE=/nonexistent terminal bash_ifconfig_-a bash 'ifconfig -a'
PATH_OVERRIDE=/nonexistent terminal sh_route_-n sh 'route -n'

jq -s 'sort_by(.file)' "$MANIFEST" >"$OUT/manifest.json"
rm -f "$MANIFEST"
log "wrote $(find "$OUT" -name '*.txt' | wc -l) captures to $OUT"
