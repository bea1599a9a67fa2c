// diagnose's traces: every one asked for, and the input's own curl and wget targets up to a bound,
// the rest counted in a diagnostic. Synthetic input: one node, forty curls.
import { describe, expect, it } from 'vitest';
import { ingest } from '../ingest';
import { curlTargets, diagnose, MAX_CURL_TRACES } from './diagnose';
import { renderMarkdown } from './markdown';
import { renderText } from './text';
import { Report } from './schema';
import { PATHS_NOT_FOLLOWED } from '../model/netfilter/walk-budget';

const curls = (count: number): string => {
  let text = '[root@n1 ~]# ip r\ndefault via 192.168.0.1 dev eth0\n192.168.0.0/24 dev eth0 proto kernel scope link src 192.168.0.5\n';
  for (let i = 0; i < count; i++) text += `[root@n1 ~]# curl http://192.168.0.5:${30000 + i}/\ncurl: (7) Failed to connect\n`;
  return text;
};

describe('diagnose traces', () => {
  it(`traces the first ${MAX_CURL_TRACES} curl targets of the input and counts the rest`, () => {
    const { report } = diagnose(ingest(curls(40)));
    expect(Report.safeParse(report).success).toBe(true);
    expect(report.traces.map((t) => t.to)).toEqual(Array.from({ length: MAX_CURL_TRACES }, (_, i) => `192.168.0.5:${30000 + i}`));
    expect(report.diagnostics.filter((d) => d.code === 'incomplete').map((d) => d.message)).toEqual([
      `8 more curl and wget targets of the input were not traced (the first ${MAX_CURL_TRACES} were); --trace traces any of them.`,
    ]);
  });

  it('traces a curl from the host whose prompt ran it, from outside at a bare prompt; a URL without its scheme too', () => {
    const text = [
      '[root@n1 ~]# ip r', 'default via 10.0.0.1 dev eth0',
      '[root@n1 ~]# curl -s -m 3 10.233.30.15:80/healthz', 'curl: (28) Connection timed out',
      '[root@n1 ~]# wget -qO- https://10.233.30.16/', '[root@n1 ~]# curl "http://10.233.30.17:8080/x?y=1"',
      '[root@n1 ~]# curl -H Host:example.com 10.233.30.18', '[root@n1 ~]# curl example.com', '',
    ].join('\n');
    expect(curlTargets(ingest(text))).toEqual([
      { to: '10.233.30.15:80', proto: 'tcp', from: 'n1' }, { to: '10.233.30.16:443', proto: 'tcp', from: 'n1' },
      { to: '10.233.30.17:8080', proto: 'tcp', from: 'n1' }, { to: '10.233.30.18:80', proto: 'tcp', from: 'n1' },
    ]);
    expect(curlTargets(ingest('# curl http://192.168.0.5:30080/\n'))).toEqual([{ to: '192.168.0.5:30080', proto: 'tcp' }]);
  });

  it("takes the URL, not an option's value; and traces from outside a curl at a host whose routes no output shows", () => {
    const text = [
      '[root@n1 ~]# ip r', 'default via 192.168.0.1 dev eth0',
      '[root@n1 ~]# curl --interface 192.168.210.1 http://10.100.1.2:8080/', '[root@n1 ~]# curl -H "X-Forwarded-For:10.100.2.9" 10.100.1.3',
      '[root@n1 ~]# curl --dns-servers 10.96.0.10 http://web.svc.cluster.local/',
      'bob@laptop:~$ curl http://192.168.0.5:30080/', '',
    ].join('\n');
    expect(curlTargets(ingest(text))).toEqual([
      { to: '10.100.1.2:8080', proto: 'tcp', from: 'n1' }, { to: '10.100.1.3:80', proto: 'tcp', from: 'n1' }, { to: '192.168.0.5:30080', proto: 'tcp' },
    ]);
  });

  it('counts the hosts whose outputs it reads, and names a jump host apart', () => {
    const text = 'ubuntu@bastion:~$ ssh k8s-w1\nWelcome to Ubuntu 22.04.3 LTS\nubuntu@k8s-w1:~$ ip r\ndefault via 172.16.8.1 dev eth0\n';
    const { report } = diagnose(ingest(text));
    expect(report.hosts.map((h) => h.name)).toEqual(['bastion', 'k8s-w1']);
    expect(renderText(report).split('\n')[0]).toBe(`netsift ${report.netsift}: 1 host (and bastion, whose outputs netsift does not read: a jump host, a workstation), 0 findings (0 errors)`);
    expect(renderMarkdown(report).split('\n')[2]).toBe(`netsift ${report.netsift}: 1 host (k8s-w1); not read: bastion (no output netsift reads), 0 findings (0 errors).`);
  });

  it('Markdown says what the text report says of the input: the inputs not read, the diagnostics, the errors', () => {
    const bundle = ingest('[root@n1 ~]# ip r\ndefault via 192.168.0.1 dev eth0\n');
    const skipped = (input: string): Report['diagnostics'][number] => ({
      code: 'incomplete', severity: 'error', message: `Skipped ${input}: cannot read it (ENOENT).`, host: null, origin: null,
      span: { line: 1, column: 1, offset: 0, length: 0, text: '' },
    });
    bundle.diagnostics.push(skipped('/nonexistent'));
    const { report } = diagnose(bundle);
    expect(renderMarkdown(report).split('\n')).toEqual([
      '# netsift diagnosis', '', `netsift ${report.netsift}: 1 host (n1), 0 findings (0 errors).`, '',
      '## Problems reading the input (1)', '', '- **error** Skipped /nonexistent: cannot read it (ENOENT).', '',
      '1 diagnostic while reading the input (`--format json` lists them).', '',
    ]);
    // as many as the text report lists, the rest counted
    const many = { ...report, diagnostics: Array.from({ length: 12 }, (_, i) => skipped(`/missing-${i}`)) };
    const lines = renderMarkdown(many).split('\n');
    expect(lines.filter((line) => line.startsWith('- '))).toHaveLength(11);
    expect(lines.slice(-4)).toEqual(['- and 2 more (`--format json` lists them)', '', '12 diagnostics while reading the input (`--format json` lists them).', '']);
    expect(renderText(many).split('\n').filter((line) => line.startsWith('  error Skipped'))).toHaveLength(10);
    // a hundred nodes' names are no sentence: the first ten
    const hosts = Array.from({ length: 12 }, (_, i) => ({ name: `h${i}`, sections: report.hosts[0]?.sections ?? [] }));
    expect(renderMarkdown({ ...report, hosts }).split('\n')[2]).toBe(`netsift ${report.netsift}: 12 hosts (h0, h1, h2, h3, h4, h5, h6, h7, h8, h9 and 2 more), 0 findings (0 errors).`);
  });

  it('says one device too large for flannel.1 in a sentence that agrees with it', () => {
    // synthetic: cni0 left at 1500 over a 1450 flannel.1 (ov-mtu-mismatch, its veths set right)
    const text = [
      '[root@a ~]# ip -d link',
      '2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc mq state UP mode DEFAULT group default qlen 1000',
      '    link/ether 0e:5a:00:00:00:01 brd ff:ff:ff:ff:ff:ff promiscuity 0',
      '3: flannel.1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UNKNOWN mode DEFAULT group default',
      '    link/ether 66:aa:00:00:00:01 brd ff:ff:ff:ff:ff:ff promiscuity 0',
      '    vxlan id 1 local 10.20.0.5 dev eth0 srcport 0 0 dstport 8472 nolearning ttl auto ageing 300',
      '4: cni0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT group default qlen 1000',
      '    link/ether 3a:11:00:00:00:01 brd ff:ff:ff:ff:ff:ff promiscuity 0', '',
    ].join('\n');
    const { report } = diagnose(ingest(text));
    expect(report.findings.map((f) => [f.rule, f.message])).toEqual([
      ['mtu/mismatch', "the MTU of cni0 on a is 1500, more than flannel.1's 1450: pods send packets flannel.1 cannot carry whole"],
    ]);
  });

  it('traces every target asked for, besides the curls', () => {
    const asked = Array.from({ length: 40 }, (_, i) => ({ to: `10.1.0.${i}:80` }));
    const { report } = diagnose(ingest(curls(3)), { traces: asked });
    expect(report.traces).toHaveLength(43);
    expect(report.diagnostics.filter((d) => d.code === 'incomplete')).toEqual([]);
  });
});

