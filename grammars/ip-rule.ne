# ip rule (iproute2 ip/iprule.c print_rule; BusyBox ip rule): one unit is one rule, "N:" then the
# selectors and the action in print_rule's fixed order. parse.ts turns the units into records.
@preprocessor typescript
@{%
import { lexer } from './lexer';
%}
@lexer lexer

unit -> %priority %not:? from to:? tos:? fwmark:? iif:? oif:? l3mdev:? uidrange:? ipproto:? sport:? dport:? tunId:? table:? realms:? action:? proto:? dscp:?
  {% (d) => ({
    kind: 'rule', priority: d[0], not: d[1], from: d[2], to: d[3], tos: d[4], fwmark: d[5], iif: d[6], oif: d[7], l3mdev: d[8],
    uidrange: d[9], ipproto: d[10], sport: d[11], dport: d[12], tunId: d[13], table: d[14], realms: d[15], action: d[16],
    proto: d[17], dscp: d[18],
  }) %}

from -> %from address {% (d) => d[1] %}
to -> %to address {% (d) => d[1] %}
address -> %all {% id %} | %prefix {% id %}
tos -> %tos value {% (d) => d[1] %}
fwmark -> %fwmark mark {% (d) => d[1] %}
mark -> %hex {% id %} | %int {% id %}
# the [detached] flag: the device does not exist (yet)
iif -> %iif name %detached:? {% (d) => ({ name: d[1], detached: d[2] }) %}
oif -> %oif name %detached:? {% (d) => ({ name: d[1], detached: d[2] }) %}
l3mdev -> %lookup %l3mdevTable {% (d) => d[1] %}
uidrange -> %uidrange %range {% (d) => d[1] %}
ipproto -> %ipproto name {% (d) => d[1] %}
sport -> %sport port {% (d) => d[1] %}
dport -> %dport port {% (d) => d[1] %}
port -> %int {% id %} | %range {% id %}
tunId -> %tunId %int {% (d) => d[1] %}
# "lookup local": table names may be route type words
table -> %lookup tableName suppressPrefixLength:? suppressIfgroup:?
  {% (d) => ({ name: d[1], suppressPrefixLength: d[2], suppressIfgroup: d[3] }) %}
tableName -> %word {% id %} | %int {% id %} | %rtntype {% id %}
suppressPrefixLength -> %suppressPrefixLength %int {% (d) => d[1] %}
suppressIfgroup -> %suppressIfgroup name {% (d) => d[1] %}
realms -> %realms name {% (d) => d[1] %}
action -> %goto gotoTarget %unresolved:? {% (d) => ({ type: d[0], target: d[1], unresolved: d[2] }) %}
  | %nop {% (d) => ({ type: d[0], target: null, unresolved: null }) %}
  | %masquerade {% (d) => ({ type: d[0], target: null, unresolved: null }) %}
  | %mapTo %prefix {% (d) => ({ type: d[0], target: d[1], unresolved: null }) %}
  | %rtntype {% (d) => ({ type: d[0], target: null, unresolved: null }) %}
  # ip -N rule prints the route type as its number ("7" for unreachable)
  | %int {% (d) => ({ type: d[0], target: null, unresolved: null }) %}
gotoTarget -> %int {% id %} | %none {% id %}
proto -> %proto name {% (d) => d[1] %}
dscp -> %dscp name {% (d) => d[1] %}
name -> %word {% id %} | %int {% id %}
value -> %hex {% id %} | %int {% id %} | %word {% id %}
