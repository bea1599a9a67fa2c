// The tracer against the kernel: each case is a lab capture (corpus/kernel-trace, test/support/kernel-lab.ts) whose
// probe the real kernel answered; the comment on each case says what the kernel did.
import { describe, expect, it } from 'vitest';
import { ingest } from '../../ingest';
import { buildModel } from '../../model';
import { LAB_S1, LAB_S2, LAB_S3, LAB_S4, LAB_S6, LAB_S7, LAB_S8, LAB_S9, LAB_S10, LAB_S11, LAB_S12, LAB_S13, LAB_S14, LAB_S15, labProbes } from '../../../test/support/kernel-lab';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { trace, type TraceQuery } from './trace';

const KUBE_AFFINITY = readFileSync(join(__dirname, '../../../corpus/captures/iptables-save/kube-affinity__iptables-save.txt'), 'utf8');
const S2 = buildModel(ingest(LAB_S2));
const summary = (query: TraceQuery) => trace(S2, query).branches.map((b) => [b.disposition, b.at, b.endpoint, b.hops.map((h) => `${h.host} ${h.step}: ${h.detail}`)]);

describe('trace: the nat hook of a packet the node sends itself', () => {
  it('a DNAT only in nat OUTPUT translates what node-1 sends (the kernel connected to 10.244.1.5:80)', () => {
    expect(summary({ from: 'node-1', to: '10.96.0.51:80' })).toEqual([['delivered', 'node-2', '10.244.1.5:80', [
      'node-1 nat: nat OUTPUT rule 1 → DNAT 10.244.1.5:80',
      'node-1 route: 10.244.1.5 matches 10.244.1.0/24 via 10.244.1.0 dev flannel.1',
      // node-1's socket took 10.0.0.11 (its route to 10.96.0.51 is the default, by eth0: the kernel printed "connected
      // 10.0.0.11"), kept after the DNAT; "-o flannel.1 -j MASQUERADE" rewrites it (the pod logged 10.244.0.0)
      'node-1 nat: nat POSTROUTING rule 2 → MASQUERADE: the source 10.0.0.11 becomes 10.244.0.0 (the primary address of flannel.1)',
      'node-1 neighbor: 10.244.1.0 lladdr 0e:44:00:00:00:02 dev flannel.1',
      'node-1 fdb: 0e:44:00:00:00:02 dev flannel.1 dst 10.0.0.12',
      'node-1 encap: vxlan (flannel.1) to node-2 at 10.0.0.12',
      "node-2 decap: node-2's flannel.1 takes the inner packet",
      'node-2 route: 10.244.1.5 matches 10.244.1.0/24 dev cni0',
      'node-2 bridge: cni0 to the pod\'s veth',
      'node-2 deliver: 10.244.1.5 on cni0 (no pod list shows which pod)',
    ]]]);
  });

  it('a DNAT only in nat PREROUTING does not (the kernel sent 10.96.0.50 to the default gateway: timeout)', () => {
    expect(summary({ from: 'node-1', to: '10.96.0.50:80' })).toEqual([['insufficient-information', 'node-1', null, [
      'node-1 route: 10.96.0.50 matches 0.0.0.0/0 via 10.0.0.1 dev eth0',
      'node-1 route: 10.96.0.50 leaves node-1 via eth0 towards 10.0.0.1: beyond what the outputs show',
    ]]]);
  });

  it("kube-proxy's jump to KUBE-SERVICES is cited from nat OUTPUT for a packet the node sends", () => {
    const text = `[root@node-a ~]# iptables-save\n${KUBE_AFFINITY}`;
    const model = buildModel(ingest(text));
    const first = (query: TraceQuery) => trace(model, query).branches.map((b) => b.hops[0]?.detail);
    expect(first({ from: 'node-a', to: '10.96.40.10:80' })).toEqual(Array(3).fill('nat OUTPUT rule 1 → KUBE-SERVICES'));
  });
});

describe('trace: filter FORWARD as the kernel walks it', () => {
  const S1 = buildModel(ingest(LAB_S1));
  const S6 = buildModel(ingest(LAB_S6));
  // node-1 sends to the pod on node-2 from its flannel.1 address; node-2's FORWARD decides
  const atNode2 = (port: number) => trace(S1, { from: 'node-1', to: `10.244.1.5:${port}`, source: '10.244.0.0' }).branches
    .map((b) => [b.disposition, b.at, b.hops.find((h) => h.step === 'filter')?.detail, b.hops.find((h) => h.step === 'filter')?.evidence.map((e) => e.text)]);

  it('decides -s with --source (the kernel dropped 1005 by "-s 10.244.0.0/24 … -j DROP" and let 1006 through)', () => {
    expect(atNode2(1005)).toEqual([['denied', 'node-2', 'filter FORWARD rule 11 drops', ['-A FORWARD -s 10.244.0.0/24 -p tcp -m tcp --dport 1005 -j DROP']]]);
    expect(atNode2(1006)).toEqual([['delivered', 'node-2', 'filter FORWARD rule 14 accepts', ['-A FORWARD -p tcp -m tcp --dport 1006 -j ACCEPT']]]);
  });

  it('evaluates multiport (the kernel dropped 1009 and 1010 by "--dports 1009:1010,1020 -j DROP")', () => {
    for (const port of [1009, 1010]) {
      expect(atNode2(port)).toEqual([['denied', 'node-2', 'filter FORWARD rule 19 drops', ['-A FORWARD -p tcp -m multiport --dports 1009:1010,1020 -j DROP']]]);
    }
  });

  it('a rule it cannot evaluate that may accept leaves the verdict open (the kernel accepted 1016 by --tcp-flags, 1021 by -m iprange)', () => {
    expect(atNode2(1016)).toEqual([['insufficient-information', 'node-2',
      'no rule of filter FORWARD decides: policy DROP, unless a rule netsift cannot decide for this packet matches: FORWARD rule 28 (accepts): not known', [':FORWARD DROP [6:360]']]]);
    expect(atNode2(1021)).toEqual([['insufficient-information', 'node-2',
      'no rule of filter FORWARD decides: policy DROP, unless a rule netsift cannot decide for this packet matches: FORWARD rule 33 (accepts): not known', [':FORWARD DROP [6:360]']]]);
    // a port neither may match: the policy decides, and rules of another port are not listed
    expect(atNode2(1022)).toEqual([['delivered', 'node-2', 'filter FORWARD rule 34 accepts', ['-A FORWARD -o cni0 -p tcp -m tcp ! --dport 1000:1021 -j ACCEPT']]]);
  });

  it('a connection DNATed on the node has ctstate DNAT (the kernel accepted 3001 by "--ctstate DNAT"); --ctorigdstport is not evaluated', () => {
    const at = (port: number) => trace(S6, { to: `10.0.0.11:${port}`, source: '10.0.0.1' }).branches
      .map((b) => [b.disposition, b.at, b.endpoint, b.hops.find((h) => h.step === 'filter')?.detail]);
    expect(at(3001)).toEqual([['delivered', 'node-2', '10.244.1.5:81', 'filter FORWARD rule 2 accepts']]);
    expect(at(3002)).toEqual([['delivered', 'node-2', '10.244.1.5:82', 'filter FORWARD rule 3 accepts']]);
    expect(at(3003)).toEqual([['insufficient-information', 'node-1', '10.244.1.5:83',
      'no rule of filter FORWARD decides: policy DROP, unless a rule netsift cannot decide for this packet matches: FORWARD rule 4 (accepts): not known']]);
  });
});

