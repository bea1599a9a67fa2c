// A service with externalTrafficPolicy: Local is served only by nodes with a local endpoint. On
// any other node kube-proxy drops its NodePort and external traffic: filter KUBE-EXTERNAL-SERVICES
// "<ns>/<svc>:<port> has no local endpoints" -j DROP (kube-proxy 1.22+), or KUBE-XLB-<hash> → 
// KUBE-MARK-DROP before (pkg/proxy/iptables/proxier.go); in nftables mode, no-endpoint-nodeports /
// no-endpoint-services elements with the verdict drop (pkg/proxy/nftables/proxier.go). By design: load balancers probe the
// healthCheckNodePort and skip such nodes. A problem when clients are sent to the node anyway.
import { proxiedServices, requestedTargets, type Evidence } from '../../../model';
import { sh } from '../../fix-commands';
import { defineRule } from '../rule';

export const localTrafficPolicyDrop = defineRule({
  meta: {
    id: 'service/local-traffic-policy-drop',
    title: 'externalTrafficPolicy: Local and no local endpoint: the node drops the NodePort',
    severity: 'warning',
    messages: {
      dropped: '{host} drops {service} on NodePort {nodePort}: externalTrafficPolicy is Local and no endpoint runs on {host}{served}',
    },
  },
  *check(model) {
    const requested = requestedTargets(model);
    const servedBy = new Map<string, { host: string; endpoints: string[]; evidence: Evidence[] }[]>();
    const views = [...model.nodes.values()].map((node) => ({ node, services: proxiedServices(node) }));
    for (const { node, services } of views) {
      for (const service of services) {
        if (!service.localEndpoints || service.localEndpoints.length === 0) continue;
        const list = servedBy.get(service.name) ?? [];
        list.push({ host: node.name, endpoints: service.localEndpoints.map((e) => e.address), evidence: service.localEndpoints.flatMap((e) => e.evidence) });
        servedBy.set(service.name, list);
      }
    }
    for (const { node, services } of views) {
      const own = new Set<string>([
        ...node.addresses.entries.map((a) => a.ip),
        ...(model.cluster.nodes.get(node.name)?.underlay.map((c) => c.value) ?? []),
      ]);
      for (const service of services) {
        if (service.localDrops.length === 0) continue;
        const nodePort = service.nodePort ?? service.localDrops.find((d) => d.port !== null)?.port ?? null;
        const served = servedBy.get(service.name) ?? [];
        // a connection the user tried to this node's NodePort: then the drop is what they hit
        const asked = requested.filter((r) => own.has(r.address) && r.port === nodePort);
        yield {
          messageId: 'dropped', host: node.name,
          data: {
            host: node.name, service: service.name, nodePort: nodePort ?? '?',
            served: served.length > 0 ? ` (served by ${served.map((s) => s.host).join(', ')})` : '',
          },
          key: service.name,
          severity: asked.length > 0 ? 'error' : 'warning',
          evidence: [...service.localDrops.flatMap((d) => d.evidence), ...asked.map((r) => r.evidence), ...served.flatMap((s) => s.evidence)],
          objects: {
            services: [service.name], hosts: [node.name, ...served.map((s) => s.host)],
            addresses: served.flatMap((s) => s.endpoints),
          },
          fix: [
            sh`kubectl -n ${service.namespace} patch service ${service.service} -p '{"spec":{"externalTrafficPolicy":"Cluster"}}'`,
            sh`kubectl -n ${service.namespace} get endpoints ${service.service} -o wide`,
          ],
          explains: [`service-local:${node.name}:${service.name}`],
        };
      }
    }
  },
});
