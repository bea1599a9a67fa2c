# ip route (iproute2 ip/iproute.c print_route; BusyBox ip): one unit is a route line, a multipath
# "nexthop" continuation line, an IPv4 "cache" continuation line, an "nh_info" line (ip -d route),
# or the "\" that ip -o puts where a continuation line would start; parse.ts attaches continuation
# units to the route before them. ip nexthop lines ("id 1 via …", ip/ipnexthop.c) are units too.
# Attributes are read in any order (iproute2 versions print them in different orders).
@preprocessor typescript
@{%
import { lexer } from './lexer';
%}
@lexer lexer

unit -> route {% id %}
  | nexthop {% id %}
  | cache {% id %}
  | %kw_nh_info nhobject {% ([key, object]) => ({ kind: 'nhinfo', key, object }) %}
  | nhobject {% ([object]) => ({ kind: 'nhobject', object }) %}
  | %backslash {% ([token]) => ({ kind: 'join', token }) %}

route -> type:? dst attr:* {% ([type, dst, attrs]) => ({ kind: 'route', type, dst, attrs }) %}

# The type is printed unless it is unicast (ip -d prints unicast too)
type -> %kw_unicast {% id %} | %kw_local {% id %} | %kw_broadcast {% id %} | %kw_multicast {% id %}
  | %kw_blackhole {% id %} | %kw_unreachable {% id %} | %kw_prohibit {% id %} | %kw_throw {% id %}
  | %kw_nat {% id %} | %kw_anycast {% id %} | %kw_xresolve {% id %}
  | %int {% id %}  # ip -N prints the type as its number ("7 default …")

# "default", a prefix, a host address (full-length prefixes print without /len) or "0/8"
dst -> %kw_default {% id %} | %prefix4 {% id %} | %ipv4 {% id %} | %prefix6 {% id %} | %ipv6 {% id %}
  | %bareprefix {% id %}

nexthop -> %kw_nexthop hopattr:* {% ([key, attrs]) => ({ kind: 'nexthop', key, attrs }) %}

# print_cache_flags: "cache <local,brd>", then cacheinfo and metrics on the same line
cache -> %kw_cache %cacheflags:? attr:* {% ([key, flags, attrs]) => ({ kind: 'cache', key, flags, attrs }) %}

# print_nexthop (ip/ipnexthop.c) prints in this order: id, group and its type, via, dev, scope,
# blackhole, proto, flags, fdb. The order keeps a flattened "… proto unspec blackhole 10.72.0.0/16"
# from reading the next route's type as this object's "blackhole".
nhobject -> %kw_id %int nhgroup:? gateway:? nhdev:? nhscope:? %kw_blackhole:? nhproto:? flag:* %kw_fdb:?
    {% (d) => ({ key: d[0], id: d[1], group: d[2], gateway: d[3], dev: d[4], scope: d[5], blackhole: d[6], protocol: d[7], flags: d[8], fdb: d[9] }) %}
nhgroup -> %kw_group groupSpec nhtype:? resilient:* {% ([key, value, type, resilient]) => ({ key, value, type, resilient }) %}
nhtype -> %kw_type word {% ([key, value]) => ({ key, value }) %}
resilient -> resilientArg %int {% ([key, value]) => ({ key, value }) %}
nhdev -> %kw_dev name {% ([key, value]) => ({ key, value }) %}
nhscope -> %kw_scope word {% ([key, value]) => ({ key, value }) %}
nhproto -> %kw_proto word {% ([key, value]) => ({ key, value }) %}
resilientArg -> %kw_buckets {% id %} | %kw_idle_timer {% id %} | %kw_unbalanced_timer {% id %} | %kw_unbalanced_time {% id %}
groupSpec -> %bareprefix {% id %} | %word {% id %} | %int {% id %}

hopattr -> gateway {% id %}
  | %kw_dev name {% ([key, value]) => ({ k: 'dev', key, value }) %}
  | %kw_weight %int {% ([key, value]) => ({ k: 'weight', key, value }) %}
  | realms {% id %}
  | %kw_as %kw_to address {% ([key, to, value]) => ({ k: 'newdst', key, to, value }) %}
  | flag {% id %}

