// buildModel's skipRedundant: listings the host's iptables-save already holds are left unparsed, and
// the diagnosis is the same.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingestPath } from '../node/sos';
import { diagnose } from '../report';
import { parseIPv4 } from '../core';
import { ingest } from '../ingest';
import type { Section } from '../core';
import type { Parsed } from '../formats/format';
import { parse } from '../formats/registry';
import type { IptablesRule } from '../formats/shared/iptables/schema';
import { SharedRuleParts } from '../formats/shared/iptables/rule';
import { buildModel, leadingWarnings } from './build';
import type { NodeSnapshot } from './node/snapshot';

const SOS = join(__dirname, '../../corpus/incidents/nf-no-endpoints/sos');

describe('buildModel({ skipRedundant })', () => {
  // this iptables-save holds filter and nat only (the lab's other tables are empty): those are skipped
  it('leaves iptables -t X -nvL unparsed when iptables-save shows table X, with the same findings', async () => {
    const bundle = await ingestPath(['sosreport-node1', 'sosreport-node2', 'sosreport-node3'].map((r) => join(SOS, r)));
    const model = buildModel(bundle, { skipRedundant: true });
    const node1 = model.hosts.find((h) => h.name === 'node1')?.sections ?? [];
    expect(node1.filter((s) => s.skipped).map((s) => [s.section.command, s.skipped])).toEqual([
      ['iptables -t filter -nvL', "the host's iptables-save shows the filter table"],
      ['iptables -t nat -nvL', "the host's iptables-save shows the nat table"],
      ['iptables -vnxL', "the host's iptables-save shows the filter table"],
    ]);
    expect(node1.filter((s) => s.skipped).every((s) => s.records.length === 0)).toBe(true);
    const all = diagnose(bundle).report;
    const used = diagnose(bundle, { records: 'used' }).report;
    expect(used.findings).toEqual(all.findings);
    expect(used.traces).toEqual(all.traces);
    // without the option every section is read
    expect(buildModel(bundle).hosts.flatMap((h) => h.sections).some((s) => s.skipped)).toBe(false);
  });

  it('ingestPath({ skipRedundant }) leaves the same listings out of the bundle, names them in a note, and the diagnosis is the same', async () => {
    const reports = ['sosreport-node1', 'sosreport-node2', 'sosreport-node3'].map((r) => join(SOS, r));
    const full = await ingestPath(reports);
    const lean = await ingestPath(reports, { skipRedundant: true });
    const commands = (bundle: typeof full, host: string) => bundle.hosts.find((h) => h.name === host)?.sections.map((s) => s.command) ?? [];
    const left = ['iptables -t filter -nvL', 'iptables -t nat -nvL', 'iptables -vnxL'];
    expect(commands(full, 'node1')).toEqual(expect.arrayContaining([...left, 'iptables-save']));
    expect(commands(lean, 'node1')).toEqual(commands(full, 'node1').filter((command) => !left.includes(command ?? '')));
    // the tables this iptables-save does not show (the lab's are empty) are still read from their listings
    expect(commands(lean, 'node1')).toEqual(expect.arrayContaining(['iptables -t mangle -nvL', 'iptables -t raw -nvL']));
    expect(lean.notes.filter((n) => n.host === 'node1' && n.text.includes('left out')).map((n) => n.text)).toEqual([
      "sosreport-node1: sos_commands/firewall_tables/iptables_-t_filter_-nvL, sos_commands/firewall_tables/iptables_-t_nat_-nvL, sos_commands/firewall_tables/iptables_-vnxL left out: the report's iptables-save shows filter, nat.",
    ]);
    const { report } = diagnose(lean, { records: 'used' });
    expect(report.findings).toEqual(diagnose(full).report.findings);
    expect(report.traces).toEqual(diagnose(full).report.traces);
  });
});

