#!/usr/bin/env bash
# kube-proxy-shaped iptables rule sets, loaded with the real iptables-restore
# (nf_tables backend, `iptables-restore -c`) and iptables-legacy-restore
# (legacy x_tables backend) into network namespaces, and listed with every
# iptables-save / iptables -S / iptables -L form the parsers have to read.
#
#   nslab-ipt-<set>-nft     rule set loaded with iptables-restore -c (iptables-nft)
#   nslab-ipt-<set>-legacy  the same rule set loaded with iptables-legacy-restore -c
#   nslab-ipt-mixed         BOTH backends: kube-proxy-1.31.rules in nf_tables and
#                           legacy-leftovers.rules in legacy, so iptables-nft prints
#                           "# Warning: iptables-legacy tables present, ..."
#
# <set> is one of the rule files in corpus/lab/iptables/ (written by
# kube_rules.py there): kube131 (kube-proxy 1.28-1.31 + flannel + Docker +
# admin rules, mangle/raw), kube120 (kube-proxy 1.20-1.23 layout), host188
# (the reference incident's node), ipvs (kube-proxy IPVS-mode iptables rules
# with ipset matches; the sets are created with `ipset restore` first).
#
# The namespaces have only `lo`: no packet is sent anywhere. Counters come from
# the [packets:bytes] prefixes in the rule files (iptables-restore -c), so they
# are the same on every run. Name resolution in `iptables -L` (no -n) finds no
# DNS server (no route in the namespace), so addresses stay numeric apart from
# /etc/hosts (localhost), /etc/networks (loopback/8) and /etc/services port names.
#
# Usage: sudo bash corpus/lab/iptables-lab.sh
set -euo pipefail
source "$(dirname "$0")/lib.sh"
lab_init
RULES="$LAB_DIR/iptables"

if ! command -v iptables-legacy-restore >/dev/null || ! command -v ipset >/dev/null; then
  log "installing: iptables ipset"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq iptables ipset >/dev/null
fi
command -v python3 >/dev/null || die "python3 is needed for corpus/lab/iptables/kube_rules.py"

# lib.sh knows only iproute2/net-tools/busybox: version strings of the
# iptables tools (the `--version` line of the very binary that ran).
tool_version() {
  case "$1" in
    iptables* | ip6tables*) "$1" --version 2>&1 | head -1 ;;
    *) echo unknown ;;
  esac
}
tool_package() { dpkg-query -W -f='iptables ${Version}' iptables 2>/dev/null; }
# lib.sh's file-name form plus '>' -> %3E and '&' -> %26 (for "... 2>&1")
cmd_slug() {
  local s="$1"
  s="${s//\//%2F}"
  s="${s//:/%3A}"
  s="${s//>/%3E}"
  s="${s//&/%26}"
  s="${s// /_}"
  printf '%s' "$s"
}

# (re)write the rule files from the generator so they always match it
python3 "$RULES/kube_rules.py" static "$RULES"

declare -A SET_FILE=([kube131]=kube-proxy-1.31.rules [kube120]=kube-proxy-1.20.rules
  [host188]=host188.rules [ipvs]=kube-proxy-ipvs.rules)
declare -A SET_NOTE=(
  [kube131]="kube-proxy 1.28-1.31 layout (KUBE-SVC/SEP/EXT/SVL/FW, KUBE-PROXY-FIREWALL) + flannel + Docker + admin rules (multiport, limit, LOG, REJECT tcp-reset, ! -s, -i/-o, -f, -g goto), mangle and raw (NOTRACK, CT --notrack), node 192.168.86.189"
  [kube120]="kube-proxy 1.20-1.23 layout (KUBE-XLB, KUBE-FW, KUBE-MARK-DROP, physdev/addrtype external IP rules) + flannel + Docker, node 192.168.86.190"
  [host188]="reference incident host188: NodePort 30038 prometheus/prometheus-nodeport:http -> KUBE-SVC-SO4PW3GA7SPS7IHM -> KUBE-SEP-5GEH5OENN4FETTOQ -> 10.244.2.6:9090, ClusterIP 10.109.216.20:9090 (kube-proxy 1.2x old layout) + flannel + Docker"
  [ipvs]="kube-proxy IPVS mode iptables rules (-m set --match-set KUBE-CLUSTER-IP dst,dst etc.; sets created with ipset restore first)")
# chain listed on its own with `-L -n -v` / `-L` / `-S`
declare -A SET_CHAINS=([kube131]="KUBE-SVC-CDGGSHYLG3RE2FKL KUBE-EXT-CG5I4G2RS3ZVWGLK KUBE-FW-TG4Y7II5EGIOXNPD"
  [kube120]="KUBE-SVC-TCOU7JCQXEZGVUNU KUBE-XLB-CG5I4G2RS3ZVWGLK"
  [host188]="KUBE-SVC-SO4PW3GA7SPS7IHM KUBE-SEP-5GEH5OENN4FETTOQ" [ipvs]="KUBE-POSTROUTING"
  [leftovers]="KUBE-MARK-DROP")
declare -A SET_NODEPORTS=([kube131]=KUBE-NODEPORTS [kube120]=KUBE-NODEPORTS [host188]=KUBE-NODEPORTS [ipvs]=KUBE-NODE-PORT
  [leftovers]=KUBE-POSTROUTING)

LEGACY_OK=1
LEGACY_REFUSED=""

