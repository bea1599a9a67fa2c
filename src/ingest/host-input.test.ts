// A text whose host the user names: what no prompt attributes goes to that host.
import { describe, expect, it } from 'vitest';
import { ingest } from './index';

const LOG = 'E1028 01:59:02.997781       1 vxlan_network.go:158] failed to add vxlanRoute (10.244.2.0/24 -> 10.244.2.0): invalid argument\n';
const ROUTE = '[root@b ~]# route -n\nKernel IP routing table\nDestination     Gateway         Genmask         Flags Metric Ref    Use Iface\n0.0.0.0         10.0.0.1        0.0.0.0         UG    0      0        0 eth0\n';

describe('ingest with a named host', () => {
  it('gives a sniffed section the host of its input, and leaves prompts their own host', () => {
    const bundle = ingest([{ name: 'a.log', text: LOG, host: 'a' }, { name: 'b.txt', text: ROUTE }]);
    expect(bundle.hosts.map((h) => [h.name, h.sections.map((s) => [s.format, s.snapshot])])).toEqual([
      ['b', [['route-n', 1]]],
      ['a', [['flannel-log', 1]]],
    ]);
    expect(bundle.unattributed).toEqual([]);
  });

  it('counts snapshots across inputs of one host', () => {
    const bundle = ingest([{ name: '1', text: LOG, host: 'a' }, { name: '2', text: LOG, host: 'a' }]);
    expect(bundle.hosts[0]?.sections.map((s) => s.snapshot)).toEqual([1, 2]);
  });

  it('without a host, the sniffed section stays unattributed', () => {
    expect(ingest({ name: 'a.log', text: LOG }).unattributed).toHaveLength(1);
  });
});

// The host a file's name gives the text it holds, when the text names none (hostsOfNames)
const NEIGH = '$ ip neigh\n10.244.1.0 dev flannel.1 lladdr 86:2c:91:4f:7e:b2 PERMANENT\n';
const FDB = '$ bridge fdb show dev flannel.1\n86:2c:91:4f:7e:b2 dst 10.0.0.12 self permanent\n';
const hostsOf = (bundle: ReturnType<typeof ingest>): [string, (string | null)[]][] => bundle.hosts.map((h) => [h.name, h.sections.map((s) => s.format)]);

