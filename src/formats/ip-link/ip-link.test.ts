import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { captures, readExpected } from '../../../test/support/corpus';
import { flatten, withoutSpans } from '../../../test/support/format-properties';
import { ipLinkReaders, parseIpLink } from './parse';
import { printIpLink } from './print';
import { IpLinkInterface } from './schema';
import { sniffIpLink } from './sniff';

const lab = captures('ip-link').filter((c) => c.origin === 'lab');
const peer = captures('ip-link').filter((c) => c.origin === 'peer');
const read = (name: string): string => (lab.find((c) => c.file.endsWith(`/${name}`)) as { text: string }).text;
// ip -c colours: every escape in the lab captures is a CSI colour code ending in m
const ESC = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');
const isJson = (text: string): boolean => text.trimStart().startsWith('[');

describe('ip link corpus', () => {
  it('has lab and peer captures', () => {
    expect(lab.length).toBeGreaterThan(100);
    expect(peer.length).toBeGreaterThan(5);
  });
  for (const capture of [...lab, ...peer]) {
    it(`${capture.file} parses to its expected records`, () => {
      const result = parseIpLink(capture.text);
      expect(result).toEqual(readExpected(capture));
      if (capture.origin === 'lab') expect(result.diagnostics).toEqual([]);
      for (const record of result.records) expect(IpLinkInterface.safeParse(record).success).toBe(true);
    });
  }
  // the printer writes the block layout (-d, -s, -s -s), -br and BusyBox; not ip -o link, JSON or colours
  for (const capture of lab.filter((c) => !isJson(c.text) && !c.text.includes('\u001b') && !c.file.includes('_-o_'))) {
    it(`${capture.file} prints back byte for byte`, () => {
      expect(printIpLink(parseIpLink(capture.text).records)).toBe(capture.text);
    });
  }
});

