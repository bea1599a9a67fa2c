# etcdctl get, one unit: a key, or one string netsift can tell apart in a value printed as text
# (a protobuf Node: k8s.io/api core/v1 generated.proto). Between an annotation key or an address
# type and its value sit the protobuf tag and length bytes: up to two junk tokens, or blanks.
# parse.ts groups units under their key and decodes values that are whole.
@preprocessor typescript
@{%
import { lexer } from './lexer';
%}
@lexer lexer

unit -> %key {% ([key]) => ({ kind: 'key', key }) %}
  | %annotationKey gap value:? {% (d) => ({ kind: 'annotation', key: d[0], gap: d[1], value: d[2] }) %}
  | %addressType gap %ipv4 {% (d) => ({ kind: 'address', type: d[0], gap: d[1], address: d[2] }) %}
  | %cidr {% ([cidr]) => ({ kind: 'cidr', cidr }) %}

gap -> null {% () => [] %} | %junk {% (d) => d %} | %junk %junk {% (d) => d %}
# values whose end their shape shows: the next bytes (a tag "b", a length) cannot extend them
value -> %ipv4 {% id %} | %cidr {% id %} | %json {% id %} | %bool {% id %} | %backendType {% id %}
