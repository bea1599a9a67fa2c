# route -n / netstat -rn (net-tools, BusyBox): one unit is a title, a header or a data row.
# Columns per route(8) and net-tools lib/inet_gr.c, inet6_gr.c; parse.ts reads the header to
# know whether the three numbers after Flags are Metric Ref Use or MSS Window irtt.
@preprocessor typescript
@{%
import { lexer } from './lexer';
%}
@lexer lexer

unit -> %title4 {% ([title]) => ({ kind: 'title', family: 'inet', title }) %}
  | %title6 {% ([title]) => ({ kind: 'title', family: 'inet6', title }) %}
  | %header4metric {% ([header]) => ({ kind: 'header', layout: 'metric', header }) %}
  | %header4mss {% ([header]) => ({ kind: 'header', layout: 'mss', header }) %}
  | %header4both {% ([header]) => ({ kind: 'header', layout: 'both', header }) %}
  | %header6 {% ([header]) => ({ kind: 'header', layout: 'inet6', header }) %}
  | %titleCache {% ([title]) => ({ kind: 'title', family: 'cache', title }) %}
  | %headerCache {% ([header]) => ({ kind: 'header', layout: 'cache', header }) %}
  | %elision {% ([mark]) => ({ kind: 'elision', mark }) %}
  | row4 {% id %}
  | row6 {% id %}

# route -n, -e, netstat -rn: eight columns; route -nee adds MSS Window irtt after Iface
row4 -> destination gateway %ipv4 %word number number number iface
    {% (d) => ({ kind: 'row4', destination: d[0], gateway: d[1], genmask: d[2], flags: d[3], numbers: [d[4], d[5], d[6]], iface: d[7], extra: null }) %}
  | destination gateway %ipv4 %word number number number iface number number number
    {% (d) => ({ kind: 'row4', destination: d[0], gateway: d[1], genmask: d[2], flags: d[3], numbers: [d[4], d[5], d[6]], iface: d[7], extra: [d[8], d[9], d[10]] }) %}

# Destination/prefix, Next Hop, Flag, Met, Ref, Use, If
row6 -> name6 name6 %word number number number iface
    {% (d) => ({ kind: 'row6', destination: d[0], nextHop: d[1], flags: d[2], numbers: [d[3], d[4], d[5]], iface: d[6] }) %}

# Without -n: "[::]", "gateway", "localhost/128"; net-tools prints ::/96 as "0.0.0.0/96"
name6 -> %ipv6 {% id %} | %word {% id %}
# Names appear without -n ("default", "link-local", host names)
destination -> %ipv4 {% id %} | %word {% id %}
# "-" on reject routes; "*" for no gateway in old net-tools without -n
gateway -> %ipv4 {% id %} | %word {% id %} | %dash {% id %} | %star {% id %}
# "-" where the kernel has no value (Ref of a reject route, or all of -e's columns)
number -> %int {% id %} | %dash {% id %}
# "*" (blackhole, BusyBox: any route without a device) and "-" (reject) mean: no device
iface -> %word {% id %} | %star {% id %} | %dash {% id %}
