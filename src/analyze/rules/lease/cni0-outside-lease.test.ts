import { ruleCases } from '../../../../test/support/rule-cases';
import { cni0OutsideLease } from './cni0-outside-lease';

// pod network 10.60.0.0/16: rack-a 10.60.0.0/24, rack-b 10.60.4.0/24 (cni0 kept 10.60.9.1 from its old lease), rack-c 10.60.2.0/24
const addr = (vtep: string, cni0: string): string => `3: flannel.1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UNKNOWN group default 
    inet ${vtep}/32 scope global flannel.1
       valid_lft forever preferred_lft forever
4: cni0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UP group default qlen 1000
    inet ${cni0}/24 brd ${cni0.replace(/\.1$/, '.255')} scope global cni0
       valid_lft forever preferred_lft forever`;
const routesOf = (own: string, peers: string[]): string => [
  `${own}.0/24 dev cni0 proto kernel scope link src ${own}.1 `,
  ...peers.map((p) => `${p}.0/24 via ${p}.0 dev flannel.1 onlink `),
].join('\n');
const peers = {
  'rack-a': { 'ip route': routesOf('10.60.0', ['10.60.4', '10.60.2']) },
  'rack-c': { 'ip route': routesOf('10.60.2', ['10.60.0', '10.60.4']) },
};

ruleCases(cni0OutsideLease, {
  valid: [
    { name: 'cni0 at the .1 of the lease', nodes: { 'rack-b': { 'ip -4 addr': addr('10.60.4.0', '10.60.4.1') }, ...peers } },
    {
      name: 'a lease known only from cni0 itself proves nothing against it',
      nodes: { 'rack-b': { 'ip -4 addr': addr('10.60.9.0', '10.60.9.1').split('\n').slice(3).join('\n') } },
    },
  ],
  invalid: [
    {
      name: "cni0 kept the old lease's gateway after rack-b got 10.60.4.0/24",
      nodes: { 'rack-b': { 'ip -4 addr': addr('10.60.4.0', '10.60.9.1') }, ...peers },
      findings: [{
        messageId: 'outside', host: 'rack-b', role: 'root-cause', severity: 'error',
        data: { host: 'rack-b', address: '10.60.9.1', subnet: '10.60.4.0/24' },
        evidence: [
          { host: 'rack-b', format: 'ip-addr', span: { line: 6 } },
          { host: 'rack-a', format: 'ip-route', span: { line: 10 } },
          { host: 'rack-b', format: 'ip-addr', span: { line: 3 } },
        ],
        fix: ['ip link set cni0 down', 'ip link delete cni0', 'kubectl delete pods --all-namespaces --field-selector spec.nodeName=rack-b'],
      }],
    },
    {
      name: 'subnet.env names the lease',
      nodes: { 'rack-b': { 'ip -4 addr': addr('10.60.4.0', '10.60.9.1'), 'cat /run/flannel/subnet.env': 'FLANNEL_NETWORK=10.60.0.0/16\nFLANNEL_SUBNET=10.60.4.1/24\nFLANNEL_MTU=1450\nFLANNEL_IPMASQ=true' } },
      findings: [{ messageId: 'outside', host: 'rack-b', data: { host: 'rack-b', address: '10.60.9.1', subnet: '10.60.4.0/24' }, role: 'root-cause', severity: 'error', fix: ['ip link set cni0 down', 'ip link delete cni0', 'kubectl delete pods --all-namespaces --field-selector spec.nodeName=rack-b'] }],
    },
  ],
});
