import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectFormat } from '../registry';
import { parseIpset } from './parse';
import { printIpset } from './print';
import { IpsetEntry } from './schema';
import { sniffIpset } from './sniff';

// real captures: corpus/lab/ipset-kube-proxy.sh (kube-proxy's IPVS-mode sets, ipset 7.17)
const capture = (command: string): string => readFileSync(join(__dirname, '../../../corpus/captures/ipset', `ipvs-node-a__${command}.txt`), 'utf8');
const LIST = capture('ipset_list');
const SAVE = capture('ipset_save');
const TERSE = capture('ipset_list_-t');
const withoutSpan = <T extends { span: unknown }>({ span: _span, ...rest }: T): Omit<T, 'span'> => rest;

describe('ipset', () => {
  it('reads ipset list: each set\'s header lines as one record, each member typed and under its set', () => {
    const { records, diagnostics } = parseIpset(LIST);
    expect(diagnostics).toEqual([]);
    expect(records.filter((r) => r.type === 'set').map((r) => r.type === 'set' && [r.name, r.setType, r.entries, r.references])).toEqual([
      ['KUBE-CLUSTER-IP', 'hash:ip,port', 5, 3], ['KUBE-LOOP-BACK', 'hash:ip,port,ip', 2, 1], ['KUBE-NODE-PORT-TCP', 'bitmap:port', 2, 1],
      ['KUBE-NODE-PORT-LOCAL-TCP', 'bitmap:port', 1, 1], ['KUBE-NODE-PORT-UDP', 'bitmap:port', 0, 0], ['KUBE-EXTERNAL-IP', 'hash:ip,port', 0, 1],
      ['KUBE-LOAD-BALANCER', 'hash:ip,port', 0, 1], ['KUBE-HEALTH-CHECK-NODE-PORT', 'bitmap:port', 1, 2],
    ]);
    const [set, first] = records;
    expect(withoutSpan(set as IpsetEntry)).toEqual({
      type: 'set', layout: 'list', name: 'KUBE-CLUSTER-IP', setType: 'hash:ip,port', revision: 7,
      header: 'family inet hashsize 1024 maxelem 65536 comment bucketsize 12 initval 0x496fe387',
      options: [
        { key: 'family', value: 'inet' }, { key: 'hashsize', value: '1024' }, { key: 'maxelem', value: '65536' }, { key: 'comment', value: null },
        { key: 'bucketsize', value: '12' }, { key: 'initval', value: '0x496fe387' },
      ],
      family: 'inet', memorySize: 916, references: 3, entries: 5, membersListed: true,
    });
    expect(set?.span).toMatchObject({ line: 1, column: 1, offset: 0 });
    expect(set?.span.text.split('\n')).toHaveLength(8);
    expect(withoutSpan(first as IpsetEntry)).toEqual({
      type: 'member', set: 'KUBE-CLUSTER-IP', element: '10.96.120.7,tcp:80',
      parts: [{ kind: 'address', address: '10.96.120.7', prefixLength: null, to: null }, { kind: 'port', protocol: 'tcp', port: 80, to: null }],
      options: [{ key: 'comment', value: '"Kubernetes service cluster ip + port for masquerade purpose"' }],
      comment: 'Kubernetes service cluster ip + port for masquerade purpose', timeout: null, nomatch: false,
    });
    expect(records.find((r) => r.type === 'member' && r.set === 'KUBE-LOOP-BACK')).toMatchObject({
      element: '10.244.0.5,tcp:80,10.244.0.5', parts: [{ kind: 'address', address: '10.244.0.5' }, { kind: 'port', port: 80 }, { kind: 'address', address: '10.244.0.5' }],
    });
    expect(records.find((r) => r.type === 'member' && r.set === 'KUBE-NODE-PORT-TCP')).toMatchObject({ parts: [{ kind: 'port', protocol: null, port: 30080, to: null }] });
    for (const record of records) expect(IpsetEntry.safeParse(record).success).toBe(true);
  });

  it('reads ipset save the same, and ipset list -t without members (their absence not decided)', () => {
    const list = parseIpset(LIST).records;
    const save = parseIpset(SAVE);
    expect(save.diagnostics).toEqual([]);
    expect(save.records.filter((r) => r.type === 'member').map(withoutSpan)).toEqual(list.filter((r) => r.type === 'member').map(withoutSpan));
    expect(save.records[0]).toMatchObject({ type: 'set', layout: 'save', name: 'KUBE-CLUSTER-IP', setType: 'hash:ip,port', revision: null, membersListed: true, family: 'inet' });
    const terse = parseIpset(TERSE);
    expect(terse.diagnostics).toEqual([]);
    expect(terse.records.every((r) => r.type === 'set' && !r.membersListed)).toBe(true);
    expect(terse.records).toHaveLength(8);
  });

  it('prints every capture back byte for byte, and reads flattened pastes like the originals', () => {
    for (const text of [LIST, SAVE, TERSE, capture('ipset_list_-o_save'), capture('ipset_list_KUBE-CLUSTER-IP'), capture('ipset_-o_plain_list_KUBE-NODE-PORT-TCP')]) {
      const { records } = parseIpset(text);
      expect(printIpset(records)).toBe(text);
      expect(parseIpset(text.replace(/\n/g, ' ')).records.map(withoutSpan)).toEqual(records.map(withoutSpan));
    }
  });

  it('a line that is no member of its set is a diagnostic, not a record; so is a member outside any Members: list', () => {
    const { records, diagnostics } = parseIpset('Name: S\nType: bitmap:port\nHeader: range 0-65535\nMembers:\n30080\nhello world\n');
    expect(records.map((r) => r.type)).toEqual(['set', 'member']);
    expect(diagnostics.map((d) => [d.code, d.span.text])).toEqual([['unexpected-token', 'hello'], ['unexpected-token', 'world']]);
    expect(parseIpset('10.0.0.1\n').diagnostics.map((d) => d.code)).toEqual(['unexpected-token']);
    // a save prints no count: a member line that could not be read leaves the set's members not all shown
    const save = parseIpset('create S hash:ip,port family inet\nadd S 10.96.0.1,tcp:443\nadd S garbled\n');
    expect(save.records.map((r) => (r.type === 'set' ? `set ${r.membersListed}` : r.type))).toEqual(['set false', 'member']);
    expect(save.diagnostics.map((d) => d.span.text)).toEqual(['add S garbled']);
  });

  it('types networks, ranges, timeouts and nomatch', () => {
    const text = 'create N hash:net family inet hashsize 1024 maxelem 65536 timeout 300\nadd N 10.0.0.0/8 timeout 120\nadd N 10.1.0.0/16 nomatch\ncreate R bitmap:ip range 10.0.0.0-10.0.0.255\nadd R 10.0.0.1-10.0.0.5\n';
    const { records, diagnostics } = parseIpset(text);
    expect(diagnostics).toEqual([]);
    expect(records.filter((r) => r.type === 'member').map((r) => r.type === 'member' && [r.parts, r.timeout, r.nomatch])).toEqual([
      [[{ kind: 'address', address: '10.0.0.0', prefixLength: 8, to: null }], 120, false],
      [[{ kind: 'address', address: '10.1.0.0', prefixLength: 16, to: null }], null, true],
      [[{ kind: 'address', address: '10.0.0.1', prefixLength: null, to: '10.0.0.5' }], null, false],
    ]);
    expect(printIpset(records)).toBe(text);
  });

  it('is told apart by content', () => {
    expect(detectFormat(LIST).format).toBe('ipset');
    expect(detectFormat(SAVE).format).toBe('ipset');
    expect(detectFormat(LIST.replace(/\n/g, ' ')).format).toBe('ipset');
    expect(sniffIpset('default via 10.0.0.1 dev eth0')).toBe(0);
  });
});

