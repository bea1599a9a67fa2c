// Writes sets and members as ipset 7 prints them: ipset list's header lines (a blank line between
// sets), or ipset save's create and add lines.
import type { IpsetEntry, IpsetMember, IpsetSet } from './schema';

const options = (member: IpsetMember): string => member.options.map((o) => (o.value === null ? ` ${o.key}` : ` ${o.key} ${o.value}`)).join('');

function listHeader(set: IpsetSet): string[] {
  const lines = [`Name: ${set.name}`, `Type: ${set.setType}`];
  if (set.revision !== null) lines.push(`Revision: ${set.revision}`);
  lines.push(`Header: ${set.header}`);
  if (set.memorySize !== null) lines.push(`Size in memory: ${set.memorySize}`);
  if (set.references !== null) lines.push(`References: ${set.references}`);
  if (set.entries !== null) lines.push(`Number of entries: ${set.entries}`);
  if (set.membersListed) lines.push('Members:');
  return lines;
}

export function printIpset(records: readonly IpsetEntry[]): string {
  const lines: string[] = [];
  let sets = 0;
  let layout: IpsetSet['layout'] | null = null;
  for (const record of records) {
    if (record.type === 'set') {
      if (record.layout === 'save') lines.push(`create ${record.name} ${record.setType}${record.header ? ` ${record.header}` : ''}`);
      else {
        if (sets > 0) lines.push('');
        lines.push(...listHeader(record));
      }
      sets++;
      layout = record.layout;
    } else if (record.type === 'member') {
      // a member of a save names its set; one of a listing follows its set's "Members:"
      lines.push(layout === 'list' ? `${record.element}${options(record)}` : `add ${record.set ?? ''} ${record.element}${options(record)}`);
    } else lines.push(record.message);
  }
  return lines.map((line) => `${line}\n`).join('');
}
