// The cluster model's inferences, each with a case where it must not be drawn (synthetic transcripts).
import { describe, expect, it } from 'vitest';
import { ingest } from '../ingest';
import { buildModel, type Cluster } from '.';
import { flannelRestart } from '../analyze/fix-commands';

const neigh = (ips: readonly string[]): string => ips.map((ip, i) => `${ip} lladdr 6e:00:00:00:00:0${i} PERMANENT `).join('\n');
const vteps = (cluster: Cluster): [string, string[]][] => [...cluster.nodes.values()].map((node) => [node.name, node.vtepAddress.map((claim) => claim.value)]);

describe('VTEP addresses by elimination (flannel adds no neighbour entry for its own VTEP)', () => {
  const three = `[root@a ~]# ip neigh show dev flannel.1
${neigh(['10.42.1.0', '10.42.2.0'])}
[root@b ~]# ip neigh show dev flannel.1
${neigh(['10.42.0.0', '10.42.2.0'])}
[root@c ~]# ip neigh show dev flannel.1
${neigh(['10.42.0.0', '10.42.1.0'])}
`;

  it("gives each node the one address its complete listing lacks, inferred, citing the absence and a peer's entry", () => {
    const { cluster } = buildModel(ingest(three));
    expect(vteps(cluster)).toEqual([['a', ['10.42.0.0']], ['b', ['10.42.1.0']], ['c', ['10.42.2.0']]]);
    const a = cluster.nodes.get('a')?.vtepAddress[0];
    expect(a && [a.via, a.inferred]).toEqual(['the one VTEP address its flannel.1 neighbours lack', true]);
    expect(a?.evidence.map((e) => [e.host, e.span.line, e.absent ?? null])).toEqual([
      ['a', 2, '10.42.0.0 (its own VTEP: flannel adds no neighbour entry for itself)'],
      ['b', 5, null],
    ]);
  });

  it('draws nothing when a listing lacks two addresses (a fourth node not shown)', () => {
    const text = three.replace(neigh(['10.42.1.0', '10.42.2.0']), neigh(['10.42.1.0', '10.42.2.0', '10.42.3.0']));
    expect(vteps(buildModel(ingest(text)).cluster)).toEqual([['a', []], ['b', []], ['c', []]]);
  });

  it('draws nothing when two nodes lack the same address', () => {
    const text = `[root@a ~]# ip neigh show dev flannel.1
${neigh(['10.42.1.0'])}
[root@b ~]# ip neigh show dev flannel.1
${neigh(['10.42.1.0'])}
[root@c ~]# ip neigh show dev flannel.1
${neigh(['10.42.0.0'])}
`;
    expect(vteps(buildModel(ingest(text)).cluster)).toEqual([['a', []], ['b', []], ['c', []]]);
  });

  it('draws nothing from listings that are cut (| grep) or narrowed (nud permanent)', () => {
    const grep = three.replace('[root@a ~]# ip neigh show dev flannel.1', '[root@a ~]# ip neigh show dev flannel.1 | grep PERMANENT');
    const narrowed = three.replace('[root@a ~]# ip neigh show dev flannel.1', '[root@a ~]# ip neigh show dev flannel.1 nud permanent');
    // a's listing says nothing of absence; b's and c's still each lack one address
    expect(vteps(buildModel(ingest(grep)).cluster)).toEqual([['a', []], ['b', ['10.42.1.0']], ['c', ['10.42.2.0']]]);
    expect(vteps(buildModel(ingest(narrowed)).cluster)).toEqual([['a', []], ['b', ['10.42.1.0']], ['c', ['10.42.2.0']]]);
  });

  it("does not override a node's own flannel.1 address", () => {
    const text = `${three}[root@a ~]# ip addr show flannel.1
3: flannel.1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UNKNOWN group default 
    link/ether 6e:00:00:00:00:0a brd ff:ff:ff:ff:ff:ff
    inet 10.42.0.0/32 scope global flannel.1
       valid_lft forever preferred_lft forever
`;
    const a = buildModel(ingest(text)).cluster.nodes.get('a')?.vtepAddress;
    expect(a?.map((claim) => [claim.value, claim.via, claim.inferred])).toEqual([['10.42.0.0', 'its flannel.1 address', false]]);
  });
});

