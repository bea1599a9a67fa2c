# /run/flannel/subnet.env, one variable: NAME=VALUE (flanneld main.go writeSubnetFile). The value's
# token type is its shape; build.ts decides by the name what it should be.
@preprocessor typescript
@{%
import { lexer } from './lexer';
%}
@lexer lexer

unit -> %name %eq value:? {% ([name, eq, value]) => ({ kind: 'variable', name, eq, value }) %}
value -> %cidr {% id %} | %int {% id %} | %bool {% id %} | %word {% id %}