# battery NS NAME SCENARIO BACKEND(nft|legacy) SET
battery_iptables() {
  local ns="$1" name="$2" scen="$3" be="$4" set="$5" B S c ch np
  if [ "$be" = legacy ]; then B=iptables-legacy; S=iptables-legacy-save; else B=iptables; S=iptables-save; fi
  np="${SET_NODEPORTS[$set]}"
  for c in "$S" "$S -c" "$S -t nat" "$S -t filter" "$S -t mangle" "$S -t raw"; do
    capture "$ns" iptables-save "$name" "$scen" "$c"
  done
  for c in "$B -S" "$B -t nat -S" "$B -t nat -S KUBE-SERVICES" "$B -t nat -S $np" \
    "$B -t filter -S FORWARD" "$B -v -S" "$B -t nat -v -S" "$B -t mangle -S" "$B -t raw -S"; do
    capture "$ns" iptables-list-rules "$name" "$scen" "$c"
  done
  for c in "$B -L" "$B -t nat -L" "$B -t nat -L -n" "$B -t nat -nvL" "$B -vnxL" \
    "$B -t nat -nvL --line-numbers" "$B -t nat -L $np" "$B -t nat -L -v" "$B -t filter -nvL" \
    "$B -t mangle -nvL" "$B -t raw -nvL" "$B -L -n" "$B -L -n -v --line-numbers" "$B -t nat -vnxL"; do
    capture "$ns" iptables-list "$name" "$scen" "$c"
  done
  for ch in ${SET_CHAINS[$set]}; do
    # NB: `iptables -t nat -L -n -v CHAIN` is refused ("Bad argument"): -L takes
    # its optional chain only as the next word, so the chain goes right after -L
    capture "$ns" iptables-list "$name" "$scen" "$B -t nat -nvL $ch"
    capture "$ns" iptables-list "$name" "$scen" "$B -t nat -L $ch -n -v"
    capture "$ns" iptables-list "$name" "$scen" "$B -t nat -L $ch"
    capture "$ns" iptables-list-rules "$name" "$scen" "$B -t nat -S $ch"
  done
}

# load NS BACKEND FILE
load_rules() {
  local ns="$1" be="$2" file="$3" r=iptables-restore
  [ "$be" = legacy ] && r=iptables-legacy-restore
  ipns "$ns" "$r" -c <"$file"
}

# --------------------------------------------- does the kernel do legacy? --
lab_ns_add nslab-ipt-probe
if ! out="$(ipns nslab-ipt-probe iptables-legacy -t nat -N NSLAB-PROBE 2>&1)"; then
  LEGACY_OK=0
  LEGACY_REFUSED="iptables-legacy (x_tables) refused by kernel $(uname -r): $out"
  log "$LEGACY_REFUSED"
fi
ip netns del nslab-ipt-probe

# ---------------------------------------------------------- the rule sets --
for set in kube131 kube120 host188 ipvs; do
  for be in nft legacy; do
    if [ "$be" = legacy ] && [ "$LEGACY_OK" = 0 ]; then continue; fi
    ns="nslab-ipt-$set-$be"
    lab_ns_add "$ns"
    if [ "$set" = ipvs ]; then ipns "$ns" ipset restore <"$RULES/kube-proxy-ipvs.ipsets"; fi
    load_rules "$ns" "$be" "$RULES/${SET_FILE[$set]}"
    bname=nf_tables; [ "$be" = legacy ] && bname=legacy
    battery_iptables "$ns" "$set-$be" \
      "namespace $ns, corpus/lab/iptables/${SET_FILE[$set]} loaded with $([ "$be" = legacy ] && echo iptables-legacy-restore || echo iptables-restore) -c ($bname backend): ${SET_NOTE[$set]}" \
      "$be" "$set"
    ip netns del "$ns"
  done
done

# ------------------------------------------------ both backends present --
ns=nslab-ipt-mixed
lab_ns_add "$ns"
load_rules "$ns" nft "$RULES/kube-proxy-1.31.rules"
if [ "$LEGACY_OK" = 1 ]; then
  load_rules "$ns" legacy "$RULES/legacy-leftovers.rules"
  MIXNOTE="namespace $ns with BOTH backends: kube-proxy-1.31.rules loaded with iptables-restore -c (nf_tables) and legacy-leftovers.rules (old kubelet KUBE-FIREWALL/KUBE-MARK-DROP, old KUBE-POSTROUTING) with iptables-legacy-restore -c"
  battery_iptables "$ns" mixed-nft "$MIXNOTE; listed with the nf_tables tools" nft kube131
  # iptables-nft writes "# Warning: iptables-legacy tables present, ..." to
  # stderr; people (and sos reports) often capture with 2>&1, so keep those too
  for c in "iptables-save 2>&1" "iptables-save -t nat 2>&1" "iptables -S 2>&1" "iptables -L 2>&1" \
    "iptables -t nat -nvL 2>&1" "iptables -nvL 2>&1"; do
    capture "$ns" "$(case "$c" in iptables-save*) echo iptables-save ;; *-S*) echo iptables-list-rules ;; *) echo iptables-list ;; esac)" \
      mixed-nft "$MIXNOTE; listed with the nf_tables tools, stderr merged into stdout (2>&1)" "$c"
  done
  battery_iptables "$ns" mixed-legacy "$MIXNOTE; listed with the legacy tools" legacy leftovers
fi
ip netns del "$ns"

# backend of every record (the tool string says it too)
jq -c '. + {backend: (if (.command | test("^iptables-legacy")) then "legacy" else "nf_tables" end)}' \
  "$LAB_RECORDS" >"$LAB_RECORDS.b" && mv "$LAB_RECORDS.b" "$LAB_RECORDS"
if [ -n "$LEGACY_REFUSED" ]; then
  jq -c --arg r "$LEGACY_REFUSED" '. + {standIn: ("no legacy-backend captures: " + $r)}' \
    "$LAB_RECORDS" >"$LAB_RECORDS.b" && mv "$LAB_RECORDS.b" "$LAB_RECORDS"
fi
lab_finish
