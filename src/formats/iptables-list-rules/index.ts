// iptables -S / --list-rules ([-t table] [-v] [CHAIN], ip6tables -S): what the registry sees.
import { defineFormat } from '../format';
import { parseIptablesListRules } from './parse';
import { printIptablesListRules } from './print';
import { IptablesRecord } from './schema';
import { sniffIptablesListRules } from './sniff';

export const iptablesListRules = defineFormat<IptablesRecord>({
  id: 'iptables-list-rules',
  title: 'iptables -S',
  commands: ['iptables -S', 'iptables -t nat -S', 'iptables -S CHAIN', 'iptables -v -S', 'iptables --list-rules', 'ip6tables -S'],
  schema: IptablesRecord,
  parse: (text, options, context) => parseIptablesListRules(text, { table: options?.table, shared: context?.ruleParts }),
  sniff: sniffIptablesListRules,
  print: printIptablesListRules,
});

export { parseIptablesListRules, printIptablesListRules, sniffIptablesListRules, IptablesRecord };
export { iptablesListRulesReader } from './parse';
export type { ParseIptablesListRulesOptions } from './parse';
