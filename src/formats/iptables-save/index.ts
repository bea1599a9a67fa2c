// iptables-save and iptables-save -c (legacy and nf_tables, ip6tables-save): what the registry sees.
import { defineFormat } from '../format';
import { parseIptablesSave } from './parse';
import { printIptablesSave } from './print';
import { IptablesRecord } from './schema';
import { sniffIptablesSave } from './sniff';

export const iptablesSave = defineFormat<IptablesRecord>({
  id: 'iptables-save',
  title: 'iptables-save',
  commands: [
    'iptables-save', 'iptables-save -c', 'iptables-save -t nat', 'ip6tables-save', 'iptables-legacy-save', 'iptables-nft-save',
  ],
  schema: IptablesRecord,
  parse: (text, _options, context) => parseIptablesSave(text, { shared: context?.ruleParts, pack: context?.packRules }),
  sniff: sniffIptablesSave,
  print: printIptablesSave,
});

export { parseIptablesSave, printIptablesSave, sniffIptablesSave, IptablesRecord };
export { iptablesSaveReader } from './parse';
export { tablesShown } from './tables';
