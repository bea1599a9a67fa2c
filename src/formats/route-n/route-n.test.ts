import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRouteN } from './parse';
import { printRouteN } from './print';
import { RouteNEntry } from './schema';
import { sniffRouteN } from './sniff';

const example = readFileSync(join(__dirname, '../../../examples/host188/route-n.txt'), 'utf8');

describe('route -n', () => {
  it('reads every row of the host188 reproduction with exact values', () => {
    const { records, diagnostics } = parseRouteN(example);
    expect(diagnostics).toEqual([]);
    expect(records.map((r) => [r.destination, r.prefixLength, r.family === 'inet' ? r.gateway : r.nextHop, r.flags, r.iface, r.kind])).toEqual([
      ['0.0.0.0', 0, '192.168.86.1', 'UG', 'ens160', 'unicast'],
      ['10.244.0.0', 24, '0.0.0.0', 'U', 'cni0', 'unicast'],
      ['10.244.1.0', 24, '10.244.1.0', 'UG', 'flannel.1', 'unicast'],
      ['10.244.2.0', 26, '0.0.0.0', 'U', null, 'blackhole'],
      ['169.254.0.0', 16, '0.0.0.0', 'U', 'ens160', 'unicast'],
      ['172.17.0.0', 16, '0.0.0.0', 'U', 'docker0', 'unicast'],
      ['192.168.86.0', 24, '0.0.0.0', 'U', 'ens160', 'unicast'],
    ]);
    expect(records[0]).toEqual({
      family: 'inet', destination: '0.0.0.0', default: true, network: '0.0.0.0/0', gateway: '192.168.86.1',
      genmask: '0.0.0.0', prefixLength: 0, flags: 'UG', flagNames: ['up', 'gateway'], kind: 'unicast',
      metric: 0, ref: 0, use: 0, iface: 'ens160',
      span: { line: 3, column: 1, offset: example.indexOf('0.0.0.0 '), length: 78, text: example.split('\n')[2] },
    });
    for (const record of records) expect(RouteNEntry.safeParse(record).success).toBe(true);
  });

  it('prints the capture back byte for byte', () => {
    expect(printRouteN(parseRouteN(example).records)).toBe(example);
  });

  it('reads the flattened paste like the original, with the annotation as a diagnostic', () => {
    const flat = example.trim().split('\n').join(' ').replace('flannel.1 10.244.2.0', 'flannel.1 ###去往宿主机是190上的路由,ok的 10.244.2.0');
    const { records, diagnostics } = parseRouteN(flat);
    const strip = (list: typeof records) => list.map(({ span: _span, ...rest }) => rest);
    expect(strip(records)).toEqual(strip(parseRouteN(example).records));
    expect(diagnostics.map((d) => [d.code, d.span.text])).toEqual([['annotation', '###去往宿主机是190上的路由,ok的']]);
  });

  it('shares one frozen list of flag names between rows that print the same flags', () => {
    const { records } = parseRouteN(example);
    const ug = records.filter((r) => r.flags === 'UG');
    expect(ug.length).toBeGreaterThan(1);
    expect(ug[0]?.flagNames).toEqual(['up', 'gateway']);
    expect(ug[1]?.flagNames).toBe(ug[0]?.flagNames);
    expect(Object.isFrozen(ug[0]?.flagNames)).toBe(true);
    // a second parse shares them too: the lists are decoded once per flag text, not per parse
    expect(parseRouteN(example).records.find((r) => r.flags === 'UG')?.flagNames).toBe(ug[0]?.flagNames);
  });

  it('keeps no long flag text in the shared lists, which outlive the parse (hostile input)', () => {
    const flags = `UG${'Z'.repeat(30)}`;
    const text = `10.1.0.0        0.0.0.0         255.255.0.0     ${flags} 0      0        0 eth0\n`;
    const first = parseRouteN(text).records[0]?.flagNames;
    const second = parseRouteN(text).records[0]?.flagNames;
    expect(first).toEqual(['up', 'gateway']);
    expect(Object.isFrozen(first)).toBe(true);
    // decoded anew each time: not kept
    expect(second).not.toBe(first);
  });

  it('keeps a flag letter route does not print in flags, warns about it on every row, and decodes the rest', () => {
    const text = ['Kernel IP routing table', 'Destination     Gateway         Genmask         Flags Metric Ref    Use Iface',
      '10.1.0.0        0.0.0.0         255.255.0.0     UXZ   0      0        0 eth0',
      '10.2.0.0        0.0.0.0         255.255.0.0     UXZ   0      0        0 eth0', ''].join('\n');
    const { records, diagnostics } = parseRouteN(text);
    expect(records.map((r) => [r.flags, r.flagNames])).toEqual([['UXZ', ['up']], ['UXZ', ['up']]]);
    expect(diagnostics.map((d) => [d.code, d.severity, d.span.line, d.span.text, d.message])).toEqual([
      ['invalid-value', 'warning', 3, 'UXZ', 'Flag letter "X" is not one route prints; it was kept in flags but not decoded.'],
      ['invalid-value', 'warning', 3, 'UXZ', 'Flag letter "Z" is not one route prints; it was kept in flags but not decoded.'],
      ['invalid-value', 'warning', 4, 'UXZ', 'Flag letter "X" is not one route prints; it was kept in flags but not decoded.'],
      ['invalid-value', 'warning', 4, 'UXZ', 'Flag letter "Z" is not one route prints; it was kept in flags but not decoded.'],
    ]);
  });

  it('sniffs its own output', () => {
    expect(sniffRouteN(example)).toBeGreaterThan(0.9);
    expect(sniffRouteN('hello world')).toBe(0);
  });
});

