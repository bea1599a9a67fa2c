import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { captures, readExpected, ROOT } from '../../../test/support/corpus';
import { withoutSpans } from '../../../test/support/format-properties';
import { bridgeFdbReader, parseBridgeFdb } from './parse';
import { printBridgeFdb } from './print';
import { BridgeFdbEntry } from './schema';
import { sniffBridgeFdb } from './sniff';
import { lexer } from './lexer';
import { bridgeFdb } from './index';

// Lines of lab captures (corpus/captures/bridge-fdb, iproute2 6.1.0): fdb-zoo and flannel-node1, bridge -s -s -d -t fdb show
const ZOO = [
  '02:00:00:00:30:04 dev p2 used 0/0 extern_learn master br0 ',
  '02:00:00:00:30:03 dev p2 used 0/0 sticky master br0 static',
  '02:00:00:00:10:07 dev vxlan100 nhid 110 used 0/0 self permanent',
  '02:00:00:00:10:09 dev vxlan100 dst 10.1.0.8 port 8472 vni 1001 via u0 used 0/0 self permanent',
  '02:00:00:00:10:06 dev vxlan101 dst 2001:db8:1::2 used 0/0 self permanent',
  '02:00:00:00:20:02 dev vxlan0 dst 10.1.0.3 port 8472 vni 6000 src_vni 5000 used 0/0 self permanent',
  '9a:6c:3b:10:00:03 dev flannel.1 dst 192.168.86.191 used 8/8 self permanent',
  '0a:58:0a:f4:00:02 dev veth3f1c2a7e used 4/3 master cni0 ',
  '33:33:00:00:00:01 dev eth0 self permanent',
].join('\n') + '\n';

const lab = captures('bridge-fdb').filter((c) => c.origin === 'lab');
const manifest = JSON.parse(readFileSync(join(ROOT, 'corpus/captures/manifest.json'), 'utf8')) as { file: string; command: string }[];
const commandOf = (file: string): string => manifest.find((m) => `corpus/captures/${m.file}` === file)?.command ?? '';
const isJson = (text: string): boolean => text.trimStart().startsWith('[');

