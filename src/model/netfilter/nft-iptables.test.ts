// iptables-nft's tables as nft lists them, read into the iptables model: on the lab's kube-proxy rule
// sets (corpus/lab/iptables/*.rules loaded with iptables-nft-restore -c and listed by nft 1.0.6:
// corpus/lab/nft-ruleset.sh, nft-kube-proxy.sh), every service resolves exactly as over the
// iptables-save of the same rule files (corpus/lab/iptables-lab.sh), rule for rule.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseIptablesSave } from '../../formats/iptables-save';
import { parseNftRuleset } from '../../formats/nft-ruleset';
import type { IptablesRecord, IptablesRule } from '../../formats/shared/iptables/schema';
import { iptablesFromNft } from './nft-iptables';
import { NftRuleSet } from './nft-rule-set';
import { resolveService, type ServiceBranch, type ServiceQuery } from './resolve-service';
import { RuleSet } from './rule-set';

const captures = join(__dirname, '../../../corpus/captures');
const nftListing = (file: string) => {
  const parsed = parseNftRuleset(readFileSync(join(captures, 'nft-ruleset', file), 'utf8'));
  expect(parsed.diagnostics).toEqual([]);
  return iptablesFromNft(NftRuleSet.from(parsed.records));
};
const saveListing = (file: string) => {
  const parsed = parseIptablesSave(readFileSync(join(captures, 'iptables-save', file), 'utf8'));
  expect(parsed.diagnostics).toEqual([]);
  return parsed.records;
};

/** Every ClusterIP / external IP (nat KUBE-SERVICES) and NodePort (KUBE-NODEPORTS) of a listing, from every kind of client. */
function queries(records: readonly IptablesRecord[], nodeIP: string): ServiceQuery[] {
  const out: ServiceQuery[] = [];
  const clients: Partial<ServiceQuery>[] = [
    {}, { source: '10.244.1.5', sourceIsLocal: false }, { source: '203.0.113.5', sourceIsLocal: false }, { source: nodeIP, sourceIsLocal: true },
  ];
  for (const rule of records) {
    if (rule.type !== 'rule' || rule.table !== 'nat') continue;
    const port = rule.matches.map((m) => (m.typed?.type === 'ports' ? m.typed.destinationPort?.from : undefined)).find((p) => p !== undefined);
    const protocol = (rule.protocol?.value ?? 'tcp') as ServiceQuery['protocol'];
    if (port === undefined) continue;
    if (rule.chain === 'KUBE-SERVICES' && rule.destination?.value.endsWith('/32'))
      for (const client of clients) out.push({ destination: rule.destination.value.slice(0, -3), port, protocol, destinationIsLocal: false, ...client });
    if (rule.chain === 'KUBE-NODEPORTS' || rule.chain === 'KUBE-EXTERNAL-SERVICES')
      for (const client of clients) out.push({ destination: nodeIP, port, protocol, destinationIsLocal: true, ...client });
  }
  return out;
}

const where = (rule: IptablesRule) => `${rule.table ?? ''}/${rule.chain}#${rule.position}`;
// nft shows `-m physdev …` as `xt match "physdev"`, without its options: the walk leaves it
// undecided either way, and says "match module physdev" where iptables-save's options were typed
const undecided = (assumption: string) => assumption.replace(/^match module /, 'match ');
const shape = (branches: ServiceBranch[]) =>
  branches.map((b) => ({ outcome: b.outcome, endpoint: b.endpoint, rules: b.rules.map(where), assumptions: b.assumptions.map(undecided), entry: b.entry }));

const SETS = [
  { name: 'kube-proxy 1.31 layout (KUBE-SVC/SEP/EXT/SVL/FW)', nft: 'kube131-iptnft__nft_-a_list_ruleset.txt', save: 'kube131-nft__iptables-save_-c.txt', node: '192.168.86.189', queries: 76, branches: 174 },
  { name: 'kube-proxy 1.20 layout (KUBE-XLB, KUBE-FW, KUBE-MARK-DROP)', nft: 'kube120-iptnft__nft_-a_list_ruleset.txt', save: 'kube120-nft__iptables-save_-c.txt', node: '192.168.86.190', queries: 144, branches: 304 },
  { name: 'the reference incident host188', nft: 'host188-iptnft__nft_list_ruleset.txt', save: 'host188-nft__iptables-save_-c.txt', node: '192.168.86.188', queries: 48, branches: 88 },
];

