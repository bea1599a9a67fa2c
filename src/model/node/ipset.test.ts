import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingest } from '../../ingest';
import { buildModel } from '../build';
import { setMatches } from './ipset';
import { matchesPacket } from '../netfilter/forward';
import { resolveService } from '../netfilter/resolve-service';
import { targetOf } from '../../formats/shared/iptables/packed';

// the lab's real kube-proxy IPVS-mode sets (corpus/lab/ipset-kube-proxy.sh)
const capture = (command: string): string => readFileSync(join(__dirname, '../../../corpus/captures/ipset', `ipvs-node-a__${command}.txt`), 'utf8');
const setsOf = (command: string, text: string) => buildModel(ingest(`[root@node-a ~]# ${command}\n${text}`)).nodes.get('node-a')?.ipsets;
const sets = setsOf('ipset list', capture('ipset_list'));
const set = (name: string, flags: ('src' | 'dst')[], negated = false) => ({ name, flags, negated });

describe('IP sets and the set match', () => {
  it('reads every set of ipset list and of ipset save alike', () => {
    expect([...(sets?.keys() ?? [])]).toEqual([
      'KUBE-CLUSTER-IP', 'KUBE-LOOP-BACK', 'KUBE-NODE-PORT-TCP', 'KUBE-NODE-PORT-LOCAL-TCP', 'KUBE-NODE-PORT-UDP', 'KUBE-EXTERNAL-IP', 'KUBE-LOAD-BALANCER', 'KUBE-HEALTH-CHECK-NODE-PORT',
    ]);
    expect(sets?.get('KUBE-CLUSTER-IP')?.members).toHaveLength(5);
    expect(sets?.get('KUBE-CLUSTER-IP')?.evidence.text.startsWith('Name: KUBE-CLUSTER-IP\nType: hash:ip,port\n')).toBe(true);
    const saved = setsOf('ipset save', capture('ipset_save'));
    expect([...(saved?.values() ?? [])].map((s) => [s.name, s.members.length, s.complete])).toEqual([...(sets?.values() ?? [])].map((s) => [s.name, s.members.length, s.complete]));
  });

  it('hash:ip,port with dst,dst: the destination address and port, and the protocol', () => {
    expect(setMatches(set('KUBE-CLUSTER-IP', ['dst', 'dst']), { destination: '10.96.0.10', port: 53, protocol: 'udp' }, sets)).toBe(true);
    expect(setMatches(set('KUBE-CLUSTER-IP', ['dst', 'dst']), { destination: '10.96.0.1', port: 443, protocol: 'udp' }, sets)).toBe(false);
    expect(setMatches(set('KUBE-CLUSTER-IP', ['dst', 'dst']), { destination: '10.96.0.1', port: 80, protocol: 'tcp' }, sets)).toBe(false);
    expect(setMatches(set('KUBE-CLUSTER-IP', ['dst', 'dst'], true), { destination: '10.96.0.1', port: 443, protocol: 'tcp' }, sets)).toBe(false);
  });

  it('hash:ip,port,ip with dst,dst,src: kube-proxy\'s hairpin set needs the source', () => {
    const hairpin = set('KUBE-LOOP-BACK', ['dst', 'dst', 'src']);
    expect(setMatches(hairpin, { destination: '10.244.0.5', port: 80, protocol: 'tcp', source: '10.244.0.5' }, sets)).toBe(true);
    expect(setMatches(hairpin, { destination: '10.244.0.5', port: 80, protocol: 'tcp', source: '10.244.1.9' }, sets)).toBe(false);
    expect(setMatches(hairpin, { destination: '10.244.0.5', port: 80, protocol: 'tcp', source: null }, sets)).toBe('unknown');
  });

  it('bitmap:port with dst: the destination port alone; an empty set never matches', () => {
    expect(setMatches(set('KUBE-NODE-PORT-TCP', ['dst']), { destination: '192.168.10.11', port: 30080, protocol: 'tcp' }, sets)).toBe(true);
    expect(setMatches(set('KUBE-NODE-PORT-TCP', ['dst']), { destination: '192.168.10.11', port: 30081, protocol: 'tcp' }, sets)).toBe(false);
    expect(setMatches(set('KUBE-NODE-PORT-UDP', ['dst']), { destination: '192.168.10.11', port: 30080, protocol: 'udp' }, sets)).toBe(false);
    expect(setMatches(set('KUBE-NODE-PORT-UDP', ['dst'], true), { destination: '192.168.10.11', port: 30080, protocol: 'udp' }, sets)).toBe(true);
  });

  it('is not decided for a set not shown, or one listed without members (-t)', () => {
    const packet = { destination: '10.96.0.1', port: 443, protocol: 'tcp' as const };
    expect(setMatches(set('KUBE-EXTERNAL-IP-LOCAL', ['dst', 'dst']), packet, sets)).toBe('unknown');
    expect(setMatches(set('KUBE-CLUSTER-IP', ['dst', 'dst']), packet, setsOf('ipset list -t', capture('ipset_list_-t')))).toBe('unknown');

  });

  it('hash:net members are networks; ranges hold every address between their ends', () => {
    const nets = setsOf('ipset save', 'create N hash:net family inet hashsize 1024 maxelem 65536\nadd N 10.0.0.0/8\ncreate R hash:ip family inet\nadd R 192.168.1.10-192.168.1.20\n');
    expect(setMatches(set('N', ['src']), { destination: '1.1.1.1', source: '10.200.3.4' }, nets)).toBe(true);
    expect(setMatches(set('N', ['src']), { destination: '1.1.1.1', source: '11.0.0.1' }, nets)).toBe(false);
    expect(setMatches(set('R', ['dst']), { destination: '192.168.1.15' }, nets)).toBe(true);
    expect(setMatches(set('R', ['dst']), { destination: '192.168.1.21' }, nets)).toBe(false);
  });
});

