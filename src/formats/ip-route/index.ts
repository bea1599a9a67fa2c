// ip route (iproute2, BusyBox), its -4/-6/-d/-o/-s/-j variants, and ip nexthop: what the registry sees.
import { defineFormat } from '../format';
import { parseIpRoute } from './parse';
import { printIpRoute } from './print';
import { IpRouteEntry } from './schema';
import { sniffIpRoute } from './sniff';

export const ipRoute = defineFormat<IpRouteEntry>({
  id: 'ip-route',
  title: 'ip route',
  commands: [
    'ip route', 'ip route show', 'ip route list', 'ip route show table all', 'ip -4 route', 'ip -6 route', 'ip -d route',
    'ip -o route', 'ip -s route', 'ip route show cache', 'ip -j route', 'ip -d -j route show table all', 'ip nexthop',
    'ip -j nexthop', 'busybox ip route',
  ],
  schema: IpRouteEntry,
  parse: (text) => parseIpRoute(text),
  sniff: sniffIpRoute,
  print: (records) => printIpRoute(records),
});

export { parseIpRoute, printIpRoute, sniffIpRoute, IpRouteEntry };
export { ipRouteReader } from './parse';
export type { PrintIpRouteOptions } from './print';
export {
  IpRouteForwarding, IpRouteRejecting, IpRouteFlag, IpRouteNexthop, IpRouteType, IpRouteVia, IpNexthopInfo, IpNexthopObject,
} from './schema';
export type { IpRoute } from './schema';
