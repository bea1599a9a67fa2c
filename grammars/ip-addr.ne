# ip addr / ip link (iproute2 ip/ipaddress.c print_linkinfo, print_addrinfo; BusyBox ip applet).
# One unit is one printed line: the "2: eth0: <…>" header, the link/… line, a -d kind or slave
# line, an inet/inet6 line, its lifetimes, altname, alias, a -s statistics header or its numbers.
# ip -o joins an interface's lines with "\" (oneline); ip -br is the start symbol "brief".
# parse.ts assembles the units into one record per interface.
@preprocessor typescript
@{%
import { lexer } from './lexer';
%}
@lexer lexer

unit -> header {% id %}
  | link {% id %}
  | kindLine {% id %}
  | slaveLine {% id %}
  | inet {% id %}
  | lifetime {% id %}
  | altname {% id %}
  | alias {% id %}
  | statsHeader {% id %}
  | statsValues {% id %}
  | oneline {% id %}
  | onelineAddr {% id %}

@include "include/iproute2-link.ne"

# "inet 192.168.86.189/24 metric 100 brd 192.168.86.255 scope global dynamic eth0",
# "inet 172.30.0.1 peer 172.30.0.2/32 scope global tun0", BusyBox "… scope link tentative flags 08"
inet -> family local inetItem:* scope:? addrFlag:* name:?
    {% (d) => ({ kind: 'inet', family: d[0], local: d[1], items: d[2], scope: d[3], flags: d[4], label: d[5] }) %}
family -> %kw_inet {% id %} | %kw_inet6 {% id %}
local -> %cidr {% (d) => [d[0], null] %}
  | %ipv4 {% (d) => [d[0], null] %}
  | %ipv6 {% (d) => [d[0], null] %}
  | %ipv4 %kw_peer peerAddress {% (d) => [d[0], d[2]] %}
  | %ipv6 %kw_peer peerAddress {% (d) => [d[0], d[2]] %}
peerAddress -> %cidr {% id %} | %ipv4 {% id %} | %ipv6 {% id %}
inetItem -> %kw_metric %int {% id2 %}
  | %kw_brd ipAddress {% id2 %}
  | %kw_any ipAddress {% id2 %}
  | %kw_proto name {% id2 %}
scope -> %kw_scope scopeValue {% (d) => d[1] %}
scopeValue -> %word {% id %} | %int {% id %}
addrFlag -> %addrflag {% id %}
  | %kw_flags flagsValue {% id2 %}
flagsValue -> %int {% id %} | %word {% id %}

# "       valid_lft 86394sec preferred_lft 14394sec"
lifetime -> %kw_valid lft %kw_preferred lft {% (d) => ({ kind: 'lifetime', valid: d[1], preferred: d[3] }) %}
lft -> %lft {% id %} | %lftsec {% id %}

# ip -o link: the header and the interface's other lines, each after "\"
oneline -> header onelinePart:+ {% (d) => ({ kind: 'oneline', parts: [d[0], ...d[1]] }) %}
onelinePart -> %bs part {% (d) => d[1] %}
part -> link {% id %}
  | kindLine {% id %}
  | slaveLine {% id %}
  | altname {% id %}
  | alias {% id %}
  | statsHeader {% id %}
  | statsValues {% id %}
  | lifetime {% id %}
# ip -o addr: "1: lo    inet 127.0.0.1/8 scope host lo\       valid_lft forever preferred_lft forever"
onelineAddr -> %index name inet onelinePart:*
    {% (d) => ({ kind: 'oneline', parts: [{ kind: 'prefix', index: d[0], name: d[1] }, d[2], ...d[3]] }) %}

# ip -br addr: "eth0@if3  UP  192.168.86.189/24 metric 100 fe80::1/64"; ip -br link: "lo  UNKNOWN  00:00:00:00:00:00 <LOOPBACK,UP,LOWER_UP>"
brief -> name %operstate briefAddress:* {% (d) => ({ kind: 'briefAddr', name: d[0], state: d[1], addresses: d[2] }) %}
  | name %operstate linkAddress:? %flags {% (d) => ({ kind: 'briefLink', name: d[0], state: d[1], address: d[2], flags: d[3] }) %}
briefAddress -> %cidr {% (d) => ({ local: d[0], peer: null, metric: null }) %}
  | %cidr %kw_metric %int {% (d) => ({ local: d[0], peer: null, metric: d[2] }) %}
  | ipAddress %kw_peer peerAddress {% (d) => ({ local: d[0], peer: d[2], metric: null }) %}
  | ipAddress %kw_peer peerAddress %kw_metric %int {% (d) => ({ local: d[0], peer: d[2], metric: d[4] }) %}

ipAddress -> %ipv4 {% id %} | %ipv6 {% id %}
