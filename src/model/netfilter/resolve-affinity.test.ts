// sessionAffinity: ClientIP in both of kube-proxy's modes: the affinity rules are a branch for a
// returning client, named on each branch, and leave the random dispatch as it is. iptables: the lab
// captures of corpus/lab/kube-proxy-affinity.sh (kube-proxy-affinity.rules in iptables-save, -S and
// -nvL form); nftables: its capture of nft's listing of kube-proxy-affinity.nft (synthetic rules
// after kube-proxy's pkg/proxy/nftables/proxier.go, listed by nft 1.0.6).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseIptablesList } from '../../formats/iptables-list';
import { parseIptablesListRules } from '../../formats/iptables-list-rules';
import { parseIptablesSave } from '../../formats/iptables-save';
import { parseNftRuleset } from '../../formats/nft-ruleset';
import { NftRuleSet } from './nft-rule-set';
import { resolveKubeProxyNft } from './resolve-kube-proxy-nft';
import { RuleSet } from './rule-set';
import { resolveService, type ServiceBranch, type ServiceQuery } from './resolve-service';

const root = join(__dirname, '../../..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');
const listings = {
  'iptables-save': () => parseIptablesSave(read('corpus/captures/iptables-save/kube-affinity__iptables-save_-t_nat.txt')),
  'iptables -t nat -S': () => parseIptablesListRules(read('corpus/captures/iptables-list-rules/kube-affinity__iptables_-t_nat_-S.txt'), { table: 'nat' }),
  'iptables -t nat -nvL': () => parseIptablesList(read('corpus/captures/iptables-list/kube-affinity__iptables_-t_nat_-nvL.txt'), { table: 'nat' }),
};
const nftText = read('corpus/captures/nft-ruleset/kube-proxy-nft-affinity__nft_list_table_ip_kube-proxy.txt');
const nftRules = (text: string) => NftRuleSet.from(parseNftRuleset(text).records);
const summary = (branches: ServiceBranch[]) =>
  branches.map((b) => ({ outcome: b.outcome, endpoint: b.endpoint && `${b.endpoint.address}:${b.endpoint.port}`, probability: Number(b.probability.toFixed(9)) }));
const affinity = (branch: ServiceBranch | undefined) =>
  branch?.affinity && { timeoutSeconds: branch.affinity.timeoutSeconds, rules: branch.affinity.rules.map((r) => `${r.chain.replace(/-([A-Z2-7]{8})-.*$/, '-$1')}#${r.position}`) };
const pod: Partial<ServiceQuery> = { source: '10.244.3.9', sourceIsLocal: false };
const outside: Partial<ServiceQuery> = { source: '203.0.113.5', sourceIsLocal: false };
const CART = { destination: '10.96.40.10', port: 80, destinationIsLocal: false, ...pod };
const CART_ENDPOINTS = ['10.244.0.6:8080', '10.244.1.5:8080', '10.244.2.7:8080'];

describe('session affinity, iptables mode (-m recent)', () => {
  for (const [command, parse] of Object.entries(listings)) {
    describe(command, () => {
      const parsed = parse();
      const rules = RuleSet.from(parsed.records);
      it('reads the listing without a diagnostic', () => expect(parsed.diagnostics).toEqual([]));

      it('a ClusterIP with ClientIP affinity: a third each for a new client, the three checks named on every branch', () => {
        const branches = resolveService(rules, CART);
        expect(summary(branches)).toEqual(CART_ENDPOINTS.map((endpoint) => ({ outcome: 'dnat', endpoint, probability: 0.333333333 })));
        expect(branches.reduce((sum, b) => sum + b.probability, 0)).toBeCloseTo(1, 9);
        for (const branch of branches) {
          expect(affinity(branch)).toEqual({ timeoutSeconds: 10800, rules: ['KUBE-SVC-I5LIAMPLWKMBJ54B#2', 'KUBE-SVC-I5LIAMPLWKMBJ54B#3', 'KUBE-SVC-I5LIAMPLWKMBJ54B#4'] });
          // the checks are not on the path taken; `-m recent --set` on the DNAT rule matches
          expect(branch.rules.some((r) => r.matches.some((m) => m.module === 'recent' && branch.affinity?.rules.includes(r)))).toBe(false);
          expect(branch.rules.at(-1)?.target?.name).toBe('DNAT');
          expect(branch.assumptions).toEqual([]);
        }
      });

      it('externalTrafficPolicy Local: the NodePort goes to the local endpoint through KUBE-SVL, its own check (600 s)', () => {
        const branches = resolveService(rules, { destination: '192.168.86.188', port: 31443, destinationIsLocal: true, ...outside });
        expect(summary(branches)).toEqual([{ outcome: 'dnat', endpoint: '10.244.0.9:8443', probability: 1 }]);
        expect(affinity(branches[0])).toEqual({ timeoutSeconds: 600, rules: ['KUBE-SVL-H7W3RCC6IHEDSKID#1'] });
      });

      it('a service without affinity has none', () => {
        const branches = resolveService(rules, { destination: '10.96.0.1', port: 443, destinationIsLocal: false, ...pod });
        expect(summary(branches)).toEqual([{ outcome: 'dnat', endpoint: '192.168.86.188:6443', probability: 1 }]);
        expect(branches[0]?.affinity).toBeNull();
      });
    });
  }
});

