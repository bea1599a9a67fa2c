// Writes iptables -S records back in its layout (iptables/iptables.c list_rules, print_rule4):
// "-P CHAIN POLICY" for built-in chains, "-N CHAIN" for user chains, rules with "-c p b" (-v).
import { printRule } from '../shared/iptables/rule';
import type { IptablesRecord } from './schema';

/** Prints records as iptables -S (-v when they carry counters) would, one line each. */
export function printIptablesListRules(records: readonly IptablesRecord[]): string {
  let out = '';
  for (const record of records) {
    switch (record.type) {
      case 'meta':
        out += `${record.text}\n`;
        break;
      case 'chain':
        if (record.builtin) {
          const counters = record.counters ? ` -c ${record.counters.packets} ${record.counters.bytes}` : '';
          out += `-P ${record.chain} ${record.policy ?? 'ACCEPT'}${counters}\n`;
        } else out += `-N ${record.chain}\n`;
        break;
      case 'rule':
        out += `${printRule(record, true)}\n`;
        break;
    }
  }
  return out;
}
