// Property tests of the ip neigh grammar: generated tables in iproute2's, BusyBox's and -br layouts.
import fc from 'fast-check';
import { describe } from 'vitest';
import { formatIPv4 } from '../../core';
import { formatProperties } from '../../../test/support/format-properties';
import { ipNeighReader, parseIpNeigh } from './parse';
import { printIpNeigh, type IpNeighLayout } from './print';
import { NEIGH_FLAGS } from './lexer';
import type { IpNeighEntry, NeighFlag, NudState } from './schema';

const SPAN = { line: 1, column: 1, offset: 0, length: 0, text: '' };
const KEYWORDS = new Set(['dev', 'lladdr', 'ref', 'used', 'probes', 'proto', ...NEIGH_FLAGS]);
const ifaceName = fc.stringMatching(/^[a-z][a-z0-9]{0,4}(?:\.\d{1,3})?$/).filter((name) => !KEYWORDS.has(name));
const hex = (n: number, width: number): string => n.toString(16).padStart(width, '0');
const mac = fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 6, maxLength: 6 }).map((bytes) => bytes.map((b) => hex(b, 2)).join(':'));
const ipv4 = fc.integer({ min: 0x01000000, max: 0xdfffffff }).map(formatIPv4);
const ipv6 = fc.tuple(fc.constantFrom('fe80::', '2001:db8:1::', 'ff02::1:'), fc.integer({ min: 1, max: 0xffff })).map(([head, tail]) => `${head}${tail.toString(16)}`);
const STATES: NudState[] = ['INCOMPLETE', 'REACHABLE', 'STALE', 'DELAY', 'PROBE', 'FAILED', 'NOARP', 'PERMANENT'];

type Style = IpNeighLayout | 'brief';

function entry(style: Style, hasDev: boolean, hasStats: boolean): fc.Arbitrary<IpNeighEntry> {
  return fc
    .record({
      dst: fc.oneof(ipv4, ipv6), dev: ifaceName, lladdr: fc.option(mac, { nil: null }),
      flags: fc.subarray([...NEIGH_FLAGS]), state: fc.option(fc.constantFrom(...STATES), { nil: null }),
      counters: fc.tuple(fc.integer({ min: 0, max: 3 }), fc.nat(9999), fc.nat(9999), fc.nat(9999), fc.nat(9)),
      protocol: fc.option(fc.constantFrom('zebra', 'bgp', 'static'), { nil: undefined }),
    })
    .map(({ dst, dev, lladdr, flags, state, counters, protocol }) => {
      const brief = style === 'brief';
      const chosen: NeighFlag[] = brief ? [] : flags;
      const record: IpNeighEntry = {
        dst, family: dst.includes(':') ? 'inet6' : 'inet', dev: hasDev ? dev : null,
        // -br without a dev column and without lladdr prints a bare address, read as plain ip neigh
        lladdr: brief && !hasDev ? (lladdr ?? '52:54:00:00:00:01') : lladdr,
        flags: chosen, isRouter: chosen.includes('router'), isProxy: chosen.includes('proxy'),
        state: brief ? null : state === null ? [] : [state], span: SPAN,
      };
      if (!brief && hasStats) {
        const [refcnt, used, confirmed, updated, probes] = counters;
        Object.assign(record, { refcnt, used, confirmed, updated, probes });
        record.span = SPAN;
      }
      if (!brief && protocol !== undefined) record.protocol = protocol;
      const { span, ...rest } = record;
      return { ...rest, span } as IpNeighEntry;
    });
}

function tables(style: Style): fc.Arbitrary<IpNeighEntry[]> {
  return fc.tuple(fc.boolean(), fc.boolean()).chain(([hasDev, hasStats]) => fc.array(entry(style, hasDev, hasStats), { minLength: 1, maxLength: 10 }));
}

for (const style of ['iproute2', 'legacy', 'brief'] as const) {
  describe(`ip neigh properties (${style})`, () => {
    const uncached = ipNeighReader({ cache: false });
    const layout = style === 'brief' ? 'iproute2' : style;
    formatProperties<IpNeighEntry>({
      records: tables(style),
      print: (records) => printIpNeigh(records, { layout }),
      parse: (text) => parseIpNeigh(text),
      parseWithoutCache: (text) => parseIpNeigh(text, { reader: uncached }),
    });
  });
}