describe('leading warnings of a redundant listing', () => {
  const MIXED = join(__dirname, '../../corpus/incidents/nf-mixed-backends/sos/sosreport-pve-k1');
  const WARNING = '# Warning: iptables-legacy tables present, use iptables-legacy to see them';

  it('leadingWarnings: the lines before a listing that are iptables warnings, and nothing else', () => {
    expect(leadingWarnings(`${WARNING}\nChain INPUT (policy ACCEPT)\n`)).toBe(`${WARNING}\n`);
    expect(leadingWarnings(`${WARNING}\r\n${WARNING}`)).toBe(`${WARNING}\r\n${WARNING}`);
    expect(leadingWarnings(`Chain INPUT (policy ACCEPT)\n${WARNING}\n`)).toBe('');
    expect(leadingWarnings(` ${WARNING}\n`)).toBe('');
  });

  it('a skipped listing keeps its warning, in the sos report (ingestPath) and in the model (buildModel), and the node knows the legacy tables from it', async () => {
    const lean = await ingestPath([MIXED], { skipRedundant: true });
    const kept = lean.hosts[0]?.sections.filter((section) => section.partialReason?.startsWith('only the warnings')) ?? [];
    expect(kept.map((section) => [section.command, section.text])).toEqual([
      ['iptables -t filter -nvL', `${WARNING}\n`], ['iptables -t nat -nvL', `${WARNING}\n`], ['iptables -vnxL', `${WARNING}\n`],
    ]);
    const model = buildModel(lean, { skipRedundant: true });
    const skipped = model.hosts[0]?.sections.filter((source) => source.skipped) ?? [];
    expect(skipped.map((source) => (source.records as { type: string; kind: string; text: string }[]).map((r) => [r.type, r.kind, r.text]))).toEqual([
      [['meta', 'warning', WARNING]], [['meta', 'warning', WARNING]], [['meta', 'warning', WARNING]],
    ]);
    const full = buildModel(await ingestPath([MIXED]));
    const hidden = (m: typeof model) => [...m.nodes.values()][0]?.netfilter?.hidden.map((h) => [h.evidence.command, h.evidence.span.line, h.evidence.text]);
    expect(hidden(model)).toEqual(hidden(full));
    expect(hidden(model)?.length).toBe(6);
  });
});

describe('a listing run with a backend\'s own program', () => {
  it('is never redundant: iptables-legacy -t nat -S beside an nf_tables iptables-save names the other backend (synthetic paste)', () => {
    const paste = [
      '[root@node1 ~]# iptables-save', '# Generated by iptables-save v1.8.9 (nf_tables) on Wed Nov 25 19:18:14 2026', '*nat',
      ':PREROUTING ACCEPT [0:0]', ':KUBE-SERVICES - [0:0]', '-A PREROUTING -j KUBE-SERVICES', 'COMMIT',
      '[root@node1 ~]# iptables-legacy -t nat -S', '-P PREROUTING ACCEPT', '-N KUBE-SERVICES',
      '-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES', '',
    ].join('\n');
    const bundle = ingest({ name: 'node1.txt', text: paste, host: 'node1' });
    expect(buildModel(bundle, { skipRedundant: true }).hosts[0]?.sections.filter((source) => source.skipped)).toEqual([]);
    const rules = (records: 'all' | 'used') => diagnose(bundle, { records }).report.findings.map((f) => [f.rule, f.severity]);
    expect(rules('used')).toEqual([['netfilter/mixed-backends', 'warning']]);
    expect(rules('used')).toEqual(rules('all'));
  });
});

describe('buildModel({ onNode })', () => {
  it("hands over each host's snapshot once, in bundle order, before the next host's sections are read", async () => {
    const bundle = await ingestPath(['sosreport-node1', 'sosreport-node2', 'sosreport-node3'].map((r) => join(SOS, r)));
    const hostOf = new Map(bundle.hosts.flatMap((host) => host.sections.map((section) => [section, host.name] as const)));
    // a map of parses that holds none: it only notes whose sections are asked for, and when
    const asked: string[] = [];
    class Watching extends Map<Section, Parsed<unknown>> {
      override get(section: Section): Parsed<unknown> | undefined {
        asked.push(hostOf.get(section) ?? '?');
        return undefined;
      }
    }
    const handed: { node: NodeSnapshot; readSoFar: string[] }[] = [];
    const model = buildModel(bundle, { parsed: new Watching(), onNode: (node) => handed.push({ node, readSoFar: [...new Set(asked)] }) });
    expect(handed.map(({ node, readSoFar }) => [node.name, readSoFar])).toEqual([
      ['node1', ['node1']], ['node2', ['node1', 'node2']], ['node3', ['node1', 'node2', 'node3']],
    ]);
    for (const { node } of handed) expect(node).toBe(model.nodes.get(node.name));
  });
});

