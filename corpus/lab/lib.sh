# shellcheck shell=bash
# Shared helpers for the netsift lab scripts. Source it; do not run it.
#
# Every namespace a script makes is named nslab-* and is registered with
# `lab_ns_add`; `lab_cleanup` (installed as an EXIT trap by `lab_init`)
# deletes exactly those namespaces again, on success and on failure.

LAB_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CORPUS_DIR="$(cd "$LAB_DIR/.." && pwd)"
CAPTURES_DIR="$CORPUS_DIR/captures"
BENCH_DIR="$CORPUS_DIR/bench" # used by make-bench.sh
export BENCH_DIR
# Manifest records of this run are collected in a temporary JSON-lines file
# (outside the repository) and merged into manifest.json by lab_finish.
LAB_RECORDS=""

LAB_NAMESPACES=()
LAB_SCRIPT="$(basename "$0")"

die() { echo "error: $*" >&2; exit 1; }
log() { echo "[$LAB_SCRIPT] $*" >&2; }

lab_require_root() {
  [ "$(id -u)" = 0 ] || die "run as root (sudo bash $0)"
}

# Install the few Debian packages the lab needs if they are missing.
lab_ensure_deps() {
  local missing=()
  command -v ip >/dev/null || missing+=(iproute2)
  command -v bridge >/dev/null || missing+=(iproute2)
  command -v route >/dev/null || missing+=(net-tools)
  command -v busybox >/dev/null || missing+=(busybox)
  command -v jq >/dev/null || missing+=(jq)
  command -v gzip >/dev/null || missing+=(gzip)
  command -v ping >/dev/null || missing+=(iputils-ping)
  [ -e /usr/share/i18n/charmaps/ISO-8859-1.gz ] || missing+=(locales)
  if [ "${#missing[@]}" -gt 0 ]; then
    log "installing: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

LAB_ETC_DIRS=()
LAB_CREATED_ETC_NETNS=0

lab_cleanup() {
  local rc=$? ns d
  for ns in "${LAB_NAMESPACES[@]}"; do
    if ip netns list | awk '{print $1}' | grep -qx "$ns"; then
      ip netns del "$ns" 2>/dev/null || true
    fi
  done
  LAB_NAMESPACES=()
  for d in "${LAB_ETC_DIRS[@]}"; do
    case "$d" in /etc/netns/nslab-*) rm -rf -- "$d" ;; esac
  done
  LAB_ETC_DIRS=()
  if [ "$LAB_CREATED_ETC_NETNS" = 1 ]; then rmdir /etc/netns 2>/dev/null || true; fi
  if [ -n "$LAB_RECORDS" ]; then rm -f -- "$LAB_RECORDS"; fi
  return $rc
}

# lab_netns_etc NS RELPATH < content
#   Per-namespace /etc overlay: `ip netns exec NS` bind-mounts
#   /etc/netns/NS/<entry> over /etc/<entry>.  For iproute2/ the host's files
#   are copied first so only RELPATH differs.  Removed again by lab_cleanup.
#   NB: `ip -n NS` does not apply the overlay; only `ip netns exec` does.
lab_netns_etc() {
  local ns="$1" rel="$2" top
  case "$ns" in nslab-*) ;; *) die "bad namespace $ns" ;; esac
  [ -d /etc/netns ] || { mkdir -p /etc/netns; LAB_CREATED_ETC_NETNS=1; }
  top="${rel%%/*}"
  mkdir -p "/etc/netns/$ns"
  LAB_ETC_DIRS+=("/etc/netns/$ns")
  if [ "$top" != "$rel" ] && [ -d "/etc/$top" ] && [ ! -e "/etc/netns/$ns/$top" ]; then
    cp -a "/etc/$top" "/etc/netns/$ns/$top"
  fi
  mkdir -p "$(dirname "/etc/netns/$ns/$rel")"
  cat >"/etc/netns/$ns/$rel"
}

lab_init() {
  lab_require_root
  lab_ensure_deps
  trap lab_cleanup EXIT
  trap 'log "FAILED at line $LINENO: $BASH_COMMAND"' ERR
  trap 'exit 130' INT TERM
  mkdir -p "$CAPTURES_DIR"
  LAB_RECORDS="$(mktemp /tmp/nslab-records.XXXXXX)"
}

