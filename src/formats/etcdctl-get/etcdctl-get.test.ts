// Exact values for etcdctl get: the seed's flattened, partial etcd output (real), flannel leases
// (test/fixtures/etcdctl-get, synthetic), whole protobuf values made by the printer, -w json.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { withoutSpans } from '../../../test/support/format-properties';
import { ingest } from '../../ingest';
import { detectFormat, parse } from '../registry';
import { lexer } from './lexer';
import { parseEtcdctlGet } from './parse';
import { printEtcdctlGet, printEtcdctlGetSimple } from './print';
import { decodeNode, encodeNode } from './protobuf';
import { EtcdctlGetRecord } from './schema';
import { sniffEtcdctlGet } from './sniff';

const fixture = (name: string): string => readFileSync(join(__dirname, '../../../test/fixtures/etcdctl-get', name), 'utf8');
const SEED = '/work/shared/seed/000_8ab8108d44c964dc.txt';
const SPAN = { line: 1, column: 1, offset: 0, length: 0, text: '' };

const HOST189_RECOVERED = {
  kind: 'node-object', name: 'host189', podCIDRs: ['10.244.2.0/24'], internalIPs: [], externalIPs: [],
  annotations: { 'flannel.alpha.coreos.com/public-ip': '192.168.86.189' },
  flannel: { publicIp: '192.168.86.189', vtepMac: null, backendType: null, subnetManager: null },
  recovered: true,
};

const annotations = Object.assign(Object.create(null) as Record<string, string>, {
  'flannel.alpha.coreos.com/backend-data': '{"VNI":1,"VtepMAC":"ce:28:4f:8a:10:6d"}',
  'flannel.alpha.coreos.com/backend-type': 'vxlan',
  'flannel.alpha.coreos.com/kube-subnet-manager': 'true',
  'flannel.alpha.coreos.com/public-ip': '192.168.86.189',
  'node.alpha.kubernetes.io/ttl': '0',
});
const HOST189 = {
  kind: 'node-object' as const, name: 'host189', podCIDRs: ['10.244.2.0/24'], internalIPs: ['192.168.86.189'], externalIPs: [],
  annotations, flannel: { publicIp: '192.168.86.189', vtepMac: 'ce:28:4f:8a:10:6d', backendType: 'vxlan', subnetManager: true }, span: SPAN,
};

function types(line: string): string[] {
  lexer.reset(line);
  return [...lexer].filter((t) => t.type !== 'ws').map((t) => `${t.type}:${t.text}`);
}

describe('etcdctl get lexer', () => {
  it('tells keys, annotation keys, addresses and prefixes from the bytes around them', () => {
    expect(types('"flannel.alpha.coreos.com/public-ip 192.168.86.189bB 10.244.2.0/24 ¿!')).toEqual([
      'junk:"', 'annotationKey:flannel.alpha.coreos.com/public-ip', 'ipv4:192.168.86.189', 'word:bB', 'cidr:10.244.2.0/24', 'junk:¿!',
    ]);
    expect(types('/registry/minions/host189 \u0012\u0005vxlanb4 InternalIP\u0012\u000e1.2.3.4')).toEqual([
      'key:/registry/minions/host189', 'junk:\u0012\u0005', 'backendType:vxlan', 'word:b', 'int:4', 'addressType:InternalIP', 'junk:\u0012\u000e', 'ipv4:1.2.3.4',
    ]);
  });
});

