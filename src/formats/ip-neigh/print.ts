// Writes ip neigh records in the exact layout of iproute2 ip/ipneigh.c: print_neigh (6.x: each
// item followed by a space; the -s counters glued as " ref N used A/B/C" + "probes N "), the layout
// of iproute2 before 5.9 and BusyBox (each item preceded by a space), and print_neigh_brief (-br).
import type { IpNeighEntry } from './schema';

/** Text layouts: `iproute2` (≥ 5.9, trailing spaces) and `legacy` (older iproute2, BusyBox ip). */
export type IpNeighLayout = 'iproute2' | 'legacy';

function hasStats(record: IpNeighEntry): boolean {
  return record.used !== undefined || record.probes !== undefined || record.refcnt !== undefined;
}

function stats(record: IpNeighEntry, probesAfter: boolean): string {
  let out = '';
  if (record.refcnt) out += ` ref ${record.refcnt}`;
  if (record.used !== undefined) out += ` used ${record.used}/${record.confirmed ?? 0}/${record.updated ?? 0}`;
  if (record.probes !== undefined) out += probesAfter ? `probes ${record.probes} ` : ` probes ${record.probes}`;
  return out;
}

function modern(record: IpNeighEntry): string {
  let out = `${record.dst} `;
  if (record.dev !== null) out += `dev ${record.dev} `;
  if (record.lladdr !== null) out += `lladdr ${record.lladdr} `;
  for (const flag of record.flags) out += `${flag} `;
  if (hasStats(record)) out += stats(record, true);
  for (const state of record.state ?? []) out += `${state} `;
  if (record.protocol !== undefined) out += `proto ${record.protocol} `;
  return out;
}

function legacy(record: IpNeighEntry): string {
  let out = `${record.dst} `;
  if (record.dev !== null) out += `dev ${record.dev} `;
  if (record.lladdr !== null) out += `lladdr ${record.lladdr}`;
  // iproute2 4.13-5.8 printed " extern_learn " with a trailing space
  for (const flag of record.flags) out += flag === 'extern_learn' ? ` ${flag} ` : ` ${flag}`;
  if (hasStats(record)) out += stats(record, false);
  for (const state of record.state ?? []) out += ` ${state}`;
  if (record.protocol !== undefined) out += ` proto ${record.protocol} `;
  return out;
}

function brief(record: IpNeighEntry): string {
  return `${record.dst.padEnd(39)} ${record.dev === null ? '' : `${record.dev.padEnd(16)} `}${record.lladdr ?? ''}`;
}

/**
 * Prints records as ip neigh would: records read from `ip -br neigh` (state null) in the brief
 * layout, the others in `layout` (default: iproute2 ≥ 5.9).
 */
export function printIpNeigh(records: readonly IpNeighEntry[], options: { layout?: IpNeighLayout } = {}): string {
  const layout = options.layout ?? 'iproute2';
  let out = '';
  for (const record of records) {
    out += record.state === null ? brief(record) : layout === 'legacy' ? legacy(record) : modern(record);
    out += '\n';
  }
  return out;
}
