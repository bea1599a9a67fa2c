// The model over `nft -j list ruleset`: the lab's JSON captures (corpus/captures/nft-ruleset/json/)
// resolve every service exactly as the `nft -a list ruleset` of the same namespace does, where the
// JSON carries what the walk reads (kube-proxy's nftables mode); for iptables-nft's tables it does not
// (nft -j gives an xt statement's name, not its options), and the test pins what is lost.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseNftRuleset } from '../../formats/nft-ruleset';
import { ingest } from '../../ingest';
import { buildModel } from '../build';
import type { NftRecord } from '../../formats/nft-ruleset';
import { iptablesFromNft } from './nft-iptables';
import { NftRuleSet } from './nft-rule-set';
import { resolveKubeProxyNft } from './resolve-kube-proxy-nft';
import { resolveNodeService } from './resolve-node-service';
import { resolveService, type ServiceBranch, type ServiceQuery } from './resolve-service';
import { RuleSet } from './rule-set';

const dir = join(__dirname, '../../../corpus/captures/nft-ruleset');
const records = (file: string): NftRecord[] => {
  const parsed = parseNftRuleset(readFileSync(join(dir, file), 'utf8'));
  expect(parsed.diagnostics).toEqual([]);
  return parsed.records;
};
const fromJson = (namespace: string) => records(`json/${namespace}__nft_-j_list_ruleset.txt`);
const fromText = (namespace: string) => records(`${namespace}__nft_-a_list_ruleset.txt`);

/** A branch without spans: outcome, endpoint, probability, the rules passed (chain#position), assumptions, entry. */
const shape = (branches: ServiceBranch[]) =>
  branches.map((b) => ({
    outcome: b.outcome, endpoint: b.endpoint, probability: b.probability, rules: b.rules.map((r) => `${r.table ?? ''}/${r.chain}#${r.position}`),
    assumptions: b.assumptions, entry: b.entry,
  }));

const CLIENTS: Partial<ServiceQuery>[] = [
  {}, { source: '10.244.1.5', sourceIsLocal: false }, { source: '203.0.113.5', sourceIsLocal: false }, { source: '192.168.86.188', sourceIsLocal: true },
];

/** Every service kube-proxy's maps name (service-ips, service-nodeports and the no-endpoint maps), from every client. */
function kubeProxyQueries(all: readonly NftRecord[]): ServiceQuery[] {
  const sets = all.filter((r) => (r.kind === 'set' || r.kind === 'map') && r.table === 'kube-proxy');
  const named = (name: string) => sets.filter((s) => s.kind !== 'rule' && 'name' in s && s.name === name);
  const keys = (name: string) =>
    named(name).flatMap((s) => ('elements' in s ? (s.elements ?? []) : []).map((e) => e.split(' : ')[0]?.replace(/ comment ".*"$/, '').split(' . ') ?? []));
  const nodeIPs = named('nodeport-ips').flatMap((s) => ('elements' in s ? (s.elements ?? []) : []));
  const out: ServiceQuery[] = [];
  for (const name of ['service-ips', 'no-endpoint-services'])
    for (const [destination, protocol, port] of keys(name))
      for (const client of CLIENTS) out.push({ destination: destination as string, protocol: protocol as ServiceQuery['protocol'], port: Number(port), destinationIsLocal: false, ...client });
  for (const name of ['service-nodeports', 'no-endpoint-nodeports'])
    for (const [protocol, port] of keys(name))
      for (const destination of nodeIPs)
        for (const client of CLIENTS) out.push({ destination, protocol: protocol as ServiceQuery['protocol'], port: Number(port), destinationIsLocal: true, ...client });
  return out;
}

