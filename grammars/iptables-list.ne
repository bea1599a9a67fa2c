# iptables -L (with -n, -v, -x, --line-numbers): one unit is a chain header, a column header or
# a rule. Layout per iptables/iptables.c print_header and print_firewall. Which leading numbers
# are num / pkts / bytes, and whether in/out precede source, is decided by build.ts from the
# column header; the free text after the columns (matches, target options) is typed there too.
@preprocessor typescript
@{%
import { lexer } from './lexer';
%}
@lexer lexer

unit -> chain {% id %}
  | header {% id %}
  | rule {% id %}
  | %nftWarning {% ([text]) => ({ kind: 'warning', text }) %}

# Chain INPUT (policy ACCEPT) / (policy ACCEPT 0 packets, 0 bytes) / Chain KUBE-SVC-X (2 references)
chain -> %chainKw %word %lparen %policyKw %word %rparen
    {% (d) => ({ kind: 'chain', name: d[1], policy: d[4], packets: null, bytes: null, references: null, close: d[5] }) %}
  | %chainKw %word %lparen %policyKw %word number %packetsKw number %bytesKw %rparen
    {% (d) => ({ kind: 'chain', name: d[1], policy: d[4], packets: d[5], bytes: d[7], references: null, close: d[9] }) %}
  | %chainKw %word %lparen %int %referencesKw %rparen
    {% (d) => ({ kind: 'chain', name: d[1], policy: null, packets: null, bytes: null, references: d[3], close: d[5] }) %}

header -> %headerPlain {% ([header]) => ({ kind: 'header', layout: 'plain', header }) %}
  | %headerNum {% ([header]) => ({ kind: 'header', layout: 'num', header }) %}
  | %headerVerbose {% ([header]) => ({ kind: 'header', layout: 'verbose', header }) %}
  | %headerNumVerbose {% ([header]) => ({ kind: 'header', layout: 'num-verbose', header }) %}

# [num] [pkts bytes] [target] prot opt ...: one to five columns before opt (target may be empty)
rule -> lead %opt rest {% (d) => ({ kind: 'rule', lead: d[0], opt: d[1], rest: d[2] }) %}

lead -> item {% (d) => [d[0]] %}
  | item item {% (d) => [d[0], d[1]] %}
  | item item item {% (d) => [d[0], d[1], d[2]] %}
  | item item item item {% (d) => [d[0], d[1], d[2], d[3]] %}
  | item item item item item {% (d) => [d[0], d[1], d[2], d[3], d[4]] %}

item -> %word {% id %} | %int {% id %} | %count {% id %}

number -> %int {% id %} | %count {% id %}

# [in out] source destination, then the matches' and target's free text, word by word
rest -> null {% () => [] %}
  | rest any {% ([list, token]) => [...list, token] %}

any -> %word {% id %} | %int {% id %} | %count {% id %} | %opt {% id %} | %lparen {% id %} | %rparen {% id %}
  | %chainKw {% id %} | %policyKw {% id %} | %packetsKw {% id %} | %bytesKw {% id %} | %referencesKw {% id %}
