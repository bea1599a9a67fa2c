# nft list ruleset (nftables text output), one unit is one line: a block head, a chain's base
# spec, a set or map property, a rule, a closing brace or nft's own remark. Layout per nftables
# src/rule.c (table_print, chain_print, set_print) and src/statement.c; parse.ts keeps the block
# stack and decides by context what a statement line is (a rule, or elements continued).
@preprocessor typescript
@{%
import { lexer } from './lexer';
%}
@lexer lexer

unit -> %kw_table name name %lbrace handle {% (d) => ({ kind: 'table', family: d[1], name: d[2], handle: d[4] }) %}
  | %kw_chain name %lbrace handle {% (d) => ({ kind: 'chain', name: d[1], handle: d[3] }) %}
  | %kw_set name %lbrace handle {% (d) => ({ kind: 'set', name: d[1], handle: d[3] }) %}
  | %kw_map name %lbrace handle {% (d) => ({ kind: 'map', name: d[1], handle: d[3] }) %}
  # "type nat hook prerouting priority dstnat; policy accept;"; netdev chains add "device eth0"
  | %kw_type name %kw_hook name device %kw_priority priority:+ %semi policy
    {% (d) => ({ kind: 'chain-spec', type: d[1], hook: d[3], device: d[4], priority: d[6], policy: d[8] }) %}
  # a set's key: "type ipv4_addr . inet_proto . inet_service : verdict"
  | %kw_type keyType:+ {% (d) => ({ kind: 'set-type', keyword: d[0], words: d[1] }) %}
  | %kw_typeof any:+ {% (d) => ({ kind: 'set-type', keyword: d[0], words: d[1] }) %}
  | %kw_flags any:+ {% (d) => ({ kind: 'set-flags', words: d[1] }) %}
  # a set's "policy memory" (a base chain's policy sits on its spec line, after a ";")
  | %kw_policy name {% (d) => ({ kind: 'set-policy', word: d[1] }) %}
  | %kw_comment %string {% (d) => ({ kind: 'comment', text: d[1] }) %}
  | %kw_elements %equals %lbrace any:* {% (d) => ({ kind: 'elements', open: d[2], words: d[3] }) %}
  | %rbrace {% (d) => ({ kind: 'close', brace: d[0] }) %}
  | %warning {% (d) => ({ kind: 'warning', text: d[0] }) %}
  | first any:* handle {% (d) => ({ kind: 'statement', words: [d[0], ...d[1]], handle: d[2] }) %}

handle -> null {% () => null %} | %handle {% id %}
device -> null {% () => null %} | %kw_device name {% (d) => d[1] %}
policy -> null {% () => null %} | %kw_policy name %semi {% (d) => d[1] %}
# "dstnat", "-100", "dstnat - 10", "filter + 5"
priority -> %word {% id %} | %int {% id %} | %dash {% id %}
# A name nft prints may be one of its keywords ("chain input", "set type"), or quoted
name -> %word {% id %} | %int {% id %} | %string {% id %} | keyword {% id %}
keyType -> %word {% id %} | %int {% id %} | %kw_map {% id %} | %kw_set {% id %}
# Anything a statement can hold; the first word of a rule is no block or property keyword
any -> first {% id %} | %lbrace {% id %} | %rbrace {% id %} | %kw_comment {% id %} | %kw_type {% id %} | %kw_typeof {% id %}
  | %kw_flags {% id %} | %kw_elements {% id %} | %kw_table {% id %} | %kw_chain {% id %} | %kw_set {% id %} | %kw_map {% id %}
  | %equals {% id %} | %kw_hook {% id %} | %kw_device {% id %} | %kw_priority {% id %} | %kw_policy {% id %}
first -> %word {% id %} | %int {% id %} | %dash {% id %} | %string {% id %} | %semi {% id %}
  | %kw_counter {% id %} | %kw_packets {% id %} | %kw_bytes {% id %} | %kw_jump {% id %} | %kw_goto {% id %}
  | %kw_return {% id %} | %kw_accept {% id %} | %kw_drop {% id %} | %kw_dnat {% id %} | %kw_to {% id %}
keyword -> %kw_table {% id %} | %kw_chain {% id %} | %kw_set {% id %} | %kw_map {% id %} | %kw_type {% id %}
  | %kw_typeof {% id %} | %kw_hook {% id %} | %kw_device {% id %} | %kw_priority {% id %} | %kw_policy {% id %}
  | %kw_flags {% id %} | %kw_elements {% id %} | %kw_comment {% id %} | %kw_counter {% id %} | %kw_packets {% id %}
  | %kw_bytes {% id %} | %kw_jump {% id %} | %kw_goto {% id %} | %kw_return {% id %} | %kw_accept {% id %}
  | %kw_drop {% id %} | %kw_dnat {% id %} | %kw_to {% id %}
