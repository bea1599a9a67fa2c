// evaluateSourceNat, and the reply direction of matchesPacket (conntrack ESTABLISHED, the source port,
// the client's port range). Synthetic rule sets written here (not captured), in kube-proxy's and
// flannel's shapes; the lab's real captures are checked in src/analyze/trace/trace-kernel.test.ts.
import { describe, expect, it } from 'vitest';
import { ingest } from '../../ingest';
import { buildModel } from '../build';
import { evaluateSourceNat } from './source-nat';
import { evaluateForward } from './forward';

const KUBE_POSTROUTING = `*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
:KUBE-POSTROUTING - [0:0]
:FLANNEL-POSTRTG - [0:0]
-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING
-A POSTROUTING -m comment --comment "flanneld masq" -j FLANNEL-POSTRTG
-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN
-A KUBE-POSTROUTING -j MARK --set-xmark 0x4000/0x0
-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully
-A FLANNEL-POSTRTG -m mark --mark 0x4000/0x4000 -m comment --comment "flanneld masq" -j RETURN
-A FLANNEL-POSTRTG -s 10.244.0.0/24 -d 10.244.0.0/16 -m comment --comment "flanneld masq" -j RETURN
-A FLANNEL-POSTRTG -s 10.244.0.0/16 -d 10.244.0.0/24 -m comment --comment "flanneld masq" -j RETURN
-A FLANNEL-POSTRTG ! -s 10.244.0.0/16 -d 10.244.0.0/24 -m comment --comment "flanneld masq" -j RETURN
-A FLANNEL-POSTRTG -s 10.244.0.0/16 ! -d 224.0.0.0/4 -m comment --comment "flanneld masq" -j MASQUERADE --random-fully
-A FLANNEL-POSTRTG ! -s 10.244.0.0/16 -d 10.244.0.0/16 -m comment --comment "flanneld masq" -j MASQUERADE --random-fully
COMMIT
`;

function node(rules: string) {
  const model = buildModel(ingest(`[root@node-a ~]# iptables-save\n${rules}`));
  const found = model.nodes.get('node-a');
  if (!found) throw new Error('no node');
  return found;
}

const snat = (rules: string, packet: Parameters<typeof evaluateSourceNat>[1]) => {
  const result = evaluateSourceNat(node(rules), packet);
  return [result.kind, ...('rule' in result ? [`${result.rule.chain} ${result.rule.position}`] : []), ...(result.kind === 'not-known' ? [result.why] : [])];
};

