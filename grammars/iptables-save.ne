# iptables-save / iptables-save -c (legacy and nf_tables backends): one unit is one line, a
# table "*nat", a chain declaration ":CHAIN POLICY [p:b]", a rule "[p:b] -A CHAIN …", "COMMIT",
# or the header, footer and warning comments (iptables/iptables-save.c, nft-shared.c).
# The rule syntax is the same as in grammars/iptables-list-rules.ne; parse.ts keeps the table.
@preprocessor typescript
@{%
import { lexer } from './lexer';
%}
@lexer lexer

unit -> rule {% id %}
  | %chaindecl name %counters:? {% ([chain, policy, counters]) => ({ kind: 'chain', chain, policy, counters }) %}
  | %table {% ([token]) => ({ kind: 'meta', meta: 'table', token }) %}
  | %kw_commit {% ([token]) => ({ kind: 'meta', meta: 'commit', token }) %}
  | %generated {% ([token]) => ({ kind: 'meta', meta: 'comment', token }) %}
  | %completed {% ([token]) => ({ kind: 'meta', meta: 'comment', token }) %}
  | %warning {% ([token]) => ({ kind: 'meta', meta: 'warning', token }) %}

# iptables-save -c prints "[packets:bytes]" before -A
rule -> %counters:? %kw_append name item:* target:?
    {% (d) => ({ kind: 'rule', counters: d[0], append: d[1], chain: d[2], items: d[3], target: d[4] }) %}

# -s -d -i -o -p (each may be negated), -f, "-m module --opt value…", and "-c p b" (iptables -v)
item -> %bang:? general value {% ([bang, flag, value]) => ({ k: 'general', bang, flag, value }) %}
  | %bang:? %kw_fragment {% ([bang, flag]) => ({ k: 'fragment', bang, flag }) %}
  | %kw_match value option:* {% ([flag, module, options]) => ({ k: 'match', flag, module, options }) %}
  | %kw_counters %int %int {% ([flag, packets, bytes]) => ({ k: 'counters', flag, packets, bytes }) %}
general -> %kw_source {% id %} | %kw_destination {% id %} | %kw_in {% id %} | %kw_out {% id %} | %kw_protocol {% id %}

# "--match-set NAME dst,dst" has two values, "--random-fully" none; "!" comes before the option
option -> %bang:? %longopt value:* {% ([bang, name, values]) => ({ bang, name, values }) %}

target -> %kw_jump name option:* {% ([flag, name, options]) => ({ flag, name, options }) %}
  | %kw_goto name {% ([flag, name]) => ({ flag, name, options: [] }) %}

name -> %word {% id %} | %int {% id %}
value -> %word {% id %} | %int {% id %} | %quoted {% id %}
