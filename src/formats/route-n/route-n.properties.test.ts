// Property tests of the route -n grammar: generated tables in net-tools' layouts.
import fc from 'fast-check';
import { describe } from 'vitest';
import { formatIPv4, prefixToMask } from '../../core';
import { formatProperties } from '../../../test/support/format-properties';
import { parseRouteN, routeNReader } from './parse';
import { printRouteN } from './print';
import type { RouteNEntry, RouteNEntryV4, RouteNEntryV6, RouteNFlag } from './schema';
import type { RouteNLayout } from './headers';

const SPAN = { line: 1, column: 1, offset: 0, length: 0, text: '' };
const ifaceName = fc.stringMatching(/^[a-z][a-z0-9]{0,4}(?:\.\d{1,3})?$/);
const counter = fc.integer({ min: 0, max: 99_999 });
const FLAG_NAMES: Record<string, RouteNFlag> = { U: 'up', G: 'gateway', H: 'host', D: 'dynamic', M: 'modified' };

function v4(layout: RouteNLayout): fc.Arbitrary<RouteNEntryV4> {
  return fc
    .record({
      address: fc.integer({ min: 0, max: 0xffffffff }),
      prefixLength: fc.integer({ min: 0, max: 32 }),
      gateway: fc.option(fc.integer({ min: 1, max: 0xffffffff }), { nil: null }),
      kind: fc.constantFrom('unicast', 'unicast', 'unicast', 'blackhole', 'reject'),
      extra: fc.subarray(['H', 'D', 'M']),
      numbers: fc.tuple(counter, counter, counter, counter, counter, counter),
      // route -nee prints at most six characters of a name
      iface: layout === 'both' ? ifaceName.filter((name) => name.length <= 6) : ifaceName,
    })
    .map(({ address, prefixLength, gateway, kind, extra, numbers, iface }): RouteNEntryV4 => {
      const mask = prefixLength === 0 ? 0 : (0xffffffff << (32 - prefixLength)) >>> 0;
      const destination = formatIPv4((address & mask) >>> 0);
      const reject = kind === 'reject';
      const letters = reject ? ['!', ...extra] : ['U', ...(gateway !== null && kind === 'unicast' ? ['G'] : []), ...extra];
      const flagNames = letters.map((l) => (l === '!' ? 'reject' : (FLAG_NAMES[l] as RouteNFlag)));
      const [metric, ref, use, mss, window, irtt] = numbers;
      const record: Record<string, unknown> = {
        family: 'inet', destination, default: prefixLength === 0 && destination === '0.0.0.0',
        network: `${destination}/${prefixLength}`,
        gateway: reject ? null : kind === 'unicast' && gateway !== null ? formatIPv4(gateway) : '0.0.0.0',
        genmask: prefixToMask(prefixLength), prefixLength, flags: letters.join(''), flagNames, kind,
      };
      if (layout !== 'mss') Object.assign(record, { metric, ref: reject ? null : ref, use });
      if (layout !== 'metric')
        Object.assign(record, reject ? { mss: null, window: null, irtt: null } : { mss, window, irtt });
      record.iface = kind === 'unicast' ? iface : null;
      record.span = SPAN;
      return record as RouteNEntryV4;
    });
}

const v6: fc.Arbitrary<RouteNEntryV6> = fc
  .record({
    groups: fc.array(fc.integer({ min: 0, max: 0xffff }), { minLength: 8, maxLength: 8 }),
    prefixLength: fc.integer({ min: 0, max: 128 }),
    reject: fc.boolean(),
    metric: fc.integer({ min: -1, max: 99_999 }),
    ref: fc.integer({ min: 0, max: 99 }),
    use: fc.integer({ min: 0, max: 99_999 }),
    iface: ifaceName,
  })
  .map(({ groups, prefixLength, reject, metric, ref, use, iface }) => {
    const address = groups.map((g) => g.toString(16)).join(':');
    return {
      family: 'inet6', destination: `${address}/${prefixLength}`, default: prefixLength === 0,
      network: `${address}/${prefixLength}`, prefixLength, nextHop: '::',
      flags: reject ? '!n' : 'U', flagNames: reject ? ['reject', 'no-nexthop'] : ['up'],
      kind: reject ? 'reject' : 'unicast', metric, ref, use, iface, span: SPAN,
    } satisfies RouteNEntryV6;
  });

const tables: fc.Arbitrary<RouteNEntry[]> = fc
  .constantFrom<RouteNLayout>('metric', 'mss', 'both')
  .chain((layout) => fc.tuple(fc.array(v4(layout), { minLength: 1, maxLength: 12 }), fc.array(v6, { maxLength: 4 })))
  .map(([a, b]) => [...a, ...b]);

describe('route -n properties', () => {
  const uncached = routeNReader({ cache: false });
  formatProperties<RouteNEntry>({
    records: tables,
    print: printRouteN,
    parse: parseRouteN,
    parseWithoutCache: (text) => parseRouteN(text, { reader: uncached }),
  });
});
