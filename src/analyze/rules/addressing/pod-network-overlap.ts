// A host network (docker0's bip, a storage or management NIC) inside the cluster's pod network: its
// connected route and local address compete with flannel's routes for the same addresses. Inside a
// peer's lease, the local address is delivered locally instead of to the peer's pod; inside the
// node's own lease, two bridges claim its pods' addresses; elsewhere in the network, a future lease
// collides with it.
import { formatPrefix4, prefixesOverlap, prefixWithin, type Address, type Evidence } from '../../../model';
import { sh } from '../../fix-commands';
import { defineRule } from '../rule';

// devices that belong to the pod network itself (flannel, the CNI bridge, other CNIs' leftovers: residue/leftover-cni-state's)
const POD_DEVICE = /^(?:lo|cni0|flannel\.\d+|flannel-v6\.\d+|tunl0|vxlan\.calico|vxlan-v6\.calico|cali[0-9a-f]{11}|cilium_.*|weave|kube-ipvs0|kube-bridge)$/;

function networkOf(address: Address): { network: number; length: number } {
  const length = address.prefixLength;
  const mask = length === 0 ? 0 : (0xffffffff << (32 - length)) >>> 0;
  return { network: (address.value & mask) >>> 0, length };
}

export const podNetworkOverlap = defineRule({
  meta: {
    id: 'addressing/pod-network-overlap',
    title: 'A host network overlapping the pod network',
    severity: 'error',
    messages: {
      peerLease: "{device} on {host} holds {cidr}, whose network {network} lies in {peer}'s pod subnet {subnet}: {host} takes {peer}'s pod addresses for its own",
      ownLease: "{device} on {host} holds {cidr}, whose network {network} overlaps {host}'s own pod subnet {subnet}: two devices claim its pods' addresses",
      insideNetwork: '{device} on {host} holds {cidr}, whose network {network} lies inside the pod network {podNetwork}{inferred}: a lease that covers it collides with it',
      containsNetwork: '{device} on {host} holds {cidr}, whose network {network} contains the pod network {podNetwork}{inferred}: hosts of that network inside it are unreachable from {host}',
    },
  },
  *check(model) {
    const cluster = model.cluster;
    const podNetwork = cluster.network;
    for (const node of model.nodes.values()) {
      for (const address of node.addresses.entries) {
        if (address.prefixLength >= 32 || address.prefixLength === 0 || POD_DEVICE.test(address.device)) continue;
        const prefix = networkOf(address);
        const network = formatPrefix4(prefix);
        const base = { host: node.name, device: address.device, cidr: address.cidr, network };
        const fix = address.device === 'docker0'
          ? [sh`ip addr del ${address.cidr} dev docker0`, sh`jq '.bip = "172.17.0.1/16"' /etc/docker/daemon.json > /etc/docker/daemon.json.new && mv /etc/docker/daemon.json.new /etc/docker/daemon.json`, sh`systemctl restart docker`]
          : [sh`ip addr del ${address.cidr} dev ${address.device}`];
        const lease = cluster.leases.find((l) => prefixWithin(prefix, l.subnet));
        if (lease) {
          const own = lease.node === node.name;
          const evidence: Evidence[] = [address.evidence, ...lease.claims.flatMap((c) => c.evidence).slice(0, 1)];
          yield {
            messageId: own ? 'ownLease' as const : 'peerLease' as const, host: node.name,
            data: { ...base, subnet: lease.text, peer: lease.node }, key: address.cidr,
            evidence,
            objects: { interfaces: [address.device], addresses: [address.ip], subnets: [network, lease.text], hosts: own ? [node.name] : [node.name, lease.node] },
            fix,
            // the local address inside the lease is this finding's doing (overlay/address-conflict reports it)
            explains: [`address:${node.name}:${address.ip}`],
          };
          continue;
        }
        if (!podNetwork || !prefixesOverlap(prefix, podNetwork.value)) continue;
        const inside = prefixWithin(prefix, podNetwork.value);
        yield {
          messageId: inside ? 'insideNetwork' as const : 'containsNetwork' as const, host: node.name, severity: 'warning' as const,
          data: { ...base, podNetwork: formatPrefix4(podNetwork.value), inferred: podNetwork.inferred ? ` (inferred: ${podNetwork.via})` : '' },
          key: address.cidr,
          evidence: [address.evidence, ...podNetwork.evidence.slice(0, 1)],
          objects: { interfaces: [address.device], addresses: [address.ip], subnets: [network, formatPrefix4(podNetwork.value)], hosts: [node.name] },
          fix,
          explains: [`address:${node.name}:${address.ip}`],
        };
      }
    }
  },
});
