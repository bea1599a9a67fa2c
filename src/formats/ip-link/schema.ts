// Records of ip link (ip link show, -d, -s, -s -s, -o, -br, -j) and BusyBox ip link: one per
// interface; the same link fields, under the same names, as ip-addr's records.
// Field meanings per ip-link(8) and iproute2 ip/ipaddress.c.
import { z } from 'zod';
import { Span } from '../../core';
import { linkFields, linkStatsField } from '../shared/iproute2-link/schema';

export { LinkInfo as IpLinkLinkInfo, LinkVxlan as IpLinkVxlan, LinkStats as IpLinkStats } from '../shared/iproute2-link/schema';

export const IpLinkInterface = z
  .object({ ...linkFields, ...linkStatsField, span: Span })
  .meta({ id: 'ip-link/interface', title: 'One interface of ip link' });
export type IpLinkInterface = z.infer<typeof IpLinkInterface>;
