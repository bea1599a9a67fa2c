// Writes ip link records in iproute2 6.1's exact layout (ip/ipaddress.c print_linkinfo,
// print_stats64): the block layout with -d details and -s / -s -s counters as the records carry
// them, and ip -br link lines for records without an index.
import type { IpLinkInterface } from './schema';
import { headerLine, linkLines, nameWithLink, statsLines } from '../shared/iproute2-link/print';


function blockRecord(record: IpLinkInterface): string {
  let out = headerLine(record) + linkLines(record);
  if (record.alias !== undefined) out += `\n    alias ${record.alias}`;
  // ip link prints the counters before the altnames (print_linkinfo)
  if (record.stats) out += statsLines(record.stats);
  for (const name of record.altnames ?? []) out += `\n    altname ${name}`;
  return `${out}\n`;
}

function briefRecord(record: IpLinkInterface): string {
  const out = `${nameWithLink(record).padEnd(16)} ${(record.state ?? '').padEnd(14)} `;
  return `${out}${record.address !== undefined ? `${record.address} ` : ''}<${(record.flags ?? []).join(',')}> \n`;
}

/**
 * Prints records as ip link would: the block layout (with -d and -s parts where records carry
 * them), or `ip -br link` lines for records without an index. `ip -o link` is not written.
 */
export function printIpLink(records: readonly IpLinkInterface[]): string {
  let out = '';
  for (const record of records) out += record.index === undefined ? briefRecord(record) : blockRecord(record);
  return out;
}
