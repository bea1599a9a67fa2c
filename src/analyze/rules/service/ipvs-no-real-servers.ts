// kube-proxy's IPVS mode gives every service port a virtual service (ClusterIP, external IPs, and a
// NodePort on every node address) whose real servers are its ready endpoints (pkg/proxy/ipvs
// proxier.go syncService / syncEndpoint). With none, or only endpoints going away (weight 0, kept
// while their connections last: graceful_termination.go), IPVS schedules no new connection and
// answers ICMP port unreachable (net/netfilter/ipvs ip_vs_core.c ip_vs_leave): "connection refused".
import { formatAddressPort, formatIpvsService, ipvsServiceLabel, ipvsServiceOwner, kubectlEndpoints, type Evidence, type Service } from '../../../model';
import { sh } from '../../fix-commands';
import { defineRule } from '../rule';

interface Refused {
  /** ns/name:port where kubectl names the service, else the virtual service itself */
  label: string;
  service: Service | null;
  addresses: string[];
  hosts: string[];
  /** real servers at weight 0 (none: no real server at all) */
  draining: string[];
  evidence: Evidence[];
}

export const ipvsNoRealServers = defineRule({
  meta: {
    id: 'service/ipvs-no-real-servers',
    title: 'An IPVS virtual service with no real server: IPVS refuses its connections',
    severity: 'error',
    messages: {
      none: '{service} has no real server in IPVS on {hosts}: connections to {addresses} are refused (ICMP port unreachable)',
      draining: '{service}: every real server IPVS has for {addresses} on {hosts} has weight 0 ({servers}: endpoints going away, kept while their connections last): new connections are refused',
      stale: '{service} has no real server in IPVS on {hosts}, though kubectl lists {endpoints}: kube-proxy is not syncing, and connections to {addresses} are refused',
    },
  },
  *check(model) {
    const refused = new Map<string, Refused>();
    for (const node of model.nodes.values()) {
      for (const virtual of node.ipvs?.services ?? []) {
        if (virtual.realServers.some((server) => server.weight !== 0)) continue;
        // a NodePort's virtual service is on every node address: one finding per service port, not per address
        const owner = ipvsServiceOwner(model, node, virtual);
        const service = owner?.service ?? null;
        const label = ipvsServiceLabel(model, node, virtual);
        const entry = refused.get(label) ?? { label, service, addresses: [], hosts: [], draining: [], evidence: [] };
        const address = formatIpvsService(virtual);
        if (!entry.addresses.includes(address)) entry.addresses.push(address);
        if (!entry.hosts.includes(node.name)) entry.hosts.push(node.name);
        for (const server of virtual.realServers) {
          const name = formatAddressPort(server.address, server.port);
          if (!entry.draining.includes(name)) entry.draining.push(name);
        }
        entry.evidence.push(virtual.evidence, ...virtual.realServers.map((server) => server.evidence));
        refused.set(label, entry);
      }
    }
    const endpoints = kubectlEndpoints(model);
    for (const entry of refused.values()) {
      const listed = entry.service ? endpoints.find((set) => set.service === entry.service?.name && (set.namespace === null || set.namespace === entry.service.namespace)) : undefined;
      const stale = listed !== undefined && listed.addresses.length > 0;
      const namespace = entry.service?.namespace ?? 'default';
      yield {
        messageId: stale ? 'stale' : entry.draining.length > 0 ? 'draining' : 'none', host: entry.hosts[0] ?? null,
        data: {
          service: entry.label, hosts: entry.hosts.join(', '), addresses: entry.addresses.join(', '),
          servers: entry.draining.length > 0 ? entry.draining.join(', ') : undefined,
          endpoints: stale ? listed.addresses.map((a) => `${a.address}${a.port ? `:${a.port}` : ''}`).join(', ') : undefined,
        },
        key: entry.label,
        evidence: [...entry.evidence, ...(entry.service ? [entry.service.evidence] : []), ...(listed ? [listed.evidence] : [])],
        objects: { services: [entry.label], addresses: entry.addresses, hosts: entry.hosts },
        fix: stale
          ? entry.hosts.map((host) => sh`kubectl -n kube-system delete pod -l k8s-app=kube-proxy --field-selector spec.nodeName=${host}`)
          : entry.service
            ? [sh`kubectl -n ${namespace} describe service ${entry.service.name}`, sh`kubectl -n ${namespace} get pods -o wide`]
            : [sh`kubectl get services -A -o wide`, sh`kubectl get endpoints -A`],
        explains: entry.service ? [`service:${entry.label}`] : [`ipvs:${entry.addresses[0] ?? entry.label}`],
      };
    }
  },
});