describe('trace: nat targets and ranges', () => {
  const ext = (port: number) => trace(S2, { to: `10.0.0.11:${port}`, source: '10.0.0.1' }).branches
    .map((b) => [(b.probability * 100).toFixed(0), b.disposition, b.at, b.endpoint, b.hops.filter((h) => h.host === 'node-1' && h.step !== 'route').map((h) => h.detail)]);
  const SERVICES = 'nat PREROUTING rule 1 → KUBE-SERVICES';

  it('a DNAT port range keeps the original port inside it, else gives its first (the kernel connected 3002 to :8000, 8005 to :8005)', () => {
    expect(ext(3002).map((b) => b.slice(0, 4))).toEqual([['100', 'delivered', 'node-2', '10.244.1.5:8000']]);
    expect(ext(8005).map((b) => b.slice(0, 4))).toEqual([['100', 'delivered', 'node-2', '10.244.1.5:8005']]);
  });

  it('a DNAT address range is a branch an address (the kernel picks one by a hash)', () => {
    expect(ext(3003).map((b) => b.slice(0, 4))).toEqual([
      ['50', 'delivered', 'node-2', '10.244.1.5:80'],
      // filter FORWARD drops what goes to 10.244.1.6 without kube-proxy's mark
      ['50', 'denied', 'node-1', '10.244.1.6:80'],
    ]);
  });

  it('a nat rule with -i is decided by the device the packet arrives on (the kernel DNATed 3008 arriving on eth0)', () => {
    expect(ext(3008)).toEqual([['100', 'delivered', 'node-2', '10.244.1.5:80', [
      SERVICES, 'nat KUBE-SERVICES rule 12 → DNAT 10.244.1.5:80', 'no rule of filter FORWARD decides: policy ACCEPT',
      // the pod logged 10.0.0.1's connections from 10.244.0.0 (listen-node-2_web.log)
      'nat POSTROUTING rule 2 → MASQUERADE: the source 10.0.0.1 becomes 10.244.0.0 (the primary address of flannel.1)',
      '10.244.1.0 lladdr 0e:44:00:00:00:02 dev flannel.1', '0e:44:00:00:00:02 dev flannel.1 dst 10.0.0.12', 'vxlan (flannel.1) to node-2 at 10.0.0.12',
    ]]]);
  });

  it("a nat rule with -i never matches a packet the node sends itself (DOCKER's -i docker0 RETURN, jumped to from OUTPUT)", () => {
    const text = `[root@node-1 ~]# iptables-save\n*nat\n:PREROUTING ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:KUBE-SERVICES - [0:0]\n-A PREROUTING -j KUBE-SERVICES\n-A OUTPUT -j KUBE-SERVICES\n`
      + '-A KUBE-SERVICES -i docker0 -j RETURN\n-A KUBE-SERVICES -d 10.96.0.7/32 -p tcp -m tcp --dport 80 -j DNAT --to-destination 10.244.1.5:80\nCOMMIT\n';
    const model = buildModel(ingest(text));
    const local = trace(model, { from: 'node-1', to: '10.96.0.7:80' });
    expect(local.branches[0]?.hops.map((h) => h.detail).slice(0, 2)).toEqual(['nat OUTPUT rule 1 → KUBE-SERVICES', 'nat KUBE-SERVICES rule 2 → DNAT 10.244.1.5:80']);
  });

  it('REDIRECT ends the nat walk: delivered on the node at --to-ports (the kernel connected 3010 to node-1:9999, not to the DNAT after it)', () => {
    expect(ext(3010)).toEqual([['100', 'delivered', 'node-1', '10.0.0.11:9999', [
      SERVICES, 'nat KUBE-SERVICES rule 13 → REDIRECT', 'redirected to node-1 itself: delivered at 10.0.0.11:9999',
    ]]]);
  });

  it('a nat target it does not model (NETMAP) ends the walk undecided', () => {
    const text = `[root@node-1 ~]# iptables-save\n*nat\n:PREROUTING ACCEPT [0:0]\n:KUBE-SERVICES - [0:0]\n-A PREROUTING -j KUBE-SERVICES\n`
      + '-A KUBE-SERVICES -d 10.96.0.0/24 -j NETMAP --to 10.244.1.0/24\n-A KUBE-SERVICES -d 10.96.0.7/32 -p tcp -m tcp --dport 80 -j DNAT --to-destination 10.244.1.5:80\nCOMMIT\n';
    const result = trace(buildModel(ingest(text)), { from: 'node-1', to: '10.96.0.7:80' });
    expect(result.branches.map((b) => [b.disposition, b.endpoint, b.hops.at(-1)?.detail])).toEqual([
      ['insufficient-information', null, 'the nat rules could not be followed: target NETMAP not evaluated'],
    ]);
  });
});

describe('trace: delivered on the node itself', () => {
  it('local routes deliver on the node (the kernel answered 127.0.0.5 and 10.99.0.7 from node-1 itself)', () => {
    // what node-1 sends itself comes in on lo: INPUT's "-i lo -j ACCEPT", which comes before local delivery
    expect(summary({ from: 'node-1', to: '127.0.0.5:9999' })).toEqual([['delivered', 'node-1', null, ['node-1 filter: filter INPUT rule 2 accepts', 'node-1 deliver: 127.0.0.5 is local on node-1 (local 127.0.0.0/8 dev lo)']]]);
    expect(summary({ from: 'node-1', to: '10.99.0.7:9999' })).toEqual([['delivered', 'node-1', null, ['node-1 filter: filter INPUT rule 2 accepts', 'node-1 deliver: 10.99.0.7 is local on node-1 (local 10.99.0.0/24 dev lo)']]]);
  });

  it("a node's own address is delivered there, not routed out (the seed: host188's 192.168.86.188)", () => {
    const seed = buildModel(ingest(readFileSync(join(__dirname, '../../../corpus/incidents/seed/000_8ab8108d44c964dc.txt'), 'utf8')));
    expect(trace(seed, { to: '192.168.86.188:22' }).branches.map((b) => [b.disposition, b.at, b.hops.map((h) => h.detail)])).toEqual([['delivered', 'host188', [
      '192.168.86.188 is an address of host188: the packet arrives there', '192.168.86.188 is local on host188 (an address of the node)',
    ]]]);
  });
});