# lab_ns_add NAME: create namespace nslab-NAME (deleting a stale one first),
# bring lo up, switch off IPv6 DAD so addresses are not "tentative" at capture
# time (individual scripts re-enable it where they want to show DAD states).
lab_ns_add() {
  local ns="$1"
  case "$ns" in nslab-*) ;; *) die "namespace $ns must be prefixed nslab-";; esac
  if ip netns list | awk '{print $1}' | grep -qx "$ns"; then ip netns del "$ns"; fi
  ip netns add "$ns"
  LAB_NAMESPACES+=("$ns")
  ip -n "$ns" link set lo up
  ipns "$ns" sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0
  # No router advertisements / autoconf from the outside: there is none, but
  # be explicit so captures do not depend on timing of RS.
  ipns "$ns" sysctl -qw net.ipv6.conf.default.accept_ra=0 net.ipv6.conf.all.accept_ra=0
}

# lab_ns_add_as PREFIX NS: a namespace of a script with its own prefix (nsnft-, nsaff-): the name must
# start with PREFIX; a stale one is deleted first; lo up; lab_cleanup deletes it like lab_ns_add's.
lab_ns_add_as() {
  local prefix="$1" ns="$2"
  case "$ns" in "$prefix"*) ;; *) die "namespace $ns must be prefixed $prefix" ;; esac
  if ip netns list | awk '{print $1}' | grep -qx "$ns"; then ip netns del "$ns"; fi
  ip netns add "$ns"
  LAB_NAMESPACES+=("$ns")
  ip -n "$ns" link set lo up
}

# lab_need_nft: nft and iptables-nft-restore (Debian's nftables and iptables), installed if missing.
lab_need_nft() {
  if ! command -v nft >/dev/null || ! command -v iptables-nft-restore >/dev/null || ! command -v iptables-restore >/dev/null; then
    log "installing: nftables iptables"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nftables iptables >/dev/null
  fi
}

ipns() { local ns="$1"; shift; ip netns exec "$ns" "$@"; }

# ---------------------------------------------------------------- versions --
tool_version() {
  # $1: first word of the command (ip, bridge, route, netstat, ifconfig, busybox)
  case "$1" in
    ip) ip -V 2>&1 | head -1 ;;
    bridge) bridge -V 2>&1 | head -1 ;;
    route | netstat | ifconfig) route --version 2>&1 | head -1 ;;
    busybox) busybox 2>&1 | head -1 | sed 's/ multi-call binary\.$//' ;;
    *) echo unknown ;;
  esac
}

tool_package() {
  case "$1" in
    ip | bridge) dpkg-query -W -f='iproute2 ${Version}' iproute2 2>/dev/null ;;
    route | netstat | ifconfig) dpkg-query -W -f='net-tools ${Version}' net-tools 2>/dev/null ;;
    busybox) dpkg-query -W -f='busybox ${Version}' busybox 2>/dev/null ;;
  esac
}

# File-name form of a command: spaces -> '_', ':' -> '%3A', '/' -> '%2F'.
cmd_slug() {
  local s="$1"
  s="${s//\//%2F}"
  s="${s//:/%3A}"
  s="${s// /_}"
  printf '%s' "$s"
}