describe('route -n printer against the lab captures', () => {
  const manifest = JSON.parse(readFileSync(join(__dirname, '../../../corpus/captures/manifest.json'), 'utf8')) as { file: string; command: string }[];
  // net-tools 2.10 in English; BusyBox and translated headers are read but printed the net-tools way
  const printable = manifest.filter(
    (entry) => entry.file.startsWith('route-n/') && /^(?:route -n|route -ne|route -nee|netstat -rn|netstat -rne|route -n -A inet6|route -6 -n)$/.test(entry.command),
  );
  it('has captures of every net-tools layout', () => {
    const commands = new Set(printable.map((entry) => entry.command));
    for (const command of ['route -n', 'route -ne', 'route -nee', 'netstat -rn', 'route -n -A inet6']) expect(commands).toContain(command);
  });
  for (const entry of printable) {
    it(`print(parse(${entry.file})) is the capture`, () => {
      const text = readFileSync(join(__dirname, '../../../corpus/captures', entry.file), 'utf8');
      const parsed = parseRouteN(text);
      expect(parsed.diagnostics).toEqual([]);
      if (parsed.records.length > 0) expect(printRouteN(parsed.records)).toBe(text);
    });
  }
});

describe('route -n with elided rows', () => {
  it('reads a row that ".." was glued to, and says rows were left out (the seed\'s partial table)', () => {
    const text = 'Kernel IP routing table Destination Gateway Genmask Flags Metric Ref Use Iface ..10.244.2.0 0.0.0.0 255.255.255.192 U 0 0 0 * ----就是你';
    const { records, diagnostics } = parseRouteN(text);
    expect(records.map((r) => [r.destination, r.network, r.kind, r.iface])).toEqual([['10.244.2.0', '10.244.2.0/26', 'blackhole', null]]);
    expect(diagnostics.map((d) => [d.code, d.severity, d.span.text])).toEqual([['incomplete', 'info', '..'], ['annotation', 'info', '----就是你']]);
  });

  it('reads dots glued to anything but a row as junk, reported whole (found by the junk-lines property)', () => {
    const text = 'Kernel IP routing table\n..!\nDestination     Gateway         Genmask         Flags Metric Ref    Use Iface\n0.0.0.0         0.0.0.0         0.0.0.0         U     0      0        0 a';
    const { records, diagnostics } = parseRouteN(text);
    expect(records.map((r) => [r.destination, r.iface])).toEqual([['0.0.0.0', 'a']]);
    expect(diagnostics.map((d) => [d.code, d.span.line, d.span.text])).toEqual([['unexpected-token', 2, '..!']]);
  });
});
