import { ruleCases } from '../../../../test/support/rule-cases';
import { wrongFdbDestination } from './wrong-fdb-destination';

// underlay 192.0.2.0/24: edge-1 192.0.2.21, edge-2 192.0.2.22 (VTEP 7e:20:00:00:00:02), edge-3 192.0.2.23 (7e:20:00:00:00:03)
const link = (mac: string, local: string): string => `4: flannel.1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UNKNOWN mode DEFAULT group default 
    link/ether ${mac} brd ff:ff:ff:ff:ff:ff promiscuity 0 minmtu 68 maxmtu 65535 
    vxlan id 1 local ${local} dev eth0 srcport 0 0 dstport 8472 nolearning ttl auto ageing 300 udpcsum noudp6zerocsumtx noudp6zerocsumrx addrgenmode eui64 numtxqueues 1 numrxqueues 1 gso_max_size 65536 gso_max_segs 65535 `;
const peers = {
  'edge-2': { 'ip -d link show flannel.1': link('7e:20:00:00:00:02', '192.0.2.22') },
  'edge-3': { 'ip -d link show flannel.1': link('7e:20:00:00:00:03', '192.0.2.23') },
};
const own = { 'ip -d link show flannel.1': link('7e:20:00:00:00:01', '192.0.2.21') };

ruleCases(wrongFdbDestination, {
  valid: [
    {
      name: "every FDB entry points at its peer's own IP",
      nodes: { 'edge-1': { ...own, 'bridge fdb show dev flannel.1': '7e:20:00:00:00:02 dst 192.0.2.22 self permanent\n7e:20:00:00:00:03 dst 192.0.2.23 self permanent' }, ...peers },
    },
    {
      name: 'an entry for a MAC no node claims is not this rule\'s (overlay/stale-vtep-mac)',
      nodes: { 'edge-1': { ...own, 'bridge fdb show dev flannel.1': '7e:20:00:00:00:99 dst 192.0.2.99 self permanent' }, ...peers },
    },
  ],
  invalid: [
    {
      name: "edge-2's VTEP sent to an address nobody answers at",
      nodes: {
        'edge-1': {
          ...own,
          'bridge fdb show dev flannel.1': '7e:20:00:00:00:02 dst 192.0.2.122 self permanent\n7e:20:00:00:00:03 dst 192.0.2.23 self permanent',
          'ip neigh show dev eth0': '192.0.2.23 lladdr 52:54:00:00:00:23 REACHABLE \n192.0.2.122 FAILED ',
        },
        ...peers,
      },
      findings: [{
        messageId: 'wrong', host: 'edge-1', role: 'root-cause', severity: 'error',
        data: { host: 'edge-1', mac: '7e:20:00:00:00:02', peer: 'edge-2', dst: '192.0.2.122', expected: '192.0.2.22' },
        evidence: [
          { host: 'edge-1', format: 'bridge-fdb', span: { line: 6 } },
          { host: 'edge-2', format: 'ip-link', span: { line: 12 } },
          { host: 'edge-1', format: 'ip-neigh', span: { line: 10 } },
        ],
        fix: ['bridge fdb del 7e:20:00:00:00:02 dev flannel.1 dst 192.0.2.122', 'bridge fdb append 7e:20:00:00:00:02 dev flannel.1 dst 192.0.2.22 self permanent'],
      }],
    },
    {
      name: 'a second destination appended beside the right one',
      nodes: { 'edge-1': { ...own, 'bridge fdb show dev flannel.1': '7e:20:00:00:00:03 dst 192.0.2.23 self permanent\n7e:20:00:00:00:03 dst 192.0.2.33 self permanent' }, ...peers },
      findings: [{ messageId: 'extra', host: 'edge-1', severity: 'warning', data: { host: 'edge-1', mac: '7e:20:00:00:00:03', peer: 'edge-3', dst: '192.0.2.33', expected: '192.0.2.23' }, role: 'root-cause', fix: ['bridge fdb del 7e:20:00:00:00:03 dev flannel.1 dst 192.0.2.33'] }],
    },
  ],
});
