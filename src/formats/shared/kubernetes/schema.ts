// Records of Kubernetes API objects as netsift reads them: the parts of Node, Pod, Service,
// Endpoints and EndpointSlice objects (k8s.io/api core/v1 and discovery/v1 types.go) that
// cluster-network diagnosis needs. kubectl get -o json|yaml and etcdctl get both yield them.
import { z } from 'zod';
import { Span } from '../../../core';

const names = z.array(z.string());

export const FlannelNodeAnnotations = z
  .object({
    publicIp: z.string().nullable().meta({ description: 'flannel.alpha.coreos.com/public-ip: the address other nodes send VXLAN traffic to' }),
    vtepMac: z.string().nullable().meta({ description: 'VtepMAC of flannel.alpha.coreos.com/backend-data ({"VNI":1,"VtepMAC":"…"})' }),
    backendType: z.string().nullable().meta({ description: 'flannel.alpha.coreos.com/backend-type ("vxlan", "host-gw", …)' }),
    subnetManager: z.boolean().nullable().meta({ description: 'flannel.alpha.coreos.com/kube-subnet-manager ("true"); null when absent' }),
  })
  .meta({ id: 'kubernetes/flannel-node-annotations', title: "What flannel's node annotations say (flannel pkg/subnet/kube)" });
export type FlannelNodeAnnotations = z.infer<typeof FlannelNodeAnnotations>;

export const KubernetesNodeObject = z
  .object({
    kind: z.literal('node-object'),
    name: z.string(),
    podCIDRs: names.meta({ description: 'spec.podCIDRs, else spec.podCIDR' }),
    internalIPs: names.meta({ description: 'status.addresses of type InternalIP' }),
    externalIPs: names.meta({ description: 'status.addresses of type ExternalIP' }),
    annotations: z.record(z.string(), z.string()).meta({
      description: 'metadata.annotations, in an object without prototype (a key "__proto__" is an ordinary key)',
    }),
    flannel: FlannelNodeAnnotations,
    recovered: z.literal(true).optional().meta({
      description: "set when read from etcd's protobuf value as printed text: only what the text reliably shows, the rest reported as diagnostics",
    }),
    span: Span,
  })
  .meta({ id: 'kubernetes/node-object', title: 'A Node object: pod CIDRs, addresses and annotations' });
export type KubernetesNodeObject = z.infer<typeof KubernetesNodeObject>;

export const KubernetesPodObject = z
  .object({
    kind: z.literal('pod-object'),
    namespace: z.string().nullable().meta({ description: 'metadata.namespace; null when the object does not say' }),
    name: z.string(),
    podIPs: names.meta({ description: 'status.podIPs, else status.podIP' }),
    hostIP: z.string().nullable().meta({ description: 'status.hostIP: the node address' }),
    node: z.string().nullable().meta({ description: 'spec.nodeName; null while unscheduled' }),
    phase: z.string().nullable().meta({ description: 'status.phase ("Running", "Pending", …)' }),
    hostNetwork: z.boolean().meta({ description: 'spec.hostNetwork: the pod uses the node\'s addresses' }),
    span: Span,
  })
  .meta({ id: 'kubernetes/pod-object', title: 'A Pod object: its addresses and node' });
export type KubernetesPodObject = z.infer<typeof KubernetesPodObject>;

export const KubernetesServicePort = z
  .object({
    name: z.string().nullable(),
    port: z.int().min(0).max(65535),
    nodePort: z.int().min(0).max(65535).nullable().meta({ description: 'NodePort and LoadBalancer services' }),
    protocol: z.string().meta({ description: '"TCP" (the API default), "UDP", "SCTP"' }),
    targetPort: z.union([z.int(), z.string()]).nullable().meta({ description: 'a number or a named container port; null when not given' }),
  })
  .meta({ id: 'kubernetes/service-port', title: 'One port of a Service' });
export type KubernetesServicePort = z.infer<typeof KubernetesServicePort>;

