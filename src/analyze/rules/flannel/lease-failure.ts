// flanneld cannot get a lease: "Error registering network: failed to acquire lease: node "x" pod
// cidr not assigned" (flannel pkg/subnet/kube: the kube subnet manager takes the node's
// spec.podCIDR, which kube-controller-manager assigns only with --allocate-node-cidrs). Without a
// lease flannel stops before it configures anything: flannel.1 stays without an address, no cni0,
// no routes, neighbours or FDB entries for the peers, and no peer learns of the node.
import {
  citeAbsence, FLANNEL_DEVICE, formatPrefix4, leaseOf, podNetwork, unrecoveredLeaseFailure, type Evidence, type Prefix4,
} from '../../../model';
import { flannelRestart, sh } from '../../fix-commands';
import { defineRule } from '../rule';
import { append } from '../../../core';

/** The first subnet of `length` in the network that no lease overlaps (leases sorted once, then one sweep); exported for its test. */
export function freeSubnet(network: Prefix4, length: number, taken: readonly Prefix4[]): Prefix4 | null {
  if (length < network.length || length > 30) return null;
  const size = 2 ** (32 - length);
  const count = Math.min(2 ** (length - network.length), 65536);
  // each lease as its first and last address, by first address
  const ranges = taken.map((t) => [t.network >>> 0, (t.network >>> 0) + 2 ** (32 - t.length) - 1] as const).sort((a, b) => a[0] - b[0]);
  let r = 0;
  for (let i = 0; i < count; ) {
    const start = (network.network >>> 0) + i * size;
    const end = start + size - 1;
    // leases that end before the candidate never meet a later one either
    while (r < ranges.length && (ranges[r] as readonly [number, number])[1] < start) r++;
    const next = ranges[r];
    // the first lease left starts after the candidate: so does every other, the candidate is free
    if (next === undefined || next[0] > end) return { network: start >>> 0, length };
    // taken: on to the first candidate after this lease
    i = Math.floor((next[1] - (network.network >>> 0)) / size) + 1;
  }
  return null;
}

export const leaseFailure = defineRule({
  meta: {
    id: 'flannel/lease-failure',
    title: 'flannel could not acquire a lease for the node',
    severity: 'error',
    messages: {
      noPodCidr: 'flannel on {host} cannot acquire a lease: node {node} has no pod CIDR ({count} attempts), so flannel configures nothing on it',
      failed: 'flannel on {host} cannot register the network: {error} ({count} attempts), so flannel configures nothing on it',
    },
  },
  *check(model) {
    const network = podNetwork(model);
    for (const node of model.nodes.values()) {
      const failures = node.flannel.events.filter(({ event }) => event.event === 'register-network-failed' || event.event === 'lease-failed');
      // a later lease means it recovered
      const last = unrecoveredLeaseFailure(node);
      if (!last) continue;
      const event = last.event as Extract<typeof last.event, { event: 'register-network-failed' | 'lease-failed' }>;
      const podCidrMissing = event.node !== null;
      const named = event.node ?? node.name;
      // the state it explains: flannel.1 without an address, no cni0, no routes to the peers
      const state: Evidence[] = [];
      const link = node.links.get(FLANNEL_DEVICE);
      const addresses = node.addresses.complete[0];
      if (link && addresses && !node.addresses.entries.some((a) => a.device === FLANNEL_DEVICE)) {
        append(state, link.evidence.slice(0, 1));
        state.push(citeAbsence(addresses.source, `an address on ${FLANNEL_DEVICE}`));
      }
      if (addresses && !node.links.has('cni0')) state.push(citeAbsence(addresses.source, 'cni0'));
      const routes = node.routes.complete[0];
      const peers = model.cluster.leases.filter((lease) => lease.node !== node.name);
      if (routes && peers.length > 0 && !node.routes.entries.some((r) => r.dev === FLANNEL_DEVICE)) {
        state.push(citeAbsence(routes.source, `routes via ${FLANNEL_DEVICE} to ${peers.map((p) => p.text).join(', ')}`));
      }
      // taken: every lease, and every subnet the nodes route to as a peer's (a node not shown holds it)
      const taken = [...model.cluster.leases.map((l) => l.subnet), ...model.cluster.peerSubnets.map((p) => p.subnet)];
      const length = model.cluster.leases[0]?.subnet.length ?? 24;
      const free = network && !leaseOf(model.cluster, node.name) ? freeSubnet(network.value, length, taken) : null;
      const cidr = free ? formatPrefix4(free) : `<a free /${length} of the cluster network>`;
      yield {
        messageId: podCidrMissing ? 'noPodCidr' : 'failed', host: node.name,
        data: { host: node.name, node: named, error: event.error, count: failures.length },
        key: 'lease',
        evidence: [...failures.slice(-3).map((f) => f.evidence), ...state],
        objects: { hosts: [node.name], interfaces: [FLANNEL_DEVICE, 'cni0'], subnets: free ? [cidr] : [] },
        fix: podCidrMissing
          // the patch is one word: JSON, single-quoted by sh
          ? [sh`kubectl patch node ${named} -p ${JSON.stringify({ spec: { podCIDR: cidr, podCIDRs: [cidr] } })}`, flannelRestart(node)]
          : [flannelRestart(node)],
        // everything flannel would have programmed on this node towards each peer
        explains: [`flannel-lease:${node.name}`, ...peers.map((lease) => `overlay-path:${node.name}:${lease.text}`)],
      };
    }
  },
});
