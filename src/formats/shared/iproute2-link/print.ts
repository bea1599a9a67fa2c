// Writes the lines ip addr and ip link print alike, in iproute2 6.1's exact layout
// (ip/ipaddress.c print_linkinfo, print_stats64): the header, link/… and -d lines, -s counters.
import type { LinkRecord, LinkStats } from './schema';

/** A record as the printers read it: the link fields, with an index when the layout has one. */
type Printable = LinkRecord;

export function nameWithLink(record: Printable): string {
  if (record.link === undefined) return record.ifname;
  return `${record.ifname}@${record.link === null ? 'NONE' : record.link}`;
}

export function headerLine(record: Printable): string {
  let line = `${record.index ?? 0}: ${nameWithLink(record)}: <${(record.flags ?? []).join(',')}> `;
  if (record.mtu !== undefined) line += `mtu ${record.mtu} `;
  if (record.qdisc !== undefined) line += `qdisc ${record.qdisc} `;
  if (record.master !== undefined) line += `master ${record.master} `;
  if (record.state !== undefined) line += `state ${record.state} `;
  if (record.mode !== undefined) line += `mode ${record.mode} `;
  if (record.group !== undefined) line += `group ${record.group} `;
  if (record.qlen !== undefined) line += `qlen ${record.qlen}`;
  if (record.linkType === undefined) {
    if (record.linkNetns !== undefined) line += ` link-netns ${record.linkNetns}`;
    else if (record.linkNetnsid !== undefined) line += ` link-netnsid ${record.linkNetnsid}`;
  }
  return line;
}

// bridge timers print as "%4i.%.2i": "hello_timer    0.00", "gc_timer  293.70"
function options(words: readonly string[]): string {
  let out = '';
  words.forEach((word, i) => {
    out += i > 0 && (words[i - 1] as string).endsWith('_timer') ? `${word.padStart(7)} ` : `${word} `;
  });
  return out;
}

/** The link/… line and, with -d, the kind and slave lines and the items after them. */
export function linkLines(record: Printable): string {
  if (record.linkType === undefined) return '';
  let line = `\n    link/${record.linkType} ${record.address ?? ''}`;
  if (record.broadcast !== undefined) line += ` brd ${record.broadcast}`;
  if (record.peer !== undefined) line += ` peer ${record.peer}`;
  if (record.permaddr !== undefined) line += ` permaddr ${record.permaddr}`;
  if (record.linkNetns !== undefined) line += ` link-netns ${record.linkNetns}`;
  else if (record.linkNetnsid !== undefined) line += ` link-netnsid ${record.linkNetnsid}`;
  if (record.promiscuity !== undefined) {
    line += ` promiscuity ${record.promiscuity} `;
    if (record.allmulti !== undefined) line += ` allmulti ${record.allmulti} `;
    if (record.minmtu !== undefined) line += `minmtu ${record.minmtu} `;
    if (record.maxmtu !== undefined) line += `maxmtu ${record.maxmtu} `;
  }
  if (record.linkinfo) line += `\n    ${record.linkinfo.kind} ${options(record.linkinfo.options ?? [])}`;
  if (record.slave) line += `\n    ${record.slave.kind}_slave ${options(record.slave.options ?? [])}`;
  for (const [key, value] of Object.entries(record.properties ?? {})) line += `${key} ${value} `;
  return line;
}

function statsWidths(stats: LinkStats): number[] {
  // strlen("*X errors:"), "packets", "errors", "dropped", "heartbt", "overrun", "compressed"
  const cols = [10, 7, 6, 7, 7, 7, 10];
  const size = (values: number[]): void => values.forEach((v, i) => {
    cols[i] = Math.max(cols[i] as number, String(v).length);
  });
  size(Object.values(stats.rx));
  size(Object.values(stats.tx));
  if (stats.rxErrors) size([0, ...Object.values(stats.rxErrors)]);
  if (stats.txErrors) size([0, ...Object.values(stats.txErrors)]);
  return cols;
}

/** -s counters, columns sized to the widest number as iproute2 ≥ 5.10 does. */
export function statsLines(stats: LinkStats): string {
  const cols = statsWidths(stats);
  const w = (i: number): number => cols[i] as number;
  const main = (label: string, counters: Record<string, number>): string => {
    const names = Object.keys(counters);
    let head = `\n    ${label}: ${(names[0] ?? '').padStart(w(0) - 4)}`;
    for (let i = 1; i < 6; i++) head += ` ${(names[i] ?? '').padStart(w(i))}`;
    head += ` ${(names[6] ?? '').padStart(w(6))}`;
    let values = '\n    ';
    Object.values(counters).forEach((v, i) => {
      values += `${String(v).padStart(w(i))} `;
    });
    return head + values;
  };
  const errors = (label: string, counters: Record<string, number>): string => {
    const names = Object.keys(counters);
    let head = `\n    ${label} errors:${''.padStart(w(0) - 10)}`;
    names.forEach((name, i) => {
      head += ` ${name.padStart(w(i + 1))}`;
    });
    let values = `\n${''.padStart(w(0) + 5)}`;
    Object.values(counters).forEach((v, i) => {
      values += `${String(v).padStart(w(i + 1))} `;
    });
    return head + values;
  };
  let out = main('RX', stats.rx);
  if (stats.rxErrors) out += errors('RX', stats.rxErrors);
  out += main('TX', stats.tx);
  if (stats.txErrors) out += errors('TX', stats.txErrors);
  return out;
}