describe('iptables-nft tables from nft list ruleset resolve like iptables-save', () => {
  for (const set of SETS) {
    it(`${set.name}: every service, every client, the same branches and probabilities (to 1e-9)`, () => {
      const save = saveListing(set.save);
      const fromSave = RuleSet.from(save);
      const fromNft = RuleSet.from(nftListing(set.nft).records);
      const all = queries(save, set.node);
      expect(all.length).toBe(set.queries);
      let branches = 0;
      let maxDelta = 0;
      for (const query of all) {
        const a = resolveService(fromSave, query);
        const b = resolveService(fromNft, query);
        expect(shape(b), JSON.stringify(query)).toEqual(shape(a));
        a.forEach((branch, i) => (maxDelta = Math.max(maxDelta, Math.abs(branch.probability - (b[i]?.probability ?? NaN)))));
        branches += a.length;
      }
      expect(branches).toBe(set.branches);
      // nft shows round(P * 2^31) where iptables-save prints P to ten decimals
      expect(maxDelta).toBeLessThan(1e-9);
    });
  }

  it('kube 1.31: the kubernetes ClusterIP spreads over three API servers, a third each, from the nft listing alone', () => {
    const rules = RuleSet.from(nftListing('kube131-iptnft__nft_-a_list_ruleset.txt').records);
    const branches = resolveService(rules, { destination: '10.96.0.1', port: 443, destinationIsLocal: false, source: '10.244.1.5' });
    expect(branches.map((b) => `${b.endpoint?.address}:${b.endpoint?.port}`)).toEqual(['192.168.86.189:6443', '192.168.86.190:6443', '192.168.86.191:6443']);
    for (const branch of branches) expect(branch.probability).toBeCloseTo(1 / 3, 9);
    // the statistic rule is cited on the nft line that shows it
    expect(branches[0]?.rules[2]?.span.text).toBe(' meta random & 2147483647 < 715827883 counter packets 0 bytes 0 jump KUBE-SEP-DEMEWHS7DUG3BC5T # handle 80');
    expect(branches[0]?.rules[2]?.matches[0]?.typed).toEqual({ type: 'statistic', mode: 'random', negated: false, probability: 715827883 / 2 ** 31 });
  });
});

describe('iptablesFromNft: the records', () => {
  const strip = (rule: IptablesRule) => ({
    ...rule, span: null, target: rule.target && { ...rule.target, span: null, options: null },
    // iptables-nft's -m comment, and -m tcp / -m udp without options, print as nothing in nft 1.0.6
    matches: rule.matches.filter((m) => m.module !== 'comment' && m.options.length > 0).map((m) => ({ module: m.module, typed: m.typed })),
  });

  it('kube 1.31: 209 rules, the same as iptables-save\'s but for what nft prints differently', () => {
    const mapped = nftListing('kube131-iptnft__nft_-a_list_ruleset.txt');
    const save = saveListing('kube131-nft__iptables-save_-c.txt').filter((r): r is IptablesRule => r.type === 'rule');
    const rules = mapped.records.filter((r): r is IptablesRule => r.type === 'rule');
    expect(rules).toHaveLength(209);
    const byPlace = new Map(rules.map((r) => [where(r), r]));
    const differ: string[] = [];
    for (const rule of save) {
      const other = byPlace.get(where(rule));
      expect(other, where(rule)).toBeDefined();
      if (JSON.stringify(strip(other as IptablesRule)) !== JSON.stringify(strip(rule))) differ.push(where(rule));
    }
    expect(differ).toEqual([
      // -j CT --notrack prints as "notrack", like -j NOTRACK
      'raw/OUTPUT#1',
      // ! --ctstate RELATED,ESTABLISHED,DNAT prints as "ct status dnat": kept, not evaluated
      'filter/KUBE-FIREWALL#1',
      // statistic: round(P * 2^31) / 2^31 against iptables-save's ten decimals (under 1e-9 apart)
      'nat/KUBE-SVC-CDGGSHYLG3RE2FKL#2', 'nat/KUBE-SVC-CDGGSHYLG3RE2FKL#4', 'nat/KUBE-SVC-LUR6T27Z4QBU4TNL#3', 'nat/KUBE-SVC-NPX46M4PTMTKRN6Y#2',
    ]);
  });

  it('marks what nft does not show: the comment of every kube-proxy rule', () => {
    const mapped = nftListing('kube131-iptnft__nft_-a_list_ruleset.txt');
    const rules = mapped.records.filter((r): r is IptablesRule => r.type === 'rule');
    const rule = rules.find((r) => where(r) === 'nat/KUBE-SERVICES#1') as IptablesRule;
    expect(mapped.notShown.get(rule)).toEqual([
      '1 expression nft printed as nothing: iptables-nft\'s -m comment (the rule\'s comment is unknown) or a match without options',
    ]);
    expect(rule.matches.some((m) => m.module === 'comment')).toBe(false);
    expect(rules.filter((r) => mapped.notShown.has(r))).toHaveLength(156);
  });

  it('chains: built-in ones with their policy, nft\'s warning as a meta record', () => {
    const { records } = nftListing('kube131-iptnft__nft_list_ruleset.txt');
    expect(records.find((r) => r.type === 'chain' && r.table === 'filter' && r.chain === 'FORWARD')).toMatchObject({ builtin: true, policy: 'DROP' });
    expect(records.find((r) => r.type === 'chain' && r.chain === 'KUBE-SERVICES')).toMatchObject({ builtin: false, policy: null });
  });
});
