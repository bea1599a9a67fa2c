// Property tests of the ifconfig grammar: generated interfaces printed in the three layouts.
import fc from 'fast-check';
import { describe } from 'vitest';
import { prefixToMask } from '../../core';
import { formatProperties } from '../../../test/support/format-properties';
import { flagNamesOf } from './build';
import { lexer } from './lexer';
import { ifconfigReader, parseIfconfig } from './parse';
import { printIfconfig } from './print';
import type { IfconfigDevice, IfconfigFlag, IfconfigInet, IfconfigInet6, IfconfigInterface, IfconfigRx, IfconfigTx } from './schema';
import { FLAG_BITS } from './words';

type Layout = IfconfigInterface['layout'];
const SPAN = { line: 1, column: 1, offset: 0, length: 0, text: '' };

/** A name the lexer reads as a plain word (not a keyword such as "ether" or "tr"). */
const isPlainWord = (name: string): boolean => {
  lexer.reset(name);
  const tokens = [...lexer];
  return tokens.length === 1 && tokens[0]?.type === 'word';
};
const name = fc
  .tuple(fc.stringMatching(/^[a-z][a-z0-9]{0,6}(?:\.\d{1,3})?$/), fc.option(fc.stringMatching(/^[a-z0-9]{1,3}$/), { nil: null }))
  .map(([base, alias]) => (alias === null ? base : `${base}:${alias}`))
  .filter((n) => isPlainWord(n.split(':')[0] as string) && isPlainWord(n));

const byte = fc.integer({ min: 0, max: 255 });
const ipv4 = fc.tuple(byte, byte, byte, byte).map((b) => b.join('.'));
const counter = fc.integer({ min: 0, max: 99_999_999 });
const hex4 = fc.integer({ min: 0, max: 0xffff }).map((v) => v.toString(16));
const ipv6 = fc.oneof(
  fc.tuple(hex4, hex4, hex4).map(([a, b, c]) => `fe80::${a}:${b}:${c}`),
  fc.tuple(hex4, hex4).map(([a, b]) => `2001:db8:${a}::${b}`),
  fc.constant('::1'),
);

/** net-tools 2.x: "(8.9 GiB)"; the layouts differ only in rounding, and sizes are kept as printed. */
function human(bytes: number): string {
  const units: [number, string][] = [[2 ** 40, 'TiB'], [2 ** 30, 'GiB'], [2 ** 20, 'MiB'], [2 ** 10, 'KiB']];
  for (const [size, ext] of units) {
    if (bytes > size) {
      const tenths = Math.floor((bytes * 10) / size);
      return `${Math.floor(tenths / 10)}.${tenths % 10} ${ext}`;
    }
  }
  return `${bytes}.0 B`;
}

const flagSet = fc.subarray(FLAG_BITS.map(([flag]) => flag) as IfconfigFlag[]);
const inet = (layout: Layout): fc.Arbitrary<IfconfigInet> =>
  fc
    .record({ address: ipv4, prefixLength: fc.integer({ min: 0, max: 32 }), broadcast: fc.option(ipv4, { nil: null }), destination: fc.option(ipv4, { nil: null }) })
    .map(({ address, prefixLength, broadcast, destination }) => ({
      family: 'inet', address, netmask: prefixToMask(prefixLength), prefixLength, cidr: `${address}/${prefixLength}`,
      broadcast, destination: layout === 'short' ? null : destination, span: SPAN,
    }));
const SCOPES: [number, string][] = [[0, 'global'], [0x20, 'link'], [0x10, 'host'], [0x40, 'site']];
const inet6 = (layout: Layout): fc.Arbitrary<IfconfigInet6> =>
  fc.record({ address: ipv6, prefixLength: fc.integer({ min: 0, max: 128 }), scope: fc.constantFrom(...SCOPES) }).map(({ address, prefixLength, scope }) => ({
    family: 'inet6', address, prefixLength, cidr: `${address}/${prefixLength}`,
    scopeid: layout === 'modern' ? scope[0] : null, scope: scope[1], span: SPAN,
  }));

const counters = fc.tuple(counter, fc.integer({ min: 0, max: 2 ** 40 }), counter, counter, counter, counter, counter, fc.integer({ min: 0, max: 2 ** 40 }), counter, counter, counter, counter, counter, counter);
function stats(layout: Layout): fc.Arbitrary<{ rx: IfconfigRx; tx: IfconfigTx } | null> {
  return fc.option(
    counters.map(([rp, rb, re, rd, ro, rf, tp, tb, te, td, to, tc, col, _]) => {
      const full = layout !== 'short';
      return {
        rx: { packets: rp, bytes: full ? rb : null, bytesHuman: full ? human(rb) : null, errors: re, dropped: rd, overruns: ro, frame: full ? rf : null, compressed: null },
        tx: {
          packets: tp, bytes: full ? tb : null, bytesHuman: full ? human(tb) : null, errors: te, dropped: td, overruns: to,
          carrier: full ? tc : null, collisions: full ? col : null, compressed: null,
        },
      };
    }),
    { nil: null },
  );
}

