// Exact values for kubectl get -o json / -o yaml: the synthetic fixtures in test/fixtures/kubectl-get
// (nodes.json, nodes.yaml, pods-services.json) and malformed input.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { withoutSpans } from '../../../test/support/format-properties';
import { parseKubectlGet } from './parse';
import { printKubectlGet } from './print';
import { KubectlGetRow } from './schema';
import { sniffKubectlGet } from './sniff';
import { detectFormat } from '../registry';

const fixture = (name: string): string => readFileSync(join(__dirname, '../../../test/fixtures/kubectl-get', name), 'utf8');

const HOST189 = {
  kind: 'node-object', name: 'host189', podCIDRs: ['10.244.2.0/24'], internalIPs: ['192.168.86.189'], externalIPs: [],
  annotations: {
    'flannel.alpha.coreos.com/backend-data': '{"VNI":1,"VtepMAC":"ce:28:4f:8a:10:6d"}',
    'flannel.alpha.coreos.com/backend-type': 'vxlan',
    'flannel.alpha.coreos.com/kube-subnet-manager': 'true',
    'flannel.alpha.coreos.com/public-ip': '192.168.86.189',
    'kubeadm.alpha.kubernetes.io/cri-socket': '/var/run/dockershim.sock',
    'node.alpha.kubernetes.io/ttl': '0',
    'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
  },
  flannel: { publicIp: '192.168.86.189', vtepMac: 'ce:28:4f:8a:10:6d', backendType: 'vxlan', subnetManager: true },
};

