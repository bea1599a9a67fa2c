import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ruleCases } from '../../../../test/support/rule-cases';
import { parsePrefix4, prefixesOverlap, type Prefix4 } from '../../../core';
import { freeSubnet, leaseFailure } from './lease-failure';

// edge-a 10.70.0.0/24, edge-b 10.70.1.0/24; edge-c has no podCIDR
const LOG_NO_CIDR = `I0412 07:31:09.922391       1 match.go:264] Using interface with name eth0 and address 192.168.40.13
Apr 12 07:31:09 edge-c flanneld[812]: E0412 07:31:09.924788       1 main.go:335] Error registering network: failed to acquire lease: node "edge-c" pod cidr not assigned
Apr 12 07:31:09 edge-c flanneld[812]: I0412 07:31:09.924857       1 main.go:448] Stopping shutdownHandler...`;
const LOG_OK = `I0412 07:31:09.922391       1 match.go:264] Using interface with name eth0 and address 192.168.40.13
Apr 12 07:31:09 edge-c flanneld[812]: I0412 07:31:09.931000       1 kube.go:483] Current network or subnet (10.70.0.0/16, 10.70.2.0/24) is not equal to previous one (0.0.0.0/0, 0.0.0.0/0), trying to recycle old iptables rules
Apr 12 07:31:09 edge-c flanneld[812]: I0412 07:31:09.935811       1 main.go:356] Wrote subnet file to /run/flannel/subnet.env`;
const C_ADDR = `1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000
    inet 127.0.0.1/8 scope host lo
       valid_lft forever preferred_lft forever
2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel state UP group default qlen 1000
    inet 192.168.40.13/24 brd 192.168.40.255 scope global eth0
       valid_lft forever preferred_lft forever
3: flannel.1: <BROADCAST,MULTICAST> mtu 1450 qdisc noop state DOWN group default`;
const C_ROUTES = `default via 192.168.40.1 dev eth0 proto static 
192.168.40.0/24 dev eth0 proto kernel scope link src 192.168.40.13 `;
const A_ROUTES = `default via 192.168.40.1 dev eth0 proto static 
10.70.0.0/24 dev cni0 proto kernel scope link src 10.70.0.1 
10.70.1.0/24 via 10.70.1.0 dev flannel.1 onlink 
192.168.40.0/24 dev eth0 proto kernel scope link src 192.168.40.11 `;

ruleCases(leaseFailure, {
  valid: [
    { name: 'flannel got its lease', nodes: { 'edge-c': { 'journalctl -u flanneld --no-pager': LOG_OK } } },
    {
      name: 'a failure followed by a lease',
      nodes: { 'edge-c': { 'journalctl -u flanneld --no-pager': `${LOG_NO_CIDR}\nApr 12 07:35:00 edge-c flanneld[812]: I0412 07:35:00.100000       1 main.go:300] Lease acquired: 10.70.2.0/24` } },
    },
  ],
  invalid: [
    {
      name: 'node has no pod CIDR: flannel.1 without an address, no cni0, no routes',
      nodes: {
        'edge-a': { 'ip route': A_ROUTES },
        'edge-c': { 'ip addr': C_ADDR, 'ip route': C_ROUTES, 'journalctl -u flanneld --no-pager': LOG_NO_CIDR },
      },
      // the first /24 of 10.70.0.0/16 that neither edge-a's lease nor edge-b's (which edge-a routes to,
      // edge-b not shown) holds: edge-c, which got no lease, is never taken for edge-b's owner
      findings: [{ messageId: 'noPodCidr', host: 'edge-c', data: { host: 'edge-c', node: 'edge-c', error: 'failed to acquire lease: node "edge-c" pod cidr not assigned', count: 1 }, role: 'root-cause', severity: 'error', fix: ['kubectl patch node edge-c -p \'{"spec":{"podCIDR":"10.70.2.0/24","podCIDRs":["10.70.2.0/24"]}}\'', 'kubectl -n kube-flannel delete pod -l app=flannel --field-selector spec.nodeName=edge-c'] }],
    },
  ],
});

describe('freeSubnet: the first subnet of the network that no lease overlaps', () => {
  // what it computes, one candidate at a time against every lease
  const naive = (network: Prefix4, length: number, taken: Prefix4[]): Prefix4 | null => {
    if (length < network.length || length > 30) return null;
    const size = 2 ** (32 - length);
    for (let i = 0; i < Math.min(2 ** (length - network.length), 65536); i++) {
      const candidate = { network: (network.network + i * size) >>> 0, length };
      if (!taken.some((t) => prefixesOverlap(t, candidate))) return candidate;
    }
    return null;
  };
  const network = parsePrefix4('10.70.0.0/16') as Prefix4;
  const lease = fc.record({ third: fc.integer({ min: 0, max: 300 }), fourth: fc.integer({ min: 0, max: 255 }), length: fc.integer({ min: 14, max: 32 }) })
    .map(({ third, fourth, length }) => parsePrefix4(`10.${third > 255 ? 71 : 70}.${third % 256}.${fourth}/${length}`) as Prefix4);

  it('agrees with a check of every candidate against every lease', () => {
    fc.assert(fc.property(fc.array(lease, { maxLength: 40 }), fc.integer({ min: 16, max: 26 }), (taken, length) => {
      expect(freeSubnet(network, length, taken)).toEqual(naive(network, length, taken));
    }), { numRuns: 300 });
  });

  it('finds the gap after 250 leases of /24 in order, and none in a full /16', () => {
    const leases = Array.from({ length: 250 }, (_, i) => parsePrefix4(`10.70.${i}.0/24`) as Prefix4);
    expect(freeSubnet(network, 24, leases)).toEqual(parsePrefix4('10.70.250.0/24'));
    expect(freeSubnet(network, 24, [...leases, parsePrefix4('10.70.250.0/23') as Prefix4, parsePrefix4('10.70.252.0/22') as Prefix4])).toBeNull();
    // a lease of one address at the last address of a candidate takes the candidate
    expect(freeSubnet(network, 24, [parsePrefix4('10.70.0.0/24') as Prefix4, parsePrefix4('10.70.1.255/32') as Prefix4])).toEqual(parsePrefix4('10.70.2.0/24'));
  });
});
