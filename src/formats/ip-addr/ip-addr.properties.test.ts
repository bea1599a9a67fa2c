// Property tests of the ip addr grammar: generated interfaces in iproute2 6.1's block layout
// (with and without -d and -s parts), and in the ip -br addr layout.
import fc from 'fast-check';
import { describe } from 'vitest';
import { formatIPv4 } from '../../core';
import { formatProperties } from '../../../test/support/format-properties';
import { vxlanFromOptions } from './build';
import { ipAddrReaders, parseIpAddr } from './parse';
import { printIpAddr } from './print';
import type { IpAddrAddress, IpAddrInterface } from './schema';

const SPAN = { line: 1, column: 1, offset: 0, length: 0, text: '' };
// a digit at the end keeps names clear of ip's keywords ("mtu", "dynamic", "veth")
const name = fc.stringMatching(/^[a-z]{1,6}\d{1,2}$/);
const hex2 = fc.integer({ min: 0, max: 255 }).map((n) => n.toString(16).padStart(2, '0'));
const mac = fc.array(hex2, { minLength: 6, maxLength: 6 }).map((g) => g.join(':'));
const ipv4 = fc.integer({ min: 1, max: 0xfffffffe }).map(formatIPv4);
const ipv6 = fc.array(fc.integer({ min: 0, max: 0xffff }), { minLength: 8, maxLength: 8 }).map((g) => g.map((n) => n.toString(16)).join(':'));
const lifetime = fc.oneof(fc.constant<'forever'>('forever'), fc.integer({ min: 0, max: 4_000_000 }));

function address(ifname: string): fc.Arbitrary<IpAddrAddress> {
  return fc
    .record({
      family: fc.constantFrom<'inet' | 'inet6'>('inet', 'inet6'),
      v4: ipv4, v6: ipv6, prefix: fc.integer({ min: 0, max: 32 }), prefix6: fc.integer({ min: 0, max: 128 }),
      metric: fc.option(fc.integer({ min: 0, max: 9999 }), { nil: undefined }),
      broadcast: fc.option(ipv4, { nil: undefined }),
      scope: fc.constantFrom('global', 'host', 'link'),
      flags: fc.subarray(['secondary', 'dynamic', 'noprefixroute']),
      secondaryLabel: fc.boolean(),
      validLft: lifetime, preferredLft: lifetime,
    })
    .map((a): IpAddrAddress => {
      const inet = a.family === 'inet';
      const out: Record<string, unknown> = {
        family: a.family, local: inet ? a.v4 : a.v6, prefixLength: inet ? a.prefix : a.prefix6,
      };
      if (a.metric !== undefined) out.metric = a.metric;
      if (inet && a.broadcast !== undefined) out.broadcast = a.broadcast;
      Object.assign(out, { scope: a.scope, flags: a.flags });
      if (inet) out.label = a.secondaryLabel ? `${ifname}:1` : ifname;
      Object.assign(out, {
        secondary: a.flags.includes('secondary'), dynamic: a.flags.includes('dynamic'),
        validLft: a.validLft, preferredLft: a.preferredLft, span: SPAN,
      });
      return out as IpAddrAddress;
    });
}

const VXLAN = ['id', '42', 'local', '10.0.0.1', 'dev', 'eth0', 'srcport', '0', '0', 'dstport', '8472', 'nolearning', 'ttl', 'auto', 'ageing', '300', 'udpcsum'];

