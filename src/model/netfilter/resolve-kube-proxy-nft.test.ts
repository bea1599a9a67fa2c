// resolveKubeProxyNft on kube-proxy nftables-mode rule sets loaded with nft -f in the lab and listed
// by nft 1.0.6 (corpus/lab/nft-kube-proxy.sh: the current layout, ip and ip6; nft-ruleset.sh: an
// earlier, smaller one with fib daddr type local), and the node-level dispatch over a transcript.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { trace } from '../../analyze/trace';
import { ingest } from '../../ingest';
import { parseNftRuleset } from '../../formats/nft-ruleset';
import { buildModel } from '../build';
import { NftRuleSet } from './nft-rule-set';
import { resolveKubeProxyNft } from './resolve-kube-proxy-nft';
import { resolveNodeService } from './resolve-node-service';
import type { ServiceBranch, ServiceQuery } from './resolve-service';

const dir = join(__dirname, '../../../corpus/captures/nft-ruleset');
const text = (file: string) => readFileSync(join(dir, file), 'utf8');
const ruleSet = (file: string) => {
  const parsed = parseNftRuleset(text(file));
  expect(parsed.diagnostics).toEqual([]);
  return NftRuleSet.from(parsed.records);
};
const summary = (branches: ServiceBranch[]) =>
  branches.map((b) => ({ outcome: b.outcome, endpoint: b.endpoint && `${b.endpoint.address}:${b.endpoint.port}`, probability: b.probability }));
const chains = (branch: ServiceBranch | undefined) => branch?.rules.map((rule) => `${rule.chain.replace(/-([A-Z2-7]{8})-.*$/, '-$1')}#${rule.position}`);

