import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { captures, readExpected, ROOT } from '../../../test/support/corpus';
import { flatten, inexactSpans, withoutSpans } from '../../../test/support/format-properties';
import { parseIpRoute, ipRouteReader } from './parse';
import { printIpRoute, type PrintIpRouteOptions } from './print';
import { IpRouteEntry, type IpRoute } from './schema';
import { sniffIpRoute } from './sniff';
import { lexer } from './lexer';

const lab = (name: string): string => readFileSync(join(ROOT, 'corpus/captures/ip-route', name), 'utf8');
const routes = (text: string): IpRoute[] => parseIpRoute(text).records.filter((r): r is IpRoute => r.type !== 'nexthop');

describe('ip route corpus', () => {
  const all = captures('ip-route');
  it('has lab and peer captures', () => {
    expect(all.filter((c) => c.origin === 'lab').length).toBeGreaterThan(100);
    expect(all.filter((c) => c.origin === 'peer').length).toBeGreaterThan(5);
  });
  for (const capture of all) {
    it(`${capture.file} parses to its expected records`, () => {
      const result = parseIpRoute(capture.text);
      expect(result).toEqual(readExpected(capture));
      if (capture.origin === 'lab') expect(result.diagnostics).toEqual([]);
      for (const record of result.records) expect(IpRouteEntry.safeParse(record).success).toBe(true);
    });
  }
});

