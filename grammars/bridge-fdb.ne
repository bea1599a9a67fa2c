# bridge fdb show (iproute2 bridge/fdb.c print_fdb): one unit is one entry, an address and then
# "key value" pairs and bare flags. iproute2 prints them in one order (dev dst vlan port vni
# src_vni via nhid link-netnsid, -d ext attrs, -s used, flags, master, state), older versions in
# others, so the grammar takes them in any order; each begins with its own keyword, so a line
# has one reading, and an entry ends where the next address (or "Deleted") begins.
@preprocessor typescript
@{%
import { lexer } from './lexer';
%}
@lexer lexer

entry -> deleted %mac items {% ([deleted, mac, items]) => ({ kind: 'entry', deleted, mac, items }) %}

# bridge monitor fdb prints "Deleted " before a removed entry
deleted -> null {% () => null %} | %kwDeleted {% id %}

# bridge never prints a bare address: every entry has at least a device, a flag or a state
items -> item {% ([item]) => [item] %}
  | items item {% ([list, item]) => [...list, item] %}

item -> %kwDev name {% ([key, value]) => ({ key, value }) %}
  | %kwDst address {% ([key, value]) => ({ key, value }) %}
  | %kwVlan %int {% ([key, value]) => ({ key, value }) %}
  | %kwPort %int {% ([key, value]) => ({ key, value }) %}
  | %kwVni %int {% ([key, value]) => ({ key, value }) %}
  | %kwSrcVni %int {% ([key, value]) => ({ key, value }) %}
  | %kwVia name {% ([key, value]) => ({ key, value }) %}
  # the device sits in another namespace (link-netnsid): only its index is known; keyed by "ifindex"
  | %kwVia %kwIfindex %int {% ([, key, value]) => ({ key, value }) %}
  | %kwNhid %int {% ([key, value]) => ({ key, value }) %}
  | %kwLinkNetnsid %int {% ([key, value]) => ({ key, value }) %}
  | %kwUsed %timers {% ([key, value]) => ({ key, value }) %}
  | %kwMaster name {% ([key, value]) => ({ key, value }) %}
  | flag {% ([key]) => ({ key, value: null }) %}

# NTF_* flags, -d ext attributes and the state; a bare "master" is NTF_MASTER without NDA_MASTER
flag -> %kwSelf {% id %} | %kwRouter {% id %} | %kwExternLearn {% id %} | %kwOffload {% id %}
  | %kwMaster {% id %} | %kwSticky {% id %} | %kwLocked {% id %}
  | %kwActivityNotify {% id %} | %kwInactive {% id %} | %kwNorefresh {% id %}
  | %kwPermanent {% id %} | %kwStatic {% id %} | %kwStale {% id %} | %stateHex {% id %}

# interface names; a digit-only name lexes as a number
name -> %word {% id %} | %int {% id %}
# format_host: an address, or a host name with bridge -r; %mac is an IPv6 address of eight two-digit groups
address -> %ipv4 {% id %} | %ipv6 {% id %} | %mac {% id %} | %word {% id %}
