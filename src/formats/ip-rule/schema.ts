// Records of ip rule / ip -4 rule / ip -6 rule / ip -j rule: one per policy routing rule.
// Fields per iproute2 ip/iprule.c print_rule (its JSON keys, in camelCase) and ip-rule(8).
import { z } from 'zod';
import { Span } from '../../core';

export const IpRuleAction = z
  .enum([
    'lookup', 'goto', 'nop', 'map-to', 'masquerade',
    'unicast', 'local', 'broadcast', 'anycast', 'multicast', 'blackhole', 'unreachable', 'prohibit', 'throw', 'nat', 'xresolve',
  ])
  .meta({
    id: 'ip-rule/action',
    title: 'What a rule does',
    description: 'lookup: look up the table; goto, nop, map-to, masquerade as printed; otherwise the route type ip prints (unreachable, prohibit, blackhole; BusyBox prints goto as "local" and nop as "broadcast")',
  });
export type IpRuleAction = z.infer<typeof IpRuleAction>;

const PortRange = z.object({ start: z.int().nonnegative(), end: z.int().nonnegative() });

export const IpRuleEntry = z
  .object({
    priority: z.int().nonnegative(),
    not: z.boolean().meta({ description: '"not": the selector is inverted' }),
    from: z.string().meta({ description: 'as printed: "all", an address, a prefix ("10.0.0.0/24") or "0/N"' }),
    to: z.string().nullable(),
    family: z.enum(['inet', 'inet6']).nullable().meta({ description: 'derived from from/to; null when both are "all"' }),
    tos: z.string().nullable().meta({ description: 'as printed ("0x10"; BusyBox prints decimal)' }),
    fwmark: z.int().nonnegative().nullable(),
    fwmask: z.int().nonnegative().nullable().meta({ description: 'null when ip prints no mask (0xffffffff)' }),
    iif: z.string().nullable(),
    iifDetached: z.boolean().meta({ description: '"[detached]": no such input device now' }),
    oif: z.string().nullable(),
    oifDetached: z.boolean(),
    l3mdev: z.boolean().meta({ description: '"lookup [l3mdev-table]": the VRF table of the device' }),
    uidrange: PortRange.nullable(),
    ipproto: z.string().nullable(),
    sport: PortRange.nullable().meta({ description: 'start = end for a single port' }),
    dport: PortRange.nullable(),
    tunId: z.string().nullable().meta({ description: 'tun_id, a 64-bit number as printed' }),
    table: z.string().nullable().meta({ description: 'as printed: a name from rt_tables or a number' }),
    tableId: z.int().nonnegative().nullable().meta({ description: 'derived: local 255, main 254, default 253, unspec 0, numbers; null for other names' }),
    suppressPrefixLength: z.int().nullable(),
    suppressIfgroup: z.string().nullable(),
    realms: z.string().nullable().meta({ description: 'as printed: "to" or "from/to"' }),
    action: IpRuleAction,
    type: z.string().nullable().meta({ description: 'the route type as printed for type actions: "unreachable", or its number under ip -N ("7")' }),
    goto: z.int().nonnegative().nullable().meta({ description: 'goto target priority; null for "goto none" or other actions' }),
    unresolved: z.boolean().meta({ description: '"[unresolved]": no rule with the goto target priority' }),
    natGateway: z.string().nullable().meta({ description: 'map-to address (old kernels)' }),
    protocol: z.string().nullable().meta({ description: '"proto X": printed with -d, or when not kernel/unspec' }),
    dscp: z.string().nullable(),
    span: Span,
  })
  .meta({ id: 'ip-rule/entry', title: 'One policy routing rule of ip rule' });
export type IpRuleEntry = z.infer<typeof IpRuleEntry>;

const hexString = z.string().regex(/^0x[0-9a-fA-F]+$|^0$/);

/** ip -j rule: one object per rule (iproute2 JSON keys). */
export const IpRuleJson = z.array(
  z.looseObject({
    priority: z.int().nonnegative(),
    not: z.null().optional(),
    src: z.string(),
    srclen: z.int().nonnegative().optional(),
    dst: z.string().optional(),
    dstlen: z.int().nonnegative().optional(),
    tos: z.string().optional(),
    fwmark: hexString.optional(),
    fwmask: hexString.optional(),
    iif: z.string().optional(),
    iif_detached: z.null().optional(),
    oif: z.string().optional(),
    oif_detached: z.null().optional(),
    l3mdev: z.null().optional(),
    uid_start: z.int().nonnegative().optional(),
    uid_end: z.int().nonnegative().optional(),
    ipproto: z.string().optional(),
    sport: z.int().nonnegative().optional(),
    sport_start: z.int().nonnegative().optional(),
    sport_end: z.int().nonnegative().optional(),
    dport: z.int().nonnegative().optional(),
    dport_start: z.int().nonnegative().optional(),
    dport_end: z.int().nonnegative().optional(),
    tun_id: z.union([z.int(), z.string()]).optional(),
    table: z.string().optional(),
    suppress_prefixlen: z.int().optional(),
    suppress_ifgroup: z.string().optional(),
    flow_from: z.string().optional(),
    flow_to: z.string().optional(),
    nat_gateway: z.string().optional(),
    masquerade: z.null().optional(),
    goto: z.union([z.int().nonnegative(), z.literal('none')]).optional(),
    unresolved: z.null().optional(),
    nop: z.null().optional(),
    action: z.string().optional(),
    protocol: z.string().optional(),
    dscp: z.union([z.int(), z.string()]).optional(),
  }),
);
