// The tracer over kube-proxy's session affinity, both proxy modes, on the lab's real captures.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingest } from '../../ingest';
import { buildModel } from '../../model';
import { ingestPath } from '../../node';
import { trace } from './trace';

const capture = (path: string): string => readFileSync(join(__dirname, '../../../corpus/captures', path), 'utf8');
const AFFINITY = 'session affinity (ClientIP, 10800 s): this branch is a client without a record; one that reached an endpoint within the timeout goes back to it';

describe('trace: session affinity', () => {
  it('names the affinity checks of shop/cart (iptables mode) before the random dispatch, citing the three -m recent --rcheck rules', () => {
    const text = `[root@node-a ~]# iptables-save\n${capture('iptables-save/kube-affinity__iptables-save.txt')}`;
    const result = trace(buildModel(ingest(text)), { from: 'node-a', to: '10.96.40.10:80' });
    expect(result.branches.map((b) => [b.endpoint, b.probability.toFixed(4)])).toEqual([
      ['10.244.0.6:8080', '0.3333'], ['10.244.1.5:8080', '0.3333'], ['10.244.2.7:8080', '0.3333'],
    ]);
    for (const branch of result.branches) {
      const details = branch.hops.map((h) => h.detail);
      const at = details.indexOf(AFFINITY);
      expect(at).toBe(2);
      expect(details[at + 1]).toMatch(/^nat KUBE-SVC-I5LIAMPLWKMBJ54B rule \d → KUBE-SEP-/);
      const hop = branch.hops[at];
      expect(hop?.evidence.map((e) => e.text.includes('--rcheck --seconds 10800'))).toEqual([true, true, true]);
      expect(hop?.inferred).toBe(false);
    }
  });

  it('does the same for the nftables mode (ip saddr @affinity-… goto endpoint-…, set timeout 3h)', () => {
    const text = `[root@node-a ~]# nft list ruleset\n${capture('nft-ruleset/kube-proxy-nft-affinity__nft_list_ruleset.txt')}`;
    const result = trace(buildModel(ingest(text)), { from: 'node-a', to: '10.96.40.10:80' });
    expect(result.branches.map((b) => b.endpoint)).toEqual(['10.244.0.6:8080', '10.244.1.5:8080', '10.244.2.7:8080']);
    for (const branch of result.branches) {
      const hop = branch.hops.find((h) => h.detail === AFFINITY);
      expect(hop?.evidence.map((e) => /ip saddr @affinity-\S+ goto endpoint-/.test(e.text))).toEqual([true, true, true]);
    }
  });

  it('says nothing of affinity for a service without it', () => {
    const text = `[root@node-a ~]# iptables-save\n${capture('iptables-save/kube-affinity__iptables-save.txt')}`;
    const result = trace(buildModel(ingest(text)), { from: 'node-a', to: '10.96.0.1:443' });
    expect(result.branches.length).toBeGreaterThan(0);
    expect(result.branches.flatMap((b) => b.hops).some((h) => h.detail.startsWith('session affinity'))).toBe(false);
  });
});

describe('trace: nat rules netsift cannot follow', () => {
  it("iptables-nft from nft -j (xt matches without their options): insufficient information, not 'no service'", () => {
    const text = `[root@node-a ~]# nft -j list ruleset\n${capture('nft-ruleset/json/kube131-iptnft__nft_-j_list_ruleset.txt')}`;
    const result = trace(buildModel(ingest(text)), { from: 'node-a', to: '10.96.0.1:443' });
    expect(result.branches.map((b) => [b.disposition, b.at, b.endpoint])).toEqual([['insufficient-information', 'node-a', null]]);
    expect(result.branches[0]?.hops.at(-1)?.detail).toMatch(/^the nat rules could not be followed: match module \S+ not evaluated/);
  });

  it('the same rule set as text is followed to its endpoints', () => {
    const text = `[root@node-a ~]# nft list ruleset\n${capture('nft-ruleset/kube131-iptnft__nft_list_ruleset.txt')}`;
    const result = trace(buildModel(ingest(text)), { from: 'node-a', to: '10.96.0.1:443' });
    expect(result.branches.every((b) => b.endpoint !== null)).toBe(true);
  });
});

