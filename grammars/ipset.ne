# ipset list / ipset save (ipset 7), one unit: a header line of ipset list ("Name: X", "Type: T",
# "Revision: N", "Header: …", "Size in memory: N", "References: N", "Number of entries: N",
# "Members:"), a member with its options, a save's "create" or "add", or an error. parse.ts
# gathers a set's header lines into one record and gives each member its set.
@preprocessor typescript
@{%
import { lexer } from './lexer';
%}
@lexer lexer

unit -> %name word {% ([key, value]) => ({ kind: 'name', key, value }) %}
  | %setType word {% ([key, value]) => ({ kind: 'type', key, value }) %}
  | %revision %int {% ([key, value]) => ({ kind: 'revision', key, value }) %}
  | %header headerWord:* {% ([key, words]) => ({ kind: 'header', key, words }) %}
  | %memory %int {% ([key, value]) => ({ kind: 'memory', key, value }) %}
  | %references %int {% ([key, value]) => ({ kind: 'references', key, value }) %}
  | %entries %int {% ([key, value]) => ({ kind: 'entries', key, value }) %}
  | %members {% ([key]) => ({ kind: 'members', key }) %}
  | word memberOption:* {% ([element, options]) => ({ kind: 'member', element, options }) %}
  | %create word word headerWord:* {% ([key, set, type, words]) => ({ kind: 'create', key, set, type, words }) %}
  | %add word word memberOption:* {% ([key, set, element, options]) => ({ kind: 'add', key, set, element, options }) %}
  | %program errorWord:+ {% ([key, words]) => ({ kind: 'error', key, words }) %}

word -> %word {% id %} | %int {% id %}
memberOption -> %option value {% ([key, value]) => ({ key, value }) %}
  | %nomatch {% ([key]) => ({ key, value: null }) %}
value -> %word {% id %} | %int {% id %} | %quoted {% id %}
headerWord -> %word {% id %} | %int {% id %} | %option {% id %} | %nomatch {% id %}
errorWord -> %word {% id %} | %int {% id %} | %quoted {% id %} | %option {% id %} | %nomatch {% id %}
