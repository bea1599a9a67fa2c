// vxlan adds 50 bytes to every frame (outer IPv4 20, UDP 8, VXLAN 8, inner Ethernet 14), so flannel
// makes flannel.1 the underlay's MTU less 50 (backend/vxlan) and writes it to subnet.env
// (FLANNEL_MTU), whence the CNI plugin sets cni0 and the pods' veths. A larger flannel.1 sends
// frames the underlay cannot carry whole; a larger cni0 or veth sends pods' packets flannel.1 cannot
// take; a flannel.1 that differs between nodes makes one side's full-size packets too big for the other.
import { FLANNEL_DEVICE, ownUnderlay, type Evidence, type Link, type NodeSnapshot } from '../../../model';
import { sh } from '../../fix-commands';
import { MAX_OTHERS } from '../../bounded';
import { defineRule } from '../rule';

const VXLAN_OVERHEAD = 50;

/** The device flannel.1 sends over: its vxlan "dev", else the device holding its local address or the node's public IP. */
function underlayOf(node: NodeSnapshot, publicIp: string | null): Link | null {
  const flannel = node.links.get(FLANNEL_DEVICE);
  const byDev = flannel?.vxlan?.dev ? node.links.get(flannel.vxlan.dev) : undefined;
  if (byDev) return byDev;
  const ip = flannel?.vxlan?.local ?? publicIp;
  const address = ip ? node.addresses.entries.find((a) => a.ip === ip) : undefined;
  return address ? node.links.get(address.device) ?? null : null;
}

export const mtuMismatch = defineRule({
  meta: {
    id: 'mtu/mismatch',
    title: 'MTUs of the underlay, flannel.1, cni0 and pod veths do not fit',
    severity: 'error',
    messages: {
      vxlanTooLarge: 'flannel.1 on {host} has MTU {mtu} over {underlay} with MTU {underlayMtu}: a full frame needs {needed} once encapsulated (at most {limit} fits)',
      // one device or several ("cni0", "cni0, veth0c1d2e3f"): the sentence agrees with either
      bridgeTooLarge: 'the MTU of {devices} on {host} is {mtu}, more than flannel.1\'s {limit}: pods send packets flannel.1 cannot carry whole',
      acrossNodes: "flannel.1 on {host} has MTU {mtu} where the other nodes' have {others}: full-size packets between them do not fit",
    },
  },
  *check(model) {
    const flannelMtus = new Map<string, { mtu: number; link: Link }>();
    const flagged = new Set<string>();
    for (const node of model.nodes.values()) {
      const flannel = node.links.get(FLANNEL_DEVICE);
      if (!flannel?.mtu) continue;
      flannelMtus.set(node.name, { mtu: flannel.mtu, link: flannel });
      const underlay = underlayOf(node, ownUnderlay(model.cluster.nodes.get(node.name))?.value ?? null);
      if (underlay?.mtu && flannel.mtu > underlay.mtu - VXLAN_OVERHEAD) {
        flagged.add(node.name);
        const limit = underlay.mtu - VXLAN_OVERHEAD;
        yield {
          messageId: 'vxlanTooLarge' as const, host: node.name,
          data: { host: node.name, mtu: flannel.mtu, underlay: underlay.name, underlayMtu: underlay.mtu, needed: flannel.mtu + VXLAN_OVERHEAD, limit },
          key: FLANNEL_DEVICE,
          evidence: [...flannel.evidence.slice(0, 1), ...underlay.evidence.slice(0, 1)],
          objects: { interfaces: [FLANNEL_DEVICE, underlay.name], hosts: [node.name] },
          fix: [sh`ip link set ${FLANNEL_DEVICE} mtu ${limit}`, sh`kubectl delete pods --all-namespaces --field-selector spec.nodeName=${node.name}`],
          explains: [`mtu:${node.name}`],
        };
      }
      // cni0 and the pods' veths (cni0's ports) must not exceed flannel.1
      const limit = Math.min(flannel.mtu, underlay?.mtu ? underlay.mtu - VXLAN_OVERHEAD : flannel.mtu);
      const bridge = node.links.get('cni0');
      const ports = [...node.links.values()].filter((link) => link.master === 'cni0' && link.mtu !== null && link.mtu > limit);
      const large = [...(bridge?.mtu && bridge.mtu > limit ? [bridge] : []), ...ports];
      if (large.length === 0) continue;
      const evidence: Evidence[] = [...large.flatMap((link) => link.evidence.slice(0, 1)), ...flannel.evidence.slice(0, 1)];
      yield {
        messageId: 'bridgeTooLarge' as const, host: node.name,
        data: { host: node.name, devices: large.map((link) => link.name).join(', '), mtu: [...new Set(large.map((link) => link.mtu))].join('/'), limit },
        key: large[0]?.name ?? 'cni0',
        evidence,
        objects: { interfaces: large.map((link) => link.name), hosts: [node.name] },
        fix: [...large.map((link) => sh`ip link set ${link.name} mtu ${limit}`), sh`kubectl delete pods --all-namespaces --field-selector spec.nodeName=${node.name}`],
        explains: [`mtu:${node.name}`],
      };
    }
    // across nodes: the odd one out (by the most common flannel.1 MTU), unless already reported
    const counts = new Map<number, number>();
    for (const { mtu } of flannelMtus.values()) counts.set(mtu, (counts.get(mtu) ?? 0) + 1);
    if (counts.size < 2) return;
    const sorted = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    // the most common MTU, the smaller one on a tie: a larger one is what does not fit
    const [common] = sorted[0] ?? [0];
    for (const [host, { mtu, link }] of flannelMtus) {
      if (flagged.has(host) || mtu === common) continue;
      const others = [...flannelMtus].filter(([name]) => name !== host);
      yield {
        messageId: 'acrossNodes' as const, host, severity: 'warning' as const,
        data: { host, mtu, others: [...new Set(others.map(([, o]) => o.mtu))].join('/') },
        key: `${FLANNEL_DEVICE} across nodes`,
        evidence: [...link.evidence.slice(0, 1), ...others.flatMap(([, o]) => o.link.evidence.slice(0, 1)).slice(0, 2)],
        objects: { interfaces: [FLANNEL_DEVICE], hosts: [host, ...others.slice(0, MAX_OTHERS).map(([name]) => name)] },
        fix: [sh`ip link set ${FLANNEL_DEVICE} mtu ${Math.min(...others.map(([, o]) => o.mtu), mtu)}`],
        explains: [`mtu:${host}`],
      };
    }
  },
});
