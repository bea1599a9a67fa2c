import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { captures, readExpected } from '../../../test/support/corpus';
import { withoutSpans } from '../../../test/support/format-properties';
import { ipNeighReader, parseIpNeigh } from './parse';
import { printIpNeigh } from './print';
import { IpNeighEntry } from './schema';
import { sniffIpNeigh } from './sniff';
import { lexer } from './lexer';

const lab = captures('ip-neigh').filter((capture) => capture.origin === 'lab');
const byName = (name: string): string => {
  const capture = captures('ip-neigh').find((c) => c.file.endsWith(`/${name}`));
  if (!capture) throw new Error(`missing capture ${name}`);
  return capture.text;
};
const strip = <T>(records: T[]): T[] => withoutSpans(records);

describe('ip neigh', () => {
  it('reads ip -s neigh with exact values, spans and counters', () => {
    // three lines of flannel-node1__ip_-s_neigh.txt (iproute2 6.1: "5/5/5probes" has no space)
    const text = [
      '10.244.0.4 dev cni0 lladdr 0a:58:0a:f4:00:04  ref 1 used 5/5/5probes 4 REACHABLE ',
      '10.244.0.3 dev cni0 lladdr 0a:58:0a:f4:00:03  used 7/67/7probes 0 STALE ',
      'fe80::1 dev eth0 lladdr 52:54:00:86:00:01  ref 1 used 3/3/3probes 4 REACHABLE ',
      '',
    ].join('\n');
    const { records, diagnostics } = parseIpNeigh(text);
    expect(diagnostics).toEqual([]);
    expect(records).toHaveLength(3);
    const firstLine = '10.244.0.4 dev cni0 lladdr 0a:58:0a:f4:00:04  ref 1 used 5/5/5probes 4 REACHABLE';
    expect(records[0]).toEqual({
      dst: '10.244.0.4', family: 'inet', dev: 'cni0', lladdr: '0a:58:0a:f4:00:04', flags: [], isRouter: false, isProxy: false,
      state: ['REACHABLE'], refcnt: 1, used: 5, confirmed: 5, updated: 5, probes: 4,
      span: { line: 1, column: 1, offset: 0, length: firstLine.length, text: firstLine },
    });
    // no "ref" printed: the reference count is 0
    expect(records[1]).toMatchObject({ dst: '10.244.0.3', refcnt: 0, used: 7, confirmed: 67, updated: 7, probes: 0, state: ['STALE'] });
    expect(records[2]).toMatchObject({ dst: 'fe80::1', family: 'inet6', lladdr: '52:54:00:86:00:01', span: { line: 3 } });
    for (const record of records) expect(IpNeighEntry.safeParse(record).success).toBe(true);
    expect(printIpNeigh(records)).toBe(text);
  });

  it('reads flags, managed entries without lladdr, NUD_NONE, FAILED, proto and proxy entries', () => {
    const { records, diagnostics } = parseIpNeigh(
      [
        '10.0.0.112 dev eth0 managed  ref 1 used 0/7208/8probes 4 INCOMPLETE ',
        '10.0.0.113 dev eth0  used 8/7208/8probes 0 ',
        '10.0.0.106 dev eth0 FAILED ',
        '10.0.0.111 dev eth0 lladdr 02:00:00:00:01:11 PERMANENT proto zebra ',
        '10.0.0.109 dev eth0 lladdr 02:00:00:00:01:09 extern_learn offload PERMANENT ',
        '2001:db8:0:2::200 dev eth1 router proxy ',
        'fe80::22a:6aff:fe65:c3c2 dev bond0.104 lladdr 00:2a:6a:65:c3:c2 router STALE',
        '',
      ].join('\n'),
    );
    expect(diagnostics).toEqual([]);
    expect(strip(records)).toEqual([
      { dst: '10.0.0.112', family: 'inet', dev: 'eth0', lladdr: null, flags: ['managed'], isRouter: false, isProxy: false, state: ['INCOMPLETE'], refcnt: 1, used: 0, confirmed: 7208, updated: 8, probes: 4 },
      { dst: '10.0.0.113', family: 'inet', dev: 'eth0', lladdr: null, flags: [], isRouter: false, isProxy: false, state: [], refcnt: 0, used: 8, confirmed: 7208, updated: 8, probes: 0 },
      { dst: '10.0.0.106', family: 'inet', dev: 'eth0', lladdr: null, flags: [], isRouter: false, isProxy: false, state: ['FAILED'] },
      { dst: '10.0.0.111', family: 'inet', dev: 'eth0', lladdr: '02:00:00:00:01:11', flags: [], isRouter: false, isProxy: false, state: ['PERMANENT'], protocol: 'zebra' },
      { dst: '10.0.0.109', family: 'inet', dev: 'eth0', lladdr: '02:00:00:00:01:09', flags: ['extern_learn', 'offload'], isRouter: false, isProxy: false, state: ['PERMANENT'] },
      { dst: '2001:db8:0:2::200', family: 'inet6', dev: 'eth1', lladdr: null, flags: ['router', 'proxy'], isRouter: true, isProxy: true, state: [] },
      { dst: 'fe80::22a:6aff:fe65:c3c2', family: 'inet6', dev: 'bond0.104', lladdr: '00:2a:6a:65:c3:c2', flags: ['router'], isRouter: true, isProxy: false, state: ['STALE'] },
    ]);
  });

  it('reads ip neigh show dev X: dev null, or the device given as an option', () => {
    const text = byName('flannel-node1__ip_neigh_show_dev_flannel.1.txt');
    expect(parseIpNeigh(text).records.map((r) => [r.dst, r.dev, r.lladdr, r.state])).toEqual([
      ['10.244.2.0', null, '9a:6c:3b:10:00:03', ['PERMANENT']],
      ['10.244.1.0', null, '9a:6c:3b:10:00:02', ['PERMANENT']],
    ]);
    expect(parseIpNeigh(text, { dev: 'flannel.1' }).records.map((r) => r.dev)).toEqual(['flannel.1', 'flannel.1']);
  });

  it('reads the flattened flannel.1 paste of the reference incident as two entries', () => {
    const { records, diagnostics } = parseIpNeigh('10.244.1.0 lladdr 76:50:75:23:dd:f8 PERMANENT 10.244.0.0 lladdr 5a:d6:46:ab:ea:17 PERMANENT', { dev: 'flannel.1' });
    expect(diagnostics).toEqual([]);
    expect(records.map((r) => [r.dst, r.dev, r.lladdr, r.state, r.span.text])).toEqual([
      ['10.244.1.0', 'flannel.1', '76:50:75:23:dd:f8', ['PERMANENT'], '10.244.1.0 lladdr 76:50:75:23:dd:f8 PERMANENT'],
      ['10.244.0.0', 'flannel.1', '5a:d6:46:ab:ea:17', ['PERMANENT'], '10.244.0.0 lladdr 5a:d6:46:ab:ea:17 PERMANENT'],
    ]);
  });

  it('reads every layout of a scene to the same entries (text, -s, -br, BusyBox, -c, -j)', () => {
    const plain = strip(parseIpNeigh(byName('route-zoo__ip_neigh.txt')).records);
    const core = (records: IpNeighEntry[]) =>
      strip(records).map(({ dst, dev, lladdr }) => ({ dst, dev, lladdr }));
    expect(strip(parseIpNeigh(byName('route-zoo__ip_-d_neigh.txt')).records)).toEqual(plain);
    expect(strip(parseIpNeigh(byName('route-zoo__ip_-c=always_neigh.txt')).records)).toEqual(plain);
    expect(strip(parseIpNeigh(byName('route-zoo__ip_-j_neigh.txt')).records)).toEqual(plain);
    expect(core(parseIpNeigh(byName('route-zoo__ip_-br_neigh.txt')).records)).toEqual(plain.map(({ dst, dev, lladdr }) => ({ dst, dev, lladdr })));
    const stats = parseIpNeigh(byName('route-zoo__ip_-s_-j_neigh.txt')).records;
    expect(stats.every((r) => r.used !== undefined && r.refcnt !== undefined)).toBe(true);
  });

  it('reads ip -j neigh into the same record type, with a span per object', () => {
    const text = byName('route-zoo__ip_-j_neigh_show_proxy.txt');
    const { records, diagnostics } = parseIpNeigh(text);
    expect(diagnostics).toEqual([]);
    expect(records[2]).toMatchObject({ dst: '2001:db8:0:2::200', family: 'inet6', dev: 'eth1', lladdr: null, flags: ['router', 'proxy'], isProxy: true, state: [] });
    for (const record of records) {
      expect(text.slice(record.span.offset, record.span.offset + record.span.length)).toBe(record.span.text);
      expect(JSON.parse(record.span.text).dst).toBe(record.dst);
    }
  });

  it('reports JSON that does not parse or has the wrong shape', () => {
    expect(parseIpNeigh('[{"dst":"10.0.0.1",').diagnostics.map((d) => d.code)).toEqual(['invalid-json']);
    expect(parseIpNeigh('[{"dst":5}]').diagnostics.map((d) => d.code)).toEqual(['invalid-json']);
    expect(parseIpNeigh('[{"dst":"nonsense"}]').diagnostics.map((d) => d.code)).toEqual(['invalid-value']);
  });

  it('sets aside junk and remarks, and rejects a MAC in the address column', () => {
    const { records, diagnostics } = parseIpNeigh('###看这里\n10.0.0.1 dev eth0 lladdr 52:54:00:00:00:01 REACHABLE\naa:bb:cc:dd:ee:ff dev eth0 STALE\n');
    expect(records.map((r) => r.dst)).toEqual(['10.0.0.1']);
    expect(diagnostics.map((d) => [d.code, d.span.text])).toEqual([['annotation', '###看这里'], ['invalid-value', 'aa:bb:cc:dd:ee:ff dev eth0 STALE']]);
  });

  it('lexes MAC addresses as link-layer addresses and fe80::1 as IPv6', () => {
    lexer.reset('76:50:75:23:dd:f8 fe80::1 ff02::1:ff00:1 10.0.0.1 5/5/5probes');
    const types = [...lexer].filter((t) => t.type !== 'ws').map((t) => [t.type, t.text]);
    expect(types).toEqual([['hwaddr', '76:50:75:23:dd:f8'], ['ipv6', 'fe80::1'], ['ipv6', 'ff02::1:ff00:1'], ['ipv4', '10.0.0.1'], ['times', '5/5/5'], ['probes', 'probes']]);
  });

  it('sniffs its own output and not others', () => {
    expect(sniffIpNeigh(byName('flannel-node1__ip_neigh.txt'))).toBeGreaterThanOrEqual(0.8);
    expect(sniffIpNeigh(byName('flannel-node1__ip_-j_neigh.txt'))).toBeGreaterThanOrEqual(0.8);
    expect(sniffIpNeigh(byName('flannel-node1__ip_neigh_show_dev_flannel.1.txt'))).toBeGreaterThanOrEqual(0.7);
    expect(sniffIpNeigh('hello world')).toBe(0);
    expect(sniffIpNeigh('default via 10.0.0.1 dev eth0\n')).toBe(0);
  });
});