describe('bridge fdb show', () => {
  it('reads vxlan, bridge and -s fields with exact values', () => {
    const { records, diagnostics } = parseBridgeFdb(ZOO);
    expect(diagnostics).toEqual([]);
    expect(withoutSpans(records)).toEqual([
      { mac: '02:00:00:00:30:04', dev: 'p2', used: 0, updated: 0, flags: ['extern_learn'], master: 'br0', state: '', isDynamic: true, isMulticast: false },
      { mac: '02:00:00:00:30:03', dev: 'p2', used: 0, updated: 0, flags: ['sticky'], master: 'br0', state: 'static', isDynamic: false, isMulticast: false },
      { mac: '02:00:00:00:10:07', dev: 'vxlan100', nhid: 110, used: 0, updated: 0, flags: ['self'], state: 'permanent', isDynamic: false, isMulticast: false },
      {
        mac: '02:00:00:00:10:09', dev: 'vxlan100', dst: '10.1.0.8', port: 8472, vni: 1001, via: 'u0', used: 0, updated: 0,
        flags: ['self'], state: 'permanent', isDynamic: false, isMulticast: false,
      },
      { mac: '02:00:00:00:10:06', dev: 'vxlan101', dst: '2001:db8:1::2', used: 0, updated: 0, flags: ['self'], state: 'permanent', isDynamic: false, isMulticast: false },
      {
        mac: '02:00:00:00:20:02', dev: 'vxlan0', dst: '10.1.0.3', port: 8472, vni: 6000, srcVni: 5000, used: 0, updated: 0,
        flags: ['self'], state: 'permanent', isDynamic: false, isMulticast: false,
      },
      { mac: '9a:6c:3b:10:00:03', dev: 'flannel.1', dst: '192.168.86.191', used: 8, updated: 8, flags: ['self'], state: 'permanent', isDynamic: false, isMulticast: false },
      { mac: '0a:58:0a:f4:00:02', dev: 'veth3f1c2a7e', used: 4, updated: 3, flags: [], master: 'cni0', state: '', isDynamic: true, isMulticast: false },
      { mac: '33:33:00:00:00:01', dev: 'eth0', flags: ['self'], state: 'permanent', isDynamic: false, isMulticast: true },
    ]);
    // the span ends at the last token: the learned entry's trailing space is not part of it
    expect(records[0]?.span).toEqual({ line: 1, column: 1, offset: 0, length: 57, text: '02:00:00:00:30:04 dev p2 used 0/0 extern_learn master br0' });
    expect(records[1]?.span.line).toBe(2);
    for (const record of records) expect(BridgeFdbEntry.safeParse(record).success).toBe(true);
    expect(printBridgeFdb(records)).toBe(ZOO);
  });

  it('leaves dev null under show dev X, or takes it from the option', () => {
    const text = '9a:6c:3b:10:00:03 dst 192.168.86.191 used 9/9 self permanent\n02:00:00:00:10:04 extern_learn master br0 \n';
    const plain = parseBridgeFdb(text);
    expect(plain.diagnostics).toEqual([]);
    expect(plain.records.map((r) => r.dev)).toEqual([null, null]);
    expect(printBridgeFdb(plain.records)).toBe(text);
    const named = parseBridgeFdb(text, { dev: 'flannel.1' });
    expect(named.records.map((r) => r.dev)).toEqual(['flannel.1', 'flannel.1']);
    expect(printBridgeFdb(named.records, { omitDev: true })).toBe(text);
  });

  it('reads the flattened paste of the reference incident as four entries', () => {
    const flat =
      '01:00:5e:00:00:01 dev ens160 self permanent 01:00:5e:00:00:01 dev docker0 self permanent ' +
      'b6:88:ae:4a:ac:42 dev docker0 vlan 1 master docker0 permanent 76:50:75:23:dd:f8 dev flannel.1 dst 192.168.86.190 self permanent';
    const { records, diagnostics } = parseBridgeFdb(flat);
    expect(diagnostics).toEqual([]);
    expect(records.map((r) => [r.mac, r.dev, r.vlan ?? null, r.dst ?? null, r.master ?? null, r.flags, r.state])).toEqual([
      ['01:00:5e:00:00:01', 'ens160', null, null, null, ['self'], 'permanent'],
      ['01:00:5e:00:00:01', 'docker0', null, null, null, ['self'], 'permanent'],
      ['b6:88:ae:4a:ac:42', 'docker0', 1, null, 'docker0', [], 'permanent'],
      ['76:50:75:23:dd:f8', 'flannel.1', null, '192.168.86.190', null, ['self'], 'permanent'],
    ]);
    expect(records[3]?.span).toMatchObject({ line: 1, column: flat.indexOf('76:50') + 1, text: '76:50:75:23:dd:f8 dev flannel.1 dst 192.168.86.190 self permanent' });
    expect(printBridgeFdb(records)).toBe(
      '01:00:5e:00:00:01 dev ens160 self permanent\n01:00:5e:00:00:01 dev docker0 self permanent\n' +
        'b6:88:ae:4a:ac:42 dev docker0 vlan 1 master docker0 permanent\n76:50:75:23:dd:f8 dev flannel.1 dst 192.168.86.190 self permanent\n',
    );
  });

  it('reads flattened learned entries (state "") and remarks between entries', () => {
    const flat = '0a:58:0a:f4:00:02 dev veth3f1c2a7e master cni0  ###这个是pod ca:d1:61:0d:da:82 dev veth3f1c2a7e master cni0 permanent';
    const { records, diagnostics } = parseBridgeFdb(flat);
    expect(records.map((r) => [r.mac, r.state, r.span.text])).toEqual([
      ['0a:58:0a:f4:00:02', '', '0a:58:0a:f4:00:02 dev veth3f1c2a7e master cni0'],
      ['ca:d1:61:0d:da:82', 'permanent', 'ca:d1:61:0d:da:82 dev veth3f1c2a7e master cni0 permanent'],
    ]);
    expect(diagnostics.map((d) => [d.code, d.span.text])).toEqual([['annotation', '###这个是pod']]);
  });

  it('reads what iproute2 prints but the lab did not: Deleted, vlan, via ifindex, link-netnsid, -d attrs, router, offload, unnamed states', () => {
    const text =
      'Deleted 02:00:00:00:00:01 dev vx0 dst 10.0.0.2 vlan 10 via ifindex 7 link-netnsid 0 activity_notify inactive used 3/4 self router offload master master br0 state=0x2\n' +
      '02:00:00:00:00:02 dev p1 vlan 4094 locked master br0 stale\n';
    const { records, diagnostics } = parseBridgeFdb(text);
    expect(diagnostics).toEqual([]);
    expect(withoutSpans(records)).toEqual([
      {
        deleted: true, mac: '02:00:00:00:00:01', dev: 'vx0', dst: '10.0.0.2', vlan: 10, viaIfindex: 7, linkNetnsid: 0,
        activityNotify: true, inactive: true, used: 3, updated: 4, flags: ['self', 'router', 'offload', 'master'], master: 'br0',
        state: 'state=0x2', isDynamic: true, isMulticast: false,
      },
      { mac: '02:00:00:00:00:02', dev: 'p1', vlan: 4094, flags: ['locked'], master: 'br0', state: 'stale', isDynamic: true, isMulticast: false },
    ]);
    expect(printBridgeFdb(records)).toBe(text);
  });

  it('reads old iproute2 layouts: "vlan 0" without flags, and a bare "master"', () => {
    const text = 'b2:b3:c4:3d:89:c3 dev veth603752d vlan 0 permanent\n02:42:c0:a8:d0:02 dev veth603752d vlan 0 \n56:84:7a:fe:97:99 dev docker0 master permanent\n';
    const { records, diagnostics } = parseBridgeFdb(text);
    expect(diagnostics).toEqual([]);
    expect(records.map((r) => [r.vlan, r.flags, r.master, r.state])).toEqual([
      [0, [], undefined, 'permanent'],
      [0, [], undefined, ''],
      [undefined, ['master'], undefined, 'permanent'],
    ]);
  });

  it('reports junk, repeated keys and bad addresses, and never drops text', () => {
    const text = 'hello world\n02:00:00:00:00:01 dev a dev b dst 999.1.1.1 self permanent\n[root@node ~]# bridge fdb show\n';
    const { records, diagnostics } = parseBridgeFdb(text);
    expect(records.map((r) => [r.dev, r.dst])).toEqual([['b', '999.1.1.1']]);
    expect(diagnostics.map((d) => [d.code, d.severity, d.span.text])).toEqual([
      ['unexpected-token', 'error', 'hello world'],
      ['invalid-value', 'warning', 'dev'],
      ['invalid-value', 'warning', '999.1.1.1'],
      ['unexpected-token', 'error', '[root@node ~]# bridge fdb show'],
    ]);
  });

  it('reports numbers bridge cannot print instead of reading them', () => {
    const { records, diagnostics } = parseBridgeFdb('02:00:00:00:00:01 dev p1 vlan -1 vni 99999999999999999999 link-netnsid -1 self permanent\n');
    expect(records.map((r) => [r.vlan, r.vni, r.linkNetnsid])).toEqual([[undefined, undefined, -1]]);
    expect(diagnostics.map((d) => [d.code, d.span.text])).toEqual([['invalid-value', '-1'], ['invalid-value', '99999999999999999999']]);
    for (const record of records) expect(BridgeFdbEntry.safeParse(record).success).toBe(true);
  });

  it('reads bridge -c (colours) as the plain text, its spans in the text as given', () => {
    // real: bridge -c fdb show and -color=always fdb show dev flannel.1 (iproute2 6.1) in a lab netns
    const coloured = '\u001b[33m0e:7a:42:00:00:0c \u001b[0mdev \u001b[36mflannel.1 \u001b[0mdst \u001b[35m10.0.0.13 \u001b[0mself permanent\n'
      + '\u001b[33m0e:7a:42:00:00:0c \u001b[0mdst \u001b[35m10.0.0.13 \u001b[0mself permanent\n';
    const plain = '0e:7a:42:00:00:0c dev flannel.1 dst 10.0.0.13 self permanent\n0e:7a:42:00:00:0c dst 10.0.0.13 self permanent\n';
    for (const reader of [bridgeFdbReader(), bridgeFdbReader({ cache: false })]) {
      const read = parseBridgeFdb(coloured, { reader });
      expect(read.diagnostics).toEqual([]);
      expect(withoutSpans(read.records)).toEqual(withoutSpans(parseBridgeFdb(plain).records));
      expect(read.records.map((r) => r.span.text)).toEqual([
        '0e:7a:42:00:00:0c \u001b[0mdev \u001b[36mflannel.1 \u001b[0mdst \u001b[35m10.0.0.13 \u001b[0mself permanent',
        '0e:7a:42:00:00:0c \u001b[0mdst \u001b[35m10.0.0.13 \u001b[0mself permanent',
      ]);
    }
  });

  it('reads bridge -j fdb show into the same records as the text', () => {
    const json =
      '[{"mac":"02:00:00:00:10:09","ifname":"vxlan100","dst":"10.1.0.8","port":8472,"vni":1001,"viaIf":"u0","used":0,"updated":0,"flags":["self"],"state":"permanent"},' +
      '{"mac":"02:00:00:00:30:04","ifname":"p2","used":0,"updated":0,"flags":["extern_learn"],"master":"br0","state":""}]\n';
    const { records, diagnostics } = parseBridgeFdb(json);
    expect(diagnostics).toEqual([]);
    expect(withoutSpans(records)).toEqual(withoutSpans(parseBridgeFdb(`${ZOO.split('\n')[3]}\n${ZOO.split('\n')[0]}\n`).records));
    const second = json.indexOf('{"mac":"02:00:00:00:30:04"');
    const end = json.lastIndexOf(']');
    expect(records[1]?.span).toEqual({ line: 1, column: second + 1, offset: second, length: end - second, text: json.slice(second, end) });
  });

  it('reads old and unusual -j keys, and reports what it cannot read', () => {
    const json = JSON.stringify([
      { opCode: 'deleted', mac: '02:00:00:00:00:01', dev: 'p1', vlan: 5, viaIfIndex: 3, linkNetNsId: 1, activity_notify: true, flags: ['self', 'master', 'bogus'], state: '0x40', extra: 1 },
      { ifname: 'p1' },
    ]);
    const { records, diagnostics } = parseBridgeFdb(json);
    expect(withoutSpans(records)).toEqual([
      {
        deleted: true, mac: '02:00:00:00:00:01', dev: 'p1', vlan: 5, viaIfindex: 3, linkNetnsid: 1, activityNotify: true,
        flags: ['self', 'master'], state: 'state=0x40', isDynamic: false, isMulticast: false,
      },
    ]);
    expect(diagnostics.map((d) => [d.code, d.severity])).toEqual([
      ['invalid-json', 'warning'],
      ['invalid-json', 'warning'],
      ['invalid-json', 'error'],
    ]);
    expect(diagnostics[2]?.span.text).toBe('{"ifname":"p1"}');
  });

  it('reports JSON it cannot parse, but reads a prompt line as text', () => {
    const broken = parseBridgeFdb('[{"mac":"02:00:00:00:00:01",');
    expect(broken.records).toEqual([]);
    expect(broken.diagnostics.map((d) => [d.code, d.span.text])).toEqual([['invalid-json', '[{"mac":"02:00:00:00:00:01",']]);
    expect(parseBridgeFdb('[]\n')).toEqual({ format: 'bridge-fdb', records: [], diagnostics: [] });
    expect(parseBridgeFdb('[ ]\n')).toEqual({ format: 'bridge-fdb', records: [], diagnostics: [] });
  });

  it('lexes keywords as their own types', () => {
    lexer.reset('02:00:00:00:10:09 dev src_vni dst 2001:db8::1 used 1/2 self state=0x2 link-netnsid -1');
    const types = [...lexer].filter((t) => t.type !== 'ws').map((t) => t.type);
    expect(types).toEqual(['mac', 'kwDev', 'kwSrcVni', 'kwDst', 'ipv6', 'kwUsed', 'timers', 'kwSelf', 'stateHex', 'kwLinkNetnsid', 'int']);
  });

  it('sniffs text and JSON', () => {
    expect(sniffBridgeFdb(ZOO)).toBeGreaterThan(0.8);
    expect(sniffBridgeFdb('[{"mac":"02:00:00:00:10:09","ifname":"vxlan100","flags":["self"]}]')).toBeGreaterThan(0.8);
    expect(sniffBridgeFdb('10.244.1.0 dev flannel.1 lladdr 9a:6c:3b:10:00:02 PERMANENT')).toBe(0);
    expect(sniffBridgeFdb('hello world')).toBe(0);
  });

  it('lists its commands', () => {
    expect(bridgeFdb.id).toBe('bridge-fdb');
    expect(bridgeFdb.commands).toContain('bridge fdb show');
  });
});

