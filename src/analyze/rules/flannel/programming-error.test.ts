import { ruleCases } from '../../../../test/support/rule-cases';
import { programmingError } from './programming-error';

// flannel's vxlan backend (backend/vxlan/vxlan_network.go): AddARP, AddFDB, then RouteReplace; on a
// failure it deletes what it added, and at shutdown deleting them again fails too
const LOG = 'kubectl logs -n kube-flannel kube-flannel-ds-q8m4t';
const START = `I0611 07:02:11.403118       1 main.go:235] Created subnet manager: Kubernetes Subnet Manager - worker-3
I0611 07:02:11.403260       1 main.go:390] Lease acquired: 10.42.3.0/24
I0611 07:02:11.512044       1 vxlan_network.go:137] adding subnet: 10.42.1.0/24 PublicIP: 192.168.50.12 VtepMAC: 6e:11:aa:00:00:0b`;

ruleCases(programmingError, {
  valid: [
    {
      name: 'a clean start: every subnet added',
      nodes: { 'worker-3': { [LOG]: `${START}\nI0611 07:02:11.512301       1 vxlan_network.go:137] adding subnet: 10.42.2.0/24 PublicIP: 192.168.50.13 VtepMAC: 6e:11:aa:00:00:0c` } },
    },
    {
      name: 'errors that are not about programming a peer',
      nodes: { 'worker-3': { [LOG]: `${START}\nE0611 07:02:21.403793       1 iptables.go:307] Failed to ensure iptables rules: Error checking rule existence: exit status 1` } },
    },
  ],
  invalid: [
    {
      name: 'the route add fails with EINVAL (a local address is its gateway)',
      nodes: { 'worker-3': { [LOG]: `${START}\nE0611 07:02:11.512377       1 vxlan_network.go:158] failed to add vxlanRoute (10.42.1.0/24 -> 10.42.1.0): invalid argument` } },
      findings: [{
        messageId: 'routeAddInvalid', host: 'worker-3', role: 'root-cause', severity: 'error',
        data: { host: 'worker-3', subnet: '10.42.1.0/24', gateway: '10.42.1.0', error: 'invalid argument' },
        evidence: [{ host: 'worker-3', format: 'flannel-log', span: { line: 5 } }],
        fix: [],
      }],
    },
    {
      name: 'at shutdown the route, neighbour and FDB deletes fail: symptoms of the failed add',
      nodes: {
        'worker-3': {
          [LOG]: `${START}
E0611 07:02:11.512377       1 vxlan_network.go:158] failed to add vxlanRoute (10.42.1.0/24 -> 10.42.1.0): invalid argument
I0611 09:40:03.118640       1 main.go:337] shutdownHandler sent cancel signal...
E0611 09:40:03.118702       1 vxlan_network.go:191] failed to delete vxlanRoute (10.42.1.0/24 -> 10.42.1.0): no such process
E0611 09:40:03.118731       1 vxlan_network.go:183] DelARP failed: no such file or directory`,
        },
      },
      findings: [
        { messageId: 'routeAddInvalid', host: 'worker-3', role: 'root-cause', data: { host: 'worker-3', subnet: '10.42.1.0/24', gateway: '10.42.1.0', error: 'invalid argument' }, evidence: [{ host: 'worker-3', format: 'flannel-log', span: { line: 5 } }], severity: 'error', fix: [] },
        {
          messageId: 'routeDelete', host: 'worker-3', role: 'symptom', severity: 'warning',
          data: { host: 'worker-3', subnet: '10.42.1.0/24', gateway: '10.42.1.0', error: 'no such process' },
          evidence: [{ host: 'worker-3', format: 'flannel-log', span: { line: 7 } }],
          fix: [],
        },
        {
          messageId: 'entry', host: 'worker-3', role: 'symptom', severity: 'warning',
          data: { host: 'worker-3', operation: 'delete', table: 'neighbour (ARP)', error: 'no such file or directory' },
          evidence: [{ host: 'worker-3', format: 'flannel-log', span: { line: 8 } }],
          fix: [],
        },
      ],
    },
    {
      name: 'the same route add failing on every retry is one finding, citing the first and the last line',
      nodes: {
        'worker-3': {
          [LOG]: `${START}
E0611 07:02:11.512377       1 vxlan_network.go:158] failed to add vxlanRoute (10.42.1.0/24 -> 10.42.1.0): invalid argument
I0611 07:12:11.403260       1 vxlan_network.go:137] adding subnet: 10.42.1.0/24 PublicIP: 192.168.50.12 VtepMAC: 6e:11:aa:00:00:0b
E0611 07:12:11.512377       1 vxlan_network.go:158] failed to add vxlanRoute (10.42.1.0/24 -> 10.42.1.0): invalid argument
I0611 07:22:11.403260       1 vxlan_network.go:137] adding subnet: 10.42.1.0/24 PublicIP: 192.168.50.12 VtepMAC: 6e:11:aa:00:00:0b
E0611 07:22:11.512377       1 vxlan_network.go:158] failed to add vxlanRoute (10.42.1.0/24 -> 10.42.1.0): invalid argument
E0611 07:22:11.512380       1 vxlan_network.go:158] failed to add vxlanRoute (10.42.1.0/24 -> 10.42.1.0): file exists`,
        },
      },
      findings: [
        {
          messageId: 'routeAddInvalidRepeated', host: 'worker-3', role: 'root-cause', severity: 'error',
          data: { host: 'worker-3', subnet: '10.42.1.0/24', gateway: '10.42.1.0', error: 'invalid argument', times: 3 },
          evidence: [{ host: 'worker-3', format: 'flannel-log', span: { line: 5 } }, { host: 'worker-3', format: 'flannel-log', span: { line: 9 } }],
          fix: [],
        },
        {
          messageId: 'routeAdd', host: 'worker-3', severity: 'error',
          data: { host: 'worker-3', subnet: '10.42.1.0/24', gateway: '10.42.1.0', error: 'file exists' },
          evidence: [{ host: 'worker-3', format: 'flannel-log', span: { line: 10 } }],
          role: 'root-cause', fix: [],
        },
      ],
    },
    {
      name: 'AddFDB failing for the same peer on every retry is one finding; another peer\'s failure (the subnet added before it) is its own',
      nodes: {
        'worker-3': {
          [LOG]: `${START}
E0611 07:02:11.512390       1 vxlan_network.go:140] AddFDB failed: operation not supported
I0611 07:12:11.403260       1 vxlan_network.go:137] adding subnet: 10.42.1.0/24 PublicIP: 192.168.50.12 VtepMAC: 6e:11:aa:00:00:0b
E0611 07:12:11.512390       1 vxlan_network.go:140] AddFDB failed: operation not supported
I0611 07:12:11.603260       1 vxlan_network.go:137] adding subnet: 10.42.2.0/24 PublicIP: 192.168.50.13 VtepMAC: 6e:11:aa:00:00:0c
E0611 07:12:11.612390       1 vxlan_network.go:140] AddFDB failed: operation not supported`,
        },
      },
      findings: [
        {
          messageId: 'entryRepeated', host: 'worker-3', severity: 'error',
          data: { host: 'worker-3', operation: 'add', table: 'FDB', error: 'operation not supported', times: 2 },
          evidence: [{ host: 'worker-3', format: 'flannel-log', span: { line: 5 } }, { host: 'worker-3', format: 'flannel-log', span: { line: 7 } }],
          role: 'root-cause', fix: [],
        },
        {
          messageId: 'entry', host: 'worker-3', severity: 'error',
          data: { host: 'worker-3', operation: 'add', table: 'FDB', error: 'operation not supported' },
          evidence: [{ host: 'worker-3', format: 'flannel-log', span: { line: 9 } }],
          role: 'root-cause', fix: [],
        },
      ],
    },
    {
      name: 'AddFDB fails (172.20.0.0/16)',
      nodes: {
        'kube-node-2': {
          'journalctl -u flanneld --no-pager': `Mar 05 08:12:40 kube-node-2 flanneld[812]: I0305 08:12:40.318455     812 vxlan_network.go:137] adding subnet: 172.20.3.0/24 PublicIP: 10.10.0.7 VtepMAC: 4a:1c:2e:00:00:07
Mar 05 08:12:40 kube-node-2 flanneld[812]: E0305 08:12:40.318790     812 vxlan_network.go:140] AddFDB failed: operation not supported`,
        },
      },
      findings: [{
        messageId: 'entry', host: 'kube-node-2', severity: 'error',
        data: { host: 'kube-node-2', operation: 'add', table: 'FDB', error: 'operation not supported' },
        evidence: [{ host: 'kube-node-2', format: 'flannel-log', span: { line: 3 } }],
        role: 'root-cause', fix: [],
      }],
    },
  ],
});