export const KubernetesServiceObject = z
  .object({
    kind: z.literal('service-object'),
    namespace: z.string().nullable(),
    name: z.string(),
    type: z.string().meta({ description: 'spec.type; "ClusterIP" (the API default) when not given' }),
    clusterIPs: names.meta({ description: 'spec.clusterIPs, else spec.clusterIP; "None" for a headless service' }),
    externalTrafficPolicy: z.string().nullable().meta({ description: '"Cluster" or "Local" (NodePort, LoadBalancer)' }),
    ports: z.array(KubernetesServicePort),
    span: Span,
  })
  .meta({ id: 'kubernetes/service-object', title: 'A Service object: its addresses and ports' });
export type KubernetesServiceObject = z.infer<typeof KubernetesServiceObject>;

export const KubernetesEndpointAddress = z
  .object({
    ip: z.string().meta({ description: 'the address (an FQDN in an EndpointSlice of addressType FQDN)' }),
    nodeName: z.string().nullable(),
    ready: z.boolean().meta({ description: 'false for notReadyAddresses and conditions.ready false' }),
    port: z.int().min(0).max(65535).optional().meta({ description: 'one entry per address and port; absent when no port is given' }),
    portName: z.string().nullable().optional(),
  })
  .meta({ id: 'kubernetes/endpoint-address', title: 'One address (and port) of Endpoints or an EndpointSlice' });
export type KubernetesEndpointAddress = z.infer<typeof KubernetesEndpointAddress>;

export const KubernetesEndpointsObject = z
  .object({
    kind: z.literal('endpoints-object'),
    source: z.enum(['Endpoints', 'EndpointSlice']).meta({ description: 'the API kind it was read from' }),
    namespace: z.string().nullable(),
    name: z.string(),
    service: z.string().nullable().meta({
      description: 'the Service: an Endpoints object\'s name, an EndpointSlice\'s kubernetes.io/service-name label (null without it)',
    }),
    addresses: z.array(KubernetesEndpointAddress),
    span: Span,
  })
  .meta({ id: 'kubernetes/endpoints-object', title: 'Endpoints or an EndpointSlice: the addresses behind a Service' });
export type KubernetesEndpointsObject = z.infer<typeof KubernetesEndpointsObject>;

export const FlannelBackendConfig = z
  .object({
    type: z.string().nullable().meta({ description: 'Backend.Type ("vxlan", "host-gw", "wireguard"…); null: not given (flannel then uses udp)' }),
    vni: z.int().nullable().meta({ description: 'Backend.VNI (vxlan; 1 by default on Linux)' }),
    port: z.int().nullable().meta({ description: 'Backend.Port (vxlan: 0 or absent is the kernel default, 8472)' }),
    gbp: z.boolean().nullable(),
    directRouting: z.boolean().nullable(),
  })
  .meta({ id: 'kubernetes/flannel-backend-config', title: 'The Backend of flannel\'s net-conf.json' });
export type FlannelBackendConfig = z.infer<typeof FlannelBackendConfig>;

export const FlannelNetConfObject = z
  .object({
    kind: z.literal('flannel-net-conf'),
    namespace: z.string().nullable(),
    name: z.string().meta({ description: 'the ConfigMap ("kube-flannel-cfg")' }),
    network: z.string().nullable().meta({ description: 'Network: the IPv4 cluster network ("10.244.0.0/16")' }),
    ipv6Network: z.string().nullable(),
    enableIPv4: z.boolean().nullable(),
    enableIPv6: z.boolean().nullable(),
    subnetLen: z.int().nullable().meta({ description: 'SubnetLen: the prefix length of each node\'s lease (24 by default)' }),
    subnetMin: z.string().nullable(),
    subnetMax: z.string().nullable(),
    backend: FlannelBackendConfig.nullable(),
    json: z.string().meta({ description: 'the data key net-conf.json as written (flannel reads its keys case-insensitively, as Go\'s encoding/json)' }),
    span: Span,
  })
  .meta({ id: 'kubernetes/flannel-net-conf', title: 'flannel\'s network config: the net-conf.json key of its ConfigMap (kube-flannel-cfg)' });
export type FlannelNetConfObject = z.infer<typeof FlannelNetConfObject>;

export type KubernetesObject = KubernetesNodeObject | KubernetesPodObject | KubernetesServiceObject | KubernetesEndpointsObject | FlannelNetConfObject;
