// kube-proxy writes the same KUBE-SVC-<hash> chain for a service port on every node: one KUBE-SEP
// per ready endpoint of the cluster (pkg/proxy/iptables/proxier.go). Nodes whose chains list
// different endpoints disagree on where a connection goes: a kube-proxy that stopped syncing keeps
// DNATing to pods that are gone. (KUBE-SVL chains, externalTrafficPolicy: Local, differ by design.)
// In IPVS mode the same holds of a ClusterIP's virtual service and its real servers (pkg/proxy/ipvs):
// every node's table has them alike; a NodePort's virtual services are on each node's own addresses.
import { groupBy } from '../../../core';
import { ipvsAddressRole, ipvsServiceLabel, proxiedServices, type Evidence, type ProxiedEndpoint } from '../../../model';
import { kubernetesName, sh } from '../../fix-commands';
import { MAX_OTHERS, namedList } from '../../bounded';
import { defineRule } from '../rule';

const endpointText = (e: ProxiedEndpoint): string => `${e.address}${e.port ? `:${e.port}` : ''}`;

export const natRulesDiffer = defineRule({
  meta: {
    id: 'netfilter/nat-rules-differ',
    title: "kube-proxy's NAT rules for a service differ between nodes",
    severity: 'error',
    messages: {
      differ: '{service} on {host} DNATs to {here}, but on {others} to {there}',
    },
  },
  *check(model) {
    // service port → node → its endpoint set (null: no KUBE-SVC chain there and no REJECT)
    const views = new Map<string, { node: string; endpoints: ProxiedEndpoint[]; evidence: Evidence[] }[]>();
    for (const node of model.nodes.values()) {
      for (const service of proxiedServices(node)) {
        const endpoints = service.endpoints ?? (service.rejects.length > 0 ? [] : null);
        if (endpoints === null) continue;
        const list = views.get(service.name) ?? [];
        list.push({ node: node.name, endpoints, evidence: service.endpoints === null ? service.rejects.flatMap((r) => r.evidence) : [] });
        views.set(service.name, list);
      }
      // IPVS mode: a whole table's ClusterIP virtual services (on kube-ipvs0), their real servers that take new connections
      if (!node.ipvs || node.ipvs.partial) continue;
      for (const virtual of node.ipvs.services) {
        // a NodePort's virtual service is on each node's own address, and one whose address no output shows is not told apart
        if (ipvsAddressRole(node, virtual.address) !== 'service') continue;
        const label = ipvsServiceLabel(model, node, virtual);
        const endpoints = virtual.realServers.filter((s) => s.weight !== 0).map((s): ProxiedEndpoint => ({ address: s.address, port: String(s.port), evidence: [s.evidence] }));
        const list = views.get(label) ?? [];
        list.push({ node: node.name, endpoints, evidence: endpoints.length === 0 ? [virtual.evidence] : [] });
        views.set(label, list);
      }
    }
    for (const [service, list] of views) {
      if (list.length < 2) continue;
      const keyOf = (endpoints: ProxiedEndpoint[]): string => [...new Set(endpoints.map(endpointText))].sort().join(',');
      const groups = groupBy(list, (view) => keyOf(view.endpoints));
      if (groups.size < 2) continue;
      // the nodes that agree most are the reference; when the largest sets tie, no set is: each is told against the rest
      const ranked = [...groups.entries()].sort((a, b) => b[1].length - a[1].length);
      const tie = (ranked[1]?.[1].length ?? 0) === (ranked[0]?.[1].length ?? 0);
      const reported = tie ? ranked : ranked.slice(1);
      for (const [key, nodes] of reported) {
        const reference = tie ? ranked.filter(([k]) => k !== key).flatMap(([, v]) => v) : (ranked[0]?.[1] ?? []);
        // the reference's keys, in the order its views come (the groups are keyed by them already)
        const referenceKeys = tie ? ranked.filter(([k]) => k !== key).map(([k]) => k) : [ranked[0]?.[0] ?? ''];
        const theirs = new Set(referenceKeys.flatMap((k) => (k === '' ? [] : k.split(','))));
        const ours = new Set(key === '' ? [] : key.split(','));
        const differing = [...ours].filter((e) => !theirs.has(e)).concat([...theirs].filter((e) => !ours.has(e)));
        const isDiffering = new Set(differing);
        const addresses = [...new Set(differing.map((e) => e.slice(0, e.includes(':') ? e.lastIndexOf(':') : e.length)))];
        const there = namedList(referenceKeys.map((k) => (k === '' ? 'no endpoint' : k)), 3, ' / ');
        const cite = (v: { endpoints: ProxiedEndpoint[]; evidence: Evidence[] }): Evidence[] => [
          ...v.evidence, ...v.endpoints.filter((e) => isDiffering.has(endpointText(e))).flatMap((e) => e.evidence),
        ];
        // what the reference shows (its first nodes: each node of a tie is told against all the
        // others, and citing them all would cite N nodes N times), the same for every node told against it
        const referenceEvidence = reference.slice(0, MAX_OTHERS).flatMap(cite);
        const others = namedList(reference.map((m) => m.node), MAX_OTHERS);
        for (const view of nodes) {
          yield {
            messageId: 'differ', host: view.node,
            data: { service, host: view.node, here: key === '' ? 'no endpoint' : key, others, there },
            key: service,
            evidence: [...cite(view), ...referenceEvidence],
            objects: { services: [service], addresses, hosts: [view.node, ...reference.slice(0, MAX_OTHERS).map((m) => m.node)] },
            // kube-proxy rewrites every chain on its next full sync; a restart forces one
            fix: [sh`kubectl -n kube-system delete pod -l k8s-app=kube-proxy --field-selector spec.nodeName=${kubernetesName(model, view.node)}`],
            explains: [`service-nat:${view.node}:${service}`],
          };
        }
      }
    }
  },
});
