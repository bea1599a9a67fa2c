// ip neigh (iproute2, BusyBox), ip -s neigh, ip -br neigh, ip -j neigh: what the registry sees.
import { defineFormat } from '../format';
import { parseIpNeigh } from './parse';
import { printIpNeigh } from './print';
import { IpNeighEntry } from './schema';
import { sniffIpNeigh } from './sniff';

export const ipNeigh = defineFormat<IpNeighEntry>({
  id: 'ip-neigh',
  title: 'ip neigh',
  commands: [
    'ip neigh', 'ip neigh show', 'ip -4 neigh', 'ip -6 neigh', 'ip -s neigh', 'ip -s -s neigh show', 'ip -br neigh',
    'ip neigh show dev', 'ip neigh show proxy', 'ip neigh show nud all', 'ip -j neigh', 'busybox ip neigh', 'ip neighbor',
  ],
  schema: IpNeighEntry,
  parse: (text, options) => parseIpNeigh(text, { dev: options?.dev }),
  sniff: sniffIpNeigh,
  print: (records) => printIpNeigh(records),
});

export { parseIpNeigh, printIpNeigh, sniffIpNeigh, IpNeighEntry };
export { NudState, NeighFlag } from './schema';
export type { ParseIpNeighOptions } from './parse';
export type { IpNeighLayout } from './print';
