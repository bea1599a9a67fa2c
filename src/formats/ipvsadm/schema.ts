// Records of ipvsadm's listings (ipvsadm 1.31, ipvsadm.c print_service_entry, print_conn,
// list_timeout): the kernel's IPVS virtual services and their real servers, as kube-proxy in IPVS
// mode programs them; also its connection table, timeouts and the errors it prints.
import { z } from 'zod';
import { Span } from '../../core';

/** Which listing a service or real server came from: what its numbers mean. */
export const IpvsadmLayout = z.enum(['list', 'tun-info', 'stats', 'rate', 'thresholds', 'persistent-conn', 'save'])
  .meta({ description: 'ipvsadm -L (list), -L --tun-info, --stats, --rate, --thresholds, --persistent-conn, or -S / ipvsadm-save (save)' });

export const IpvsProtocol = z.enum(['TCP', 'UDP', 'SCTP', 'FWM']).meta({ description: 'FWM: a firewall-mark service (-f)' });

const port = z.int().min(0).max(65535).nullable()
  .meta({ description: 'null where the port is a service name (no -n) or was cut off (ipvsadm cuts IPv4 names at 33 and 28 characters)' });
const address = z.string().nullable().meta({ description: 'the IPv4 or IPv6 address; null where a host name is printed (no -n)' });

/** The service a real server belongs to, as its own line or its -a line names it. */
export const IpvsServiceKey = z.object({
  protocol: IpvsProtocol,
  name: z.string().meta({ description: 'as printed: 10.96.0.1:443, [fd00::1]:443, a firewall mark' }),
  address, port,
  fwmark: z.int().nonnegative().nullable(),
  family: z.enum(['inet', 'inet6']).nullable().meta({ description: 'null for an IPv4 host name (no -n; IPv6 names are in brackets); a firewall-mark service says IPv6 ("FWM  1 IPv6", -f 1 -6)' }),
}).meta({ id: 'ipvsadm/service-key', title: 'The virtual service a real server belongs to' });

const counter = z.int().nonnegative().nullable();

/** --stats (totals since the service was made) or --rate (per second), five columns. */
export const IpvsCounters = z.object({
  connections: counter, inPackets: counter, outPackets: counter, inBytes: counter, outBytes: counter,
}).meta({ id: 'ipvsadm/counters', title: 'Conns InPkts OutPkts InBytes OutBytes (--stats) or CPS InPPS OutPPS InBPS OutBPS (--rate)' });

export const IpvsadmService = z.object({
  type: z.literal('service'),
  layout: IpvsadmLayout,
  ...IpvsServiceKey.shape,
  scheduler: z.string().nullable().meta({ description: 'rr, wrr, lc, sh, mh…; null in --stats and --rate, which do not print it' }),
  schedulerFlags: z.array(z.string()).meta({ description: 'sh-fallback, sh-port, mh-port, flag-1…: "(…)" after the scheduler, -b in a save' }),
  persistent: z.int().nonnegative().nullable().meta({ description: 'persistence timeout in seconds (kube-proxy: sessionAffinity ClientIP, 10800 by default)' }),
  netmask: z.string().nullable().meta({ description: 'persistence granularity: "mask" (an IPv4 mask, or an IPv6 prefix length)' }),
  persistenceEngine: z.string().nullable().meta({ description: '"pe NAME" (sip)' }),
  onePacket: z.boolean().meta({ description: '"ops": one-packet scheduling' }),
  stats: IpvsCounters.nullable().meta({ description: '--stats' }),
  rates: IpvsCounters.nullable().meta({ description: '--rate' }),
  abbreviated: z.boolean().meta({ description: 'a number was shortened with K, M, G or T (without --exact): its value is the lower bound' }),
  span: Span,
}).meta({ id: 'ipvsadm/service', title: 'A virtual service (TCP  10.96.0.1:443 rr, -A -t 10.96.0.1:443 -s rr)' });

