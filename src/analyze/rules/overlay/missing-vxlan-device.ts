// flannel's vxlan backend creates flannel.<VNI> when it starts, and every route, neighbour and FDB entry
// it programs goes through it. A node whose own command says the device is not there ("Cannot find
// device "flannel.1"", "Device "flannel.1" does not exist.") takes no part in the overlay: its missing
// routes, neighbours and FDB entries are this, not faults of their own.
import { failureMessage } from '../../../core';
import { citeAbsence, citeFailure, FLANNEL_VXLAN, type Evidence, type NodeSnapshot, type ParsedSection } from '../../../model';
import { prefixWithin } from '../../../core';
import { flannelRestart } from '../../fix-commands';
import { defineRule } from '../rule';

/** Evidence of the device on the node: the link itself, or a route, neighbour or FDB entry on it. */
function deviceEvidence(node: NodeSnapshot, device: string): Evidence[] {
  const out: Evidence[] = [...(node.links.get(device)?.evidence ?? [])];
  for (const route of node.routes.entries) if (route.dev === device) out.push(route.evidence);
  for (const neighbor of node.neighbors.entries) if (neighbor.dev === device) out.push(neighbor.evidence);
  for (const entry of node.fdb.entries) if (entry.dev === device) out.push(entry.evidence);
  return out;
}

function sameOrigin(a: Evidence['origin'], b: Evidence['origin']): boolean {
  return a.kind === 'paste' ? b.kind === 'paste' && a.input === b.input : b.kind === 'file' && a.path === b.path && a.report === b.report;
}

/** The index among the node's sections of the one that holds the evidence, -1 when none does. */
function sectionOf(sections: readonly ParsedSection[], evidence: Evidence): number {
  return sections.findIndex(({ section }) => sameOrigin(section.origin, evidence.origin)
    && evidence.span.offset >= section.span.offset && evidence.span.offset <= section.span.offset + section.span.length);
}

/**
 * Whether a section lists every network device of its node, so that a device it lacks is absent:
 * `ip link` / `ip addr` (also -d, -s, -br, -o) without a device, selector or address family (`ip -4
 * addr` leaves out the devices without an IPv4 address), and `ifconfig -a` (plain ifconfig only the
 * devices that are up); not cut by a pipe, not an error.
 */
function listsEveryDevice(source: ParsedSection): boolean {
  const { section } = source;
  if (section.partial || section.failure !== undefined || source.records.length === 0) return false;
  const words = (section.command ?? '').split(/\s+/).filter((word) => word !== '');
  if (section.format === 'ifconfig') {
    const at = words.findIndex((word) => word === 'ifconfig' || word.endsWith('/ifconfig'));
    const rest = words.slice(at + 1);
    return at !== -1 && rest.includes('-a') && rest.every((word) => word.startsWith('-'));
  }
  if (section.format !== 'ip-link' && section.format !== 'ip-addr') return false;
  if (section.options?.['dev'] !== undefined || section.options?.['filter'] !== undefined) return false;
  return section.format === 'ip-link' || !words.some((word) => ['-4', '-6', '-f', '-family', '-M', '-B'].includes(word));
}

