// A local address equal to a peer's VTEP gateway (the .0 of its lease that flannel routes via)
// makes the kernel refuse the overlay route via it (fib_check_nh: a gateway that is a local
// address is EINVAL, "Nexthop has invalid gateway"); elsewhere in the peer's subnet it hijacks
// that one address, which is then delivered locally instead of to the pod.
import { bestClaim, citeAbsence, coversDevice, FLANNEL_DEVICE, leaseContaining, leaseOf, type Evidence } from '../../../model';
import { flannelRestart, sh } from '../../fix-commands';
import { defineRule } from '../rule';
import { append } from '../../../core';

export const addressConflict = defineRule({
  meta: {
    id: 'overlay/address-conflict',
    title: "Local address inside a peer node's pod subnet",
    severity: 'error',
    messages: {
      gatewayConflict: '{address} on {device} is the VTEP gateway of {peer}\'s pod subnet {subnet}: the kernel refuses the route {subnet} via {address} dev flannel.1, so {host} cannot reach {peer}\'s pods',
      insideSubnet: '{address} on {device} lies in {peer}\'s pod subnet {subnet}: {host} delivers packets for {address} to itself instead of to {peer}',
    },
  },
  *check(model) {
    for (const node of model.nodes.values()) {
      const own = leaseOf(model.cluster, node.name);
      for (const address of node.addresses.entries) {
        const lease = leaseContaining(model.cluster, address.ip, { except: node.name });
        if (!lease || (own && own.text === lease.text)) continue;
        const link = node.links.get(address.device);
        const gateway = address.ip === lease.gateway;
        const evidence: Evidence[] = [address.evidence, ...lease.claims.flatMap((claim) => claim.evidence).slice(0, 2)];
        if (gateway) append(evidence, consequences(model, node.name, lease.text, lease.gateway, lease.node));
        const removal = link?.kind === 'ipip' && address.device === 'tunl0'
          ? [sh`ip addr del ${`${address.ip}/${address.prefixLength}`} dev tunl0`]
          : [sh`ip addr del ${`${address.ip}/${address.prefixLength}`} dev ${address.device}`];
        yield {
          messageId: gateway ? 'gatewayConflict' : 'insideSubnet',
          host: node.name,
          data: { host: node.name, address: address.ip, device: address.device, subnet: lease.text, peer: lease.node },
          key: address.ip,
          evidence,
          objects: { addresses: [address.ip], subnets: [lease.text], interfaces: [address.device], hosts: [node.name, lease.node] },
          fix: gateway ? [...removal, flannelRestart(node)] : removal,
          explains: gateway ? [`overlay-path:${node.name}:${lease.text}`] : [`address-hijack:${node.name}:${address.ip}`],
          // the address may be a device's network (addressing/pod-network-overlap) or an old cni0 (lease/cni0-outside-lease)
          effectOf: [`address:${node.name}:${address.ip}`],
        };
      }
    }
  },
});

/** What the refused route left behind on the node: flannel's error, and the absent route, neighbour and FDB entry. */
function consequences(model: import('../../../model').Model, host: string, subnet: string, gateway: string, peer: string): Evidence[] {
  const node = model.nodes.get(host);
  if (!node) return [];
  const out: Evidence[] = [];
  for (const { event, evidence } of node.flannel.events) {
    if ((event.event === 'route-add-failed' || event.event === 'route-delete-failed') && event.subnet === subnet) out.push(evidence);
  }
  const routed = node.routes.entries.some((route) => route.network === subnet && route.dev === FLANNEL_DEVICE);
  const routeListing = node.routes.complete.find((listing) => listing.dev === null || listing.dev === FLANNEL_DEVICE);
  if (!routed && routeListing) out.push(citeAbsence(routeListing.source, `${subnet} via ${gateway} dev ${FLANNEL_DEVICE} onlink`));
  const mac = bestClaim(model.cluster.nodes.get(peer)?.vtepMac ?? [])?.value;
  const neighborListing = node.neighbors.complete.find((listing) => listing.dev === null || listing.dev === FLANNEL_DEVICE);
  if (neighborListing && coversDevice(node.neighbors, FLANNEL_DEVICE) && !node.neighbors.entries.some((n) => n.ip === gateway && n.dev === FLANNEL_DEVICE)) {
    out.push(citeAbsence(neighborListing.source, `${gateway} lladdr ${mac ?? `<${peer}'s VTEP MAC>`} dev ${FLANNEL_DEVICE} PERMANENT`));
  }
  const fdbListing = node.fdb.complete[0];
  if (mac && fdbListing && !node.fdb.entries.some((entry) => entry.mac === mac && entry.dev === FLANNEL_DEVICE)) {
    const dst = bestClaim(model.cluster.nodes.get(peer)?.underlay ?? [])?.value ?? `<${peer}'s IP>`;
    out.push(citeAbsence(fdbListing.source, `${mac} dev ${FLANNEL_DEVICE} dst ${dst} self permanent`));
  }
  return out;
}