describe('ip neigh lab captures', () => {
  it('has lab captures', () => expect(lab.length).toBeGreaterThan(10));
  const reader = ipNeighReader({ cache: false });
  for (const capture of captures('ip-neigh')) {
    it(`${capture.file} parses to its reviewed expected records`, () => {
      const result = parseIpNeigh(capture.text);
      expect(result).toEqual(readExpected(capture));
      if (capture.origin === 'lab') expect(result.diagnostics).toEqual([]);
    });
  }
  // -j is JSON and -c colours its fields: neither is a text layout the printer writes
  const printable = lab.filter((c) => !c.file.includes('_-j') && !c.file.includes('-c=') && c.text.length > 0);
  for (const capture of printable) {
    it(`${capture.file} prints back byte for byte`, () => {
      const layout = capture.file.includes('busybox') ? 'legacy' : 'iproute2';
      expect(printIpNeigh(parseIpNeigh(capture.text).records, { layout })).toBe(capture.text);
    });
  }
  it('every capture line has exactly one reading', () => {
    for (const capture of printable) {
      for (const [index, line] of capture.text.split('\n').entries()) {
        const tokens = reader.tokenize(line, 0, index + 1);
        if (tokens.length > 0) expect(reader.countReadings(tokens), `${capture.file}:${index + 1}`).toBe(1);
      }
    }
  });
});

