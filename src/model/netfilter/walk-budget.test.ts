// The walk budget of service resolution. Synthetic rule sets (written here, not captured): a
// service chain whose random rules jump to a chain that returns, so that every rule doubles the
// walks still going (2^n paths), in iptables-save form and in kube-proxy's nftables layout.
import { describe, expect, it } from 'vitest';
import { parseIptablesSave } from '../../formats/iptables-save';
import { parseNftRuleset } from '../../formats/nft-ruleset';
import { isUndecidable, mergeBranches, resolveService, type ServiceBranch } from './resolve-service';
import { resolveKubeProxyNft } from './resolve-kube-proxy-nft';
import { RuleSet } from './rule-set';
import { NftRuleSet } from './nft-rule-set';
import { PATHS_NOT_FOLLOWED, WalkBudget } from './walk-budget';

function doubling(rules: number): string {
  const random = Array.from({ length: rules }, () => '-A KUBE-SVC-TEST -m statistic --mode random --probability 0.50000000000 -j KUBE-MARK-MASQ').join('\n');
  return `*nat
:KUBE-SERVICES - [0:0]
:KUBE-SVC-TEST - [0:0]
:KUBE-MARK-MASQ - [0:0]
:KUBE-SEP-A - [0:0]
-A KUBE-SERVICES -d 10.96.0.10/32 -p tcp -m tcp --dport 80 -j KUBE-SVC-TEST
${random}
-A KUBE-SVC-TEST -j KUBE-SEP-A
-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000
-A KUBE-SEP-A -p tcp -m tcp -j DNAT --to-destination 10.244.1.5:8080
COMMIT
`;
}

const total = (branches: ServiceBranch[]) => branches.reduce((sum, branch) => sum + branch.probability, 0);
const query = { destination: '10.96.0.10', port: 80, destinationIsLocal: false } as const;

describe('service resolution: a rule set whose paths double at every rule', () => {
  it('iptables: 12 rules (4,096 paths, within the budget) all reach the endpoint, merged into one branch per path of rules', () => {
    const branches = resolveService(RuleSet.from(parseIptablesSave(doubling(12)).records), query);
    expect(branches.every((branch) => branch.outcome === 'dnat' && branch.endpoint?.address === '10.244.1.5')).toBe(true);
    expect(branches).toHaveLength(4096);
    expect(total(branches)).toBeCloseTo(1, 9);
  });

  it('iptables: 40 rules (2^40 paths) stop at the budget as one undecided branch, every path counted', () => {
    const branches = resolveService(RuleSet.from(parseIptablesSave(doubling(40)).records), query);
    const stopped = branches.filter((branch) => branch.outcome === 'undecided');
    expect(stopped).toHaveLength(1);
    expect(stopped[0]?.assumptions).toContain(PATHS_NOT_FOLLOWED);
    expect(isUndecidable(PATHS_NOT_FOLLOWED)).toBe(true);
    // no walk reaches the endpoint (after the 40th rule) before the budget is spent: the stopped branch is all of the packet
    expect(branches).toHaveLength(1);
    expect(total(branches)).toBeCloseTo(1, 9);
    expect(stopped[0]?.rules).toEqual([]);
  });

  it('iptables: walks the budget stopped stay apart from a branch that ended undecided without taking a rule', () => {
    // half the packets pass the service rule by; the ipset rule before it cannot be evaluated (no ipset listing shows foo)
    const rules = doubling(40).replace('-A KUBE-SERVICES -d 10.96.0.10/32 -p tcp -m tcp --dport 80 -j KUBE-SVC-TEST',
      '-A KUBE-SERVICES -m set --match-set foo dst -j KUBE-MARK-MASQ\n-A KUBE-SERVICES -d 10.96.0.10/32 -p tcp -m tcp --dport 80 -m statistic --mode random --probability 0.50000000000 -j KUBE-SVC-TEST');
    const branches = resolveService(RuleSet.from(parseIptablesSave(rules).records), query);
    expect(branches.map((b) => [b.outcome, b.probability, b.assumptions.includes(PATHS_NOT_FOLLOWED)])).toEqual([
      ['undecided', 0.5, true], ['undecided', 0.5, false],
    ]);
  });

  it('nftables: a chain of 40 random jumps to a returning chain stops at the budget the same way', () => {
    const jumps = Array.from({ length: 40 }, () => '\t\tnumgen random mod 2 vmap { 0 : jump mark-for-masquerade, 1 : continue }').join('\n');
    const text = `table ip kube-proxy {
\tchain mark-for-masquerade {
\t\tmeta mark set meta mark | 0x00004000
\t}

\tchain services {
\t\tip daddr . meta l4proto . th dport vmap { 10.96.0.10 . tcp . 80 : goto service-TEST-ns/test/tcp/http }
\t}

\tchain service-TEST-ns/test/tcp/http {
${jumps}
\t\tgoto endpoint-AAAA-ns/test/tcp/http__10.244.1.5/8080
\t}

\tchain endpoint-AAAA-ns/test/tcp/http__10.244.1.5/8080 {
\t\tmeta l4proto tcp dnat to 10.244.1.5:8080
\t}
}
`;
    const parsed = parseNftRuleset(text);
    expect(parsed.diagnostics).toEqual([]);
    const branches = resolveKubeProxyNft(NftRuleSet.from(parsed.records), query);
    expect(branches.filter((branch) => branch.outcome === 'undecided').map((branch) => branch.assumptions.includes(PATHS_NOT_FOLLOWED))).toEqual([true]);
    expect(total(branches)).toBeCloseTo(1, 9);
  });
});

