// kube-proxy gives a service port without ready endpoints a filter rule instead of a DNAT:
// "-A KUBE-SERVICES -d <clusterIP> … --comment "<ns>/<svc>:<port> has no endpoints" -j REJECT", and
// for a NodePort the same in KUBE-EXTERNAL-SERVICES with "--dst-type LOCAL" (pkg/proxy/iptables
// proxier.go); in nftables mode, no-endpoint-services / no-endpoint-nodeports elements going to
// reject-chain (pkg/proxy/nftables/proxier.go). Clients get "connection refused" at once.
import { groupBy, append } from '../../../core';
import { kubectlEndpoints, proxiedServices, type Evidence } from '../../../model';
import { sh } from '../../fix-commands';
import { defineRule } from '../rule';

interface Seen {
  service: string;
  namespace: string;
  name: string;
  hosts: string[];
  clusterIP: string | null;
  port: number | null;
  nodePort: number | null;
  evidence: Evidence[];
}

export const noEndpoints = defineRule({
  meta: {
    id: 'service/no-endpoints',
    title: 'A service has no endpoints: kube-proxy rejects its connections',
    severity: 'error',
    messages: {
      rejected: '{service} has no endpoints: kube-proxy rejects connections to {addresses}',
      stale: '{service} has no endpoints in kube-proxy\'s rules, though kubectl lists {endpoints}: kube-proxy rejects connections to {addresses}',
    },
  },
  *check(model) {
    const seen = new Map<string, Seen>();
    for (const node of model.nodes.values()) {
      for (const service of proxiedServices(node)) {
        if (service.rejects.length === 0) continue;
        const entry = seen.get(service.name) ?? {
          service: service.name, namespace: service.namespace, name: service.service, hosts: [], clusterIP: null, port: null, nodePort: null, evidence: [],
        };
        entry.hosts.push(node.name);
        entry.clusterIP ??= service.clusterIP;
        entry.port ??= service.port;
        entry.nodePort ??= service.nodePort;
        append(entry.evidence, service.rejects.flatMap((r) => r.evidence));
        seen.set(service.name, entry);
      }
    }
    // kubectl's endpoint lists by service name, in listing order (a lookup per service, not a scan)
    const byService = groupBy(kubectlEndpoints(model), (set) => set.service);
    for (const entry of seen.values()) {
      const listed = byService.get(entry.name)?.find((e) => e.namespace === null || e.namespace === entry.namespace);
      const targets = [
        ...(entry.clusterIP ? [`${entry.clusterIP}${entry.port ? `:${entry.port}` : ''}`] : []),
        ...(entry.nodePort ? [`NodePort ${entry.nodePort}`] : []),
      ];
      const stale = listed !== undefined && listed.addresses.length > 0;
      yield {
        messageId: stale ? 'stale' : 'rejected', host: entry.hosts[0] ?? null,
        data: {
          service: entry.service, addresses: targets.join(' and ') || 'it', clusterIP: entry.clusterIP ?? undefined, nodePort: entry.nodePort ?? undefined,
          endpoints: listed?.addresses.map((a) => `${a.address}${a.port ? `:${a.port}` : ''}`).join(', '),
        },
        key: entry.service,
        evidence: [...entry.evidence, ...(listed ? [listed.evidence] : [])],
        objects: { services: [entry.service], addresses: entry.clusterIP ? [entry.clusterIP] : [], hosts: entry.hosts },
        fix: stale
          ? entry.hosts.map((host) => sh`kubectl -n kube-system delete pod -l k8s-app=kube-proxy --field-selector spec.nodeName=${host}`)
          : [sh`kubectl -n ${entry.namespace} describe service ${entry.name}`, sh`kubectl -n ${entry.namespace} get pods -o wide`],
        explains: [`service:${entry.service}`],
      };
    }
  },
});
