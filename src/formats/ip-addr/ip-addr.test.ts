import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { captures, readExpected } from '../../../test/support/corpus';
import { flatten, withoutSpans } from '../../../test/support/format-properties';
import { ipAddrReaders, parseIpAddr } from './parse';
import { printIpAddr } from './print';
import { IpAddrInterface } from './schema';
import { sniffIpAddr } from './sniff';
import { lexer } from './lexer';

const lab = captures('ip-addr').filter((c) => c.origin === 'lab');
const peer = captures('ip-addr').filter((c) => c.origin === 'peer');
const read = (name: string): string => (lab.find((c) => c.file.endsWith(`/${name}`)) as { text: string }).text;
// ip -c colours: every escape in the lab captures is a CSI colour code ending in m
const ESC = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');
const isJson = (text: string): boolean => text.trimStart().startsWith('[');

describe('ip addr corpus', () => {
  it('has lab and peer captures', () => {
    expect(lab.length).toBeGreaterThan(100);
    expect(peer.length).toBeGreaterThan(5);
  });
  for (const capture of [...lab, ...peer]) {
    it(`${capture.file} parses to its expected records`, () => {
      const result = parseIpAddr(capture.text);
      expect(result).toEqual(readExpected(capture));
      if (capture.origin === 'lab') expect(result.diagnostics).toEqual([]);
      for (const record of result.records) expect(IpAddrInterface.safeParse(record).success).toBe(true);
    });
  }
  // text layouts the printer writes: block (with -d, -s), -o, -br, BusyBox; not JSON, not colours
  for (const capture of lab.filter((c) => !isJson(c.text) && !c.text.includes('\u001b'))) {
    it(`${capture.file} prints back byte for byte`, () => {
      expect(printIpAddr(parseIpAddr(capture.text).records)).toBe(capture.text);
    });
  }
});

