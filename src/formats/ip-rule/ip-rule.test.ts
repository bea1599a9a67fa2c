import { describe, expect, it } from 'vitest';
import { captures, readExpected } from '../../../test/support/corpus';
import { withoutSpans } from '../../../test/support/format-properties';
import { ipRuleReader, parseIpRule } from './parse';
import { printIpRule } from './print';
import { IpRuleEntry } from './schema';
import { sniffIpRule } from './sniff';

const lab = captures('ip-rule').filter((capture) => capture.origin === 'lab');
const byName = (name: string): string => {
  const capture = captures('ip-rule').find((c) => c.file.endsWith(`/${name}`));
  if (!capture) throw new Error(`missing capture ${name}`);
  return capture.text;
};
const BASE = {
  not: false, to: null, family: null, tos: null, fwmark: null, fwmask: null, iif: null, iifDetached: false, oif: null,
  oifDetached: false, l3mdev: false, uidrange: null, ipproto: null, sport: null, dport: null, tunId: null, table: null,
  tableId: null, suppressPrefixLength: null, suppressIfgroup: null, realms: null, action: 'lookup', type: null, goto: null,
  unresolved: false, natGateway: null, protocol: null, dscp: null,
};

describe('ip rule', () => {
  it('reads the flannel node rules with exact values and spans', () => {
    const text = '0:\tfrom all lookup local\n1000:\tfrom all fwmark 0x4000/0x4000 lookup 100\n32766:\tfrom all lookup main\n';
    const { records, diagnostics } = parseIpRule(text);
    expect(diagnostics).toEqual([]);
    expect(records[1]).toEqual({
      ...BASE, priority: 1000, from: 'all', fwmark: 0x4000, fwmask: 0x4000, table: '100', tableId: 100,
      span: { line: 2, column: 1, offset: 25, length: 46, text: '1000:\tfrom all fwmark 0x4000/0x4000 lookup 100' },
    });
    expect(records.map((r) => [r.priority, r.table, r.tableId])).toEqual([[0, 'local', 255], [1000, '100', 100], [32766, 'main', 254]]);
    for (const record of records) expect(IpRuleEntry.safeParse(record).success).toBe(true);
    expect(printIpRule(records)).toBe(text);
  });

  it('reads every selector and action of the route-zoo rules', () => {
    const { records, diagnostics } = parseIpRule(
      [
        '141:\tfrom all iif lo oif eth1 lookup isp2',
        '150:\tfrom all lookup main suppress_prefixlength 0',
        '160:\tfrom 192.0.2.0/24 unreachable',
        '180:\tfrom all uidrange 1000-2000 lookup vpn',
        '191:\tfrom all ipproto udp sport 1000-2000 lookup isp2',
        '200:\tfrom 10.1.0.0/16 goto 300',
        '250:\tfrom all nop',
        '310:\tfrom all fwmark 0x2 lookup vpn realms 1/2',
        '330:\tnot from all fwmark 0xca6c lookup wg proto unspec',
        '400:\tfrom all iif vrf-red [detached] lookup [l3mdev-table]',
        '410:\tfrom 2001:db8::/32 goto none [unresolved]',
        '',
      ].join('\n'),
    );
    expect(diagnostics).toEqual([]);
    expect(withoutSpans(records)).toEqual([
      { ...BASE, priority: 141, from: 'all', iif: 'lo', oif: 'eth1', table: 'isp2' },
      { ...BASE, priority: 150, from: 'all', table: 'main', tableId: 254, suppressPrefixLength: 0 },
      { ...BASE, priority: 160, from: '192.0.2.0/24', family: 'inet', action: 'unreachable', type: 'unreachable' },
      { ...BASE, priority: 180, from: 'all', uidrange: { start: 1000, end: 2000 }, table: 'vpn' },
      { ...BASE, priority: 191, from: 'all', ipproto: 'udp', sport: { start: 1000, end: 2000 }, table: 'isp2' },
      { ...BASE, priority: 200, from: '10.1.0.0/16', family: 'inet', action: 'goto', goto: 300 },
      { ...BASE, priority: 250, from: 'all', action: 'nop' },
      { ...BASE, priority: 310, from: 'all', fwmark: 2, table: 'vpn', realms: '1/2' },
      { ...BASE, priority: 330, not: true, from: 'all', fwmark: 0xca6c, table: 'wg', protocol: 'unspec' },
      { ...BASE, priority: 400, from: 'all', iif: 'vrf-red', iifDetached: true, l3mdev: true },
      { ...BASE, priority: 410, from: '2001:db8::/32', family: 'inet6', action: 'goto', unresolved: true },
    ]);
  });

  it('reads a flattened paste like the original, with a remark set aside', () => {
    const text = byName('route-zoo__ip_rule.txt');
    const flat = text.trim().split('\n').join(' ').replace('32766:', '###主表 32766:');
    const { records, diagnostics } = parseIpRule(flat);
    expect(withoutSpans(records)).toEqual(withoutSpans(parseIpRule(text).records));
    expect(diagnostics.map((d) => [d.code, d.span.text])).toEqual([['annotation', '###主表']]);
  });

  it('reads ip -j rule and ip -d -j rule into the records of the text layouts', () => {
    expect(withoutSpans(parseIpRule(byName('route-zoo__ip_-j_rule.txt')).records)).toEqual(withoutSpans(parseIpRule(byName('route-zoo__ip_rule.txt')).records));
    expect(withoutSpans(parseIpRule(byName('route-zoo__ip_-d_-j_rule.txt')).records)).toEqual(withoutSpans(parseIpRule(byName('route-zoo__ip_-d_rule.txt')).records));
    expect(withoutSpans(parseIpRule(byName('route-zoo__ip_-j_-p_rule.txt')).records)).toEqual(withoutSpans(parseIpRule(byName('route-zoo__ip_rule.txt')).records));
    const json = byName('route-zoo__ip_-j_rule.txt');
    for (const record of parseIpRule(json).records) expect(JSON.parse(record.span.text).priority).toBe(record.priority);
  });

  it('reads ip -N rule: numeric tables and route types', () => {
    const records = parseIpRule(byName('route-zoo__ip_-N_rule.txt')).records;
    expect(records.find((r) => r.priority === 160)).toMatchObject({ action: 'unreachable', type: '7' });
    expect(records.find((r) => r.priority === 32766)).toMatchObject({ table: '254', tableId: 254 });
  });

  it('reports bad JSON and bad values', () => {
    expect(parseIpRule('[{"priority":0,').diagnostics.map((d) => d.code)).toEqual(['invalid-json']);
    expect(parseIpRule('[{"priority":"x","src":"all"}]').diagnostics.map((d) => d.code)).toEqual(['invalid-json']);
    expect(parseIpRule('5:\tfrom 999.1.1.1/8 lookup main\n').diagnostics.map((d) => [d.code, d.span.text])).toEqual([['invalid-value', '999.1.1.1/8']]);
  });

  it('sniffs its own output and not others', () => {
    expect(sniffIpRule(byName('route-zoo__ip_rule.txt'))).toBeGreaterThan(0.9);
    expect(sniffIpRule(byName('route-zoo__ip_-j_rule.txt'))).toBeGreaterThan(0.8);
    expect(sniffIpRule('hello world')).toBe(0);
    expect(sniffIpRule('10.0.0.1 dev eth0 lladdr 52:54:00:00:00:01 REACHABLE\n')).toBe(0);
  });
});

describe('ip rule lab captures', () => {
  it('has lab captures', () => expect(lab.length).toBeGreaterThan(10));
  for (const capture of captures('ip-rule')) {
    it(`${capture.file} parses to its reviewed expected records`, () => {
      const result = parseIpRule(capture.text);
      expect(result).toEqual(readExpected(capture));
      if (capture.origin === 'lab') expect(result.diagnostics).toEqual([]);
    });
  }
  const printable = lab.filter((c) => !c.file.includes('_-j') && !c.file.includes('-c=') && c.text.length > 0);
  for (const capture of printable) {
    it(`${capture.file} prints back byte for byte`, () => {
      const layout = capture.file.includes('busybox') ? 'legacy' : 'iproute2';
      expect(printIpRule(parseIpRule(capture.text).records, { layout })).toBe(capture.text);
    });
  }
  it('every capture line has exactly one reading', () => {
    const reader = ipRuleReader({ cache: false });
    for (const capture of printable) {
      for (const [index, line] of capture.text.split('\n').entries()) {
        const tokens = reader.tokenize(line, 0, index + 1);
        if (tokens.length > 0) expect(reader.countReadings(tokens), `${capture.file}:${index + 1}`).toBe(1);
      }
    }
  });
});
