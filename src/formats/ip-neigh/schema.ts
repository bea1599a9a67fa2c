// Records of ip neigh / ip -s neigh / ip -br neigh / ip -j neigh: one per neighbour entry.
// Names follow iproute2's JSON keys (ip/ipneigh.c print_neigh); states and flags as printed.
import { z } from 'zod';
import { Span } from '../../core';

export const NudState = z
  .enum(['INCOMPLETE', 'REACHABLE', 'STALE', 'DELAY', 'PROBE', 'FAILED', 'NOARP', 'PERMANENT', 'NONE'])
  .meta({ id: 'ip-neigh/nud-state', title: 'A neighbour unreachability detection state as ip prints it' });
export type NudState = z.infer<typeof NudState>;

export const NeighFlag = z
  .enum(['router', 'proxy', 'managed', 'extern_learn', 'offload', 'extern_valid'])
  .meta({ id: 'ip-neigh/flag', title: 'A neighbour entry flag as ip prints it' });
export type NeighFlag = z.infer<typeof NeighFlag>;

const seconds = z.int().nonnegative().meta({ description: 'seconds, as printed by ip -s (kernel jiffies / USER_HZ)' });

export const IpNeighEntry = z
  .object({
    dst: z.string().meta({ description: 'the neighbour protocol address as printed' }),
    family: z.enum(['inet', 'inet6']).meta({ description: 'derived from dst' }),
    dev: z.string().nullable().meta({
      description: 'null when the command filtered by device ("ip neigh show dev X" prints no dev column) and no { dev } option was given',
    }),
    lladdr: z.string().nullable().meta({ description: 'link-layer address; null when none is known (INCOMPLETE, FAILED, proxy entries)' }),
    flags: z.array(NeighFlag).meta({ description: 'router, proxy, managed, extern_learn, offload, extern_valid, in print order' }),
    isRouter: z.boolean().meta({ description: 'derived: flags include "router" (NTF_ROUTER, IPv6 routers)' }),
    isProxy: z.boolean().meta({ description: 'derived: flags include "proxy" (ip neigh show proxy)' }),
    state: z.array(NudState).nullable().meta({
      description: 'NUD states as printed; [] when the kernel state is NUD_NONE (nothing printed); null under ip -br, which prints no state',
    }),
    refcnt: z.int().nonnegative().optional().meta({ description: 'ip -s: reference count; ip prints "ref N" only when it is not 0' }),
    used: seconds.optional().meta({ description: 'ip -s: seconds since last use' }),
    confirmed: seconds.optional().meta({ description: 'ip -s: seconds since last confirmation' }),
    updated: seconds.optional().meta({ description: 'ip -s: seconds since last update' }),
    probes: z.int().nonnegative().optional().meta({ description: 'ip -s: probes sent' }),
    protocol: z.string().optional().meta({ description: '"proto X": who installed the entry (iproute2 ≥ 5.12)' }),
    span: Span,
  })
  .meta({ id: 'ip-neigh/entry', title: 'One neighbour (ARP / NDISC) entry of ip neigh' });
export type IpNeighEntry = z.infer<typeof IpNeighEntry>;

/** ip -j neigh: one object per entry (iproute2 JSON keys). */
export const IpNeighJson = z.array(
  z.looseObject({
    dst: z.string(),
    dev: z.string().optional(),
    lladdr: z.string().optional(),
    router: z.null().optional(),
    proxy: z.null().optional(),
    managed: z.null().optional(),
    extern_learn: z.null().optional(),
    offload: z.null().optional(),
    extern_valid: z.null().optional(),
    refcnt: z.int().nonnegative().optional(),
    used: z.int().nonnegative().optional(),
    confirmed: z.int().nonnegative().optional(),
    updated: z.int().nonnegative().optional(),
    probes: z.int().nonnegative().optional(),
    state: z.array(NudState).optional(),
    protocol: z.string().optional(),
  }),
);