describe('IP sets whose members are not all shown', () => {
  const packet = { destination: '10.96.0.10', port: 53, protocol: 'udp' as const };
  it('a listing cut by | head does not decide that a member is absent', () => {
    const cut = capture('ipset_list_KUBE-CLUSTER-IP').split('\n').slice(0, 10).join('\n');
    expect(setMatches(set('KUBE-CLUSTER-IP', ['dst', 'dst']), packet, setsOf('ipset list KUBE-CLUSTER-IP | head -10', cut))).toBe('unknown');
  });
  it('fewer members read than "Number of entries" (ipset -r list prints names) does not decide either', () => {
    const resolved = 'Name: RES\nType: hash:ip,port\nRevision: 7\nHeader: family inet hashsize 1024 maxelem 65536 bucketsize 12 initval 0x46aba002\n'
      + 'Size in memory: 312\nReferences: 0\nNumber of entries: 2\nMembers:\nlocalhost,tcp:22\n10.0.0.1,tcp:80\n';
    expect(setMatches(set('RES', ['dst', 'dst']), { destination: '127.0.0.1', port: 22, protocol: 'tcp' }, setsOf('ipset -r list RES', resolved))).toBe('unknown');
  });
});

describe('set matches that test more than membership', () => {
  // ipset 7.17 and iptables 1.8.9: ipset create C hash:ip counters; iptables -A FORWARD -m set --match-set C dst --packets-gt 10 -j DROP
  const sets = setsOf('ipset save', 'create C hash:ip family inet hashsize 1024 maxelem 65536 counters bucketsize 12 initval 0xb4dd41bc\nadd C 10.0.0.1 packets 5 bytes 300\n');
  const rulesOf = (rule: string) => buildModel(ingest(`[root@node-a ~]# ipset save\ncreate C hash:ip family inet hashsize 1024 maxelem 65536 counters\nadd C 10.0.0.1 packets 5 bytes 300\n`
    + `[root@node-a ~]# iptables-save\n*filter\n:FORWARD ACCEPT [0:0]\n${rule}\nCOMMIT\n`)).nodes.get('node-a');
  it('--packets-gt / --bytes-lt: a member found is not a match decided (its counters at the packet\'s time are not shown)', () => {
    const node = rulesOf('-A FORWARD -m set --match-set C dst --packets-gt 10 -j DROP');
    const rule = node?.netfilter?.rules.chain('filter', 'FORWARD')?.rules[0];
    expect(rule && matchesPacket(rule, { destination: '10.0.0.1', outInterface: null }, node?.ipsets)).toBe('unknown');
    expect(rule && matchesPacket(rule, { destination: '10.0.0.2', outInterface: null }, node?.ipsets)).toBe(false);
    const negated = rulesOf('-A FORWARD -m set ! --match-set C dst ! --update-counters --bytes-lt 5 -j DROP');
    const inverse = negated?.netfilter?.rules.chain('filter', 'FORWARD')?.rules[0];
    expect(inverse && matchesPacket(inverse, { destination: '10.0.0.1', outInterface: null }, negated?.ipsets)).toBe('unknown');
    expect(inverse && matchesPacket(inverse, { destination: '10.0.0.2', outInterface: null }, negated?.ipsets)).toBe(true);
    expect(setMatches({ ...set('C', ['dst']), counters: true }, { destination: '10.0.0.1' }, sets)).toBe('unknown');
  });
});

