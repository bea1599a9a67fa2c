// Property tests of the ipvsadm grammar: generated listings in every layout ipvsadm 1.31 prints
// (print_title, print_service_entry, print_largenum, print_conn), saves, timeouts and errors.
import fc from 'fast-check';
import { describe } from 'vitest';
import { formatProperties } from '../../../test/support/format-properties';
import { ipvsadmReader, parseIpvsadm } from './parse';
import { printIpvsadm } from './print';
import type { IpvsadmDestination, IpvsadmEntry, IpvsadmLayout, IpvsadmService, IpvsCounters, IpvsServiceKey } from './schema';

const SPAN = { line: 1, column: 1, offset: 0, length: 0, text: '' };
const octet = fc.integer({ min: 0, max: 255 });
const ipv4 = fc.tuple(octet, octet, octet, octet).map((o) => o.join('.'));
const ipv6 = fc.tuple(fc.integer({ min: 1, max: 0xffff }), fc.integer({ min: 0, max: 0xffff })).map(([a, b]) => `fd00:${a.toString(16)}::${b.toString(16)}`);
const port = fc.integer({ min: 0, max: 65535 });
const hostPort = fc.oneof(
  fc.tuple(ipv4, port).map(([address, p]) => ({ name: `${address}:${p}`, address, port: p, family: 'inet' as const })),
  fc.tuple(ipv6, port).map(([address, p]) => ({ name: `[${address}]:${p}`, address, port: p, family: 'inet6' as const })),
);
const serviceKey: fc.Arbitrary<IpvsServiceKey> = fc.oneof(
  fc.tuple(fc.constantFrom('TCP', 'UDP', 'SCTP') as fc.Arbitrary<'TCP' | 'UDP' | 'SCTP'>, hostPort).map(([protocol, host]) => ({ protocol, ...host, fwmark: null })),
  fc.tuple(fc.integer({ min: 0, max: 0xffffffff }), fc.constantFrom('inet', 'inet6') as fc.Arbitrary<'inet' | 'inet6'>)
    .map(([mark, family]) => ({ protocol: 'FWM' as const, name: String(mark), address: null, port: null, fwmark: mark, family })),
);
const small = fc.integer({ min: 0, max: 99_999_999 });
// what print_largenum shortens reads back as its lower bound: a multiple of its unit
const shortened = fc.oneof(
  fc.integer({ min: 100_000, max: 999_999 }).map((n) => n * 1e3),
  fc.integer({ min: 1_000, max: 99_999 }).map((n) => n * 1e6),
  fc.integer({ min: 100, max: 99_999 }).map((n) => n * 1e9),
);
const exact = fc.integer({ min: 0, max: 2 ** 50 });
/** Five counters and whether ipvsadm shortened them (a shortened record has one past 10^8; --exact prints them whole). */
function counters(firstThreeWhole: boolean): fc.Arbitrary<{ counters: IpvsCounters; abbreviated: boolean }> {
  return fc.constantFrom('short', 'exact').chain((mode) => {
    const big = mode === 'short' ? fc.oneof(small, shortened) : fc.oneof(small, exact);
    const head = firstThreeWhole && mode === 'short' ? small : big;
    return fc.tuple(head, head, head, big, big).map(([connections, inPackets, outPackets, inBytes, outBytes]) => {
      const values = { connections, inPackets, outPackets, inBytes, outBytes };
      const abbreviated = mode === 'short' && Object.values(values).some((n) => n >= 1e8);
      return { counters: values, abbreviated };
    });
  });
}
const count = fc.integer({ min: 0, max: 4_000_000_000 });
const scheduler = fc.constantFrom('rr', 'wrr', 'lc', 'wlc', 'sh', 'mh', 'sed', 'nq');

function service(layout: IpvsadmLayout): fc.Arbitrary<IpvsadmService> {
  const base = { type: 'service' as const, layout, stats: null, rates: null, abbreviated: false, span: SPAN };
  if (layout === 'stats' || layout === 'rate')
    return fc.tuple(serviceKey, counters(false)).map(([key, c]) => ({
      ...base, ...key, scheduler: null, schedulerFlags: [], persistent: null, netmask: null, persistenceEngine: null, onePacket: false,
      stats: layout === 'stats' ? c.counters : null, rates: layout === 'rate' ? c.counters : null, abbreviated: c.abbreviated,
    }));
  return fc.record({
    key: serviceKey, scheduler,
    schedulerFlags: fc.subarray(['sh-fallback', 'sh-port']),
    persistence: fc.option(fc.record({ timeout: fc.integer({ min: 1, max: 2_678_400 }), netmask: fc.option(fc.constant('255.255.255.0')), pe: fc.option(fc.constant('sip')) })),
    onePacket: fc.boolean(),
  }).map(({ key, scheduler: s, schedulerFlags, persistence, onePacket }) => ({
    ...base, ...key, scheduler: s, schedulerFlags,
    persistent: persistence?.timeout ?? null,
    netmask: key.family === 'inet' ? persistence?.netmask ?? null : null,
    persistenceEngine: persistence?.pe ?? null, onePacket,
  }));
}

