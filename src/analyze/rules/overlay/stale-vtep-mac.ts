// flannel programs, for each peer, a PERMANENT neighbour entry (VTEP address → VTEP MAC) and an FDB
// entry (VTEP MAC → public IP) on flannel.1 (backend/vxlan vxlan_network.go, AddARP/AddFDB). When a
// peer's flannel.1 is recreated it gets a new MAC; a node still holding the old one sends frames the
// peer's vxlan device drops (the inner destination MAC is not its own).
import { FLANNEL_DEVICE, leaseOf, nodeOfVtep, nodesByClaim, ownClaims, ownUnderlay, ownVtepMac, type Claim, type Evidence, type FdbEntry, type Model, type Neighbor } from '../../../model';
import { sh } from '../../fix-commands';
import { defineRule } from '../rule';

interface Stale {
  neighbors: Neighbor[];
  fdb: FdbEntry[];
}

export const staleVtepMac = defineRule({
  meta: {
    id: 'overlay/stale-vtep-mac',
    title: "A peer's VTEP held with an old MAC",
    severity: 'error',
    messages: {
      stale: "{host} holds {stale} for {peer}'s VTEP ({entries}), but {peer}'s flannel.1 MAC is {mac}: {peer} drops the frames {host} sends it",
      staleFdb: "{host} keeps an FDB entry for {stale} towards {peer} ({dst}), an old MAC of its VTEP ({mac} now): harmless while its neighbour and FDB entries for {mac} are right",
    },
  },
  *check(model) {
    const ownMacs = new Set<string>();
    for (const node of model.cluster.nodes.values()) for (const claim of ownClaims(node, node.vtepMac)) ownMacs.add(claim.value);
    const byUnderlay = nodesByClaim(model.cluster, ownUnderlay);
    for (const node of model.nodes.values()) {
      const stale = new Map<string, Stale>();
      const of = (peer: string): Stale => {
        let entry = stale.get(peer);
        if (!entry) {
          entry = { neighbors: [], fdb: [] };
          stale.set(peer, entry);
        }
        return entry;
      };
      for (const neighbor of node.neighbors.entries) {
        if (neighbor.dev !== FLANNEL_DEVICE || !neighbor.lladdr) continue;
        const peer = nodeOfVtep(model.cluster, neighbor.ip);
        const mac = ownVtepMac(peer ? model.cluster.nodes.get(peer) : undefined);
        if (!peer || peer === node.name || !mac || mac.value === neighbor.lladdr) continue;
        of(peer).neighbors.push(neighbor);
      }
      for (const entry of node.fdb.entries) {
        if (entry.dev !== FLANNEL_DEVICE || !entry.dst || entry.mac === '00:00:00:00:00:00' || ownMacs.has(entry.mac)) continue;
        // an entry towards a peer's public IP for a MAC that is no node's VTEP: the peer's old MAC
        const peer = byUnderlay.get(entry.dst)?.find((other) => other.name !== node.name);
        if (peer && ownVtepMac(peer)) of(peer.name).fdb.push(entry);
      }
      for (const [peer, entries] of stale) yield finding(model, node.name, peer, entries);
    }
  },
});

function finding(model: Model, host: string, peer: string, entries: Stale) {
  const node = model.cluster.nodes.get(peer);
  const mac = ownVtepMac(node) as Claim<string>;
  const underlay = ownUnderlay(node);
  const lease = leaseOf(model.cluster, peer);
  const snapshot = model.nodes.get(host);
  const staleMacs = [...new Set([...entries.neighbors.map((n) => n.lladdr ?? ''), ...entries.fdb.map((f) => f.mac)])];
  const gateway = entries.neighbors[0]?.ip ?? lease?.gateway ?? null;
  const dst = entries.fdb[0]?.dst ?? underlay?.value ?? null;
  // only an old FDB entry beside right ones: frames follow the neighbour entry's MAC, which is right
  const current = snapshot?.fdb.entries.some((f) => f.dev === FLANNEL_DEVICE && f.mac === mac.value) ?? false;
  const harmless = entries.neighbors.length === 0 && current;
  const evidence: Evidence[] = [...entries.neighbors.map((n) => n.evidence), ...entries.fdb.map((f) => f.evidence), ...mac.evidence.slice(0, 1)];
  const fix = [
    ...(gateway && !harmless ? [sh`ip neigh replace ${gateway} lladdr ${mac.value} dev ${FLANNEL_DEVICE} nud permanent`] : []),
    ...entries.fdb.map((f) => sh`bridge fdb del ${f.mac} dev ${FLANNEL_DEVICE}${f.dst === null ? sh`` : sh` dst ${f.dst}`}`),
    ...(!current && underlay ? [sh`bridge fdb append ${mac.value} dev ${FLANNEL_DEVICE} dst ${underlay.value} self permanent`] : []),
  ];
  const where = [...entries.neighbors.map((n) => `neighbour entry for ${n.ip}`), ...entries.fdb.map((f) => `FDB entry towards ${f.dst ?? ''}`)].join(', ');
  return {
    messageId: harmless ? 'staleFdb' as const : 'stale' as const,
    host,
    data: { host, peer, stale: staleMacs.join(', '), mac: mac.value, entries: where, dst: dst ?? undefined },
    key: peer,
    evidence,
    objects: {
      interfaces: [FLANNEL_DEVICE], hosts: [host, peer], macs: [...staleMacs, mac.value],
      addresses: [...(gateway ? [gateway] : []), ...(dst ? [dst] : [])], subnets: lease ? [lease.text] : [],
    },
    fix,
    harmless,
    severity: harmless ? 'warning' as const : 'error' as const,
    explains: harmless ? [] : [`vtep:${host}:${peer}`, ...(lease ? [`overlay-path:${host}:${lease.text}`] : [])],
  };
}
