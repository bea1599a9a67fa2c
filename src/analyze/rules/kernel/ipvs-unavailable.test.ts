import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ruleCases } from '../../../../test/support/rule-cases';
import { ipvsUnavailable } from './ipvs-unavailable';

// kube-proxy's IPVS-mode rules from the lab (corpus/lab/ipset-kube-proxy.sh, real); the ipvsadm error
// as ipvsadm 1.31 prints it without the ip_vs module (synthetic: this kernel has no IPVS to fail)
const RULES = readFileSync(join(__dirname, '../../../../corpus/captures/iptables-save/ipvs-node-a__iptables-save.txt'), 'utf8');
const FAILED = 'Can\'t initialize ipvs: Protocol not available\nAre you sure that IP Virtual Server is built in the kernel or as module?';
const TABLE = 'IP Virtual Server version 1.2.1 (size=4096)\nProt LocalAddress:Port Scheduler Flags\n  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\nTCP  10.96.0.1:443 rr\n  -> 192.168.10.11:6443           Masq    1      0          0         ';
// the modules now and at boot, then kube-proxy restarted on the node
const FIX = [
  'modprobe -a ip_vs ip_vs_rr ip_vs_wrr ip_vs_sh nf_conntrack',
  'printf \'%s\\n\' ip_vs ip_vs_rr ip_vs_wrr ip_vs_sh nf_conntrack > /etc/modules-load.d/ipvs.conf',
  'kubectl -n kube-system delete pod -l k8s-app=kube-proxy --field-selector spec.nodeName=node-a',
];
const PLAIN_NAT = '*nat\n:PREROUTING ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\n-A POSTROUTING -s 10.244.0.0/16 -j MASQUERADE\nCOMMIT';

ruleCases(ipvsUnavailable, {
  valid: [
    { name: 'IPVS mode with IPVS', nodes: { 'node-a': { 'iptables-save': RULES, 'ipvsadm -Ln': TABLE } } },
    { name: 'ipvsadm fails on a node that is not in IPVS mode', nodes: { 'node-a': { 'iptables-save': PLAIN_NAT, 'ipvsadm -Ln': FAILED } } },
    { name: 'ipvsadm run without root', nodes: { 'node-a': { 'iptables-save': RULES, 'ipvsadm -Ln': 'Can\'t initialize ipvs: Permission denied (you must be root)\nAre you sure that IP Virtual Server is built in the kernel or as module?' } } },
    { name: 'it fails, then works once the module is loaded', nodes: { 'node-a': [['iptables-save', RULES], ['ipvsadm -Ln', FAILED], ['ipvsadm -Ln', TABLE]] } },
  ],
  invalid: [
    {
      name: 'it worked, then fails: the last listing tells',
      nodes: { 'node-a': [['iptables-save', RULES], ['ipvsadm -Ln', TABLE], ['ipvsadm -Ln', FAILED]] },
      findings: [{
        messageId: 'unavailable', host: 'node-a', data: { host: 'node-a', reason: 'Can\'t initialize ipvs: Protocol not available' },
        role: 'root-cause', severity: 'error',
        fix: FIX,
      }],
    },
    {
      name: 'kube-proxy\'s IPVS-mode rules, and ipvsadm cannot initialize',
      nodes: { 'node-a': { 'iptables-save': RULES, 'ipvsadm -Ln': FAILED } },
      findings: [{
        messageId: 'unavailable', host: 'node-a', data: { host: 'node-a', reason: 'Can\'t initialize ipvs: Protocol not available' },
        role: 'root-cause', severity: 'error',
        fix: FIX,
      }],
    },
  ],
});
