// The tracer against the kernel: each case is a lab capture (test/fixtures/kernel-lab.ts) whose
// probe the real kernel answered; the comment on each case says what the kernel did.
import { describe, expect, it } from 'vitest';
import { ingest } from '../../ingest';
import { buildModel } from '../../model';
import { LAB_S2 } from '../../../test/fixtures/kernel-lab';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { trace, type TraceQuery } from './trace';

const KUBE_AFFINITY = readFileSync(join(__dirname, '../../../corpus/captures/iptables-save/kube-affinity__iptables-save.txt'), 'utf8');
const S2 = buildModel(ingest(LAB_S2));
const summary = (query: TraceQuery) => trace(S2, query).branches.map((b) => [b.disposition, b.at, b.endpoint, b.hops.map((h) => `${h.host} ${h.step}: ${h.detail}`)]);

describe('trace: the nat hook of a packet the node sends itself', () => {
  it('a DNAT only in nat OUTPUT translates what node-1 sends (the kernel connected to 10.244.1.5:80)', () => {
    expect(summary({ from: 'node-1', to: '10.96.0.51:80' })).toEqual([['delivered', 'node-2', '10.244.1.5:80', [
      'node-1 nat: nat OUTPUT rule 1 → DNAT 10.244.1.5:80',
      'node-1 route: 10.244.1.5 matches 10.244.1.0/24 via 10.244.1.0 dev flannel.1',
      'node-1 neighbor: 10.244.1.0 lladdr 0e:44:00:00:00:02 dev flannel.1',
      'node-1 fdb: 0e:44:00:00:00:02 dev flannel.1 dst 10.0.0.12',
      'node-1 encap: vxlan (flannel.1) to node-2 at 10.0.0.12',
      "node-2 decap: node-2's flannel.1 takes the inner packet",
      'node-2 route: 10.244.1.5 matches 10.244.1.0/24 dev cni0',
      'node-2 bridge: cni0 to the pod\'s veth',
      'node-2 deliver: 10.244.1.5 on cni0 (no pod list shows which pod)',
    ]]]);
  });

  it('a DNAT only in nat PREROUTING does not (the kernel sent 10.96.0.50 to the default gateway: timeout)', () => {
    expect(summary({ from: 'node-1', to: '10.96.0.50:80' })).toEqual([['insufficient-information', 'node-1', null, [
      'node-1 route: 10.96.0.50 matches 0.0.0.0/0 via 10.0.0.1 dev eth0',
      'node-1 route: 10.96.0.50 leaves node-1 via eth0 towards 10.0.0.1: beyond what the outputs show',
    ]]]);
  });

  it("kube-proxy's jump to KUBE-SERVICES is cited from nat OUTPUT for a packet the node sends", () => {
    const text = `[root@node-a ~]# iptables-save\n${KUBE_AFFINITY}`;
    const model = buildModel(ingest(text));
    const first = (query: TraceQuery) => trace(model, query).branches.map((b) => b.hops[0]?.detail);
    expect(first({ from: 'node-a', to: '10.96.40.10:80' })).toEqual(Array(3).fill('nat OUTPUT rule 1 → KUBE-SERVICES'));
  });
});
