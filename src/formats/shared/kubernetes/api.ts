// Kubernetes API objects (already parsed from JSON or YAML) into netsift's records. The input
// shapes are zod schemas of the fields read (k8s.io/api core/v1 Node, Pod, Service, Endpoints;
// discovery/v1 EndpointSlice); every other field is let through unread.
import { z } from 'zod';
import type { Span } from '../../../core';
import { append } from '../../../core/append';
import { flannelOf, stringMap } from './flannel';
import type {
  FlannelNetConfObject, KubernetesEndpointAddress, KubernetesEndpointsObject, KubernetesNodeObject, KubernetesObject, KubernetesPodObject,
  KubernetesServiceObject, KubernetesServicePort,
} from './schema';

/** The API kinds netsift reads into records. */
export const OBJECT_KINDS = ['Node', 'Pod', 'Service', 'Endpoints', 'EndpointSlice', 'ConfigMap'] as const;

const Meta = z.looseObject({
  name: z.string(),
  namespace: z.string().optional(),
  // checked here, copied from the raw value (zod's record drops a "__proto__" key)
  annotations: z.record(z.string(), z.string()).nullish(),
  labels: z.record(z.string(), z.string()).nullish(),
});
const port = z.int().min(0).max(65535);

const NodeInput = z.looseObject({
  metadata: Meta,
  spec: z.looseObject({ podCIDR: z.string().optional(), podCIDRs: z.array(z.string()).nullish() }).optional(),
  status: z.looseObject({
    addresses: z.array(z.looseObject({ type: z.string(), address: z.string() })).nullish(),
  }).optional(),
});

const PodInput = z.looseObject({
  metadata: Meta,
  spec: z.looseObject({ nodeName: z.string().optional(), hostNetwork: z.boolean().optional() }).optional(),
  status: z.looseObject({
    podIP: z.string().optional(),
    podIPs: z.array(z.looseObject({ ip: z.string() })).nullish(),
    hostIP: z.string().optional(),
    phase: z.string().optional(),
  }).optional(),
});

const ServiceInput = z.looseObject({
  metadata: Meta,
  spec: z.looseObject({
    type: z.string().optional(),
    clusterIP: z.string().optional(),
    clusterIPs: z.array(z.string()).nullish(),
    externalTrafficPolicy: z.string().optional(),
    ports: z.array(z.looseObject({
      name: z.string().optional(),
      port,
      nodePort: port.optional(),
      protocol: z.string().optional(),
      targetPort: z.union([z.int(), z.string()]).optional(),
    })).nullish(),
  }).optional(),
});

const EndpointAddressInput = z.looseObject({ ip: z.string(), nodeName: z.string().optional() });
const EndpointPortInput = z.looseObject({ name: z.string().optional(), port, protocol: z.string().optional() });
const EndpointsInput = z.looseObject({
  metadata: Meta,
  subsets: z.array(z.looseObject({
    addresses: z.array(EndpointAddressInput).nullish(),
    notReadyAddresses: z.array(EndpointAddressInput).nullish(),
    ports: z.array(EndpointPortInput).nullish(),
  })).nullish(),
});

const EndpointSliceInput = z.looseObject({
  metadata: Meta,
  endpoints: z.array(z.looseObject({
    addresses: z.array(z.string()),
    conditions: z.looseObject({ ready: z.boolean().nullish() }).optional(),
    nodeName: z.string().optional(),
  })).nullish(),
  ports: z.array(z.looseObject({ name: z.string().optional(), port: port.optional(), protocol: z.string().optional() })).nullish(),
});

export type ObjectReading =
  | { record: KubernetesObject }
  | { error: string }
  | { skipped: string };

