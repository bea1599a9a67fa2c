# ipvsadm (1.31, ipvsadm.c), one unit: a title or header line, a virtual service, a real server
# ("  -> …"), a save's -A / -a line, a connection of -c, the --timeout line, or an error. The
# header before them says what a row's numbers are; parse.ts keeps it and each server's service.
@preprocessor typescript
@{%
import { lexer } from './lexer';
%}
@lexer lexer

unit -> %version {% ([version]) => ({ kind: 'version', version }) %}
  | %headerList {% ([header]) => ({ kind: 'header', layout: 'list', header }) %}
  | %headerStats {% ([header]) => ({ kind: 'header', layout: 'stats', header }) %}
  | %headerRate {% ([header]) => ({ kind: 'header', layout: 'rate', header }) %}
  | %headerThresholds {% ([header]) => ({ kind: 'header', layout: 'thresholds', header }) %}
  | %headerPersistentConn {% ([header]) => ({ kind: 'header', layout: 'persistent-conn', header }) %}
  | %headerDestinationTunnel {% ([header]) => ({ kind: 'header', layout: 'tun-info', header }) %}
  | %headerDestination {% ([header]) => ({ kind: 'header', layout: 'list', header }) %}
  # the second title line of --stats, --rate, --thresholds, --persistent-conn: the first said which
  | %headerDestinationShort {% ([header]) => ({ kind: 'header', layout: null, header }) %}
  | %connectionTitle {% ([header]) => ({ kind: 'header', layout: 'connection', header }) %}
  | %connectionHeader {% ([header]) => ({ kind: 'header', layout: 'connection', header }) %}
  | %connectionHeaderPe {% ([header]) => ({ kind: 'header', layout: 'connection', header }) %}
  | service {% id %}
  | server {% id %}
  | saveService {% id %}
  | saveServer {% id %}
  | connection {% id %}
  | %timeoutTitle %int %int %int {% ([title, tcp, tcpFin, udp]) => ({ kind: 'timeout', title, tcp, tcpFin, udp }) %}
  | error {% id %}

# "TCP  10.96.0.1:443 rr (sh-fallback) persistent 10800 mask 255.255.255.0 pe sip ops"; "FWM  1 IPv6 rr"
service -> serviceName %word %schedulerFlags:? persistence:? %ops:?
    {% ([name, scheduler, flags, persistence, ops]) => ({ kind: 'service', ...name, scheduler, flags, persistence, ops, numbers: null }) %}
  # --stats and --rate: five numbers instead of the scheduler
  | serviceName number number number number number
    {% ([name, a, b, c, d, e]) => ({ kind: 'service', ...name, scheduler: null, flags: null, persistence: null, ops: null, numbers: [a, b, c, d, e] }) %}
serviceName -> %protocol listedHostPort {% ([protocol, host]) => ({ protocol, host, inet6: null }) %}
  | %fwm %int %ipv6Tag:? {% ([protocol, host, inet6]) => ({ protocol, host, inet6 }) %}
persistence -> %persistent %int mask:? peName:? {% ([keyword, timeout, mask, pe]) => ({ keyword, timeout, mask, pe }) %}
mask -> %mask netmask {% ([, value]) => value %}
peName -> %pe %word {% ([, name]) => name %}
netmask -> %ipv4 {% id %} | %int {% id %}

# "  -> 10.244.1.5:80  Masq 1 0 0"; --tun-info adds TunnelInfo; --stats/--rate five numbers;
# --thresholds (Uthreshold Lthreshold ActiveConn InActConn) and --persistent-conn (Weight
# PersistConn ActiveConn InActConn) four
server -> %arrow listedHostPort %forward %int %int %int
    {% ([arrow, host, forward, a, b, c]) => ({ kind: 'server', arrow, host, forward, tunnel: null, numbers: [a, b, c] }) %}
  | %arrow listedHostPort %forward tunnelInfo %int %int %int
    {% ([arrow, host, forward, tunnel, a, b, c]) => ({ kind: 'server', arrow, host, forward, tunnel, numbers: [a, b, c] }) %}
  | %arrow listedHostPort number number number number number
    {% ([arrow, host, a, b, c, d, e]) => ({ kind: 'server', arrow, host, forward: null, tunnel: null, numbers: [a, b, c, d, e] }) %}
  | %arrow listedHostPort %int %int %int %int
    {% ([arrow, host, a, b, c, d]) => ({ kind: 'server', arrow, host, forward: null, tunnel: null, numbers: [a, b, c, d] }) %}
