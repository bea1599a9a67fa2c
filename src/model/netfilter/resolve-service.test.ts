// resolveService over real captures: kube-proxy rule sets loaded with iptables-restore in the lab
// (corpus/lab/iptables/*.rules) and listed by iptables itself (corpus/captures/iptables-list).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseIptablesList } from '../../formats/iptables-list';
import { parseIptablesSave } from '../../formats/iptables-save';
import { RuleSet } from './rule-set';
import { resolveService, type ServiceBranch } from './resolve-service';

const captures = join(__dirname, '../../../corpus/captures/iptables-list');
const listing = (file: string, table: string) => {
  const parsed = parseIptablesList(readFileSync(join(captures, file), 'utf8'), { table });
  expect(parsed.diagnostics).toEqual([]);
  return parsed.records;
};
const summary = (branches: ServiceBranch[]) =>
  branches.map((b) => ({ outcome: b.outcome, endpoint: b.endpoint && `${b.endpoint.address}:${b.endpoint.port}`, probability: b.probability }));
const chainsPassed = (branch: ServiceBranch) => branch.rules.map((rule) => `${rule.chain}#${rule.position}`);

describe('resolveService', () => {
  it('host188: NodePort 30038 is DNATed to prometheus-0 at 10.244.2.6:9090, every rule on the way cited', () => {
    const rules = RuleSet.from(listing('host188-nft__iptables_-t_nat_-nvL.txt', 'nat'));
    const branches = resolveService(rules, { destination: '192.168.86.188', port: 30038, destinationIsLocal: true });
    expect(summary(branches)).toEqual([{ outcome: 'dnat', endpoint: '10.244.2.6:9090', probability: 1 }]);
    const [branch] = branches as [ServiceBranch];
    expect(branch.entry).toEqual({ table: 'nat', chain: 'PREROUTING', inferred: false });
    // the kernel's path: PREROUTING → KUBE-SERVICES (its NodePort rule, the last) → KUBE-NODEPORTS →
    // mark for masquerade → the service → its only endpoint → DNAT
    expect(branch.rules.map((rule) => [rule.chain, rule.position, rule.target?.name])).toEqual([
      ['PREROUTING', 1, 'KUBE-SERVICES'],
      ['KUBE-SERVICES', 11, 'KUBE-NODEPORTS'],
      ['KUBE-NODEPORTS', 1, 'KUBE-MARK-MASQ'],
      ['KUBE-MARK-MASQ', 1, 'MARK'],
      ['KUBE-NODEPORTS', 2, 'KUBE-SVC-SO4PW3GA7SPS7IHM'],
      ['KUBE-SVC-SO4PW3GA7SPS7IHM', 1, 'KUBE-SEP-5GEH5OENN4FETTOQ'],
      ['KUBE-SEP-5GEH5OENN4FETTOQ', 2, 'DNAT'],
    ]);
    // the hairpin rule (-s 10.244.2.6 -j KUBE-MARK-MASQ) depends on the source, which the query leaves open
    expect(branch.assumptions).toEqual(['source 10.244.2.6 not decided: the source is not known']);
    expect(branch.rules.at(-1)?.target?.typed).toEqual({ type: 'dnat', to: [{ address: '10.244.2.6', port: '9090' }], random: false, persistent: false });
    expect(branch.rules.at(-1)?.span.text).toContain('to:10.244.2.6:9090');
  });

  it('host188: the ClusterIP 10.109.216.20:9090 reaches the same endpoint', () => {
    const rules = RuleSet.from(listing('host188-nft__iptables_-t_nat_-nvL.txt', 'nat'));
    const branches = resolveService(rules, { destination: '10.109.216.20', port: 9090, destinationIsLocal: false });
    expect(summary(branches)).toEqual([{ outcome: 'dnat', endpoint: '10.244.2.6:9090', probability: 1 }]);
  });

  it('kube 1.31: the kubernetes ClusterIP spreads over three API servers, a third each', () => {
    const rules = RuleSet.from(listing('kube131-nft__iptables_-t_nat_-nvL.txt', 'nat'));
    const branches = resolveService(rules, { destination: '10.96.0.1', port: 443, destinationIsLocal: false });
    const byEndpoint = new Map(branches.map((b) => [`${b.endpoint?.address}:${b.endpoint?.port}`, b.probability]));
    expect([...byEndpoint.keys()].sort()).toEqual(['192.168.86.189:6443', '192.168.86.190:6443', '192.168.86.191:6443']);
    for (const probability of byEndpoint.values()) expect(probability).toBeCloseTo(1 / 3, 9);
    expect(branches.reduce((sum, b) => sum + b.probability, 0)).toBeCloseTo(1, 12);
    expect(branches.every((b) => b.outcome === 'dnat')).toBe(true);
  });

  it('kube 1.31: a service without endpoints is rejected by the filter table, not NATed', () => {
    const rules = RuleSet.from([
      ...listing('kube131-nft__iptables_-t_nat_-nvL.txt', 'nat'),
      ...listing('kube131-nft__iptables_-t_filter_-nvL.txt', 'filter'),
    ]);
    const branches = resolveService(rules, { destination: '10.96.12.34', port: 3000, destinationIsLocal: false });
    expect(summary(branches)).toEqual([{ outcome: 'rejected', endpoint: null, probability: 1 }]);
    const reject = branches[0]?.rules.at(-1);
    expect(reject?.table).toBe('filter');
    expect(reject?.matches.find((m) => m.module === 'comment')?.typed).toEqual({ type: 'comment', comment: 'monitoring/grafana:http has no endpoints' });
  });

  it('an address no service uses passes the nat table untouched', () => {
    const rules = RuleSet.from(listing('kube131-nft__iptables_-t_nat_-nvL.txt', 'nat'));
    expect(summary(resolveService(rules, { destination: '10.1.2.3', port: 80, destinationIsLocal: false }))).toEqual([
      { outcome: 'no-match', endpoint: null, probability: 1 },
    ]);
  });

  it("a listing without the service's chains cannot say where the packet goes: undecided, not no-match", () => {
    // as if only some chains were pasted: the NodePort rule jumps to a KUBE-SVC chain the listing lacks
    const rules = RuleSet.from(listing('host188-nft__iptables_-t_nat_-nvL.txt', 'nat').filter((r) => r.type === 'meta' || !r.chain.startsWith('KUBE-SVC-')));
    const branches = resolveService(rules, { destination: '192.168.86.188', port: 30038, destinationIsLocal: true });
    expect(summary(branches)).toEqual([{ outcome: 'undecided', endpoint: null, probability: 1 }]);
    expect(branches[0]?.assumptions).toContain('chain nat/KUBE-SVC-SO4PW3GA7SPS7IHM is not in the listing');
    // an address no rule names stays no-match: nothing it needed was missing
    expect(summary(resolveService(rules, { destination: '10.1.2.3', port: 80, destinationIsLocal: false }))).toEqual([
      { outcome: 'no-match', endpoint: null, probability: 1 },
    ]);
  });

  it('a listing of kube-proxy chains alone starts at KUBE-SERVICES, and says the entry is inferred', () => {
    const rules = RuleSet.from(listing('host188-nft__iptables_-t_nat_-nvL.txt', 'nat').filter((r) => r.type === 'meta' || r.chain !== 'PREROUTING'));
    const [branch] = resolveService(rules, { destination: '192.168.86.188', port: 30038, destinationIsLocal: true });
    expect(branch?.entry).toEqual({ table: 'nat', chain: 'KUBE-SERVICES', inferred: true });
    expect(branch?.assumptions[0]).toContain('inferred');
    expect(chainsPassed(branch as ServiceBranch)[0]).toMatch(/^KUBE-SERVICES#/);
  });
});

describe('resolveService: externalTrafficPolicy Local (kube-proxy 1.31: KUBE-EXT → KUBE-SVL)', () => {
  const rules = RuleSet.from(listing('kube131-nft__iptables_-t_nat_-nvL.txt', 'nat'));
  const nodePort = { destination: '192.168.86.189', port: 31080, destinationIsLocal: true } as const;

  it('a client outside the cluster reaches only the endpoint on this node', () => {
    const branches = resolveService(rules, { ...nodePort, source: '203.0.113.5', sourceIsLocal: false });
    expect(summary(branches)).toEqual([{ outcome: 'dnat', endpoint: '10.244.0.7:80', probability: 1 }]);
    expect(branches[0]?.rules.map((rule) => rule.target?.name)).toContain('KUBE-SVL-CG5I4G2RS3ZVWGLK');
    expect(branches[0]?.assumptions).toEqual([]);
  });

  it('a pod is sent cluster-wide, to either endpoint', () => {
    const branches = resolveService(rules, { ...nodePort, source: '10.244.1.5', sourceIsLocal: false });
    expect(summary(branches)).toEqual([
      { outcome: 'dnat', endpoint: '10.244.0.7:80', probability: 0.5 },
      { outcome: 'dnat', endpoint: '10.244.1.9:80', probability: 0.5 },
    ]);
  });

  it('without a source, the walk says what it could not decide', () => {
    const branches = resolveService(rules, nodePort);
    expect(branches.flatMap((b) => b.assumptions)).toContain('source 10.244.0.0/16 not decided: the source is not known');
  });
});

describe('RuleSet', () => {
  it('knows who jumps where', () => {
    const rules = RuleSet.from(listing('host188-nft__iptables_-t_nat_-nvL.txt', 'nat'));
    expect(rules.referencesTo('nat', 'KUBE-SEP-5GEH5OENN4FETTOQ').map((r) => r.chain)).toEqual(['KUBE-SVC-SO4PW3GA7SPS7IHM']);
    expect(rules.jumpsFrom('nat', 'KUBE-SVC-SO4PW3GA7SPS7IHM')).toContain('KUBE-SEP-5GEH5OENN4FETTOQ');
    expect(rules.chain('nat', 'PREROUTING')?.builtin).toBe(true);
    expect(rules.chain('nat', 'KUBE-SVC-SO4PW3GA7SPS7IHM')?.builtin).toBe(false);
  });
});

describe('resolveService: chains too deep to walk (synthetic rule sets)', () => {
  const deep = (levels: number, back = false) => {
    const names = Array.from({ length: levels }, (_, k) => `N${k}`);
    const text = `*nat\n:PREROUTING ACCEPT [0:0]\n:KUBE-SEP-ONE - [0:0]\n${names.map((n) => `:${n} - [0:0]`).join('\n')}\n`
      + `-A PREROUTING -p tcp -m tcp --dport 30080 -j N0\n${names.slice(0, -1).map((n, k) => `-A ${n} -j N${k + 1}`).join('\n')}\n`
      + `-A N${levels - 1} -j ${back ? 'N0' : 'KUBE-SEP-ONE'}\n-A KUBE-SEP-ONE -p tcp -j DNAT --to-destination 10.244.1.5:8080\nCOMMIT\n`;
    return RuleSet.from(parseIptablesSave(text).records);
  };
  const query = { destination: '192.168.0.5', port: 30080, destinationIsLocal: true };

  it('follows 62 chains to the DNAT', () => {
    expect(summary(resolveService(deep(62), query))).toEqual([{ outcome: 'dnat', endpoint: '10.244.1.5:8080', probability: 1 }]);
  });

  it('calls a walk past 64 chains undecided, not a loop', () => {
    const [branch, ...more] = resolveService(deep(70), query);
    expect(more).toEqual([]);
    expect(branch?.outcome).toBe('undecided');
    expect(branch?.assumptions).toEqual(['chain nat/N63, 64 chains deep, not evaluated']);
  });

  it('calls a walk that comes back to a chain on its way a loop', () => {
    expect(summary(resolveService(deep(5, true), query))).toEqual([{ outcome: 'loop', endpoint: null, probability: 1 }]);
  });
});

describe('resolveService: a ring of random splits (synthetic, which the kernel would refuse)', () => {
  it('ends in one loop branch whatever the paths, with the walk budget\'s remainder undecided', () => {
    const names = Array.from({ length: 40 }, (_, k) => `C${k}`);
    const text = `*nat\n:PREROUTING ACCEPT [0:0]\n${names.map((n) => `:${n} - [0:0]`).join('\n')}\n-A PREROUTING -j C0\n`
      + names.map((n, k) => `-A ${n} -m statistic --mode random --probability 0.5 -j C${(k + 1) % 40}\n-A ${n} -j C${(k + 1) % 40}`).join('\n') + '\nCOMMIT\n';
    const branches = resolveService(RuleSet.from(parseIptablesSave(text).records), { destination: '192.168.0.5', port: 1000, destinationIsLocal: true });
    expect(branches.map((b) => b.outcome).sort()).toEqual(['loop', 'undecided']);
    expect(branches.reduce((sum, b) => sum + b.probability, 0)).toBeCloseTo(1, 9);
  });
});