function destination(layout: IpvsadmLayout, of: IpvsServiceKey): fc.Arbitrary<IpvsadmDestination> {
  const none = {
    type: 'destination' as const, layout, service: of, forward: null, forwardText: null, weight: null, activeConnections: null, inactiveConnections: null,
    persistentConnections: null, upperThreshold: null, lowerThreshold: null, tunnel: null, stats: null, rates: null, abbreviated: false, span: SPAN,
  };
  const host = hostPort.map(({ name, address, port: p }) => ({ name, address, port: p }));
  const forward = fc.constantFrom(['Masq', 'masq'], ['Route', 'route'], ['Tunnel', 'tunnel'], ['Local', 'local'], ['FullNat', 'fullnat']) as fc.Arbitrary<[string, IpvsadmDestination['forward']]>;
  switch (layout) {
    case 'stats': case 'rate':
      return fc.tuple(host, counters(layout === 'rate')).map(([h, c]) => ({ ...none, ...h, stats: layout === 'stats' ? c.counters : null, rates: layout === 'rate' ? c.counters : null, abbreviated: c.abbreviated }));
    case 'thresholds':
      return fc.tuple(host, count, count, count, count).map(([h, u, l, a, i]) => ({ ...none, ...h, upperThreshold: u, lowerThreshold: l, activeConnections: a, inactiveConnections: i }));
    case 'persistent-conn':
      return fc.tuple(host, fc.integer({ min: 0, max: 65535 }), count, count, count).map(([h, w, p, a, i]) => ({ ...none, ...h, weight: w, persistentConnections: p, activeConnections: a, inactiveConnections: i }));
    case 'save':
      return fc.tuple(host, fc.constantFrom(['-m', 'masq'], ['-g', 'route'], ['-i', 'tunnel']) as fc.Arbitrary<[string, IpvsadmDestination['forward']]>, fc.integer({ min: 0, max: 65535 }))
        .map(([h, [text, name], w]) => ({ ...none, ...h, forward: name, forwardText: text, weight: w }));
    case 'tun-info': case 'list':
      return fc.tuple(host, forward, fc.integer({ min: 0, max: 65535 }), count, count, fc.constantFrom('ipip', 'n/a', 'gre:-c', 'gue:6080:+c')).map(([h, [text, name], w, a, i, tunnel]) => ({
        ...none, ...h, forward: name, forwardText: text, weight: w, activeConnections: a, inactiveConnections: i, tunnel: layout === 'tun-info' ? tunnel : null,
      }));
  }
}

const keyOf = (s: IpvsadmService): IpvsServiceKey => ({ protocol: s.protocol, name: s.name, address: s.address, port: s.port, fwmark: s.fwmark, family: s.family });
const layouts: IpvsadmLayout[] = ['list', 'tun-info', 'stats', 'rate', 'thresholds', 'persistent-conn', 'save'];
const block: fc.Arbitrary<IpvsadmEntry[]> = fc.tuple(fc.constantFrom(...layouts), fc.boolean()).chain(([layout, version]) =>
  fc.array(service(layout).chain((s) => fc.array(destination(layout, keyOf(s)), { maxLength: 3 }).map((ds) => [s, ...ds])), { minLength: 1, maxLength: 3 })
    .map((groups) => [...(version && layout !== 'save' ? [{ type: 'version' as const, version: '1.2.1', size: 4096, span: SPAN }] : []), ...groups.flat()]));
const endpoint = fc.tuple(ipv4, port).map(([address, p]) => ({ name: `${address}:${p}`, address, port: p }));
const connection: fc.Arbitrary<IpvsadmEntry> = fc.record({
  tcp: fc.boolean(), minutes: fc.integer({ min: 0, max: 300 }), seconds: fc.integer({ min: 0, max: 59 }),
  state: fc.constantFrom('ESTABLISHED', 'SYN_RECV', 'FIN_WAIT', 'TIME_WAIT', 'CLOSE', 'NONE'), source: endpoint, virtual: endpoint, destination: endpoint,
}).map(({ tcp, minutes, seconds, state, source, virtual, destination: d }) => ({
  type: 'connection', protocol: tcp ? 'TCP' : 'UDP', expire: `${String(minutes).padStart(2, '0')}:${String(seconds).padStart(2, '0')}`, expireSeconds: minutes * 60 + seconds,
  state: tcp ? state : 'UDP', source, virtual, destination: d, persistenceEngine: null, persistenceData: null, span: SPAN,
}));
const others: fc.Arbitrary<IpvsadmEntry[]> = fc.oneof(
  fc.array(connection, { minLength: 1, maxLength: 3 }),
  fc.tuple(count, count, count).map(([tcp, tcpFin, udp]) => [{ type: 'timeout' as const, tcp, tcpFin, udp, span: SPAN }]),
  fc.constantFrom('Protocol not available', 'Permission denied (you must be root)').map((reason) => [
    { type: 'error' as const, error: 'cannot-initialize' as const, reason, message: `Can't initialize ipvs: ${reason}`, span: SPAN },
    { type: 'error' as const, error: 'not-built-in' as const, reason: null, message: 'Are you sure that IP Virtual Server is built in the kernel or as module?', span: SPAN },
  ]),
);

describe('ipvsadm properties', () => {
  const uncached = ipvsadmReader({ cache: false });
  formatProperties<IpvsadmEntry>({
    records: fc.array(fc.oneof({ weight: 4, arbitrary: block }, { weight: 1, arbitrary: others }), { minLength: 1, maxLength: 3 }).map((parts) => parts.flat()),
    print: printIpvsadm,
    parse: (text) => parseIpvsadm(text),
    parseWithoutCache: (text) => parseIpvsadm(text, { reader: uncached }),
    // junk never reads as a unit of ipvsadm: no protocol, arrow, switch or title of it
    junkLines: fc.oneof(
      fc.constantFrom('###看这里', '----问题节点----', '[root@host188 ~]#', '...', 'hello world'),
      fc.string({ maxLength: 40 }).map((s) => s.replace(/[\r\n:>-]/g, ' ')).filter((s) => !/TCP|UDP|SCTP|FWM|IP|Prot|Timeout|Can|Are|No such|pro /.test(s)),
    ),
  });
});