describe('diagnose traces share a walk budget among the curls', () => {
  // a ladder of 30 random splits that all return: every path is walked until the budget is spent
  const ladder = (curlCount: number): string => {
    let text = '[root@n1 ~]# ip r\ndefault via 192.168.0.1 dev eth0\n192.168.0.0/24 dev eth0 proto kernel scope link src 192.168.0.5\n';
    // curls at n1's prompt are n1's own packets: they meet nat OUTPUT
    text += '[root@n1 ~]# iptables-save -t nat\n*nat\n:PREROUTING ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:KUBE-SERVICES - [0:0]\n';
    for (let i = 0; i <= 30; i++) text += `:X${i} - [0:0]\n`;
    text += '-A PREROUTING -j X0\n-A PREROUTING -j KUBE-SERVICES\n-A OUTPUT -j X0\n-A OUTPUT -j KUBE-SERVICES\n';
    for (let i = 0; i < 30; i++) text += `-A X${i} -m statistic --mode random --probability 0.50000000000 -j X${i + 1}\n-A X${i} -j X${i + 1}\n`;
    text += '-A X30 -j RETURN\nCOMMIT\n';
    for (let i = 0; i < curlCount; i++) text += `[root@n1 ~]# curl http://192.168.0.5:${30000 + i}/\n`;
    return text;
  };
  const spent = (t: { branches: { hops: { detail: string }[] }[] }): boolean => t.branches.some((b) => b.hops.some((h) => h.detail.includes(PATHS_NOT_FOLLOWED)));

  it('the first curls spend it, the rest stop at once: each says its paths were not followed', () => {
    const { report } = diagnose(ingest(ladder(10)));
    expect(report.traces).toHaveLength(10);
    expect(report.traces.every(spent)).toBe(true);
  });

  it('a trace asked for gets a budget of its own', () => {
    const { report } = diagnose(ingest(ladder(10)), { traces: [{ to: '192.168.0.5:40000' }] });
    expect(report.traces[0]?.to).toBe('192.168.0.5:40000');
    expect(spent(report.traces[0]!)).toBe(true);
  });
});
