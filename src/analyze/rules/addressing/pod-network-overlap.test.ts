import { ruleCases } from '../../../../test/support/rule-cases';
import { podNetworkOverlap } from './pod-network-overlap';

// pod network 172.16.0.0/16 (subnet.env): n1 172.16.10.0/24, n2 172.16.20.0/24
const env = (subnet: string): string => `FLANNEL_NETWORK=172.16.0.0/16\nFLANNEL_SUBNET=${subnet}\nFLANNEL_MTU=1450\nFLANNEL_IPMASQ=true`;
const addr = (extra: string): string => `2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel state UP group default qlen 1000
    inet 192.168.77.11/24 brd 192.168.77.255 scope global eth0
       valid_lft forever preferred_lft forever
4: cni0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UP group default qlen 1000
    inet 172.16.10.1/24 brd 172.16.10.255 scope global cni0
       valid_lft forever preferred_lft forever
${extra}`;
const docker = (cidr: string, brd: string): string => `5: docker0: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 qdisc noqueue state DOWN group default 
    inet ${cidr} brd ${brd} scope global docker0
       valid_lft forever preferred_lft forever`;
const n2 = { 'cat /run/flannel/subnet.env': env('172.16.20.1/24') };

ruleCases(podNetworkOverlap, {
  valid: [
    { name: "docker0 on docker's default 172.17.0.0/16", nodes: { n1: { 'ip -4 addr': addr(docker('172.17.0.1/16', '172.17.255.255')), 'cat /run/flannel/subnet.env': env('172.16.10.1/24') }, n2 } },
    {
      name: 'a /32 in a peer lease is overlay/address-conflict\'s',
      nodes: { n1: { 'ip -4 addr': addr('6: vip0: <BROADCAST,NOARP,UP,LOWER_UP> mtu 1500 qdisc noqueue state UNKNOWN group default \n    inet 172.16.20.9/32 scope global vip0\n       valid_lft forever preferred_lft forever'), 'cat /run/flannel/subnet.env': env('172.16.10.1/24') }, n2 },
    },
  ],
  invalid: [
    {
      name: "docker0's bip inside n2's lease",
      nodes: { n1: { 'ip -4 addr': addr(docker('172.16.20.1/24', '172.16.20.255')), 'cat /run/flannel/subnet.env': env('172.16.10.1/24') }, n2 },
      findings: [{
        messageId: 'peerLease', host: 'n1', role: 'root-cause', severity: 'error',
        data: { host: 'n1', device: 'docker0', cidr: '172.16.20.1/24', network: '172.16.20.0/24', subnet: '172.16.20.0/24', peer: 'n2' },
        evidence: [{ host: 'n1', format: 'ip-addr', span: { line: 9 } }, { host: 'n2', format: 'flannel-subnet-env', span: { line: 18 } }],
        fix: ['ip addr del 172.16.20.1/24 dev docker0', 'jq \'.bip = "172.17.0.1/16"\' /etc/docker/daemon.json > /etc/docker/daemon.json.new && mv /etc/docker/daemon.json.new /etc/docker/daemon.json', 'systemctl restart docker'],
      }],
    },
    {
      name: 'a storage network inside the pod network, in no lease',
      nodes: { n1: { 'ip -4 addr': addr('7: eth1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 9000 qdisc mq state UP group default qlen 1000\n    inet 172.16.200.11/24 brd 172.16.200.255 scope global eth1\n       valid_lft forever preferred_lft forever'), 'cat /run/flannel/subnet.env': env('172.16.10.1/24') }, n2 },
      findings: [{ messageId: 'insideNetwork', host: 'n1', severity: 'warning', data: { host: 'n1', device: 'eth1', cidr: '172.16.200.11/24', network: '172.16.200.0/24', podNetwork: '172.16.0.0/16', inferred: '' }, role: 'root-cause', fix: ['ip addr del 172.16.200.11/24 dev eth1'] }],
    },
    {
      name: "docker0 inside the node's own lease",
      nodes: { n1: { 'ip -4 addr': addr(docker('172.16.10.129/25', '172.16.10.255')), 'cat /run/flannel/subnet.env': env('172.16.10.1/24') }, n2 },
      findings: [{ messageId: 'ownLease', host: 'n1', severity: 'error', data: { host: 'n1', device: 'docker0', cidr: '172.16.10.129/25', network: '172.16.10.128/25', subnet: '172.16.10.0/24', peer: 'n1' }, role: 'root-cause', fix: ['ip addr del 172.16.10.129/25 dev docker0', 'jq \'.bip = "172.17.0.1/16"\' /etc/docker/daemon.json > /etc/docker/daemon.json.new && mv /etc/docker/daemon.json.new /etc/docker/daemon.json', 'systemctl restart docker'] }],
    },
  ],
});