describe('ip link', () => {
  const text = read('flannel-node1__ip_-s_-s_link.txt');
  const { records } = parseIpLink(text);

  it('reads -s -s counters with exact values', () => {
    expect(records.map((r) => [r.index, r.ifname, r.link ?? null, r.state, r.mode])).toEqual([
      [1, 'lo', null, 'UNKNOWN', 'DEFAULT'], [2, 'eth0', 'if3', 'UP', 'DEFAULT'], [3, 'flannel.1', null, 'UNKNOWN', 'DEFAULT'],
      [4, 'cni0', null, 'UP', 'DEFAULT'], [5, 'docker0', null, 'DOWN', 'DEFAULT'], [6, 'veth3f1c2a7e', 'if2', 'UP', 'DEFAULT'],
      [7, 'veth9b04d1c2', 'if2', 'UP', 'DEFAULT'], [8, 'vethd2e6a019', 'if2', 'UP', 'DEFAULT'], [9, 'tunl0', 'if2', 'UP', 'DEFAULT'],
    ]);
    expect(records[0]?.stats).toEqual({
      rx: { bytes: 0, packets: 0, errors: 0, dropped: 0, missed: 0, mcast: 0 },
      tx: { bytes: 0, packets: 0, errors: 0, dropped: 0, carrier: 0, collsns: 0 },
      rxErrors: { length: 0, crc: 0, frame: 0, fifo: 0, overrun: 0 },
      txErrors: { aborted: 0, fifo: 0, window: 0, heartbt: 0, transns: 0 },
    });
    // the span ends with the last token: the line's trailing blank is not part of it
    const lo = text.slice(0, text.indexOf('\n2: ')).trimEnd();
    expect(records[0]?.span).toEqual({ line: 1, column: 1, offset: 0, length: lo.length, text: lo });
    expect(records[5]).toMatchObject({ master: 'cni0', linkType: 'ether', linkNetns: 'nslab-n1-pod-a', linkIndex: 2 });
  });

  it('reads ip -s -j link counters under the text names', () => {
    const json = parseIpLink(read('flannel-node1__ip_-s_-j_link.txt')).records;
    const plain = parseIpLink(read('flannel-node1__ip_-s_link.txt')).records;
    expect(json.map((r) => r.stats?.tx)).toEqual(plain.map((r) => r.stats?.tx));
    // without -s -s the JSON has over_errors where the text prints missed (iproute2 6.1)
    expect(Object.keys(json[0]?.stats?.rx ?? {})).toEqual(['bytes', 'packets', 'errors', 'dropped', 'overrun', 'mcast']);
  });

  it('reads -d details and alias', () => {
    const detail = parseIpLink(read('flannel-node1__ip_-d_link.txt')).records;
    expect(detail[2]?.vxlan).toMatchObject({ id: 1, dev: 'eth0', dstport: 8472, learning: false });
    expect(detail[2]?.properties?.addrgenmode).toBe('eui64');
    const json = parseIpLink(read('flannel-node1__ip_-d_-j_link.txt')).records;
    expect(json[2]?.vxlan).toEqual(detail[2]?.vxlan);
    const many = parseIpLink(read('many-ifaces__ip_link.txt')).records;
    expect(many.some((r) => r.alias === 'uplink: rack 4, port 17 (lacp)')).toBe(true);
  });

  it('reads ip -o link like ip link', () => {
    const oneline = parseIpLink(read('flannel-node1__ip_-o_link.txt'));
    expect(oneline.diagnostics).toEqual([]);
    expect(withoutSpans(oneline.records)).toEqual(withoutSpans(parseIpLink(read('flannel-node1__ip_link.txt')).records));
  });

  it('reads ip -br link', () => {
    const brief = parseIpLink(read('flannel-node1__ip_-br_link.txt')).records;
    expect(brief[0]).toMatchObject({ ifname: 'lo', state: 'UNKNOWN', address: '00:00:00:00:00:00', flags: ['LOOPBACK', 'UP', 'LOWER_UP'] });
    expect(brief[0]?.index).toBeUndefined();
  });

  it('reads a flattened -s -s -d paste like the original', () => {
    const detail = read('flannel-node1__ip_-s_-d_link.txt');
    const parsed = parseIpLink(flatten(detail));
    expect(parsed.diagnostics).toEqual([]);
    expect(withoutSpans(parsed.records)).toEqual(withoutSpans(parseIpLink(detail).records));
  });

  it('gives one reading per line of every lab capture', () => {
    const { full, brief } = ipLinkReaders();
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

  it('reads the GPL-3.0 and issue captures in place', () => {
    const base = '/work/shared/peer-corpus/ip-link/';
    if (!existsSync(base)) return;
    for (const name of ['zeelichsheng-systemdesign__flannel-node1-ip-link.txt', 'zeelichsheng-systemdesign__netns-vxlan1-ip-link.txt', 'gh-issue-flannel-1757__ip-d-link-show-flannel.1.txt'])
      expect(parseIpLink(readFileSync(base + name, 'utf8')).diagnostics, name).toEqual([]);
    const issue = parseIpLink(readFileSync(`${base}gh-issue-flannel-1757__ip-d-link-show-flannel.1.txt`, 'utf8')).records[0];
    expect(issue?.vxlan).toEqual({ id: 1, local: '10.0.0.1', dev: 'abc', srcport: [0, 0], dstport: 8472, learning: false, ageing: 300 });
    const netns = parseIpLink(readFileSync(`${base}zeelichsheng-systemdesign__netns-vxlan1-ip-link.txt`, 'utf8')).records;
    expect(netns.map((r) => [r.ifname, r.master, r.linkNetnsid])).toEqual([['br0', undefined, undefined], ['vxlan1', 'br0', 0], ['veth2', 'br0', 1]]);
  });

  it('sniffs its own output and never throws on bad JSON', () => {
    expect(sniffIpLink(text)).toBeGreaterThanOrEqual(0.9);
    expect(sniffIpLink('hello world')).toBe(0);
    expect(parseIpLink('[{').diagnostics.map((d) => d.code)).toEqual(['invalid-json']);
  });
});