describe('trace: the client\'s source address', () => {
  it("decides kube-proxy's source tests: a client outside the pod network is marked for masquerade, a pod is not", () => {
    const text = `[root@node-a ~]# iptables-save\n${capture('iptables-save/kube-affinity__iptables-save.txt')}`;
    const model = buildModel(ingest(text));
    const marked = (source?: string): boolean[] => trace(model, { from: 'node-a', to: '10.96.40.10:80', ...(source ? { source } : {}) })
      .branches.map((b) => b.hops.some((h) => h.detail.includes('→ KUBE-MARK-MASQ')));
    expect(marked('192.168.1.5')).toEqual([true, true, true]);
    expect(marked('10.244.1.9')).toEqual([false, false, false]);
    // not known: the rule is not taken (and the walk says it assumed so)
    expect(marked()).toEqual([false, false, false]);
  });

  it('route-zoo: rule 151 "lookup main suppress_ifgroup 5" comes before "from 198.18.0.0/15 blackhole" and is not decided (the kernel takes main\'s default unless eth0 is in group 5)', () => {
    const text = `[root@zoo ~]# ip -4 rule list\n${capture('ip-rule/route-zoo__ip_-4_rule_list.txt')}[root@zoo ~]# ip -4 route show table all\n${capture('ip-route/route-zoo__ip_-4_route_show_table_all.txt')}`;
    const model = buildModel(ingest(text));
    const ends = (source?: string) => trace(model, { from: 'zoo', to: '8.8.8.8', ...(source ? { source } : {}) }).branches
      .map((b) => [b.disposition, b.hops.map((h) => h.detail), b.hops.map((h) => h.evidence.map((e) => e.text.trim()))]);
    expect(ends('198.18.0.5')).toEqual([['insufficient-information', [
      'ip rule 151 (suppress_ifgroup 5) not decided: netsift does not evaluate it; were it to match, 8.8.8.8 matches 0.0.0.0/0 via 10.0.0.1 dev eth0',
    ], [['151:\tfrom all lookup main suppress_ifgroup 5']]]]);
    // no source given and no address of zoo pasted: the from rules are said too; 200 and 300 (goto,
    // lookup 1234) would not change the route to 8.8.8.8
    const [unknown] = ends();
    expect(unknown?.[0]).toBe('insufficient-information');
    expect((unknown?.[1] as string[]).slice(0, 3)).toEqual([
      'ip rule 99 (from 10.5.0.0/16) not decided: the source is not known; were it to match, 8.8.8.8 matches unreachable 0.0.0.0/0 (table vpn)',
      'ip rule 100 (from 10.0.0.0/24) not decided: the source is not known; were it to match, 8.8.8.8 matches unreachable 0.0.0.0/0 (table vpn)',
      'ip rule 151 (suppress_ifgroup 5) not decided: netsift does not evaluate it; were it to match, 8.8.8.8 matches 0.0.0.0/0 via 10.0.0.1 dev eth0',
    ]);
    // 191 (ipproto udp) is decided: the traced packet is tcp
    expect((unknown?.[1] as string[]).at(-1)).toBe('5 more ip rules not decided');
    expect((unknown?.[2] as string[][]).at(-1)).toEqual(['180:\tfrom all uidrange 1000-2000 lookup vpn', '190:\tfrom all ipproto tcp dport 443 lookup vpn',
      '200:\tfrom 10.1.0.0/16 goto 300', '300:\tfrom 10.1.0.0/16 lookup 1234', '320:\tfrom 10.2.0.0/16 lookup vpn proto bird']);
  });

  it('an invalid source is insufficient information', () => {
    const result = trace(buildModel(ingest('[root@zoo ~]# ip route\ndefault via 10.0.0.1 dev eth0 \n')), { from: 'zoo', to: '8.8.8.8', source: 'not-an-ip' });
    expect(result.branches.map((b) => b.disposition)).toEqual(['insufficient-information']);
  });
});

