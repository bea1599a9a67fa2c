// Records of ip link (ip link show, -d, -s, -s -s, -o, -br, -j) and BusyBox ip link: one per
// interface; the same link fields, under the same names, as ip-addr's records.
// Field meanings per ip-link(8) and iproute2 ip/ipaddress.c.
import { z } from 'zod';
import { Span } from '../../core';

const count = z.number().int().nonnegative();

export const IpLinkLinkInfo = z
  .object({
    kind: z.string().meta({ description: 'IFLA_INFO_KIND (vxlan, veth, bridge, …); for a slave line the master kind (bridge for "bridge_slave")' }),
    options: z.array(z.string()).optional().meta({ description: 'the words ip -d prints after the kind, in order (text input)' }),
    data: z.record(z.string(), z.unknown()).optional().meta({ description: 'info_data / info_slave_data (ip -d -j input)' }),
  })
  .meta({ id: 'ip-link/link-info', title: 'A -d kind or slave line' });
export type IpLinkLinkInfo = z.infer<typeof IpLinkLinkInfo>;

export const IpLinkVxlan = z
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
  .meta({ id: 'ip-link/vxlan', title: 'The typed fields of a vxlan kind line' });
export type IpLinkVxlan = z.infer<typeof IpLinkVxlan>;

const counters = z.record(z.string(), count);
export const IpLinkStats = z
  .object({
    rx: counters.meta({ description: 'by column name as printed: bytes packets errors dropped missed mcast (older: overrun)' }),
    tx: counters.meta({ description: 'bytes packets errors dropped carrier collsns' }),
    rxErrors: counters.optional().meta({ description: '-s -s: length crc frame fifo overrun' }),
    txErrors: counters.optional().meta({ description: '-s -s: aborted fifo window heartbt transns' }),
  })
  .meta({ id: 'ip-link/stats', title: 'ip -s counters' });
export type IpLinkStats = z.infer<typeof IpLinkStats>;

export const IpLinkInterface = z
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
    linkinfo: IpLinkLinkInfo.optional(),
    slave: IpLinkLinkInfo.optional(),
    vxlan: IpLinkVxlan.optional(),
    properties: z
      .record(z.string(), z.union([z.string(), z.number()]))
      .optional()
      .meta({ description: '-d items after the kind lines, by their printed names (addrgenmode, numtxqueues, gso_max_size, …)' }),
    alias: z.string().optional(),
    altnames: z.array(z.string()).optional(),
    stats: IpLinkStats.optional(),
    span: Span,
  })
  .meta({ id: 'ip-link/interface', title: 'One interface of ip link' });
export type IpLinkInterface = z.infer<typeof IpLinkInterface>;
