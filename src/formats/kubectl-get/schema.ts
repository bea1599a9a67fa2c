// Records of kubectl get: one per row of its tables, discriminated on the resource kind, and one
// per object of -o json / -o yaml (src/formats/shared/kubernetes/schema.ts).
// Columns per k8s.io/kubernetes pkg/printers/internalversion/printers.go.
import { z } from 'zod';
import { Span } from '../../core';
import {
  FlannelNetConfObject, KubernetesEndpointsObject, KubernetesNodeObject, KubernetesPodObject, KubernetesServiceObject,
} from '../shared/kubernetes/schema';

const cells = z.array(z.string()).meta({ description: 'the row\'s cells as printed, one per header column ("NOMINATED NODE" is one)' });
const namespace = z.string().nullable().meta({
  description: 'the NAMESPACE column (-A), else the namespace given to the parser (-n); null when neither says',
});
const age = z.string().meta({ description: 'as printed ("138m", "2d3h"): relative to when kubectl ran' });
const none = (what: string) => z.string().nullable().meta({ description: `${what}; null where kubectl prints "<none>"` });

export const KubectlServicePort = z
  .object({
    port: z.int().min(0).max(65535),
    nodePort: z.int().min(0).max(65535).nullable().meta({ description: 'the number after ":" (NodePort, LoadBalancer)' }),
    protocol: z.enum(['TCP', 'UDP', 'SCTP']),
  })
  .meta({ id: 'kubectl-get/service-port', title: 'One port of a service: 9090:30038/TCP' });
export type KubectlServicePort = z.infer<typeof KubectlServicePort>;

export const KubectlService = z
  .object({
    kind: z.literal('service'),
    namespace, name: z.string(),
    type: z.enum(['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName']),
    clusterIP: none('an address, or "None" for a headless service'),
    externalIP: none('an address, several joined by ",", a host name (ExternalName) or "<pending>"'),
    ports: z.array(KubectlServicePort),
    age,
    selector: none('key=value pairs joined by ","').optional().meta({ description: '-o wide only' }),
    cells, span: Span,
  })
  .meta({ id: 'kubectl-get/service', title: 'One row of kubectl get services' });
export type KubectlService = z.infer<typeof KubectlService>;

export const KubectlPod = z
  .object({
    kind: z.literal('pod'),
    namespace, name: z.string(),
    ready: z.string().meta({ description: 'ready containers / containers, as printed ("2/2")' }),
    status: z.string(),
    restarts: z.string().meta({ description: 'as printed, with kubectl 1.22+\'s "(5m ago)": "3 (5m ago)"' }),
    age,
    ip: none('the pod IP').optional().meta({ description: '-o wide only' }),
    node: none('the node the pod runs on').optional(),
    nominatedNode: none('NOMINATED NODE').optional(),
    readinessGates: none('READINESS GATES ("1/1")').optional().meta({ description: 'kubectl 1.11+ with -o wide' }),
    cells, span: Span,
  })
  .meta({ id: 'kubectl-get/pod', title: 'One row of kubectl get pods' });
export type KubectlPod = z.infer<typeof KubectlPod>;

export const KubectlNode = z
  .object({
    kind: z.literal('node'),
    name: z.string(),
    status: z.string().meta({ description: '"Ready", "NotReady", "Ready,SchedulingDisabled"' }),
    roles: none('"control-plane", "control-plane,master"'),
    age,
    version: z.string().meta({ description: 'the kubelet version ("v1.27.4")' }),
    internalIP: none('INTERNAL-IP').optional().meta({ description: '-o wide only, as the four after it' }),
    externalIP: none('EXTERNAL-IP').optional(),
    osImage: z.string().optional().meta({ description: 'may hold spaces: "Ubuntu 22.04.3 LTS"' }),
    kernelVersion: z.string().optional(),
    containerRuntime: z.string().optional().meta({ description: '"containerd://1.6.21", "docker://20.10.7"' }),
    cells, span: Span,
  })
  .meta({ id: 'kubectl-get/node', title: 'One row of kubectl get nodes' });
export type KubectlNode = z.infer<typeof KubectlNode>;

export const KubectlEndpoints = z
  .object({
    kind: z.literal('endpoints'),
    namespace, name: z.string(),
    addresses: z.array(z.string()).meta({ description: 'address:port as printed; empty for "<none>"' }),
    more: z.int().nonnegative().meta({ description: 'N of "+ N more...": addresses kubectl left out' }),
    age,
    cells, span: Span,
  })
  .meta({ id: 'kubectl-get/endpoints', title: 'One row of kubectl get endpoints' });
export type KubectlEndpoints = z.infer<typeof KubectlEndpoints>;

export const KubectlRow = z
  .object({
    kind: z.literal('row'),
    namespace, name: z.string(),
    columns: z.array(z.string()).meta({ description: 'the header\'s column names ("ACCESS MODES" is one)' }),
    cells, span: Span,
  })
  .meta({ id: 'kubectl-get/other-row', title: 'One row of a kubectl get table without its own schema (deployments, pvc…)' });
export type KubectlRow = z.infer<typeof KubectlRow>;

export const KubectlGetRow = z
  .discriminatedUnion('kind', [
    KubectlService, KubectlPod, KubectlNode, KubectlEndpoints, KubectlRow,
    // -o json / -o yaml: one record per object
    KubernetesNodeObject, KubernetesPodObject, KubernetesServiceObject, KubernetesEndpointsObject, FlannelNetConfObject,
  ])
  .meta({ id: 'kubectl-get/row', title: 'One row (tables) or object (-o json, -o yaml) of kubectl get' });
export type KubectlGetRow = z.infer<typeof KubectlGetRow>;
