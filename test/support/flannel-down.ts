// Synthetic: a cluster whose flannel programmed nothing on any node — each node shows its cni0
// route, its flannel.1 address and MAC, and empty neighbour and FDB listings of flannel.1.
import { describe, expect, it } from 'vitest';
import type { Rule } from '../../src/analyze/rules/rule';
import { findingsOf, transcriptOf, type Commands } from './rule-cases';

export function flannelDownCluster(count: number): Record<string, Commands> {
  const nodes: Record<string, Commands> = {};
  for (let i = 0; i < count; i++) {
    const mac = `aa:bb:cc:00:00:${i.toString(16).padStart(2, '0')}`;
    nodes[`node${String(i).padStart(2, '0')}`] = {
      'ip r': `default via 192.168.0.1 dev eth0\n10.100.${i}.0/24 dev cni0 proto kernel scope link src 10.100.${i}.1`,
      'ip addr show flannel.1': `5: flannel.1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UNKNOWN group default\n    link/ether ${mac} brd ff:ff:ff:ff:ff:ff\n    inet 10.100.${i}.0/32 scope global flannel.1\n       valid_lft forever preferred_lft forever`,
      'ip n show dev flannel.1': '',
      'bridge fdb show dev flannel.1': '',
    };
  }
  return nodes;
}

/**
 * A rule that reports what each node lacks of its peers' (routes, neighbours, FDB entries): one
 * finding per peer up to ten, one that counts them past ten. `many` is node00's counting finding.
 */
export function describeFlannelDown(rule: Rule, many: { data: Record<string, string | number>; firstAbsent: string }): void {
  describe(`${rule.meta.id} when flannel is down on every node`, () => {
    it('gives each node one finding that counts what it lacks, past ten peers', () => {
      const findings = findingsOf(rule, transcriptOf({ name: 'down', nodes: flannelDownCluster(13) }));
      expect(findings.map((f) => [f.messageId, f.host])).toEqual(Array.from({ length: 13 }, (_, i) => ['missingMany', `node${String(i).padStart(2, '0')}`]));
      const first = findings[0];
      expect(first?.data).toEqual(many.data);
      expect(first?.evidence.map((e) => e.absent)).toHaveLength(10);
      expect(first?.evidence[0]?.absent).toBe(many.firstAbsent);
      expect(first?.fix).toEqual(['kubectl -n kube-flannel delete pod -l app=flannel --field-selector spec.nodeName=node00']);
    });

    it('gives one finding per peer up to ten', () => {
      const findings = findingsOf(rule, transcriptOf({ name: 'down', nodes: flannelDownCluster(11) }));
      expect(findings).toHaveLength(110);
      expect(new Set(findings.map((f) => f.messageId))).toEqual(new Set(['missing']));
    });
  });
}
