// readLead / readFileFailure on any text: bounds, no throw, and a sos file that holds only an error.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mayBeFailure, readFileFailure, readLead, readLeadLine } from './terminal';

describe('readLead', () => {
  it('never throws, and what it sets aside lies in order inside the range it was given', () => {
    const piece = fc.constantFrom(
      '[sudo] password for bob: ', 'Cannot find device "flannel.1"', 'Sorry, try again.', '# Warning: iptables-legacy tables present, use iptables-legacy to see them',
      'Error: No such file or directory', '   ^^^^', 'sudo apt install net-tools', "Command 'route' not found, but can be installed with:", '10.0.0.0/8 dev eth0', '',
    );
    fc.assert(fc.property(fc.array(fc.oneof(piece, fc.string()), { maxLength: 12 }), fc.nat(), fc.nat(), (lines, a, b) => {
      const text = lines.join('\n');
      const start = Math.min(a, text.length);
      const end = Math.min(Math.max(start, b), text.length);
      const lead = readLead(text, start, end, 'nft list table ip kube-proxy', true);
      expect(lead.outputStart).toBeGreaterThanOrEqual(start);
      expect(lead.outputStart).toBeLessThanOrEqual(end);
      for (const c of lead.chatter) expect(start <= c.start && c.start < c.end && c.end <= end).toBe(true);
      if (lead.failure) expect(start <= lead.failure.start && lead.failure.start < lead.failure.end && lead.failure.end <= end).toBe(true);
      if (lead.keptEnd !== null) expect(lead.failure !== null && lead.outputStart < lead.keptEnd && lead.keptEnd <= (lead.failure?.start ?? 0)).toBe(true);
    }));
  });

  it('mayBeFailure lets every failure line through (it only spares readLeadLine the lines of an output)', () => {
    const failure = fc.constantFrom(
      '-bash: route: command not found', '/bin/bash: line 1: route: command not found', 'sh: 1: route: not found', 'zsh: command not found: route',
      "Command 'ifconfig' not found, but can be installed with:", 'Cannot find device "flannel.1"', 'Cannot find bridge device "cni0"', 'Device "cni0" does not exist.',
      'flannel.1: error fetching interface information: Device not found', 'iptables: No chain/target/match by that name.', 'ip6tables-legacy: No chain/target/match by that name.',
      "iptables v1.8.9 (nf_tables): chain `KUBE-X' in table `nat' is incompatible, use 'nft' tool.", 'iptables: Permission denied (you must be root).',
      'iptables-legacy-save v1.8.9 (legacy): Cannot initialize: Permission denied (you must be root)', 'sudo: 3 incorrect password attempts', 'sudo: no password was provided',
      'Failed to list table names in /proc/net/ip_tables_names: Permission denied', "Fatal: can't open lock file /run/xtables.lock: Permission denied",
      'cat: /run/flannel/subnet.env: No such file or directory', 'Object "foo" is unknown, try "ip help".', 'Command line is not complete. Try option "help"',
      'RTNETLINK answers: File exists', 'Error: No such file or directory',
    );
    fc.assert(fc.property(fc.oneof(failure, fc.string({ maxLength: 80 }), fc.tuple(fc.string({ maxLength: 70 }), failure).map(([a, b]) => `${a.replace(/\s/g, '')}${b}`)), (line) => {
      if (readLeadLine(line, 'ip route', null)?.kind === 'failure') expect(mayBeFailure(line), line).toBe(true);
    }), { numRuns: 2000 });
  });

  it('reads a line of 100,000 characters that almost matches without trouble (every pattern is bounded)', () => {
    const long = `iptables v1.8.9 (legacy): ${'x'.repeat(100_000)}`;
    expect(readLeadLine(long, null, null)).toBeNull();
    expect(readLeadLine(`sudo: ${'a: '.repeat(1000)}command not found`, null, null)).toBeNull();
  });

  it('keeps lines that are neither chatter nor failure: nothing is set aside without reading as one', () => {
    expect(readLead('eth0 is down\nCannot find device "eth0"', 0, 39, 'ip link show eth0', true)).toEqual({ chatter: [], failure: null, outputStart: 0, keptEnd: null, afterLead: 0 });
  });
});

describe('readFileFailure (a sos report keeps stderr in the command file)', () => {
  it('reads a file that holds only an error as a failure with an empty output', () => {
    const text = 'Cannot find device "flannel.1"\n';
    expect(readFileFailure(text, 'bridge fdb show dev flannel.1', 'bridge-fdb')).toEqual({
      failure: { kind: 'no-device', subject: 'flannel.1', text: 'Cannot find device "flannel.1"', span: { line: 1, column: 1, offset: 0, length: 30, text: 'Cannot find device "flannel.1"' } },
      output: { line: 2, column: 1, offset: 31, length: 0, text: '' },
    });
  });

  it("names legacy iptables' missing chain after the command's, as a paste does", () => {
    expect(readFileFailure('iptables: No chain/target/match by that name.\n', 'iptables -t nat -nvL KUBE-SVC-X', 'iptables-list', { table: 'nat', chain: 'KUBE-SVC-X' })?.failure.subject).toBe('KUBE-SVC-X');
  });

  it('keeps the lines after a failure as output, and reads no failure in a listing or a format that is not one', () => {
    const text = 'RTNETLINK answers: Invalid argument\ndefault via 10.0.0.1 dev eth0\n';
    expect(readFileFailure(text, 'ip route', 'ip-route')?.output.text).toBe('default via 10.0.0.1 dev eth0\n');
    expect(readFileFailure('default via 10.0.0.1 dev eth0\n', 'ip route', 'ip-route')).toBeNull();
    expect(readFileFailure('sysctl: cannot stat /proc/sys/net/bridge/bridge-nf-call-iptables: No such file or directory\n', 'sysctl -a', 'sysctl')).toBeNull();
  });
});
