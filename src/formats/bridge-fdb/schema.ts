// Records of bridge fdb show (text and -j): one per forwarding database entry. Fields and
// words per bridge(8) and iproute2 bridge/fdb.c (print_fdb, fdb_print_flags, state_n2a).
import { z } from 'zod';
import { Span } from '../../core';

/** NTF_* flags as bridge prints them, in its order (the -j "flags" array). */
export const BridgeFdbFlag = z
  .enum(['self', 'router', 'extern_learn', 'offload', 'master', 'sticky', 'locked'])
  .meta({
    id: 'bridge-fdb/flag',
    title: 'A flag of an fdb entry',
    description: 'self: the device\'s own table (driver, vxlan); master: a bare NTF_MASTER (older iproute2); extern_learn: added by a control plane',
  });
export type BridgeFdbFlag = z.infer<typeof BridgeFdbFlag>;

const u32 = z.int().nonnegative();

export const BridgeFdbEntry = z
  .object({
    deleted: z.boolean().optional().meta({ description: 'bridge monitor fdb: "Deleted" (-j: deleted, or opCode "deleted" in old versions)' }),
    mac: z.string().meta({ description: 'the link-layer address as printed ("02:42:ac:11:00:02"); 00:00:00:00:00:00 is a vxlan default destination' }),
    dev: z
      .string()
      .nullable()
      .meta({ description: 'the port or device (-j: ifname); null under "show dev X" / "brport X", which leave it out, unless parse was given { dev }' }),
    dst: z.string().optional().meta({ description: 'remote VTEP address (vxlan), as printed' }),
    vlan: u32.optional(),
    port: u32.optional().meta({ description: 'remote UDP port (vxlan)' }),
    vni: u32.optional(),
    srcVni: u32.optional().meta({ description: 'src_vni (vxlan collect-metadata devices)' }),
    via: z.string().optional().meta({ description: 'outgoing device to the remote (-j: viaIf)' }),
    viaIfindex: u32.optional().meta({ description: '"via ifindex N" when the device is in another namespace (-j: viaIfIndex)' }),
    nhid: u32.optional().meta({ description: 'nexthop group id' }),
    linkNetnsid: z.int().optional().meta({ description: 'link-netnsid (-j: linkNetNsId)' }),
    activityNotify: z.boolean().optional().meta({ description: '-d: activity_notify' }),
    inactive: z.boolean().optional().meta({ description: '-d: inactive' }),
    norefresh: z.boolean().optional(),
    used: u32.optional().meta({ description: '-s: seconds since the entry was last used ("used U/T")' }),
    updated: u32.optional().meta({ description: '-s: seconds since the entry was last updated ("used U/T")' }),
    flags: z.array(BridgeFdbFlag).meta({ description: 'as printed, in order' }),
    master: z.string().optional().meta({ description: 'the bridge the entry belongs to (NDA_MASTER)' }),
    state: z
      .string()
      .meta({ description: 'as printed: "permanent", "static", "stale", "" (reachable: learned), or "state=0x…"' }),
    isDynamic: z.boolean().meta({ description: 'derived: neither permanent nor static, so the entry ages out' }),
    isMulticast: z.boolean().meta({ description: 'derived: the group bit of the first byte is set (33:33:…, 01:00:5e:…)' }),
    span: Span,
  })
  .meta({ id: 'bridge-fdb/entry', title: 'One entry of bridge fdb show' });
export type BridgeFdbEntry = z.infer<typeof BridgeFdbEntry>;
