// Writes iptables-save records back in its layout (iptables/iptables-save.c): meta lines as
// written, ":CHAIN POLICY [p:b]", and "[p:b] -A …" when a rule has counters (iptables-save -c).
import { printRule } from '../shared/iptables/rule';
import type { IptablesRecord } from './schema';

/** Prints records as iptables-save would, one line each. */
export function printIptablesSave(records: readonly IptablesRecord[]): string {
  let out = '';
  for (const record of records) {
    switch (record.type) {
      case 'meta':
        out += `${record.text}\n`;
        break;
      case 'chain': {
        const counters = record.counters ? ` [${record.counters.packets}:${record.counters.bytes}]` : '';
        out += `:${record.chain} ${record.policy ?? '-'}${counters}\n`;
        break;
      }
      case 'rule': {
        const counters = record.counters ? `[${record.counters.packets}:${record.counters.bytes}] ` : '';
        out += `${counters}${printRule(record, false)}\n`;
        break;
      }
    }
  }
  return out;
}