describe('evaluateSourceNat: nat POSTROUTING for a new connection', () => {
  it("masquerades kube-proxy's marked packets (KUBE-MARK-MASQ's 0x4000) and returns the rest", () => {
    expect(snat(KUBE_POSTROUTING, { source: '10.0.0.11', destination: '10.244.1.5', outInterface: 'flannel.1', mark: 0x4000 })).toEqual(['masquerade', 'KUBE-POSTROUTING 3']);
    // KUBE-POSTROUTING clears the bit: flannel's chain after it would not see it (but the MASQUERADE came first)
    expect(snat(KUBE_POSTROUTING, { source: '10.244.0.5', destination: '10.244.1.5', outInterface: 'flannel.1', mark: 0 })).toEqual(['none']);
  });

  it("flannel's chain: pod to pod keeps its source, pod to the world is masqueraded, the world to pods is masqueraded", () => {
    expect(snat(KUBE_POSTROUTING, { source: '10.244.0.5', destination: '8.8.8.8', outInterface: 'eth0', mark: 0 })).toEqual(['masquerade', 'FLANNEL-POSTRTG 5']);
    expect(snat(KUBE_POSTROUTING, { source: '192.168.1.10', destination: '10.244.1.5', outInterface: 'flannel.1', mark: 0 })).toEqual(['masquerade', 'FLANNEL-POSTRTG 6']);
    expect(snat(KUBE_POSTROUTING, { source: '192.168.1.10', destination: '8.8.8.8', outInterface: 'eth0', mark: 0 })).toEqual(['none']);
  });

  it('a rule it cannot decide that would rewrite, or end the walk, leaves the source not known; one that only marks does not', () => {
    // the source is not known: flannel's -s rules cannot be decided
    expect(snat(KUBE_POSTROUTING, { source: null, destination: '10.244.1.5', outInterface: 'flannel.1', mark: 0 })).toEqual(['not-known', 'nat FLANNEL-POSTRTG rule 2 may match (a match netsift cannot decide for this packet)']);
    const rules = `*nat\n:POSTROUTING ACCEPT [0:0]\n-A POSTROUTING -m set --match-set egress src -j SNAT --to-source 192.0.2.7\n-A POSTROUTING -o eth0 -j SNAT --to-source 192.0.2.8-192.0.2.9\nCOMMIT\n`;
    expect(snat(rules, { source: '10.0.0.1', destination: '10.0.0.2', outInterface: 'eth0', mark: 0 })[0]).toBe('not-known');
    const marking = `*nat\n:POSTROUTING ACCEPT [0:0]\n-A POSTROUTING -m set --match-set egress src -j MARK --set-xmark 0x1/0x1\n-A POSTROUTING -o eth0 -j SNAT --to-source 192.0.2.8-192.0.2.9\nCOMMIT\n`;
    const result = evaluateSourceNat(node(marking), { source: '10.0.0.1', destination: '10.0.0.2', outInterface: 'eth0', mark: 0 });
    // an address range: the first stands for the kernel's pick
    expect(result.kind === 'snat' ? [result.to, result.rule.position] : result.kind).toEqual(['192.0.2.8', 2]);
  });

  it('ACCEPT ends the table without a rewrite; a table not shown, an nft listing, or no listing at all are not known', () => {
    const accepted = `*nat\n:POSTROUTING ACCEPT [0:0]\n-A POSTROUTING -d 10.0.0.0/8 -j ACCEPT\n-A POSTROUTING -j MASQUERADE\nCOMMIT\n`;
    expect(snat(accepted, { source: '10.0.0.1', destination: '10.0.0.2', outInterface: 'eth0', mark: 0 })).toEqual(['none']);
    expect(snat(accepted, { source: '10.0.0.1', destination: '192.0.2.2', outInterface: 'eth0', mark: 0 })).toEqual(['masquerade', 'POSTROUTING 2']);
    // iptables-save with only a filter table: no nat rules are loaded
    expect(snat('*filter\n:FORWARD ACCEPT [0:0]\nCOMMIT\n', { source: '10.0.0.1', destination: '192.0.2.2', outInterface: 'eth0', mark: 0 })).toEqual(['none']);
    // iptables -S (the filter table), or one nat chain: the nat table, or its POSTROUTING, is not shown
    const listed = (text: string) => {
      const shown = buildModel(ingest(text)).nodes.get('node-a');
      return shown && evaluateSourceNat(shown, { source: '10.0.0.1', destination: '192.0.2.2', outInterface: 'eth0', mark: 0 });
    };
    expect(listed('[root@node-a ~]# iptables -S\n-P FORWARD ACCEPT\n')).toEqual({ kind: 'not-known', why: "node-a's nat table is not shown", rules: [] });
    expect(listed('[root@node-a ~]# iptables -t nat -S KUBE-SERVICES\n-N KUBE-SERVICES\n-A KUBE-SERVICES -j RETURN\n')).toEqual({ kind: 'not-known', why: "node-a's nat POSTROUTING is not shown", rules: [] });
    expect(listed('[root@node-a ~]# iptables-save -t filter\n*filter\n:FORWARD ACCEPT [0:0]\nCOMMIT\n')).toEqual({ kind: 'not-known', why: "node-a's nat table is not shown", rules: [] });
    const bare = buildModel(ingest('[root@node-a ~]# ip route\ndefault via 10.0.0.1 dev eth0\n')).nodes.get('node-a');
    expect(bare && evaluateSourceNat(bare, { destination: '192.0.2.2', outInterface: 'eth0' })).toEqual({ kind: 'not-known', why: 'no iptables rules of node-a were given', rules: [] });
  });

  it('a jump to a chain the listing does not show, or a target netsift does not read for this (NETMAP), is not known; LOG is passed', () => {
    const partial = '[root@node-a ~]# iptables -t nat -S POSTROUTING\n-P POSTROUTING ACCEPT\n-A POSTROUTING -m comment --comment "flanneld masq" -j FLANNEL-POSTRTG\n';
    const shown = buildModel(ingest(partial)).nodes.get('node-a');
    expect(shown && evaluateSourceNat(shown, { source: '10.244.0.5', destination: '192.0.2.2', outInterface: 'eth0', mark: 0 })).toMatchObject({
      kind: 'not-known', why: 'nat POSTROUTING rule 1 jumps to FLANNEL-POSTRTG, which the listing does not show',
    });
    const netmap = `*nat\n:POSTROUTING ACCEPT [0:0]\n-A POSTROUTING -j LOG --log-prefix "nat "\n-A POSTROUTING -o eth0 -j NETMAP --to 192.0.2.0/24\n-A POSTROUTING -j MASQUERADE\nCOMMIT\n`;
    expect(snat(netmap, { source: '10.0.0.1', destination: '192.0.2.9', outInterface: 'eth0', mark: 0 })).toEqual(['not-known', 'nat POSTROUTING rule 2 goes to NETMAP, which netsift does not read for source NAT']);
    expect(snat(netmap, { source: '10.0.0.1', destination: '192.0.2.9', outInterface: 'eth1', mark: 0 })).toEqual(['masquerade', 'POSTROUTING 3']);
  });

  it('a loop of chains (which the kernel would refuse) is not known, not a hang', () => {
    const loop = `*nat\n:POSTROUTING ACCEPT [0:0]\n:A - [0:0]\n:B - [0:0]\n-A POSTROUTING -j A\n-A A -j B\n-A B -j A\nCOMMIT\n`;
    expect(snat(loop, { source: '10.0.0.1', destination: '192.0.2.2', outInterface: 'eth0', mark: 0 })).toEqual(['not-known', 'nat A is jumped to too deep or in a loop']);
  });
});