describe('trace: ip rules with from, decided by the source the kernel picks', () => {
  const S3 = buildModel(ingest(LAB_S3));
  const ends = (model: typeof S3, query: TraceQuery) => trace(model, query).branches
    .map((b) => [b.disposition, b.at, b.hops.filter((h) => h.step === 'route').map((h) => `${h.host}: ${h.detail}`), b.hops.at(-1)?.evidence.map((e) => e.text.trim())]);

  it("a packet node-1 sends goes from flannel.1's address: node-2's \"from 10.244.0.0/24 to 10.244.1.39 unreachable\" takes it (the kernel: ENETUNREACH)", () => {
    expect(ends(S3, { from: 'node-1', to: '10.244.1.39:80' })).toEqual([['unreachable', 'node-2', [
      'node-1: node-1 sends from 10.244.0.0 (the primary address of flannel.1): its ip rules with from are decided by it',
      'node-1: 10.244.1.39 matches 10.244.1.0/24 via 10.244.1.0 dev flannel.1',
      'node-2: 10.244.1.39 meets ip rule 110 (unreachable): ICMP unreachable',
    ], ['110:\tfrom 10.244.0.0/24 to 10.244.1.39 unreachable']]]);
  });

  it('node-1\'s own "from 10.0.0.11 to 10.244.1.28 blackhole" does not take what it sends from 10.244.0.0 (the kernel connected; bound to 10.0.0.11: EINVAL)', () => {
    expect(ends(S3, { from: 'node-1', to: '10.244.1.28:80' })[0]?.slice(0, 2)).toEqual(['delivered', 'node-2']);
    expect(ends(S3, { from: 'node-1', to: '10.244.1.28:80', source: '10.0.0.11' })).toEqual([['null-routed', 'node-1', [
      'node-1: 10.244.1.28 meets ip rule 240 (blackhole): dropped',
    ], ['240:\tfrom 10.0.0.11 to 10.244.1.28 blackhole']]]);
  });

  it('a from rule whose source is not known is said, and ends what is known where it would change the route', () => {
    // the lab's capture without node-1's ip addr: the address node-1 sends from is not shown
    const withoutAddresses = LAB_S3.replace(/\[root@node-1 ~\]# ip addr\n[\s\S]*?(?=\[root@node-1 ~\]# ip route)/, '');
    expect(ends(buildModel(ingest(withoutAddresses)), { from: 'node-1', to: '10.244.1.39:80' })).toEqual([['insufficient-information', 'node-2', [
      'node-1: 10.244.1.39 matches 10.244.1.0/24 via 10.244.1.0 dev flannel.1',
      'node-2: ip rule 110 (from 10.244.0.0/24) not decided: the source is not known; were it to match, 10.244.1.39 meets its unreachable',
    ], ['110:\tfrom 10.244.0.0/24 to 10.244.1.39 unreachable']]]);
    // node-1's own rule 240 would blackhole .28 were it sent from 10.0.0.11
    const five = trace(buildModel(ingest(withoutAddresses)), { from: 'node-1', to: '10.244.1.28:80' }).branches;
    expect(five.map((b) => [b.disposition, b.hops[0]?.detail])).toEqual([['insufficient-information',
      'ip rule 240 (from 10.0.0.11/32) not decided: the source is not known; were it to match, 10.244.1.28 meets its blackhole']]);
  });
});

describe('trace: marks the mangle table sets', () => {
  const S1 = buildModel(ingest(LAB_S1));
  const S3 = buildModel(ingest(LAB_S3));
  const ends = (model: typeof S1, query: TraceQuery) => trace(model, query).branches
    .map((b) => [b.disposition, b.at, b.hops.filter((h) => h.step === 'filter' || h.step === 'route').map((h) => `${h.host}: ${h.detail} [${h.evidence.map((e) => e.text.trim()).join(' | ')}]`)]);

  it("node-2's mangle PREROUTING marks port 1012 with 0x10, and FORWARD's \"-m mark --mark 0x10 -j DROP\" drops it (the kernel dropped it)", () => {
    expect(ends(S1, { from: 'node-1', to: '10.244.1.5:1012', source: '10.244.0.0' })).toEqual([['denied', 'node-2', [
      'node-1: 10.244.1.5 matches 10.244.1.0/24 via 10.244.1.0 dev flannel.1 [10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink]',
      'node-2: mangle PREROUTING rule 1 → MARK: the mark is 0x10 [-A PREROUTING -p tcp -m tcp --dport 1012 -j MARK --set-xmark 0x10/0xffffffff]',
      'node-2: filter FORWARD rule 23 drops [-A FORWARD -m mark --mark 0x10 -j DROP]',
    ]]]);
    // another port is not marked, and FORWARD accepts it as before
    expect(ends(S1, { from: 'node-1', to: '10.244.1.5:1006', source: '10.244.0.0' })[0]?.slice(0, 2)).toEqual(['delivered', 'node-2']);
  });

  it('node-1\'s mangle OUTPUT marks 10.244.1.32 with 0x7, and "fwmark 0x7 blackhole" takes it (the kernel: timeout)', () => {
    expect(ends(S3, { from: 'node-1', to: '10.244.1.32:80' })).toEqual([['null-routed', 'node-1', [
      // the socket's source is chosen when it connects, before the packet meets mangle OUTPUT (ip_route_connect)
      'node-1: node-1 sends from 10.244.0.0 (the primary address of flannel.1): its ip rules with from are decided by it [inet 10.244.0.0/32 scope global flannel.1\n       valid_lft forever preferred_lft forever]',
      'node-1: mangle OUTPUT rule 1 → MARK: the mark is 0x7 [-A OUTPUT -d 10.244.1.32/32 -j MARK --set-xmark 0x7/0xffffffff]',
      'node-1: 10.244.1.32 meets ip rule 280 (blackhole): dropped [280:\tfrom all fwmark 0x7 blackhole]',
    ]]]);
  });

  it('a MARK rule that may match leaves the mark not known: the fwmark rule is not decided', () => {
    // the lab's capture with an ipset match on the MARK rule, of a set no ipset listing shows
    const text = LAB_S3.replace('-A OUTPUT -d 10.244.1.32/32 -j MARK', '-A OUTPUT -d 10.244.1.32/32 -m set --match-set marked dst -j MARK');
    expect(ends(buildModel(ingest(text)), { from: 'node-1', to: '10.244.1.32:80' })).toEqual([['insufficient-information', 'node-1', [
      'node-1: node-1 sends from 10.244.0.0 (the primary address of flannel.1): its ip rules with from are decided by it [inet 10.244.0.0/32 scope global flannel.1\n       valid_lft forever preferred_lft forever]',
      'node-1: mangle OUTPUT rule 1 → MARK may match (a match netsift cannot decide for this packet): the mark is not known [-A OUTPUT -d 10.244.1.32/32 -m set --match-set marked dst -j MARK --set-xmark 0x7/0xffffffff]',
      'node-1: ip rule 280 (fwmark 0x7) not decided: the mark is not known; were it to match, 10.244.1.32 meets its blackhole [280:\tfrom all fwmark 0x7 blackhole]',
    ]]]);
    // another destination: the rule does not match, the mark stays 0
    expect(ends(buildModel(ingest(text)), { from: 'node-1', to: '10.244.1.5:80' })[0]?.slice(0, 2)).toEqual(['delivered', 'node-2']);
  });
});

describe('trace: filter INPUT for what is delivered to the node', () => {
  const S4 = buildModel(ingest(LAB_S4));
  const filters = (model: typeof S4, query: TraceQuery) => trace(model, query).branches
    .map((b) => [b.disposition, b.at, b.hops.filter((h) => h.step === 'filter').map((h) => `${h.host}: ${h.detail} [${h.evidence.map((e) => e.text.trim()).join(' | ')}]`)]);

  it('INPUT decides before the packet is delivered: a drop ends it with no deliver hop, an accept comes before it', () => {
    expect(summary({ to: '10.0.0.11:22', source: '10.0.0.1' })).toEqual([['denied', 'node-1', null, [
      'node-1 route: 10.0.0.11 is an address of node-1: the packet arrives there',
      'node-1 nat: nat PREROUTING rule 1 → KUBE-SERVICES',
      'node-1 filter: no rule of filter INPUT decides: policy DROP',
    ]]]);
    expect(summary({ to: '10.0.0.11:2222', source: '10.0.0.1' })[0]?.[3]).toEqual([
      'node-1 route: 10.0.0.11 is an address of node-1: the packet arrives there',
      'node-1 nat: nat PREROUTING rule 1 → KUBE-SERVICES',
      'node-1 filter: filter INPUT rule 4 accepts',
      'node-1 deliver: 10.0.0.11 is local on node-1 (eth0)',
    ]);
  });

  it("node-1's INPUT policy DROP takes ssh from outside (the kernel dropped it); its rules accept 2222, and lo", () => {
    expect(filters(S2, { to: '10.0.0.11:22', source: '10.0.0.1' })).toEqual([['denied', 'node-1', ['node-1: no rule of filter INPUT decides: policy DROP [:INPUT DROP [4:240]]']]]);
    expect(filters(S2, { to: '10.0.0.11:2222', source: '10.0.0.1' })).toEqual([['delivered', 'node-1', ['node-1: filter INPUT rule 4 accepts [-A INPUT -p tcp -m tcp --dport 2222 -j ACCEPT]']]]);
    expect(filters(S2, { from: 'node-1', to: '10.0.0.11:22' })).toEqual([['delivered', 'node-1', ['node-1: filter INPUT rule 2 accepts [-A INPUT -i lo -j ACCEPT]']]]);
  });

  it("the vxlan frame is UDP to port 8472 at the peer's underlay address: node-2's INPUT policy DROP takes it (the kernel: timeout)", () => {
    expect(filters(S4, { from: 'node-1', to: '10.244.1.5:80' })).toEqual([['denied', 'node-2', [
      'node-2: the vxlan frame (UDP 10.0.0.11 → 10.0.0.12:8472): no rule of filter INPUT decides: policy DROP [:INPUT DROP [2:220]]',
    ]]]);
    // INPUT takes the UDP frame before the vxlan device decaps it: no decap hop
    expect(trace(S4, { from: 'node-1', to: '10.244.1.5:80' }).branches[0]?.hops.slice(-2).map((h) => `${h.host} ${h.step}`)).toEqual(['node-1 encap', 'node-2 filter']);
    // node-3 shows no INPUT rules: the frame goes on and the pod is reached
    expect(filters(S4, { from: 'node-1', to: '10.244.2.5:80' })[0]?.slice(0, 2)).toEqual(['delivered', 'node-3']);
  });

  it("node-1's own packets meet its filter OUTPUT: 81 dropped, 82 rejected, 80 passes (the kernel: timeout, ECONNREFUSED, connected)", () => {
    expect(filters(S4, { from: 'node-1', to: '10.244.2.5:81' })).toEqual([['denied', 'node-1', ['node-1: filter OUTPUT rule 1 drops [-A OUTPUT -d 10.244.2.5/32 -p tcp -m tcp --dport 81 -j DROP]']]]);
    expect(filters(S4, { from: 'node-1', to: '10.244.2.5:82' })).toEqual([['rejected', 'node-1', [
      'node-1: filter OUTPUT rule 2 rejects [-A OUTPUT -d 10.244.2.5/32 -p tcp -m tcp --dport 82 -j REJECT --reject-with icmp-port-unreachable]',
    ]]]);
    expect(filters(S4, { from: 'node-1', to: '10.244.2.5:80' })).toEqual([['delivered', 'node-3', []]]);
  });
});

describe("trace: a NodePort on another node meets that node's nat (s7)", () => {
  const S7 = buildModel(ingest(LAB_S7));
  const ends = (query: TraceQuery) => trace(S7, query).branches.map((b) => [b.disposition, b.at, b.endpoint]);
  const nat = (query: TraceQuery) => trace(S7, query).branches[0]?.hops.filter((h) => h.step === 'nat' || h.detail.includes('whose address')).map((h) => `${h.host}: ${h.detail}`);

  it("node-1 → node-2's NodePort 30081: node-1's OUTPUT does not match (not a local address), node-2's PREROUTING DNATs to its own pod (the kernel connected)", () => {
    expect(ends({ from: 'node-1', to: '10.0.0.12:30081' })).toEqual([['delivered', 'node-2', '10.244.1.5:80']]);
    expect(nat({ from: 'node-1', to: '10.0.0.12:30081' })).toEqual([
      'node-1: nat OUTPUT rule 1 → KUBE-SERVICES',
      'node-1: 10.0.0.12 leaves node-1 via eth0 to node-2, whose address it is',
      'node-2: nat PREROUTING rule 1 → KUBE-SERVICES',
      'node-2: nat KUBE-SERVICES rule 5 → KUBE-NODEPORTS',
      'node-2: nat KUBE-NODEPORTS rule 1 → KUBE-EXT-A',
      'node-2: nat KUBE-EXT-A rule 1 → KUBE-MARK-MASQ',
      'node-2: nat KUBE-MARK-MASQ rule 1 → MARK',
      'node-2: nat KUBE-EXT-A rule 2 → KUBE-SVC-A',
      'node-2: nat KUBE-SVC-A rule 2 → KUBE-SEP-A1',
      'node-2: nat KUBE-SEP-A1 rule 2 → DNAT 10.244.1.5:80',
      // KUBE-MARK-MASQ's 0x4000: KUBE-POSTROUTING masquerades to cni0's address as it leaves for the pod
      'node-2: nat POSTROUTING rule 1 → KUBE-POSTROUTING rule 3 → MASQUERADE: the source 10.0.0.11 becomes 10.244.1.1 (cni0\'s address in 10.244.1.5\'s subnet)',
    ]);
  });

  it("node-2 DNATs to a pod on node-3, and to one back on node-1, over the overlay (the kernel connected both; node-3 answered 10.0.0.13's 30081 the same way)", () => {
    expect(ends({ from: 'node-1', to: '10.0.0.12:30082' })).toEqual([['delivered', 'node-3', '10.244.2.5:80']]);
    expect(ends({ from: 'node-1', to: '10.0.0.12:30083' })).toEqual([['delivered', 'node-1', '10.244.0.5:80']]);
    expect(ends({ from: 'node-1', to: '10.0.0.13:30081' })).toEqual([['delivered', 'node-2', '10.244.1.5:80']]);
    expect(ends({ from: 'node-2', to: '10.0.0.11:30085' })).toEqual([['delivered', 'node-1', '10.244.0.6:80']]);
  });

  it("a NodePort answers on node-2's cni0 address reached over the overlay too: node-2's nat DNATs it back to node-1's pod (the kernel connected)", () => {
    expect(ends({ from: 'node-1', to: '10.244.1.1:30083' })).toEqual([['delivered', 'node-1', '10.244.0.5:80']]);
    expect(nat({ from: 'node-1', to: '10.244.1.1:30083' })?.filter((hop) => hop.startsWith('node-2')).slice(-2)).toEqual([
      'node-2: nat KUBE-SEP-C1 rule 2 → DNAT 10.244.0.5:80',
      'node-2: nat POSTROUTING rule 1 → KUBE-POSTROUTING rule 3 → MASQUERADE: the source 10.244.0.0 becomes 10.244.1.0 (the primary address of flannel.1)',
    ]);
  });

  it("a NodePort without endpoints is rejected by the node that owns the address (the kernel: ECONNREFUSED)", () => {
    expect(ends({ from: 'node-1', to: '10.0.0.12:30084' })).toEqual([['rejected', 'node-2', null]]);
  });

  it("node-3 lacks the route to node-1's pod subnet: its DNAT to 10.244.0.6 goes out of the overlay (the kernel: timeout)", () => {
    const result = trace(S7, { from: 'node-2', to: '10.0.0.13:30085' }).branches;
    expect(result.map((b) => [b.disposition, b.at, b.endpoint, b.hops.at(-1)?.detail])).toEqual([['no-route', 'node-3', '10.244.0.6:80',
      "no route to node-1's pod subnet 10.244.0.0/24: only the default route 0.0.0.0/0 via 10.0.0.1 dev eth0, which sends 10.244.0.6 out of the overlay"]]);
  });

  it('from outside, the node that owns the address DNATs as before (the kernel connected 10.0.0.1 → 10.0.0.12:30082)', () => {
    expect(ends({ to: '10.0.0.12:30082', source: '10.0.0.1' })).toEqual([['delivered', 'node-3', '10.244.2.5:80']]);
  });
});

describe('trace: ip rules by protocol and port (s8)', () => {
  const S8 = buildModel(ingest(LAB_S8));
  const ends = (query: TraceQuery, model = S8) => trace(model, query).branches.map((b) => [b.disposition, b.at, b.hops.filter((h) => h.step === 'route').at(-1)?.detail]);

  it('node-1\'s "ipproto tcp dport 8080 blackhole" takes tcp 8080 (the kernel: EINVAL), not udp 8080 (sent)', () => {
    expect(ends({ from: 'node-1', to: '10.244.1.5:8080' })).toEqual([['null-routed', 'node-1', '10.244.1.5 meets ip rule 100 (blackhole): dropped']]);
    expect(ends({ from: 'node-1', to: '10.244.1.5:8080', proto: 'udp' })).toEqual([['delivered', 'node-2', '10.244.1.5 matches 10.244.1.0/24 dev cni0']]);
  });

  it('"ipproto udp dport 53 unreachable" takes udp 53 (the kernel: ENETUNREACH), not tcp 53 (connected)', () => {
    expect(ends({ from: 'node-1', to: '10.244.1.5:53', proto: 'udp' })).toEqual([['unreachable', 'node-1', '10.244.1.5 meets ip rule 110 (unreachable): ICMP unreachable']]);
    expect(ends({ from: 'node-1', to: '10.244.1.5:53' })).toEqual([['delivered', 'node-2', '10.244.1.5 matches 10.244.1.0/24 dev cni0']]);
  });

  it('"ipproto 6 dport 9000-9100 lookup 100" (printed "ipproto tcp") finds table 100\'s prohibit (the kernel: EACCES)', () => {
    expect(ends({ from: 'node-1', to: '10.244.1.5:9050' })).toEqual([['unreachable', 'node-1', '10.244.1.5 matches prohibit 10.244.1.0/24 (table 100, by ip rule 120): ICMP prohibit']]);
  });

  it('without "ip route show table 100" the same rule matches a table no output shows: not known, not the main table\'s route', () => {
    const withoutTable = buildModel(ingest(LAB_S8.replace(/\[root@node-1 ~\]# ip route show table 100\n[^[]*/, '')));
    expect(ends({ from: 'node-1', to: '10.244.1.5:9050' }, withoutTable)).toEqual([['insufficient-information', 'node-1',
      'ip rule 120 matches and looks up table 100, which no output shows: where 10.244.1.5 goes from here is not known']]);
    // a port outside the rule's range does not meet it
    expect(ends({ from: 'node-1', to: '10.244.1.5:53' }, withoutTable)[0]?.slice(0, 2)).toEqual(['delivered', 'node-2']);
  });

  it('node-2\'s "iif flannel.1 ipproto tcp dport 80 blackhole" takes what it forwards to its pod (the kernel: timeout)', () => {
    expect(ends({ from: 'node-1', to: '10.244.1.5:80' })).toEqual([['null-routed', 'node-2', '10.244.1.5 meets ip rule 100 (blackhole): dropped']]);
  });

  it('a trace without a port leaves the dport rules not decided, each said', () => {
    const hops = trace(S8, { from: 'node-1', to: '10.244.1.5' }).branches.map((b) => [b.disposition, b.hops.map((h) => h.detail)]);
    expect(hops).toEqual([['insufficient-information', [
      'ip rule 100 (dport 8080) not decided: the port is not known; were it to match, 10.244.1.5 meets its blackhole',
      'ip rule 120 (dport 9000-9100) not decided: the port is not known; were it to match, 10.244.1.5 matches prohibit 10.244.1.0/24 (table 100)',
    ]]]);
  });
});

describe('trace: the vxlan frame with a wrong inner MAC or outer address (s9)', () => {
  const S9 = buildModel(ingest(LAB_S9));
  const hops = (query: TraceQuery) => trace(S9, query).branches.map((b) => [b.disposition, b.at, b.hops.map((h) => `${h.host} ${h.step}: ${h.detail}`)]);

  it("node-1's neighbour entry holds node-2's old MAC: node-2 drops the frame (the kernel: no datagram at the pod, 3 otherhost drops on node-2's flannel.1, tcp timeout)", () => {
    const dropped = ['unreachable', 'node-2', [
      'node-1 route: 10.244.1.5 matches 10.244.1.0/24 via 10.244.1.0 dev flannel.1',
      'node-1 neighbor: 10.244.1.0 lladdr 0e:44:00:00:00:22 dev flannel.1',
      'node-1 fdb: 0e:44:00:00:00:22 dev flannel.1 dst 10.0.0.12',
      'node-1 encap: vxlan (flannel.1) to node-2 at 10.0.0.12',
      "node-2 decap: the inner frame is for 0e:44:00:00:00:22, node-2's flannel.1 has MAC 0e:44:00:00:00:02: not addressed to it, dropped on arrival",
    ]];
    expect(hops({ from: 'node-1', to: '10.244.1.5:80', proto: 'udp' })).toEqual([dropped]);
    expect(hops({ from: 'node-1', to: '10.244.1.5:81' })).toEqual([dropped]);
  });

  it("node-3's FDB entry sends node-2's VTEP to 10.0.0.112: its ARP fails and the frame is not sent (the kernel: no datagram, tcp timeout; 10.0.0.112 FAILED)", () => {
    const lost = ['neighbor-unreachable', 'node-3', [
      'node-3 route: 10.244.1.5 matches 10.244.1.0/24 via 10.244.1.0 dev flannel.1',
      'node-3 neighbor: 10.244.1.0 lladdr 0e:44:00:00:00:02 dev flannel.1',
      'node-3 fdb: 0e:44:00:00:00:02 dev flannel.1 dst 10.0.0.112',
      "node-3 encap: vxlan (flannel.1) to 10.0.0.112, which no node shows as its address (0e:44:00:00:00:02 is node-2's VTEP MAC; node-2 is at 10.0.0.12): not to node-2",
      'node-3 neighbor: 10.0.0.112 on eth0 does not answer ARP (FAILED): the vxlan frame is not sent',
    ]];
    expect(hops({ from: 'node-3', to: '10.244.1.5:82', proto: 'udp' })).toEqual([lost]);
    expect(hops({ from: 'node-3', to: '10.244.1.5:83' })).toEqual([lost]);
  });

  it("node-2's own entries are right: its datagrams reach node-1's and node-3's pods, and node-1 reaches node-3's (the kernel: received, connected)", () => {
    const ends = (query: TraceQuery) => trace(S9, query).branches.map((b) => [b.disposition, b.at]);
    expect(ends({ from: 'node-2', to: '10.244.0.5:80', proto: 'udp' })).toEqual([['delivered', 'node-1']]);
    expect(ends({ from: 'node-2', to: '10.244.2.5:80', proto: 'udp' })).toEqual([['delivered', 'node-3']]);
    expect(ends({ from: 'node-1', to: '10.244.2.5:84' })).toEqual([['delivered', 'node-3']]);
  });
});

describe("trace: the reply's way back (s10; and every probe the labs both sent and traced)", () => {
  const S10 = buildModel(ingest(LAB_S10));
  const models = new Map([['s2', S2], ['s4', buildModel(ingest(LAB_S4))], ['s7', buildModel(ingest(LAB_S7))], ['s8', buildModel(ingest(LAB_S8))], ['s9', buildModel(ingest(LAB_S9))], ['s10', S10], ['s11', buildModel(ingest(LAB_S11))],
    ['s12', buildModel(ingest(LAB_S12))], ['s13', buildModel(ingest(LAB_S13))], ['s14', buildModel(ingest(LAB_S14))], ['s15', buildModel(ingest(LAB_S15))]]);
  const probes = [...models.keys()].flatMap((scenario) => labProbes(scenario));
  const reply = (query: TraceQuery) => trace(S10, query).branches.map((b) => [b.disposition, b.at, b.reply?.disposition ?? null, b.reply?.at ?? null]);
  const replyHops = (query: TraceQuery) => trace(S10, query).branches[0]?.reply?.hops.map((h) => `${h.host} ${h.step}: ${h.detail}`);

  it('a TCP connection the kernel made has its request and its reply delivered; one the kernel did not make lacks one of them (58 probes)', () => {
    const tcp = probes.filter((p) => p.query.proto !== 'udp');
    expect(tcp.length).toBe(58);
    const works = (p: (typeof tcp)[number]) => {
      const branches = trace(models.get(p.scenario)!, p.query).branches;
      return branches.length > 0 && branches.every((b) => b.disposition === 'delivered' && b.reply?.disposition === 'delivered');
    };
    // every disagreement, with the kernel's outcome: one, where the kernel's answer was a matter of chance:
    // MASQUERADE --random-fully gives the request a port anywhere in 1024-65535, and node-4 drops replies
    // to 20000-25000 (about 8% of them; the kernel connected 6 times of 6)
    expect(tcp.filter((p) => works(p) !== p.kernel.startsWith('connected')).map((p) => `${p.scenario} ${p.label}: ${p.kernel}`)).toEqual(['s12 A n1>n3:30083 rf #1: connected 10.0.0.11']);
  });

  it('the source a delivered packet carries is the one its listener logged (SNAT and MASQUERADE on the way: s2, s4, s7, s10)', () => {
    const logged = (scenario: string) => new Set(readdirSync(join(__dirname, '../../../corpus/kernel-trace', scenario)).filter((f) => f.startsWith('listen-'))
      .flatMap((f) => readFileSync(join(__dirname, '../../../corpus/kernel-trace', scenario, f), 'utf8').split('\n'))
      .map((line) => /^tcp \d+ from \('([\d.]+)', \d+\) local \('([\d.]+)', (\d+)\)/.exec(line)).filter((m) => m !== null)
      .map((m) => `${m[1]} → ${m[2]}:${m[3]}`));
    const connected = probes.filter((p) => p.query.proto !== 'udp' && p.kernel.startsWith('connected') && ['s2', 's4', 's7', 's10', 's12', 's15'].includes(p.scenario));
    const seen = connected.map((p) => {
      const branch = trace(models.get(p.scenario)!, p.query).branches[0];
      return { probe: `${p.scenario} ${p.label}`, carried: `${branch?.source ?? '?'} → ${branch?.endpoint ?? p.query.to}`, logged: logged(p.scenario) };
    });
    expect(seen.filter((s) => !s.logged.has(s.carried)).map((s) => `${s.probe}: ${s.carried}`)).toEqual([]);
    // what the pods saw, spelt out for the NodePorts: masqueraded to the DNATing node's address towards the pod
    expect(seen.filter((s) => s.probe.startsWith('s7') || s.probe.startsWith('s10 ')).map((s) => s.carried)).toEqual([
      '10.244.1.1 → 10.244.1.5:80', '10.244.1.0 → 10.244.2.5:80', '10.244.1.0 → 10.244.0.5:80', '10.244.2.0 → 10.244.1.5:80', '10.244.0.1 → 10.244.0.6:80',
      '10.244.1.0 → 10.244.2.5:80', '10.244.1.0 → 10.244.0.5:80',
      '10.244.0.0 → 10.244.1.5:81', '10.244.2.0 → 10.244.1.5:82', '10.244.1.0 → 10.244.3.5:80', '10.244.2.0 → 10.244.3.5:80', '10.244.2.0 → 10.244.3.5:80',
    ]);
  });

  it("node-2's FORWARD (policy DROP, no ESTABLISHED rule) passes the request and decides the reply by --sport and by the client's port range (the kernel: timeout, connected, timeout, connected)", () => {
    expect(reply({ from: 'node-1', to: '10.244.1.5:80' })).toEqual([['delivered', 'node-2', 'denied', 'node-2']]);
    expect(replyHops({ from: 'node-1', to: '10.244.1.5:80' })).toEqual([
      'node-2 route: the reply: from 10.244.1.5:80 to 10.244.0.0 (the pod answers, in on cni0); its destination port is node-1\'s local port: in 20000-25000 (its net.ipv4.ip_local_port_range)',
      // node-1's client port is in 20000-25000: rule 3 drops before the policy would (the counters: 9 packets on rule 3, none on the policy)
      'node-2 filter: filter FORWARD rule 3 drops',
    ]);
    expect(reply({ from: 'node-1', to: '10.244.1.5:81' })).toEqual([['delivered', 'node-2', 'delivered', 'node-1']]);
    // node-1's ip_local_port_range is 20000-25000 (sysctl): its client port is in --dports 20000:25000
    expect(replyHops({ from: 'node-1', to: '10.244.1.5:82' })?.[1]).toBe('node-2 filter: filter FORWARD rule 3 drops');
    expect(trace(S10, { from: 'node-1', to: '10.244.1.5:82' }).branches[0]?.reply?.hops[1]?.evidence.map((e) => e.text.trim()))
      .toEqual(['-A FORWARD -s 10.244.1.0/24 -p tcp -m multiport --dports 20000:25000 -j DROP']);
    // node-3 shows no sysctl: the kernel's default 32768-60999 is not in it, and "--sport 82 -j ACCEPT" takes the reply
    expect(reply({ from: 'node-3', to: '10.244.1.5:82' })).toEqual([['delivered', 'node-2', 'delivered', 'node-3']]);
    expect(replyHops({ from: 'node-3', to: '10.244.1.5:82' })?.[1]).toBe('node-2 filter: filter FORWARD rule 4 accepts');
  });

  it("node-4 lacks the route to node-1's pod subnet: node-1's request arrives, the reply to its flannel.1 address leaves the overlay (the kernel: timeout; node-2's connected)", () => {
    expect(reply({ from: 'node-1', to: '10.244.3.5:80' })).toEqual([['delivered', 'node-4', 'no-route', 'node-4']]);
    expect(replyHops({ from: 'node-1', to: '10.244.3.5:80' })?.at(-1)).toBe("node-4 route: no route to node-1's pod subnet 10.244.0.0/24: only the default route 0.0.0.0/0 via 10.0.0.1 dev eth0, which sends 10.244.0.0 out of the overlay");
    expect(reply({ from: 'node-2', to: '10.244.3.5:80' })).toEqual([['delivered', 'node-4', 'delivered', 'node-2']]);
  });

  it('a NodePort DNAT without masquerade: the pod answers the client directly, not through node-3, and the client resets it (the kernel: timeout from node-1 and from outside)', () => {
    expect(reply({ from: 'node-1', to: '10.0.0.13:30082' })).toEqual([['delivered', 'node-4', 'lost', 'node-1']]);
    expect(replyHops({ from: 'node-1', to: '10.0.0.13:30082' })?.at(-1)).toBe(
      'node-1 route: the reply comes from 10.244.3.5:80, not from 10.0.0.13:30082, the address the client sent to: it does not pass node-3, whose nat translated the request (its conntrack entry would translate the reply back), so the client drops it (TCP answers with a reset)');
    expect(reply({ to: '10.0.0.13:30082', source: '10.0.0.1' })).toEqual([['delivered', 'node-4', 'lost', 'node-4']]);
  });

  it('with KUBE-MARK-MASQ the reply goes to node-3, which translates it back twice: to the client, and from the NodePort (the kernel connected both)', () => {
    expect(replyHops({ from: 'node-1', to: '10.0.0.13:30083' })).toEqual([
      'node-4 route: the reply: from 10.244.3.5:80 to 10.244.2.0 (the pod answers, in on cni0); its destination port is the port MASQUERADE --random-fully gave the request: any of 1024-65535',
      'node-4 route: 10.244.2.0 matches 10.244.2.0/24 via 10.244.2.0 dev flannel.1',
      'node-4 neighbor: 10.244.2.0 lladdr 0e:44:00:00:00:03 dev flannel.1',
      'node-4 fdb: 0e:44:00:00:00:03 dev flannel.1 dst 10.0.0.13',
      'node-4 encap: vxlan (flannel.1) to node-3 at 10.0.0.13',
      "node-3 decap: node-3's flannel.1 takes the inner packet",
      "node-3 nat: conntrack translates the reply back at node-3: to 10.0.0.11, the source before node-3's nat rewrote it",
      'node-3 route: 10.0.0.11 matches 10.0.0.0/24 dev eth0',
      'node-3 route: 10.0.0.11 leaves node-3 via eth0 to node-1, whose address it is',
      'node-3 nat: conntrack translates the reply back as it leaves node-3: from 10.244.3.5:80 to 10.0.0.13:30083, the address the client sent to',
      'node-1 deliver: 10.0.0.11 is local on node-1 (eth0)',
    ]);
    expect(reply({ to: '10.0.0.13:30083', source: '10.0.0.1' })).toEqual([['delivered', 'node-4', 'delivered', 'node-3']]);
    expect(replyHops({ to: '10.0.0.13:30083', source: '10.0.0.1' })?.at(-1)).toBe('node-3 route: 10.0.0.1 leaves node-3 via eth0: back out to the client');
  });

  it("a reply is not traced where the client's address is not known, and says why", () => {
    expect(trace(S10, { to: '10.0.0.13:30082' }).branches[0]?.reply).toEqual({ disposition: 'insufficient-information', at: 'node-4', hops: [
      { host: 'node-4', step: 'route', detail: "the reply is not traced: the client's address is not known (--source gives it)", evidence: [], inferred: false },
    ] });
    // node-3's nat rules shown without its POSTROUTING decided: an ipset match on a MASQUERADE rule
    const masked = buildModel(ingest(LAB_S10.replace('-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN', '-A KUBE-POSTROUTING -m set --match-set keep src -j RETURN')));
    expect(trace(masked, { from: 'node-1', to: '10.0.0.13:30083' }).branches[0]?.reply?.hops.map((h) => h.detail)).toEqual([
      "the reply is not traced: the client's address as node-4 sees it is not known: node-3 may rewrite the request's source (nat KUBE-POSTROUTING rule 1 may match (a match netsift cannot decide for this packet))",
    ]);
  });
});

describe("trace: the kernel checks an arriving packet's source before routing it (s11)", () => {
  const S11 = buildModel(ingest(LAB_S11));
  const last = (query: TraceQuery) => trace(S11, query).branches.map((b) => [b.disposition, b.at, b.hops.at(-1)?.detail, b.hops.at(-1)?.evidence.map((e) => e.text.trim())]);

  it("node-4's flannel.1 has rp_filter 1: what node-3 forwards from node-1's eth0 address is dropped, the route back leaving by eth0 (the kernel: timeout, 2 TcpExtIPReversePathFilter)", () => {
    expect(last({ from: 'node-1', to: '10.244.3.5:80' })).toEqual([['denied', 'node-4',
      "rp_filter = 1 (strict) on node-4's flannel.1: the route back to 10.0.0.11 is 10.0.0.0/24 dev eth0, not by flannel.1, so the kernel drops a packet from it arriving on flannel.1",
      ['net.ipv4.conf.all.rp_filter = 0', 'net.ipv4.conf.flannel/1.rp_filter = 1', '10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.14'],
    ]]);
    // node-3's own packets come from its flannel.1 address, routed back by flannel.1: passed (the kernel connected)
    expect(trace(S11, { from: 'node-3', to: '10.244.3.5:80' }).branches.map((b) => [b.disposition, b.reply?.disposition])).toEqual([['delivered', 'delivered']]);
  });

  it("node-2's flannel.1 has rp_filter 2: a route back by any device will do, and the pod answers node-1 directly (the kernel connected)", () => {
    expect(trace(S11, { from: 'node-1', to: '10.244.1.5:80' }).branches.map((b) => [b.disposition, b.at, b.reply?.disposition, b.reply?.at])).toEqual([['delivered', 'node-2', 'delivered', 'node-1']]);
  });

  it("node-2 holds node-3's VTEP address on a stray tunl0: what node-3 sends from it is a martian source there (the kernel: timeout), as the seed's host188 would see host189's", () => {
    expect(last({ from: 'node-3', to: '10.244.1.5:80' })).toEqual([['denied', 'node-2',
      "10.244.2.0 is node-2's own address (tunl0), so a packet from it arriving on flannel.1 is a martian source: the kernel drops it",
      ['inet 10.244.2.0/32 scope global tunl0\n       valid_lft forever preferred_lft forever'],
    ]]);
  });
});

describe("trace: a reply's ports, a node's socket source, nodes the request never passed, a bridged reply (s12-s15)", () => {
  const model = (text: string) => buildModel(ingest(text));
  const S12 = model(LAB_S12);
  const S13 = model(LAB_S13);
  const end = (m: ReturnType<typeof model>, query: TraceQuery) => trace(m, query).branches.map((b) => [b.disposition, b.at, b.source, b.reply?.disposition, b.reply?.at]);
  const replyHops = (m: ReturnType<typeof model>, query: TraceQuery) => trace(m, query).branches[0]?.reply?.hops.map((h) => `${h.host} ${h.step}: ${h.detail}`);

  it('MASQUERADE --random-fully gives the request a port in 1024-65535: node-4\'s drop of replies to 20000-25000 is then not known; without --random-fully the client\'s port is kept and the reply dropped (the kernel: 6 of 6 connected, 3 of 3 timeouts)', () => {
    expect(replyHops(S12, { from: 'node-1', to: '10.0.0.13:30083' })).toEqual([
      'node-4 route: the reply: from 10.244.3.5:80 to 10.244.2.0 (the pod answers, in on cni0); its destination port is the port MASQUERADE --random-fully gave the request: any of 1024-65535',
      'node-4 filter: no rule of filter FORWARD decides: policy ACCEPT, unless a rule netsift cannot decide for this packet matches: FORWARD rule 1 (drops): not known',
    ]);
    expect(replyHops(S12, { from: 'node-1', to: '10.0.0.13:30085' })?.slice(0, 2)).toEqual([
      "node-4 route: the reply: from 10.244.3.5:81 to 10.244.2.0 (the pod answers, in on cni0); its destination port is node-1's local port: in 20000-25000 (its net.ipv4.ip_local_port_range)",
      'node-4 filter: filter FORWARD rule 1 drops',
    ]);
  });

  it("a pod client (--source a pod's address) sends from its bridge, with its namespace's ports, not node-1's (the kernel: the pod connected from 43880, node-1 itself timed out)", () => {
    expect(end(S12, { from: 'node-1', source: '10.244.0.5', to: '10.244.1.5:82' })).toEqual([['delivered', 'node-2', '10.244.0.5', 'delivered', 'node-1']]);
    expect(replyHops(S12, { from: 'node-1', source: '10.244.0.5', to: '10.244.1.5:82' })?.[0]).toBe(
      'node-2 route: the reply: from 10.244.1.5:82 to 10.244.0.5 (the pod answers, in on cni0); its destination port is the client pod\'s local port: in 32768-60999 (a network namespace\'s default)');
    expect(end(S12, { from: 'node-1', to: '10.244.1.5:82' })).toEqual([['delivered', 'node-2', '10.244.0.0', 'denied', 'node-2']]);
  });

  it('a node sends from the address its route to the ClusterIP gives, before nat OUTPUT DNATs it (the kernel: "connected 10.0.0.11"; the pods logged 10.0.0.11)', () => {
    expect(end(S12, { from: 'node-1', to: '10.96.0.10:80' })).toEqual([['delivered', 'node-2', '10.0.0.11', 'delivered', 'node-1']]);
    // node-4 has no route to node-1's pods, but the reply goes to 10.0.0.11 by eth0 (the kernel connected; the direct connection from 10.244.0.0 timed out)
    expect(end(model(LAB_S15), { from: 'node-1', to: '10.96.0.40:80' })).toEqual([['delivered', 'node-4', '10.0.0.11', 'delivered', 'node-1']]);
    expect(end(model(LAB_S15), { from: 'node-1', to: '10.244.3.5:80' })).toEqual([['delivered', 'node-4', '10.244.0.0', 'no-route', 'node-4']]);
  });

  it('a hairpin NodePort: masqueraded to cni0\'s address, or not (the pods logged 10.244.2.1 and 10.0.0.13); no hop translates an address to itself', () => {
    expect(end(S12, { from: 'node-3', to: '10.0.0.13:30086' })).toEqual([['delivered', 'node-3', '10.244.2.1', 'delivered', 'node-3']]);
    expect(end(S12, { from: 'node-3', to: '10.0.0.13:30087' })).toEqual([['delivered', 'node-3', '10.0.0.13', 'delivered', 'node-3']]);
    expect(replyHops(S12, { from: 'node-3', to: '10.0.0.13:30086' })?.filter((hop) => hop.includes('conntrack'))).toEqual([
      "node-3 nat: conntrack translates the reply back at node-3: to 10.0.0.13, the source before node-3's nat rewrote it",
      'node-3 nat: conntrack translates the reply back as it arrives at node-3: from 10.244.2.5:80 to 10.0.0.13:30086, the address the client sent to',
    ]);
  });

  it("a reply through node-3, which never saw the request: a SYN-ACK without a connection is INVALID there, and KUBE-FORWARD drops it (the kernel: timeout, 4 packets on the INVALID rule)", () => {
    expect(end(S13, { from: 'node-1', to: '10.244.1.5:80' })).toEqual([['delivered', 'node-2', '10.244.0.0', 'denied', 'node-3']]);
    expect(replyHops(S13, { from: 'node-1', to: '10.244.1.5:80' })?.at(-1)).toBe('node-3 filter: filter KUBE-FORWARD rule 1 drops');
    // node-3's own ClusterIP connection took 10.0.0.13: the pod answers by node-2's eth0, which node-2's FORWARD drops
    expect(replyHops(S13, { from: 'node-3', to: '10.96.0.10:80' })?.at(-1)).toBe('node-2 filter: no rule of filter FORWARD decides: policy DROP');
  });

  it('a pod\'s ClusterIP to a pod on the same bridge with bridge-nf-call-iptables = 0: the reply is bridged, never translated back (the kernel: timeout; connected once it was 1)', () => {
    const S14 = model(LAB_S14);
    expect(end(S14, { from: 'node-1', source: '10.244.0.5', to: '10.96.0.30:80' })).toEqual([['delivered', 'node-1', '10.244.0.5', 'lost', 'node-1']]);
    expect(replyHops(S14, { from: 'node-1', source: '10.244.0.5', to: '10.96.0.30:80' })?.at(-1)).toBe(
      'node-1 route: the client pod 10.244.0.5 is on cni0 too: the reply is bridged, not routed, and net.bridge.bridge-nf-call-iptables = 0 on node-1, so conntrack never sees it and it keeps its source 10.244.0.6:80, not 10.96.0.30:80 the client sent to: the client drops it (TCP answers with a reset)');
    const on = model(LAB_S14.replace('net.bridge.bridge-nf-call-iptables = 0', 'net.bridge.bridge-nf-call-iptables = 1'));
    expect(end(on, { from: 'node-1', source: '10.244.0.5', to: '10.96.0.30:80' })).toEqual([['delivered', 'node-1', '10.244.0.5', 'delivered', 'node-1']]);
  });

  it('an SNAT to a range of addresses, or a jump nat POSTROUTING makes to a chain not shown, leaves the source not known', () => {
    const ranged = model(LAB_S10.replace('-j MASQUERADE --random-fully', '-j SNAT --to-source 10.0.0.13-10.0.0.14'));
    expect(trace(ranged, { from: 'node-1', to: '10.0.0.13:30083' }).branches[0]?.reply?.hops.map((h) => h.detail)).toEqual([
      "the reply is not traced: the client's address as node-4 sees it is not known: node-3 may rewrite the request's source (its SNAT address is one of a range)",
    ]);
    const hidden = model(LAB_S10.replace(/-A KUBE-POSTROUTING[^\n]*\n/g, '').replace(':KUBE-POSTROUTING - [0:0]\n', ''));
    expect(trace(hidden, { from: 'node-1', to: '10.0.0.13:30083' }).branches[0]?.reply?.hops.map((h) => h.detail)).toEqual([
      "the reply is not traced: the client's address as node-4 sees it is not known: node-3 may rewrite the request's source (nat POSTROUTING rule 1 jumps to KUBE-POSTROUTING, which the listing does not show)",
    ]);
  });
});
