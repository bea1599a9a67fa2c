// Property tests of etcdctl get: generated Nodes and leases printed as etcdctl prints them (-w json
// for the shared properties, whose lines carry no raw bytes; the simple layout on its own below).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { flatten, formatProperties, withoutSpans } from '../../../test/support/format-properties';
import { flannelOf, stringMap } from '../shared/kubernetes/flannel';
import type { FlannelNetConfObject, KubernetesNodeObject } from '../shared/kubernetes/schema';
import { etcdctlGetReader, parseEtcdctlGet } from './parse';
import { printEtcdctlGet, printEtcdctlGetSimple } from './print';
import type { EtcdctlGetRecord, FlannelSubnetLease } from './schema';

const SPAN = { line: 1, column: 1, offset: 0, length: 0, text: '' };
const name = fc.stringMatching(/^[a-z][a-z0-9-]{0,14}[a-z0-9]$/);
const ipv4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((parts) => parts.join('.'));
const cidr = fc.tuple(ipv4, fc.integer({ min: 8, max: 32 })).map(([ip, p]) => `${ip}/${p}`);
const mac = fc.array(fc.nat(255), { minLength: 6, maxLength: 6 }).map((b) => b.map((x) => x.toString(16).padStart(2, '0')).join(':'));

const annotations = fc.record({
  publicIp: fc.option(ipv4, { nil: undefined }),
  mac: fc.option(mac, { nil: undefined }),
  backend: fc.option(fc.constantFrom('vxlan', 'host-gw', 'wireguard', 'udp'), { nil: undefined }),
  manager: fc.option(fc.constantFrom('true', 'false'), { nil: undefined }),
  // other annotations: values of letters, which the recovery cannot delimit and leaves out
  other: fc.dictionary(fc.stringMatching(/^[a-z]{1,8}\.io\/[a-z-]{1,10}$/), fc.stringMatching(/^[a-z]{0,12}$/), { maxKeys: 3 }),
}).map(({ publicIp, mac: vtep, backend, manager, other }) => stringMap([
  ...Object.entries(other),
  ...(publicIp === undefined ? [] : [['flannel.alpha.coreos.com/public-ip', publicIp] as [string, string]]),
  ...(vtep === undefined ? [] : [['flannel.alpha.coreos.com/backend-data', JSON.stringify({ VNI: 1, VtepMAC: vtep })] as [string, string]]),
  ...(backend === undefined ? [] : [['flannel.alpha.coreos.com/backend-type', backend] as [string, string]]),
  ...(manager === undefined ? [] : [['flannel.alpha.coreos.com/kube-subnet-manager', manager] as [string, string]]),
]));

const nodes: fc.Arbitrary<KubernetesNodeObject> = fc
  .record({
    name, podCIDRs: fc.uniqueArray(cidr, { maxLength: 2 }), internalIPs: fc.uniqueArray(ipv4, { maxLength: 2 }),
    externalIPs: fc.uniqueArray(ipv4, { maxLength: 1 }), annotations,
  })
  .map((n) => ({ kind: 'node-object', ...n, flannel: flannelOf(n.annotations), span: SPAN }));

const leases: fc.Arbitrary<FlannelSubnetLease> = fc
  .record({
    subnet: fc.tuple(ipv4, fc.integer({ min: 8, max: 30 })).map(([ip, p]) => `${ip}/${p}`),
    publicIp: fc.option(ipv4, { nil: null }), backendType: fc.option(fc.constantFrom('vxlan', 'host-gw'), { nil: null }), vtepMac: fc.option(mac, { nil: null }),
  })
  .map((l) => ({ kind: 'flannel-subnet-lease', ...l, span: SPAN }));