describe('filter rules for a reply (conntrack ESTABLISHED, the source port, the client\'s port range)', () => {
  const rules = `*filter
:INPUT ACCEPT [0:0]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [0:0]
-A FORWARD -m conntrack --ctstate NEW -d 10.244.1.0/24 -j ACCEPT
-A FORWARD -s 10.244.1.0/24 -p tcp -m tcp --sport 81 -j ACCEPT
-A FORWARD -s 10.244.1.0/24 -p tcp -m multiport --dports 20000:25000 -j DROP
-A FORWARD -s 10.244.1.0/24 -p tcp -m tcp --dport 1:1023 -j REJECT
-A FORWARD -m state --state RELATED,ESTABLISHED -j ACCEPT
COMMIT
`;
  const verdict = (packet: Partial<Parameters<typeof evaluateForward>[1]>) => {
    const result = evaluateForward(node(rules), { source: '10.244.1.5', destination: '10.244.0.0', inInterface: 'cni0', outInterface: 'flannel.1', mark: 0, protocol: 'tcp', reply: true, port: null, ...packet });
    return [result.verdict, result.by, result.detail];
  };

  it('the request is NEW, its reply ESTABLISHED', () => {
    const request = evaluateForward(node(rules), { source: '10.244.0.0', destination: '10.244.1.5', inInterface: 'flannel.1', outInterface: 'cni0', mark: 0, protocol: 'tcp', port: 80 });
    expect(request.detail).toBe('filter FORWARD rule 1 accepts');
    expect(verdict({ sourcePort: 80, portRange: { from: 32768, to: 60999 } })).toEqual(['accept', 'rule', 'filter FORWARD rule 5 accepts']);
  });

  it('--sport is the port the request went to; a --dport range is decided by the client\'s port range where it lies wholly in or out of it', () => {
    expect(verdict({ sourcePort: 81, portRange: null })).toEqual(['accept', 'rule', 'filter FORWARD rule 2 accepts']);
    expect(verdict({ sourcePort: 80, portRange: { from: 20000, to: 25000 } })).toEqual(['drop', 'rule', 'filter FORWARD rule 3 drops']);
    expect(verdict({ sourcePort: 80, portRange: { from: 21000, to: 22000 } })).toEqual(['drop', 'rule', 'filter FORWARD rule 3 drops']);
    // partly inside: the client's port may or may not be in it
    expect(verdict({ sourcePort: 80, portRange: { from: 24000, to: 26000 } })[1]).toBe('undecided');
    // not known at all (a client outside the cluster): undecided where a rule would decide otherwise
    expect(verdict({ sourcePort: 80, portRange: null })[1]).toBe('undecided');
  });
});
