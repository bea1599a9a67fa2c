// Both backends in one nft listing (corpus/lab/nft-kube-proxy.sh, namespace nsnft-mixed): iptables-nft's
// tables from kube-proxy-1.31.rules (kube-proxy's iptables mode, flannel, Docker) beside kube-proxy's
// nftables-mode `table ip kube-proxy`, as a node switched to nftables mode without cleanup lists them.
// The model reads services from both: iptables-nft's nat table through the iptables rule model, the
// native table through the nftables-mode walk.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseNftRuleset } from '../../formats/nft-ruleset';
import { ingest } from '../../ingest';
import { buildModel } from '../build';
import { proxiedServices } from '../services';
import { iptablesFromNft } from './nft-iptables';
import { NftRuleSet } from './nft-rule-set';
import { resolveKubeProxyNft } from './resolve-kube-proxy-nft';
import { resolveNodeService } from './resolve-node-service';
import { resolveService, type ServiceBranch } from './resolve-service';
import { RuleSet } from './rule-set';

const dir = join(__dirname, '../../../corpus/captures/nft-ruleset');
const summary = (branches: ServiceBranch[]) =>
  branches.map((b) => ({ outcome: b.outcome, endpoint: b.endpoint && `${b.endpoint.address}:${b.endpoint.port}`, probability: b.probability }));
const pod = { source: '10.244.1.5', sourceIsLocal: false } as const;

