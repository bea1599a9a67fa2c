# kubectl get svc|pods|nodes|endpoints (table output, -A, -o wide): one unit is a header or a row.
# Columns per k8s.io/kubernetes pkg/printers/internalversion/printers.go; parse.ts reads the header
# to know which table the rows belong to. Optional trailing columns are typed so that a flattened
# paste cannot read the next row's name as one of them.
@preprocessor typescript
@{%
import { lexer } from './lexer';
%}
@lexer lexer

unit -> %headerService {% ([header]) => ({ kind: 'header', table: 'service', header }) %}
  | %headerPod {% ([header]) => ({ kind: 'header', table: 'pod', header }) %}
  | %headerNode {% ([header]) => ({ kind: 'header', table: 'node', header }) %}
  | %headerEndpoints {% ([header]) => ({ kind: 'header', table: 'endpoints', header }) %}
  | %headerOther {% ([header]) => ({ kind: 'header', table: 'other', header }) %}
  | service {% id %}
  | pod {% id %}
  | node {% id %}
  | endpoints {% id %}

# [NAMESPACE] NAME TYPE CLUSTER-IP EXTERNAL-IP PORT(S) AGE [SELECTOR]
service -> names %svcType address address ports %age selector:?
    {% (d) => ({ kind: 'service', names: d[0], type: d[1], clusterIP: d[2], externalIP: d[3], ports: d[4], age: d[5], selector: d[6] }) %}
# "None" (headless), a host name (ExternalName), "1.2.3.4,5.6.7.8", "<none>", "<pending>"
address -> %ipv4 {% id %} | %angle {% id %} | %word {% id %}
ports -> %ports {% id %} | %angle {% id %}
# app=prometheus,component=server; never a bare name, so a flattened paste's next row is not taken
selector -> %selector {% id %} | %angle {% id %}

# [NAMESPACE] NAME READY STATUS RESTARTS AGE [IP NODE NOMINATED-NODE [READINESS-GATES]]
pod -> names %ready %word restarts %age podWide:?
    {% (d) => ({ kind: 'pod', names: d[0], ready: d[1], status: d[2], restarts: d[3], age: d[4], wide: d[5] }) %}
restarts -> %int {% (d) => d %} | %int %ago {% (d) => d %}
podWide -> ip nodeName nodeName readinessGates:? {% (d) => ({ ip: d[0], node: d[1], nominatedNode: d[2], readinessGates: d[3] }) %}
ip -> %ipv4 {% id %} | %angle {% id %}
nodeName -> %word {% id %} | %angle {% id %}
readinessGates -> %ready {% id %} | %angle {% id %}

# NAME STATUS ROLES AGE VERSION [INTERNAL-IP EXTERNAL-IP OS-IMAGE KERNEL-VERSION CONTAINER-RUNTIME]
node -> %word %word roles %age %version nodeWide:?
    {% (d) => ({ kind: 'node', name: d[0], status: d[1], roles: d[2], age: d[3], version: d[4], wide: d[5] }) %}
roles -> %word {% id %} | %angle {% id %}
# OS-IMAGE has spaces ("Ubuntu 22.04.3 LTS"): every cell up to KERNEL-VERSION, the word before the runtime
nodeWide -> ip ip osImage %word %runtime
    {% (d) => ({ internalIP: d[0], externalIP: d[1], osImage: d[2], kernelVersion: d[3], containerRuntime: d[4] }) %}
osImage -> osCell {% (d) => d %} | osImage osCell {% (d) => [...d[0], d[1]] %}
osCell -> %word {% id %} | %int {% id %} | %angle {% id %}

# [NAMESPACE] NAME ENDPOINTS AGE
endpoints -> names endpointList %age {% (d) => ({ kind: 'endpoints', names: d[0], endpoints: d[1], age: d[2] }) %}
endpointList -> %addrs {% (d) => d %} | %addrs %more {% (d) => d %} | %angle {% (d) => d %}

# NAME, or NAMESPACE NAME (-A)
names -> %word {% (d) => d %} | %word %word {% (d) => d %}