const HW: [string, string, 'mac' | 'unspec' | null][] = [
  ['ether', 'Ethernet', 'mac'], ['loop', 'Local Loopback', null], ['unspec', 'UNSPEC', 'unspec'], ['tunnel', 'IPIP Tunnel', null],
];
const mac = fc.array(byte, { minLength: 6, maxLength: 6 }).map((b) => b.map((x) => x.toString(16).padStart(2, '0')).join(':'));
const UNSPEC = Array.from({ length: 16 }, () => '00').join('-');

function device(layout: Layout): fc.Arbitrary<IfconfigDevice | null> {
  if (layout === 'short') return fc.constant(null);
  return fc.option(
    fc.record({ interrupt: fc.option(fc.integer({ min: 1, max: 255 }), { nil: null }), memory: fc.boolean() }).map(({ interrupt, memory }) => ({
      interrupt: interrupt ?? (memory ? null : 17), base: null,
      memory: memory ? (layout === 'modern' ? '0xd2600000-d2620000' : 'fe9e0000-fea00000') : null, dma: null,
    })),
    { nil: null },
  );
}

function iface(layout: Layout): fc.Arbitrary<IfconfigInterface> {
  return fc
    .record({
      name, flagNames: flagSet, extraBits: fc.constantFrom(0, 0x2000), mtu: fc.integer({ min: 68, max: 65536 }),
      hw: fc.constantFrom(...HW), mac, txqueuelen: fc.option(fc.integer({ min: 0, max: 10000 }), { nil: null }),
      inet: fc.option(inet(layout), { nil: null }), inet6: fc.array(inet6(layout), { maxLength: 2 }),
      stats: stats(layout), device: device(layout),
    })
    .map((g): IfconfigInterface => {
      let flagNames = g.flagNames;
      // -s prints "P" for both PROMISC and POINTOPOINT; a lone point-to-point "P" reads as PROMISC
      if (layout === 'short' && flagNames.includes('POINTOPOINT') && !flagNames.some((f) => f === 'NOARP' || f === 'NOTRAILERS' || f === 'PROMISC'))
        flagNames = flagNames.filter((f) => f !== 'POINTOPOINT');
      let bits: number = g.extraBits;
      for (const [flag, bit] of FLAG_BITS) if (flagNames.includes(flag)) bits |= bit;
      const flags = layout === 'modern' ? bits : null;
      const [hwName, hwTitle, addressKind] = g.hw;
      const hwAddress = addressKind === 'mac' ? g.mac : addressKind === 'unspec' ? UNSPEC : null;
      const colon = g.name.indexOf(':');
      const names = flags === null ? flagNames : flagNamesOf(flags);
      const hasStats = g.stats !== null;
      return {
        name: g.name, baseName: colon === -1 ? g.name : g.name.slice(0, colon), alias: colon === -1 ? null : g.name.slice(colon + 1),
        layout, flags, flagNames: names, up: names.includes('UP'), running: names.includes('RUNNING'), mtu: g.mtu,
        metric: layout === 'classic' ? 1 : null,
        hwName: layout === 'modern' ? hwName : null,
        hwTitle: layout === 'short' ? null : hwTitle,
        hwAddress: layout === 'short' ? null : layout === 'classic' ? (hwAddress?.toUpperCase() ?? null) : hwAddress,
        txqueuelen: layout === 'short' || (layout === 'classic' && !hasStats) ? null : g.txqueuelen,
        addresses: layout === 'short' ? [] : [...(g.inet ? [g.inet] : []), ...g.inet6],
        rx: g.stats?.rx ?? null, tx: g.stats?.tx ?? null, device: g.device, span: SPAN,
      };
    });
}

const lists: fc.Arbitrary<IfconfigInterface[]> = fc
  .constantFrom<Layout>('modern', 'classic', 'short')
  .chain((layout) => fc.array(iface(layout), { minLength: 1, maxLength: 6 }));

describe('ifconfig properties', () => {
  const uncached = ifconfigReader({ cache: false });
  formatProperties<IfconfigInterface>({
    records: lists,
    print: printIfconfig,
    parse: parseIfconfig,
    parseWithoutCache: (text) => parseIfconfig(text, { reader: uncached }),
  });
});