// flannel's config under its key: the record's fields are what its JSON value says
const configs: fc.Arbitrary<FlannelNetConfObject> = fc
  .record({
    prefix: fc.constantFrom('/coreos.com/network', '/atomic.io/network', '/flannel/network'),
    network: fc.option(fc.tuple(ipv4, fc.integer({ min: 8, max: 24 })).map(([ip, p]) => `${ip}/${p}`), { nil: null }),
    subnetLen: fc.option(fc.integer({ min: 16, max: 28 }), { nil: null }),
    type: fc.option(fc.constantFrom('vxlan', 'host-gw', 'udp'), { nil: null }), vni: fc.option(fc.integer({ min: 1, max: 4096 }), { nil: null }),
  })
  .map(({ prefix, network, subnetLen, type, vni }) => {
    const backend = type === null && vni === null ? null : { type, vni, port: null, gbp: null, directRouting: null };
    const value = {
      ...(network === null ? {} : { Network: network }), ...(subnetLen === null ? {} : { SubnetLen: subnetLen }),
      ...(backend === null ? {} : { Backend: { ...(type === null ? {} : { Type: type }), ...(vni === null ? {} : { VNI: vni }) } }),
    };
    return {
      kind: 'flannel-net-conf', namespace: null, name: `${prefix}/config`, network, ipv6Network: null, enableIPv4: null, enableIPv6: null,
      subnetLen, subnetMin: null, subnetMax: null, backend, json: JSON.stringify(value), span: SPAN,
    };
  });

const records: fc.Arbitrary<EtcdctlGetRecord[]> = fc.array(fc.oneof(nodes, leases, configs), { minLength: 1, maxLength: 5 });

describe('etcdctl get properties (-w json)', () => {
  const uncached = etcdctlGetReader({ cache: false });
  formatProperties<EtcdctlGetRecord>({
    records,
    print: printEtcdctlGet,
    parse: (text) => parseEtcdctlGet(text),
    parseWithoutCache: (text) => parseEtcdctlGet(text, { reader: uncached }),
    // junk without braces: a "{" would open a JSON value around the response
    junkLines: fc.oneof(
      fc.constantFrom('###看这里', '----问题节点----', '[root@host188 ~]#', '...', 'hello world'),
      fc.string({ maxLength: 40 }).map((s) => s.replace(/[\r\n{}]/g, ' ')),
    ),
  });
});

// the simple layout's lines go through the grammar and its shape cache (-w json is read as JSON)
describe('etcdctl get properties (the simple layout, through the grammar)', () => {
  const uncached = etcdctlGetReader({ cache: false });
  formatProperties<EtcdctlGetRecord>({
    records,
    print: printEtcdctlGetSimple,
    // flattened, a value loses its line breaks: the next describe reads what is recovered of it
    flattens: false,
    // before the output only: a line after a key is its value, and one after a value may be more of
    // it (a JSON value goes on for lines, a protobuf one holds any byte, newlines too)
    junkAt: () => [0],
    parse: (text) => parseEtcdctlGet(text),
    parseWithoutCache: (text) => parseEtcdctlGet(text, { reader: uncached }),
    junkLines: fc.oneof(
      fc.constantFrom('###看这里', '----问题节点----', '[root@host188 ~]#', '...', 'hello world'),
      fc.string({ maxLength: 40 }).map((s) => s.replace(/[\r\n{}]/g, ' ')),
    ),
  });
});

describe('etcdctl get properties (the simple layout)', () => {
  it('whole values decode exactly: parse(print(records)) gives the records back', () => {
    fc.assert(fc.property(records, (list) => {
      const parsed = parseEtcdctlGet(printEtcdctlGetSimple(list));
      expect(parsed.diagnostics).toEqual([]);
      expect(withoutSpans(parsed.records)).toEqual(withoutSpans(list));
    }), { numRuns: 100 });
  });

  it('a flattened paste gives the same name, CIDRs, addresses and flannel fields, marked recovered', () => {
    fc.assert(fc.property(fc.array(nodes, { minLength: 1, maxLength: 3 }), (list) => {
      const parsed = parseEtcdctlGet(flatten(printEtcdctlGetSimple(list)));
      const strip = (r: EtcdctlGetRecord) => (r.kind === 'node-object' ? [r.name, r.podCIDRs, r.internalIPs, r.externalIPs, r.flannel] : r.kind);
      expect(parsed.records.map(strip)).toEqual(list.map(strip));
      expect(parsed.records.every((r) => r.kind === 'node-object' && r.recovered === true)).toBe(true);
      expect(parsed.diagnostics.every((d) => d.severity === 'info')).toBe(true);
    }), { numRuns: 100 });
  });
});