describe('kubectl get -o json', () => {
  it('reads a List of nodes: CIDRs, addresses, annotations, flannel; each span is the object', () => {
    const text = fixture('nodes.json');
    const { records, diagnostics } = parseKubectlGet(text);
    expect(diagnostics).toEqual([]);
    expect(records.map((r) => r.kind === 'node-object' && [r.name, r.podCIDRs, r.internalIPs, r.flannel.publicIp, r.flannel.vtepMac])).toEqual([
      ['host188', ['10.244.0.0/24'], ['192.168.86.188'], '192.168.86.188', '7a:5e:1c:3d:9b:01'],
      ['host189', ['10.244.2.0/24'], ['192.168.86.189'], '192.168.86.189', 'ce:28:4f:8a:10:6d'],
      ['host190', ['10.244.1.0/24'], ['192.168.86.190'], '192.168.86.190', '02:91:b3:6e:c4:57'],
    ]);
    const { span, ...host189 } = records[1] as KubectlGetRow;
    expect(host189).toEqual(HOST189);
    // from the item's "{" to its "}"
    expect(span.text.startsWith('{\n            "apiVersion": "v1",\n            "kind": "Node"')).toBe(true);
    expect(span.text.endsWith('}')).toBe(true);
    expect(JSON.parse(span.text).metadata.name).toBe('host189');
    expect(text.slice(span.offset, span.offset + span.length)).toBe(span.text);
    expect(span.line).toBe(text.slice(0, span.offset).split('\n').length);
    for (const record of records) expect(KubectlGetRow.safeParse(record).success).toBe(true);
  });

  it('reads pods, a service, endpoints and an endpoint slice; sets aside a Deployment', () => {
    const { records, diagnostics } = parseKubectlGet(fixture('pods-services.json'));
    expect(withoutSpans(records)).toEqual([
      { kind: 'pod-object', namespace: 'prometheus', name: 'prometheus-0', podIPs: ['10.244.2.6'], hostIP: '192.168.86.189', node: 'host189', phase: 'Running', hostNetwork: false },
      { kind: 'pod-object', namespace: 'kube-system', name: 'kube-flannel-ds-amd64-fvj6h', podIPs: ['192.168.86.188'], hostIP: '192.168.86.188', node: 'host188', phase: 'Running', hostNetwork: true },
      {
        kind: 'service-object', namespace: 'prometheus', name: 'prometheus-nodeport', type: 'NodePort', clusterIPs: ['10.109.216.20'],
        externalTrafficPolicy: 'Cluster', ports: [{ name: null, port: 9090, nodePort: 30038, protocol: 'TCP', targetPort: 9090 }],
      },
      {
        kind: 'endpoints-object', source: 'Endpoints', namespace: 'prometheus', name: 'prometheus-nodeport', service: 'prometheus-nodeport',
        addresses: [{ ip: '10.244.2.6', nodeName: 'host189', ready: true, port: 9090, portName: null }],
      },
      {
        kind: 'endpoints-object', source: 'EndpointSlice', namespace: 'prometheus', name: 'prometheus-nodeport-x7k2q', service: 'prometheus-nodeport',
        addresses: [
          { ip: '10.244.2.6', nodeName: 'host189', ready: true, port: 9090, portName: '' },
          { ip: '10.244.1.9', nodeName: 'host190', ready: false, port: 9090, portName: '' },
        ],
      },
    ]);
    expect(diagnostics.map((d) => [d.code, d.severity, d.span.line])).toEqual([['unexpected-text', 'info', 181]]);
    expect(diagnostics[0]?.message).toContain('Deployment');
    for (const record of records) expect(KubectlGetRow.safeParse(record).success).toBe(true);
  });

  it("reads flannel's ConfigMap (kube-flannel-cfg) into its net-conf.json fields; other ConfigMaps are set aside", () => {
    const text = fixture('kube-flannel-cfg.yaml');
    const { records, diagnostics } = parseKubectlGet(text);
    expect(diagnostics).toEqual([]);
    const json = '{\n  "Network": "10.244.0.0/16",\n  "EnableNFTables": false,\n  "Backend": {\n    "Type": "vxlan",\n    "Port": 4789,\n    "VNI": 4096\n  }\n}\n';
    expect(withoutSpans(records)).toEqual([{
      kind: 'flannel-net-conf', namespace: 'kube-flannel', name: 'kube-flannel-cfg', network: '10.244.0.0/16', ipv6Network: null,
      enableIPv4: null, enableIPv6: null, subnetLen: null, subnetMin: null, subnetMax: null,
      backend: { type: 'vxlan', vni: 4096, port: 4789, gbp: null, directRouting: null }, json,
    }]);
    expect(records[0]?.span).toMatchObject({ line: 1, column: 1, offset: 0, length: text.trimEnd().length });
    for (const record of records) expect(KubectlGetRow.safeParse(record).success).toBe(true);
    // Go's encoding/json: keys match case-insensitively
    const lower = parseKubectlGet(JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg' }, data: { 'net-conf.json': '{"network":"10.42.0.0/16","subnetlen":25,"backend":{"type":"host-gw"}}' } }));
    expect(withoutSpans(lower.records)).toMatchObject([{ network: '10.42.0.0/16', subnetLen: 25, backend: { type: 'host-gw', vni: null, port: null } }]);
    // the last key of a name wins, whatever its case (encoding/json decodes each in turn)
    const twice = parseKubectlGet(JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg' }, data: { 'net-conf.json': '{"Network":"10.244.0.0/16","network":"10.42.0.0/16"}' } }));
    expect(twice.records[0]).toMatchObject({ network: '10.42.0.0/16' });
    const other = parseKubectlGet(JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'coredns', namespace: 'kube-system' }, data: { Corefile: '.:53 {}' } }));
    expect([other.records, other.diagnostics.map((d) => [d.code, d.severity])]).toEqual([[], [['unexpected-text', 'info']]]);
    const broken = parseKubectlGet(JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'kube-flannel-cfg' }, data: { 'net-conf.json': '{"Network": "10.244.0.0/16",' } }));
    expect(broken.records).toEqual([]);
    expect(broken.diagnostics.map((d) => d.message)).toEqual([expect.stringContaining('ConfigMap kube-flannel-cfg: net-conf.json is not JSON')]);
  });

  it('reads one object alone, flattened, after a remark', () => {
    const one = JSON.stringify(JSON.parse(fixture('nodes.json')).items[1], null, 4);
    const text = `###看这里 ${one.replace(/\n/g, ' ')}`;
    const { records, diagnostics } = parseKubectlGet(text);
    expect(withoutSpans(records)).toEqual([HOST189]);
    expect(records[0]?.span.offset).toBe(text.indexOf('{'));
    expect(diagnostics.map((d) => [d.code, d.span.text])).toEqual([['annotation', '###看这里']]);
  });

  it('keeps a "__proto__" annotation as an ordinary key', () => {
    const text = '{"apiVersion":"v1","kind":"Node","metadata":{"name":"n1","annotations":{"__proto__":"x","constructor":"y"}}}';
    const record = parseKubectlGet(text).records[0];
    expect(record?.kind).toBe('node-object');
    if (record?.kind !== 'node-object') return;
    expect(Object.getPrototypeOf(record.annotations)).toBeNull();
    expect(Object.keys(record.annotations)).toEqual(['__proto__', 'constructor']);
    expect(record.annotations['__proto__']).toBe('x');
    expect(({} as Record<string, unknown>).x).toBeUndefined();
    expect(record.flannel).toEqual({ publicIp: null, vtepMac: null, backendType: null, subnetManager: null });
  });

  it('reports malformed JSON and objects without the API\'s fields, never throws', () => {
    const broken = parseKubectlGet('{"apiVersion": "v1", "items": [ {"kind": "Node"');
    expect(broken.records).toEqual([]);
    expect(broken.diagnostics.map((d) => [d.code, d.span.offset, d.span.length])).toEqual([['invalid-json', 0, 47]]);
    const nameless = parseKubectlGet('{"apiVersion":"v1","kind":"Pod","metadata":{}}');
    expect(nameless.diagnostics.map((d) => [d.code, d.message])).toEqual([
      ['invalid-json', 'The Pod object does not have the shape of the Kubernetes API (metadata.name: Invalid input: expected string, received undefined).'],
    ]);
    const bad = parseKubectlGet('{"apiVersion":"v1","kind":"Service","metadata":{"name":"a"},"spec":{"ports":[{"port":99999}]}}');
    expect(bad.diagnostics.map((d) => d.code)).toEqual(['invalid-json']);
  });

  it('sniffs JSON and YAML objects apart from tables and other JSON', () => {
    expect(sniffKubectlGet(fixture('nodes.json'))).toBe(0.95);
    expect(sniffKubectlGet(fixture('nodes.yaml'))).toBe(0.9);
    expect(detectFormat(fixture('pods-services.json')).format).toBe('kubectl-get');
    expect(detectFormat(fixture('nodes.yaml')).format).toBe('kubectl-get');
    expect(sniffKubectlGet('[{"ifindex":1}]')).toBe(0);
    expect(sniffKubectlGet('{"header":{"cluster_id":1}}')).toBe(0);
  });
});

