// Property tests of kubectl get -o json / -o yaml: generated objects printed as kubectl prints
// them read back; flattened JSON reads the same; any text never throws and lands in some span.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { firstUnaccounted, flatten, withoutSpans } from '../../../test/support/format-properties';
import { flannelOf, stringMap } from '../shared/kubernetes/flannel';
import type {
  FlannelNetConfObject, KubernetesEndpointsObject, KubernetesNodeObject, KubernetesObject, KubernetesPodObject, KubernetesServiceObject,
} from '../shared/kubernetes/schema';
import { parseKubectlGet } from './parse';
import { printKubectlGet } from './print';

const SPAN = { line: 1, column: 1, offset: 0, length: 0, text: '' };
const name = fc.stringMatching(/^[a-z][a-z0-9-]{0,14}[a-z0-9]$/);
const ipv4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((parts) => parts.join('.'));
const cidr = fc.tuple(ipv4, fc.integer({ min: 8, max: 32 })).map(([ip, p]) => `${ip}/${p}`);
const mac = fc.array(fc.nat(255), { minLength: 6, maxLength: 6 }).map((b) => b.map((x) => x.toString(16).padStart(2, '0')).join(':'));
const text = fc.string({ maxLength: 20 });

const annotations = fc.record({
  publicIp: fc.option(ipv4, { nil: undefined }),
  mac: fc.option(mac, { nil: undefined }),
  backend: fc.option(fc.constantFrom('vxlan', 'host-gw', 'wireguard'), { nil: undefined }),
  manager: fc.option(fc.constantFrom('true', 'false'), { nil: undefined }),
  other: fc.dictionary(fc.stringMatching(/^[a-z]{1,8}\.io\/[a-z-]{1,10}$/), text, { maxKeys: 3 }),
}).map(({ publicIp, mac: vtep, backend, manager, other }) => stringMap([
  ...Object.entries(other),
  ...(publicIp === undefined ? [] : [['flannel.alpha.coreos.com/public-ip', publicIp] as [string, string]]),
  ...(vtep === undefined ? [] : [['flannel.alpha.coreos.com/backend-data', JSON.stringify({ VNI: 1, VtepMAC: vtep })] as [string, string]]),
  ...(backend === undefined ? [] : [['flannel.alpha.coreos.com/backend-type', backend] as [string, string]]),
  ...(manager === undefined ? [] : [['flannel.alpha.coreos.com/kube-subnet-manager', manager] as [string, string]]),
]));

export const nodes: fc.Arbitrary<KubernetesNodeObject> = fc
  .record({ name, podCIDRs: fc.array(cidr, { maxLength: 2 }), internalIPs: fc.array(ipv4, { maxLength: 2 }), externalIPs: fc.array(ipv4, { maxLength: 1 }), annotations })
  .map((n) => ({ kind: 'node-object', ...n, flannel: flannelOf(n.annotations), span: SPAN }));

const pods: fc.Arbitrary<KubernetesPodObject> = fc
  .record({
    namespace: fc.option(name, { nil: null }), name, podIPs: fc.array(ipv4, { maxLength: 2 }), hostIP: fc.option(ipv4, { nil: null }),
    node: fc.option(name, { nil: null }), phase: fc.option(fc.constantFrom('Running', 'Pending', 'Succeeded', 'Failed'), { nil: null }), hostNetwork: fc.boolean(),
  })
  .map((p) => ({ kind: 'pod-object', ...p, span: SPAN }));

const services: fc.Arbitrary<KubernetesServiceObject> = fc
  .record({
    namespace: fc.option(name, { nil: null }), name, type: fc.constantFrom('ClusterIP', 'NodePort', 'LoadBalancer'),
    clusterIPs: fc.array(fc.oneof(ipv4, fc.constant('None')), { maxLength: 2 }), externalTrafficPolicy: fc.option(fc.constantFrom('Cluster', 'Local'), { nil: null }),
    ports: fc.array(fc.record({
      name: fc.option(name, { nil: null }), port: fc.integer({ min: 1, max: 65535 }), nodePort: fc.option(fc.integer({ min: 30000, max: 32767 }), { nil: null }),
      protocol: fc.constantFrom('TCP', 'UDP', 'SCTP'), targetPort: fc.option(fc.oneof(fc.integer({ min: 1, max: 65535 }), name), { nil: null }),
    }), { maxLength: 3 }),
  })
  .map((s) => ({ kind: 'service-object', ...s, span: SPAN }));

const endpointsList: fc.Arbitrary<KubernetesEndpointsObject> = fc
  .record({
    namespace: fc.option(name, { nil: null }), name,
    addresses: fc.array(fc.record({ ip: ipv4, nodeName: fc.option(name, { nil: null }), ready: fc.boolean(), port: fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }), portName: fc.option(name, { nil: null }) }), { maxLength: 4 }),
  })
  .map(({ addresses, ...e }) => ({
    kind: 'endpoints-object', source: 'Endpoints', ...e, service: e.name,
    addresses: addresses.map(({ port, portName, ...a }) => (port === undefined ? a : { ...a, port, portName })), span: SPAN,
  }));