// synthetic: one node's subnet.env and flannel's ConfigMap, as a user would paste them
describe('the cluster network and flannel config from the ConfigMap', () => {
  const configMap = JSON.stringify({
    apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'kube-flannel-cfg', namespace: 'kube-flannel' },
    data: { 'net-conf.json': '{\n  "Network": "10.240.0.0/12",\n  "Backend": {\n    "Type": "vxlan",\n    "Port": 4789\n  }\n}\n' },
  }, null, 4);
  const text = `[root@node-a ~]# cat /run/flannel/subnet.env
FLANNEL_NETWORK=10.244.0.0/16
FLANNEL_SUBNET=10.244.1.1/24
FLANNEL_MTU=1450
FLANNEL_IPMASQ=true
$ kubectl -n kube-flannel get cm kube-flannel-cfg -o json
${configMap}
`;
  it('takes the ConfigMap before a subnet.env, and its vxlan settings (VNI defaulting to 1)', () => {
    const model = buildModel(ingest(text));
    expect(model.cluster.network && [model.cluster.network.value.network, model.cluster.network.value.length, model.cluster.network.via])
      .toEqual([parseIPv4('10.240.0.0'), 12, "flannel's ConfigMap kube-flannel-cfg (net-conf.json)"]);
    expect(model.cluster.flannelConfig && { ...model.cluster.flannelConfig, evidence: model.cluster.flannelConfig.evidence.map((e) => [e.host, e.format, e.span.line]) })
      .toEqual({ namespace: 'kube-flannel', name: 'kube-flannel-cfg', where: 'ConfigMap kube-flannel-cfg', backend: 'vxlan', vni: 1, port: 4789, evidence: [[null, 'kubectl-get', 7]] });
  });
  it('without the ConfigMap, the subnet.env says it', () => {
    const model = buildModel(ingest(text.slice(0, text.indexOf('$ kubectl'))));
    expect(model.cluster.network?.via).toBe("node-a's subnet.env");
    expect(model.cluster.flannelConfig).toBeNull();
  });
});

describe('buildModel: rule parts shared across nodes', () => {
  it('builds a match or target that reads the same on two nodes once, and every record as its own parse reads it', async () => {
    const bundle = await ingestPath(['sosreport-node1', 'sosreport-node2'].map((r) => join(SOS, r)));
    const model = buildModel(bundle, { skipRedundant: true });
    const rules = (host: string) => (model.hosts.find((h) => h.name === host)?.sections.find((s) => s.section.command === 'iptables-save')?.records ?? []) as IptablesRule[];
    const [one, two] = [rules('node1'), rules('node2')];
    const key = (rule: IptablesRule) => rule.span.text;
    const onTwo = new Map(two.filter((r) => r.type === 'rule').map((r) => [key(r), r]));
    const same = one.filter((r) => r.type === 'rule' && onTwo.has(key(r)) && r.target !== null);
    expect(same.length).toBeGreaterThan(20);
    for (const rule of same) {
      const other = onTwo.get(key(rule)) as IptablesRule;
      expect(other.target?.typed).toBe(rule.target?.typed);
      rule.matches.forEach((match, i) => expect(other.matches[i]?.typed).toBe(match.typed));
    }
    // values as a parse of each listing alone reads them
    for (const host of ['node1', 'node2']) {
      const section = bundle.hosts.find((h) => h.name === host)?.sections.find((s) => s.command === 'iptables-save') as Section;
      expect(rules(host)).toEqual(parse('iptables-save', section.text).records);
    }
  });
});