describe('ip route', () => {
  it('reads flannel-node1 ip route with exact values', () => {
    const text = lab('flannel-node1__ip_route.txt');
    const { records, diagnostics } = parseIpRoute(text);
    expect(diagnostics).toEqual([]);
    expect(records.map((r) => r.type === 'nexthop' ? [] : [r.type, r.dst, r.network, r.family, r.gateway, r.dev, r.protocol, r.scope, r.prefsrc, r.metric, r.flags])).toEqual([
      ['unicast', 'default', '0.0.0.0/0', 'inet', '192.168.86.1', 'eth0', 'dhcp', undefined, '192.168.86.189', 100, []],
      ['unicast', '10.244.0.0/24', '10.244.0.0/24', 'inet', undefined, 'cni0', 'kernel', 'link', '10.244.0.1', undefined, []],
      ['unicast', '10.244.1.0/24', '10.244.1.0/24', 'inet', '10.244.1.0', 'flannel.1', undefined, undefined, undefined, undefined, ['onlink']],
      ['blackhole', '10.244.2.0/26', '10.244.2.0/26', 'inet', undefined, undefined, 'bird', undefined, undefined, undefined, []],
      ['unicast', '10.244.2.0/24', '10.244.2.0/24', 'inet', '10.244.2.0', 'flannel.1', undefined, undefined, undefined, undefined, ['onlink']],
      ['unicast', '172.17.0.0/16', '172.17.0.0/16', 'inet', undefined, 'docker0', 'kernel', 'link', '172.17.0.1', undefined, ['linkdown']],
      ['unicast', '192.168.86.0/24', '192.168.86.0/24', 'inet', undefined, 'eth0', 'kernel', 'link', '192.168.86.189', 100, []],
      ['unicast', '192.168.86.1', '192.168.86.1/32', 'inet', undefined, 'eth0', 'dhcp', 'link', '192.168.86.189', 100, []],
    ]);
    const first = text.split('\n')[0] as string;
    expect(records[0]).toEqual({
      type: 'unicast', dst: 'default', default: true, network: '0.0.0.0/0', prefixLength: 0, family: 'inet',
      gateway: '192.168.86.1', dev: 'eth0', protocol: 'dhcp', prefsrc: '192.168.86.189', metric: 100, flags: [],
      span: { line: 1, column: 1, offset: 0, length: first.length - 1, text: first.slice(0, -1) },
    });
  });

  it('reads multipath, nhid with nh_info, metrics with lock, tos, realm and via inet6 (route-zoo ip -d route)', () => {
    const text = lab('route-zoo__ip_-d_route.txt');
    const byDst = new Map(routes(text).map((r) => [r.dst, r]));
    const ecmp = byDst.get('10.11.0.0/16');
    expect(withoutSpans(ecmp?.nexthops)).toEqual([
      { gateway: '10.0.0.1', dev: 'eth0', weight: 1, flags: [] },
      { gateway: '172.16.1.1', dev: 'eth1', weight: 1, flags: [] },
      { gateway: '198.51.100.1', dev: 'eth2', weight: 1, flags: ['linkdown'] },
    ]);
    expect(ecmp?.nexthops?.[2]?.span.text).toBe('nexthop via 198.51.100.1 dev eth2 weight 1 linkdown');
    expect(ecmp?.span.text.split('\n')).toHaveLength(4);
    const locked = byDst.get('10.20.0.0/16');
    expect([locked?.metrics?.mtu, locked?.metrics?.advmss, locked?.locked]).toEqual([1400, 1360, ['mtu']]);
    const all = byDst.get('10.21.0.0/16');
    expect({ ...all?.metrics }).toEqual({
      mtu: 1400, window: 65535, rtt: 10, rttvar: 5, ssthresh: 100, cwnd: 20, reordering: 5, hoplimit: 64, initcwnd: 10,
      features: 'ecn', rto_min: 50, initrwnd: 20, quickack: 1, congctl: 'cubic', fastopen_no_cookie: 1,
    });
    expect(all?.locked).toEqual(['rto_min', 'congctl']);
    expect([byDst.get('10.22.0.0/16')?.tos, byDst.get('10.22.0.0/16')?.realms]).toEqual(['0x10', '10']);
    expect(byDst.get('10.61.0.0/24')?.via).toEqual({ family: 'inet6', host: 'fe80::5054:ff:fe00:1' });
    const grouped = byDst.get('10.73.0.0/16');
    expect(grouped?.nhid).toBe(11);
    expect(withoutSpans(grouped?.nhInfo)).toEqual({ id: 11, group: [{ id: 1, weight: 3 }, { id: 2, weight: 5 }], scope: 'global', protocol: 'zebra', flags: [] });
    expect(grouped?.nhInfo?.span.text).toBe('id 11 group 1,3/2,5 scope global proto zebra');
    expect(byDst.get('10.72.0.0/16')?.nhInfo?.blackhole).toBe(true);
    expect(byDst.get('10.74.0.0/16')?.nhInfo?.resilient).toEqual({ buckets: 8, idle_timer: 120, unbalanced_timer: 0, unbalanced_time: 0 });
    expect(byDst.get('10.50.0.0/16')?.type).toBe('unreachable');
  });

  it('reads the cache line of cloned IPv4 routes (ip -s route show cache)', () => {
    const text = lab('pmtu-host__ip_-s_route_show_cache.txt');
    const [first] = routes(text);
    // the lab re-captures this table, so expires and age are read back from the text itself
    const [, expires, age] = /cache expires (\d+)sec users 1 age (\d+)sec/.exec(text) ?? [];
    expect(withoutSpans(first)).toEqual({
      type: 'unicast', dst: '10.2.0.2', default: false, network: '10.2.0.2/32', prefixLength: 32, family: 'inet',
      gateway: '10.1.0.1', dev: 'eth0', flags: [], cache: [], expires: Number(expires), users: 1, age: Number(age), metrics: { mtu: 1400 },
    });
    expect(first?.span.text).toBe(text.split('\n').slice(0, 2).join('\n').trimEnd());
  });

  it('reads ip nexthop objects', () => {
    const { records } = parseIpRoute(lab('route-zoo__ip_-d_nexthop_show.txt'));
    expect(withoutSpans(records.slice(0, 3))).toEqual([
      { type: 'nexthop', id: 1, family: 'inet', gateway: '10.0.0.1', dev: 'eth0', scope: 'link', protocol: 'unspec', flags: [] },
      { type: 'nexthop', id: 2, family: 'inet', gateway: '172.16.1.1', dev: 'eth1', scope: 'link', protocol: 'unspec', flags: [] },
      { type: 'nexthop', id: 3, scope: 'global', blackhole: true, protocol: 'unspec', flags: [] },
    ]);
    expect(parseIpRoute(lab('fdb-zoo__ip_nexthop.txt')).records.map((r) => r.type === 'nexthop' && r.fdb)).toEqual([true, true, true]);
  });

  it('gives the family of "default" from the routes around it', () => {
    const v6 = routes(readFileSync(join(ROOT, 'corpus/peer/ip-route/insights-core__test_ip__IP_ROUTE_SHOW_TABLE_ALL_TEST_2.txt'), 'utf8'));
    const unreachable = v6.filter((r) => r.dst === 'default' && r.type === 'unreachable');
    expect(unreachable.map((r) => [r.network, r.family, r.metric, r.error])).toEqual([
      ['::/0', 'inet6', 4294967295, -101], ['::/0', 'inet6', 4294967295, -101],
    ]);
    // old iproute2 prints an IPv6 cache line under the route
    const cached = v6.find((r) => r.dst === '2404:6800:4006:802::200e');
    expect([cached?.cache, cached?.metrics?.mtu, cached?.metrics?.hoplimit]).toEqual([[], 1492, 255]);
  });

  it('reads ip -N numbers: route types by number', () => {
    const [first] = routes(lab('route-zoo__ip_-N_route_show_table_all.txt'));
    expect([first?.type, first?.dst, first?.table, first?.metric]).toEqual(['unreachable', 'default', '100', 4278198272]);
  });

  it('reads ip -c colours as blanks', () => {
    expect(withoutSpans(parseIpRoute(lab('route-zoo__ip_-c=always_route.txt')).records)).toEqual(
      withoutSpans(parseIpRoute(lab('route-zoo__ip_route.txt')).records),
    );
  });

  it('reads ip -o lines like the multi-line output', () => {
    expect(withoutSpans(parseIpRoute(lab('route-zoo__ip_-o_route.txt')).records)).toEqual(
      withoutSpans(parseIpRoute(lab('route-zoo__ip_route.txt')).records),
    );
  });

  // ip -j gives no lock flags, and cache expiry ticks between two captures; the rest must agree
  const stripLocks = (records: unknown[]): unknown[] =>
    withoutSpans(records).map((r) => {
      const { locked: _locked, expires: _expires, age: _age, ...rest } = r as Record<string, unknown>;
      return rest;
    });
  for (const [json, text] of [
    ['route-zoo__ip_-d_-j_route_show_table_all.txt', 'route-zoo__ip_-d_route_show_table_all.txt'],
    ['route-zoo__ip_-j_route.txt', 'route-zoo__ip_route.txt'],
    ['route-zoo__ip_-j_-6_route_show_table_all.txt', 'route-zoo__ip_-6_route_show_table_all.txt'],
    ['route-zoo__ip_-j_-d_nexthop_show.txt', 'route-zoo__ip_-d_nexthop_show.txt'],
    ['flannel-node1__ip_-j_route.txt', 'flannel-node1__ip_route.txt'],
    ['pmtu-host__ip_-j_route_show_cache.txt', 'pmtu-host__ip_route_show_cache.txt'],
  ] as const) {
    it(`reads ${json} into the records of ${text}`, () => {
      const fromJson = parseIpRoute(lab(json));
      expect(fromJson.diagnostics).toEqual([]);
      expect(stripLocks(fromJson.records)).toEqual(stripLocks(parseIpRoute(lab(text)).records));
    });
  }

  it('gives the span of each JSON object', () => {
    const text = lab('flannel-node1__ip_-j_route.txt');
    const [first] = parseIpRoute(text).records;
    expect(first?.span.text).toBe('{"dst":"default","gateway":"192.168.86.1","dev":"eth0","protocol":"dhcp","prefsrc":"192.168.86.189","metric":100,"flags":[]}');
    expect(JSON.parse(first?.span.text ?? '')).toBeTruthy();
  });

  it('reports bad JSON', () => {
    expect(parseIpRoute('[{"dst":"default",').diagnostics.map((d) => d.code)).toEqual(['invalid-json']);
    expect(parseIpRoute('[{"dst":7}]').diagnostics.map((d) => [d.code, d.span.text])).toEqual([['invalid-json', '{"dst":7}']]);
  });

  it('keeps unknown key value pairs, with a diagnostic', () => {
    const { records, diagnostics } = parseIpRoute('10.0.0.0/8 dev eth0 frobnicate 7 metric 5\n');
    expect(records[0]?.type !== 'nexthop' && [records[0]?.other, records[0]?.metric]).toEqual([{ frobnicate: '7' }, 5]);
    expect(diagnostics.map((d) => [d.code, d.span.text])).toEqual([['invalid-value', 'frobnicate 7']]);
  });

  it("an unknown key's diagnostic spans the source as printed: its blanks are not rewritten as one space", () => {
    const text = '10.0.0.0/24 dev eth0 frobnicate    7\nlocal 10.0.0.1 dev lo\n    cache <local>  frob\t 9\n';
    expect(parseIpRoute(text).diagnostics.map((d) => [d.code, d.span])).toEqual([
      ['invalid-value', { line: 1, column: 22, offset: 21, length: 15, text: 'frobnicate    7' }],
      ['invalid-value', { line: 3, column: 20, offset: 78, length: 7, text: 'frob\t 9' }],
    ]);
    // a value starting with a digit: one of letters may be a keyword of ip route ("as", "via"), which starts a pair of its own
    fc.assert(fc.property(fc.stringMatching(/^[a-z]{12}$/), fc.stringMatching(/^[ \t]{1,6}$/), fc.stringMatching(/^\d[a-z\d]{0,4}$/), (key, blanks, value) => {
      const line = `10.0.0.0/8 dev eth0 ${key}${blanks}${value} metric 5\n`;
      const parsed = parseIpRoute(line);
      expect(parsed.diagnostics.map((d) => d.span.text)).toEqual([`${key}${blanks}${value}`]);
      expect(inexactSpans(line, parsed)).toEqual([]);
    }));
  });

  it('reports continuation lines with no route', () => {
    const { records, diagnostics } = parseIpRoute('\tnexthop via 10.0.0.1 dev eth0 weight 1\n');
    expect(records).toEqual([]);
    expect(diagnostics.map((d) => d.code)).toEqual(['incomplete']);
  });

  it('reads a flattened paste like the original, remarks as annotations', () => {
    const text = lab('route-zoo__ip_-d_route_show_table_all.txt');
    const flat = flatten(text).replace('unicast 10.11.0.0/16', '###看这里 unicast 10.11.0.0/16');
    const parsed = parseIpRoute(flat);
    expect(withoutSpans(parsed.records)).toEqual(withoutSpans(parseIpRoute(text).records));
    expect(parsed.diagnostics.map((d) => [d.code, d.span.text])).toEqual([['annotation', '###看这里']]);
  });

  it('is unambiguous on every lab line', () => {
    const reader = ipRouteReader({ cache: false });
    for (const capture of captures('ip-route')) {
      if (capture.text.trimStart().startsWith('[')) continue;
      for (const [index, line] of capture.text.split('\n').entries()) {
        const tokens = reader.tokenize(line, 0, index + 1);
        if (tokens.length > 0) expect(reader.countReadings(tokens), `${capture.file}:${index + 1}`).toBeLessThanOrEqual(1);
      }
    }
  });

  it('lexes keywords, addresses and colour escapes', () => {
    lexer.reset('default via fe80::1 dev eth0 \u001b[0mexpires 5sec rtt 1.5s ::ffff:0.0.0.0/96 0/8 <local,brd>');
    expect([...lexer].filter((t) => t.type !== 'ws').map((t) => t.type)).toEqual([
      'kw_default', 'kw_via', 'ipv6', 'kw_dev', 'word', 'kw_expires', 'seconds', 'kw_rtt', 'duration', 'prefix6', 'bareprefix', 'cacheflags',
    ]);
  });

  it('sniffs its own output and not neighbours', () => {
    expect(sniffIpRoute(lab('flannel-node1__ip_route.txt'))).toBeGreaterThan(0.8);
    expect(sniffIpRoute(lab('flannel-node1__ip_-j_route.txt'))).toBeGreaterThan(0.8);
    expect(sniffIpRoute('10.0.0.1 dev eth0 lladdr 52:54:00:12:34:56 REACHABLE\n')).toBe(0);
    expect(sniffIpRoute('Kernel IP routing table\nDestination     Gateway\n')).toBe(0);
    expect(sniffIpRoute('hello world')).toBe(0);
  });
});