// an EndpointSlice's entries are the cross product of its endpoints and its ports
const slices: fc.Arbitrary<KubernetesEndpointsObject> = fc
  .record({
    namespace: fc.option(name, { nil: null }), name, service: fc.option(name, { nil: null }),
    endpoints: fc.uniqueArray(fc.record({ ip: ipv4, nodeName: fc.option(name, { nil: null }), ready: fc.boolean() }), { maxLength: 3, selector: (e) => e.ip }),
    ports: fc.uniqueArray(fc.record({ port: fc.integer({ min: 1, max: 65535 }), portName: fc.option(name, { nil: null }) }), { maxLength: 2, selector: (p) => p.port }),
  })
  .map(({ endpoints, ports, ...e }) => ({
    kind: 'endpoints-object', source: 'EndpointSlice', ...e,
    addresses: endpoints.flatMap((a) => (ports.length === 0 ? [a] : ports.map((p) => ({ ...a, ...p })))), span: SPAN,
  }));

// flannel's ConfigMap: the record's fields are what its net-conf.json text says
const netConfs: fc.Arbitrary<FlannelNetConfObject> = fc
  .record({
    namespace: fc.option(name, { nil: null }), name,
    network: fc.option(cidr, { nil: null }), subnetLen: fc.option(fc.integer({ min: 8, max: 30 }), { nil: null }),
    enableIPv6: fc.option(fc.boolean(), { nil: null }),
    backend: fc.option(fc.record({
      type: fc.option(fc.constantFrom('vxlan', 'host-gw', 'wireguard'), { nil: null }), vni: fc.option(fc.integer({ min: 1, max: 16777215 }), { nil: null }),
      port: fc.option(fc.integer({ min: 0, max: 65535 }), { nil: null }), gbp: fc.option(fc.boolean(), { nil: null }), directRouting: fc.option(fc.boolean(), { nil: null }),
    }), { nil: null }),
    indent: fc.constantFrom(0, 2, 4),
  })
  .map(({ namespace, name: cm, network, subnetLen, enableIPv6, backend, indent }) => {
    const drop = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null));
    const conf = drop({
      Network: network, SubnetLen: subnetLen, EnableIPv6: enableIPv6,
      Backend: backend && drop({ Type: backend.type, VNI: backend.vni, Port: backend.port, GBP: backend.gbp, DirectRouting: backend.directRouting }),
    });
    return {
      kind: 'flannel-net-conf', namespace, name: cm, network, ipv6Network: null, enableIPv4: null, enableIPv6, subnetLen, subnetMin: null, subnetMax: null,
      backend, json: `${JSON.stringify(conf, null, indent)}\n`, span: SPAN,
    };
  });

const objects: fc.Arbitrary<KubernetesObject[]> = fc.array(fc.oneof(nodes, pods, services, endpointsList, slices, netConfs), { minLength: 1, maxLength: 5 });

describe('kubectl get -o json / -o yaml properties', () => {
  it('parse(print(records)) gives the records back, JSON and YAML, with no diagnostic', () => {
    fc.assert(fc.property(objects, fc.constantFrom('json' as const, 'yaml' as const), (records, output) => {
      const parsed = parseKubectlGet(printKubectlGet(records, { output }));
      expect(parsed.diagnostics).toEqual([]);
      expect(withoutSpans(parsed.records)).toEqual(withoutSpans(records));
    }), { numRuns: 100 });
  });

  it('a flattened JSON paste reads like the original, junk before it reported', () => {
    fc.assert(fc.property(objects, fc.constantFrom('###看这里', '[root@host188 ~]# kubectl get nodes -o json', ''), (records, before) => {
      const text = `${before} ${flatten(printKubectlGet(records))}`;
      const parsed = parseKubectlGet(text);
      expect(withoutSpans(parsed.records)).toEqual(withoutSpans(records));
      // the List around the items is structure, like a table's header: only the junk must land in a span
      expect(firstUnaccounted(text, parsed, 0, before.length)).toBe(-1);
    }), { numRuns: 100 });
  });

  it('each record\'s span is its object\'s text', () => {
    fc.assert(fc.property(objects, (records) => {
      const text = printKubectlGet(records);
      for (const record of parseKubectlGet(text).records) {
        expect(record.span.text).toBe(text.slice(record.span.offset, record.span.offset + record.span.length));
        expect(JSON.parse(record.span.text).metadata.name).toBe(record.name);
      }
    }), { numRuns: 50 });
  });

  it('never throws on JSON- or YAML-like junk, and JSON junk lands in some span', () => {
    const json = fc.oneof(fc.string({ maxLength: 200 }), fc.string({ unit: 'binary', maxLength: 200 })).map((s) => `{${s}`);
    fc.assert(fc.property(json, (input) => {
      const parsed = parseKubectlGet(input);
      expect(firstUnaccounted(input, parsed)).toBe(-1);
    }), { numRuns: 300 });
    const yaml = fc.oneof(fc.string({ maxLength: 200 }), fc.string({ unit: 'binary', maxLength: 200 })).map((s) => `apiVersion: v1\n${s}`);
    fc.assert(fc.property(yaml, (input) => {
      expect(Array.isArray(parseKubectlGet(input).records)).toBe(true);
    }), { numRuns: 300 });
  });
});
