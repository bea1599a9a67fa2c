// The tracer over kube-proxy's session affinity, both proxy modes, on the lab's real captures.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingest } from '../../ingest';
import { buildModel } from '../../model';
import { trace } from './trace';

const capture = (path: string): string => readFileSync(join(__dirname, '../../../corpus/captures', path), 'utf8');
const AFFINITY = 'session affinity (ClientIP, 10800 s): this branch is a client without a record; one that reached an endpoint within the timeout goes back to it';

describe('trace: session affinity', () => {
  it('names the affinity checks of shop/cart (iptables mode) before the random dispatch, citing the three -m recent --rcheck rules', () => {
    const text = `[root@node-a ~]# iptables-save\n${capture('iptables-save/kube-affinity__iptables-save.txt')}`;
    const result = trace(buildModel(ingest(text)), { from: 'node-a', to: '10.96.40.10:80' });
    expect(result.branches.map((b) => [b.endpoint, b.probability.toFixed(4)])).toEqual([
      ['10.244.0.6:8080', '0.3333'], ['10.244.1.5:8080', '0.3333'], ['10.244.2.7:8080', '0.3333'],
    ]);
    for (const branch of result.branches) {
      const details = branch.hops.map((h) => h.detail);
      const at = details.indexOf(AFFINITY);
      expect(at).toBe(2);
      expect(details[at + 1]).toMatch(/^nat KUBE-SVC-I5LIAMPLWKMBJ54B rule \d → KUBE-SEP-/);
      const hop = branch.hops[at];
      expect(hop?.evidence.map((e) => e.text.includes('--rcheck --seconds 10800'))).toEqual([true, true, true]);
      expect(hop?.inferred).toBe(false);
    }
  });

  it('does the same for the nftables mode (ip saddr @affinity-… goto endpoint-…, set timeout 3h)', () => {
    const text = `[root@node-a ~]# nft list ruleset\n${capture('nft-ruleset/kube-proxy-nft-affinity__nft_list_ruleset.txt')}`;
    const result = trace(buildModel(ingest(text)), { from: 'node-a', to: '10.96.40.10:80' });
    expect(result.branches.map((b) => b.endpoint)).toEqual(['10.244.0.6:8080', '10.244.1.5:8080', '10.244.2.7:8080']);
    for (const branch of result.branches) {
      const hop = branch.hops.find((h) => h.detail === AFFINITY);
      expect(hop?.evidence.map((e) => /ip saddr @affinity-\S+ goto endpoint-/.test(e.text))).toEqual([true, true, true]);
    }
  });

  it('says nothing of affinity for a service without it', () => {
    const text = `[root@node-a ~]# iptables-save\n${capture('iptables-save/kube-affinity__iptables-save.txt')}`;
    const result = trace(buildModel(ingest(text)), { from: 'node-a', to: '10.96.0.1:443' });
    expect(result.branches.length).toBeGreaterThan(0);
    expect(result.branches.flatMap((b) => b.hops).some((h) => h.detail.startsWith('session affinity'))).toBe(false);
  });
});

describe('trace: nat rules netsift cannot follow', () => {
  it("iptables-nft from nft -j (xt matches without their options): insufficient information, not 'no service'", () => {
    const text = `[root@node-a ~]# nft -j list ruleset\n${capture('nft-ruleset/json/kube131-iptnft__nft_-j_list_ruleset.txt')}`;
    const result = trace(buildModel(ingest(text)), { from: 'node-a', to: '10.96.0.1:443' });
    expect(result.branches.map((b) => [b.disposition, b.at, b.endpoint])).toEqual([['insufficient-information', 'node-a', null]]);
    expect(result.branches[0]?.hops.at(-1)?.detail).toMatch(/^the nat rules could not be followed: match module \S+ not evaluated/);
  });

  it('the same rule set as text is followed to its endpoints', () => {
    const text = `[root@node-a ~]# nft list ruleset\n${capture('nft-ruleset/kube131-iptnft__nft_list_ruleset.txt')}`;
    const result = trace(buildModel(ingest(text)), { from: 'node-a', to: '10.96.0.1:443' });
    expect(result.branches.every((b) => b.endpoint !== null)).toBe(true);
  });
});