describe('kubectl get -o yaml', () => {
  it('reads nodes.yaml into the records of nodes.json; each span is the item\'s lines', () => {
    const text = fixture('nodes.yaml');
    const { records, diagnostics } = parseKubectlGet(text);
    expect(diagnostics).toEqual([]);
    expect(withoutSpans(records)).toEqual(withoutSpans(parseKubectlGet(fixture('nodes.json')).records));
    const span = records[1]?.span;
    expect(span?.line).toBe(text.split('\n').indexOf('- apiVersion: v1', 3) + 1);
    expect(span?.column).toBe(3);
    expect(span?.text.startsWith('apiVersion: v1\n  kind: Node\n  metadata:')).toBe(true);
    expect(span?.text.endsWith('osImage: CentOS Linux 7 (Core)')).toBe(true);
  });

  it('reads one object and several documents', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  namespace: default\nspec:\n  nodeName: host190\nstatus:\n  podIP: 10.244.1.5\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  clusterIP: None\n  ports:\n  - port: 53\n    protocol: UDP\n    targetPort: dns\n';
    const { records, diagnostics } = parseKubectlGet(text);
    expect(diagnostics).toEqual([]);
    expect(withoutSpans(records)).toEqual([
      { kind: 'pod-object', namespace: 'default', name: 'a', podIPs: ['10.244.1.5'], hostIP: null, node: 'host190', phase: null, hostNetwork: false },
      { kind: 'service-object', namespace: null, name: 's', type: 'ClusterIP', clusterIPs: ['None'], externalTrafficPolicy: null, ports: [{ name: null, port: 53, nodePort: null, protocol: 'UDP', targetPort: 'dns' }] },
    ]);
    expect(records[1]?.span.line).toBe(11);
  });

  it('reports YAML that does not parse', () => {
    const { records, diagnostics } = parseKubectlGet('apiVersion: v1\nitems: [1, 2\nkind: : List\n');
    expect(records).toEqual([]);
    expect(diagnostics.map((d) => [d.code, d.severity])).toEqual([['unexpected-token', 'error']]);
  });
});

describe('printKubectlGet for objects', () => {
  it('prints -o json and -o yaml that read back to the same records', () => {
    const records = parseKubectlGet(fixture('pods-services.json')).records;
    for (const output of ['json', 'yaml'] as const) {
      const text = printKubectlGet(records, { output });
      expect(withoutSpans(parseKubectlGet(text).records)).toEqual(withoutSpans(records));
    }
    expect(printKubectlGet(records.slice(0, 1))).toMatch(/^\{\n {4}"apiVersion": "v1",\n {4}"kind": "Pod",/);
  });
});
