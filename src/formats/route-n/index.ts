// route -n (net-tools, BusyBox), netstat -rn, route -n -A inet6: what the registry sees.
import { defineFormat } from '../format';
import { shareFlagNames } from './build';
import { parseRouteN } from './parse';
import { printRouteN } from './print';
import { RouteNEntry } from './schema';
import { sniffRouteN } from './sniff';

export const routeN = defineFormat<RouteNEntry>({
  id: 'route-n',
  title: 'route -n / netstat -rn',
  commands: ['route -n', 'route -ne', 'route -nee', 'route', 'netstat -rn', 'route -n -A inet6', 'busybox route -n'],
  schema: RouteNEntry,
  parse: (text) => parseRouteN(text),
  sniff: sniffRouteN,
  print: printRouteN,
  share: shareFlagNames,
});

export { parseRouteN, printRouteN, sniffRouteN, RouteNEntry };
export { RouteNEntryV4, RouteNEntryV6, RouteNFlag } from './schema';