describe('leases', () => {
  it("take the subnet peers route to a node's VTEP address over the node's own cni0 (an old lease left on the bridge)", () => {
    const text = `[root@a ~]# ip route
10.42.0.0/24 dev cni0 proto kernel scope link src 10.42.0.1 
10.42.1.0/24 via 10.42.1.0 dev flannel.1 onlink 
[root@b ~]# ip addr show
3: flannel.1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UNKNOWN group default 
    link/ether 6e:00:00:00:00:0b brd ff:ff:ff:ff:ff:ff
    inet 10.42.1.0/32 scope global flannel.1
       valid_lft forever preferred_lft forever
4: cni0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UP group default qlen 1000
    link/ether 3a:00:00:00:00:0b brd ff:ff:ff:ff:ff:ff
    inet 10.42.5.1/24 brd 10.42.5.255 scope global cni0
       valid_lft forever preferred_lft forever
`;
    const { cluster } = buildModel(ingest(text));
    expect(cluster.leases.map((l) => [l.node, l.text, l.gateway, l.inferred, l.claims.map((c) => c.via)])).toEqual([
      ['a', '10.42.0.0/24', '10.42.0.0', false, ['its route to cni0']],
      ['b', '10.42.1.0/24', '10.42.1.0', true, ["its peers' routes (its flannel.1 address)"]],
    ]);
    expect(cluster.peerSubnets.map((p) => [p.text, p.owner, p.ownerVia])).toEqual([['10.42.1.0/24', 'b', 'its flannel.1 address']]);
  });

  it('tie the one unowned peer subnet to the one node without a subnet, and nothing when two nodes are left', () => {
    const text = `[root@a ~]# ip route
10.42.0.0/24 dev cni0 proto kernel scope link src 10.42.0.1 
10.42.1.0/24 via 10.42.1.0 dev flannel.1 onlink 
[root@b ~]# ip route
10.42.0.0/24 via 10.42.0.0 dev flannel.1 onlink 
`;
    const { cluster } = buildModel(ingest(text));
    expect(cluster.peerSubnets.map((p) => [p.text, p.owner, p.ownerVia])).toEqual([
      ['10.42.1.0/24', 'b', 'the only node whose subnet is not otherwise known'], ['10.42.0.0/24', 'a', 'its own outputs'],
    ]);
    expect(cluster.leases.map((l) => [l.node, l.text, l.inferred])).toEqual([['a', '10.42.0.0/24', false], ['b', '10.42.1.0/24', true]]);
    const two = buildModel(ingest(`${text}[root@c ~]# ip route
10.42.0.0/24 via 10.42.0.0 dev flannel.1 onlink 
`)).cluster;
    expect(two.peerSubnets.map((p) => [p.text, p.owner])).toEqual([['10.42.1.0/24', null], ['10.42.0.0/24', 'a']]);
    expect(two.leases.map((l) => [l.node, l.text])).toEqual([['a', '10.42.0.0/24']]);
  });
});

describe('node names the cluster gives in full, prompts in short (a prompt shows the hostname up to its first dot)', () => {
  const nodes = (names: readonly string[]) => `[root@cp ~]# kubectl get nodes -o wide
NAME${' '.repeat(20)}STATUS   ROLES    AGE   VERSION   INTERNAL-IP   EXTERNAL-IP   OS-IMAGE             KERNEL-VERSION      CONTAINER-RUNTIME
${names.map((name, i) => `${name.padEnd(24)}Ready    <none>   9d    v1.29.3   10.0.0.1${i}     <none>        Ubuntu 22.04.4 LTS   5.15.0-105-generic   containerd://1.7.2`).join('\n')}
`;
  const route = (host: string) => `[root@${host} ~]# ip route\ndefault via 10.0.0.1 dev eth0 \n`;

  it('takes bravo.lab.example.com for host bravo, and kubectl commands name it in full', () => {
    const model = buildModel(ingest(route('alpha') + route('bravo') + nodes(['alpha.lab.example.com', 'bravo.lab.example.com'])));
    expect([...model.cluster.nodes.keys()].sort()).toEqual(['alpha', 'bravo']);
    expect(model.cluster.nodes.get('bravo')?.underlay.map((c) => c.value)).toEqual(['10.0.0.11']);
    expect(model.nodes.get('bravo')?.kubernetesName).toBe('bravo.lab.example.com');
    expect(flannelRestart(model.nodes.get('bravo')!).text).toBe('kubectl -n kube-flannel delete pod -l app=flannel --field-selector spec.nodeName=bravo.lab.example.com');
  });

  it('takes kubectl\'s short name for the host named in full, and no name two hosts share a first label with', () => {
    const full = buildModel(ingest(route('bravo.lab.example.com') + nodes(['bravo'])));
    expect([...full.cluster.nodes.keys()].sort()).toEqual(['bravo.lab.example.com']);
    expect(full.nodes.get('bravo.lab.example.com')?.kubernetesName).toBe('bravo');
    const two = buildModel(ingest(route('bravo.a.example') + route('bravo.b.example') + nodes(['bravo'])));
    expect([...two.cluster.nodes.keys()].sort()).toEqual(['bravo', 'bravo.a.example', 'bravo.b.example']);
  });

  it('merges no node when the cluster names two whose first label is the prompt\'s (node-b.dc1 and node-b.dc2 are two nodes)', () => {
    const model = buildModel(ingest(route('node-b') + nodes(['node-b.dc1.example.com', 'node-b.dc2.example.com'])));
    expect([...model.cluster.nodes.keys()].sort()).toEqual(['node-b', 'node-b.dc1.example.com', 'node-b.dc2.example.com']);
    expect(model.nodes.get('node-b')?.kubernetesName).toBeNull();
  });

  it('replaces in a node name from kubectl what no node name holds (a pasted name may hold anything)', () => {
    const model = buildModel(ingest(route('alpha') + nodes(['alpha', 'evil|x`y`<img>'])));
    expect([...model.cluster.nodes.keys()].sort()).toEqual(['alpha', 'evil_x_y_img_']);
  });
});