describe('resolveKubeProxyNft: kube-proxy nftables mode (current layout)', () => {
  const rules = ruleSet('kube-proxy-nft131__nft_-a_list_ruleset.txt');
  const pod = { source: '10.244.1.5', sourceIsLocal: false } as const;
  const outside = { source: '203.0.113.5', sourceIsLocal: false } as const;
  const resolve = (query: ServiceQuery) => resolveKubeProxyNft(rules, query);

  it('a ClusterIP with three endpoints: a third each, through the service-ips map and numgen', () => {
    const branches = resolve({ destination: '10.96.0.1', port: 443, destinationIsLocal: false, ...pod });
    expect(summary(branches).map((b) => b.endpoint)).toEqual(['192.168.86.188:6443', '192.168.86.189:6443', '192.168.86.190:6443']);
    for (const branch of branches) expect(branch.probability).toBeCloseTo(1 / 3, 12);
    expect(branches.every((b) => b.outcome === 'dnat' && b.assumptions.length === 0)).toBe(true);
    expect(branches[0]?.entry).toEqual({ table: 'kube-proxy', chain: 'nat-prerouting', inferred: false });
    expect(chains(branches[0])).toEqual([
      'filter-prerouting-pre-dnat#1', 'nat-prerouting#1', 'services#1', 'service-2QRHZV4L#2', 'endpoint-CHCMAATS#2', 'filter-forward#1', 'filter-forward#2',
    ]);
    // the evidence is the nft rule, in the iptables model: the numgen rule's target is its verdict map
    const numgen = branches[0]?.rules[3];
    expect(numgen?.span.text).toMatch(/^numgen random mod 3 vmap \{ 0 : goto endpoint-CHCMAATS-/);
    expect(branches[0]?.rules[4]?.target?.typed).toEqual({ type: 'dnat', to: [{ address: '192.168.86.188', port: '6443' }], random: false, persistent: false });
  });

  it('UDP: kube-dns, half each', () => {
    expect(summary(resolve({ destination: '10.96.0.10', port: 53, protocol: 'udp', destinationIsLocal: false, ...pod }))).toEqual([
      { outcome: 'dnat', endpoint: '10.244.0.2:53', probability: 0.5 },
      { outcome: 'dnat', endpoint: '10.244.1.3:53', probability: 0.5 },
    ]);
    // TCP to the UDP-only port: no service takes it, cluster-ips-check rejects it
    expect(summary(resolve({ destination: '10.96.0.10', port: 53, protocol: 'tcp', destinationIsLocal: false, ...pod }))).toEqual([
      { outcome: 'rejected', endpoint: null, probability: 1 },
    ]);
  });

  it('a NodePort (Cluster policy): marked for masquerade, then either endpoint', () => {
    const branches = resolve({ destination: '192.168.86.188', port: 30038, destinationIsLocal: true, ...outside });
    expect(summary(branches)).toEqual([
      { outcome: 'dnat', endpoint: '10.244.2.6:9090', probability: 0.5 },
      { outcome: 'dnat', endpoint: '10.244.1.9:9090', probability: 0.5 },
    ]);
    expect(chains(branches[0])?.slice(0, 6)).toEqual(['filter-prerouting-pre-dnat#1', 'nat-prerouting#1', 'services#2', 'external-DX4EHMN6#1', 'mark-for-masquerade#1', 'external-DX4EHMN6#2']);
    expect(branches[0]?.rules[4]?.target?.typed).toEqual({ type: 'mark', value: 0x4000, mask: 0x4000 });
  });

  it('Local policy: an outside client reaches only the local endpoint, a pod either', () => {
    expect(summary(resolve({ destination: '192.168.86.188', port: 31080, destinationIsLocal: true, ...outside }))).toEqual([
      { outcome: 'dnat', endpoint: '10.244.0.7:80', probability: 1 },
    ]);
    expect(summary(resolve({ destination: '192.168.86.240', port: 80, destinationIsLocal: false, ...pod }))).toEqual([
      { outcome: 'dnat', endpoint: '10.244.0.7:80', probability: 0.5 },
      { outcome: 'dnat', endpoint: '10.244.1.9:80', probability: 0.5 },
    ]);
    // without a source the short-circuit rules stay undecided, and the walk says so
    const open = resolve({ destination: '192.168.86.240', port: 80, destinationIsLocal: false });
    expect(open.flatMap((b) => b.assumptions)).toContain('source 10.244.0.0/16 not decided: the source is not known');
  });

  it('Local policy without a local endpoint drops outside clients; no endpoints at all rejects', () => {
    const dropped = resolve({ destination: '192.168.86.241', port: 443, destinationIsLocal: false, ...outside });
    expect(summary(dropped)).toEqual([{ outcome: 'dropped', endpoint: null, probability: 1 }]);
    expect(dropped[0]?.rules.at(-1)?.span.text).toBe('ip daddr . meta l4proto . th dport vmap @no-endpoint-services # handle 65');
    expect(summary(resolve({ destination: '10.96.12.34', port: 3000, destinationIsLocal: false, ...pod }))).toEqual([{ outcome: 'rejected', endpoint: null, probability: 1 }]);
    expect(chains(resolve({ destination: '192.168.86.188', port: 32300, destinationIsLocal: true, ...pod })[0])).toEqual([
      'filter-prerouting-pre-dnat#1', 'nat-prerouting#1', 'filter-input#1', 'nodeport-endpoints-check#1', 'reject-chain#1',
    ]);
    expect(summary(resolve({ destination: '192.168.86.188', port: 30443, destinationIsLocal: true, ...outside }))).toEqual([{ outcome: 'dropped', endpoint: null, probability: 1 }]);
  });

  it('unallocated ClusterIPs are dropped, addresses outside the service CIDR pass', () => {
    expect(summary(resolve({ destination: '10.99.0.1', port: 80, destinationIsLocal: false, ...pod }))).toEqual([{ outcome: 'dropped', endpoint: null, probability: 1 }]);
    expect(summary(resolve({ destination: '8.8.8.8', port: 80, destinationIsLocal: false, ...pod }))).toEqual([{ outcome: 'no-match', endpoint: null, probability: 1 }]);
  });

  it('IPv6: table ip6 kube-proxy', () => {
    expect(summary(resolve({ destination: 'fd00:10:96::1', port: 443, destinationIsLocal: false, source: 'fd00:10:244::9' }))).toEqual([
      { outcome: 'dnat', endpoint: 'fd00:10:244::5:6443', probability: 1 },
    ]);
  });
});

describe('resolveKubeProxyNft: other listings', () => {
  it('the earlier layout (fib daddr type local and @nodeport-ips, filter chains at dstnat - 10)', () => {
    const rules = ruleSet('kube-proxy-nftables__nft_list_ruleset.txt');
    expect(summary(resolveKubeProxyNft(rules, { destination: '192.168.86.188', port: 30038, destinationIsLocal: true, source: '203.0.113.5', sourceIsLocal: false }))).toEqual([
      { outcome: 'dnat', endpoint: '10.244.2.6:9090', probability: 0.5 },
      { outcome: 'dnat', endpoint: '10.244.1.9:9090', probability: 0.5 },
    ]);
  });

  it('one chain listed on its own: the walk starts at services and says the entry is inferred', () => {
    const rules = ruleSet('kube-proxy-nftables__nft_list_chain_ip_kube-proxy_services.txt');
    const [branch] = resolveKubeProxyNft(rules, { destination: '10.96.0.1', port: 443, destinationIsLocal: false });
    expect(branch?.entry).toEqual({ table: 'kube-proxy', chain: 'services', inferred: true });
    // the service-ips map is not in that listing: whether the packet is NATed is not known
    expect(branch?.outcome).toBe('undecided');
    expect(branch?.assumptions).toContain('ip daddr . meta l4proto . th dport vmap @service-ips: the map is not in the listing');
  });

  it('no kube-proxy table for the family: no branch', () => {
    expect(resolveKubeProxyNft(ruleSet('kube131-iptnft__nft_list_ruleset.txt'), { destination: '10.96.0.1', port: 443, destinationIsLocal: false })).toEqual([]);
  });
});

describe('resolveNodeService and the tracer on a node whose only listing is nft\'s', () => {
  // ingest maps sos's nft files to nft-ruleset; a transcript's `nft …` command is not mapped yet, so the test names the format
  const bundle = (file: string) => {
    const ingested = ingest(`[root@node1 ~]# nft -a list ruleset\n${text(file)}`);
    for (const host of ingested.hosts) for (const section of host.sections) if (section.command?.startsWith('nft ')) section.format = 'nft-ruleset';
    return ingested;
  };

  it('iptables-nft tables: the same answer as iptables, cited on the nft lines', () => {
    const model = buildModel(bundle('kube131-iptnft__nft_-a_list_ruleset.txt'));
    const node = model.nodes.get('node1');
    expect(node?.netfilter?.rules.chain('nat', 'KUBE-SERVICES')?.rules).toHaveLength(15);
    const branches = resolveNodeService(node?.netfilter ?? null, { destination: '10.96.0.1', port: 443, destinationIsLocal: false, source: '10.244.1.5' });
    expect(branches?.map((b) => b.endpoint?.address)).toEqual(['192.168.86.189', '192.168.86.190', '192.168.86.191']);
    expect(node?.netfilter?.notShown.get(branches?.[0]?.rules[1] as object)?.[0]).toMatch(/comment/);
  });

  it('kube-proxy nftables mode: the tracer follows the verdict maps to each endpoint', () => {
    const model = buildModel(bundle('kube-proxy-nft131__nft_-a_list_ruleset.txt'));
    const node = model.nodes.get('node1');
    expect(node?.netfilter?.rules.tables.size).toBe(0);
    expect(summary(resolveNodeService(node?.netfilter ?? null, { destination: '10.109.216.20', port: 9090, destinationIsLocal: false, source: '10.244.1.5' }) ?? [])).toEqual([
      { outcome: 'dnat', endpoint: '10.244.2.6:9090', probability: 0.5 },
      { outcome: 'dnat', endpoint: '10.244.1.9:9090', probability: 0.5 },
    ]);
    const result = trace(model, { to: '10.109.216.20:9090', from: 'node1' });
    expect(result.branches.map((b) => [b.endpoint, b.probability])).toEqual([['10.244.2.6:9090', 0.5], ['10.244.1.9:9090', 0.5]]);
    const nat = result.branches[0]?.hops.filter((h) => h.step === 'nat') ?? [];
    expect(nat.map((h) => h.evidence[0]?.command)).toContain('nft -a list ruleset');
  });
});