attr -> hopattr {% id %}
  | %kw_from place {% ([key, value]) => ({ k: 'from', key, value }) %}
  | %kw_nhid %int {% ([key, value]) => ({ k: 'nhid', key, value }) %}
  | %kw_tos word {% ([key, value]) => ({ k: 'tos', key, value }) %}
  | %kw_table table {% ([key, value]) => ({ k: 'table', key, value }) %}
  | %kw_proto word {% ([key, value]) => ({ k: 'protocol', key, value }) %}
  | %kw_scope word {% ([key, value]) => ({ k: 'scope', key, value }) %}
  | %kw_src address {% ([key, value]) => ({ k: 'prefsrc', key, value }) %}
  | %kw_metric %int {% ([key, value]) => ({ k: 'metric', key, value }) %}
  | %kw_mark number {% ([key, value]) => ({ k: 'mark', key, value }) %}
  | %kw_uid %int {% ([key, value]) => ({ k: 'uid', key, value }) %}
  | %kw_expires %seconds {% ([key, value]) => ({ k: 'expires', key, value }) %}
  | %kw_error %int {% ([key, value]) => ({ k: 'error', key, value }) %}
  | %kw_users %int {% ([key, value]) => ({ k: 'users', key, value }) %}
  | %kw_used %int {% ([key, value]) => ({ k: 'used', key, value }) %}
  | %kw_age %seconds {% ([key, value]) => ({ k: 'age', key, value }) %}
  | %kw_ipid %hex {% ([key, value]) => ({ k: 'ipid', key, value }) %}
  | %kw_iif name {% ([key, value]) => ({ k: 'iif', key, value }) %}
  | %kw_pref word {% ([key, value]) => ({ k: 'pref', key, value }) %}
  | metricName %kw_lock:? metricValue {% ([key, lock, value]) => ({ k: 'rtax', key, lock, value }) %}
  # A key this reader does not know, with its value: kept in "other", with a diagnostic
  | %word value {% ([key, value]) => ({ k: 'other', key, value }) %}

gateway -> %kw_via address {% ([key, value]) => ({ k: 'via', key, family: null, value }) %}
  | %kw_via family address {% ([key, family, value]) => ({ k: 'via', key, family, value }) %}
realms -> %kw_realm word {% ([key, value]) => ({ k: 'realms', key, value }) %}
  | %kw_realms realmPair {% ([key, value]) => ({ k: 'realms', key, value }) %}
flag -> %kw_dead {% ([key]) => ({ k: 'flag', key }) %} | %kw_onlink {% ([key]) => ({ k: 'flag', key }) %}
  | %kw_pervasive {% ([key]) => ({ k: 'flag', key }) %} | %kw_offload {% ([key]) => ({ k: 'flag', key }) %}
  | %kw_trap {% ([key]) => ({ k: 'flag', key }) %} | %kw_notify {% ([key]) => ({ k: 'flag', key }) %}
  | %kw_linkdown {% ([key]) => ({ k: 'flag', key }) %} | %kw_unresolved {% ([key]) => ({ k: 'flag', key }) %}
  | %kw_rt_offload {% ([key]) => ({ k: 'flag', key }) %} | %kw_rt_trap {% ([key]) => ({ k: 'flag', key }) %}
  | %kw_rt_offload_failed {% ([key]) => ({ k: 'flag', key }) %}

metricName -> %kw_mtu {% id %} | %kw_window {% id %} | %kw_rtt {% id %} | %kw_rttvar {% id %}
  | %kw_ssthresh {% id %} | %kw_cwnd {% id %} | %kw_advmss {% id %} | %kw_reordering {% id %}
  | %kw_hoplimit {% id %} | %kw_initcwnd {% id %} | %kw_features {% id %} | %kw_rto_min {% id %}
  | %kw_initrwnd {% id %} | %kw_quickack {% id %} | %kw_congctl {% id %} | %kw_fastopen_no_cookie {% id %}
# numbers, times ("10ms", "1.5s"), congctl names, features ("ecn", "0x2")
metricValue -> %int {% id %} | %duration {% id %} | %word {% id %} | %kw_ecn {% id %} | %hex {% id %}

address -> %ipv4 {% id %} | %ipv6 {% id %}
place -> address {% id %} | %prefix4 {% id %} | %prefix6 {% id %} | %bareprefix {% id %}
family -> %kw_inet {% id %} | %kw_inet6 {% id %}
# names from /etc/iproute2/rt_tables, or the number (ip -N, or no name known)
table -> %word {% id %} | %int {% id %} | %kw_local {% id %} | %kw_default {% id %}
name -> %word {% id %} | %int {% id %}
word -> %word {% id %} | %int {% id %} | %hex {% id %}
number -> %int {% id %} | %hex {% id %}
# "realms 1/2" (from/to) reads as a bare prefix token
realmPair -> %bareprefix {% id %} | %word {% id %} | %int {% id %}
value -> %word {% id %} | %int {% id %} | %hex {% id %} | %ipv4 {% id %} | %ipv6 {% id %} | %prefix4 {% id %}
  | %prefix6 {% id %} | %seconds {% id %} | %duration {% id %}
