import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../../../test/support/corpus';
import { ruleCases } from '../../../../test/support/rule-cases';
import { bridgeNfCallIptablesDisabled } from './bridge-nf-call-iptables-disabled';
import { A_ADDR, B_ROUTES, PLAIN_ADDR } from '../../../../test/fixtures/kernel-nodes';

// synthetic: an excerpt of `sysctl -a` as a whole listing (lines of the lab's nssys-node-ok capture), without net.bridge.*
const SYSCTL_A_NO_BRIDGE = `abi.vsyscall32 = 1
net.core.somaxconn = 4096
net.ipv4.conf.all.rp_filter = 0
net.ipv4.ip_forward = 1
vm.swappiness = 60`;
// real: the lab's sysctl -a of a namespace with bridge-nf-call-iptables 0 (corpus/lab/sysctl-lab.sh)
const LAB_SYSCTL_A = readFileSync(join(ROOT, 'corpus/captures/sysctl/node-broken__sysctl_-a.txt'), 'utf8');
const LAB_LINE = 18 + LAB_SYSCTL_A.split('\n').indexOf('net.bridge.bridge-nf-call-iptables = 0') + 1;

ruleCases(bridgeNfCallIptablesDisabled, {
  valid: [
    { name: 'bridge-nf-call-iptables 1', nodes: { 'node-a': { 'ip addr': A_ADDR, 'sysctl net.bridge.bridge-nf-call-iptables': 'net.bridge.bridge-nf-call-iptables = 1' } } },
    { name: '0 on a host without a CNI bridge', nodes: { db1: { 'ip addr': PLAIN_ADDR, 'sysctl net.bridge.bridge-nf-call-iptables': 'net.bridge.bridge-nf-call-iptables = 0' } } },
    { name: 'a grep of sysctl -a proves no absence', nodes: { 'node-a': { 'ip addr': A_ADDR, 'sysctl -a | grep ip_forward': 'net.ipv4.ip_forward = 1' } } },
    { name: 'a --pattern listing of other keys proves no absence', nodes: { 'node-a': { 'ip addr': A_ADDR, "sysctl -a --pattern '^net\\.ipv4\\.'": 'net.ipv4.ip_forward = 1' } } },
    { name: 'nothing about the key', nodes: { 'node-a': { 'ip addr': A_ADDR, 'sysctl net.ipv4.ip_forward': 'net.ipv4.ip_forward = 1' } } },
  ],
  invalid: [
    {
      name: 'bridge-nf-call-iptables 0 on a node with cni0',
      nodes: { 'node-a': { 'ip addr': A_ADDR, 'sysctl net.bridge.bridge-nf-call-iptables': 'net.bridge.bridge-nf-call-iptables = 0' }, 'node-b': { 'ip route': B_ROUTES } },
      findings: [{
        messageId: 'disabled', host: 'node-a', severity: 'error', role: 'root-cause',
        data: { host: 'node-a', key: 'net.bridge.bridge-nf-call-iptables', bridge: 'cni0' },
        evidence: [{ host: 'node-a', format: 'sysctl', span: { line: 19 } }, { host: 'node-a', format: 'ip-addr', span: { line: 14 } }],
        fix: ['sysctl -w net.bridge.bridge-nf-call-iptables=1', 'echo \'net.bridge.bridge-nf-call-iptables = 1\' > /etc/sysctl.d/99-kubernetes-bridge-nf.conf'],
      }],
    },
    {
      name: 'the lab\'s sysctl -a (nssys-node-broken)',
      nodes: { 'node-a': { 'ip addr': A_ADDR, 'sysctl -a': LAB_SYSCTL_A } },
      findings: [{
        messageId: 'disabled', host: 'node-a', data: { host: 'node-a', key: 'net.bridge.bridge-nf-call-iptables', bridge: 'cni0' },
        evidence: [{ host: 'node-a', format: 'sysctl', span: { line: LAB_LINE } }, { host: 'node-a', format: 'ip-addr', span: { line: 14 } }],
        role: 'root-cause', severity: 'error', fix: ['sysctl -w net.bridge.bridge-nf-call-iptables=1', 'echo \'net.bridge.bridge-nf-call-iptables = 1\' > /etc/sysctl.d/99-kubernetes-bridge-nf.conf'],
      }],
    },
    {
      name: 'br_netfilter not loaded: sysctl cannot stat the key',
      nodes: { 'node-a': { 'ip addr': A_ADDR, 'sysctl net.bridge.bridge-nf-call-iptables': 'sysctl: cannot stat /proc/sys/net/bridge/bridge-nf-call-iptables: No such file or directory' } },
      findings: [{
        messageId: 'notLoaded', host: 'node-a', data: { host: 'node-a', key: 'net.bridge.bridge-nf-call-iptables', bridge: 'cni0' },
        evidence: [{ host: 'node-a', format: 'sysctl', span: { line: 19 } }, { host: 'node-a', format: 'ip-addr', span: { line: 14 } }],
        role: 'root-cause', severity: 'error', fix: ['modprobe br_netfilter', 'echo br_netfilter > /etc/modules-load.d/k8s.conf', 'sysctl -w net.bridge.bridge-nf-call-iptables=1', 'echo \'net.bridge.bridge-nf-call-iptables = 1\' > /etc/sysctl.d/99-kubernetes-bridge-nf.conf'],
      }],
    },
    {
      name: 'br_netfilter not loaded: cat finds no /proc/sys file for the key',
      nodes: { 'node-a': { 'ip addr': A_ADDR, 'cat /proc/sys/net/bridge/bridge-nf-call-iptables': 'cat: /proc/sys/net/bridge/bridge-nf-call-iptables: No such file or directory' } },
      findings: [{
        messageId: 'notLoaded', host: 'node-a', data: { host: 'node-a', key: 'net.bridge.bridge-nf-call-iptables', bridge: 'cni0' },
        evidence: [{ host: 'node-a', format: 'sysctl', span: { line: 19 } }, { host: 'node-a', format: 'ip-addr', span: { line: 14 } }],
        role: 'root-cause', severity: 'error', fix: ['modprobe br_netfilter', 'echo br_netfilter > /etc/modules-load.d/k8s.conf', 'sysctl -w net.bridge.bridge-nf-call-iptables=1', 'echo \'net.bridge.bridge-nf-call-iptables = 1\' > /etc/sysctl.d/99-kubernetes-bridge-nf.conf'],
      }],
    },
    {
      name: 'br_netfilter not loaded: cat of several /proc/sys files, the key\'s missing (its error among the values)',
      nodes: { 'node-a': { 'ip addr': A_ADDR, 'cat /proc/sys/net/ipv4/ip_forward /proc/sys/net/bridge/bridge-nf-call-iptables /proc/sys/net/ipv4/conf/all/rp_filter': '1\ncat: /proc/sys/net/bridge/bridge-nf-call-iptables: No such file or directory\n0' } },
      findings: [{
        messageId: 'notLoaded', host: 'node-a', data: { host: 'node-a', key: 'net.bridge.bridge-nf-call-iptables', bridge: 'cni0' },
        evidence: [{ host: 'node-a', format: 'sysctl', span: { line: 20 } }, { host: 'node-a', format: 'ip-addr', span: { line: 14 } }],
        role: 'root-cause', severity: 'error', fix: ['modprobe br_netfilter', 'echo br_netfilter > /etc/modules-load.d/k8s.conf', 'sysctl -w net.bridge.bridge-nf-call-iptables=1', 'echo \'net.bridge.bridge-nf-call-iptables = 1\' > /etc/sysctl.d/99-kubernetes-bridge-nf.conf'],
      }],
    },
    {
      name: 'br_netfilter not loaded: a whole sysctl -a without net.bridge',
      nodes: { 'node-a': { 'ip addr': A_ADDR, 'sysctl -a': SYSCTL_A_NO_BRIDGE } },
      findings: [{
        messageId: 'notLoaded', host: 'node-a', data: { host: 'node-a', key: 'net.bridge.bridge-nf-call-iptables', bridge: 'cni0' },
        evidence: [{ host: 'node-a', format: 'sysctl', span: { line: 19 }, absent: true }, { host: 'node-a', format: 'ip-addr', span: { line: 14 } }],
        role: 'root-cause', severity: 'error', fix: ['modprobe br_netfilter', 'echo br_netfilter > /etc/modules-load.d/k8s.conf', 'sysctl -w net.bridge.bridge-nf-call-iptables=1', 'echo \'net.bridge.bridge-nf-call-iptables = 1\' > /etc/sysctl.d/99-kubernetes-bridge-nf.conf'],
      }],
    },
    {
      name: 'br_netfilter not loaded: sysctl -a --pattern ^net\\. without net.bridge',
      nodes: { 'node-a': { 'ip addr': A_ADDR, "sysctl -a --pattern '^net\\.'": 'net.core.somaxconn = 4096\nnet.ipv4.ip_forward = 1' } },
      findings: [{ messageId: 'notLoaded', host: 'node-a', data: { host: 'node-a', key: 'net.bridge.bridge-nf-call-iptables', bridge: 'cni0' }, role: 'root-cause', severity: 'error', fix: ['modprobe br_netfilter', 'echo br_netfilter > /etc/modules-load.d/k8s.conf', 'sysctl -w net.bridge.bridge-nf-call-iptables=1', 'echo \'net.bridge.bridge-nf-call-iptables = 1\' > /etc/sysctl.d/99-kubernetes-bridge-nf.conf'] }],
    },
  ],
});