describe('etcdctl get', () => {
  it('recovers host189 from the seed\'s flattened, partial output, and reports what it skipped', () => {
    const text = fixture('seed-flattened.txt');
    const { records, diagnostics } = parseEtcdctlGet(text);
    expect(withoutSpans(records)).toEqual([HOST189_RECOVERED]);
    expect(records[0]?.span).toEqual({ line: 1, column: 1, offset: 0, length: text.length, text });
    expect(diagnostics.map((d) => [d.code, d.severity, d.span.text])).toEqual([
      ['annotation', 'info', '结果: ...以下信息为flannel的子网段信息和对应的public ip(host的地址)... "'],
      ['annotation', 'info', 'bB'],
      ['annotation', 'info', '¿! ....'],
    ]);
    for (const record of records) expect(EtcdctlGetRecord.safeParse(record).success).toBe(true);
  });

  it.skipIf(!existsSync(SEED))('reads the etcd section ingest cuts from the seed', () => {
    const bundle = ingest({ name: 'seed', text: readFileSync(SEED, 'utf8') });
    const section = bundle.cluster.find((s) => s.format === 'etcdctl-get');
    expect(section?.text).toBe(fixture('seed-flattened.txt'));
    const parsed = parse(section?.format ?? '', section?.text ?? '', section?.options);
    expect(withoutSpans(parsed.records)).toEqual([HOST189_RECOVERED]);
  });

  it('decodes a whole protobuf value exactly (no recovered marker), and prints it back', () => {
    const text = printEtcdctlGetSimple([HOST189]);
    expect(text.startsWith('/registry/minions/host189\nk8s\u0000\n')).toBe(true);
    const { records, diagnostics } = parseEtcdctlGet(text);
    expect(diagnostics).toEqual([]);
    expect(withoutSpans(records)).toEqual([withoutSpans(HOST189)]);
    expect(records[0]?.span.offset).toBe(0);
    expect(printEtcdctlGetSimple(records)).toBe(text);
  });

  it('recovers the flannel annotations, addresses and CIDRs from a flattened protobuf value', () => {
    const flat = printEtcdctlGetSimple([HOST189]).replace(/\n/g, ' ');
    const { records, diagnostics } = parseEtcdctlGet(flat);
    const { annotations: recovered, ...rest } = records[0] as typeof HOST189 & { recovered: true };
    expect(withoutSpans(rest)).toEqual({ ...withoutSpans((({ annotations: _a, ...r }) => r)(HOST189)), recovered: true });
    // node.alpha.kubernetes.io/ttl's "0" has no shape that shows its end
    expect(Object.keys(recovered)).not.toContain('node.alpha.kubernetes.io/ttl');
    expect(diagnostics.some((d) => d.message.includes('node.alpha.kubernetes.io/ttl'))).toBe(true);
    expect(diagnostics.every((d) => d.severity === 'info')).toBe(true);
  });

  it('reads etcdctl get -w json (keys and values in base64)', () => {
    const text = printEtcdctlGet([HOST189]);
    const { records, diagnostics } = parseEtcdctlGet(text);
    expect(diagnostics).toEqual([]);
    expect(withoutSpans(records)).toEqual([withoutSpans(HOST189)]);
    expect(records[0]?.span.text.startsWith('{"key":"L3JlZ2lzdHJ5L21pbmlvbnMvaG9zdDE4OQ=="')).toBe(true);
    expect(sniffEtcdctlGet(text)).toBe(0.95);
  });

  it('reads flannel\'s subnet leases, also flattened and as API v2 output of one key', () => {
    const { records, diagnostics } = parseEtcdctlGet(fixture('subnets.txt'));
    expect(diagnostics).toEqual([]);
    expect(withoutSpans(records)).toEqual([
      { kind: 'flannel-subnet-lease', subnet: '10.244.0.0/24', publicIp: '192.168.86.188', backendType: 'vxlan', vtepMac: '7a:5e:1c:3d:9b:01' },
      { kind: 'flannel-subnet-lease', subnet: '10.244.1.0/24', publicIp: '192.168.86.190', backendType: 'vxlan', vtepMac: '02:91:b3:6e:c4:57' },
      { kind: 'flannel-subnet-lease', subnet: '10.244.2.0/24', publicIp: '192.168.86.189', backendType: 'vxlan', vtepMac: 'ce:28:4f:8a:10:6d' },
    ]);
    expect(records[2]?.span).toMatchObject({ line: 5, column: 1, text: fixture('subnets.txt').split('\n').slice(4, 6).join('\n') });
    expect(withoutSpans(parseEtcdctlGet(fixture('subnets.txt').replace(/\n/g, ' ')).records)).toEqual(withoutSpans(records));
    // ETCDCTL_API=2 etcdctl get <key> prints the value alone: the command names the lease
    const v2 = fixture('subnets.txt').split('\n')[5] as string;
    expect(withoutSpans(parse('etcdctl-get', v2, { key: '/coreos.com/network/subnets/10.244.2.0-24' }).records)).toEqual([withoutSpans(records[2])]);
    expect(sniffEtcdctlGet(fixture('subnets.txt'))).toBe(0.95);
  });

  it("reads flannel's network config (<prefix>/config), one line or several, and as the v2 value alone", () => {
    const text = '/coreos.com/network/config\n{\n  "Network": "10.244.0.0/16",\n  "SubnetLen": 24,\n  "Backend": { "Type": "vxlan", "VNI": 4096, "Port": 4789 }\n}\n';
    const { records, diagnostics } = parseEtcdctlGet(text);
    expect(diagnostics).toEqual([]);
    const json = text.slice(text.indexOf('{'), -1);
    expect(withoutSpans(records)).toEqual([{
      kind: 'flannel-net-conf', namespace: null, name: '/coreos.com/network/config', network: '10.244.0.0/16', ipv6Network: null,
      enableIPv4: null, enableIPv6: null, subnetLen: 24, subnetMin: null, subnetMax: null,
      backend: { type: 'vxlan', vni: 4096, port: 4789, gbp: null, directRouting: null }, json,
    }]);
    expect(records[0]?.span).toMatchObject({ line: 1, column: 1, text: text.trimEnd() });
    expect(withoutSpans(parse('etcdctl-get', json, { key: '/atomic.io/network/config' }).records)).toEqual([{ ...withoutSpans(records[0]), name: '/atomic.io/network/config' }]);
    const bad = parseEtcdctlGet('/coreos.com/network/config\n{"Network": \n');
    expect(bad.records).toEqual([]);
    expect(bad.diagnostics.map((d) => [d.code, d.severity, d.span.line])).toEqual([['invalid-json', 'error', 1]]);
  });

  it('sets aside other keys, reports values that are not what their key says, never throws', () => {
    const other = parseEtcdctlGet('/coreos.com/network/leases/10.244.2.0-24\n{"Network":"10.244.0.0/16","Backend":{"Type":"vxlan"}}\n');
    expect(other.records).toEqual([]);
    expect(other.diagnostics.map((d) => [d.code, d.severity, d.span.line])).toEqual([['unexpected-text', 'info', 1]]);
    const badLease = parseEtcdctlGet('/coreos.com/network/subnets/10.244.2.0-24\nnot json\n');
    expect(badLease.diagnostics.map((d) => d.code)).toEqual(['invalid-json']);
    const keysOnly = parseEtcdctlGet('/registry/minions/host188\n\n/registry/minions/host189\n\n');
    expect(keysOnly.records.map((r) => r.kind === 'node-object' && [r.name, r.recovered])).toEqual([['host188', true], ['host189', true]]);
    expect(keysOnly.diagnostics.map((d) => d.code)).toEqual(['incomplete', 'incomplete']);
    const badJson = parseEtcdctlGet('{"header":{"cluster_id":1},"kvs":[{"key":"%%%","value":"x"}]}');
    expect(badJson.diagnostics.map((d) => d.code)).toEqual(['invalid-json']);
  });

  it('decodes only what is a Node: another kind or garbled bytes give null', () => {
    const node = { apiVersion: 'v1', name: 'a', annotations: [['k', 'v']] as [string, string][], podCIDRs: ['10.244.0.0/24'], addresses: [{ type: 'InternalIP', address: '10.0.0.1' }] };
    expect(decodeNode(encodeNode(node))).toEqual(node);
    expect(decodeNode(encodeNode(node).replace('Node', 'Pod\u0000'))).toBeNull();
    expect(decodeNode(encodeNode(node).slice(0, -3))).toBeNull();
    expect(decodeNode('k8s\u0000\uffff')).toBeNull();
  });

  it('is told apart from other formats', () => {
    expect(detectFormat(fixture('seed-flattened.txt')).format).toBe('etcdctl-get');
    expect(detectFormat(fixture('subnets.txt')).format).toBe('etcdctl-get');
    expect(detectFormat(printEtcdctlGetSimple([HOST189])).format).toBe('etcdctl-get');
    expect(sniffEtcdctlGet('route -n')).toBe(0);
  });
});
