// flannel's vxlan backend creates flannel.<VNI> when it starts, and every route, neighbour and FDB entry
// it programs goes through it. A node whose own command says the device is not there ("Cannot find
// device "flannel.1"", "Device "flannel.1" does not exist.") takes no part in the overlay: its missing
// routes, neighbours and FDB entries are this, not faults of their own.
import { isOverlayNode, type Evidence, type NodeSnapshot } from '../../../model';
import { flannelRestart } from '../../fix-commands';
import { defineRule } from '../rule';

const FLANNEL_VXLAN = /^flannel\.\d{1,8}$/;

/** The command output that says the device is missing, cited at the message itself. */
function failureEvidence(node: NodeSnapshot, device: string): { evidence: Evidence; command: string; message: string } | null {
  for (let i = node.sections.length - 1; i >= 0; i--) {
    const { section, host } = node.sections[i] as NodeSnapshot['sections'][number];
    const failure = section.failure;
    if (failure?.kind !== 'no-device' || failure.subject !== device) continue;
    const message = failure.text.split('\n')[0] ?? failure.text;
    return {
      evidence: { host, origin: section.origin, format: section.format, command: section.command, span: failure.span, text: failure.text },
      command: section.command ?? '(a command)',
      message,
    };
  }
  return null;
}

function showsDevice(node: NodeSnapshot, device: string): boolean {
  return node.links.has(device)
    || node.routes.entries.some((route) => route.dev === device)
    || node.neighbors.entries.some((neighbor) => neighbor.dev === device)
    || node.fdb.entries.some((entry) => entry.dev === device);
}

export const missingVxlanDevice = defineRule({
  meta: {
    id: 'overlay/missing-vxlan-device',
    title: "flannel's vxlan device does not exist on a node",
    severity: 'error',
    messages: {
      missing: '{host} has no {device} device ({command} printed "{message}"): it is out of the vxlan overlay that runs on {peers}',
    },
  },
  *check(model) {
    const overlay = [...model.nodes.values()].filter(isOverlayNode);
    for (const node of model.nodes.values()) {
      const devices = new Set<string>();
      for (const { section } of node.sections) {
        const subject = section.failure?.kind === 'no-device' ? section.failure.subject : null;
        if (subject !== null && FLANNEL_VXLAN.test(subject)) devices.add(subject);
      }
      for (const device of devices) {
        // a listing that shows the device, or a route, neighbour or FDB entry on it (a snapshot before it
        // went, or after a restart): the outputs disagree in time, and history tells, not this rule
        if (showsDevice(node, device)) continue;
        const peers = overlay.filter((peer) => peer !== node && peer.links.has(device));
        const lease = model.cluster.leases.find((l) => l.node === node.name);
        // nothing says this is a flannel vxlan cluster: a name is not enough
        if (peers.length === 0 && lease === undefined && node.flannel.events.length === 0) continue;
        const said = failureEvidence(node, device);
        if (!said) continue;
        const peerLink = peers[0]?.links.get(device)?.evidence[0];
        const leaseClaim = lease?.claims[0]?.evidence[0];
        const others = model.cluster.leases.filter((l) => l.node !== node.name);
        yield {
          messageId: 'missing',
          host: node.name,
          data: {
            host: node.name, device, command: said.command, message: said.message,
            peers: peers.length > 0 ? peers.map((peer) => peer.name).sort().join(', ') : 'the other nodes',
          },
          key: device,
          evidence: [said.evidence, ...(leaseClaim ? [leaseClaim] : []), ...(peerLink ? [peerLink] : [])],
          objects: { interfaces: [device], hosts: [node.name, ...peers.map((peer) => peer.name)], subnets: lease ? [lease.text] : [] },
          fix: [flannelRestart(node)],
          // every overlay path of the node goes through the device: their missing pieces are this
          explains: others.map((l) => `overlay-path:${node.name}:${l.text}`),
        };
      }
    }
  },
});
