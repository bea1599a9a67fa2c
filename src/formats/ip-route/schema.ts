// Records of `ip route` (text and ip -j JSON): one per route, with its multipath next hops and,
// for cloned (cache) routes, the cache line. Field names are ip's own JSON keys (ip/iproute.c).
import { z } from 'zod';
import { Span } from '../../core';
import { ROUTE_FLAGS } from './lexer';

export const IpRouteFlag = z.enum(ROUTE_FLAGS).meta({ id: 'ip-route/flag', title: 'A route or next-hop flag (print_rt_flags)' });
export type IpRouteFlag = z.infer<typeof IpRouteFlag>;

export const IpRouteVia = z
  .object({ family: z.string(), host: z.string() })
  .meta({ id: 'ip-route/via', title: 'A gateway of another family ("via inet6 fe80::1", RTA_VIA)' });
export type IpRouteVia = z.infer<typeof IpRouteVia>;

export const IpRouteNexthop = z
  .object({
    gateway: z.string().optional(),
    via: IpRouteVia.optional(),
    dev: z.string().optional(),
    weight: z.int().positive().optional(),
    realms: z.string().optional(),
    to: z.string().optional().meta({ description: '"as to" address (RTA_NEWDST)' }),
    flags: z.array(IpRouteFlag),
    span: Span,
  })
  .meta({ id: 'ip-route/nexthop', title: 'One "nexthop" of a multipath route' });
export type IpRouteNexthop = z.infer<typeof IpRouteNexthop>;

const u32 = z.int().min(0).max(4294967295);

const nexthopObjectFields = {
  id: u32,
  family: z.enum(['inet', 'inet6']).optional().meta({ description: 'of the gateway' }),
  group: z
    .array(z.object({ id: u32, weight: z.int().positive().optional() }))
    .optional()
    .meta({ description: 'printed "1,3/2,5": id 1 weight 3, id 2 weight 5; weight 1 is left out' }),
  groupType: z.string().optional().meta({ description: 'printed after "type" ("resilient"); JSON "type"' }),
  resilient: z.record(z.string(), z.int()).optional().meta({ description: 'buckets, idle_timer…; JSON "resilient_args"' }),
  gateway: z.string().optional().meta({ description: 'printed after "via"' }),
  dev: z.string().optional(),
  scope: z.string().optional(),
  blackhole: z.boolean().optional(),
  protocol: z.string().optional(),
  flags: z.array(IpRouteFlag),
  fdb: z.boolean().optional(),
  span: Span,
};

export const IpNexthopInfo = z
  .object(nexthopObjectFields)
  .meta({ id: 'ip-route/nh-info', title: 'The nexthop object a route uses, as ip -d route prints it after "nh_info"' });
export type IpNexthopInfo = z.infer<typeof IpNexthopInfo>;

export const IpNexthopObject = z
  .object({ type: z.literal('nexthop'), ...nexthopObjectFields })
  .meta({ id: 'ip-route/nexthop-object', title: 'A nexthop object of ip nexthop (not a route)' });
export type IpNexthopObject = z.infer<typeof IpNexthopObject>;

const fields = {
  dst: z.string().meta({ description: 'as printed: "default", a prefix, or a host address without /len' }),
  default: z.boolean().meta({ description: 'dst is "default" (or a /0 prefix)' }),
  network: z.string().meta({ description: 'dst as a prefix: "0.0.0.0/0", "::/0", "10.244.0.1/32"' }),
  prefixLength: z.int().min(0).max(128),
  family: z.enum(['inet', 'inet6']),
  from: z.string().optional().meta({ description: 'source prefix of a policy route ("from 10.0.0.0/8")' }),
  nhid: u32.optional().meta({ description: 'the nexthop object the route uses (ip nexthop)' }),
  tos: z.string().optional(),
  gateway: z.string().optional().meta({ description: 'printed after "via"' }),
  via: IpRouteVia.optional(),
  dev: z.string().optional(),
  table: z.string().optional().meta({ description: 'as printed; absent where ip leaves it out (main, or the table asked for)' }),
  protocol: z.string().optional().meta({ description: 'printed after "proto"; absent means boot (ip leaves it out)' }),
  scope: z.string().optional().meta({ description: 'absent means global (ip leaves it out without -d)' }),
  prefsrc: z.string().optional().meta({ description: 'printed after "src"' }),
  metric: u32.optional(),
  flags: z.array(IpRouteFlag),
  mark: u32.optional(),
  realms: z.string().optional(),
  uid: u32.optional(),
  cache: z.array(z.string()).optional().meta({ description: 'a cloned IPv4 route: the flags of its "cache <…>" line' }),
  expires: z.int().optional().meta({ description: 'seconds' }),
  error: z.int().optional(),
  users: z.int().optional(),
  used: z.int().optional(),
  age: z.int().optional().meta({ description: 'seconds' }),
  ipid: z.string().optional(),
  metrics: z
    .record(z.string(), z.union([z.number(), z.string()]))
    .optional()
    .meta({ description: 'RTAX metrics by ip\'s name (mtu, advmss, hoplimit, rtt…); times ("10ms") stay strings' }),
  locked: z.array(z.string()).optional().meta({ description: 'metrics printed with "lock"' }),
  iif: z.string().optional(),
  pref: z.string().optional().meta({ description: 'IPv6 router preference: low, medium, high' }),
  nhInfo: IpNexthopInfo.optional().meta({ description: 'ip -d route: the nexthop object of nhid; JSON "nh_info"' }),
  nexthops: z.array(IpRouteNexthop).optional(),
  other: z
    .record(z.string(), z.string())
    .optional()
    .meta({ description: 'key value pairs this reader does not know, as printed (each has a diagnostic)' }),
  span: Span,
};

const FORWARDING = ['unicast', 'local', 'broadcast', 'multicast', 'anycast', 'nat', 'xresolve'] as const;
const REJECTING = ['blackhole', 'unreachable', 'prohibit', 'throw'] as const;

export const IpRouteType = z.enum([...FORWARDING, ...REJECTING]).meta({ id: 'ip-route/type', title: 'A route type (rtnl_rtntype_n2a)' });
export type IpRouteType = z.infer<typeof IpRouteType>;

export const IpRouteForwarding = z
  .object({ type: z.enum(FORWARDING), ...fields })
  .meta({ id: 'ip-route/forwarding', title: 'A route that delivers packets: unicast, local, broadcast, multicast, anycast, nat' });

export const IpRouteRejecting = z
  .object({ type: z.enum(REJECTING), ...fields })
  .meta({
    id: 'ip-route/rejecting', title: 'A route that stops packets: blackhole (drop), unreachable, prohibit (ICMP error), throw (next table)',
  });

export const IpRouteEntry = z
  .discriminatedUnion('type', [IpRouteForwarding, IpRouteRejecting, IpNexthopObject])
  .meta({ id: 'ip-route/entry', title: 'One route of ip route, or one nexthop object of ip nexthop' });
export type IpRouteEntry = z.infer<typeof IpRouteEntry>;
/** A record that is a route (not an ip nexthop object). */
export type IpRoute = Exclude<IpRouteEntry, IpNexthopObject>;
