// Writes object records back as kubectl get -o json / -o yaml would print them: a List of API
// objects, JSON indented by four spaces (k8s.io/cli-runtime printers/json.go), YAML with sorted
// keys and unindented sequences (sigs.k8s.io/yaml over the JSON). Only the fields records keep.
import { stringify } from 'yaml';
import { FLANNEL_NET_CONF_KEY } from '../shared/kubernetes/api';
import type { KubernetesEndpointsObject, KubernetesObject } from '../shared/kubernetes/schema';

type Json = Record<string, unknown>;

function metadata(name: string, namespace: string | null, extra: Json = {}): Json {
  return { ...extra, name, ...(namespace === null ? {} : { namespace }) };
}

/** Endpoints: one subset per address and port, so that reading it back gives each entry in order. */
function endpointsObject(record: KubernetesEndpointsObject): Json {
  if (record.source === 'Endpoints') {
    return {
      apiVersion: 'v1', kind: 'Endpoints', metadata: metadata(record.name, record.namespace),
      subsets: record.addresses.map((a) => ({
        [a.ready ? 'addresses' : 'notReadyAddresses']: [{ ip: a.ip, ...(a.nodeName === null ? {} : { nodeName: a.nodeName }) }],
        ...(a.port === undefined ? {} : { ports: [{ ...(a.portName === null || a.portName === undefined ? {} : { name: a.portName }), port: a.port, protocol: 'TCP' }] }),
      })),
    };
  }
  // an EndpointSlice lists its endpoints and its ports once: entries are their cross product
  const endpoints = new Map<string, Json>();
  const ports = new Map<string, Json>();
  for (const a of record.addresses) {
    const key = JSON.stringify([a.ip, a.nodeName, a.ready]);
    if (!endpoints.has(key)) {
      endpoints.set(key, { addresses: [a.ip], conditions: { ready: a.ready }, ...(a.nodeName === null ? {} : { nodeName: a.nodeName }) });
    }
    if (a.port !== undefined) {
      const portKey = JSON.stringify([a.port, a.portName ?? null]);
      if (!ports.has(portKey)) ports.set(portKey, { ...(a.portName === null || a.portName === undefined ? {} : { name: a.portName }), port: a.port, protocol: 'TCP' });
    }
  }
  const labels = record.service === null ? {} : { labels: { 'kubernetes.io/service-name': record.service } };
  return {
    addressType: 'IPv4', apiVersion: 'discovery.k8s.io/v1', endpoints: [...endpoints.values()], kind: 'EndpointSlice',
    metadata: metadata(record.name, record.namespace, labels), ...(ports.size > 0 ? { ports: [...ports.values()] } : {}),
  };
}

/** The API object a record was read from, with the fields the record keeps. */
export function apiObjectOf(record: KubernetesObject): Json {
  switch (record.kind) {
    case 'node-object': {
      const annotations = Object.keys(record.annotations).length > 0 ? { annotations: { ...record.annotations } } : {};
      // spread loses a "__proto__" key; copy it as an own property
      if (Object.prototype.hasOwnProperty.call(record.annotations, '__proto__')) {
        Object.defineProperty(annotations.annotations, '__proto__', { value: record.annotations['__proto__'], enumerable: true, writable: true, configurable: true });
      }
      const addresses = [
        ...record.internalIPs.map((address) => ({ address, type: 'InternalIP' })),
        ...record.externalIPs.map((address) => ({ address, type: 'ExternalIP' })),
      ];
      return {
        apiVersion: 'v1', kind: 'Node', metadata: { ...annotations, name: record.name },
        spec: record.podCIDRs.length > 0 ? { podCIDR: record.podCIDRs[0], podCIDRs: record.podCIDRs } : {},
        status: addresses.length > 0 ? { addresses } : {},
      };
    }
    case 'pod-object':
      return {
        apiVersion: 'v1', kind: 'Pod', metadata: metadata(record.name, record.namespace),
        spec: { ...(record.hostNetwork ? { hostNetwork: true } : {}), ...(record.node === null ? {} : { nodeName: record.node }) },
        status: {
          ...(record.hostIP === null ? {} : { hostIP: record.hostIP }),
          ...(record.phase === null ? {} : { phase: record.phase }),
          ...(record.podIPs.length > 0 ? { podIP: record.podIPs[0], podIPs: record.podIPs.map((ip) => ({ ip })) } : {}),
        },
      };
    case 'service-object':
      return {
        apiVersion: 'v1', kind: 'Service', metadata: metadata(record.name, record.namespace),
        spec: {
          ...(record.clusterIPs.length > 0 ? { clusterIP: record.clusterIPs[0], clusterIPs: record.clusterIPs } : {}),
          ...(record.externalTrafficPolicy === null ? {} : { externalTrafficPolicy: record.externalTrafficPolicy }),
          ports: record.ports.map((p) => ({
            ...(p.name === null ? {} : { name: p.name }), ...(p.nodePort === null ? {} : { nodePort: p.nodePort }),
            port: p.port, protocol: p.protocol, ...(p.targetPort === null ? {} : { targetPort: p.targetPort }),
          })),
          type: record.type,
        },
      };
    case 'endpoints-object':
      return endpointsObject(record);
    case 'flannel-net-conf':
      return { apiVersion: 'v1', data: { [FLANNEL_NET_CONF_KEY]: record.json }, kind: 'ConfigMap', metadata: metadata(record.name, record.namespace) };
  }
}

function list(records: readonly KubernetesObject[]): Json {
  return { apiVersion: 'v1', items: records.map(apiObjectOf), kind: 'List', metadata: { resourceVersion: '' } };
}

/** kubectl get -o json: a List of the objects (one object alone when there is one). */
export function printObjectsJson(records: readonly KubernetesObject[]): string {
  const value = records.length === 1 ? apiObjectOf(records[0] as KubernetesObject) : list(records);
  return `${JSON.stringify(value, null, 4)}\n`;
}

/** kubectl get -o yaml: the same, as YAML with sorted keys. */
export function printObjectsYaml(records: readonly KubernetesObject[]): string {
  const value = records.length === 1 ? apiObjectOf(records[0] as KubernetesObject) : list(records);
  return stringify(value, { indentSeq: false, sortMapEntries: true, lineWidth: 0 });
}
