// Differential test against jc's parse of the same published captures (corpus/peer/route-n,
// jc's .jc.json beside each). Field names mapped; accepted disagreements are listed in
// docs/formats/route-n.md and asserted here, so a new one fails.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRouteN } from './parse';
import type { RouteNEntry } from './schema';

const dir = join(__dirname, '../../../corpus/peer/route-n');

function asJc(record: RouteNEntry): Record<string, unknown> {
  if (record.family === 'inet6') {
    return { destination: record.destination, next_hop: record.nextHop, flags: record.flags, metric: record.metric, ref: record.ref, use: record.use, iface: record.iface };
  }
  const out: Record<string, unknown> = {
    destination: record.destination, gateway: record.gateway, genmask: record.genmask, flags: record.flags, iface: record.iface,
  };
  for (const key of ['metric', 'ref', 'use', 'mss', 'window', 'irtt'] as const) if (record[key] !== undefined) out[key] = record[key];
  return out;
}

describe('route -n against jc', () => {
  const files = readdirSync(dir).filter((name) => name.endsWith('.jc.json'));
  it('has jc parses to compare with', () => expect(files.length).toBe(7));
  for (const name of files) {
    const capture = join(dir, name.replace('.jc.json', '.txt'));
    if (!existsSync(capture)) continue;
    it(`${name.replace('.jc.json', '')}: every jc field agrees`, () => {
      const all = JSON.parse(readFileSync(join(dir, name), 'utf8')) as Record<string, unknown>[];
      // accepted: jc emits an empty object for the blank lines after a route -6 table; there is no route there
      const jc = all.filter((entry) => Object.keys(entry).length > 0);
      expect(all.length - jc.length).toBe(name.includes('route-6') ? 1 : 0);
      const ours = parseRouteN(readFileSync(capture, 'utf8'));
      expect(ours.diagnostics).toEqual([]);
      expect(ours.records).toHaveLength(jc.length);
      ours.records.forEach((record, i) => {
        const theirs = { ...jc[i] };
        delete theirs.flags_pretty; // jc names only U G H R D M A C !; ours decodes every letter net-tools prints
        expect(asJc(record)).toEqual(theirs);
      });
    });
  }
});

describe('route -n peer captures without jc', () => {
  it('insights-core ROUTE: three routes', () => {
    const text = readFileSync(join(dir, 'insights-core__test_route__ROUTE.txt'), 'utf8');
    const { records, diagnostics } = parseRouteN(text);
    expect(diagnostics).toEqual([]);
    expect(records.map((r) => r.family === 'inet' && [r.destination, r.prefixLength, r.gateway, r.metric, r.iface])).toEqual([
      ['10.66.208.0', 24, '0.0.0.0', 0, 'eth0'],
      ['169.254.0.0', 16, '0.0.0.0', 1002, 'eth0'],
      ['0.0.0.0', 0, '10.66.208.254', 0, 'eth0'],
    ]);
  });
  it('flannel udp (xuxinkun): the flannel0 /16 and the UGH host route', () => {
    const text = readFileSync(join(dir, 'xuxinkun-blog__flannel-udp-route-n.txt'), 'utf8');
    const { records, diagnostics } = parseRouteN(text);
    expect(diagnostics).toEqual([]);
    const flannel = records.find((r) => r.iface === 'flannel0');
    expect(flannel && flannel.family === 'inet' && [flannel.network, flannel.kind]).toEqual(['4.0.0.0/16', 'unicast']);
    expect(records.some((r) => r.flags === 'UGH' && r.flagNames.join() === 'up,gateway,host')).toBe(true);
  });
  it('alignment damaged by hand anonymisation (node216, node217) still reads: columns are whitespace-separated', () => {
    for (const name of ['xuxinkun-blog__flannel-vxlan-node216-route-n.txt', 'xuxinkun-blog__flannel-vxlan-node217-route-n.txt']) {
      const { records, diagnostics } = parseRouteN(readFileSync(join(dir, name), 'utf8'));
      expect(diagnostics).toEqual([]);
      expect(records).toHaveLength(4);
    }
  });
});
