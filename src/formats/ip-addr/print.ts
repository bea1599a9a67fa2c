// Writes ip addr records in iproute2 6.1's exact layout (ip/ipaddress.c print_linkinfo,
// print_addrinfo, print_stats64): the block layout with -d details and -s counters as the
// records carry them, ip -o addr lines for records without a header, ip -br addr for records
// without an index.
import type { IpAddrAddress, IpAddrInterface, IpAddrLifetime } from './schema';
import { headerLine, linkLines, nameWithLink, statsLines } from '../shared/iproute2-link/print';


const lft = (value: IpAddrLifetime | undefined): string => (value === undefined || value === 'forever' ? 'forever' : `${value}sec`);

export function addressLine(address: IpAddrAddress): string {
  let line = `    ${address.family} ${address.local}`;
  line += address.peer !== undefined ? ` peer ${address.peer}/${address.prefixLength} ` : `/${address.prefixLength} `;
  if (address.metric !== undefined) line += `metric ${address.metric} `;
  if (address.broadcast !== undefined) line += `brd ${address.broadcast} `;
  if (address.anycast !== undefined) line += `any ${address.anycast} `;
  if (address.proto !== undefined) line += `proto ${address.proto} `;
  if (address.scope !== undefined) line += `scope ${address.scope} `;
  for (const flag of address.flags) line += `${flag} `;
  if (address.flagsHex !== undefined) line += `flags ${address.flagsHex} `;
  return line + (address.label ?? '');
}

function lifetimeLine(address: IpAddrAddress): string {
  return `       valid_lft ${lft(address.validLft)} preferred_lft ${lft(address.preferredLft)}`;
}

function blockRecord(record: IpAddrInterface): string {
  let out = headerLine(record) + linkLines(record);
  if (record.alias !== undefined) out += `\n    alias ${record.alias}`;
  for (const name of record.altnames ?? []) out += `\n    altname ${name}`;
  for (const address of record.addresses) {
    out += `\n${addressLine(address)}`;
    if (address.validLft !== undefined) out += `\n${lifetimeLine(address)}`;
  }
  if (record.stats) out += statsLines(record.stats);
  return `${out}\n`;
}

function onelineRecord(record: IpAddrInterface): string {
  let out = '';
  for (const address of record.addresses)
    out += `${record.index ?? 0}: ${record.ifname}${addressLine(address)}\\${lifetimeLine(address)}\n`;
  return out;
}

function briefRecord(record: IpAddrInterface): string {
  let out = `${nameWithLink(record).padEnd(16)} ${(record.state ?? '').padEnd(14)} `;
  if (record.flags) return `${out}${record.address !== undefined ? `${record.address} ` : ''}<${record.flags.join(',')}> \n`;
  for (const a of record.addresses) {
    out += a.peer !== undefined ? `${a.local} peer ${a.peer}/${a.prefixLength} ` : `${a.local}/${a.prefixLength} `;
    if (a.metric !== undefined) out += `metric ${a.metric} `;
  }
  return `${out}\n`;
}

/**
 * Prints records as ip addr would: the block layout (with -d and -s parts where records carry
 * them), `ip -o addr` lines for records read from -o (no flags), `ip -br addr` lines for records
 * without an index, and bare address lines (ip addr show label …) for records without either.
 */
export function printIpAddr(records: readonly IpAddrInterface[]): string {
  let out = '';
  for (const record of records) {
    if (record.index === undefined && record.state !== undefined) out += briefRecord(record);
    else if (record.index === undefined)
      for (const address of record.addresses) out += `${addressLine(address)}\n${lifetimeLine(address)}\n`;
    else if (record.flags === undefined) out += onelineRecord(record);
    else out += blockRecord(record);
  }
  return out;
}