describe('mergeBranches', () => {
  const rule = (position: number) => ({ position }) as unknown as ServiceBranch['rules'][number];
  const [r1, r2] = [rule(1), rule(2)];
  const branch = (probability: number, rules: ServiceBranch['rules'], endpoint: ServiceBranch['endpoint'], outcome: ServiceBranch['outcome'] = 'dnat'): ServiceBranch =>
    ({ probability, outcome, endpoint, rules, assumptions: [], undecided: [], entry: { table: 'nat', chain: 'KUBE-SERVICES', inferred: true }, affinity: null });

  it('adds the probabilities of branches with the same outcome, endpoint and rule objects, in first-seen order', () => {
    const a = { address: '10.244.1.5', port: '8080' };
    const merged = mergeBranches([
      branch(0.25, [r1, r2], a), branch(0.25, [r2, r1], a), branch(0.25, [r1, r2], { ...a }), branch(0.125, [r1, r2], { address: '10.244.1.5', port: null }),
      branch(0.0625, [r1, r2], null, 'rejected'), branch(0.0625, [r1, r2], null, 'rejected'),
    ]);
    expect(merged.map((b) => [b.probability, b.rules.map((r) => r.position), b.endpoint?.port ?? null, b.outcome])).toEqual([
      [0.5, [1, 2], '8080', 'dnat'], [0.25, [2, 1], '8080', 'dnat'], [0.125, [1, 2], null, 'dnat'], [0.125, [1, 2], null, 'rejected'],
    ]);
  });

  it('tells rule objects apart, not their text: two rules at one position are two paths', () => {
    expect(mergeBranches([branch(0.5, [rule(1)], null, 'no-match'), branch(0.5, [rule(1)], null, 'no-match')])).toHaveLength(2);
  });
});

describe('a walk budget shared by several resolutions', () => {
  it('what one resolution spends, the next does not have: two rule visits each, a budget of three', () => {
    const text = '*nat\n:PREROUTING ACCEPT [0:0]\n:KUBE-SEP-ONE - [0:0]\n-A PREROUTING -p tcp -m tcp --dport 80 -j KUBE-SEP-ONE\n'
      + '-A KUBE-SEP-ONE -p tcp -j DNAT --to-destination 10.244.1.5:8080\nCOMMIT\n';
    const rules = RuleSet.from(parseIptablesSave(text).records);
    const query = { destination: '192.168.0.5', port: 80, destinationIsLocal: true };
    const shared = new WalkBudget(3);
    expect(resolveService(rules, query, shared).map((b) => b.outcome)).toEqual(['dnat']);
    const second = resolveService(rules, query, shared);
    expect(second).toHaveLength(1);
    expect(second[0]).toMatchObject({ outcome: 'undecided', probability: 1, rules: [] });
    expect(second[0]?.assumptions).toContain(PATHS_NOT_FOLLOWED);
    // a budget of its own each time
    expect(resolveService(rules, query).map((b) => b.outcome)).toEqual(['dnat']);
    expect(resolveService(rules, query).map((b) => b.outcome)).toEqual(['dnat']);
  });
});