describe('bridge-fdb lab captures', () => {
  it('has lab captures', () => {
    expect(lab.length).toBeGreaterThan(0);
  });
  const reader = bridgeFdbReader({ cache: false });
  for (const capture of captures('bridge-fdb')) {
    it(`${capture.file} parses to its expected records`, () => {
      const result = parseBridgeFdb(capture.text);
      expect(result).toEqual(readExpected(capture));
      if (capture.origin === 'lab') expect(result.diagnostics).toEqual([]);
    });
  }
  for (const capture of lab.filter((c) => !isJson(c.text))) {
    it(`${capture.file} prints back byte for byte, every line with one reading`, () => {
      const command = commandOf(capture.file);
      const filtered = / (?:dev|brport) /.test(command);
      expect(printBridgeFdb(parseBridgeFdb(capture.text).records, { omitDev: filtered })).toBe(capture.text);
      let offset = 0;
      capture.text.split('\n').forEach((line, index) => {
        const tokens = reader.tokenize(line, offset, index + 1);
        if (tokens.length > 0) expect(reader.countReadings(tokens), line).toBe(1);
        offset += line.length + 1;
      });
    });
  }
  it('text and -j of the same table read alike', () => {
    let pairs = 0;
    for (const capture of lab.filter((c) => c.file.endsWith('__bridge_fdb_show.txt'))) {
      const json = lab.find((c) => c.file === capture.file.replace('__bridge_fdb_show', '__bridge_-j_fdb_show'));
      if (!json) continue;
      pairs++;
      expect(withoutSpans(parseBridgeFdb(json.text).records), json.file).toEqual(withoutSpans(parseBridgeFdb(capture.text).records));
    }
    expect(pairs).toBeGreaterThan(0);
  });
});