describe('nft -j: kube-proxy nftables mode resolves as from the text listing', () => {
  const CASES = [
    // 2 ClusterIPs and 1 NodePort, 4 clients; 20 branches, each to an endpoint
    { namespace: 'kube-proxy-nftables', queries: 12, branches: 20, endpoints: 20 },
    // 7 ClusterIPs / external IPs and 2 without endpoints (ip), 1 ClusterIP (ip6), 3 NodePorts and 2 without endpoints; 4 clients
    { namespace: 'kube-proxy-nft131', queries: 60, branches: 88, endpoints: 72 },
  ];
  for (const { namespace, queries, branches, endpoints: expectedEndpoints } of CASES) {
    it(`${namespace}: every service from every client, the same branches, endpoints and probabilities`, () => {
      const json = NftRuleSet.from(fromJson(namespace));
      const text = NftRuleSet.from(fromText(namespace));
      const all = kubeProxyQueries(fromText(namespace));
      expect(all).toHaveLength(queries);
      expect(kubeProxyQueries(fromJson(namespace))).toEqual(all);
      let count = 0;
      let endpoints = 0;
      for (const query of all) {
        const a = resolveKubeProxyNft(text, query);
        const b = resolveKubeProxyNft(json, query);
        expect(shape(b), JSON.stringify(query)).toEqual(shape(a));
        count += a.length;
        endpoints += a.filter((branch) => branch.endpoint !== null).length;
      }
      expect({ count, endpoints }).toEqual({ count: branches, endpoints: expectedEndpoints });
    });
  }

  it('kube-proxy-nft131: the kubernetes ClusterIP, a third to each API server, read from JSON alone', () => {
    const json = NftRuleSet.from(fromJson('kube-proxy-nft131'));
    const branches = resolveKubeProxyNft(json, { destination: '10.96.0.1', port: 443, destinationIsLocal: false, source: '10.244.1.5', sourceIsLocal: false });
    expect(branches.map((b) => [`${b.endpoint?.address}:${b.endpoint?.port}`, b.probability])).toEqual([
      ['192.168.86.188:6443', 1 / 3], ['192.168.86.189:6443', 1 / 3], ['192.168.86.190:6443', 1 / 3],
    ]);
    // the evidence is the JSON object of the rule
    expect(branches[0]?.rules[3]?.span.text).toMatch(/^\{"rule": \{"family": "ip", "table": "kube-proxy", "chain": "service-2QRHZV4L-default\/kubernetes\/tcp\/https", "handle": 68, "expr": \[\{"vmap"/);
  });
});

describe('nft -j: iptables-nft tables lose what their xt statements hold', () => {
  /** Every ClusterIP (nat KUBE-SERVICES -d X/32 --dport P) of the text listing, from every client. */
  const clusterIPQueries = (rules: RuleSet): ServiceQuery[] =>
    (rules.chain('nat', 'KUBE-SERVICES')?.rules ?? []).flatMap((rule) => {
      const port = rule.matches.map((m) => (m.typed?.type === 'ports' ? m.typed.destinationPort?.from : undefined)).find((p) => p !== undefined);
      if (port === undefined || !rule.destination?.value.endsWith('/32')) return [];
      const protocol = (rule.protocol?.value ?? 'tcp') as ServiceQuery['protocol'];
      return CLIENTS.map((client) => ({ destination: rule.destination?.value.slice(0, -3) as string, port, protocol, destinationIsLocal: false, ...client }));
    });

  const CASES = [
    { namespace: 'kube131-iptnft', queries: 56, textEndpoints: 132 },
    { namespace: 'kube120-iptnft', queries: 104, textEndpoints: 213 },
    { namespace: 'host188-iptnft', queries: 40, textEndpoints: 80 },
  ];
  for (const { namespace, queries, textEndpoints } of CASES) {
    it(`${namespace}: the text listing reaches the endpoints; nft -j's xt statistic and DNAT say neither probability nor address`, () => {
      const text = RuleSet.from(iptablesFromNft(NftRuleSet.from(fromText(namespace))).records);
      const json = RuleSet.from(iptablesFromNft(NftRuleSet.from(fromJson(namespace))).records);
      const all = clusterIPQueries(text);
      expect(all).toHaveLength(queries);
      let reached = 0;
      const undecided = new Set<string>();
      const outcomes = new Set<string>();
      for (const query of all) {
        reached += resolveService(text, query).filter((b) => b.outcome === 'dnat' && b.endpoint !== null).length;
        for (const branch of resolveService(json, query)) {
          // no endpoint is invented: the walk stops at the first xt match or nat target (DNAT without its options) it cannot evaluate, and says so
          expect(branch.endpoint).toBeNull();
          for (const assumption of branch.assumptions) undecided.add(assumption);
          // and does not call that "no match": whether a rule would have matched is not known
          if (branch.assumptions.some((a) => a.endsWith(' not evaluated'))) expect(branch.outcome).not.toBe('no-match');
          outcomes.add(branch.outcome);
        }
      }
      expect(reached).toBe(textEndpoints);
      expect(outcomes).toContain('undecided');
      expect([...undecided].sort()).toEqual(expect.arrayContaining(['match module statistic not evaluated']));
      expect([...undecided].every((a) => /^match module (?:statistic|addrtype|conntrack|physdev|multiport|icmp) not evaluated$|^target DNAT not evaluated$|^source /.test(a))).toBe(true);
    });
  }
});

describe('nft -j in a transcript: ingest maps it to nft-ruleset, the node model resolves from it', () => {
  it('kube-proxy nftables mode on node1, read from `nft -j list ruleset`', () => {
    const json = readFileSync(join(dir, 'json/kube-proxy-nft131__nft_-j_list_ruleset.txt'), 'utf8');
    const bundle = ingest(`[root@node1 ~]# nft -j list ruleset\n${json}\n[root@node1 ~]# `);
    const section = bundle.hosts.find((h) => h.name === 'node1')?.sections.find((s) => s.command === 'nft -j list ruleset');
    expect(section?.format).toBe('nft-ruleset');
    const node = buildModel(bundle).nodes.get('node1');
    const branches = resolveNodeService(node?.netfilter ?? null, { destination: '10.109.216.20', port: 9090, destinationIsLocal: false, source: '10.244.1.5' }) ?? [];
    expect(branches.map((b) => [`${b.endpoint?.address}:${b.endpoint?.port}`, b.probability])).toEqual([['10.244.2.6:9090', 0.5], ['10.244.1.9:9090', 0.5]]);
  });
});