describe('trace: flannel host-gw, a peer reached by its own address', () => {
  // synthetic: two nodes of a host-gw cluster, each routing the other's pods via the other's eth0 address
  const W1 = '[root@k8s-w1 ~]# ip -br a\nlo               UNKNOWN        127.0.0.1/8 \neth0             UP             172.16.8.21/24 \ncni0             UP             10.89.0.1/24 \n'
    + '[root@k8s-w1 ~]# ip route\ndefault via 172.16.8.1 dev eth0 \n10.89.0.0/24 dev cni0 proto kernel scope link src 10.89.0.1 \n10.89.1.0/24 via 172.16.8.22 dev eth0 \n172.16.8.0/24 dev eth0 proto kernel scope link src 172.16.8.21 \n';
  const W2 = '[root@k8s-w2 ~]# ip -br a\nlo               UNKNOWN        127.0.0.1/8 \neth0             UP             172.16.8.22/24 \ncni0             UP             10.89.1.1/24 \n'
    + '[root@k8s-w2 ~]# ip route\ndefault via 172.16.8.1 dev eth0 \n10.89.0.0/24 via 172.16.8.21 dev eth0 \n10.89.1.0/24 dev cni0 proto kernel scope link src 10.89.1.1 \n172.16.8.0/24 dev eth0 proto kernel scope link src 172.16.8.22 \n';

  it('goes on at the node whose address the route goes via, and is delivered on its bridge', () => {
    const result = trace(buildModel(ingest(W1 + W2)), { from: 'k8s-w1', to: '10.89.1.7:80' });
    expect(result.branches.map((b) => [b.disposition, b.at])).toEqual([['delivered', 'k8s-w2']]);
    expect(result.branches[0]?.hops.map((h) => [h.host, h.step, h.detail]).slice(0, 3)).toEqual([
      ['k8s-w1', 'route', '10.89.1.7 matches 10.89.1.0/24 via 172.16.8.22 dev eth0'],
      ['k8s-w1', 'route', "10.89.1.7 leaves k8s-w1 via eth0 to 172.16.8.22, k8s-w2's address"],
      ['k8s-w2', 'route', '10.89.1.7 matches 10.89.1.0/24 dev cni0'],
    ]);
  });

  it("a peer's own address: the packet arrives there and is delivered to the node (no rules shown there)", () => {
    const result = trace(buildModel(ingest(W1 + W2)), { from: 'k8s-w1', to: '172.16.8.22:10250' });
    expect(result.branches.map((b) => [b.disposition, b.at, b.hops.map((h) => `${h.host} ${h.step}: ${h.detail}`)])).toEqual([['delivered', 'k8s-w2', [
      'k8s-w1 route: 172.16.8.22 matches 172.16.8.0/24 dev eth0',
      'k8s-w1 route: 172.16.8.22 leaves k8s-w1 via eth0 to k8s-w2, whose address it is',
      'k8s-w2 deliver: 172.16.8.22 is local on k8s-w2 (eth0)',
    ]]]);
  });

  it('two nodes whose nat sends the packet to each other: a loop, not an endless walk', () => {
    // synthetic: w1 DNATs 172.16.8.21:8080 to w2's address, w2 DNATs 172.16.8.22:8080 back to w1's
    const nat = (host: string, own: string, other: string) => `[root@${host} ~]# iptables -t nat -S\n-P PREROUTING ACCEPT\n-P INPUT ACCEPT\n-P OUTPUT ACCEPT\n-P POSTROUTING ACCEPT\n`
      + `-A PREROUTING -d ${own}/32 -p tcp -m tcp --dport 8080 -j DNAT --to-destination ${other}:8080\n-A OUTPUT -d ${own}/32 -p tcp -m tcp --dport 8080 -j DNAT --to-destination ${other}:8080\n`;
    const model = buildModel(ingest(W1 + nat('k8s-w1', '172.16.8.21', '172.16.8.22') + W2 + nat('k8s-w2', '172.16.8.22', '172.16.8.21')));
    const result = trace(model, { to: '172.16.8.21:8080', source: '172.16.8.1' });
    expect(result.branches.map((b) => [b.disposition, b.at, b.endpoint, b.hops.filter((h) => h.step === 'nat').map((h) => `${h.host}: ${h.detail}`)])).toEqual([['loop', 'k8s-w1', '172.16.8.21:8080', [
      'k8s-w1: nat PREROUTING rule 1 → DNAT 172.16.8.22:8080',
      'k8s-w2: nat PREROUTING rule 1 → DNAT 172.16.8.21:8080',
    ]]]);
  });

  it('a next hop no output shows stays beyond what the outputs show', () => {
    const result = trace(buildModel(ingest(W1)), { from: 'k8s-w1', to: '10.89.1.7:80' });
    expect(result.branches.map((b) => [b.disposition, b.at])).toEqual([['insufficient-information', 'k8s-w1']]);
  });
});

