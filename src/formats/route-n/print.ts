// Writes route -n records in net-tools 2.10's exact layout (lib/inet_gr.c, lib/inet6_gr.c printf
// formats), with the title and header of the layout the records carry.
import type { RouteNEntry, RouteNEntryV4, RouteNEntryV6 } from './schema';
import { IPV4_HEADERS, IPV4_TITLES, IPV6_HEADER, IPV6_TITLES, type RouteNLayout } from './headers';

const left = (text: string, width: number): string => text.padEnd(width);
const right = (text: string, width: number): string => text.padStart(width);
const num = (value: number | null | undefined): string => (value === null || value === undefined ? '-' : String(value));

/** Which layout a v4 record was read from: the columns it carries. */
export function layoutOf(record: RouteNEntryV4): RouteNLayout {
  if (record.mss !== undefined && record.metric !== undefined) return 'both';
  return record.mss !== undefined ? 'mss' : 'metric';
}

function row4(record: RouteNEntryV4, layout: RouteNLayout): string {
  const head = `${left(record.destination, 15)} ${left(record.gateway ?? '-', 15)} ${left(record.genmask, 15)} ${left(record.flags, 5)}`;
  const iface = record.iface ?? (record.kind === 'reject' ? '-' : '*');
  switch (layout) {
    case 'metric':
      return `${head} ${left(num(record.metric), 6)} ${left(num(record.ref), 2)} ${right(num(record.use), 7)} ${iface}`;
    case 'mss':
      return `${head} ${right(num(record.mss), 5)} ${left(num(record.window), 5)} ${right(num(record.irtt), 6)} ${iface}`;
    case 'both': // "%-6.6s": route -nee cuts interface names to six characters
      return (
        `${head} ${left(num(record.metric), 6)} ${left(num(record.ref), 3)} ${right(num(record.use), 6)} ` +
        `${left(iface.slice(0, 6), 6)}   ${left(num(record.mss), 5)} ${left(num(record.window), 6)} ${num(record.irtt)}`
      );
  }
}

function row6(record: RouteNEntryV6): string {
  return (
    `${left(record.destination, 30)} ${left(record.nextHop, 26)} ${left(record.flags, 4)} ` +
    `${left(String(record.metric), 3)} ${record.ref} ${right(String(record.use), 6)} ${record.iface ?? '-'}`
  );
}

/**
 * Prints records as `route -n` (or -e/-ee, from the columns they carry) would: one table per
 * family, English title and header. Reject rows print as net-tools does ("-" columns).
 */
export function printRouteN(records: readonly RouteNEntry[]): string {
  const v4 = records.filter((r): r is RouteNEntryV4 => r.family === 'inet');
  const v6 = records.filter((r): r is RouteNEntryV6 => r.family === 'inet6');
  let out = '';
  if (v4.length > 0 || v6.length === 0) {
    const layout = v4[0] ? layoutOf(v4[0]) : 'metric';
    out += `${IPV4_TITLES[0]}\n${IPV4_HEADERS[layout][0]}\n`;
    for (const record of v4) out += `${row4(record, layout)}\n`;
  }
  if (v6.length > 0) {
    out += `${IPV6_TITLES[0]}\n${IPV6_HEADER}\n`;
    for (const record of v6) out += `${row6(record)}\n`;
  }
  return out;
}