# capture NS FORMAT NAME SCENARIO_NOTE COMMAND [STANDIN]
#   Runs COMMAND (a shell string; may start with VAR=value words such as
#   LANGUAGE=de) inside namespace NS with a clean environment
#   (LANG=C.UTF-8, no colours) and stores stdout byte for byte in
#   captures/FORMAT/NAME__<command slug>.txt.  Appends one manifest record.
#   Empty output is refused unless LAB_ALLOW_EMPTY=1.
capture() {
  local ns="$1" format="$2" name="$3" scen="$4" cmd="$5" standin="${6:-}"
  local dir="${LAB_OUT_DIR:-$CAPTURES_DIR}/$format"
  local rel="$format/${name}__$(cmd_slug "$cmd").txt"
  local out="${LAB_OUT_DIR:-$CAPTURES_DIR}/$rel"
  local err rc=0
  mkdir -p "$dir"
  err="$(mktemp)"
  # LAB_EXTRA_ENV: extra VAR=value words for the environment that are not
  # part of the command a person would type (e.g. LOCPATH for private locales)
  # shellcheck disable=SC2086
  ip netns exec "$ns" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 TERM=dumb ${LAB_EXTRA_ENV:-} \
    bash -c "$cmd" >"$out" 2>"$err" || rc=$?
  if [ ! -s "$out" ] && [ "${LAB_ALLOW_EMPTY:-0}" != 1 ]; then
    log "skip: empty output for '$cmd' in $ns (rc=$rc${rc:+, stderr: $(head -c 120 "$err" | tr '\n' ' ')})"
    rm -f "$out" "$err"
    return 0
  fi
  if [ "$rc" != 0 ]; then
    log "note: '$cmd' in $ns exited $rc (output kept; exit code and stderr go to the manifest)"
  fi
  if [ "${LAB_GZIP:-0}" = 1 ]; then
    local lines bytes
    lines=$(wc -l <"$out"); bytes=$(wc -c <"$out")
    gzip -9nf "$out"
    out="$out.gz"; rel="$rel.gz"
  fi
  # first word that is not an environment assignment
  local w tool=""
  for w in $cmd; do
    case "$w" in *=*) continue ;; *) tool="$w"; break ;; esac
  done
  local part="$LAB_RECORDS"
  jq -cn \
    --arg file "$rel" --arg format "$format" --arg command "$cmd" \
    --arg tool "$(tool_version "$tool")" --arg package "$(tool_package "$tool")" \
    --arg kernel "$(uname -r)" --arg date "$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
    --arg scenario "$LAB_SCRIPT: $scen" --arg standIn "$standin" \
    --arg stderr "$(head -c 2000 "$err")" --argjson exitCode "$rc" \
    --arg encoding "${LAB_ENCODING:-}" \
    --argjson lines "${lines:-$(wc -l <"$out")}" --argjson bytes "${bytes:-$(wc -c <"$out")}" \
    --arg compressed "$([ "${LAB_GZIP:-0}" = 1 ] && echo gzip)" --arg cbytes "$(wc -c <"$out")" \
    '{file:$file, format:$format, command:$command, tool:$tool, package:$package,
      kernel:$kernel, date:$date, scenario:$scenario}
     + (if $standIn != "" then {standIn:$standIn} else {} end)
     + (if $encoding != "" then {encoding:$encoding} else {} end)
     + {lines:$lines, bytes:$bytes}
     + (if $compressed != "" then {compressed:$compressed, compressedBytes:($cbytes|tonumber)} else {} end)
     + (if $exitCode != 0 then {exitCode:$exitCode} else {} end)
     + (if $stderr != "" then {stderr:$stderr} else {} end)' >>"$part"
  rm -f "$err"
}

# lab_finish [MANIFEST] [MODE]
#   Merge this run's records into MANIFEST (default captures/manifest.json).
#   MODE "script" (default): every old record of this script is replaced by
#   this run's records, and capture files that this script wrote last time but
#   not this time are deleted (only the capture itself, never an
#   X.expected.json beside it).  MODE "files": only records for the same file
#   are replaced (make-bench.sh, which may regenerate a subset).
lab_finish() {
  local target="${1:-$CAPTURES_DIR/manifest.json}" mode="${2:-script}"
  local base old new f
  base="$(dirname "$target")"
  old="$(mktemp)"; new="$(mktemp)"
  if [ -s "$target" ]; then jq -c '.[]' "$target" >"$old"; fi
  if [ "$mode" = script ]; then
    jq -r --arg s "$LAB_SCRIPT: " 'select(.scenario | startswith($s)) | .file' "$old" | sort -u >"$new.oldfiles"
    jq -r '.file' "$LAB_RECORDS" | sort -u >"$new.newfiles"
    comm -23 "$new.oldfiles" "$new.newfiles" | while read -r f; do
      case "$f" in *.txt | *.txt.gz) rm -f -- "$base/$f" && log "removed stale capture $f" ;; esac
    done
    jq -c --arg s "$LAB_SCRIPT: " 'select(.scenario | startswith($s) | not)' "$old" >"$new"
    rm -f "$new.oldfiles" "$new.newfiles"
  else
    jq -r '.file' "$LAB_RECORDS" | sort -u >"$new.newfiles"
    jq -c --rawfile nf "$new.newfiles" 'select(.file as $f | ($nf | split("\n") | index($f)) | not)' "$old" >"$new"
    rm -f "$new.newfiles"
  fi
  cat "$LAB_RECORDS" >>"$new"
  jq -s 'group_by(.file) | map(.[-1]) | sort_by(.file)' "$new" >"$target.tmp" && mv "$target.tmp" "$target"
  rm -f "$old" "$new"
  log "manifest $(basename "$base")/manifest.json: $(jq length "$target") records ($(wc -l <"$LAB_RECORDS") from this run)"
}

