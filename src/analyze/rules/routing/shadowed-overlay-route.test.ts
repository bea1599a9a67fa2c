import { ruleCases } from '../../../../test/support/rule-cases';
import { shadowedOverlayRoute } from './shadowed-overlay-route';

// pod network 10.128.0.0/16: m1 10.128.0.0/24, m2 10.128.1.0/24; underlay 203.0.113.0/24
const m1 = (extra: string): string => `default via 203.0.113.1 dev eth0 proto dhcp metric 100 
10.128.0.0/24 dev cni0 proto kernel scope link src 10.128.0.1 
10.128.1.0/24 via 10.128.1.0 dev flannel.1 onlink 
${extra}203.0.113.0/24 dev eth0 proto kernel scope link src 203.0.113.10 metric 100 `;
const m2 = { 'ip route': '10.128.0.0/24 via 10.128.0.0 dev flannel.1 onlink \n10.128.1.0/24 dev cni0 proto kernel scope link src 10.128.1.1 ' };

ruleCases(shadowedOverlayRoute, {
  valid: [
    { name: "flannel's routes only", nodes: { m1: { 'ip route': m1('') }, m2 } },
    { name: 'a blackhole is routing/stale-blackhole\'s', nodes: { m1: { 'ip route': m1('blackhole 10.128.1.0/26 proto bird \n') }, m2 } },
    { name: 'a route wider than the lease loses to it', nodes: { m1: { 'ip route': m1('10.128.0.0/16 via 203.0.113.1 dev eth0 \n') }, m2 } },
  ],
  invalid: [
    {
      name: "a static /25 via the underlay gateway inside m2's lease",
      nodes: { m1: { 'ip route': m1('10.128.1.128/25 via 203.0.113.254 dev eth0 proto static \n') }, m2 },
      findings: [{
        messageId: 'shadowed', host: 'm1', role: 'root-cause', severity: 'error',
        data: { host: 'm1', network: '10.128.1.128/25', target: 'via 203.0.113.254 dev eth0', peer: 'm2', subnet: '10.128.1.0/24', range: '10.128.1.128–10.128.1.255' },
        evidence: [{ host: 'm1', format: 'ip-route', span: { line: 5 } }, { host: 'm2', format: 'ip-route', span: { line: 9 } }],
        fix: ['ip route del 10.128.1.128/25 via 203.0.113.254 dev eth0'],
      }],
    },
    {
      name: 'a host route to one pod through a VPN device',
      nodes: { m1: { 'ip route': m1('10.128.1.7 dev wg0 scope link \n') }, m2 },
      findings: [{ messageId: 'shadowed', host: 'm1', data: { host: 'm1', network: '10.128.1.7/32', target: 'dev wg0', peer: 'm2', subnet: '10.128.1.0/24', range: '10.128.1.7–10.128.1.7' }, role: 'root-cause', severity: 'error', fix: ['ip route del 10.128.1.7/32 dev wg0'] }],
    },
  ],
});
