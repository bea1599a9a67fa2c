// Synthetic: a cluster whose flannel programmed nothing on any node — each node shows its cni0
// route, its flannel.1 address and MAC, and empty neighbour and FDB listings of flannel.1.
import type { Commands } from './rule-cases';

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