describe('parse with a ParseContext', () => {
  // synthetic: one rule as iptables-save and iptables -S print it, on two nodes
  const RULE = '-A KUBE-SEP-A -p tcp -m comment --comment "shop/cart:http" -m tcp -j DNAT --to-destination 10.244.1.5:8080';
  it('iptables-save and iptables -S build a rule that reads the same once, and only within the context', () => {
    const context = { ruleParts: new SharedRuleParts() };
    for (const [format, text] of [['iptables-save', `*nat\n${RULE}\nCOMMIT\n`], ['iptables-list-rules', `${RULE}\n`]] as const) {
      const rules = (node: number, shared: boolean) =>
        (parse(format, text.concat('\n'.repeat(node)), undefined, shared ? context : undefined).records as IptablesRule[]).filter((r) => r.type === 'rule');
      const [one, two] = [rules(1, true)[0], rules(2, true)[0]];
      expect(two?.target?.typed).toBe(one?.target?.typed);
      expect(two?.matches[0]?.typed).toBe(one?.matches[0]?.typed);
      expect(rules(3, false)[0]?.target?.typed).not.toBe(one?.target?.typed);
      expect(rules(3, false)).toEqual(rules(1, true));
    }
  });
});

describe('another network namespace is not the node', () => {
  // synthetic: a busybox pod's view through kubectl exec and nsenter, beside the node's own routes
  const POD_ADDR = `3: eth0@if12: <BROADCAST,MULTICAST,UP,LOWER_UP,M-DOWN> mtu 1450 qdisc noqueue
    link/ether 0a:58:0a:f4:00:0c brd ff:ff:ff:ff:ff:ff
    inet 10.244.0.12/24 brd 10.244.0.255 scope global eth0
       valid_lft forever preferred_lft forever`;
  const text = `[root@host188 ~]# ip route
default via 192.168.86.1 dev ens160 proto static metric 100 
10.244.0.0/24 dev cni0 proto kernel scope link src 10.244.0.1 
192.168.86.0/24 dev ens160 proto kernel scope link src 192.168.86.188 metric 100 
[root@host188 ~]# kubectl exec -it busybox-7d9f -- ip addr
${POD_ADDR}
[root@host188 ~]# nsenter -t 23817 -n ip route
default via 10.244.0.1 dev eth0 
10.244.0.0/24 dev eth0 scope link  src 10.244.0.12 
`;

  it('keeps a pod\'s addresses and routes out of the node, and its listings in the report', () => {
    const { model, report } = diagnose(ingest(text));
    const node = model.nodes.get('host188');
    expect(node?.addresses.entries.map((a) => a.cidr)).toEqual([]);
    expect(node?.routes.entries.map((r) => r.network)).toEqual(['0.0.0.0/0', '10.244.0.0/24', '192.168.86.0/24']);
    // host188's report keeps the nsenter listing (kubectl exec goes where the pod runs, which nothing here names)
    expect(report.hosts[0]?.sections.map((s) => [s.command, s.format])).toEqual([['ip route', 'ip-route'], ['nsenter -t 23817 -n ip route', 'ip-route']]);
    // the pod's eth0 address inside the pod network was a root cause with `ip addr del` on the node
    expect(report.findings.map((f) => f.rule)).not.toContain('addressing/pod-network-overlap');
  });
});

describe('a listing whose command redirects its errors', () => {
  it('is the whole table all the same: "ip route 2>&1" selects nothing', () => {
    const node = buildModel(ingest('[root@h1 ~]# ip route 2>&1\ndefault via 10.0.0.1 dev eth0\n10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.5\n')).nodes.get('h1');
    expect(node?.routes.complete.map((listing) => listing.entries.length)).toEqual([2]);
  });
});

describe('iptables-save of another network namespace', () => {
  it('makes none of the node\'s own listings redundant', () => {
    const text = `[root@host188 ~]# iptables -t nat -S
-P POSTROUTING ACCEPT
-N FLANNEL-POSTRTG
-A POSTROUTING -m comment --comment "flanneld masq" -j FLANNEL-POSTRTG
[root@host188 ~]# nsenter -t 4242 -n iptables-save
*nat
:POSTROUTING ACCEPT [0:0]
COMMIT
`;
    const node = buildModel(ingest(text), { skipRedundant: true }).nodes.get('host188');
    expect(node?.netfilter?.rules.chain('nat', 'FLANNEL-POSTRTG')?.name).toBe('FLANNEL-POSTRTG');
    expect(node?.netfilter?.rules.chains('nat').map((chain) => chain.name)).toEqual(['POSTROUTING', 'FLANNEL-POSTRTG']);
  });
});
