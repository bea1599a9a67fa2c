# One line of sysctl output (procps-ng src/sysctl.c): "key = value" (ReadSetting, WriteSetting),
# "sysctl: <warning>" (xwarn/xwarnx to stderr), "* Applying FILE ..." (--system), or a value alone
# (sysctl -n, cat /proc/sys/…: the key comes from the command). build.ts types the warning's text.
@preprocessor typescript
@{%
import { lexer } from './lexer';
%}
@lexer lexer

unit -> setting {% id %} | warning {% id %} | applying {% id %} | bare {% id %}
setting -> %key %eq vtok:* {% ([key, eq, value]) => ({ kind: 'setting', key, eq, value }) %}
warning -> %program vtok:+ {% ([program, text]) => ({ kind: 'error', program, text }) %}
applying -> %applying %word %ellipsis {% ([applying, file, ellipsis]) => ({ kind: 'applying', applying, file, ellipsis }) %}
bare -> vtok:+ {% ([value]) => ({ kind: 'value', value }) %}
# a value is anything up to the next key of a flattened paste; "=" and "..." appear in values
vtok -> %int {% id %} | %word {% id %} | %eq {% id %} | %ellipsis {% id %}
