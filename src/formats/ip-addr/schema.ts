// Records of ip addr (ip address show, -d, -s, -o, -br, -4/-6, -j) and BusyBox ip addr: one per
// interface, with its link fields (the same names as ip-link's records) and its addresses.
// Field meanings per ip-address(8), ip-link(8) and iproute2 ip/ipaddress.c.
import { z } from 'zod';
import { Span } from '../../core';
import { linkFields, linkStatsField } from '../shared/iproute2-link/schema';

const count = z.number().int().nonnegative();

export const IpAddrLifetime = z
  .union([z.literal('forever'), count])
  .meta({ id: 'ip-addr/lifetime', description: 'seconds left ("86394sec" → 86394), or "forever" (JSON 4294967295)' });
export type IpAddrLifetime = z.infer<typeof IpAddrLifetime>;

export const IpAddrAddress = z
  .object({
    family: z.enum(['inet', 'inet6']),
    local: z.string().meta({ description: 'the address, without prefix length' }),
    prefixLength: z.int().min(0).max(128),
    peer: z.string().optional().meta({ description: 'point-to-point peer ("inet 172.30.0.1 peer 172.30.0.2/32")' }),
    metric: count.optional(),
    broadcast: z.string().optional().meta({ description: 'brd' }),
    anycast: z.string().optional().meta({ description: 'any' }),
    proto: z.string().optional(),
    scope: z.string().optional().meta({ description: 'host, link, global, site or a number' }),
    flags: z.array(z.string()).meta({ description: 'address flags as printed, in order (secondary, dynamic, noprefixroute, tentative, …)' }),
    flagsHex: z.string().optional().meta({ description: 'BusyBox prints unknown flag bits as "flags 08"' }),
    label: z.string().optional().meta({ description: 'IPv4 label ("eth0", "eth0:1")' }),
    secondary: z.boolean().meta({ description: 'derived: flag secondary (temporary for IPv6)' }),
    dynamic: z.boolean().meta({ description: 'derived: flag dynamic (a lifetime that runs out)' }),
    validLft: IpAddrLifetime.optional(),
    preferredLft: IpAddrLifetime.optional(),
    span: Span,
  })
  .meta({ id: 'ip-addr/address', title: 'One inet or inet6 address of an interface' });
export type IpAddrAddress = z.infer<typeof IpAddrAddress>;

export { LinkInfo as IpAddrLinkInfo, LinkVxlan as IpAddrVxlan, LinkStats as IpAddrStats } from '../shared/iproute2-link/schema';

export const IpAddrInterface = z
  .object({ ...linkFields, addresses: z.array(IpAddrAddress), ...linkStatsField, span: Span })
  .meta({ id: 'ip-addr/interface', title: 'One interface of ip addr, with its addresses' });
export type IpAddrInterface = z.infer<typeof IpAddrInterface>;
