// The interface fields ip addr and ip link share (iproute2 ip/ipaddress.c print_linkinfo; field
// meanings per ip-link(8)): both formats' records carry them under the same names.
import { z } from 'zod';

const count = z.number().int().nonnegative();

export const LinkInfo = z
  .object({
    kind: z.string().meta({ description: 'IFLA_INFO_KIND (vxlan, veth, bridge, …); for a slave line the master kind (bridge for "bridge_slave")' }),
    options: z.array(z.string()).optional().meta({ description: 'the words ip -d prints after the kind, in order (text input)' }),
    data: z.record(z.string(), z.unknown()).optional().meta({ description: 'info_data / info_slave_data (ip -d -j input)' }),
  })
  .meta({ id: 'iproute2-link/link-info', title: 'A -d kind or slave line' });
export type LinkInfo = z.infer<typeof LinkInfo>;

export const LinkVxlan = z
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
  .meta({ id: 'iproute2-link/vxlan', title: 'The typed fields of a vxlan kind line' });
export type LinkVxlan = z.infer<typeof LinkVxlan>;

const counters = z.record(z.string(), count);
export const LinkStats = z
  .object({
    rx: counters.meta({ description: 'by column name as printed: bytes packets errors dropped missed mcast (older: overrun)' }),
    tx: counters.meta({ description: 'bytes packets errors dropped carrier collsns' }),
    rxErrors: counters.optional().meta({ description: '-s -s: length crc frame fifo overrun' }),
    txErrors: counters.optional().meta({ description: '-s -s: aborted fifo window heartbt transns' }),
  })
  .meta({ id: 'iproute2-link/stats', title: 'ip -s counters' });
export type LinkStats = z.infer<typeof LinkStats>;

/** An interface's link fields, before ip addr's addresses. */
export const linkFields = {
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
    linkinfo: LinkInfo.optional(),
    slave: LinkInfo.optional(),
    vxlan: LinkVxlan.optional(),
    properties: z
      .record(z.string(), z.union([z.string(), z.number()]))
      .optional()
      .meta({ description: '-d items after the kind lines, by their printed names (addrgenmode, numtxqueues, gso_max_size, …)' }),
    alias: z.string().optional(),
    altnames: z.array(z.string()).optional(),
};

/** The -s counters, after ip addr's addresses (the order both records keep). */
export const linkStatsField = {
    stats: LinkStats.optional(),
};

/** The link fields of an interface record, as the shared builders fill them. */
export const LinkRecord = z.object({ ...linkFields, ...linkStatsField });
export type LinkRecord = z.infer<typeof LinkRecord>;