describe('session affinity, nftables mode (affinity-… sets)', () => {
  const rules = nftRules(nftText);
  const resolve = (query: ServiceQuery) => resolveKubeProxyNft(rules, query);
  const CHECKS = ['service-242WI43H#2', 'service-242WI43H#3', 'service-242WI43H#4'];

  it('a ClusterIP with ClientIP affinity: a third each for a new client, the three checks named', () => {
    const branches = resolve(CART);
    expect(summary(branches)).toEqual(CART_ENDPOINTS.map((endpoint) => ({ outcome: 'dnat', endpoint, probability: 0.333333333 })));
    for (const branch of branches) {
      expect(branch.probability).toBe(1 / 3);
      // the affinity sets' "timeout 3h": kube-proxy's default sessionAffinityConfig.clientIP.timeoutSeconds
      expect(affinity(branch)).toEqual({ timeoutSeconds: 10800, rules: CHECKS });
      expect(branch.assumptions).toEqual([]);
    }
    // the endpoint chain's `update @affinity-… { ip saddr }` is on the path; the dnat ends it
    expect(branches[0]?.rules.map((r) => r.span.text).filter((t) => t.startsWith('update @affinity-'))).toEqual(['update @affinity-Q7QP54OX-shop/cart/tcp/http__10.244.0.6/8080 { ip saddr }']);
  });

  it('without the source, the checks are still an affinity branch, not an assumption', () => {
    const branches = resolve({ destination: '10.96.40.10', port: 80, destinationIsLocal: false });
    expect(summary(branches).map((b) => b.probability)).toEqual([0.333333333, 0.333333333, 0.333333333]);
    expect(branches.every((b) => !b.assumptions.some((a) => a.includes('@affinity-')))).toBe(true);
  });

  it('externalTrafficPolicy Local: the NodePort from outside goes to local-… and its one endpoint', () => {
    const branches = resolve({ destination: '192.168.86.188', port: 31443, destinationIsLocal: true, ...outside });
    expect(summary(branches)).toEqual([{ outcome: 'dnat', endpoint: '10.244.0.9:8443', probability: 1 }]);
    expect(affinity(branches[0])).toEqual({ timeoutSeconds: 600, rules: ['local-A2VBIYRY#1'] });
  });

  it('a client the listing shows in an affinity set goes back to its endpoint (synthetic: the lab sends no packet)', () => {
    // a live set lists its clients with their timeout and expiry (nft(8), SETS); this one is typed in
    const returning = nftText.replace(
      /(set affinity-J6SR727L-shop\/cart\/tcp\/http__10\.244\.1\.5\/8080 \{\n\t\ttype ipv4_addr\n\t\tsize 65535\n\t\tflags dynamic,timeout\n\t\ttimeout 3h\n)/,
      '$1\t\telements = { 10.244.3.9 timeout 3h expires 2h59m58s }\n',
    );
    expect(returning).not.toBe(nftText);
    const branches = resolveKubeProxyNft(nftRules(returning), CART);
    expect(summary(branches)).toEqual([{ outcome: 'dnat', endpoint: '10.244.1.5:8080', probability: 1 }]);
    expect(affinity(branches[0])).toEqual({ timeoutSeconds: 10800, rules: ['service-242WI43H#2', 'service-242WI43H#3'] });
    // another client has no record: the random dispatch
    expect(summary(resolveKubeProxyNft(nftRules(returning), { ...CART, source: '10.244.3.10' })).map((b) => b.endpoint)).toEqual(CART_ENDPOINTS);
  });
});