describe('the protocol of a hash:ip,port member', () => {
  // kube-proxy adds an SCTP service's ClusterIP to KUBE-CLUSTER-IP as IP,sctp:PORT (ipset 7.17 lists it so)
  const text = 'create KUBE-CLUSTER-IP hash:ip,port family inet hashsize 1024 maxelem 65536 comment\n'
    + 'add KUBE-CLUSTER-IP 10.96.5.5,sctp:9999 comment "Kubernetes service cluster ip + port for masquerade purpose"\n';
  const sets = setsOf('ipset save', text);
  it('an SCTP packet is in the set by its sctp member; a packet of unknown protocol is not decided', () => {
    expect(setMatches(set('KUBE-CLUSTER-IP', ['dst', 'dst']), { destination: '10.96.5.5', port: 9999, protocol: 'sctp' }, sets)).toBe(true);
    expect(setMatches(set('KUBE-CLUSTER-IP', ['dst', 'dst']), { destination: '10.96.5.5', port: 9999, protocol: 'tcp' }, sets)).toBe(false);
    expect(setMatches(set('KUBE-CLUSTER-IP', ['dst', 'dst']), { destination: '10.96.5.5', port: 9999, protocol: null }, sets)).toBe('unknown');
  });
  it('the nat walk of an SCTP ClusterIP passes kube-proxy\'s KUBE-CLUSTER-IP rules (masquerade mark, ACCEPT)', () => {
    const node = buildModel(ingest(`[root@node-a ~]# ipset save\n${text}[root@node-a ~]# iptables-save -t nat\n*nat\n:PREROUTING ACCEPT [0:0]\n:KUBE-SERVICES - [0:0]\n:KUBE-MARK-MASQ - [0:0]\n`
      + '-A PREROUTING -j KUBE-SERVICES\n-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000\n'
      + '-A KUBE-SERVICES ! -s 10.244.0.0/16 -m set --match-set KUBE-CLUSTER-IP dst,dst -j KUBE-MARK-MASQ\n-A KUBE-SERVICES -m set --match-set KUBE-CLUSTER-IP dst,dst -j ACCEPT\nCOMMIT\n')).nodes.get('node-a');
    const rules = node?.netfilter?.rules;
    const branches = rules ? resolveService(rules, { destination: '10.96.5.5', port: 9999, protocol: 'sctp', destinationIsLocal: false, source: '192.168.1.9', sets: node?.ipsets }) : [];
    expect(branches.map((b) => b.rules.map((r) => targetOf(r)?.name))).toEqual([['KUBE-SERVICES', 'KUBE-MARK-MASQ', 'MARK', 'ACCEPT']]);
  });
});

describe('IPv6 sets (family inet6)', () => {
  // ipset 7.17: ipset create HNET6 hash:net family inet6; add fd00::/64; add 2001:db8::1
  const sets = setsOf('ipset save', 'create HNET6 hash:net family inet6 hashsize 1024 maxelem 65536 bucketsize 12 initval 0x8793bae9\nadd HNET6 fd00::/64\nadd HNET6 2001:db8::1\n');
  it('networks hold their addresses, an address is compared by value, an IPv4 packet is never in the set', () => {
    expect(setMatches(set('HNET6', ['src']), { destination: '1.1.1.1', source: 'fd00::5' }, sets)).toBe(true);
    expect(setMatches(set('HNET6', ['src']), { destination: '1.1.1.1', source: 'fd00:0:0:1::5' }, sets)).toBe(false);
    expect(setMatches(set('HNET6', ['src']), { destination: '1.1.1.1', source: '2001:0db8:0:0::1' }, sets)).toBe(true);
    expect(setMatches(set('HNET6', ['src']), { destination: '1.1.1.1', source: '10.0.0.1' }, sets)).toBe(false);
  });
});

