// Property tests of the flannel-log grammar: generated events in every wrapping.
import fc from 'fast-check';
import { describe } from 'vitest';
import { formatProperties } from '../../../test/support/format-properties';
import { flannelLogReader, parseFlannelLog } from './parse';
import { printFlannelLog } from './print';
import type { FlannelLogEvent } from './schema';

const SPAN = { line: 1, column: 1, offset: 0, length: 0, text: '' };
const octet = fc.integer({ min: 0, max: 255 });
const ip4 = fc.tuple(octet, octet, octet, octet).map((o) => o.join('.'));
const cidr = fc.tuple(ip4, fc.integer({ min: 0, max: 32 })).map(([a, p]) => `${a}/${p}`);
const errno = fc.constantFrom('invalid argument', 'no such process', 'no such file or directory', 'file exists', 'network is unreachable');
// words of free text: never a remark ("##", "---") or anything that starts a typed message
const word = fc.stringMatching(/^[a-z][a-z0-9_.,=()/:-]{0,9}$/);
const freeText = fc.array(word, { minLength: 1, maxLength: 8 }).map((w) => w.join(' '));

type Typed = { message: string; fields: Record<string, unknown> };
const typed: fc.Arbitrary<Typed> = fc.oneof(
  fc.tuple(fc.stringMatching(/^[a-z][a-z0-9]{0,7}$/), ip4).map(([iface, address]) => ({
    message: `Using interface with name ${iface} and address ${address}`, fields: { event: 'interface', iface, address },
  })),
  ip4.map((address) => ({ message: `Defaulting external address to interface address (${address})`, fields: { event: 'external-address', address, defaulted: true } })),
  fc.tuple(cidr, ip4, errno).map(([subnet, gateway, error]) => ({
    message: `failed to add vxlanRoute (${subnet} -> ${gateway}): ${error}`,
    fields: { event: 'route-add-failed', route: 'vxlan', family: 'inet', subnet, gateway, error },
  })),
  fc.tuple(cidr, ip4, errno).map(([subnet, gateway, error]) => ({
    message: `failed to delete vxlanRoute (${subnet} -> ${gateway}): ${error}`,
    fields: { event: 'route-delete-failed', route: 'vxlan', family: 'inet', subnet, gateway, error },
  })),
  fc.tuple(fc.constantFrom('Add', 'Del'), fc.constantFrom('ARP', 'FDB'), errno).map(([op, table, error]) => ({
    message: `${op}${table} failed: ${error}`,
    fields: { event: 'vtep-entry-failed', operation: op === 'Add' ? 'add' : 'delete', table: table.toLowerCase(), family: 'inet', error },
  })),
  fc.tuple(cidr, fc.option(ip4, { nil: null })).map(([subnet, publicIp]) => ({
    message: `Subnet added: ${subnet}${publicIp === null ? '' : ` via ${publicIp}`}`, fields: { event: 'subnet-added', subnet, publicIp },
  })),
  fc.tuple(fc.integer({ min: 1, max: 9999 }), fc.integer({ min: 0, max: 65535 }), fc.boolean(), fc.option(fc.boolean(), { nil: null }), fc.boolean()).map(
    ([vni, port, gbp, learning, directRouting]) => ({
      message: `VXLAN config: VNI=${vni} Port=${port} GBP=${gbp}${learning === null ? '' : ` Learning=${learning}`} DirectRouting=${directRouting}`,
      fields: { event: 'vxlan-config', vni, port, gbp, learning, directRouting, mtu: null },
    }),
  ),
  cidr.map((subnet) => ({ message: `Lease acquired: ${subnet}`, fields: { event: 'lease-acquired', subnet, network: null } })),
  fc.constantFrom('shutdownHandler sent cancel signal...', 'Exiting cleanly...').map((message) => ({
    message, fields: { event: 'shutdown', stage: message.startsWith('shutdown') ? 'cancel-signal' : 'exit' },
  })),
  freeText.map((message) => ({ message, fields: { event: 'message' } })),
);

const two = (n: number) => String(n).padStart(2, '0');
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const event: fc.Arbitrary<FlannelLogEvent> = fc
  .record({
    wrapping: fc.constantFrom('klog', 'kubectl-timestamps', 'cri', 'journald'),
    hasKlog: fc.boolean(),
    severity: fc.constantFrom('info', 'warning', 'error', 'fatal'),
    month: fc.integer({ min: 1, max: 12 }),
    day: fc.integer({ min: 1, max: 28 }),
    clock: fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), fc.integer({ min: 0, max: 59 })),
    micros: fc.integer({ min: 0, max: 999_999 }),
    nanos: fc.integer({ min: 0, max: 999 }),
    thread: fc.integer({ min: 0, max: 9_999_999 }),
    file: fc.constantFrom('main.go', 'kube.go', 'vxlan.go', 'vxlan_network.go', 'iptables.go'),
    line: fc.integer({ min: 1, max: 9999 }),
    stream: fc.constantFrom('stdout', 'stderr'),
    criTag: fc.constantFrom('F', 'P'),
    host: fc.stringMatching(/^[a-z][a-z0-9-]{0,10}[a-z0-9]$/),
    ident: fc.constantFrom('flanneld', 'sdnotify-proxy', 'flannel'),
    pid: fc.option(fc.integer({ min: 1, max: 4_194_304 }), { nil: null }),
    typed,
  })
  .map((g): FlannelLogEvent => {
    const [h, m, s] = g.clock;
    const clock = `${two(h)}:${two(m)}:${two(s)}`;
    const klog = g.wrapping === 'klog' || g.hasKlog;
    const timestamp =
      g.wrapping === 'kubectl-timestamps' || g.wrapping === 'cri'
        ? `2026-${two(g.month)}-${two(g.day)}T${clock}.${String(g.micros).padStart(6, '0')}${String(g.nanos).padStart(3, '0')}Z`
        : g.wrapping === 'journald' ? `${MONTHS[g.month - 1]} ${two(g.day)} ${clock}` : null;
    return {
      ...g.typed.fields,
      wrapping: g.wrapping, timestamp,
      stream: g.wrapping === 'cri' ? g.stream : null, criTag: g.wrapping === 'cri' ? g.criTag : null,
      host: g.wrapping === 'journald' ? g.host : null, ident: g.wrapping === 'journald' ? g.ident : null,
      pid: g.wrapping === 'journald' ? g.pid : null,
      severity: klog ? g.severity : null, month: klog ? g.month : null, day: klog ? g.day : null,
      time: klog ? `${clock}.${String(g.micros).padStart(6, '0')}` : null, thread: klog ? g.thread : null,
      file: klog ? g.file : null, line: klog ? g.line : null,
      message: g.typed.message, messageSpan: SPAN, span: SPAN,
    } as FlannelLogEvent;
  });

describe('flannel-log properties', () => {
  const uncached = flannelLogReader({ cache: false });
  formatProperties<FlannelLogEvent>({
    records: fc.array(event, { minLength: 1, maxLength: 10 }),
    print: printFlannelLog,
    parse: parseFlannelLog,
    parseWithoutCache: (text) => parseFlannelLog(text, { reader: uncached }),
  });
});