describe('trace: a stale VTEP MAC and an FDB entry to no node (incident ov-stale-vtep, sos reports)', async () => {
  const dir = join(__dirname, '../../../corpus/incidents/ov-stale-vtep/sos');
  const model = buildModel(await ingestPath(['node-a', 'node-b', 'node-c'].map((node) => join(dir, `sosreport-${node}`))));
  const hops = (from: string, to: string) => trace(model, { from, to }).branches
    .map((b) => [b.disposition, b.at, b.hops.map((h) => `${h.host} ${h.step}: ${h.detail}`)]);

  it("node-a sends node-b's pods frames for node-b's old MAC: node-b drops them (the inner destination is not its flannel.1's MAC)", () => {
    expect(hops('node-a', '10.32.1.5:80')).toEqual([['unreachable', 'node-b', [
      'node-a route: 10.32.1.5 matches 10.32.1.0/24 via 10.32.1.0 dev flannel.1',
      'node-a neighbor: 10.32.1.0 lladdr ee:1b:5a:0b:00:02 dev flannel.1',
      'node-a fdb: ee:1b:5a:0b:00:02 dev flannel.1 dst 10.20.30.12',
      'node-a encap: vxlan (flannel.1) to node-b at 10.20.30.12',
      "node-b decap: the inner frame is for ee:1b:5a:0b:00:02, node-b's flannel.1 has MAC 86:2c:91:4f:7e:b2: not addressed to it, dropped on arrival",
    ]]]);
    const decap = trace(model, { from: 'node-a', to: '10.32.1.5:80' }).branches[0]?.hops.at(-1);
    // the sender's neighbour entry and the receiver's device as its link listing shows it
    expect(decap?.evidence.map((e) => [e.host, e.command, e.text.split('\n').map((line) => line.trim()).slice(0, 2)])).toEqual([
      ['node-a', 'ip -s -s neigh show', ['10.32.1.0 dev flannel.1 lladdr ee:1b:5a:0b:00:02  used 5/5/5probes 0 PERMANENT']],
      ['node-b', 'ip -d address', ['6: flannel.1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UNKNOWN group default qlen 1000',
        'link/ether 86:2c:91:4f:7e:b2 brd ff:ff:ff:ff:ff:ff promiscuity 0  allmulti 0 minmtu 68 maxmtu 65535']],
    ]);
  });

  it("node-c's FDB sends node-b's VTEP to 10.20.30.112, no node's address, whose ARP fails: the frame is never sent (not 'delivered at node-b')", () => {
    expect(hops('node-c', '10.32.1.5:80')).toEqual([['neighbor-unreachable', 'node-c', [
      'node-c route: 10.32.1.5 matches 10.32.1.0/24 via 10.32.1.0 dev flannel.1',
      'node-c neighbor: 10.32.1.0 lladdr 86:2c:91:4f:7e:b2 dev flannel.1',
      'node-c fdb: 86:2c:91:4f:7e:b2 dev flannel.1 dst 10.20.30.112',
      "node-c encap: vxlan (flannel.1) to 10.20.30.112, which no node shows as its address (86:2c:91:4f:7e:b2 is node-b's VTEP MAC; node-b is at 10.20.30.12): not to node-b",
      'node-c neighbor: 10.20.30.112 on eth0 does not answer ARP (FAILED): the vxlan frame is not sent',
    ]]]);
  });

  it('node-b, and node-a and node-c between them, reach the pods', () => {
    const ends = (from: string, to: string) => trace(model, { from, to }).branches.map((b) => [b.disposition, b.at]);
    expect(ends('node-b', '10.32.0.5:80')).toEqual([['delivered', 'node-a']]);
    expect(ends('node-b', '10.32.2.5:80')).toEqual([['delivered', 'node-c']]);
    expect(ends('node-a', '10.32.2.5:80')).toEqual([['delivered', 'node-c']]);
    expect(ends('node-c', '10.32.0.5:80')).toEqual([['delivered', 'node-a']]);
  });

  it("from outside, 10.20.30.112 is no node's: node-c's FDB entry does not make it node-b's", () => {
    expect(trace(model, { to: '10.20.30.112:80' }).branches.map((b) => b.at)).not.toEqual(['node-b']);
  });
});