describe('hosts named by file names', () => {
  it('per-host pastes of one directory are named by their files', () => {
    const bundle = ingest([{ name: 'pastes/node-a.txt', text: NEIGH }, { name: 'pastes/node-b.txt', text: FDB }, { name: 'pastes/worker-3.log', text: ROUTE.replace('[root@b ~]# ', '$ ') }]);
    expect(hostsOf(bundle)).toEqual([['node-a', ['ip-neigh']], ['node-b', ['bridge-fdb']], ['worker-3', ['route-n']]]);
  });

  it('node names as clusters name nodes: EC2 and EKS, a program word inside, numbered machines; a plain word is no node', () => {
    const bundle = ingest([
      { name: 'p/ip-10-0-0-21.txt', text: NEIGH }, { name: 'p/ip-10-0-0-22.ec2.internal.txt', text: NEIGH }, { name: 'p/kube-cp.txt', text: FDB },
      { name: 'p/nuc1.txt', text: FDB }, { name: 'p/edge-2.log', text: FDB }, { name: 'p/10.0.0.13.txt', text: FDB }, { name: 'p/alpha.txt', text: NEIGH },
    ]);
    expect(bundle.hosts.map((h) => h.name)).toEqual(['ip-10-0-0-21', 'ip-10-0-0-22.ec2.internal', 'kube-cp', 'nuc1', 'edge-2', '10.0.0.13']);
    expect(bundle.unattributed.map((u) => u.section.format)).toEqual(['ip-neigh']);
  });

  it("one host's snapshots and capture files stay one host, named by its directory", () => {
    for (const names of [['snap1', 'snap2'], ['pre', 'post'], ['run-1', 'run-2'], ['ipvs', 'ipset'], ['containerd', 'kern'], ['nftables', 'interfaces'], ['route-n', 'flannel']]) {
      const bundle = ingest(names.map((stem) => ({ name: `node-a/${stem}.log`, text: NEIGH })));
      expect(bundle.hosts.map((h) => [h.name, h.sections.length]), names.join()).toEqual([['node-a', 2]]);
    }
    // a directory named after a node is that node's, whatever its files are called
    expect(ingest([{ name: 'host188/worker-1.txt', text: NEIGH }, { name: 'host188/worker-2.txt', text: FDB }]).hosts.map((h) => h.name)).toEqual(['host188']);
  });

  it("snapshots of per-host pastes (node-a.1, a date) are their node's, and a node's other files (node-a-flannel.log) too", () => {
    const bundle = ingest([
      { name: 'pastes/node-a.1.txt', text: NEIGH }, { name: 'pastes/node-a.2.txt', text: NEIGH }, { name: 'pastes/node-b-2026-11-25.txt', text: FDB },
      { name: 'pastes/node-a-flannel.log', text: LOG }, { name: 'pastes/ip_route.txt', text: NEIGH },
    ]);
    expect(bundle.hosts.map((h) => [h.name, h.sections.map((s) => [s.format, s.snapshot])])).toEqual([
      ['node-a', [['ip-neigh', 1], ['ip-neigh', 2], ['flannel-log', 1]]], ['node-b', [['bridge-fdb', 1]]],
    ]);
    // whose route table ip_route.txt holds the names do not say
    expect(bundle.unattributed.map((u) => u.section.format)).toEqual(['ip-neigh']);
  });

  it('per-host pastes are told by their full directory, and a file whose prompts name its node counts among them', () => {
    const bundle = ingest([
      { name: 'day1/pastes/node-a.txt', text: NEIGH }, { name: 'day1/pastes/node-b.txt', text: FDB },
      { name: 'day2/pastes/node-a.txt', text: '[root@node-a ~]# ip neigh\n10.244.1.0 dev flannel.1 lladdr 86:2c:91:4f:7e:b2 PERMANENT\n' }, { name: 'day2/pastes/node-b.txt', text: FDB },
    ]);
    expect(bundle.hosts.map((h) => [h.name, h.sections.map((s) => s.snapshot)])).toEqual([['node-a', [1, 2]], ['node-b', [1, 2]]]);
  });

  it('a host a header names is no file\'s host when the file reads as a capture', () => {
    const transcript = '[root@host188 ~]# uptime\n up 3 days\n=== iptables ===\n$ ip neigh\n10.244.1.0 dev flannel.1 lladdr 86:2c:91:4f:7e:b2 PERMANENT\n';
    const bundle = ingest([{ name: 't.txt', text: transcript }, { name: 'host189/iptables.txt', text: NEIGH }, { name: 'host189/ip-route.txt', text: FDB }]);
    expect(bundle.hosts.find((h) => h.name === 'host189')?.sections.map((s) => s.format)).toEqual(['ip-neigh', 'bridge-fdb']);
  });

  it('never throws on a name that is no string', () => {
    expect(() => ingest([{ name: 5 as unknown as string, text: NEIGH }, { name: '__proto__/constructor.txt', text: FDB }])).not.toThrow();
  });

  it('so are files given without a directory, and a file beside them that names no node stays unattributed', () => {
    const bundle = ingest([{ name: 'host188.txt', text: NEIGH }, { name: 'host189.example.com.txt', text: FDB }, { name: 'cluster.txt', text: LOG }]);
    expect(hostsOf(bundle)).toEqual([['host188', ['ip-neigh']], ['host189.example.com', ['bridge-fdb']]]);
    expect(bundle.unattributed.map((u) => u.section.format)).toEqual(['flannel-log']);
  });

  it("a host's capture files are named by their directory, whatever else their names say", () => {
    const bundle = ingest([{ name: 'host188/route-n.txt', text: ROUTE.replace('[root@b ~]# route -n\n', '') }, { name: 'host188/flannel.log', text: LOG }, { name: 'host188/node-b.txt', text: FDB }]);
    expect(hostsOf(bundle)).toEqual([['host188', ['route-n', 'flannel-log', 'bridge-fdb']]]);
  });

  it('snapshots of one host (before.txt, after.txt) are one host twice, named by their directory', () => {
    const bundle = ingest([{ name: 'node-a/before.txt', text: NEIGH }, { name: 'node-a/after.txt', text: NEIGH }]);
    expect(bundle.hosts.map((h) => [h.name, h.sections.map((s) => s.snapshot)])).toEqual([['node-a', [1, 2]]]);
  });

  it('one node-named file names its node wherever it was saved; a file beside it that names none stays unattributed', () => {
    const incident = ingest([{ name: 'incident/node-a.txt', text: NEIGH }, { name: 'incident/notes.txt', text: FDB }]);
    expect(hostsOf(incident)).toEqual([['node-a', ['ip-neigh']]]);
    expect(incident.unattributed.map((u) => u.section.format)).toEqual(['bridge-fdb']);
    expect(hostsOf(ingest([{ name: 'p/node-a.txt', text: NEIGH }, { name: 'p/node-a.log', text: FDB }]))).toEqual([['node-a', ['ip-neigh', 'bridge-fdb']]]);
    expect(hostsOf(ingest([{ name: '/home/bob/Downloads/worker-3.txt', text: NEIGH }]))).toEqual([['worker-3', ['ip-neigh']]]);
    // one node's captures named after it and what they hold; a number alone names no node (netsift-x3, nuc1)
    expect(hostsOf(ingest([{ name: 'Downloads/node-a-ip-route.txt', text: NEIGH }, { name: 'Downloads/node-a-neigh.txt', text: FDB }]))).toEqual([['node-a', ['ip-neigh', 'bridge-fdb']]]);
    for (const name of ['/tmp/netsift-wqvXh2/paste.txt', 'backup-2024/route-n.txt', 'x/nuc1.txt', 'x/node.txt']) {
      expect(hostsOf(ingest([{ name, text: NEIGH }])), name).toEqual([]);
    }
  });

  it('the directory a lone paste was saved in names no host; a directory of a host\'s files does, unless it is a common one', () => {
    for (const name of ['/tmp/paste.txt', '/home/bob/paste.txt', '/root/route-n.txt', 'C:\\Users\\bob\\Downloads\\output.txt', 'alpha/route-n.txt']) {
      const bundle = ingest([{ name, text: NEIGH }]);
      expect([bundle.hosts, bundle.unattributed.map((u) => u.section.format)], name).toEqual([[], ['ip-neigh']]);
    }
    expect(hostsOf(ingest([{ name: 'alpha/route-n.txt', text: NEIGH }, { name: 'alpha/fdb.txt', text: FDB }]))).toEqual([['alpha', ['ip-neigh', 'bridge-fdb']]]);
    const tmp = ingest([{ name: '/tmp/route-n.txt', text: NEIGH }, { name: '/tmp/fdb.txt', text: FDB }]);
    expect([tmp.hosts, tmp.unattributed.map((u) => u.section.format)]).toEqual([[], ['ip-neigh', 'bridge-fdb']]);
  });

  it('a file named after a host another input names holds that host, alone in its directory or not', () => {
    const bundle = ingest([{ name: 'transcript.txt', text: '[root@host189 ~]# ip neigh\n10.244.1.0 dev flannel.1 lladdr 86:2c:91:4f:7e:b2 PERMANENT\n' }, { name: 'x/host189.txt', text: FDB }]);
    expect(hostsOf(bundle)).toEqual([['host189', ['ip-neigh', 'bridge-fdb']]]);
  });

  it('a text that names its host keeps it whatever its file is called', () => {
    const bundle = ingest([{ name: 'pastes/node-a.txt', text: '[root@node-z ~]# ip neigh\n10.244.1.0 dev flannel.1 lladdr 86:2c:91:4f:7e:b2 PERMANENT\n' }, { name: 'pastes/node-b.txt', text: FDB }, { name: 'pastes/node-c.txt', text: NEIGH }]);
    expect(hostsOf(bundle)).toEqual([['node-z', ['ip-neigh']], ['node-b', ['bridge-fdb']], ['node-c', ['ip-neigh']]]);
  });
});
