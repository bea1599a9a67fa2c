// bridge fdb show (iproute2), with -d -s -t and the dev / br / brport / state filters, and
// bridge -j fdb show: what the registry sees.
import { defineFormat } from '../format';
import { parseBridgeFdb } from './parse';
import { printBridgeFdb } from './print';
import { BridgeFdbEntry } from './schema';
import { sniffBridgeFdb } from './sniff';

export const bridgeFdb = defineFormat<BridgeFdbEntry>({
  id: 'bridge-fdb',
  title: 'bridge fdb show',
  commands: [
    'bridge fdb show', 'bridge fdb', 'bridge -d fdb show', 'bridge -s fdb show', 'bridge -s -s -d -t fdb show',
    'bridge fdb show dev', 'bridge fdb show br', 'bridge fdb show brport', 'bridge fdb show state', 'bridge fdb show dynamic',
    'bridge -4 fdb show', 'bridge -6 fdb show', 'bridge -o fdb show',
    'bridge -j fdb show', 'bridge -j -p fdb show', 'bridge -d -s -j fdb show',
  ],
  schema: BridgeFdbEntry,
  parse: (text, options) => parseBridgeFdb(text, { dev: options?.dev }),
  sniff: sniffBridgeFdb,
  print: (records) => printBridgeFdb(records),
});

export { parseBridgeFdb, printBridgeFdb, sniffBridgeFdb, BridgeFdbEntry };
export { BridgeFdbFlag } from './schema';
export type { ParseBridgeFdbOptions } from './parse';
export type { PrintBridgeFdbOptions } from './print';
