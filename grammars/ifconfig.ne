# ifconfig (net-tools 2.x and 1.60, BusyBox, ifconfig -s): one unit is one printed line of an
# interface block, or one -s table line. parse.ts starts a record at each header unit and attaches
# the following units to it. Line formats per net-tools lib/interface.c (ife_print_long,
# ife_print_short) and BusyBox networking/interface.c (ife_print).
@preprocessor typescript
@{%
import { lexer } from './lexer';
%}
@lexer lexer

unit -> header {% id %} | classicHeader {% id %} | inet {% id %} | inet6 {% id %} | hw {% id %}
  | classicFlags {% id %} | stats {% id %} | classicStats {% id %} | device {% id %} | classicDevice {% id %}
  | %shortheader {% ([header]) => ({ kind: 'short-header', header }) %}
  | shortRow {% id %}

# 2.x: "eth0: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 1500"
header -> %ifname %flags %kw_mtu %int
    {% (d) => ({ kind: 'header', name: d[0], flags: d[1], mtu: d[3], metric: null }) %}
  | %ifname %flags %kw_mtu %int %kw_metric %int
    {% (d) => ({ kind: 'header', name: d[0], flags: d[1], mtu: d[3], metric: d[5] }) %}

# 1.60 / BusyBox: "eth0      Link encap:Ethernet  HWaddr 00:16:CB:A6:D4:3A"
classicHeader -> %word %encap
    {% (d) => ({ kind: 'classic-header', name: d[0], encap: d[1], hwAddress: null }) %}
  | %word %encap %kw_hwaddr %hwaddr
    {% (d) => ({ kind: 'classic-header', name: d[0], encap: d[1], hwAddress: d[3] }) %}

# "inet 10.244.0.1  netmask 255.255.255.0  broadcast 10.244.0.255" (broadcast, destination optional)
# "inet addr:10.244.0.1  P-t-P:…  Bcast:10.244.0.255  Mask:255.255.255.0" (P-t-P, Bcast optional)
inet -> %kw_inet %ipv4 %kw_netmask %ipv4 broadcast destination
    {% (d) => ({ kind: 'inet', address: d[1], netmask: d[3], broadcast: d[4], destination: d[5] }) %}
  | %kw_inet %k_addr %ipv4 ptp bcast %k_mask %ipv4
    {% (d) => ({ kind: 'inet', address: d[2], netmask: d[6], broadcast: d[4], destination: d[3] }) %}
broadcast -> null {% () => null %} | %kw_broadcast %ipv4 {% (d) => d[1] %}
destination -> null {% () => null %} | %kw_destination %ipv4 {% (d) => d[1] %}
ptp -> null {% () => null %} | %k_ptp %ipv4 {% (d) => d[1] %}
bcast -> null {% () => null %} | %k_bcast %ipv4 {% (d) => d[1] %}

# "inet6 fe80::1  prefixlen 64  scopeid 0x20<link>"; "inet6 addr: fe80::1/64 Scope:Link"; 1.60 fr "adr inet6: ::1/128 Scope:Hote"
inet6 -> %kw_inet6 %ipv6 %kw_prefixlen %int %kw_scopeid scopeid
    {% (d) => ({ kind: 'inet6', address: d[1], prefixLength: d[3], scopeid: d[5], scope: null }) %}
  | %kw_inet6 %k_addrsp %ipv6 %k_scope %word
    {% (d) => ({ kind: 'inet6', address: d[2], prefixLength: null, scopeid: null, scope: d[4] }) %}
  | %kw_adr %k_inet6fr %ipv6 %k_scope %word
    {% (d) => ({ kind: 'inet6', address: d[2], prefixLength: null, scopeid: null, scope: d[4] }) %}
# net-tools drops "<" when no scope name applies ("scopeid 0x1")
scopeid -> %scope {% id %} | %hex {% id %}

# 2.x: "ether 52:54:00:86:01:89  txqueuelen 1000  (Ethernet)", "loop  txqueuelen 1000  (Local Loopback)",
# "tunnel   txqueuelen 1000  (IPIP Tunnel)", "sit 0.0.0.0  txqueuelen 1000  (IPv6-in-IPv4)"
hw -> %kw_hwname hwAddress txqueuelen %title
    {% (d) => ({ kind: 'hw', hwName: d[0], hwAddress: d[1], txqueuelen: d[2], title: d[3] }) %}
hwAddress -> null {% () => null %} | %hwaddr {% id %} | %ipv4 {% id %}
txqueuelen -> null {% () => null %} | %kw_txqueuelen %int {% (d) => d[1] %}

# 1.60 / BusyBox: "UP BROADCAST RUNNING MULTICAST  MTU:1500  Metric:1"
classicFlags -> flagWords %k_mtu %int %k_metric %int
    {% (d) => ({ kind: 'classic-flags', flags: d[0], mtu: d[2], metric: d[4] }) %}