for (const file of ['mixed-backends__nft_-a_list_ruleset.txt', 'mixed-backends__nft_list_ruleset.txt']) {
  describe(`both backends in one listing: ${file}`, () => {
    const parsed = parseNftRuleset(readFileSync(join(dir, file), 'utf8'));
    const nft = NftRuleSet.from(parsed.records);
    const iptables = RuleSet.from(iptablesFromNft(nft).records);

    it('reads every table, iptables-nft\'s and kube-proxy\'s, with no diagnostic', () => {
      expect(parsed.diagnostics).toEqual([]);
      expect([...nft.tables.values()].map((t) => `${t.family} ${t.name}`)).toEqual(['ip mangle', 'ip raw', 'ip filter', 'ip nat', 'ip kube-proxy']);
      // flannel's and Docker's chains, in nft form, in the iptables model
      expect(['FLANNEL-FWD', 'DOCKER-USER', 'DOCKER-ISOLATION-STAGE-1', 'DOCKER-ISOLATION-STAGE-2'].every((c) => iptables.chain('filter', c))).toBe(true);
      expect(['FLANNEL-POSTRTG', 'DOCKER', 'KUBE-SERVICES', 'KUBE-NODEPORTS'].every((c) => iptables.chain('nat', c))).toBe(true);
    });

    it('a service of the iptables rules resolves through iptables-nft\'s nat table', () => {
      expect(summary(resolveService(iptables, { destination: '10.96.0.1', port: 443, destinationIsLocal: false, ...pod }))).toEqual([
        { outcome: 'dnat', endpoint: '192.168.86.189:6443', probability: 0.33333333348855376 },
        { outcome: 'dnat', endpoint: '192.168.86.190:6443', probability: 0.3333333332557231 },
        { outcome: 'dnat', endpoint: '192.168.86.191:6443', probability: 0.3333333332557231 },
      ]);
    });

    it('a service only the nftables-mode table has resolves through table ip kube-proxy', () => {
      expect(summary(resolveKubeProxyNft(nft, { destination: '10.96.77.7', port: 80, destinationIsLocal: false, ...pod }))).toEqual([
        { outcome: 'dnat', endpoint: '10.244.1.31:8080', probability: 0.5 },
        { outcome: 'dnat', endpoint: '10.244.2.32:8080', probability: 0.5 },
      ]);
      // its NodePort on the node's address
      expect(summary(resolveKubeProxyNft(nft, { destination: '192.168.86.189', port: 31777, destinationIsLocal: true, source: '203.0.113.5', sourceIsLocal: false }))).toEqual([
        { outcome: 'dnat', endpoint: '10.244.1.31:8080', probability: 0.5 },
        { outcome: 'dnat', endpoint: '10.244.2.32:8080', probability: 0.5 },
      ]);
      // the iptables rules do not know it
      expect(summary(resolveService(iptables, { destination: '10.96.77.7', port: 80, destinationIsLocal: false, ...pod })).map((b) => b.outcome)).not.toContain('dnat');
    });

    // both nat prerouting chains hook at dstnat (-100): iptables-nft's PREROUTING and kube-proxy's
    // nat-prerouting (pkg/proxy/nftables/proxier.go: knftables.DNATPriority), so no order is defined
    const TIE = "nat prerouting: iptables' chain (priority -100) and table ip kube-proxy's (priority -100) have no defined order (the kernel runs equal priorities in the order they were registered, which the listing does not show): iptables' is taken first";
    const node = { rules: iptables, nft: [{ ruleSet: nft, source: null as never }] };
    const branchesAt = (destination: string, port: number, local = false) => {
      const branches = resolveNodeService(node, { destination, port, destinationIsLocal: local, ...pod }) ?? [];
      return branches.map((b) => ({ ...summary([b])[0], entry: `${b.entry.table} ${b.entry.chain}`, assumptions: b.assumptions, rules: b.rules.length }));
    };

    it('the node-level lookup finds a service only table ip kube-proxy has: iptables\' nat passes it on', () => {
      expect(branchesAt('10.96.77.7', 80)).toEqual([
        { outcome: 'dnat', endpoint: '10.244.1.31:8080', probability: 0.5, entry: 'kube-proxy nat-prerouting', assumptions: [TIE], rules: 5 },
        { outcome: 'dnat', endpoint: '10.244.2.32:8080', probability: 0.5, entry: 'kube-proxy nat-prerouting', assumptions: [TIE], rules: 5 },
      ]);
    });

    it('the node-level lookup finds the services of the iptables rules; default/kubernetes, in both, from iptables\' (taken first)', () => {
      expect(branchesAt('10.96.0.1', 443)).toEqual([
        { outcome: 'dnat', endpoint: '192.168.86.189:6443', probability: 0.33333333348855376, entry: 'nat PREROUTING', assumptions: [TIE], rules: 4 },
        { outcome: 'dnat', endpoint: '192.168.86.190:6443', probability: 0.3333333332557231, entry: 'nat PREROUTING', assumptions: [TIE], rules: 4 },
        { outcome: 'dnat', endpoint: '192.168.86.191:6443', probability: 0.3333333332557231, entry: 'nat PREROUTING', assumptions: [TIE], rules: 4 },
      ]);
      expect(branchesAt('10.96.0.10', 53).map((b) => [b.outcome, b.endpoint, b.entry])).toEqual([
        ['dnat', '10.244.0.2:53', 'nat PREROUTING'], ['dnat', '10.244.1.3:53', 'nat PREROUTING'],
      ]);
    });

    it('a destination neither knows: no match in either, one branch', () => {
      expect(branchesAt('10.96.99.99', 80).map((b) => [b.outcome, b.probability, b.entry, b.assumptions])).toEqual([['no-match', 1, 'kube-proxy nat-prerouting', [TIE]]]);
    });

    it('default/kubernetes, in both tables, resolves in each', () => {
      expect(summary(resolveKubeProxyNft(nft, { destination: '10.96.0.1', port: 443, destinationIsLocal: false, ...pod }))).toEqual([
        { outcome: 'dnat', endpoint: '192.168.86.189:6443', probability: 1 },
      ]);
    });
  });
}

describe('both backends in one listing: the services of each on the node', () => {
  const text = readFileSync(join(dir, 'mixed-backends__nft_-a_list_ruleset.txt'), 'utf8');
  const model = buildModel(ingest(`[root@node-a ~]# nft -a list ruleset\n${text}`));
  const node = model.nodes.get('node-a');

  it('proxiedServices lists the services of table ip kube-proxy; those of the iptables rules need their names', () => {
    expect(node).toBeDefined();
    const services = node ? proxiedServices(node) : [];
    // kube-proxy names its iptables services only in rule comments, which nft 1.0.6 does not print
    // for iptables-nft's rules: from this listing alone they stay unnamed (iptables-save shows them)
    expect(services.map((s) => [s.name, s.modes, s.clusterIP, s.endpoints?.length])).toEqual([
      ['default/kubernetes:https', ['nftables'], '10.96.0.1', 1], ['shop/cart:http', ['nftables'], '10.96.77.7', 2],
    ]);
  });
});