const block: fc.Arbitrary<IpAddrInterface> = name
  .chain((ifname) =>
    fc.record({
      ifname: fc.constant(ifname),
      index: fc.integer({ min: 1, max: 99_999 }),
      link: fc.oneof(fc.constant(undefined), fc.constant(null), fc.integer({ min: 1, max: 999 }).map((n) => `if${n}`), name),
      flags: fc.subarray(['BROADCAST', 'MULTICAST', 'NOARP', 'UP', 'LOWER_UP']),
      mtu: fc.integer({ min: 68, max: 65_535 }),
      qdisc: fc.constantFrom('noqueue', 'mq', 'fq_codel'),
      master: fc.option(name, { nil: undefined }),
      state: fc.constantFrom('UP', 'DOWN', 'UNKNOWN', 'LOWERLAYERDOWN'),
      qlen: fc.option(fc.integer({ min: 0, max: 10_000 }), { nil: undefined }),
      linkType: fc.constantFrom('ether', 'loopback', 'none'),
      address: mac,
      netns: fc.option(fc.oneof(name, fc.integer({ min: 0, max: 99 })), { nil: undefined }),
      details: fc.option(fc.record({ promiscuity: fc.nat(3), kind: fc.constantFrom(null, 'veth', 'vxlan') }), { nil: undefined }),
      addresses: fc.array(address(ifname), { maxLength: 4 }),
      stats: fc.option(fc.array(fc.nat(), { minLength: 12, maxLength: 12 }), { nil: undefined }),
    }),
  )
  .map((g): IpAddrInterface => {
    const record: Record<string, unknown> = { index: g.index, ifname: g.ifname };
    if (g.link !== undefined) record.link = g.link;
    if (typeof g.link === 'string' && /^if\d+$/.test(g.link)) record.linkIndex = Number(g.link.slice(2));
    Object.assign(record, {
      flags: g.flags, isUp: g.flags.includes('UP'), isLowerUp: g.flags.includes('LOWER_UP'), mtu: g.mtu, qdisc: g.qdisc,
    });
    if (g.master !== undefined) record.master = g.master;
    Object.assign(record, { state: g.state, group: 'default' });
    if (g.qlen !== undefined) record.qlen = g.qlen;
    record.linkType = g.linkType;
    if (g.linkType !== 'none') Object.assign(record, { address: g.address, broadcast: g.linkType === 'ether' ? 'ff:ff:ff:ff:ff:ff' : '00:00:00:00:00:00' });
    if (typeof g.netns === 'string') record.linkNetns = g.netns;
    if (typeof g.netns === 'number') record.linkNetnsid = g.netns;
    if (g.details) {
      Object.assign(record, { promiscuity: g.details.promiscuity, allmulti: 0, minmtu: 68, maxmtu: 65535 });
      if (g.details.kind === 'veth') record.linkinfo = { kind: 'veth', options: [] };
      if (g.details.kind === 'vxlan') Object.assign(record, { linkinfo: { kind: 'vxlan', options: VXLAN }, vxlan: vxlanFromOptions(VXLAN) });
      record.properties = { numtxqueues: 1, numrxqueues: 1, gso_max_size: 65536 };
    }
    record.addresses = g.addresses;
    if (g.stats) {
      const [a, b, c, d, e, f, h, i, j, k, l, m] = g.stats as number[];
      record.stats = {
        rx: { bytes: a, packets: b, errors: c, dropped: d, missed: e, mcast: f },
        tx: { bytes: h, packets: i, errors: j, dropped: k, carrier: l, collsns: m },
      };
    }
    record.span = SPAN;
    return record as IpAddrInterface;
  });

const brief: fc.Arbitrary<IpAddrInterface> = fc
  .record({ ifname: name, state: fc.constantFrom('UP', 'DOWN', 'UNKNOWN'), addresses: fc.array(fc.tuple(ipv4, fc.integer({ min: 0, max: 32 })), { maxLength: 3 }) })
  .map(({ ifname, state, addresses }) => ({
    ifname, state, span: SPAN,
    addresses: addresses.map(([local, prefixLength]) => ({
      family: 'inet' as const, local, prefixLength, flags: [], secondary: false, dynamic: false, span: SPAN,
    })),
  }));

describe('ip addr properties', () => {
  const uncached = ipAddrReaders({ cache: false });
  formatProperties<IpAddrInterface>({
    records: fc.oneof(
      { weight: 4, arbitrary: fc.array(block, { minLength: 1, maxLength: 5 }) },
      { weight: 1, arbitrary: fc.array(brief, { minLength: 1, maxLength: 5 }) },
    ),
    print: printIpAddr,
    parse: parseIpAddr,
    parseWithoutCache: (text) => parseIpAddr(text, { readers: uncached }),
  });
});
