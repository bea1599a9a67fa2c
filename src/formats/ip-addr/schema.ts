// Records of ip addr (ip address show, -d, -s, -o, -br, -4/-6, -j) and BusyBox ip addr: one per
// interface, with its link fields (the same names as ip-link's records) and its addresses.
// Field meanings per ip-address(8), ip-link(8) and iproute2 ip/ipaddress.c.
import { z } from 'zod';
import { Span } from '../../core';

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

export const IpAddrLinkInfo = z
  .object({
    kind: z.string().meta({ description: 'IFLA_INFO_KIND (vxlan, veth, bridge, …); for a slave line the master kind (bridge for "bridge_slave")' }),
    options: z.array(z.string()).optional().meta({ description: 'the words ip -d prints after the kind, in order (text input)' }),
    data: z.record(z.string(), z.unknown()).optional().meta({ description: 'info_data / info_slave_data (ip -d -j input)' }),
  })
  .meta({ id: 'ip-addr/link-info', title: 'A -d kind or slave line' });
export type IpAddrLinkInfo = z.infer<typeof IpAddrLinkInfo>;

export const IpAddrVxlan = z
  .object({
    id: count,
    local: z.string().optional(),
    remote: z.string().optional(),
    group: z.string().optional(),
    dev: z.string().optional(),
    srcport: z.tuple([count, count]).optional(),
    dstport: count.optional(),
    learning: z.boolean().meta({ description: 'false where ip prints "nolearning"' }),
    ageing: count.optional(),
  })
  .meta({ id: 'ip-addr/vxlan', title: 'The typed fields of a vxlan kind line' });
export type IpAddrVxlan = z.infer<typeof IpAddrVxlan>;

const counters = z.record(z.string(), count);
export const IpAddrStats = z
  .object({
    rx: counters.meta({ description: 'by column name as printed: bytes packets errors dropped missed mcast (older: overrun)' }),
    tx: counters.meta({ description: 'bytes packets errors dropped carrier collsns' }),
    rxErrors: counters.optional().meta({ description: '-s -s: length crc frame fifo overrun' }),
    txErrors: counters.optional().meta({ description: '-s -s: aborted fifo window heartbt transns' }),
  })
  .meta({ id: 'ip-addr/stats', title: 'ip -s counters' });
export type IpAddrStats = z.infer<typeof IpAddrStats>;

export const IpAddrInterface = z
  .object({
    index: z.int().nonnegative().optional().meta({ description: 'ifindex; absent in ip -br output' }),
    ifname: z.string(),
    link: z.string().nullable().optional().meta({ description: 'after "@": the lower or peer device ("eth0", "if3"); null for "@NONE"' }),
    linkIndex: z.int().optional().meta({ description: 'derived from "@if3": the peer ifindex in another namespace' }),
    flags: z.array(z.string()).optional().meta({ description: 'link flags as printed ("BROADCAST", "UP", "LOWER_UP", "NO-CARRIER")' }),
    isUp: z.boolean().optional().meta({ description: 'derived: flag UP (administratively up)' }),
    isLowerUp: z.boolean().optional().meta({ description: 'derived: flag LOWER_UP (carrier)' }),
    mtu: count.optional(),
    qdisc: z.string().optional(),
    master: z.string().optional(),
    state: z.string().optional().meta({ description: 'operstate: UP, DOWN, UNKNOWN, LOWERLAYERDOWN, …' }),
    mode: z.string().optional().meta({ description: 'ip link: link mode (DEFAULT, DORMANT)' }),
    group: z.string().optional(),
    qlen: count.optional(),
    linkType: z.string().optional().meta({ description: 'after "link/": ether, loopback, none, ipip, [65534], …' }),
    address: z.string().optional(),
    broadcast: z.string().optional(),
    peer: z.string().optional().meta({ description: 'link-layer peer (tunnels: "link/ipip 10.0.0.1 peer 10.0.0.2")' }),
    permaddr: z.string().optional(),
    linkNetns: z.string().optional().meta({ description: 'link-netns: the peer namespace by name' }),
    linkNetnsid: count.optional().meta({ description: 'link-netnsid: the peer namespace by id' }),
    promiscuity: count.optional(),
    allmulti: count.optional(),
    minmtu: count.optional(),
    maxmtu: count.optional(),
    linkinfo: IpAddrLinkInfo.optional(),
    slave: IpAddrLinkInfo.optional(),
    vxlan: IpAddrVxlan.optional(),
    properties: z
      .record(z.string(), z.union([z.string(), z.number()]))
      .optional()
      .meta({ description: '-d items after the kind lines, by their printed names (addrgenmode, numtxqueues, gso_max_size, …)' }),
    alias: z.string().optional(),
    altnames: z.array(z.string()).optional(),
    addresses: z.array(IpAddrAddress),
    stats: IpAddrStats.optional(),
    span: Span,
  })
  .meta({ id: 'ip-addr/interface', title: 'One interface of ip addr, with its addresses' });
export type IpAddrInterface = z.infer<typeof IpAddrInterface>;
