// Property tests of the ip route grammar: generated routes (and nexthop objects) in iproute2 6.x's layout.
import fc from 'fast-check';
import { describe } from 'vitest';
import { formatIPv4 } from '../../core';
import { formatProperties } from '../../../test/support/format-properties';
import { parseIpRoute, ipRouteReader } from './parse';
import { printIpRoute } from './print';
import { lexer } from './lexer';

/** Whether ip route's lexer reads the name as a plain word (not a keyword such as "to" or "as"). */
function isPlainWord(name: string): boolean {
  lexer.reset(name);
  return lexer.next()?.type === 'word';
}
import type { IpNexthopObject, IpRoute, IpRouteEntry, IpRouteNexthop } from './schema';

const SPAN = { line: 1, column: 1, offset: 0, length: 0, text: '' };
// device names that are words of ip's own ("to", "as", "id") are not read as names
const dev = fc.stringMatching(/^[a-z][a-z0-9]{0,6}(?:\.\d{1,3})?$/).filter(isPlainWord);
const v4 = fc.integer({ min: 1, max: 0xfffffffe }).map(formatIPv4);
const v6 = fc
  .array(fc.integer({ min: 0, max: 0xffff }), { minLength: 8, maxLength: 8 })
  .map((groups) => groups.map((g) => g.toString(16)).join(':'));
const u32 = fc.integer({ min: 0, max: 4294967295 });
const FORWARDING = ['unicast', 'unicast', 'unicast', 'local', 'broadcast', 'multicast', 'anycast'] as const;
const REJECTING = ['blackhole', 'unreachable', 'prohibit', 'throw'] as const;

const route: fc.Arbitrary<IpRoute> = fc
  .record({
    family: fc.constantFrom('inet' as const, 'inet6' as const),
    rejecting: fc.boolean(),
    forwardingType: fc.constantFrom(...FORWARDING),
    rejectingType: fc.constantFrom(...REJECTING),
    dstKind: fc.constantFrom('default', 'prefix', 'host'),
    length: fc.integer({ min: 1, max: 128 }),
    v4: v4, v6: v6, gw4: v4, gw6: v6,
    hasGateway: fc.boolean(),
    dev: fc.option(dev, { nil: undefined }),
    table: fc.option(fc.constantFrom('local', '100', 'vpn', 'default'), { nil: undefined }),
    protocol: fc.option(fc.constantFrom('kernel', 'static', 'dhcp', 'bird', 'ra', 'boot'), { nil: undefined }),
    scope: fc.option(fc.constantFrom('link', 'host', 'global'), { nil: undefined }),
    prefsrc: fc.boolean(),
    metric: fc.option(u32, { nil: undefined }),
    flags: fc.subarray(['onlink', 'linkdown'] as const),
    pref: fc.option(fc.constantFrom('low', 'medium', 'high'), { nil: undefined }),
    expires: fc.option(fc.integer({ min: 1, max: 99_999 }), { nil: undefined }),
    mtu: fc.option(fc.integer({ min: 68, max: 65_535 }), { nil: undefined }),
    lockMtu: fc.boolean(),
    rtt: fc.option(fc.integer({ min: 1, max: 5000 }), { nil: undefined }),
    cached: fc.boolean(),
    hops: fc.array(fc.record({ gw: fc.boolean(), dev, weight: fc.integer({ min: 1, max: 256 }), linkdown: fc.boolean() }), { maxLength: 3 }),
    hopAddresses: fc.array(fc.tuple(v4, v6), { minLength: 3, maxLength: 3 }),
  })
  .map((g): IpRoute => {
    const inet = g.family === 'inet';
    const type = g.rejecting ? g.rejectingType : g.forwardingType;
    // a default route without an address shows no family (parse.ts takes it from its neighbours)
    if (g.rejecting && g.dstKind === 'default') g.dstKind = 'prefix';
    const address = inet ? g.v4 : g.v6;
    const length = Math.min(g.length, inet ? 32 : 128);
    // a default route shows its family through its gateway
    const hasGateway = !g.rejecting && (g.hasGateway || g.dstKind === 'default');
    const dst = g.dstKind === 'default' ? 'default' : g.dstKind === 'host' ? address : `${address}/${length}`;
    const network = g.dstKind === 'default' ? (inet ? '0.0.0.0/0' : '::/0') : g.dstKind === 'host' ? `${address}/${inet ? 32 : 128}` : dst;
    const prefixLength = g.dstKind === 'default' ? 0 : g.dstKind === 'host' ? (inet ? 32 : 128) : length;
    const record: Record<string, unknown> = {
      type, dst, default: g.dstKind === 'default', network, prefixLength, family: g.family,
      gateway: hasGateway && g.hops.length === 0 ? (inet ? g.gw4 : g.gw6) : undefined,
      dev: g.dev, table: g.table, protocol: g.protocol, scope: g.scope,
      prefsrc: g.prefsrc ? (inet ? g.gw4 : g.gw6) : undefined, metric: g.metric, flags: g.flags,
    };
    if (g.dstKind === 'default' && record.gateway === undefined && g.hops.length === 0) record.gateway = inet ? g.gw4 : g.gw6;
    const cached = inet && g.cached;
    if (cached) record.cache = [];
    if (!inet || cached) record.expires = g.expires;
    if (g.mtu !== undefined || g.rtt !== undefined) {
      record.metrics = { ...(g.mtu !== undefined ? { mtu: g.mtu } : {}), ...(g.rtt !== undefined ? { rtt: g.rtt } : {}) };
      if (g.mtu !== undefined && g.lockMtu) record.locked = ['mtu'];
    }
    if (!inet) record.pref = g.pref;
    if (!g.rejecting && g.hops.length > 0) {
      record.nexthops = g.hops.map((hop, i): IpRouteNexthop => {
        const [a4, a6] = g.hopAddresses[i] as [string, string];
        return {
          // a hop without gateway in a default route would leave its family unknown
          gateway: hop.gw || g.dstKind === 'default' ? (inet ? a4 : a6) : undefined,
          dev: hop.dev, weight: hop.weight, flags: hop.linkdown ? ['linkdown'] : [], span: SPAN,
        };
      });
    }
    record.span = SPAN;
    return record as unknown as IpRoute;
  });

const nexthopObject: fc.Arbitrary<IpNexthopObject> = fc
  .record({ id: fc.integer({ min: 1, max: 9999 }), gw: fc.option(v4, { nil: undefined }), dev, group: fc.boolean(), fdb: fc.boolean() })
  .map(({ id, gw, dev: device, group, fdb }): IpNexthopObject => ({
    type: 'nexthop', id,
    ...(group ? { group: [{ id: 1 }, { id: 2, weight: 3 }] } : gw !== undefined ? { family: 'inet' as const, gateway: gw, dev: device, scope: 'link' } : { blackhole: true }),
    flags: [], ...(fdb ? { fdb: true } : {}), span: SPAN,
  }));

const tables: fc.Arbitrary<IpRouteEntry[]> = fc
  .tuple(fc.array(route, { minLength: 1, maxLength: 10 }), fc.array(nexthopObject, { maxLength: 3 }))
  .map(([routes, objects]) => [...routes, ...objects]);

describe('ip route properties', () => {
  const uncached = ipRouteReader({ cache: false });
  formatProperties<IpRouteEntry>({
    records: tables,
    print: (records) => printIpRoute(records),
    parse: parseIpRoute,
    parseWithoutCache: (text) => parseIpRoute(text, { reader: uncached }),
  });
});