// The printer writes iproute2 6.x's layout; these lab captures come from elsewhere or use display options
const NOT_PRINTED: Record<string, string> = {
  busybox: 'BusyBox puts two spaces before src and metric',
  '_-N_': 'ip -N prints route types as numbers',
  '_-c=always_': 'ip -c colours',
};
const PRINT_OPTIONS: [string, PrintIpRouteOptions][] = [
  ['_-o_', { oneline: true }],
  // ip -d of tables where every route is proto kernel scope link: nothing shows -d but "unicast"
  ['_-d_', { details: true }],
];

describe('ip route printing', () => {
  for (const capture of captures('ip-route')) {
    if (capture.origin !== 'lab' || capture.text.trimStart().startsWith('[')) continue;
    const skip = Object.keys(NOT_PRINTED).find((key) => capture.file.includes(key));
    if (skip) continue;
    const options = PRINT_OPTIONS.find(([key]) => capture.file.includes(key))?.[1] ?? {};
    it(`prints ${capture.file} back byte for byte`, () => {
      expect(printIpRoute(parseIpRoute(capture.text).records, options)).toBe(capture.text);
    });
  }
});

describe('ip route peer captures', () => {
  it('agrees with jc where jc reads the same fields', () => {
    for (const name of ['jc__centos-7.7__ip_route', 'jc__ubuntu-18.04__ip_route']) {
      const jc = JSON.parse(readFileSync(join(ROOT, `corpus/peer/ip-route/${name}.jc.json`), 'utf8')) as Record<string, unknown>[];
      const ours = routes(readFileSync(join(ROOT, `corpus/peer/ip-route/${name}.txt`), 'utf8'));
      expect(ours.map((r) => ({
        ip: r.dst, via: r.gateway, dev: r.dev, proto: r.protocol, scope: r.scope, src: r.prefsrc, metric: r.metric,
        // jc's "status" holds the flag word
        status: r.flags[0],
      }))).toEqual(jc.map((j) => ({ ip: j.ip, via: j.via, dev: j.dev, proto: j.proto, scope: j.scope, src: j.src, metric: j.metric, status: j.status })));
    }
  });

  // Not redistributable (GPL-3.0, no license, CC BY-NC-SA): read in place when the shared corpus is here
  const shared = '/work/shared/peer-corpus/ip-route';
  const inPlace = [
    ['zeelichsheng-systemdesign__flannel-node1-ip-route.txt', 3],
    ['zeelichsheng-systemdesign__flannel-node2-ip-route.txt', 3],
    ['flysnow911-blogs__flannel-master-ip-route.txt', 6],
    ['opsnull-follow-me__ip-route-grep-flannel.1.txt', 2],
  ] as const;
  for (const [name, count] of inPlace) {
    it.skipIf(!existsSync(shared))(`reads ${name} in place`, () => {
      const { records, diagnostics } = parseIpRoute(readFileSync(join(shared, name), 'utf8'));
      expect(diagnostics).toEqual([]);
      expect(records).toHaveLength(count);
    });
  }
});