describe('sets with a netmask or bitmask', () => {
  // ipset 7.17: members are stored masked (add HIPN 10.5.5.5 lists as 10.5.5.0), and so is the packet's address
  const sets = setsOf('ipset list', 'Name: HIPN\nType: hash:ip\nRevision: 6\nHeader: family inet hashsize 1024 maxelem 65536 netmask 24 bucketsize 12 initval 0x9a7c52f1\n'
    + 'Size in memory: 256\nReferences: 0\nNumber of entries: 1\nMembers:\n10.5.5.0\n\n'
    + 'Name: BIPN\nType: bitmap:ip\nRevision: 3\nHeader: range 192.168.0.0-192.168.255.255 netmask 24\nSize in memory: 120\nReferences: 0\nNumber of entries: 1\nMembers:\n192.168.5.0\n\n'
    + 'Name: BM\nType: hash:ip\nRevision: 6\nHeader: family inet hashsize 1024 maxelem 65536 bitmask 255.255.0.255 bucketsize 12 initval 0xe85b6cde\n'
    + 'Size in memory: 256\nReferences: 0\nNumber of entries: 1\nMembers:\n10.1.0.3\n\n'
    + 'Name: BM2\nType: hash:ip,port\nRevision: 7\nHeader: family inet hashsize 1024 maxelem 65536 bucketsize 12 initval 0xbdc9a674 netmask 24\n'
    + 'Size in memory: 256\nReferences: 0\nNumber of entries: 1\nMembers:\n10.1.2.0,tcp:80\n');
  it('the packet\'s address is masked before the lookup', () => {
    expect(setMatches(set('HIPN', ['dst']), { destination: '10.5.5.77' }, sets)).toBe(true);
    expect(setMatches(set('HIPN', ['dst']), { destination: '10.5.6.1' }, sets)).toBe(false);
    expect(setMatches(set('BIPN', ['dst']), { destination: '192.168.5.200' }, sets)).toBe(true);
    expect(setMatches(set('BM', ['dst']), { destination: '10.1.77.3' }, sets)).toBe(true);
    expect(setMatches(set('BM', ['dst']), { destination: '10.1.77.4' }, sets)).toBe(false);
    expect(setMatches(set('BM2', ['dst', 'dst']), { destination: '10.1.2.99', port: 80, protocol: 'tcp' }, sets)).toBe(true);
  });
});

describe('flags and the set\'s dimensions', () => {
  const packet = { destination: '10.96.0.1', port: 443, protocol: 'tcp' as const, source: '10.244.0.5', sourcePort: 40000 };
  it('fewer flags than dimensions never match (ip_set_test); more use the first ones', () => {
    expect(setMatches(set('KUBE-CLUSTER-IP', ['dst']), packet, sets)).toBe(false);
    expect(setMatches(set('KUBE-CLUSTER-IP', ['dst'], true), packet, sets)).toBe(true);
    expect(setMatches(set('KUBE-CLUSTER-IP', ['dst', 'dst', 'src']), packet, sets)).toBe(true);
  });
});

describe('nomatch members and --return-nomatch', () => {
  // ipset 7.17: hash:net with 10.0.0.0/8 and 10.1.0.0/16 nomatch (iptables-extensions(8), set: --return-nomatch)
  const sets = setsOf('ipset save', 'create HNET hash:net family inet hashsize 1024 maxelem 65536\nadd HNET 192.168.0.0/30\nadd HNET 10.0.0.0/8\nadd HNET 10.1.0.0/16 nomatch\n'
    + 'create PLAIN hash:net family inet hashsize 1024 maxelem 65536\nadd PLAIN 10.0.0.0/8\n');
  const from = (source: string) => ({ destination: '1.1.1.1', source });
  it('the longest prefix found decides: a nomatch member excludes its addresses', () => {
    expect(setMatches(set('HNET', ['src']), from('10.2.0.1'), sets)).toBe(true);
    expect(setMatches(set('HNET', ['src']), from('10.1.2.3'), sets)).toBe(false);
    expect(setMatches(set('HNET', ['src'], true), from('10.1.2.3'), sets)).toBe(true);
    expect(setMatches(set('HNET', ['src']), from('11.0.0.1'), sets)).toBe(false);
  });
  it('--return-nomatch: a nomatch member matches and a plain one does not, with or without nomatch members', () => {
    const inverted = { ...set('HNET', ['src']), returnNomatch: true };
    expect(setMatches(inverted, from('10.1.2.3'), sets)).toBe(true);
    expect(setMatches(inverted, from('10.2.0.1'), sets)).toBe(false);
    expect(setMatches({ ...set('PLAIN', ['src']), returnNomatch: true }, from('10.2.0.1'), sets)).toBe(false);
  });
});
