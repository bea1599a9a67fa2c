// Records of route -n / netstat -rn: one per table row, IPv4 or IPv6 (route -n -A inet6).
// Flag letters per route(8) and net-tools lib/inet_gr.c (IPv4) and lib/inet6_gr.c (IPv6).
import { z } from 'zod';
import { Span } from '../../core';

export const RouteNFlag = z
  .enum([
    'up', 'host', 'gateway', 'reinstate', 'dynamic', 'modified', 'addrconf', 'cache', 'reject',
    'default', 'all-onlink', 'expires', 'no-nexthop', 'flow', 'policy', 'local', 'mtu', 'window', 'irtt', 'not-cached',
  ])
  .meta({ id: 'route-n/flag', title: 'A decoded route flag letter' });
export type RouteNFlag = z.infer<typeof RouteNFlag>;

/** What the row says about the route's kind: net-tools has no type column, so it is derived. */
export const RouteNKind = z
  .enum(['unicast', 'blackhole', 'reject'])
  .meta({
    id: 'route-n/kind',
    description: 'reject: flag "!" (unreachable, prohibit); blackhole: no device ("*") without "!"; unicast otherwise',
  });

const counter = z.int().nullable().meta({ description: 'null where the tool prints "-"' });

export const RouteNEntryV4 = z
  .object({
    family: z.literal('inet'),
    destination: z.string().meta({ description: 'as printed: an address, or a name without -n ("default")' }),
    default: z.boolean(),
    network: z.string().nullable().meta({ description: 'destination/prefix ("10.244.2.0/26"); null when the destination is a host name' }),
    gateway: z.string().nullable().meta({ description: 'as printed; null where net-tools prints "-" (reject routes)' }),
    genmask: z.ipv4(),
    prefixLength: z.int().min(0).max(32).meta({ description: 'one bits of genmask (a diagnostic reports non-contiguous masks)' }),
    flags: z.string().meta({ description: 'the Flags column as printed ("UG", "!")' }),
    flagNames: z.array(RouteNFlag),
    kind: RouteNKind,
    metric: counter.optional().meta({ description: 'route -n, -ee' }),
    ref: counter.optional(),
    use: counter.optional(),
    mss: counter.optional().meta({ description: 'route -e, -ee, netstat -rn' }),
    window: counter.optional(),
    irtt: counter.optional(),
    iface: z.string().nullable().meta({ description: 'null where the tool prints "*" or "-": the route has no device' }),
    span: Span,
  })
  .meta({ id: 'route-n/entry-v4', title: 'One row of route -n (IPv4)' });
export type RouteNEntryV4 = z.infer<typeof RouteNEntryV4>;

export const RouteNEntryV6 = z
  .object({
    family: z.literal('inet6'),
    destination: z.string().meta({ description: 'as printed: prefix/length ("fe80::/64"), or a name without -n' }),
    default: z.boolean(),
    network: z.string().nullable().meta({ description: 'address/prefix; null when the destination is a host name' }),
    prefixLength: z.int().min(0).max(128),
    nextHop: z.string().meta({ description: 'as printed ("::"; "[::]" or a name without -n)' }),
    flags: z.string(),
    flagNames: z.array(RouteNFlag),
    kind: RouteNKind,
    metric: z.int().meta({ description: 'as printed; net-tools prints 4294967295 as -1' }),
    ref: z.int(),
    use: z.int(),
    iface: z.string().nullable(),
    span: Span,
  })
  .meta({ id: 'route-n/entry-v6', title: 'One row of route -n -A inet6' });
export type RouteNEntryV6 = z.infer<typeof RouteNEntryV6>;

export const RouteNEntry = z
  .discriminatedUnion('family', [RouteNEntryV4, RouteNEntryV6])
  .meta({ id: 'route-n/entry', title: 'One row of route -n or netstat -rn' });
export type RouteNEntry = z.infer<typeof RouteNEntry>;
