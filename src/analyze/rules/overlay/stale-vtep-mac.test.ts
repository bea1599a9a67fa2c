import { ruleCases } from '../../../../test/support/rule-cases';
import { staleVtepMac } from './stale-vtep-mac';

// pod network 172.30.0.0/16: alpha 172.30.0.0/24 (10.1.1.1), bravo 172.30.1.0/24 (10.1.1.2), charlie 172.30.2.0/24 (10.1.1.3)
const link = (mac: string, local: string): string => `5: flannel.1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UNKNOWN mode DEFAULT group default 
    link/ether ${mac} brd ff:ff:ff:ff:ff:ff promiscuity 0 minmtu 68 maxmtu 65535 
    vxlan id 1 local ${local} dev eth0 srcport 0 0 dstport 8472 nolearning ttl auto ageing 300 udpcsum noudp6zerocsumtx noudp6zerocsumrx addrgenmode eui64 numtxqueues 1 numrxqueues 1 gso_max_size 65536 gso_max_segs 65535 `;
const MAC = { alpha: '9a:00:00:00:00:01', bravo: '9a:00:00:00:00:02', charlie: '9a:00:00:00:00:03' };
const OLD_BRAVO = '9a:00:00:00:00:f2';
const neigh = (entries: [string, string][]): string => entries.map(([ip, mac]) => `${ip} lladdr ${mac} PERMANENT `).join('\n');
const fdb = (entries: [string, string][]): string => entries.map(([mac, dst]) => `${mac} dst ${dst} self permanent`).join('\n');

const bravo = { 'ip -d link show flannel.1': link(MAC.bravo, '10.1.1.2'), 'ip neigh show dev flannel.1': neigh([['172.30.0.0', MAC.alpha], ['172.30.2.0', MAC.charlie]]) };
const charlie = { 'ip -d link show flannel.1': link(MAC.charlie, '10.1.1.3'), 'ip neigh show dev flannel.1': neigh([['172.30.0.0', MAC.alpha], ['172.30.1.0', MAC.bravo]]) };
const alpha = (neighbours: [string, string][], entries: [string, string][]) => ({
  'ip -d link show flannel.1': link(MAC.alpha, '10.1.1.1'),
  'ip neigh show dev flannel.1': neigh(neighbours),
  'bridge fdb show dev flannel.1': fdb(entries),
});

ruleCases(staleVtepMac, {
  valid: [
    {
      name: "every neighbour and FDB entry holds the peer's current MAC",
      nodes: { alpha: alpha([['172.30.1.0', MAC.bravo], ['172.30.2.0', MAC.charlie]], [[MAC.bravo, '10.1.1.2'], [MAC.charlie, '10.1.1.3']]), bravo, charlie },
    },
    {
      name: "a peer whose own MAC no output shows: nothing to compare with",
      nodes: { alpha: alpha([['172.30.1.0', OLD_BRAVO], ['172.30.2.0', MAC.charlie]], [[OLD_BRAVO, '10.1.1.2']]), charlie, bravo: { 'ip neigh show dev flannel.1': bravo['ip neigh show dev flannel.1'] } },
    },
  ],
  invalid: [
    {
      name: "bravo's flannel.1 was recreated: alpha still holds its old MAC in the neighbour and FDB entries",
      nodes: { alpha: alpha([['172.30.1.0', OLD_BRAVO], ['172.30.2.0', MAC.charlie]], [[OLD_BRAVO, '10.1.1.2'], [MAC.charlie, '10.1.1.3']]), bravo, charlie },
      findings: [{
        messageId: 'stale', host: 'alpha', role: 'root-cause', severity: 'error',
        data: { host: 'alpha', peer: 'bravo', stale: '9a:00:00:00:00:f2', mac: '9a:00:00:00:00:02', entries: 'neighbour entry for 172.30.1.0, FDB entry towards 10.1.1.2', dst: '10.1.1.2' },
        evidence: [
          { host: 'alpha', format: 'ip-neigh', span: { line: 6 } },
          { host: 'alpha', format: 'bridge-fdb', span: { line: 9 } },
          { host: 'bravo', format: 'ip-link', span: { line: 12 } },
        ],
        fix: ['ip neigh replace 172.30.1.0 lladdr 9a:00:00:00:00:02 dev flannel.1 nud permanent', 'bridge fdb del 9a:00:00:00:00:f2 dev flannel.1 dst 10.1.1.2', 'bridge fdb append 9a:00:00:00:00:02 dev flannel.1 dst 10.1.1.2 self permanent'],
      }],
    },
    {
      name: 'only an old FDB entry left beside the right ones is residue',
      nodes: { alpha: alpha([['172.30.1.0', MAC.bravo], ['172.30.2.0', MAC.charlie]], [[OLD_BRAVO, '10.1.1.2'], [MAC.bravo, '10.1.1.2'], [MAC.charlie, '10.1.1.3']]), bravo, charlie },
      findings: [{ messageId: 'staleFdb', host: 'alpha', role: 'residue', severity: 'warning', data: { host: 'alpha', peer: 'bravo', stale: '9a:00:00:00:00:f2', mac: '9a:00:00:00:00:02', entries: 'FDB entry towards 10.1.1.2', dst: '10.1.1.2' }, fix: ['bridge fdb del 9a:00:00:00:00:f2 dev flannel.1 dst 10.1.1.2'] }],
    },
  ],
});
