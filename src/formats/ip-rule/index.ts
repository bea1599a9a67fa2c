// ip rule (iproute2, BusyBox), ip -4 / -6 rule list, ip -j rule: what the registry sees.
import { defineFormat } from '../format';
import { parseIpRule } from './parse';
import { printIpRule } from './print';
import { IpRuleEntry } from './schema';
import { sniffIpRule } from './sniff';

export const ipRule = defineFormat<IpRuleEntry>({
  id: 'ip-rule',
  title: 'ip rule',
  commands: ['ip rule', 'ip rule list', 'ip rule show', 'ip -4 rule list', 'ip -6 rule list', 'ip -d rule', 'ip -N rule', 'ip -j rule', 'busybox ip rule'],
  schema: IpRuleEntry,
  parse: (text) => parseIpRule(text),
  sniff: sniffIpRule,
  print: (records) => printIpRule(records),
});

export { parseIpRule, printIpRule, sniffIpRule, IpRuleEntry };
export { IpRuleAction } from './schema';
export type { IpRuleLayout } from './print';
