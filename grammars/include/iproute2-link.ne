# The lines ip addr and ip link share (iproute2 ip/ipaddress.c print_linkinfo): the interface
# header, the link/… line, -d kind and slave lines, altname, alias, -s statistics; included
# by grammars/ip-addr.ne and grammars/ip-link.ne, which add their own units. nearleyc compiles an
# included file on its own, so it names the lexer (imported by the including grammar) again.
@lexer lexer

# "2: eth0@if3: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue master cni0 state UP mode DEFAULT group default qlen 1000";
# with -4/-6 (no link line) the peer namespace moves to the header: "… qlen 1000 link-netns pod-a"
header -> %index %ifname %flags headerItem:*
    {% (d) => ({ kind: 'header', index: d[0], name: d[1], flags: d[2], items: d[3] }) %}
headerItem -> %kw_mtu %int {% id2 %}
  | %kw_qdisc name {% id2 %}
  | %kw_master name {% id2 %}
  | %kw_state stateValue {% id2 %}
  | %kw_mode stateValue {% id2 %}
  | %kw_group groupValue {% id2 %}
  | %kw_qlen %int {% id2 %}
  | %kw_netns name {% id2 %}
  | %kw_netnsid %int {% id2 %}

# "link/ether 52:54:00:86:01:89 brd ff:ff:ff:ff:ff:ff link-netns pod-a" and, with -d,
# "promiscuity 0  allmulti 0 minmtu 68 maxmtu 65535" (then the tail when the link has no kind)
link -> %linktype linkAddress:? linkItem:* details:?
    {% (d) => ({ kind: 'link', type: d[0], address: d[1], items: d[2], details: d[3] }) %}
linkItem -> %kw_brd linkAddress {% id2 %}
  | %kw_peer linkAddress {% id2 %}
  | %kw_permaddr linkAddress {% id2 %}
  | %kw_netns name {% id2 %}
  | %kw_netnsid %int {% id2 %}
details -> %kw_promiscuity %int detailItem:* tail:*
    {% (d) => ({ head: [[d[0], d[1]], ...d[2]], tail: d[3] }) %}
detailItem -> %kw_allmulti %int {% id2 %}
  | %kw_minmtu %int {% id2 %}
  | %kw_maxmtu %int {% id2 %}

# "    vxlan id 1 local 192.168.86.189 dev eth0 … nolearning … numtxqueues 1 …": the kind's options, then the tail
kindLine -> %kindname item:* tail:*
    {% (d) => ({ kind: 'linkinfo', name: d[0], options: d[1], tail: d[2] }) %}
slaveLine -> %slavekind item:* tail:*
    {% (d) => ({ kind: 'slave', name: d[0], options: d[1], tail: d[2] }) %}
tail -> %tailkey item {% id2 %}

altname -> %kw_altname name {% (d) => ({ kind: 'altname', name: d[1] }) %}
alias -> %kw_alias item:+ {% (d) => ({ kind: 'alias', words: d[1] }) %}

# "    RX:  bytes packets errors dropped  missed   mcast", "    RX errors:  length    crc …" and the numbers below
statsHeader -> statsDirection %word:+ {% (d) => ({ kind: 'statsHeader', direction: d[0], columns: d[1] }) %}
statsDirection -> %rx {% id %} | %tx {% id %} | %rxerrors {% id %} | %txerrors {% id %}
statsValues -> %int:+ {% (d) => ({ kind: 'statsValues', values: d[0] }) %}

linkAddress -> %mac {% id %} | %ipv4 {% id %} | %ipv6 {% id %}
name -> %word {% id %} | %kindname {% id %} | %slavekind {% id %} | %int {% id %}
stateValue -> %operstate {% id %} | %word {% id %}
groupValue -> %word {% id %} | %int {% id %}

# any single token of a -d options list or an alias ("dev eth0", "ttl auto", "<REORDER_HDR>", "uplink: rack 4,")
item -> %word {% id %} | %int {% id %} | %ipv4 {% id %} | %ipv6 {% id %} | %cidr {% id %} | %mac {% id %}
  | %flags {% id %} | %lftsec {% id %} | %lft {% id %} | %operstate {% id %} | %addrflag {% id %}
  | %kindname {% id %} | %ifname {% id %} | %kw_mtu {% id %} | %kw_qdisc {% id %} | %kw_master {% id %}
  | %kw_state {% id %} | %kw_mode {% id %} | %kw_group {% id %} | %kw_qlen {% id %} | %kw_brd {% id %}
  | %kw_peer {% id %} | %kw_permaddr {% id %} | %kw_netns {% id %} | %kw_netnsid {% id %}
  | %kw_promiscuity {% id %} | %kw_allmulti {% id %} | %kw_minmtu {% id %} | %kw_maxmtu {% id %}
  | %kw_scope {% id %} | %kw_metric {% id %} | %kw_proto {% id %} | %kw_any {% id %} | %kw_flags {% id %}
  | %kw_preferred {% id %}

@{%
function id2(d: unknown[]): unknown[] {
  return [d[0], d[1]];
}
%}