describe('ipset members of every shape ipset 7.17 lists', () => {
  it('reads ICMP members of hash:ip,port (by name, by type/code, ICMPv6) as members', () => {
    // ipset 7.17: ipset add P 10.0.0.3,icmp:8/0 lists as icmp:echo-request; an unnamed type as TYPE/CODE
    const list = 'Name: P\nType: hash:ip,port\nRevision: 7\nHeader: family inet hashsize 1024 maxelem 65536 bucketsize 12 initval 0x9800bcbb\n'
      + 'Size in memory: 648\nReferences: 0\nNumber of entries: 3\nMembers:\n10.0.0.3,icmp:echo-request\n10.0.0.9,icmp:200/3\n10.0.0.1,tcp:80\n\n'
      + 'Name: P6\nType: hash:ip,port\nRevision: 7\nHeader: family inet6 hashsize 1024 maxelem 65536 bucketsize 12 initval 0x541e2041\n'
      + 'Size in memory: 376\nReferences: 0\nNumber of entries: 2\nMembers:\nfd00::1,tcp:443\nfd00::2,ipv6-icmp:echo-request\n';
    const { records, diagnostics } = parseIpset(list);
    expect(diagnostics).toEqual([]);
    expect(records.filter((r) => r.type === 'member').map((r) => r.type === 'member' && r.element)).toEqual([
      '10.0.0.3,icmp:echo-request', '10.0.0.9,icmp:200/3', '10.0.0.1,tcp:80', 'fd00::1,tcp:443', 'fd00::2,ipv6-icmp:echo-request',
    ]);
    expect(parseIpset('create P hash:ip,port family inet\nadd P 10.0.0.3,icmp:echo-request\n').diagnostics).toEqual([]);
    expect(printIpset(records)).toBe(list);
  });
});