// Peer captures whose license does not allow copying them here (GPL-3.0, none stated, issue text): read in place.
const PEER = '/work/shared/peer-corpus/bridge-fdb';
describe.skipIf(!existsSync(PEER))('bridge-fdb peer captures read in place', () => {
  const read = (name: string): string => readFileSync(join(PEER, name), 'utf8');
  it('flysnow911 (CentOS 7 flannel master): vlan 1 entries and learned entries', () => {
    const { records, diagnostics } = parseBridgeFdb(read('flysnow911-blogs__flannel-master-bridge-fdb-show.txt'));
    expect(diagnostics).toEqual([]);
    expect(records).toHaveLength(36);
    expect(records.filter((r) => r.vlan === 1)).toHaveLength(5);
    expect(records.filter((r) => r.dst !== undefined).map((r) => [r.mac, r.dst])).toEqual([
      ['ca:59:7d:c2:5e:0f', '192.168.2.202'], ['86:22:66:41:77:3d', '192.168.2.202'],
      ['92:1b:d8:d1:19:96', '192.168.2.201'], ['f2:21:6b:d8:af:b0', '192.168.2.201'],
    ]);
    expect(records.filter((r) => r.isDynamic).map((r) => r.mac)).toEqual(['7a:74:56:6b:40:e8', '06:aa:68:89:d6:17']);
  });
  it('flannel#203 (iproute2 of 2015): "vlan 0" without self or master', () => {
    const { records, diagnostics } = parseBridgeFdb(read('gh-issue-flannel-203__bridge-fdb-old-vlan0.txt'));
    expect(diagnostics).toEqual([]);
    expect(records.filter((r) => r.vlan === 0).map((r) => [r.mac, r.dev, r.flags, r.state])).toEqual([
      ['b2:b3:c4:3d:89:c3', 'veth603752d', [], 'permanent'],
      ['02:42:c0:a8:d0:02', 'veth603752d', [], ''],
      ['56:84:7a:fe:97:99', 'docker0', [], 'permanent'],
    ]);
    expect(records).toHaveLength(9);
  });
  it('zeelichsheng docker0 tables, one with an NBSP pasted after a name', () => {
    const br = parseBridgeFdb(read('zeelichsheng-systemdesign__docker0-fdb-br.txt'));
    expect(br.diagnostics).toEqual([]);
    expect(br.records.map((r) => [r.mac, r.vlan, r.master])).toEqual([
      ['33:33:00:00:00:01', undefined, undefined], ['01:00:5e:00:00:01', undefined, undefined],
      ['02:42:d2:3b:16:c6', undefined, 'docker0'], ['02:42:d2:3b:16:c6', 1, 'docker0'],
    ]);
    const veth = parseBridgeFdb(read('zeelichsheng-systemdesign__docker0-fdb-bridge-with-veth.txt'));
    expect(veth.diagnostics).toEqual([]);
    expect(veth.records).toHaveLength(17);
    const learned = veth.records.find((r) => r.mac === '02:42:ac:11:00:02');
    expect(learned).toMatchObject({ dev: 'veth9a62ffa', master: 'docker0', state: '', isDynamic: true });
    expect(learned?.span.text).toBe('02:42:ac:11:00:02 dev veth9a62ffa master docker0');
  });
});