describe('ip addr', () => {
  const text = read('flannel-node1__ip_addr.txt');
  const { records } = parseIpAddr(text);

  it('reads the flannel node with exact values', () => {
    // veth link-local addresses change with every lab run: compare the stable ones
    const stable = (a: { local: string; prefixLength: number }) => (a.local.startsWith('fe80::') ? 'fe80' : `${a.local}/${a.prefixLength}`);
    expect(records.map((r) => [r.index, r.ifname, r.link, r.state, r.master, r.addresses.map(stable)])).toEqual([
      [1, 'lo', undefined, 'UNKNOWN', undefined, ['127.0.0.1/8', '::1/128']],
      [2, 'eth0', 'if3', 'UP', undefined, ['192.168.86.189/24', '192.168.86.201/24', '192.168.86.202/24', '2001:db8:86::189/64', 'fe80']],
      [3, 'flannel.1', undefined, 'UNKNOWN', undefined, ['10.244.0.0/32', 'fe80']],
      [4, 'cni0', undefined, 'UP', undefined, ['10.244.0.1/24', 'fe80']],
      [5, 'docker0', undefined, 'DOWN', undefined, ['172.17.0.1/16']],
      [6, 'veth3f1c2a7e', 'if2', 'UP', 'cni0', ['fe80']],
      [7, 'veth9b04d1c2', 'if2', 'UP', 'cni0', ['fe80']],
      [8, 'vethd2e6a019', 'if2', 'UP', 'cni0', ['fe80']],
      [9, 'tunl0', 'if2', 'UP', undefined, ['10.244.2.0/32']],
    ]);
    const eth0 = records[1] as IpAddrInterface;
    expect(eth0).toMatchObject({
      linkIndex: 3, flags: ['BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP'], isUp: true, isLowerUp: true, mtu: 1500,
      qdisc: 'noqueue', group: 'default', qlen: 1000, linkType: 'ether', address: '52:54:00:86:01:89',
      broadcast: 'ff:ff:ff:ff:ff:ff', linkNetns: 'nslab-underlay',
    });
    expect(eth0.addresses[0]).toEqual({
      family: 'inet', local: '192.168.86.189', prefixLength: 24, metric: 100, broadcast: '192.168.86.255', scope: 'global',
      flags: ['dynamic'], label: 'eth0', secondary: false, dynamic: true, validLft: 86394, preferredLft: 86394,
      span: {
        line: 9, column: 5, offset: text.indexOf('inet 192.168.86.189'),
        length: 'inet 192.168.86.189/24 metric 100 brd 192.168.86.255 scope global dynamic eth0\n       valid_lft 86394sec preferred_lft 86394sec'.length,
        text: 'inet 192.168.86.189/24 metric 100 brd 192.168.86.255 scope global dynamic eth0\n       valid_lft 86394sec preferred_lft 86394sec',
      },
    });
    expect(eth0.addresses[1]).toMatchObject({ label: 'eth0:1', secondary: true, flags: ['secondary'], validLft: 'forever' });
    expect(eth0.addresses[3]).toMatchObject({ family: 'inet6', flags: ['dynamic', 'mngtmpaddr', 'noprefixroute'], preferredLft: 14394 });
    expect(eth0.span.line).toBe(7);
    expect(eth0.span.text.split('\n')).toHaveLength(12);
    expect(records[4]?.isLowerUp).toBe(false);
  });

  it('reads -d details: vxlan fields typed, the other words kept', () => {
    const detail = parseIpAddr(read('flannel-node1__ip_-d_address.txt')).records;
    const flannel = detail[2] as IpAddrInterface;
    expect(flannel.vxlan).toEqual({ id: 1, local: '192.168.86.189', dev: 'eth0', srcport: [0, 0], dstport: 8472, learning: false, ageing: 300 });
    expect(flannel.linkinfo?.options).toContain('udpcsum');
    expect(flannel).toMatchObject({ promiscuity: 0, allmulti: 0, minmtu: 68, maxmtu: 65535 });
    expect(flannel.properties).toEqual({ numtxqueues: 1, numrxqueues: 1, gso_max_size: 65536, gso_max_segs: 65535, tso_max_size: 524280, tso_max_segs: 65535, gro_max_size: 65536 });
    const veth = detail[5] as IpAddrInterface;
    expect(veth.linkinfo).toEqual({ kind: 'veth', options: [] });
    expect(veth.slave?.kind).toBe('bridge');
    expect(veth.slave?.options?.slice(0, 4)).toEqual(['state', 'forwarding', 'priority', '32']);
  });

  it('reads ip -j addr into the same records as ip addr (spans and link-netns names aside)', () => {
    const json = parseIpAddr(read('flannel-node1__ip_-j_addr.txt'));
    expect(json.diagnostics).toEqual([]);
    const strip = (list: IpAddrInterface[]) => withoutSpans(list).map(({ linkNetns: _n, linkNetnsid: _i, ...rest }) => rest);
    expect(strip(json.records)).toEqual(strip(records));
    expect(json.records[1]?.linkNetnsid).toBe(0);
    expect(json.records[1]?.span.text.startsWith('{"ifindex":2')).toBe(true);
    expect(json.records[1]?.addresses[0]?.span.text.startsWith('{"family":"inet","local":"192.168.86.189"')).toBe(true);
  });

  it('reads ip -d -j addr details into the same typed vxlan fields', () => {
    const json = parseIpAddr(read('flannel-node1__ip_-d_-j_addr.txt')).records;
    expect(json[2]?.vxlan).toEqual(parseIpAddr(read('flannel-node1__ip_-d_address.txt')).records[2]?.vxlan);
    expect(json[2]?.properties).toEqual(parseIpAddr(read('flannel-node1__ip_-d_address.txt')).records[2]?.properties);
  });

  it('reads ip -o addr into one record per interface', () => {
    const oneline = parseIpAddr(read('flannel-node1__ip_-o_addr.txt')).records;
    expect(withoutSpans(oneline.map((r) => r.addresses))).toEqual(withoutSpans(records.map((r) => r.addresses)));
    expect(oneline[0]).toMatchObject({ index: 1, ifname: 'lo' });
    expect(oneline[0]?.flags).toBeUndefined();
  });

  it('reads ip -br addr and ip -c colours', () => {
    const brief = parseIpAddr(read('flannel-node1__ip_-br_addr.txt')).records;
    expect(brief[1]).toMatchObject({ ifname: 'eth0', link: 'if3', state: 'UP' });
    expect(brief[1]?.addresses.map((a) => [a.local, a.prefixLength, a.metric])).toEqual([
      ['192.168.86.189', 24, 100], ['192.168.86.201', 24, undefined], ['192.168.86.202', 24, undefined],
      ['2001:db8:86::189', 64, undefined], ['fe80::5054:ff:fe86:189', 64, undefined],
    ]);
    const coloured = read('route-zoo__ip_-c=always_addr.txt');
    const plain = parseIpAddr(coloured.replaceAll(ESC, ''));
    const colour = parseIpAddr(coloured);
    expect(withoutSpans(colour.records)).toEqual(withoutSpans(plain.records));
    expect(colour.records[0]?.addresses[0]?.span.text).toBe('inet \u001b[35m127.0.0.1\u001b[0m/8 scope host lo\n       valid_lft forever preferred_lft forever');
  });

  it('reads a flattened paste like the original, with the remark as a diagnostic', () => {
    const detail = read('flannel-node1__ip_-s_addr.txt');
    const flat = flatten(detail).replace('3: flannel.1:', '###看这里 3: flannel.1:');
    const parsed = parseIpAddr(flat);
    expect(withoutSpans(parsed.records)).toEqual(withoutSpans(parseIpAddr(detail).records));
    expect(parsed.diagnostics.map((d) => [d.code, d.span.text])).toEqual([['annotation', '###看这里']]);
  });

  it('gives one reading per line of every lab capture (the grammar is unambiguous)', () => {
    const { full, brief } = ipAddrReaders();
    for (const capture of lab.filter((c) => !isJson(c.text))) {
      const reader = capture.file.includes('-br_') ? brief : full;
      let offset = 0;
      capture.text.split('\n').forEach((line, i) => {
        const tokens = reader.tokenize(line.replaceAll(ESC, ''), offset, i + 1);
        if (tokens.length > 0) expect(reader.countReadings(tokens), `${capture.file}:${i + 1}`).toBeLessThanOrEqual(1);
        offset += line.length + 1;
      });
    }
  });

  it('reports damaged pastes: the mangled flannel issue paste (read in place)', () => {
    const file = '/work/shared/peer-corpus/ip-addr/gh-issue-flannel-1387__ip-addr-master-partial.txt';
    if (!existsSync(file)) return;
    const parsed = parseIpAddr(readFileSync(file, 'utf8'));
    expect(parsed.records.map((r) => r.ifname)).toEqual(['lo', 'eth0', 'docker0', 'flannel.1']);
    // the inet line lost its address (a TAB as stored); its lifetimes then have no address to belong to
    expect(parsed.diagnostics.map((d) => [d.code, d.span.line, d.span.text])).toEqual([
      ['unexpected-token', 19, 'inet \t scope global flannel.1'],
      ['incomplete', 20, 'valid_lft forever preferred_lft forever'],
    ]);
    expect(parsed.records[3]?.addresses.map((a) => a.local)).toEqual(['fe80::4cfd:7cff:fe9e:aa63']);
  });

  it('reads the CC BY-NC-SA opsnull capture in place', () => {
    const file = '/work/shared/peer-corpus/ip-addr/opsnull-follow-me__flannel-ip-addr-show.txt';
    if (!existsSync(file)) return;
    const parsed = parseIpAddr(readFileSync(file, 'utf8'));
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.records[1]?.addresses[0]).toMatchObject({ local: '172.27.137.240', prefixLength: 20, validLft: 100647283 });
    expect(parsed.records[2]?.addresses[0]).toMatchObject({ local: '172.30.80.0', prefixLength: 32, label: 'flannel.1' });
  });

  it('reports bad JSON and never throws', () => {
    expect(parseIpAddr('[{"ifindex": 1,').diagnostics.map((d) => d.code)).toEqual(['invalid-json']);
    expect(parseIpAddr('[{"ifname": 1}]').diagnostics.map((d) => d.code)).toEqual(['invalid-json']);
    expect(parseIpAddr('').records).toEqual([]);
  });

  it('lexes keywords as their own types', () => {
    lexer.reset('inet 10.0.0.1/24 brd 10.0.0.255 scope global secondary eth0:1');
    expect([...lexer].filter((t) => t.type !== 'ws').map((t) => t.type)).toEqual(['kw_inet', 'cidr', 'kw_brd', 'ipv4', 'kw_scope', 'word', 'addrflag', 'word']);
  });

  it('sniffs its own output', () => {
    expect(sniffIpAddr(text)).toBeGreaterThanOrEqual(0.9);
    expect(sniffIpAddr(read('flannel-node1__ip_-j_addr.txt'))).toBeGreaterThanOrEqual(0.9);
    expect(sniffIpAddr('hello world')).toBe(0);
  });
});

