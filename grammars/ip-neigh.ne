# ip neigh (iproute2 ip/ipneigh.c print_neigh and print_neigh_brief; BusyBox ip neigh): one unit is
# one neighbour entry. The dev column is missing under "ip neigh show dev X"; -s adds ref/used/probes;
# -br prints only address, device and lladdr. parse.ts turns the units into records.
@preprocessor typescript
@{%
import { lexer } from './lexer';
%}
@lexer lexer

unit -> dst dev:? lladdr:? %flag:* stats nud:* proto:?
    {% (d) => ({ kind: 'entry', brief: false, dst: d[0], dev: d[1], lladdr: d[2], flags: d[3], ...d[4], state: d[5], proto: d[6] }) %}
  # ip -br neigh: "%-39s %-16s %s" (address, device, lladdr), no state
  | dst %word %hwaddr:?
    {% (d) => ({ kind: 'entry', brief: true, dst: d[0], dev: d[1], lladdr: d[2], flags: [], ref: null, used: null, probes: null, state: [], proto: null }) %}
  # ip -br neigh show dev X: address and lladdr
  | dst %hwaddr
    {% (d) => ({ kind: 'entry', brief: true, dst: d[0], dev: null, lladdr: d[1], flags: [], ref: null, used: null, probes: null, state: [], proto: null }) %}

# an 8-group IPv6 address of two-digit groups lexes as a hardware address; build.ts checks it
dst -> %ipv4 {% id %} | %ipv6 {% id %} | %hwaddr {% id %}
dev -> %dev %word {% (d) => d[1] %}
# tunnel devices (ipip, gre) print their link-layer address as an IP address
lladdr -> %lladdr lladdrValue {% (d) => d[1] %}
lladdrValue -> %hwaddr {% id %} | %ipv4 {% id %} | %ipv6 {% id %}
# -s: " ref N" only when the refcount is not zero, " used A/B/C", " probes N"
stats -> ref:? used:? probes:? {% (d) => ({ ref: d[0], used: d[1], probes: d[2] }) %}
ref -> %ref %int {% (d) => d[1] %}
used -> %used %times {% (d) => d[1] %}
probes -> %probes %int {% (d) => d[1] %}
nud -> %nud {% id %}
proto -> %proto protoName {% (d) => d[1] %}
protoName -> %word {% id %} | %int {% id %}
