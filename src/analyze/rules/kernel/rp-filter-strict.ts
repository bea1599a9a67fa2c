// Strict reverse-path filtering (rp_filter = 1, RFC 3704) on flannel.1 or the underlay device. The
// kernel applies max(conf/all/rp_filter, conf/<dev>/rp_filter) to packets arriving on <dev>
// (Documentation/networking/ip-sysctl.rst, rp_filter; net/ipv4/fib_frontend.c fib_validate_source):
// in strict mode it looks up the route back to the packet's source and drops the packet unless that
// route leaves by the device the packet came in on; loose mode (2) only needs some route back.
import {
  bestClaim, effectiveRpFilter, FLANNEL_DEVICE, findRoute, isOverlayNode, ownUnderlay, sysctlKey, type Evidence, type NodeSnapshot, type Route,
} from '../../../model';
import { sh } from '../../fix-commands';
import { defineRule } from '../rule';

/** The device flannel's vxlan packets come in on: flannel.1's `dev`, or the device holding the node's underlay IP. */
function underlayDevice(node: NodeSnapshot, underlayIp: string | null): string | null {
  const vxlanDev = node.links.get(FLANNEL_DEVICE)?.vxlan?.dev;
  if (vxlanDev) return vxlanDev;
  return node.addresses.entries.find((a) => a.ip === underlayIp)?.device ?? null;
}

const shown = (route: Route): string => `${route.type === 'unicast' ? '' : `${route.type} `}${route.prefix.length === 0 ? 'default' : route.network}${route.gateway ? ` via ${route.gateway}` : ''}${route.dev ? ` dev ${route.dev}` : ''}`;

export const rpFilterStrict = defineRule({
  meta: {
    id: 'kernel/rp-filter-strict',
    title: 'Strict reverse-path filtering on flannel.1 or the underlay',
    severity: 'warning',
    messages: {
      strict: 'rp_filter is strict on {device} of {host} (max of all = {all} and {device} = {own}): a packet arriving on {device} is dropped unless the route back to its source leaves by {device} ({sources})',
      asymmetric: '{host} drops packets from {source} arriving on {device}: rp_filter is strict there (max of all = {all} and {device} = {own}) and the route back to {source} is {back}',
    },
  },
  *check(model) {
    for (const node of model.nodes.values()) {
      if (!isOverlayNode(node)) continue;
      const self = model.cluster.nodes.get(node.name);
      const underlayIp = ownUnderlay(self)?.value ?? null;
      const underlay = underlayDevice(node, underlayIp);
      const routed = node.routes.complete.some((listing) => listing.dev === null && listing.entries.length > 0);
      for (const device of [FLANNEL_DEVICE, ...(underlay && underlay !== FLANNEL_DEVICE ? [underlay] : [])]) {
        const rp = effectiveRpFilter(node, device);
        if (rp?.value !== 1) continue;
        const all = node.sysctls.get('net.ipv4.conf.all.rp_filter')?.value ?? '';
        const own = node.sysctls.get(sysctlKey('net', 'ipv4', 'conf', device, 'rp_filter'))?.value ?? '';
        const evidence: Evidence[] = [rp.all, rp.device];
        const common = { host: node.name, objects: { hosts: [node.name], interfaces: [device] } };
        const fix = [sh`sysctl -w net.ipv4.conf.all.rp_filter=2`, sh`sysctl -w ${sysctlKey('net', 'ipv4', 'conf', device, 'rp_filter')}=2`];
        // the sources that arrive on the device, and where the route back to each goes
        const sources = device === FLANNEL_DEVICE
          ? model.cluster.leases.filter((lease) => lease.node !== node.name).map((lease) => ({ label: `${lease.node}'s pods (${lease.text})`, address: lease.gateway, effect: `overlay-path:${node.name}:${lease.text}` }))
          : [...model.cluster.nodes.values()].filter((peer) => peer.name !== node.name).flatMap((peer) => {
            const ip = bestClaim(peer.underlay)?.value;
            return ip ? [{ label: `${peer.name}'s vxlan packets (${ip})`, address: ip, effect: `underlay:${node.name}:${peer.name}` }] : [];
          });
        let asymmetric = false;
        if (routed) {
          for (const source of sources) {
            // fib_validate_source looks the source up as a destination, with the packet's input device as iif
            const lookup = findRoute(node, source.address, { iif: device });
            if (lookup.kind === 'local' || (lookup.kind === 'route' && lookup.route.dev === device && lookup.route.type === 'unicast')) continue;
            asymmetric = true;
            const back = lookup.kind === 'route' ? shown(lookup.route) : lookup.kind === 'rule' ? `ip rule ${lookup.rule.priority} (${lookup.rule.action})` : 'missing';
            yield {
              ...common, messageId: 'asymmetric' as const, severity: 'error' as const,
              data: { host: node.name, device, source: source.label, all, own, back },
              key: `${device}|${source.address}`,
              evidence: [...evidence, ...(lookup.kind === 'route' ? [lookup.route.evidence] : lookup.kind === 'rule' ? [lookup.rule.evidence] : [])],
              fix,
              explains: [`rp-filter:${node.name}:${device}`],
              effectOf: [source.effect],
            };
          }
        }
        if (asymmetric) continue;
        yield {
          ...common, messageId: 'strict' as const,
          data: {
            host: node.name, device, all, own,
            sources: device === FLANNEL_DEVICE
              ? "peers' pod subnets are routed via flannel.1 and pass; a NodePort or external IP DNATed on another node to a pod here without masquerade arrives from a client whose route back leaves by the underlay, and is dropped"
              : "each peer's underlay IP must be routed via this device; on a node with several interfaces, a peer reached through another one has its vxlan packets dropped",
          },
          key: device,
          evidence,
          fix,
          explains: [`rp-filter:${node.name}:${device}`],
        };
      }
    }
  },
});
