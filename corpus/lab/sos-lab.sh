#!/usr/bin/env bash
# Builds sos-report-shaped directories and tarballs for netsift's sos ingest from REAL captures
# already in corpus/captures/: each capture is copied, byte for byte, under the file name sos gives
# that command's output (sos/report/plugins/__init__.py _mangle_command; plugins networking.py and
# firewall_tables.py of sos 4.x, networking.py and general.py of sos 3.x). Needs no root and no
# namespaces: only cp, tar, gzip, xz and bzip2 (apt-get install -y xz-utils bzip2).
#
#   bash corpus/lab/sos-lab.sh        # corpus/sos/sosreport-*/ and sosreport-*.tar{,.gz,.xz,.bz2}
set -euo pipefail

LAB_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CORPUS_DIR="$(cd "$LAB_DIR/.." && pwd)"
CAPTURES="$CORPUS_DIR/captures"
OUT="$CORPUS_DIR/sos"

die() { echo "error: $*" >&2; exit 1; }
for tool in tar gzip xz bzip2; do command -v "$tool" >/dev/null || die "$tool is missing (apt-get install -y xz-utils bzip2)"; done

# put REPORT SOS_PATH CAPTURE: copy corpus/captures/CAPTURE to REPORT/SOS_PATH
put() {
  local report="$1" path="$2" capture="$3"
  [ -f "$CAPTURES/$capture" ] || die "missing capture $capture"
  mkdir -p "$OUT/$report/$(dirname "$path")"
  cp "$CAPTURES/$capture" "$OUT/$report/$path"
}

# hostname REPORT NAME DIR: the hostname command's output, and sos's root symlink to it. The lab
# nodes are network namespaces named after the scenario: this one file is written, not captured.
hostname_file() {
  local report="$1" name="$2" dir="$3"
  mkdir -p "$OUT/$report/$dir"
  printf '%s\n' "$name" >"$OUT/$report/$dir/hostname"
  ln -s "$dir/hostname" "$OUT/$report/hostname"
}

rm -rf "$OUT"/sosreport-*
mkdir -p "$OUT"

# sos 4.x layout (sos_commands/host/hostname, ip -d address, ip -4 rule list, bridge fdb)
for node in flannel-node1 flannel-node2; do
  r="sosreport-$node"
  hostname_file "$r" "$node" sos_commands/host
  n=sos_commands/networking
  put "$r" "$n/ip_route_show_table_all" "ip-route/${node}__ip_route_show_table_all.txt"
  put "$r" "$n/ip_-6_route_show_table_all" "ip-route/${node}__ip_-6_route_show_table_all.txt"
  put "$r" "$n/ip_-d_address" "ip-addr/${node}__ip_-d_address.txt"
  put "$r" "$n/ip_-o_addr" "ip-addr/${node}__ip_-o_addr.txt"
  put "$r" "$n/ip_-s_-d_link" "ip-link/${node}__ip_-s_-d_link.txt"
  put "$r" "$n/ip_-4_rule_list" "ip-rule/${node}__ip_-4_rule_list.txt"
  put "$r" "$n/ip_-6_rule_list" "ip-rule/${node}__ip_-6_rule_list.txt"
  put "$r" "$n/ip_-s_-s_neigh_show" "ip-neigh/${node}__ip_-s_-s_neigh_show.txt"
  put "$r" "$n/bridge_-s_-s_-d_-t_fdb_show" "bridge-fdb/${node}__bridge_-s_-s_-d_-t_fdb_show.txt"
done

# sos 3.x layout (sos_commands/general/hostname, route -n, ifconfig -a, ip address, ip -4 rule)
node=flannel-node3
r="sosreport-$node"
hostname_file "$r" "$node" sos_commands/general
n=sos_commands/networking
put "$r" "$n/route_-n" "route-n/${node}__route_-n.txt"
put "$r" "$n/ifconfig_-a" "ifconfig/${node}__ifconfig_-a.txt"
put "$r" "$n/ip_route_show_table_all" "ip-route/${node}__ip_route_show_table_all.txt"
put "$r" "$n/ip_-6_route_show_table_all" "ip-route/${node}__ip_-6_route_show_table_all.txt"
put "$r" "$n/ip_address" "ip-addr/${node}__ip_address_show.txt"   # "ip address" = "ip address show"
put "$r" "$n/ip_-o_addr" "ip-addr/${node}__ip_-o_addr.txt"
put "$r" "$n/ip_-s_-d_link" "ip-link/${node}__ip_-s_-d_link.txt"
put "$r" "$n/ip_-4_rule" "ip-rule/${node}__ip_-4_rule_list.txt"      # "ip -4 rule" = "ip -4 rule list"
put "$r" "$n/ip_-6_rule" "ip-rule/${node}__ip_-6_rule_list.txt"
put "$r" "$n/ip_neigh_show" "ip-neigh/${node}__ip_neigh.txt"         # "ip neigh" = "ip neigh show"

# sos 4.x firewall_tables of the iptables lab's host188 (legacy backend: iptables-legacy is the
# binary that printed it; sos runs "iptables", which is iptables-legacy on such a node)
r=sosreport-host188
hostname_file "$r" host188 sos_commands/host
f=sos_commands/firewall_tables
for table in filter nat mangle raw; do
  put "$r" "$f/iptables_-t_${table}_-nvL" "iptables-list/host188-legacy__iptables-legacy_-t_${table}_-nvL.txt"
done
put "$r" "$f/iptables_-vnxL" "iptables-list/host188-legacy__iptables-legacy_-vnxL.txt"

# tarballs as sos writes them (one top directory), reproducible: sorted, owner 0, fixed mtime, pax
# headers without atime/ctime; gzip -n leaves out the name and time
cd "$OUT"
for dir in sosreport-*/; do
  r="${dir%/}"
  tar --sort=name --owner=0 --group=0 --numeric-owner --mtime='2026-01-01 00:00:00Z' \
    --format=posix --pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime \
    -cf "$r.tar" "$r"
  gzip -n -9 -c "$r.tar" >"$r.tar.gz"
  xz -9 -c "$r.tar" >"$r.tar.xz"
  bzip2 -9 -c "$r.tar" >"$r.tar.bz2"
  # the plain tar only for node1: the others are the same bytes, uncompressed
  [ "$r" = sosreport-flannel-node1 ] || rm "$r.tar"
done
echo "sos-lab: $(ls -d sosreport-*/ | wc -l) reports, $(du -sh . | cut -f1) in corpus/sos" >&2