describe('trace: from outside to an address no node has (incident ov-calico-residue)', () => {
  const model = buildModel(ingest(readFileSync(join(__dirname, '../../../corpus/incidents/ov-calico-residue/transcript.txt'), 'utf8')));
  const ends = (to: string) => trace(model, { to }).branches.map((b) => [b.disposition, b.at, b.hops.map((h) => `${h.host} ${h.step}: ${h.detail}`)]);

  it("a pod address: the hop names the node whose lease holds it and suggests --from it; the branch ends 'external', reaching no host", () => {
    expect(ends('10.236.65.5:80')).toEqual([['insufficient-information', 'external', [
      "external route: no node has 10.236.65.5 as its own address: it lies in kube-w1's pod subnet 10.236.65.0/24, where a node's routes take it; trace it from a node (--from kube-w1, or the node the client sends through)",
    ]]]);
    expect(trace(model, { to: '10.236.65.5:80' }).branches[0]?.hops[0]?.evidence.map((e) => [e.host, e.text.split('\n')[0]])).toEqual([
      ['kube-w1', 'inet 10.236.65.1/24 brd 10.236.65.255 scope global cni0'],
      ['kube-w1', '10.236.65.0/24 dev cni0 proto kernel scope link src 10.236.65.1'],
    ]);
  });

  it('an address outside the cluster: the hop says no node has it', () => {
    expect(ends('1.2.3.4')).toEqual([['insufficient-information', 'external', [
      'external route: no node has 1.2.3.4 as its own address: from outside, the packet arrives at no host the input shows; trace it from a node (--from NODE) to see where that node sends it',
    ]]]);
  });

  it('a host the input does not show (the library, not the CLI, lets it through): said', () => {
    expect(trace(model, { from: 'nosuch', to: '1.2.3.4' }).branches.map((b) => [b.disposition, b.at, b.hops.map((h) => h.detail)])).toEqual([
      ['insufficient-information', 'nosuch', ['no output of nosuch was given: where it sends 1.2.3.4 is not known']],
    ]);
  });
});

describe("trace: kube-proxy's filter rules walked with its nat chains are filter steps", () => {
  it('iptables: filter KUBE-EXTERNAL-SERVICES drops the NodePort (incident nf-local-policy)', () => {
    const model = buildModel(ingest(readFileSync(join(__dirname, '../../../corpus/incidents/nf-local-policy/transcript.txt'), 'utf8')));
    expect(trace(model, { to: '192.168.122.12:31080' }).branches.map((b) => [b.disposition, b.at, b.hops.map((h) => `${h.host} ${h.step}: ${h.detail}`)])).toEqual([['denied', 'edge-2', [
      'edge-2 route: 192.168.122.12 is an address of edge-2: the packet arrives there',
      'edge-2 nat: nat PREROUTING rule 1 → KUBE-SERVICES',
      'edge-2 nat: nat KUBE-SERVICES rule 6 → KUBE-NODEPORTS',
      'edge-2 nat: nat KUBE-NODEPORTS rule 1 → KUBE-EXT-CG5I4G2RS3ZVWGLK',
      'edge-2 filter: filter KUBE-EXTERNAL-SERVICES rule 1 → DROP',
    ]]]);
  });

  it("nftables mode: the chains reached from kube-proxy's base chains of type filter (firewall-check, service-endpoints-check, reject-chain)", () => {
    const text = `[root@node-a ~]# nft -a list ruleset\n${capture('nft-ruleset/kube-proxy-nft131__nft_-a_list_ruleset.txt')}`;
    const result = trace(buildModel(ingest(text)), { from: 'node-a', to: '10.96.12.34:3000' });
    expect(result.branches.map((b) => [b.disposition, b.hops.map((h) => `${h.step}: ${h.detail}`)])).toEqual([['rejected', [
      'filter: kube-proxy filter-output-pre-dnat rule 1 → firewall-check',
      'nat: kube-proxy nat-output rule 1 → services',
      'filter: kube-proxy filter-output rule 1 → service-endpoints-check',
      'filter: kube-proxy service-endpoints-check rule 1 → ip daddr . meta l4proto . th dport vmap @no-endpoint-services',
      'filter: kube-proxy reject-chain rule 1 → REJECT',
    ]]]);
  });
});

