// Writes ip rule records in the exact layout of iproute2 ip/iprule.c print_rule: iproute2 ≥ 4.17
// (JSON era: each item preceded by a space, zero mark "0") and older iproute2 / BusyBox (each item
// followed by a space, "fwmark 0x%x").
import type { IpRuleEntry } from './schema';

/** Text layouts: `iproute2` (current) and `legacy` (old iproute2, BusyBox ip rule). */
export type IpRuleLayout = 'iproute2' | 'legacy';

const hex = (value: number, zeroPlain: boolean): string => (value === 0 && zeroPlain ? '0' : `0x${value.toString(16)}`);
const range = (r: { start: number; end: number }): string => (r.start === r.end ? `${r.start}` : `${r.start}-${r.end}`);

/** The items of a rule after "N:\t", in print_rule's order. */
function items(record: IpRuleEntry, modern: boolean): string[] {
  const out: string[] = [];
  out.push(`from ${record.from}`);
  if (record.to !== null) out.push(`to ${record.to}`);
  if (record.tos !== null) out.push(`tos ${record.tos}`);
  if (record.fwmark !== null) {
    const mark = hex(record.fwmark, modern);
    out.push(record.fwmask === null ? `fwmark ${mark}` : `fwmark ${mark}/${hex(record.fwmask, modern)}`);
  }
  if (record.iif !== null) out.push(`iif ${record.iif}`, ...(record.iifDetached ? ['[detached]'] : []));
  if (record.oif !== null) out.push(`oif ${record.oif}`, ...(record.oifDetached ? ['[detached]'] : []));
  if (record.l3mdev) out.push('lookup [l3mdev-table]');
  if (record.uidrange) out.push(`uidrange ${record.uidrange.start}-${record.uidrange.end}`);
  if (record.ipproto !== null) out.push(`ipproto ${record.ipproto}`);
  if (record.sport) out.push(`sport ${range(record.sport)}`);
  if (record.dport) out.push(`dport ${range(record.dport)}`);
  if (record.tunId !== null) out.push(`tun_id ${record.tunId}`);
  if (record.table !== null) out.push(`lookup ${record.table}`);
  if (record.suppressPrefixLength !== null) out.push(`suppress_prefixlength ${record.suppressPrefixLength}`);
  if (record.suppressIfgroup !== null) out.push(`suppress_ifgroup ${record.suppressIfgroup}`);
  if (record.realms !== null) out.push(`realms ${record.realms}`);
  return out;
}

function actionText(record: IpRuleEntry): string | null {
  switch (record.action) {
    case 'lookup': return null;
    case 'goto': return `goto ${record.goto ?? 'none'}${record.unresolved ? ' [unresolved]' : ''}`;
    case 'map-to': return `map-to ${record.natGateway ?? ''}`;
    default: return record.type ?? record.action;
  }
}

function line(record: IpRuleEntry, layout: IpRuleLayout): string {
  const head = `${record.priority}:\t${record.not ? 'not ' : ''}`;
  const action = actionText(record);
  const tail = [record.protocol === null ? null : `proto ${record.protocol}`, record.dscp === null ? null : `dscp ${record.dscp}`]
    .filter((part): part is string => part !== null);
  if (layout === 'iproute2') return head + [...items(record, true), ...(action === null ? [] : [action]), ...tail].join(' ');
  // legacy: "item " each; the action (goto, nop, a type) has no trailing space, map-to has one
  let out = head + items(record, false).map((item) => `${item} `).join('');
  if (action !== null) out += record.action === 'map-to' ? `${action} ` : action;
  for (const part of tail) out += ` ${part} `;
  return out;
}

/** Prints records as ip rule would (default: current iproute2), one rule per line. */
export function printIpRule(records: readonly IpRuleEntry[], options: { layout?: IpRuleLayout } = {}): string {
  const layout = options.layout ?? 'iproute2';
  return records.map((record) => `${line(record, layout)}\n`).join('');
}