export const missingVxlanDevice = defineRule({
  meta: {
    id: 'overlay/missing-vxlan-device',
    title: "flannel's vxlan device does not exist on a node",
    severity: 'error',
    messages: {
      missing: '{host} has no {device} device ({command} printed "{message}"): it is out of the vxlan overlay that runs on {peers}',
      gone: '{host} no longer has its {device} device: {command} printed "{message}" after {earlier} showed it; it is out of the vxlan overlay that runs on {peers}',
      absent: '{host} has no {device} device ({command} lists every device, not {device}): it is out of the vxlan overlay that runs on {peers}',
      absentGone: '{host} no longer has its {device} device: {command} lists every device, not {device}, after {earlier} showed it; it is out of the vxlan overlay that runs on {peers}',
    },
  },
  *check(model) {
    const config = model.cluster.flannelConfig;
    // another backend (host-gw, wireguard…) makes no vxlan device; a VNI other than 1 names another
    if (config?.backend != null && config.backend.toLowerCase() !== 'vxlan') return;
    const configured = config?.vni != null ? `flannel.${config.vni}` : null;
    const nodes = [...model.nodes.values()];
    for (const node of nodes) {
      // the last error of each flannel vxlan device the node's commands name
      const failed = new Map<string, number>();
      node.sections.forEach(({ section }, index) => {
        const subject = section.failure?.kind === 'no-device' ? section.failure.subject : null;
        if (subject !== null && FLANNEL_VXLAN.test(subject)) failed.set(subject, index);
      });
      for (const [device, index] of failed) {
        if (configured !== null && device !== configured) continue;
        // the overlay runs over this device: peers show it; or the cluster's config names it and the node
        // is one of the cluster's (a lease, its flannel log: not a load balancer with no flannel); or the
        // node's own flannel log started vxlan with this VNI
        const peers = nodes.filter((peer) => peer !== node && deviceEvidence(peer, device).length > 0);
        const lease = model.cluster.leases.find((l) => l.node === node.name);
        const logged = node.flannel.events.filter((e) => e.event.event === 'vxlan-config').at(-1);
        const loggedDevice = logged?.event.event === 'vxlan-config' ? `flannel.${logged.event.vni}` : null;
        // a node of the cluster: it holds a lease or shows flannel's log (not a load balancer beside it)
        const member = lease !== undefined || node.flannel.events.length > 0;
        const byConfig = configured === device && member;
        if (!member || (peers.length === 0 && !byConfig && loggedDevice !== device)) continue;
        // the node's own listings: one after the error shows the device back (a restart); one before, that it went
        const shown = deviceEvidence(node, device).map((evidence) => ({ evidence, at: sectionOf(node.sections, evidence) }));
        if (shown.some(({ at }) => at > index)) continue;
        const before = shown.filter(({ at }) => at !== -1 && at < index).sort((a, b) => b.at - a.at)[0];
        const source = node.sections[index] as ParsedSection;
        const { section } = source;
        const failure = section.failure as NonNullable<typeof section.failure>;
        const said = citeFailure(source) as Evidence;
        const peerEvidence = peers[0] ? deviceEvidence(peers[0], device)[0] : byConfig ? config?.evidence[0] : logged?.evidence;
        const where = byConfig ? config?.where ?? 'flannel config' : 'its flannel log';
        const others = model.cluster.leases.filter((l) => l.node !== node.name);
        yield {
          messageId: before ? 'gone' : 'missing',
          host: node.name,
          data: {
            host: node.name, device, command: section.command ?? '(a command)', message: failureMessage(failure),
            ...(before ? { earlier: before.evidence.command ?? 'an earlier output' } : {}),
            peers: peers.length > 0 ? peers.map((peer) => peer.name).sort().join(', ') : `the other nodes (${where})`,
          },
          key: device,
          evidence: [said, ...(before ? [before.evidence] : []), ...(lease?.claims[0]?.evidence.slice(0, 1) ?? []), ...(peerEvidence ? [peerEvidence] : [])],
          objects: { interfaces: [device], hosts: [node.name, ...peers.map((peer) => peer.name)], subnets: lease ? [lease.text] : [] },
          fix: [flannelRestart(node)],
          // every overlay path of the node goes through the device: their missing pieces are this
          explains: others.map((l) => `overlay-path:${node.name}:${l.text}`),
        };
      }
      // no command failed, but the node's last listing of every device lacks the one its peers route over
      let listed = -1;
      node.sections.forEach((source, index) => {
        if (listsEveryDevice(source)) listed = index;
      });
      if (listed === -1) continue;
      const lease = model.cluster.leases.find((l) => l.node === node.name);
      if (lease === undefined || lease.inferred) continue;
      const devices = new Set<string>();
      for (const peer of nodes) {
        if (peer === node) continue;
        for (const route of peer.routes.entries) {
          if (route.dev !== null && FLANNEL_VXLAN.test(route.dev) && route.type === 'unicast' && route.prefix.length > 0 && prefixWithin(lease.subnet, route.prefix)) devices.add(route.dev);
        }
      }
      for (const device of devices) {
        if (failed.has(device) || (configured !== null && device !== configured)) continue;
        const shown = deviceEvidence(node, device).map((evidence) => ({ evidence, at: sectionOf(node.sections, evidence) }));
        if (shown.some(({ at }) => at >= listed || at === -1)) continue;
        const before = shown.sort((a, b) => b.at - a.at)[0];
        const peers = nodes.filter((peer) => peer !== node && deviceEvidence(peer, device).length > 0);
        const source = node.sections[listed] as ParsedSection;
        const others = model.cluster.leases.filter((l) => l.node !== node.name);
        const peerRoute = peers.flatMap((peer) => peer.routes.entries.filter((route) => route.dev === device && prefixWithin(lease.subnet, route.prefix))).at(0);
        yield {
          messageId: before ? 'absentGone' : 'absent',
          host: node.name,
          data: {
            host: node.name, device, command: source.section.command ?? '(a listing)',
            ...(before ? { earlier: before.evidence.command ?? 'an earlier output' } : {}),
            peers: peers.map((peer) => peer.name).sort().join(', '),
          },
          key: device,
          evidence: [citeAbsence(source, `${device} (flannel's vxlan device)`), ...(before ? [before.evidence] : []), ...(peerRoute ? [peerRoute.evidence] : [])],
          objects: { interfaces: [device], hosts: [node.name, ...peers.map((peer) => peer.name)], subnets: [lease.text] },
          fix: [flannelRestart(node)],
          explains: others.map((l) => `overlay-path:${node.name}:${l.text}`),
        };
      }
    }
  },
});