describe('ip route with a sink', () => {
  it('hands over each route in order once it is complete and its family settled, as the result would hold them', () => {
    // synthetic: a route that names no address takes its family from the routes after it
    const text = [
      'unreachable default dev lo proto kernel metric 4294967295 pref medium',
      'fe80::/64 dev eth0 proto kernel metric 256 pref medium',
      'default proto static metric 20',
      '\tnexthop via 10.0.0.1 dev eth0 weight 1',
      '\tnexthop via 10.0.0.2 dev eth1 weight 1',
      '10.244.0.0/24 dev cni0 proto kernel scope link src 10.244.0.1',
    ].join('\n');
    const whole = parseIpRoute(text);
    const handed: unknown[] = [];
    const streamed = parseIpRoute(text, { sink: (record) => handed.push(record) });
    expect(streamed.records).toEqual([]);
    expect(handed).toEqual(whole.records);
    expect(whole.records.map((r) => [r.family, (r as { network?: string }).network])).toEqual([
      // the multipath default's family is its nexthops'
      ['inet6', '::/0'], ['inet6', 'fe80::/64'], ['inet', '0.0.0.0/0'], ['inet', '10.244.0.0/24'],
    ]);
    expect(streamed.diagnostics).toEqual(whole.diagnostics);
  });
});

describe('routes that are not read', () => {
  // synthetic: a destination no address is, a type number ip does not print; each route cited whole
  it('cite the whole route, not only the value that was wrong', () => {
    for (const [text, value, column] of [
      ['999.1.1.1 via 10.0.0.1 dev eth0 proto kernel', '999.1.1.1', 1],
      ['12 10.0.0.0/8 dev eth1 scope link', '12', 1],
    ] as const) {
      const parsed = parseIpRoute(text);
      expect(parsed.records).toEqual([]);
      expect(parsed.diagnostics).toHaveLength(1);
      expect(parsed.diagnostics[0]?.span).toEqual({ line: 1, column: 1, offset: 0, length: text.length, text });
      expect(parsed.diagnostics[0]?.message).toContain(`not "${value}" (column ${column}); the route was not read.`);
    }
  });
});