# ------------------------------------------------------- capture batteries --
# Each battery captures one format with all the commands the brief asks for.
# Args: NS NAME SCENARIO_NOTE [STANDIN]

battery_route_n() {
  local ns="$1" name="$2" scen="$3" si="${4:-}"
  local c
  for c in "route -n" "route -ne" "route -nee" "netstat -rn" "netstat -rne" \
    "route -n -A inet6" "route -6 -n" "netstat -rn -A inet6" "route -6 -ne" \
    "busybox route -n" "busybox route -ne" "busybox route -n -A inet6"; do
    capture "$ns" route-n "$name" "$scen" "$c" "$si"
  done
}

battery_route_n_locales() {
  local ns="$1" name="$2" scen="$3" si="${4:-}"
  local l mo c
  for mo in /usr/share/locale/*/LC_MESSAGES/net-tools.mo; do
    l="$(basename "$(dirname "$(dirname "$mo")")")"
    for c in "route -n" "route -ne" "route -nee" "route -6 -n" "netstat -rn"; do
      capture "$ns" route-n "$name" "$scen" "LANGUAGE=$l $c" "$si"
    done
  done
}

# Translated headers in legacy 8-bit/EUC charsets, as old systems and sos
# reports have them: the locale is compiled with localedef into a private
# LOCPATH (nothing is installed system-wide); the bytes are NOT UTF-8.
battery_route_n_legacy_charsets() {
  local ns="$1" name="$2" scen="$3" si="${4:-}"
  local dir loc lang cs c
  dir="$(mktemp -d /tmp/nslab-locales.XXXXXX)"
  for loc in pt_BR.ISO-8859-1 de_DE.ISO-8859-1 fr_FR.ISO-8859-1 et_EE.ISO-8859-1 cs_CZ.ISO-8859-2 ja_JP.EUC-JP; do
    lang="${loc%%.*}"; cs="${loc#*.}"
    if ! localedef -i "$lang" -f "$cs" "$dir/$loc" >/dev/null 2>&1 && [ ! -d "$dir/$loc" ]; then
      log "note: cannot compile locale $loc (package locales missing?)"; continue
    fi
    for c in "route -n" "route -nee" "netstat -rn" "ifconfig -a"; do
      LAB_EXTRA_ENV="LOCPATH=$dir" LAB_ENCODING="$cs" \
        capture "$ns" "$( [ "${c%% *}" = ifconfig ] && echo ifconfig || echo route-n)" "$name" \
        "$scen; locale $loc compiled by localedef into a private LOCPATH" "LANG=$loc $c" "$si"
    done
  done
  rm -rf -- "$dir"
}

battery_ip_route() {
  local ns="$1" name="$2" scen="$3" si="${4:-}"
  local c
  for c in "ip route" "ip route show table all" "ip -d route" \
    "ip -d route show table all" "ip -6 route" "ip -6 route show table all" \
    "ip -j route" "ip -j route show table all" "ip -j -6 route show table all" \
    "ip -d -j route show table all" "ip -4 route show table all" \
    "ip route show table local" "ip route show table main" "ip -s route" \
    "ip -o route" "ip nexthop" "ip -j nexthop" "busybox ip route"; do
    capture "$ns" ip-route "$name" "$scen" "$c" "$si"
  done
  # cache/exceptions only exist when PMTU or redirects happened; keep if any
  for c in "ip route show cache" "ip -6 route show cache" "ip -4 route list cache"; do
    capture "$ns" ip-route "$name" "$scen" "$c" "$si"
  done
}

battery_ip_addr() {
  local ns="$1" name="$2" scen="$3" si="${4:-}"
  local c
  for c in "ip addr" "ip address show" "ip -d address" "ip -o addr" "ip -4 addr" \
    "ip -6 addr" "ip -br addr" "ip -j addr" "ip -d -j addr" "ip -j -p addr" \
    "ip -s addr" "ip -o -4 addr show" "ip -br -4 addr" "ip addr show up" \
    "busybox ip addr" "busybox ip -4 addr"; do
    capture "$ns" ip-addr "$name" "$scen" "$c" "$si"
  done
}

battery_ip_link() {
  local ns="$1" name="$2" scen="$3" si="${4:-}"
  local c
  for c in "ip link" "ip -d link" "ip -s link" "ip -s -d link" "ip -s -s link" \
    "ip -j link" "ip -d -j link" "ip -s -j link" "ip -o link" "ip -br link" \
    "ip -d -s -s -j link" "busybox ip link"; do
    capture "$ns" ip-link "$name" "$scen" "$c" "$si"
  done
}

battery_ip_rule() {
  local ns="$1" name="$2" scen="$3" si="${4:-}"
  local c
  for c in "ip rule" "ip -4 rule list" "ip -6 rule list" "ip -j rule" \
    "ip -j -6 rule" "ip -d rule" "busybox ip rule"; do
    capture "$ns" ip-rule "$name" "$scen" "$c" "$si"
  done
}

battery_ip_neigh() {
  local ns="$1" name="$2" scen="$3" si="${4:-}"
  local c
  for c in "ip neigh" "ip -s neigh" "ip -s -s neigh show" \
    "ip -4 neigh" "ip -6 neigh" "ip -j neigh" "ip -s -j neigh" "ip neigh show proxy" \
    "ip neigh show nud all" "ip -s neigh show nud all" "ip -j neigh show nud all" \
    "ip neigh show nud permanent" "ip -br neigh" "ip -d neigh" "busybox ip neigh"; do
    capture "$ns" ip-neigh "$name" "$scen" "$c" "$si"
  done
  if ipns "$ns" ip link show flannel.1 >/dev/null 2>&1; then
    capture "$ns" ip-neigh "$name" "$scen" "ip neigh show dev flannel.1" "$si"
  fi
}

battery_bridge_fdb() {
  local ns="$1" name="$2" scen="$3" si="${4:-}"
  local c br
  for c in "bridge fdb show" "bridge -s -s -d -t fdb show" "bridge -d fdb show" \
    "bridge -s fdb show" "bridge -j fdb show" "bridge -d -s -j fdb show" \
    "bridge -j -p fdb show" "bridge -4 fdb show" "bridge -d -t fdb show"; do
    capture "$ns" bridge-fdb "$name" "$scen" "$c" "$si"
  done
  if ipns "$ns" ip link show flannel.1 >/dev/null 2>&1; then
    capture "$ns" bridge-fdb "$name" "$scen" "bridge fdb show dev flannel.1" "$si"
    capture "$ns" bridge-fdb "$name" "$scen" "bridge -s -s -d -t fdb show dev flannel.1" "$si"
  fi
  for br in $(ipns "$ns" ip -o link show type bridge | awk -F': ' '{print $2}' | sed 's/@.*//'); do
    capture "$ns" bridge-fdb "$name" "$scen" "bridge fdb show br $br" "$si"
    capture "$ns" bridge-fdb "$name" "$scen" "bridge -d fdb show br $br" "$si"
  done
}

battery_ifconfig() {
  local ns="$1" name="$2" scen="$3" si="${4:-}"
  local c
  for c in "ifconfig" "ifconfig -a" "ifconfig -s" "ifconfig -a -s" "ifconfig -v -a" \
    "busybox ifconfig" "busybox ifconfig -a"; do
    capture "$ns" ifconfig "$name" "$scen" "$c" "$si"
  done
}

battery_all() {
  battery_route_n "$@"
  battery_ip_route "$@"
  battery_ip_addr "$@"
  battery_ip_link "$@"
  battery_ip_rule "$@"
  battery_ip_neigh "$@"
  battery_bridge_fdb "$@"
  battery_ifconfig "$@"
}