tunnelInfo -> %word {% id %} | %hostName {% id %}

# ipvsadm -S: "-A -t 10.96.0.1:443 -s rr -p 10800", "-a -t 10.96.0.1:443 -r 10.244.1.5:80 -m -w 1"
saveService -> %addService saveName %schedulerSwitch %word serviceOption:*
    {% ([add, name, , scheduler, options]) => ({ kind: 'save-service', add, ...name, scheduler, options }) %}
saveName -> %serviceSwitch hostPort {% ([protocol, host]) => ({ protocol, host, inet6: null }) %}
  | %serviceSwitch %int %inet6Switch:? {% ([protocol, host, inet6]) => ({ protocol, host, inet6 }) %}
serviceOption -> %persistentSwitch %int {% ([option, value]) => ({ option, value }) %}
  | %maskSwitch netmask {% ([option, value]) => ({ option, value }) %}
  | %peSwitch %word {% ([option, value]) => ({ option, value }) %}
  | %opsSwitch {% ([option]) => ({ option, value: null }) %}
  | %flagsSwitch %word {% ([option, value]) => ({ option, value }) %}
saveServer -> %addServer saveName %serverSwitch hostPort %forwardSwitch %weightSwitch %int tunnelOption:*
    {% ([add, name, , host, forward, , weight, tunnel]) => ({ kind: 'save-server', add, protocol: name.protocol, service: name.host, inet6: name.inet6, host, forward, weight, tunnel }) %}
tunnelOption -> %tunnelTypeSwitch %word {% ([option, value]) => ({ option, value }) %}
  | %tunnelPortSwitch %int {% ([option, value]) => ({ option, value }) %}
  | %tunnelChecksumSwitch {% ([option]) => ({ option, value: null }) %}

# ipvsadm -Lnc: "TCP 14:58  ESTABLISHED 10.244.0.5:51234  10.96.0.1:443  192.168.10.11:6443"
# (a UDP connection's state is "UDP"); --persistent-conn adds the pe name and its data; a firewall-mark
# service's persistence template is protocol "IP" (the kernel's ip_vs_sched_persist, IPPROTO_IP)
connection -> connectionProtocol %expire state hostPort hostPort hostPort
    {% ([protocol, expire, state, source, virtual, destination]) => ({ kind: 'connection', protocol, expire, state, source, virtual, destination, peName: null, peData: null }) %}
  | connectionProtocol %expire state hostPort hostPort hostPort %word anyWord
    {% ([protocol, expire, state, source, virtual, destination, peName, peData]) => ({ kind: 'connection', protocol, expire, state, source, virtual, destination, peName, peData }) %}
state -> %word {% id %} | %protocol {% id %}
connectionProtocol -> %protocol {% id %} | %ipProtocol {% id %}
anyWord -> %word {% id %} | %cutName {% id %}

hostPort -> %hostPort4 {% id %} | %hostPort6 {% id %} | %hostName {% id %}
# a listing's service or real server: without -n an IPv4 name of 28 characters or more is cut before its
# colon (print_service_entry; a save and -c never cut)
listedHostPort -> hostPort {% id %} | %cutName {% id %}
number -> %int {% id %} | %largeNumber {% id %}

error -> %cannotInitialize errorWord:* {% ([head, words]) => ({ kind: 'error', error: 'cannot-initialize', head, words }) %}
  | %notBuiltIn {% ([head]) => ({ kind: 'error', error: 'not-built-in', head, words: [] }) %}
  | %noSuchService {% ([head]) => ({ kind: 'error', error: 'no-such-service', head, words: [] }) %}
  | %program errorWord:+ {% ([head, words]) => ({ kind: 'error', error: 'failed', head, words }) %}
errorWord -> %word {% id %} | %cutName {% id %} | %int {% id %} | %ipv4 {% id %} | %hostName {% id %} | %hostPort6 {% id %} | %schedulerFlags {% id %}
  | %largeNumber {% id %} | %expire {% id %} | %mask {% id %} | %pe {% id %} | %ops {% id %} | %persistent {% id %}