describe('trace: a NodePort of a node whose nat rules were not given (the seed without its iptables output)', () => {
  // the seed with line 11, host188's `iptables -t nat -L KUBE-NODEPORTS …`, cut: no output shows nat rules
  const seed = readFileSync(join(__dirname, '../../../corpus/incidents/seed/000_8ab8108d44c964dc.txt'), 'utf8').split('\n');
  const model = buildModel(ingest(seed.filter((line, index) => index !== 10).join('\n')));
  const ends = (to: string) => trace(model, { to }).branches.map((b) => [b.disposition, b.at, b.hops.map((h) => `${h.host} ${h.step}: ${h.detail}`)]);

  it("kubectl's NodePort 30038: kube-proxy's DNAT is not known, so neither is delivery (not 'delivered at host188')", () => {
    expect(seed[10]).toMatch(/^1\)host188上.*\[root@host188 ~\]## iptables -t nat -L KUBE-NODEPORTS/);
    expect(ends('192.168.86.188:30038')).toEqual([['insufficient-information', 'host188', [
      'host188 route: 192.168.86.188 is an address of host188: the packet arrives there',
      "host188 nat: 30038 is the NodePort of prometheus/prometheus-nodeport, and no nat rules of host188 were given (no other node shows kube-proxy's KUBE-SERVICES to stand in for them): where kube-proxy's DNAT sends it is not known",
    ]]]);
    expect(trace(model, { to: '192.168.86.188:30038' }).branches[0]?.hops[1]?.evidence.map((e) => e.format)).toEqual(['kubectl-get']);
  });

  it('a port in the default NodePort range kubectl does not show: the same; ssh is delivered to the node', () => {
    expect(ends('192.168.86.188:31000')[0]?.slice(0, 2)).toEqual(['insufficient-information', 'host188']);
    expect(ends('192.168.86.188:31000')[0]?.[2]).toContain(
      "host188 nat: 31000 is in kube-proxy's NodePort range (30000-32767), and no nat rules of host188 were given (no other node shows kube-proxy's KUBE-SERVICES to stand in for them): where kube-proxy's DNAT sends it is not known");
    expect(ends('192.168.86.188:22')).toEqual([['delivered', 'host188', [
      'host188 route: 192.168.86.188 is an address of host188: the packet arrives there',
      'host188 deliver: 192.168.86.188 is local on host188 (an address of the node)',
    ]]]);
  });
});

describe("trace: the kernel's own lookup (ip route get) where an output shows it", () => {
  it('confirms the route the tables give, citing the lookup (ov-shadowed-route: the /25 via the underlay gateway)', () => {
    const model = buildModel(ingest(readFileSync(join(__dirname, '../../../corpus/incidents/ov-shadowed-route/transcript.txt'), 'utf8')));
    const hop = trace(model, { from: 'lab-k8s-01', to: '10.72.2.10:80' }).branches[0]?.hops[0];
    expect([hop?.detail, hop?.evidence.map((e) => e.text.trim())]).toEqual([
      "the kernel's own lookup agrees: ip route get 10.72.2.10 gives via 10.10.0.1 dev eth0", ['10.72.2.10 via 10.10.0.1 dev eth0 src 10.10.0.31 uid 0 \n    cache'],
    ]);
  });

  it('ends the branch where it differs: the routes shown are not what the kernel uses (synthetic)', () => {
    const text = [
      '[root@m1 ~]# ip route', 'default via 203.0.113.1 dev eth0 proto dhcp metric 100 ', '10.128.0.0/24 dev cni0 proto kernel scope link src 10.128.0.1 ',
      '10.128.1.0/24 via 10.128.1.0 dev flannel.1 onlink ', '203.0.113.0/24 dev eth0 proto kernel scope link src 203.0.113.10 metric 100 ',
      '[root@m1 ~]# ip route get 10.128.1.5', '10.128.1.5 via 203.0.113.1 dev eth0 table 100 src 203.0.113.10 uid 0 ', '    cache ', '',
    ].join('\n');
    const branches = trace(buildModel(ingest(text)), { from: 'm1', to: '10.128.1.5:80' }).branches;
    expect(branches.map((b) => [b.disposition, b.at, b.hops.map((h) => h.detail)])).toEqual([['insufficient-information', 'm1', [
      "the kernel's own lookup differs: ip route get 10.128.1.5 gives via 203.0.113.1 dev eth0, the routes shown 10.128.1.0/24 via 10.128.1.0 dev flannel.1: the kernel has routes or rules no output shows, or they are from another time",
    ]]]);
  });
});
