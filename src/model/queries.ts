// Questions several rules and the tracer ask of the model, answered once.
import { prefixWithin } from '../core';
import type { Model } from './build';
import type { Link } from './node/facts';
import type { FlannelEvent } from './node/flannel';
import type { NodeSnapshot } from './node/snapshot';

/** flannel's vxlan device (flannel's backend/vxlan: "flannel.<VNI>", VNI 1 by default). */
export const FLANNEL_DEVICE = 'flannel.1';

/** Whether a node takes part in flannel's vxlan overlay, by anything it shows. */
export function isOverlayNode(node: NodeSnapshot): boolean {
  return node.links.has(FLANNEL_DEVICE)
    || node.routes.entries.some((route) => route.dev === FLANNEL_DEVICE)
    || node.neighbors.entries.some((neighbor) => neighbor.dev === FLANNEL_DEVICE)
    || node.flannel.events.length > 0;
}

/**
 * Whether a node belongs to the vxlan overlay: by what it shows (isOverlayNode), or because its
 * peers route its lease (which its own outputs show) over flannel.1 although it shows nothing of
 * flannel (flannel down, its device gone: then every overlay route, neighbour and FDB entry of its
 * own is missing).
 */
export function isOverlayMember(model: Model, node: NodeSnapshot): boolean {
  if (isOverlayNode(node)) return true;
  // its own outputs show the lease (cni0, subnet.env): one inferred by elimination may be a load balancer's
  const lease = model.cluster.leases.find((l) => l.node === node.name);
  if (!lease || lease.inferred) return false;
  for (const peer of model.nodes.values()) {
    if (peer === node) continue;
    if (peer.routes.entries.some((route) => route.dev === FLANNEL_DEVICE && route.type === 'unicast' && route.prefix.length > 0 && prefixWithin(lease.subnet, route.prefix))) return true;
  }
  return false;
}

export function overlayNodes(model: Model): NodeSnapshot[] {
  return [...model.nodes.values()].filter(isOverlayNode);
}

/** flannel's vxlan device names, flannel.<VNI>. */
export const FLANNEL_VXLAN = /^flannel\.(\d{1,8})$/;

/**
 * flannel's vxlan device on a node, flannel.<VNI> (flannel.1 unless net-conf.json sets another VNI),
 * as a listing shows it; with two (a VNI changed without the old device removed), the one the
 * routes use; null when none is shown.
 */
export function flannelVxlanDevice(node: NodeSnapshot): Link | null {
  const devices = [...node.links.values()].filter((link) => FLANNEL_VXLAN.test(link.name) && link.evidence.length > 0);
  if (devices.length <= 1) return devices[0] ?? null;
  return devices.find((link) => node.routes.entries.some((route) => route.dev === link.name)) ?? null;
}

/** The VNI of a flannel device: its vxlan id when shown, else the number in its name. */
export function vniOf(link: Link): number | null {
  if (link.vxlan?.id != null) return link.vxlan.id;
  const digits = FLANNEL_VXLAN.exec(link.name)?.[1];
  return digits === undefined ? null : Number(digits);
}

/**
 * The lease failure a node's flannel log ends in ("failed to acquire lease", "Error registering
 * network"), when no "Lease acquired" follows it: the node holds no lease. Null otherwise.
 */
export function unrecoveredLeaseFailure(node: NodeSnapshot): FlannelEvent | null {
  const events = node.flannel.events;
  for (let i = events.length - 1; i >= 0; i--) {
    const kind = (events[i] as FlannelEvent).event.event;
    if (kind === 'lease-acquired') return null;
    if (kind === 'register-network-failed' || kind === 'lease-failed') return events[i] as FlannelEvent;
  }
  return null;
}
