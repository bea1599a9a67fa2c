// Both backends in one nft listing (corpus/lab/nft-kube-proxy.sh, namespace nsnft-mixed): iptables-nft's
// tables from kube-proxy-1.31.rules (kube-proxy's iptables mode, flannel, Docker) beside kube-proxy's
// nftables-mode `table ip kube-proxy`, as a node switched to nftables mode without cleanup lists them.
// The model reads services from both: iptables-nft's nat table through the iptables rule model, the
// native table through the nftables-mode walk.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseNftRuleset } from '../../formats/nft-ruleset';
import { iptablesFromNft } from './nft-iptables';
import { NftRuleSet } from './nft-rule-set';
import { resolveKubeProxyNft } from './resolve-kube-proxy-nft';
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

    it('default/kubernetes, in both tables, resolves in each', () => {
      expect(summary(resolveKubeProxyNft(nft, { destination: '10.96.0.1', port: 443, destinationIsLocal: false, ...pod }))).toEqual([
        { outcome: 'dnat', endpoint: '192.168.86.189:6443', probability: 1 },
      ]);
    });
  });
}
