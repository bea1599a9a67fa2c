// The same rule set, as iptables-save, iptables -S and iptables -nvL print it, reads into the same
// rules: same chains, order, addresses, protocols, typed matches and targets. What a listing
// cannot show is made explicit here, each in one place:
// - -L prints "0.0.0.0/0" and bare host addresses where -S prints nothing and "/32";
// - -L -n prints protocol numbers (6, 17) where -S prints names; 0 and "all" mean any;
// - -L shows a match's text, not its option names, so raw `options` differ; `typed` must not;
// - -L -v rounds counters (K/M/G); iptables-save without -c and -S without -v print none.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseIptablesSave } from '../src/formats/iptables-save';
import { parseIptablesListRules } from '../src/formats/iptables-list-rules';
import { parseIptablesList } from '../src/formats/iptables-list';
import type { IptablesRecord, IptablesRule } from '../src/formats/shared/iptables/schema';

const dir = (format: string) => join(__dirname, '..', 'corpus', 'captures', format);
const read = (format: string, file: string) => readFileSync(join(dir(format), file), 'utf8');
const PROTOCOLS: Record<string, string> = { '6': 'tcp', '17': 'udp', '1': 'icmp', '132': 'sctp' };

function address(value: { negated: boolean; value: string } | null): string | null {
  if (!value) return null;
  const text = value.value.endsWith('/32') ? value.value.slice(0, -3) : value.value;
  if (text === '0.0.0.0/0' && !value.negated) return null;
  return `${value.negated ? '!' : ''}${text}`;
}

/** What every listing shows of a rule. */
function comparable(rule: IptablesRule) {
  const protocol = rule.protocol && !['0', 'all'].includes(rule.protocol.value)
    ? `${rule.protocol.negated ? '!' : ''}${PROTOCOLS[rule.protocol.value] ?? rule.protocol.value}` : null;
  return {
    chain: rule.chain, position: rule.position, protocol,
    source: address(rule.source), destination: address(rule.destination),
    in: rule.inInterface && `${rule.inInterface.negated ? '!' : ''}${rule.inInterface.value}`,
    out: rule.outInterface && `${rule.outInterface.negated ? '!' : ''}${rule.outInterface.value}`,
    fragment: rule.fragment,
    matches: rule.matches.map((match) => ({ module: match.module, typed: match.typed })),
    target: rule.target && { name: rule.target.name, goto: rule.target.goto, typed: rule.target.typed },
  };
}

const rulesOf = (records: IptablesRecord[]) => records.filter((r): r is IptablesRule => r.type === 'rule').map(comparable);

describe('one rule set, three listings', () => {
  const scenarios = ['kube131', 'kube120', 'host188'].flatMap((name) => [`${name}-nft`, `${name}-legacy`]);
  for (const scenario of scenarios) {
    // the legacy backend's binaries are iptables-legacy and iptables-legacy-save
    const tool = scenario.endsWith('-legacy') ? 'iptables-legacy' : 'iptables';
    it(`${scenario}: ${tool}-save -t nat, ${tool} -t nat -S and ${tool} -t nat -nvL agree rule by rule`, () => {
      const save = parseIptablesSave(read('iptables-save', `${scenario}__${tool}-save_-t_nat.txt`));
      const rules = parseIptablesListRules(read('iptables-list-rules', `${scenario}__${tool}_-t_nat_-S.txt`), { table: 'nat' });
      const list = parseIptablesList(read('iptables-list', `${scenario}__${tool}_-t_nat_-nvL.txt`), { table: 'nat' });
      for (const parsed of [save, rules, list]) expect(parsed.diagnostics).toEqual([]);
      const fromSave = rulesOf(save.records);
      expect(fromSave.length).toBeGreaterThan(10);
      expect(rulesOf(rules.records)).toEqual(fromSave);
      // -L lists chains in its own order (built-in first, then user chains as the kernel keeps them)
      const byChain = (list: ReturnType<typeof rulesOf>) => [...list].sort((a, b) => a.chain.localeCompare(b.chain) || a.position - b.position);
      expect(byChain(rulesOf(list.records))).toEqual(byChain(fromSave));
    });
  }

  for (const scenario of scenarios.filter((name) => !name.startsWith('host188'))) {
    const tool = scenario.endsWith('-legacy') ? 'iptables-legacy' : 'iptables';
    it(`${scenario}: the filter table agrees too (multiport, conntrack, limit, LOG, REJECT)`, () => {
      const save = parseIptablesSave(read('iptables-save', `${scenario}__${tool}-save_-t_filter.txt`));
      const rules = parseIptablesListRules(read('iptables-list-rules', `${scenario}__${tool}_-S.txt`), { table: 'filter' });
      const list = parseIptablesList(read('iptables-list', `${scenario}__${tool}_-t_filter_-nvL.txt`), { table: 'filter' });
      for (const parsed of [save, rules, list]) expect(parsed.diagnostics).toEqual([]);
      const fromSave = rulesOf(save.records);
      expect(rulesOf(rules.records)).toEqual(fromSave);
      const byChain = (list: ReturnType<typeof rulesOf>) => [...list].sort((a, b) => a.chain.localeCompare(b.chain) || a.position - b.position);
      expect(byChain(rulesOf(list.records))).toEqual(byChain(fromSave));
    });
  }
});
