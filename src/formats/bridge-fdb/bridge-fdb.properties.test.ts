// Property tests of the bridge fdb grammar: generated entries in iproute2 6.x's layout.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatProperties } from '../../../test/support/format-properties';
import { bridgeFdbReader, parseBridgeFdb } from './parse';
import { printBridgeFdb } from './print';
import { isDynamicState, isMulticastMac } from './build';
import { KEYWORDS } from './lexer';
import type { BridgeFdbEntry, BridgeFdbFlag } from './schema';

const SPAN = { line: 1, column: 1, offset: 0, length: 0, text: '' };
const WORDS = new Set<string>(Object.values(KEYWORDS));
// device names as the kernel allows them (no blank, no "/"), never one of bridge's keywords
const name = fc.stringMatching(/^[a-z][\w.-]{0,14}$/).filter((n) => !WORDS.has(n));
const byte = fc.integer({ min: 0, max: 255 }).map((b) => b.toString(16).padStart(2, '0'));
const mac = fc.array(byte, { minLength: 6, maxLength: 6 }).map((b) => b.join(':'));
const ipv4 = fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 4, maxLength: 4 }).map((o) => o.join('.'));
const ipv6 = fc.oneof(
  fc.array(fc.integer({ min: 0, max: 0xffff }), { minLength: 8, maxLength: 8 }).map((g) => g.map((x) => x.toString(16)).join(':')),
  fc.tuple(fc.integer({ min: 1, max: 0xffff }), fc.integer({ min: 0, max: 0xffff })).map(([a, b]) => `${a.toString(16)}::${b.toString(16)}`),
  // eight two-digit groups: lexed as a MAC-shaped token, still a dst
  fc.array(byte, { minLength: 8, maxLength: 8 }).map((g) => g.join(':')),
);
const u = (max: number) => fc.integer({ min: 0, max });
const FLAGS: BridgeFdbFlag[] = ['self', 'router', 'extern_learn', 'offload', 'master', 'sticky', 'locked'];

const entry: fc.Arbitrary<BridgeFdbEntry> = fc
  .record(
    {
      deleted: fc.constant(true),
      mac,
      dev: fc.option(name, { nil: null }),
      dst: fc.oneof(ipv4, ipv6),
      vlan: u(4094),
      port: u(65535),
      vni: u(0xffffff),
      srcVni: u(0xffffff),
      via: name,
      viaIfindex: u(100000),
      nhid: u(0xffffffff),
      linkNetnsid: u(1000),
      activityNotify: fc.constant(true),
      inactive: fc.constant(true),
      norefresh: fc.constant(true),
      timers: fc.tuple(u(100000), u(100000)),
      flags: fc.subarray(FLAGS),
      master: name,
      state: fc.constantFrom('permanent', 'permanent', 'static', 'stale', '', 'state=0x2'),
    },
    { requiredKeys: ['mac', 'dev', 'flags', 'state'] },
  )
  .map(({ timers, ...fields }) => {
    const record: Record<string, unknown> = { ...fields };
    delete record.timers;
    if (timers) Object.assign(record, { used: timers[0], updated: timers[1] });
    const ordered: Record<string, unknown> = {};
    for (const key of [
      'deleted', 'mac', 'dev', 'dst', 'vlan', 'port', 'vni', 'srcVni', 'via', 'viaIfindex', 'nhid', 'linkNetnsid',
      'activityNotify', 'inactive', 'norefresh', 'used', 'updated', 'flags', 'master', 'state',
    ])
      if (record[key] !== undefined) ordered[key] = record[key];
    return {
      ...ordered, isDynamic: isDynamicState(fields.state), isMulticast: isMulticastMac(fields.mac), span: SPAN,
    } as BridgeFdbEntry;
  });

describe('bridge fdb properties', () => {
  const uncached = bridgeFdbReader({ cache: false });
  formatProperties<BridgeFdbEntry>({
    records: fc.array(entry, { maxLength: 12 }),
    print: printBridgeFdb,
    parse: parseBridgeFdb,
    parseWithoutCache: (text) => parseBridgeFdb(text, { reader: uncached }),
  });
});

describe('bridge fdb grammar', () => {
  const reader = bridgeFdbReader({ cache: false });
  it('gives every generated line exactly one reading', () => {
    fc.assert(
      fc.property(entry, (record) => {
        const line = printBridgeFdb([record]).trimEnd();
        expect(reader.countReadings(reader.tokenize(line, 0, 1))).toBe(1);
      }),
      { numRuns: 200 },
    );
  });
});