/** The annotations of a raw object, copied key by key into a null-prototype object. */
function annotationsOf(value: unknown): Record<string, string> {
  const metadata = (value as { metadata?: unknown }).metadata;
  const raw = metadata !== null && typeof metadata === 'object' ? (metadata as { annotations?: unknown }).annotations : undefined;
  if (raw === null || typeof raw !== 'object') return stringMap([]);
  return stringMap(Object.entries(raw as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

function issue(kind: string, error: z.ZodError): string {
  const first = error.issues[0];
  const path = first && first.path.length > 0 ? first.path.map(String).join('.') : 'the object';
  return `The ${kind} object does not have the shape of the Kubernetes API (${path}: ${first?.message ?? 'invalid'}).`;
}

function node(value: unknown, span: Span): ObjectReading {
  const parsed = NodeInput.safeParse(value);
  if (!parsed.success) return { error: issue('Node', parsed.error) };
  const { metadata, spec, status } = parsed.data;
  const addresses = status?.addresses ?? [];
  const annotations = annotationsOf(value);
  const record: KubernetesNodeObject = {
    kind: 'node-object', name: metadata.name,
    podCIDRs: spec?.podCIDRs ?? (spec?.podCIDR ? [spec.podCIDR] : []),
    internalIPs: addresses.filter((a) => a.type === 'InternalIP').map((a) => a.address),
    externalIPs: addresses.filter((a) => a.type === 'ExternalIP').map((a) => a.address),
    annotations, flannel: flannelOf(annotations), span,
  };
  return { record };
}

function pod(value: unknown, span: Span): ObjectReading {
  const parsed = PodInput.safeParse(value);
  if (!parsed.success) return { error: issue('Pod', parsed.error) };
  const { metadata, spec, status } = parsed.data;
  const record: KubernetesPodObject = {
    kind: 'pod-object', namespace: metadata.namespace ?? null, name: metadata.name,
    podIPs: status?.podIPs?.map((p) => p.ip) ?? (status?.podIP ? [status.podIP] : []),
    hostIP: status?.hostIP ?? null, node: spec?.nodeName ?? null, phase: status?.phase ?? null,
    hostNetwork: spec?.hostNetwork === true, span,
  };
  return { record };
}

function service(value: unknown, span: Span): ObjectReading {
  const parsed = ServiceInput.safeParse(value);
  if (!parsed.success) return { error: issue('Service', parsed.error) };
  const { metadata, spec } = parsed.data;
  const ports: KubernetesServicePort[] = (spec?.ports ?? []).map((p) => ({
    name: p.name ?? null, port: p.port, nodePort: p.nodePort ?? null, protocol: p.protocol ?? 'TCP', targetPort: p.targetPort ?? null,
  }));
  const record: KubernetesServiceObject = {
    kind: 'service-object', namespace: metadata.namespace ?? null, name: metadata.name,
    type: spec?.type ?? 'ClusterIP',
    clusterIPs: spec?.clusterIPs ?? (spec?.clusterIP ? [spec.clusterIP] : []),
    externalTrafficPolicy: spec?.externalTrafficPolicy ?? null, ports, span,
  };
  return { record };
}

/** One entry per address and port (an address without ports: one entry without port). */
function crossPorts(
  base: { ip: string; nodeName: string | null; ready: boolean },
  ports: readonly { name?: string | undefined; port?: number | undefined }[],
): KubernetesEndpointAddress[] {
  const withPort = ports.filter((p): p is { name?: string; port: number } => p.port !== undefined);
  if (withPort.length === 0) return [{ ...base }];
  return withPort.map((p) => ({ ...base, port: p.port, portName: p.name ?? null }));
}

function endpoints(value: unknown, span: Span): ObjectReading {
  const parsed = EndpointsInput.safeParse(value);
  if (!parsed.success) return { error: issue('Endpoints', parsed.error) };
  const { metadata, subsets } = parsed.data;
  const addresses: KubernetesEndpointAddress[] = [];
  for (const subset of subsets ?? []) {
    const ports = subset.ports ?? [];
    for (const a of subset.addresses ?? []) append(addresses, crossPorts({ ip: a.ip, nodeName: a.nodeName ?? null, ready: true }, ports));
    for (const a of subset.notReadyAddresses ?? []) append(addresses, crossPorts({ ip: a.ip, nodeName: a.nodeName ?? null, ready: false }, ports));
  }
  const record: KubernetesEndpointsObject = {
    kind: 'endpoints-object', source: 'Endpoints', namespace: metadata.namespace ?? null, name: metadata.name,
    service: metadata.name, addresses, span,
  };
  return { record };
}

function endpointSlice(value: unknown, span: Span): ObjectReading {
  const parsed = EndpointSliceInput.safeParse(value);
  if (!parsed.success) return { error: issue('EndpointSlice', parsed.error) };
  const { metadata, endpoints: list, ports } = parsed.data;
  const addresses: KubernetesEndpointAddress[] = [];
  for (const endpoint of list ?? []) {
    // discovery/v1: a nil ready condition means ready
    const ready = endpoint.conditions?.ready !== false;
    for (const ip of endpoint.addresses) append(addresses, crossPorts({ ip, nodeName: endpoint.nodeName ?? null, ready }, ports ?? []));
  }
  const labels = metadata.labels;
  const service = labels && Object.prototype.hasOwnProperty.call(labels, 'kubernetes.io/service-name') ? (labels['kubernetes.io/service-name'] ?? null) : null;
  const record: KubernetesEndpointsObject = {
    kind: 'endpoints-object', source: 'EndpointSlice', namespace: metadata.namespace ?? null, name: metadata.name,
    service, addresses, span,
  };
  return { record };
}

const ConfigMapInput = z.looseObject({
  metadata: Meta,
  data: z.record(z.string(), z.string()).nullish(),
});

/** flannel's ConfigMap key (Documentation/kube-flannel.yml: kube-flannel-cfg, mounted at /etc/kube-flannel/). */
export const FLANNEL_NET_CONF_KEY = 'net-conf.json';

/**
 * A struct field as Go's encoding/json fills it: every key that matches the name, exactly or in
 * another case, is decoded into it in order, so the last one wins ({"Network":"a","network":"b"} is b).
 */
function goField(object: Record<string, unknown>, name: string): unknown {
  const lower = name.toLowerCase();
  let value: unknown;
  for (const key of Object.keys(object)) if (key.toLowerCase() === lower) value = object[key];
  return value;
}
const asString = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const asInt = (v: unknown): number | null => (typeof v === 'number' && Number.isInteger(v) ? v : null);
const asBool = (v: unknown): boolean | null => (typeof v === 'boolean' ? v : null);
const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The fields of flannel's net-conf.json (flannel pkg/subnet/config.go Config), or why it cannot be read. */
export function readNetConf(json: string): Omit<FlannelNetConfObject, 'kind' | 'namespace' | 'name' | 'span'> | { error: string } {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    return { error: `${FLANNEL_NET_CONF_KEY} is not JSON: ${(error as Error).message}` };
  }
  if (!isObject(value)) return { error: `${FLANNEL_NET_CONF_KEY} is not a JSON object.` };
  const backend = goField(value, 'Backend');
  return {
    network: asString(goField(value, 'Network')), ipv6Network: asString(goField(value, 'IPv6Network')),
    enableIPv4: asBool(goField(value, 'EnableIPv4')), enableIPv6: asBool(goField(value, 'EnableIPv6')),
    subnetLen: asInt(goField(value, 'SubnetLen')), subnetMin: asString(goField(value, 'SubnetMin')), subnetMax: asString(goField(value, 'SubnetMax')),
    backend: isObject(backend) ? {
      type: asString(goField(backend, 'Type')), vni: asInt(goField(backend, 'VNI')), port: asInt(goField(backend, 'Port')),
      gbp: asBool(goField(backend, 'GBP')), directRouting: asBool(goField(backend, 'DirectRouting')),
    } : null,
    json,
  };
}

/** A ConfigMap is read when it holds flannel's net-conf.json; any other is skipped. */
function configMap(value: unknown, span: Span): ObjectReading {
  const parsed = ConfigMapInput.safeParse(value);
  if (!parsed.success) return { error: issue('ConfigMap', parsed.error) };
  const { metadata, data } = parsed.data;
  const json = data && Object.prototype.hasOwnProperty.call(data, FLANNEL_NET_CONF_KEY) ? data[FLANNEL_NET_CONF_KEY] : undefined;
  if (json === undefined) return { skipped: 'ConfigMap' };
  const conf = readNetConf(json);
  if ('error' in conf) return { error: `ConfigMap ${metadata.name}: ${conf.error}` };
  return { record: { kind: 'flannel-net-conf', namespace: metadata.namespace ?? null, name: metadata.name, ...conf, span } };
}

/** The API kind of a raw object ("Node"…), or null when it names none. */
export function apiKindOf(value: unknown): string | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  const kind = (value as { kind?: unknown }).kind;
  return typeof kind === 'string' ? kind : null;
}

/**
 * The record of one API object; `{ skipped }` for kinds netsift does not read (Deployment…),
 * `{ error }` when a known kind lacks the fields the API guarantees.
 */
export function readApiObject(value: unknown, span: Span): ObjectReading {
  const kind = apiKindOf(value);
  switch (kind) {
    case 'Node': return node(value, span);
    case 'Pod': return pod(value, span);
    case 'Service': return service(value, span);
    case 'Endpoints': return endpoints(value, span);
    case 'EndpointSlice': return endpointSlice(value, span);
    case 'ConfigMap': return configMap(value, span);
    case null: return { error: 'Expected a Kubernetes object with a "kind".' };
    default: return { skipped: kind };
  }
}
