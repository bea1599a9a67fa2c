# ip link (iproute2 ip/ipaddress.c print_linkinfo, print_addrinfo; BusyBox ip applet).
# One unit is one printed line: the "2: eth0: <…>" header, the link/… line, a -d kind or slave
# line, altname, alias, a -s statistics header or its numbers. ip -o joins an interface's lines
# with "\" (oneline); ip -br is the start symbol "brief".
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
  | altname {% id %}
  | alias {% id %}
  | statsHeader {% id %}
  | statsValues {% id %}
  | oneline {% id %}

@include "include/iproute2-link.ne"

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

# ip -br link: "lo  UNKNOWN  00:00:00:00:00:00 <LOOPBACK,UP,LOWER_UP>"
brief -> name %operstate linkAddress:? %flags {% (d) => ({ kind: 'briefLink', name: d[0], state: d[1], address: d[2], flags: d[3] }) %}
