// Acceptance: the reference incident (corpus/incidents/seed, flattened, Chinese narration and all)
// diagnosed from the pasted text alone: the root cause, its symptoms, the second root cause, the
// residue, the change that confirms the fix, the fix commands, and the two traces.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingest } from '../src/ingest';
import { diagnose, Report } from '../src/report';
import { trace } from '../src/analyze/trace';

const SEED = join(__dirname, '../corpus/incidents/seed/000_8ab8108d44c964dc.txt');
const { report, model } = diagnose(ingest({ name: 'seed', text: readFileSync(SEED, 'utf8') }));
const byRule = (rule: string) => report.findings.filter((f) => f.rule === rule);

describe('the seed incident', () => {
  it('is a valid report by its own schema', () => {
    expect(Report.safeParse(report).success).toBe(true);
  });

  it("lists the cluster's outputs, which evidence without a host cites", () => {
    expect(report.cluster.some((s) => s.format === 'etcdctl-get' && s.records.length > 0)).toBe(true);
    const cited = report.findings.flatMap((f) => f.evidence).filter((e) => e.host === null);
    expect(cited.length).toBeGreaterThan(0);
    for (const evidence of cited) {
      expect(report.cluster.some((s) => evidence.span.offset >= s.span.offset && evidence.span.offset < s.span.offset + s.span.length)).toBe(true);
    }
  });

  it('leads with the tunl0 address inside host189\'s subnet, on host188, as an error', () => {
    const first = report.findings[0];
    expect(first).toMatchObject({
      rule: 'overlay/address-conflict', role: 'root-cause', severity: 'error', host: 'host188',
      objects: { addresses: ['10.244.2.0'], interfaces: ['tunl0'], subnets: ['10.244.2.0/24'], hosts: ['host188', 'host189'] },
    });
    expect(first?.message).toContain('refuses the route 10.244.2.0/24 via 10.244.2.0');
    // evidence from ifconfig, route -n, ip neigh, bridge fdb and the flannel log, on host188
    const formats = new Set(first?.evidence.filter((e) => e.host === 'host188').map((e) => e.format));
    expect([...formats].sort()).toEqual(['bridge-fdb', 'flannel-log', 'ifconfig', 'ip-neigh', 'route-n']);
    expect(first?.evidence.find((e) => e.format === 'ifconfig')?.text).toBe('inet 10.244.2.0 netmask 255.255.255.255');
    expect(first?.evidence.find((e) => e.format === 'route-n')?.absent).toBe('10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink');
    expect(first?.evidence.find((e) => e.format === 'flannel-log')?.text).toContain('failed to add vxlanRoute (10.244.2.0/24 -> 10.244.2.0): invalid argument');
    expect(first?.fix).toEqual(['ip addr del 10.244.2.0/32 dev tunl0', 'kubectl -n kube-system delete pod kube-flannel-ds-fvj6h']);
  });

  it('lists the missing route, neighbour and FDB entry as its symptoms', () => {
    const cause = report.findings[0]?.id ?? '';
    for (const rule of ['routing/missing-overlay-route', 'overlay/missing-neighbor', 'overlay/missing-fdb']) {
      const [finding, ...more] = byRule(rule);
      expect(more).toEqual([]);
      expect(finding).toMatchObject({ role: 'symptom', host: 'host188' });
      expect(finding?.causes).toContain(cause);
      expect(finding?.evidence[0]?.absent).toBeDefined();
    }
    expect(byRule('overlay/missing-fdb')[0]?.objects.macs).toEqual(['92:e7:b6:4e:e5:73']);
  });

  it('makes the stale /26 blackhole on host188 the second root cause', () => {
    expect(report.findings[1]).toMatchObject({
      rule: 'routing/stale-blackhole', role: 'root-cause', severity: 'error', host: 'host188',
      objects: { subnets: ['10.244.2.0/26', '10.244.2.0/24'] }, fix: ['ip route del 10.244.2.0/26'],
    });
  });

  it('reports the Calico leftovers on host189 and host190 as residue, never as errors', () => {
    const residue = report.findings.filter((f) => f.role === 'residue');
    expect(residue.map((f) => [f.rule, f.host, f.objects.subnets[0] ?? f.objects.addresses[0]]).sort()).toEqual([
      ['residue/leftover-cni-state', 'host189', '10.244.188.0'],
      ['residue/leftover-cni-state', 'host190', '10.244.57.0'],
      ['routing/stale-blackhole', 'host190', '10.244.57.0/26'],
    ]);
    expect(residue.every((f) => f.severity !== 'error')).toBe(true);
    expect(report.findings.filter((f) => f.host !== 'host188').every((f) => f.severity !== 'error')).toBe(true);
  });

  it('sees the route that appears in host188\'s last route -n as the change that confirms the fix', () => {
    const back = report.findings.find((f) => f.rule === 'history/table-changed' && f.objects.subnets.includes('10.244.2.0/24'));
    expect(back).toMatchObject({ role: 'observation', severity: 'info', host: 'host188' });
    expect(back?.evidence[0]?.text).toBe('10.244.2.0 10.244.2.0 255.255.255.0 UG 0 0 0 flannel.1');
  });

  it('traces the NodePort from outside: DNAT to 10.244.2.6:9090, null-routed on host188', () => {
    const nodePort = report.traces.find((t) => t.to === '192.168.86.188:30038');
    expect(nodePort?.branches.map((b) => [b.probability, b.endpoint, b.disposition, b.at])).toEqual([[1, '10.244.2.6:9090', 'null-routed', 'host188']]);
    const hops = nodePort?.branches[0]?.hops ?? [];
    expect(hops.filter((h) => h.step === 'nat').map((h) => h.inferred)).toEqual([true, false, false, false]);
    expect(hops.at(-1)).toMatchObject({ host: 'host188', step: 'route', inferred: false });
    expect(hops.at(-1)?.evidence[0]?.text).toBe('10.244.2.0 0.0.0.0 255.255.255.192 U 0 0 0 *');
  });

  it('traces the pod from host190 across flannel.1 to host189, marking what is inferred', () => {
    const result = trace(model, { from: 'host190', to: '10.244.2.6:9090' });
    const [branch] = result.branches;
    expect(branch).toMatchObject({ disposition: 'delivered', at: 'host189', endpoint: null });
    expect(branch?.hops.map((h) => [h.host, h.step, h.inferred])).toEqual([
      ['host190', 'route', false], ['host190', 'neighbor', false], ['host190', 'fdb', true], ['host190', 'encap', true],
      ['host189', 'decap', true], ['host189', 'route', true], ['host189', 'bridge', true], ['host189', 'deliver', true],
    ]);
  });

  it('is the same diagnosis with the hosts named node-23, node-24, node-25 (a mask of "24位" or "/24" names no host)', () => {
    const names: [string, string][] = [['host188', 'node-23'], ['host189', 'node-24'], ['host190', 'node-25']];
    const renamed = names.reduce((text, [from, to]) => text.replaceAll(from, to), readFileSync(SEED, 'utf8'));
    const summary = (findings: typeof report.findings) => findings.map((f) => [f.rule, f.role, f.severity, f.host]);
    const expected = summary(report.findings).map((row) => row.map((v) => names.find(([from]) => from === v)?.[1] ?? v));
    expect(summary(diagnose(ingest({ name: 'seed', text: renamed })).report.findings)).toEqual(expected);
  });

  it('is the same diagnosis when the prompts show the short hostname of nodes the cluster names in full', () => {
    // a shell prompt shows the hostname up to its first dot; etcd and kubectl name the node in full
    const names: [string, string][] = [['host188', 'alpha'], ['host189', 'bravo'], ['host190', 'charlie']];
    let text = readFileSync(SEED, 'utf8');
    for (const [from, to] of names) text = text.replaceAll(from, `${to}.lab.example.com`).replaceAll(`@${to}.lab.example.com`, `@${to}`);
    const renamed = diagnose(ingest({ name: 'seed', text }));
    const summary = (findings: typeof report.findings) => findings.map((f) => [f.rule, f.role, f.severity, f.host]);
    expect(summary(renamed.report.findings)).toEqual(summary(report.findings).map((row) => row.map((v) => names.find(([from]) => from === v)?.[1] ?? v)));
    expect([...renamed.model.cluster.nodes.keys()].sort()).toEqual(['alpha', 'bravo', 'charlie']);
    expect(renamed.model.nodes.get('bravo')?.kubernetesName).toBe('bravo.lab.example.com');
  });

  it('gives stable ids, also when the paste moves (a line of narration before it)', () => {
    const again = diagnose(ingest({ name: 'seed', text: readFileSync(SEED, 'utf8') })).report;
    expect(again.findings.map((f) => f.id)).toEqual(report.findings.map((f) => f.id));
    const moved = diagnose(ingest({ name: 'seed', text: `Pasted again, with a note first.\n${readFileSync(SEED, 'utf8')}` })).report;
    expect(moved.findings.map((f) => f.id)).toEqual(report.findings.map((f) => f.id));
    expect(report.findings.filter((f) => f.rule === 'history/table-changed').map((f) => f.id)).toEqual([
      'history/table-changed@host188/route -n #3', 'history/table-changed@host188/10.244.1.0/24 route -n #4',
      'history/table-changed@host188/10.244.2.0/24 route -n #4', 'history/table-changed@host188/route -n #4',
    ]);
    expect(new Set(report.findings.map((f) => f.id)).size).toBe(report.findings.length);
  });
});
