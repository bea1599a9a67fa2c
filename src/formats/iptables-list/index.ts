// iptables -L (-n, -v, -x, --line-numbers): what the registry sees.
import { defineFormat } from '../format';
import { parseIptablesList, parseIptablesListWith } from './parse';
import { printIptablesList } from './print';
import { IptablesRecord } from './schema';
import { sniffIptablesList } from './sniff';

export const iptablesList = defineFormat<IptablesRecord>({
  id: 'iptables-list',
  title: 'iptables -L',
  commands: ['iptables -L', 'iptables -L -n', 'iptables -nL', 'iptables -nvL', 'iptables -vnxL', 'iptables -L --line-numbers', 'iptables -t nat -L', 'ip6tables -L'],
  schema: IptablesRecord,
  // not the function itself: its third parameter is a sink, the registry's a ParseContext
  parse: (text, options) => parseIptablesListWith(text, options),
  sniff: sniffIptablesList,
  print: (records) => printIptablesList(records),
});

export { parseIptablesList, printIptablesList, sniffIptablesList, IptablesRecord };
export { listFormatOf, DEFAULT_LIST_FORMAT, type ListFormat } from './print';
export type { ParseIptablesListOptions } from './parse';
