// Property tests of the ip link grammar: generated interfaces in iproute2 6.1's block layout
// (with and without -d, -s and -s -s parts), and in the ip -br link layout.
import fc from 'fast-check';
import { describe } from 'vitest';
import { formatProperties } from '../../../test/support/format-properties';
import { vxlanFromOptions } from './build';
import { ipLinkReaders, parseIpLink } from './parse';
import { printIpLink } from './print';
import type { IpLinkInterface } from './schema';

const SPAN = { line: 1, column: 1, offset: 0, length: 0, text: '' };
// a digit at the end keeps names clear of ip's keywords ("mtu", "dynamic", "veth")
const name = fc.stringMatching(/^[a-z]{1,6}\d{1,2}$/);
const hex2 = fc.integer({ min: 0, max: 255 }).map((n) => n.toString(16).padStart(2, '0'));
const mac = fc.array(hex2, { minLength: 6, maxLength: 6 }).map((g) => g.join(':'));

const VXLAN = ['id', '42', 'local', '10.0.0.1', 'dev', 'eth0', 'srcport', '0', '0', 'dstport', '8472', 'nolearning', 'ttl', 'auto', 'ageing', '300', 'udpcsum'];

const block: fc.Arbitrary<IpLinkInterface> = name
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
      mode: fc.constantFrom('DEFAULT', 'DORMANT'),
      statsLevel: fc.constantFrom(1, 2),
      stats: fc.option(fc.array(fc.nat(), { minLength: 12, maxLength: 12 }), { nil: undefined }),
    }),
  )
  .map((g): IpLinkInterface => {
    const record: Record<string, unknown> = { index: g.index, ifname: g.ifname };
    if (g.link !== undefined) record.link = g.link;
    if (typeof g.link === 'string' && /^if\d+$/.test(g.link)) record.linkIndex = Number(g.link.slice(2));
    Object.assign(record, {
      flags: g.flags, isUp: g.flags.includes('UP'), isLowerUp: g.flags.includes('LOWER_UP'), mtu: g.mtu, qdisc: g.qdisc,
    });
    if (g.master !== undefined) record.master = g.master;
    Object.assign(record, { state: g.state, mode: g.mode, group: 'default' });
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
    if (g.stats) {
      const [a, b, c, d, e, f, h, i, j, k, l, m] = g.stats as number[];
      record.stats = {
        rx: { bytes: a, packets: b, errors: c, dropped: d, missed: e, mcast: f },
        ...(g.statsLevel === 2 ? { rxErrors: { length: f, crc: e, frame: d, fifo: c, overrun: b } } : {}),
        tx: { bytes: h, packets: i, errors: j, dropped: k, carrier: l, collsns: m },
        ...(g.statsLevel === 2 ? { txErrors: { aborted: m, fifo: l, window: k, heartbt: j, transns: i } } : {}),
      };
    }
    record.span = SPAN;
    return record as IpLinkInterface;
  });

const brief: fc.Arbitrary<IpLinkInterface> = fc
  .record({ ifname: name, state: fc.constantFrom('UP', 'DOWN', 'UNKNOWN'), address: fc.option(mac, { nil: undefined }), flags: fc.subarray(['BROADCAST', 'MULTICAST', 'UP']) })
  .map(({ ifname, state, address, flags }) => ({
    ifname, flags, isUp: flags.includes('UP'), isLowerUp: false, state, ...(address !== undefined ? { address } : {}), span: SPAN,
  }));

describe('ip link properties', () => {
  const uncached = ipLinkReaders({ cache: false });
  formatProperties<IpLinkInterface>({
    records: fc.oneof(
      { weight: 4, arbitrary: fc.array(block, { minLength: 1, maxLength: 5 }) },
      { weight: 1, arbitrary: fc.array(brief, { minLength: 1, maxLength: 5 }) },
    ),
    print: printIpLink,
    parse: parseIpLink,
    parseWithoutCache: (text) => parseIpLink(text, { readers: uncached }),
  });
});
