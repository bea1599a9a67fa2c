// assignOwners looks each tie up in an index; what it gives must be what searching every node (and
// every pod) for every peer gave: the search it replaced is kept here as the oracle, and random small
// clusters (synthetic claims) must come out alike, owners, reasons, and the claims pushed on the way.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseIPv4, parsePrefix4, prefixContains, type Prefix4 } from '../core';
import { asInferred, type Evidence } from './evidence';
import { assignOwners, type ClusterNode, type PeerSubnet, type Pod } from './cluster';
import type { NodeSnapshot } from './node/snapshot';

function networkAddress(text: string): string {
  return text.slice(0, text.indexOf('/'));
}

// the search, as it was (src/model/cluster.ts before the index)
function searchOwners(nodes: Map<string, ClusterNode>, peers: PeerSubnet[], pods: Pod[]): void {
  const sameSubnet = (a: Prefix4, b: Prefix4): boolean => a.network === b.network && a.length === b.length;
  // the strongest tie first: the node's VTEP address is the subnet's gateway; flannel's own record of
  // the subnet; the VTEP MAC or underlay IP peers send to; last its cni0, which may hold an old lease
  const tiers: [string, (node: ClusterNode, peer: PeerSubnet) => boolean][] = [
    ['its flannel.1 address', (node, peer) => node.vtepAddress.some((claim) => claim.value === (peer.gateway ?? networkAddress(peer.text)))],
    ['its own outputs', (node, peer) => node.subnet.some((claim) => !claim.bridge && sameSubnet(claim.value, peer.subnet))],
    ['its VTEP MAC', (node, peer) => node.vtepMac.some((claim) => peer.vtepMac.some((mac) => mac.value === claim.value))],
    ['its underlay IP', (node, peer) => node.underlay.some((claim) => peer.publicIp.some((ip) => ip.value === claim.value))],
    ['its own outputs', (node, peer) => node.subnet.some((claim) => claim.bridge === true && sameSubnet(claim.value, peer.subnet))],
  ];
  for (const peer of peers) {
    for (const [via, owns] of tiers) {
      const owner = [...nodes.values()].find((node) => owns(node, peer));
      if (!owner) continue;
      peer.owner = owner.name;
      peer.ownerVia = via;
      break;
    }
    if (peer.owner) continue;
    const owners = new Map<string, Pod>();
    for (const pod of pods) {
      const value = parseIPv4(pod.ip);
      if (value !== null && pod.node && prefixContains(peer.subnet, value)) owners.set(pod.node, pod);
    }
    const [only] = owners.entries();
    if (owners.size === 1 && only) {
      const [name, pod] = only;
      const node = nodes.get(name);
      if (node && node.subnet.length === 0) {
        peer.owner = name;
        peer.ownerVia = `pod ${pod.name} (${pod.ip}) runs on it`;
        node.subnet.push({ value: peer.subnet, via: peer.ownerVia, evidence: [asInferred(pod.evidence), ...peer.evidence.slice(0, 1).map(asInferred)], inferred: true });
      }
    }
  }
}

const SUBNETS = ['10.244.0.0/24', '10.244.1.0/24', '10.244.2.0/24', '10.244.3.0/24', '10.244.0.0/16'];
const GATEWAYS = ['10.244.0.0', '10.244.1.0', '10.244.2.0', '10.244.3.0'];
const evidence = (id: string) => ({ text: id }) as unknown as Evidence;
const claim = <T>(value: T, id: string, bridge?: boolean) => ({ value, via: 'v', evidence: [evidence(id)], inferred: false, ...(bridge === undefined ? {} : { bridge }) });
const node = fc.record({
  subnet: fc.array(fc.tuple(fc.constantFrom(...SUBNETS), fc.option(fc.boolean(), { nil: undefined })), { maxLength: 2 }),
  vtepAddress: fc.array(fc.constantFrom(...GATEWAYS), { maxLength: 2 }),
  vtepMac: fc.array(fc.constantFrom('m0', 'm1', 'm2', 'm3'), { maxLength: 2 }),
  underlay: fc.array(fc.constantFrom('u0', 'u1', 'u2', 'u3'), { maxLength: 2 }),
  shown: fc.boolean(),
});
const peer = fc.record({
  subnet: fc.constantFrom(...SUBNETS),
  gateway: fc.option(fc.constantFrom(...GATEWAYS, '10.244.9.0'), { nil: null }),
  vtepMac: fc.array(fc.constantFrom('m0', 'm1', 'm2', 'm3'), { maxLength: 3 }),
  publicIp: fc.array(fc.constantFrom('u0', 'u1', 'u2', 'u3'), { maxLength: 3 }),
});
const pod = fc.record({ ip: fc.constantFrom('10.244.0.5', '10.244.1.5', '10.244.1.7', '10.244.2.9', '10.244.3.3', 'x', '10.245.0.1'), node: fc.option(fc.nat(5), { nil: null }) });

type Drawn<T> = T extends fc.Arbitrary<infer V> ? V : never;
type Input = { nodes: Drawn<typeof node>[]; peers: Drawn<typeof peer>[]; pods: Drawn<typeof pod>[] };

function build({ nodes, peers, pods }: Input): { nodes: Map<string, ClusterNode>; peers: PeerSubnet[]; pods: Pod[] } {
  return {
    nodes: new Map(nodes.map((n, i) => [`n${i}`, {
      name: `n${i}`, snapshot: n.shown ? ({ flannel: { events: [] } } as unknown as NodeSnapshot) : null,
      subnet: n.subnet.map(([text, bridge], k) => claim(parsePrefix4(text) as Prefix4, `n${i}s${k}`, bridge)),
      vtepAddress: n.vtepAddress.map((v, k) => claim(v, `n${i}a${k}`)),
      vtepMac: n.vtepMac.map((v, k) => claim(v, `n${i}m${k}`)),
      underlay: n.underlay.map((v, k) => claim(v, `n${i}u${k}`)),
    }])),
    peers: peers.map((p, j) => ({
      subnet: parsePrefix4(p.subnet) as Prefix4, text: p.subnet, gateway: p.gateway, evidence: [evidence(`p${j}`)], owner: null, ownerVia: null, removed: false, current: false, addFailed: false,
      vtepMac: p.vtepMac.map((v, k) => claim(v, `p${j}m${k}`)), publicIp: p.publicIp.map((v, k) => claim(v, `p${j}u${k}`)),
    })),
    pods: pods.map((p, k) => ({ namespace: null, name: `pod${k}`, ip: p.ip, node: p.node === null ? null : `n${p.node}`, evidence: evidence(`pod${k}`) })),
  };
}

describe('assignOwners', () => {
  it('gives what searching every node and pod for every peer gave', () => {
    fc.assert(fc.property(fc.array(node, { maxLength: 5 }), fc.array(peer, { maxLength: 5 }), fc.array(pod, { maxLength: 6 }), (nodes, peers, pods) => {
      const searched = build({ nodes, peers, pods });
      const indexed = build({ nodes, peers, pods });
      searchOwners(searched.nodes, searched.peers, searched.pods);
      assignOwners(indexed.nodes, indexed.peers, indexed.pods);
      expect(indexed.peers).toEqual(searched.peers);
      expect([...indexed.nodes.values()]).toEqual([...searched.nodes.values()]);
    }), { numRuns: 20000 });
  });
});
