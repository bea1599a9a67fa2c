import { ruleCases } from '../../../../test/support/rule-cases';
import { ipvsNoRealServers } from './ipvs-no-real-servers';

// synthetic, laid out as ip addr and ipvsadm 1.31 print them (this kernel has no IPVS): kube-proxy's
// IPVS mode on worker-1 (192.168.10.11) and worker-2 (192.168.10.12); shop/cart ClusterIP
// 10.96.3.40:80, shop/checkout NodePort 32100 (ClusterIP 10.96.8.15)
const addr = (node: string, vips: readonly string[]): string => [
  `2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel state UP group default qlen 1000`,
  '    link/ether 52:54:00:12:34:56 brd ff:ff:ff:ff:ff:ff',
  `    inet ${node}/24 brd 192.168.10.255 scope global eth0`,
  '       valid_lft forever preferred_lft forever',
  '3: kube-ipvs0: <BROADCAST,NOARP> mtu 1500 qdisc noop state DOWN group default',
  '    link/ether 6e:1c:2a:3b:4c:5d brd ff:ff:ff:ff:ff:ff',
  ...vips.flatMap((vip) => [`    inet ${vip}/32 scope global kube-ipvs0`, '       valid_lft forever preferred_lft forever']),
  '',
].join('\n');
const HEAD = 'IP Virtual Server version 1.2.1 (size=4096)\nProt LocalAddress:Port Scheduler Flags\n  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n';
const server = (name: string, weight = 1, active = 0, inactive = 0): string =>
  `  -> ${name.padEnd(28)} Masq    ${String(weight).padEnd(6)} ${String(active).padEnd(10)} ${String(inactive).padEnd(10)}\n`;
const SERVED = `TCP  10.96.0.1:443 rr\n${server('192.168.10.11:6443', 1, 3)}`;
const CART_EMPTY = 'TCP  10.96.3.40:80 rr\n';
const CART_DRAINING = `TCP  10.96.3.40:80 rr\n${server('10.244.1.7:8080', 0, 0, 2)}`;
const CHECKOUT = (node: string): string => `TCP  10.96.8.15:80 rr\nTCP  ${node}:32100 rr\n`;
const SERVICES = `NAMESPACE   NAME       TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)        AGE
shop        cart       ClusterIP   10.96.3.40   <none>        80/TCP         6d2h
shop        checkout   NodePort    10.96.8.15   <none>        80:32100/TCP   6d2h`;
const ENDPOINTS = `NAMESPACE   NAME   ENDPOINTS         AGE
shop        cart   10.244.2.9:8080   6d2h`;

ruleCases(ipvsNoRealServers, {
  valid: [
    { name: 'every virtual service has a real server', nodes: { 'worker-1': { 'ip addr': addr('192.168.10.11', ['10.96.0.1']), 'ipvsadm -Ln': HEAD + SERVED } } },
    { name: 'an empty IPVS table', nodes: { 'worker-1': { 'ipvsadm -Ln': HEAD } } },
    {
      name: 'a real server going away (weight 0) beside one that takes new connections',
      nodes: { 'worker-1': { 'ipvsadm -Ln': `${HEAD}${CART_DRAINING}${server('10.244.2.9:8080')}` } },
    },
  ],
  invalid: [
    {
      name: 'a ClusterIP and a NodePort without real servers, on two nodes, named by kubectl',
      nodes: {
        'worker-1': { 'ip addr': addr('192.168.10.11', ['10.96.0.1', '10.96.3.40', '10.96.8.15']), 'ipvsadm -Ln': HEAD + SERVED + CART_EMPTY + CHECKOUT('192.168.10.11') },
        'worker-2': { 'ip addr': addr('192.168.10.12', ['10.96.0.1', '10.96.3.40', '10.96.8.15']), 'ipvsadm -Ln': HEAD + SERVED + CART_EMPTY + CHECKOUT('192.168.10.12') },
      },
      cluster: { 'kubectl get svc -A': SERVICES },
      findings: [
        {
          messageId: 'none', host: 'worker-1', data: { service: 'shop/cart:80', hosts: 'worker-1, worker-2', addresses: 'TCP 10.96.3.40:80' },
          role: 'root-cause', severity: 'error', fix: ['kubectl -n shop describe service cart', 'kubectl -n shop get pods -o wide'],
        },
        {
          messageId: 'none', host: 'worker-1', data: { service: 'shop/checkout:80', hosts: 'worker-1, worker-2', addresses: 'TCP 10.96.8.15:80, TCP 192.168.10.11:32100, TCP 192.168.10.12:32100' },
          role: 'root-cause', severity: 'error', fix: ['kubectl -n shop describe service checkout', 'kubectl -n shop get pods -o wide'],
        },
      ],
    },
    {
      name: 'only a real server going away (weight 0): no new connection is scheduled',
      nodes: { 'worker-1': { 'ipvsadm -Ln': HEAD + CART_DRAINING } },
      findings: [{
        messageId: 'draining', host: 'worker-1', data: { service: 'IPVS virtual service TCP 10.96.3.40:80', hosts: 'worker-1', addresses: 'TCP 10.96.3.40:80', servers: '10.244.1.7:8080' },
        evidence: [{ host: 'worker-1', format: 'ipvsadm', span: { line: 5 } }, { host: 'worker-1', format: 'ipvsadm', span: { line: 6 } }],
        role: 'root-cause', severity: 'error', fix: ['kubectl get services -A -o wide', 'kubectl get endpoints -A'],
      }],
    },
    {
      // ipvsadm brackets an IPv6 address before its port; the finding names the servers so too
      name: 'an IPv6 virtual service whose only real server is going away',
      nodes: { 'worker-1': { 'ipvsadm -Ln': `${HEAD}TCP  [fd00:10:96::3:40]:80 rr\n${server('[fd00:10:244:1::7]:8080', 0, 0, 2)}` } },
      findings: [{
        messageId: 'draining', host: 'worker-1',
        data: { service: 'IPVS virtual service TCP [fd00:10:96::3:40]:80', hosts: 'worker-1', addresses: 'TCP [fd00:10:96::3:40]:80', servers: '[fd00:10:244:1::7]:8080' },
        role: 'root-cause', severity: 'error', fix: ['kubectl get services -A -o wide', 'kubectl get endpoints -A'],
      }],
    },
    {
      name: 'kubectl lists an endpoint IPVS does not have: kube-proxy is not syncing',
      nodes: { 'worker-1': { 'ip addr': addr('192.168.10.11', ['10.96.3.40']), 'ipvsadm -Ln': HEAD + CART_EMPTY } },
      cluster: { 'kubectl get svc -A': SERVICES, 'kubectl get endpoints -A': ENDPOINTS },
      findings: [{
        messageId: 'stale', host: 'worker-1', data: { service: 'shop/cart:80', hosts: 'worker-1', addresses: 'TCP 10.96.3.40:80', endpoints: '10.244.2.9:8080' },
        role: 'root-cause', severity: 'error', fix: ['kubectl -n kube-system delete pod -l k8s-app=kube-proxy --field-selector spec.nodeName=worker-1'],
      }],
    },
  ],
});