describe('ip neigh peer captures', () => {
  const peer = '/work/shared/peer-corpus/ip-neigh';
  it('prints the copied insights-core capture back in the legacy layout', () => {
    const text = byName('insights-core__test_ip__IP_NEIGH_SHOW.txt');
    expect(printIpNeigh(parseIpNeigh(text).records, { layout: 'legacy' })).toBe(text);
  });
  // GPL-3.0 and unlicensed sources: read in place, never copied
  it.skipIf(!existsSync(peer))('reads the captures not copied here (GPL-3.0, no license) without a diagnostic', () => {
    const read = (name: string) => readFileSync(join(peer, name), 'utf8');
    const dev = parseIpNeigh(read('flysnow911-blogs__flannel-master-ip-neigh-dev-flannel.1.txt'), { dev: 'flannel.1' });
    expect(dev.diagnostics).toEqual([]);
    expect(dev.records.map((r) => [r.dst, r.dev, r.lladdr, r.state])).toEqual([
      ['10.244.2.0', 'flannel.1', '86:22:66:41:77:3d', ['PERMANENT']],
      ['10.244.1.0', 'flannel.1', '92:1b:d8:d1:19:96', ['PERMANENT']],
    ]);
    const probes = parseIpNeigh(read('zeelichsheng-systemdesign__container-ip-neigh-used-probes.txt'));
    expect(probes.diagnostics).toEqual([]);
    expect(strip(probes.records)).toEqual([
      { dst: '172.18.0.1', family: 'inet', dev: 'eth1', lladdr: '02:42:44:98:d0:30', flags: [], isRouter: false, isProxy: false, state: ['STALE'], refcnt: 0, used: 0, confirmed: 0, updated: 0, probes: 1 },
      { dst: '10.0.0.1', family: 'inet', dev: 'eth0', lladdr: '76:20:6b:fc:a5:19', flags: [], isRouter: false, isProxy: false, state: ['STALE'], refcnt: 0, used: 0, confirmed: 0, updated: 0, probes: 4 },
    ]);
    for (const name of ['zeelichsheng-systemdesign__flannel-node1-ip-neigh.txt', 'zeelichsheng-systemdesign__flannel-node2-ip-neigh.txt']) {
      const parsed = parseIpNeigh(read(name));
      expect(parsed.diagnostics).toEqual([]);
      expect(parsed.records.map((r) => r.state)).toEqual([['REACHABLE'], ['PERMANENT']]);
      expect(printIpNeigh(parsed.records, { layout: 'legacy' })).toBe(read(name));
    }
  });
});
