# iptables -S / --list-rules [CHAIN] (-v adds "-c packets bytes"): one unit is one line, a policy
# "-P CHAIN POLICY", a user chain "-N CHAIN", a rule "-A CHAIN …", or an iptables-nft warning
# (iptables/iptables.c print_rule4 and list_rules, nft-shared.c). The rule syntax is the same as
# in grammars/iptables-save.ne.
@preprocessor typescript
@{%
import { lexer } from './lexer';
%}
@lexer lexer

unit -> rule {% id %}
  | %kw_policy name name policyCounters:? {% ([flag, chain, policy, counters]) => ({ kind: 'policy', flag, chain, policy, counters }) %}
  | %kw_newchain name {% ([flag, chain]) => ({ kind: 'newchain', flag, chain }) %}
  | %warning {% ([token]) => ({ kind: 'meta', meta: 'warning', token }) %}

policyCounters -> %kw_counters %int %int {% ([flag, packets, bytes]) => ({ flag, packets, bytes }) %}

rule -> %kw_append name item:* target:?
    {% (d) => ({ kind: 'rule', counters: null, append: d[0], chain: d[1], items: d[2], target: d[3] }) %}

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