flagWords -> %noflags {% (d) => [] %} | %kw_flag:+ {% id %}

stats -> %kw_rx %kw_packets %int %kw_bytes %int %size
    {% (d) => ({ kind: 'rx-packets', packets: d[2], bytes: d[4], size: d[5] }) %}
  | %kw_rx %kw_errors %int %kw_dropped %int %kw_overruns %int %kw_frame %int
    {% (d) => ({ kind: 'rx-errors', errors: d[2], dropped: d[4], overruns: d[6], frame: d[8] }) %}
  | %kw_tx %kw_packets %int %kw_bytes %int %size
    {% (d) => ({ kind: 'tx-packets', packets: d[2], bytes: d[4], size: d[5] }) %}
  | %kw_tx %kw_errors %int %kw_dropped %int %kw_overruns %int %kw_carrier %int %kw_collisions %int
    {% (d) => ({ kind: 'tx-errors', errors: d[2], dropped: d[4], overruns: d[6], carrier: d[8], collisions: d[10] }) %}
  # SLIP: "RX compressed:0" and "TX compressed 0" (sic)
  | %kw_rx %k_compressed %int {% (d) => ({ kind: 'rx-compressed', compressed: d[2] }) %}
  | %kw_tx %kw_compressed %int {% (d) => ({ kind: 'tx-compressed', compressed: d[2] }) %}

classicStats -> %kw_rx %k_packets %int %k_errors %int %k_dropped %int %k_overruns %int %k_frame %int
    {% (d) => ({ kind: 'classic-rx', packets: d[2], errors: d[4], dropped: d[6], overruns: d[8], frame: d[10] }) %}
  | %kw_tx %k_packets %int %k_errors %int %k_dropped %int %k_overruns %int %k_carrier %int
    {% (d) => ({ kind: 'classic-tx', packets: d[2], errors: d[4], dropped: d[6], overruns: d[8], carrier: d[10] }) %}
  | %k_collisions %int classicCompressed classicTxqueuelen
    {% (d) => ({ kind: 'classic-collisions', collisions: d[1], compressed: d[2], txqueuelen: d[3] }) %}
  | %k_compressed %int {% (d) => ({ kind: 'classic-rx-compressed', compressed: d[1] }) %}
  | %kw_rx %k_bytes %int %size %kw_tx %k_bytes %int %size
    {% (d) => ({ kind: 'classic-bytes', rxBytes: d[2], rxSize: d[3], txBytes: d[6], txSize: d[7] }) %}
classicCompressed -> null {% () => null %} | %k_compressed %int {% (d) => d[1] %}
classicTxqueuelen -> null {% () => null %} | %k_txqueuelen %int {% (d) => d[1] %}

# 2.x: "device interrupt 20  base 0x1000  memory 0xd2600000-d2620000    dma 0x5"
device -> %kw_device interrupt base memory dma
    {% (d) => ({ kind: 'device', interrupt: d[1], base: d[2], memory: d[3], dma: d[4] }) %}
interrupt -> null {% () => null %} | %kw_interrupt %int {% (d) => d[1] %}
base -> null {% () => null %} | %kw_base %hex {% (d) => d[1] %}
memory -> null {% () => null %} | %kw_memory %memory {% (d) => d[1] %}
dma -> null {% () => null %} | %kw_dma %hex {% (d) => d[1] %}

# 1.60 / BusyBox: "Interrupt:17 Base address:0x1000 Memory:fe9e0000-fea00000 DMA chan:5"
classicDevice -> classicInterrupt classicBase classicMemory classicDma
    {% (d) => ({ kind: 'classic-device', interrupt: d[0], base: d[1], memory: d[2], dma: d[3] }) %}
classicInterrupt -> null {% () => null %} | %k_interrupt %int {% (d) => d[1] %}
classicBase -> null {% () => null %} | %kw_Base %k_address %hex {% (d) => d[2] %}
classicMemory -> null {% () => null %} | %k_memory %memory {% (d) => d[1] %}
classicDma -> null {% () => null %} | %kw_dma %k_chan dmaValue {% (d) => d[2] %}
dmaValue -> %int {% id %} | %word {% id %}

# ifconfig -s: "cni0  1450  29 0 0 0  18 0 1 0 BMRU", "eth0:1  1500  - no statistics available -  BMRU"
shortRow -> %word %int %int %int %int %int %int %int %int %int shortFlags
    {% (d) => ({ kind: 'short-row', name: d[0], mtu: d[1], numbers: [d[2], d[3], d[4], d[5], d[6], d[7], d[8], d[9]], flags: d[10] }) %}
  | %word %int %nostats shortFlags
    {% (d) => ({ kind: 'short-row', name: d[0], mtu: d[1], numbers: null, flags: d[3] }) %}
shortFlags -> %word {% id %} | %noflags {% id %}
