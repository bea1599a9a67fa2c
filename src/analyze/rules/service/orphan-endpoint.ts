// A service endpoint inside the pod network but in no node's pod subnet, and no pod list shows it:
// no node routes to it (flannel routes only leases), so the connections kube-proxy sends there are
// lost. A pod that is gone, left in a KUBE-SEP chain, an IPVS real server (kube-proxy's IPVS mode) or a
// hand-written Endpoints/EndpointSlice.
import {
  citePodAbsence, ipvsServiceLabel, ipvsServiceOwner, kubectlEndpoints, leaseContaining, leaseOf, podAddresses, podNetwork, inPrefix, proxiedServices, parsePrefix4,
  type Evidence,
} from '../../../model';
import { sh } from '../../fix-commands';
import { defineRule } from '../rule';

interface Orphan {
  address: string;
  services: Set<string>;
  /** namespace/name of the service, for the fix */
  owners: Set<string>;
  hosts: Set<string>;
  evidence: Evidence[];
}

export const orphanEndpoint = defineRule({
  meta: {
    id: 'service/orphan-endpoint',
    title: "A service endpoint in no node's pod subnet",
    severity: 'error',
    messages: {
      orphan: '{services} sends connections to {address}, which lies in no node\'s pod subnet and no pod list shows',
    },
  },
  *check(model) {
    // every node's lease must be known: an address in the subnet of a node whose outputs show none is not an orphan
    if (model.cluster.leases.length === 0 || [...model.cluster.nodes.keys()].some((name) => !leaseOf(model.cluster, name))) return;
    const network = podNetwork(model);
    // without the network, an address counts as a pod address when a /16 around some lease holds it
    const wide = model.cluster.leases.map((lease) => parsePrefix4(`${lease.gateway}/16`)).filter((p) => p !== null);
    const isPodNetwork = (address: string): boolean => (network ? inPrefix(network.value, address) : wide.some((p) => inPrefix(p, address)));
    const nodeAddresses = new Set<string>();
    for (const node of model.nodes.values()) for (const a of node.addresses.entries) nodeAddresses.add(a.ip);
    for (const node of model.cluster.nodes.values()) for (const c of node.underlay) nodeAddresses.add(c.value);
    const pods = new Set(podAddresses(model).map((p) => p.ip));
    const orphans = new Map<string, Orphan>();
    // whether an address is no node's and no pod's, decided once per address (each endpoint is on every node)
    const decided = new Map<string, boolean>();
    const isOrphan = (address: string): boolean => {
      let orphan = decided.get(address);
      if (orphan === undefined) {
        orphan = isPodNetwork(address) && !nodeAddresses.has(address) && !pods.has(address) && !leaseContaining(model.cluster, address)
          // a subnet some node routes to over the overlay belongs to a node, even one whose outputs are missing
          && !model.cluster.peerSubnets.some((peer) => inPrefix(peer.subnet, address));
        decided.set(address, orphan);
      }
      return orphan;
    };
    const consider = (address: string, service: string, owner: string | null, host: string | null, evidence: Evidence[]): void => {
      if (!isOrphan(address)) return;
      const orphan = orphans.get(address) ?? { address, services: new Set(), owners: new Set(), hosts: new Set(), evidence: [] };
      orphan.services.add(service);
      if (owner !== null) orphan.owners.add(owner);
      if (host) orphan.hosts.add(host);
      for (const item of evidence) orphan.evidence.push(item);
      orphans.set(address, orphan);
    };
    for (const node of model.nodes.values()) {
      for (const service of proxiedServices(node)) {
        for (const endpoint of [...(service.endpoints ?? []), ...(service.localEndpoints ?? [])]) {
          consider(endpoint.address, service.name, `${service.namespace}/${service.service}`, node.name, endpoint.evidence);
        }
      }
    }
    // IPVS real servers that take new connections (weight 0: only the connections they hold)
    for (const node of model.nodes.values()) {
      for (const virtual of node.ipvs?.services ?? []) {
        const owner = ipvsServiceOwner(model, node, virtual);
        const name = ipvsServiceLabel(model, node, virtual);
        for (const server of virtual.realServers) {
          if (server.weight !== 0) consider(server.address, name, owner ? `${owner.service.namespace ?? 'default'}/${owner.service.name}` : null, node.name, [server.evidence]);
        }
      }
    }
    for (const set of kubectlEndpoints(model)) {
      const owner = `${set.namespace ?? 'default'}/${set.service}`;
      for (const address of set.addresses) {
        // the port name is not in kubectl's table: a rule-side name of the same service wins
        const named = orphans.get(address.address) && [...(orphans.get(address.address)?.services ?? [])].find((s) => s === owner || s.startsWith(`${owner}:`));
        consider(address.address, named ?? owner, owner, null, [set.evidence]);
      }
    }
    for (const orphan of orphans.values()) {
      const owners = [...orphan.owners];
      yield {
        messageId: 'orphan', host: null,
        data: { services: [...orphan.services].join(', '), address: orphan.address },
        key: orphan.address,
        evidence: [...orphan.evidence, ...citePodAbsence(model, orphan.address), ...(network?.evidence ?? [])],
        objects: { services: [...orphan.services], addresses: [orphan.address], hosts: [...orphan.hosts] },
        // without a service that names it (an IPVS real server kubectl does not place), kube-proxy's sources
        fix: owners.length === 0 ? [sh`kubectl get endpointslices -A -o wide`] : owners.flatMap((owner) => {
          const [namespace, name] = owner.split('/');
          return [
            sh`kubectl -n ${namespace ?? 'default'} get endpointslices -l ${`kubernetes.io/service-name=${name ?? ''}`} -o yaml`,
            sh`kubectl -n ${namespace ?? 'default'} describe service ${name ?? ''}`,
          ];
        }),
        explains: [`endpoint:${orphan.address}`],
      };
    }
  },
});
