// Writes fdb entries as iproute2 6.x bridge fdb show prints them (bridge/fdb.c print_fdb): each
// part followed by one space, the state last, so learned entries (state "") end in a space.
import type { BridgeFdbEntry } from './schema';

export interface PrintBridgeFdbOptions {
  /** Leave out "dev X", as `bridge fdb show dev X` does. Default: print it where a record has one. */
  omitDev?: boolean;
}

function line(record: BridgeFdbEntry, options: PrintBridgeFdbOptions): string {
  let out = record.deleted ? 'Deleted ' : '';
  out += `${record.mac} `;
  if (record.dev !== null && !options.omitDev) out += `dev ${record.dev} `;
  if (record.dst !== undefined) out += `dst ${record.dst} `;
  if (record.vlan !== undefined) out += `vlan ${record.vlan} `;
  if (record.port !== undefined) out += `port ${record.port} `;
  if (record.vni !== undefined) out += `vni ${record.vni} `;
  if (record.srcVni !== undefined) out += `src_vni ${record.srcVni} `;
  if (record.via !== undefined) out += `via ${record.via} `;
  if (record.viaIfindex !== undefined) out += `via ifindex ${record.viaIfindex} `;
  if (record.nhid !== undefined) out += `nhid ${record.nhid} `;
  if (record.linkNetnsid !== undefined) out += `link-netnsid ${record.linkNetnsid} `;
  if (record.activityNotify) out += 'activity_notify ';
  if (record.inactive) out += 'inactive ';
  if (record.norefresh) out += 'norefresh ';
  if (record.used !== undefined || record.updated !== undefined) out += `used ${record.used ?? 0}/${record.updated ?? 0} `;
  for (const flag of record.flags) out += `${flag} `;
  if (record.master !== undefined) out += `master ${record.master} `;
  return `${out}${record.state}\n`;
}

/** Prints entries as `bridge fdb show` would (with -s where they carry used/updated, -d extras). */
export function printBridgeFdb(records: readonly BridgeFdbEntry[], options: PrintBridgeFdbOptions = {}): string {
  let out = '';
  for (const record of records) out += line(record, options);
  return out;
}
