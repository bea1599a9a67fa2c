// Property tests of the ip rule grammar: generated rule lists in iproute2's and BusyBox's layouts.
import fc from 'fast-check';
import { describe } from 'vitest';
import { formatIPv4 } from '../../core';
import { formatProperties } from '../../../test/support/format-properties';
import { ipRuleReader, parseIpRule } from './parse';
import { printIpRule, type IpRuleLayout } from './print';
import { tableIdOf } from './build';
import type { IpRuleEntry } from './schema';

const SPAN = { line: 1, column: 1, offset: 0, length: 0, text: '' };
const name = fc.constantFrom('eth0', 'eth1', 'lo', 'vrf-red', 'wg0', 'br-lan');
const prefix = fc.tuple(fc.integer({ min: 0x01000000, max: 0xdfffffff }), fc.integer({ min: 8, max: 32 })).map(([address, length]) =>
  length === 32 ? formatIPv4(address) : `${formatIPv4(((address >>> (32 - length)) << (32 - length)) >>> 0)}/${length}`);
const range = fc.tuple(fc.integer({ min: 1, max: 65535 }), fc.integer({ min: 0, max: 100 })).map(([start, span]) => ({ start, end: Math.min(65535, start + span) }));
const opt = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null });

function rule(layout: IpRuleLayout): fc.Arbitrary<IpRuleEntry> {
  return fc
    .record({
      priority: fc.integer({ min: 0, max: 32767 }), not: fc.boolean(), from: fc.oneof(fc.constant('all'), prefix), to: opt(prefix),
      tos: opt(fc.constantFrom('0x10', '0x04')), mark: opt(fc.tuple(fc.integer({ min: 1, max: 0xffff }), opt(fc.integer({ min: 1, max: 0xffff })))),
      iif: opt(fc.tuple(name, fc.boolean())), oif: opt(fc.tuple(name, fc.boolean())), uidrange: opt(range),
      ipproto: opt(fc.constantFrom('tcp', 'udp')), sport: opt(range), dport: opt(range),
      table: fc.constantFrom('main', 'local', 'default', '100', 'vpn', '51820'), suppress: opt(fc.integer({ min: 0, max: 32 })),
      realms: opt(fc.constantFrom('1/2', '7')),
      action: fc.constantFrom('lookup', 'lookup', 'goto', 'nop', 'unreachable', 'prohibit', 'blackhole'), target: fc.integer({ min: 1, max: 32767 }),
      protocol: opt(fc.constantFrom('unspec', 'kernel', 'bird', 'zebra')),
    })
    .map((v): IpRuleEntry => {
      const modern = layout === 'iproute2';
      const lookup = v.action === 'lookup';
      const family = v.from !== 'all' || v.to !== null ? 'inet' : null;
      return {
        priority: v.priority, not: v.not, from: v.from, to: v.to, family, tos: v.tos,
        fwmark: v.mark ? v.mark[0] : null, fwmask: v.mark ? v.mark[1] : null,
        iif: v.iif ? v.iif[0] : null, iifDetached: v.iif ? v.iif[1] : false,
        oif: modern && v.oif ? v.oif[0] : null, oifDetached: modern && v.oif ? v.oif[1] : false, l3mdev: false,
        uidrange: modern ? v.uidrange : null, ipproto: modern ? v.ipproto : null, sport: modern ? v.sport : null, dport: modern ? v.dport : null,
        tunId: null, table: lookup ? v.table : null, tableId: lookup ? tableIdOf(v.table) : null,
        suppressPrefixLength: lookup ? v.suppress : null, suppressIfgroup: null, realms: v.realms,
        action: v.action as IpRuleEntry['action'], type: ['unreachable', 'prohibit', 'blackhole'].includes(v.action) ? v.action : null,
        goto: v.action === 'goto' ? v.target : null, unresolved: false, natGateway: null,
        protocol: modern ? v.protocol : null, dscp: null, span: SPAN,
      };
    });
}

for (const layout of ['iproute2', 'legacy'] as const) {
  describe(`ip rule properties (${layout})`, () => {
    const uncached = ipRuleReader({ cache: false });
    formatProperties<IpRuleEntry>({
      records: fc.array(rule(layout), { minLength: 1, maxLength: 10 }),
      print: (records) => printIpRule(records, { layout }),
      parse: (text) => parseIpRule(text),
      parseWithoutCache: (text) => parseIpRule(text, { reader: uncached }),
    });
  });
}