export const IpvsadmDestination = z.object({
  type: z.literal('destination'),
  layout: IpvsadmLayout,
  service: IpvsServiceKey.nullable().meta({ description: 'the service it is listed under; null where no service line came before it' }),
  name: z.string().meta({ description: 'as printed: 10.244.1.5:80' }),
  address, port,
  forward: z.enum(['masq', 'local', 'tunnel', 'route', 'fullnat', 'snat']).nullable()
    .meta({ description: 'Masq (NAT, -m: what kube-proxy sets), Local, Tunnel (-i), Route (direct routing, -g); FullNat and SNAT from the LVS forks; null: not shown or "(null)"' }),
  forwardText: z.string().nullable().meta({ description: 'as printed: Masq, or the switch of a save (-m, -g, -i)' }),
  weight: z.int().nonnegative().nullable().meta({ description: 'kube-proxy sets 1, and 0 for an endpoint that is going away while connections remain' }),
  activeConnections: counter,
  inactiveConnections: counter,
  persistentConnections: counter.meta({ description: '--persistent-conn' }),
  upperThreshold: counter.meta({ description: '--thresholds: Uthreshold (0: none)' }),
  lowerThreshold: counter.meta({ description: '--thresholds: Lthreshold' }),
  tunnel: z.string().nullable().meta({ description: '--tun-info: ipip, gue:PORT:…, gre:…, n/a; --tun-type … in a save' }),
  stats: IpvsCounters.nullable(),
  rates: IpvsCounters.nullable(),
  abbreviated: z.boolean(),
  span: Span,
}).meta({ id: 'ipvsadm/destination', title: 'A real server of a virtual service (  -> 10.244.1.5:80  Masq 1 0 0, -a … -r … -m -w 1)' });

const endpoint = z.object({ name: z.string(), address, port }).meta({ id: 'ipvsadm/endpoint', title: 'An address and port of a connection' });

export const IpvsadmConnection = z.object({
  type: z.literal('connection'),
  protocol: z.string().meta({ description: 'TCP, UDP, SCTP as printed' }),
  expire: z.string().meta({ description: 'as printed, MM:SS (minutes not capped: 133:35)' }),
  expireSeconds: z.int().nonnegative(),
  state: z.string().meta({ description: 'ESTABLISHED, SYN_RECV, FIN_WAIT, TIME_WAIT, CLOSE, NONE (a persistence template), UDP…' }),
  source: endpoint, virtual: endpoint, destination: endpoint,
  persistenceEngine: z.string().nullable(), persistenceData: z.string().nullable(),
  span: Span,
}).meta({ id: 'ipvsadm/connection', title: 'One connection of ipvsadm -Lnc' });

export const IpvsadmVersion = z.object({
  type: z.literal('version'),
  version: z.string(), size: z.int().nonnegative().meta({ description: 'the connection hash table size' }),
  span: Span,
}).meta({ id: 'ipvsadm/version', title: 'IP Virtual Server version 1.2.1 (size=4096)' });

export const IpvsadmTimeout = z.object({
  type: z.literal('timeout'),
  tcp: counter, tcpFin: counter, udp: counter,
  span: Span,
}).meta({ id: 'ipvsadm/timeout', title: 'Timeout (tcp tcpfin udp): 900 120 300' });

export const IpvsadmError = z.object({
  type: z.literal('error'),
  error: z.enum(['cannot-initialize', 'not-built-in', 'no-such-service', 'failed'])
    .meta({ description: 'cannot-initialize: "Can\'t initialize ipvs: REASON"; not-built-in: the "Are you sure…" line after it; failed: another message of ipvsadm or modprobe' }),
  reason: z.string().nullable().meta({ description: 'what follows "Can\'t initialize ipvs:" (Protocol not available: the ip_vs module is not loaded)' }),
  message: z.string(),
  span: Span,
}).meta({ id: 'ipvsadm/error', title: 'An error ipvsadm printed' });

export const IpvsadmEntry = z
  .discriminatedUnion('type', [IpvsadmService, IpvsadmDestination, IpvsadmConnection, IpvsadmVersion, IpvsadmTimeout, IpvsadmError])
  .meta({ id: 'ipvsadm/entry', title: 'One record of ipvsadm output' });

export type IpvsadmLayout = z.infer<typeof IpvsadmLayout>;
export type IpvsServiceKey = z.infer<typeof IpvsServiceKey>;
export type IpvsCounters = z.infer<typeof IpvsCounters>;
export type IpvsadmService = z.infer<typeof IpvsadmService>;
export type IpvsadmDestination = z.infer<typeof IpvsadmDestination>;
export type IpvsadmConnection = z.infer<typeof IpvsadmConnection>;
export type IpvsadmEntry = z.infer<typeof IpvsadmEntry>;
