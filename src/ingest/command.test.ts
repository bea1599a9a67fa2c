import { describe, expect, it } from 'vitest';
import { readCommand } from './command';
import { ingest } from '.';

const cases: [string, string | null, Record<string, string> | undefined, string?][] = [
  ['route -n', 'route-n', undefined],
  ['route -ne', 'route-n', undefined],
  ['route -nee', 'route-n', undefined],
  ['netstat -rn', 'route-n', undefined],
  ['ip r', 'ip-route', undefined],
  ['ip ro', 'ip-route', undefined],
  ['ip route', 'ip-route', undefined],
  ['ip route show', 'ip-route', undefined],
  ['ip -4 r s', 'ip-route', undefined],
  ['ip route show table all', 'ip-route', { table: 'all' }],
  // typed selectors, whole: one destination, each keyword once, the flags show takes
  ['ip route show table 100 default', 'ip-route', { table: '100' }],
  ['ip route show 10.244.0.0/16 proto kernel table main', 'ip-route', { table: 'main' }],
  ['ip route list match 10.10.1.1', 'ip-route', undefined],
  ['ip -4 route show cached', 'ip-route', undefined],
  ['ip route show to 10.0.0.0/8 dev eth0 scope link', 'ip-route', { dev: 'eth0' }],
  // a destination and its device alone: a typed command (a route ip prints goes on after its device)
  ['ip route show 10.244.1.0/24 dev flannel.1', 'ip-route', { dev: 'flannel.1' }],
  ['ip -d route', 'ip-route', undefined],
  ['ip a', 'ip-addr', undefined],
  ['ip addr', 'ip-addr', undefined],
  ['ip -d address', 'ip-addr', undefined],
  ['ip -o addr', 'ip-addr', undefined],
  ['ip addr show dev flannel.1', 'ip-addr', { dev: 'flannel.1' }],
  ['ip link', 'ip-link', undefined],
  ['ip -d link show flannel.1', 'ip-link', { dev: 'flannel.1' }],
  ['ip rule', 'ip-rule', undefined],
  ['ip ru', 'ip-rule', undefined],
  ['ip n', 'ip-neigh', undefined],
  ['ip neigh', 'ip-neigh', undefined],
  ['ip neigh show dev flannel.1', 'ip-neigh', { dev: 'flannel.1' }],
  ['bridge fdb show', 'bridge-fdb', undefined],
  ['bridge fdb show dev flannel.1', 'bridge-fdb', { dev: 'flannel.1' }],
  ['bridge fdb show br cni0', 'bridge-fdb', { filter: 'br cni0' }],
  ['bridge fdb show dev flannel.1 self permanent', 'bridge-fdb', { dev: 'flannel.1', filter: 'self permanent' }],
  ['ip neigh show nud reachable', 'ip-neigh', { filter: 'nud reachable' }],
  ['ip neigh show nud all', 'ip-neigh', undefined],
  ['ip neigh show to 10.244.0.0/16 dev flannel.1', 'ip-neigh', { dev: 'flannel.1', filter: 'to 10.244.0.0/16' }],
  ['ip neigh show 10.244.1.0', 'ip-neigh', { filter: '10.244.1.0' }],
  ['ip -4 addr show scope global', 'ip-addr', { filter: 'scope global' }],
  ['ip addr show up', 'ip-addr', { filter: 'up' }],
  ['ip -d link show type vxlan', 'ip-link', { filter: 'type vxlan' }],
  ['bridge fdb show flannel.1', 'bridge-fdb', undefined],
  ['ifconfig', 'ifconfig', undefined],
  ['ifconfig -a', 'ifconfig', undefined],
  ['ifconfig tunl0', 'ifconfig', undefined],
  ['ifconfig tunl0 down', null, undefined],
  ['iptables-save', 'iptables-save', undefined],
  ['iptables-save -t nat', 'iptables-save', undefined],
  ['iptables -S', 'iptables-list-rules', { table: 'filter' }],
  ['iptables -t nat -S KUBE-SERVICES', 'iptables-list-rules', { table: 'nat', chain: 'KUBE-SERVICES' }],
  ['iptables -L', 'iptables-list', { table: 'filter' }],
  ['iptables -t nat -L KUBE-NODEPORTS', 'iptables-list', { table: 'nat', chain: 'KUBE-NODEPORTS' }],
  ['iptables -t nat -nvL', 'iptables-list', { table: 'nat' }],
  ['iptables -L -n -v --line-numbers', 'iptables-list', { table: 'filter' }],
  ['iptables -tnat -nL POSTROUTING', 'iptables-list', { table: 'nat', chain: 'POSTROUTING' }],
  ['iptables -A INPUT -j DROP', null, undefined],
  ['kubectl logs -f -nkube-system kube-flannel-ds-fvj6h', 'flannel-log', undefined],
  ['kubectl -n kube-system logs kube-flannel-ds-abcde -c kube-flannel', 'flannel-log', undefined],
  ['journalctl -u flanneld --no-pager', 'flannel-log', undefined],
  ['cat /run/flannel/subnet.env', 'flannel-subnet-env', undefined],
  ['kubectl exec -n kube-system kube-flannel-ds-abcde -- ip route', 'ip-route', undefined],
  ['docker exec -it k8s_kube-flannel ip neigh show dev flannel.1', 'ip-neigh', { dev: 'flannel.1' }],
  ['docker logs --tail 50 k8s_kube-flannel_kube-flannel-ds-fvj6h_kube-system_5c1e_0', 'flannel-log', undefined],
  ['crictl logs --tail 50 3f2a9c1b7e', null, undefined],
  ['k -n kube-system logs kube-flannel-ds-fvj6h', 'flannel-log', undefined],
  ['k get pods -A -o wide', 'kubectl-get', undefined],
  ['watch -n1 route -n', 'route-n', undefined],
  ['watch -d -n 2 ip neigh show dev flannel.1', 'ip-neigh', { dev: 'flannel.1' }],
  // another network namespace than the node's: a pod's (not hostNetwork), a container's, a process's
  ['kubectl exec -it busybox-7d9f -- ip route', 'ip-route', { netns: 'pod busybox-7d9f' }],
  ['kubectl -n kube-system exec kube-proxy-x2c4 -- iptables-save', 'iptables-save', undefined],
  ['docker exec 3f2a9c ip addr', 'ip-addr', { netns: 'container 3f2a9c' }],
  ['docker exec k8s_kube-proxy_kube-proxy-x2c4_kube-system_0 iptables-save', 'iptables-save', undefined],
  ['docker exec etcd /bin/sh -c "etcdctl get /registry/minions/x"', 'etcdctl-get', { key: '/registry/minions/x' }],
  ['nsenter -t 23817 -n ip addr', 'ip-addr', { netns: 'pid 23817' }],
  // ip's own ways into a named namespace (the node's listing it is not)
  ['ip -n cni-5d2f addr', 'ip-addr', { netns: 'cni-5d2f' }],
  ['ip -netns cni-5d2f -br link', 'ip-link', { netns: 'cni-5d2f' }],
  ['ip netns exec cni-5d2f ip route', 'ip-route', { netns: 'cni-5d2f' }],
  ['sudo ip netns exec cni-5d2f ip -d link show eth0', 'ip-link', { netns: 'cni-5d2f', dev: 'eth0' }],
  ['nsenter -t23817 -n ip addr', 'ip-addr', { netns: 'pid 23817' }],
  ['kubectl -n kube-flannel exec ds/kube-flannel-ds -- ip route', 'ip-route', undefined],
  ['kubectl -n kube-system exec aws-node-7x2kq -- ip route', 'ip-route', undefined],
  ['nsenter --target=23817 --net ip route', 'ip-route', { netns: 'pid 23817' }],
  ['nsenter --net=/var/run/netns/cni-1f2e ip route', 'ip-route', { netns: '/var/run/netns/cni-1f2e' }],
  ['nsenter -t 1 -m -u -i -n -p ip route', 'ip-route', undefined],
  ['nsenter -t 23817 -m ip route', 'ip-route', undefined],
  ['sudo ip -4 route show', 'ip-route', undefined],
  ['kubectl get pods -A -owide', 'kubectl-get', undefined],
  ['etcdctl get /coreos.com/network/subnets --prefix', 'etcdctl-get', { key: '/coreos.com/network/subnets' }],
  ['ETCDCTL_API=3 etcdctl --endpoints=https://192.168.86.188:2379 get /coreos.com/network/subnets/10.244.2.0-24', 'etcdctl-get', { key: '/coreos.com/network/subnets/10.244.2.0-24' }],
  ['etcdctl -w json get /registry/minions/host189', 'etcdctl-get', { key: '/registry/minions/host189' }],
  ['etcdctl get /registry/minions/ --prefix --write-out=json', 'etcdctl-get', { key: '/registry/minions/' }],
  ['etcdctl get /registry/minions/host189 -w fields', null, undefined],
  ['nft list ruleset', 'nft-ruleset', undefined],
  ['nft -a list ruleset', 'nft-ruleset', undefined],
  ['sudo nft list table ip nat', 'nft-ruleset', undefined],
  ['nft list chain ip kube-proxy services', 'nft-ruleset', undefined],
  ['nft -j list ruleset', 'nft-ruleset', undefined],
  ['sudo nft --json -a list table ip kube-proxy', 'nft-ruleset', undefined],
  ['nft -aj list chain ip nat KUBE-SERVICES', 'nft-ruleset', undefined],
  ['nft flush ruleset', null, undefined],
  // the names of Object.prototype's members are no nft objects
  ['nft list constructor', null, undefined],
  ['nft list __proto__', null, undefined],
  ['nft list toString', null, undefined],
  ['docker exec etcd /bin/sh -c "export ETCDCTL_API=3 && etcdctl --endpoints=$ENDPOINTS $TLS_CERT get /registry/minions/host189"', 'etcdctl-get', { key: '/registry/minions/host189' }],
  ['kubectl get nodes -o json', 'kubectl-get', undefined],
  ['kubectl get -o json nodes', 'kubectl-get', undefined],
  ['kubectl get pods -A -oyaml', 'kubectl-get', undefined],
  ['kubectl get svc -n prometheus --output=yaml', 'kubectl-get', { namespace: 'prometheus' }],
  ['kubectl get endpointslices -o=json', 'kubectl-get', undefined],
  ['kubectl get nodes -o name', null, undefined],
  ['curl http://192.168.86.188:30038/targets', null, undefined],
  ['lsmod', null, undefined],
  ['ip tunnel show', null, undefined],
  ['ip route del 10.244.2.0/24', null, undefined],
  ['ip -br link', 'ip-link', undefined],
  ['ip -br link show eth0', 'ip-link', { dev: 'eth0' }],
  ['ip route get 172.20.2.15', 'ip-route', { get: '172.20.2.15' }],
  // a command that lists nothing of the network before the listing on its line
  ['cd /tmp && ip route', 'ip-route', undefined],
  ['date; iptables -t nat -S KUBE-SERVICES', 'iptables-list-rules', { table: 'nat', chain: 'KUBE-SERVICES' }],
  ['busybox route -n', 'route-n', undefined],
  ['runuser -u nobody -- sysctl -a', 'sysctl', { listing: 'all' }],
  ['ip nexthop show', 'ip-route', undefined],
  ['bridge -4 fdb show', 'bridge-fdb', undefined],
  ['ip route get 10.244.1.5 from 10.244.0.7 iif cni0 mark 0x10', 'ip-route', { get: '10.244.1.5', from: '10.244.0.7', iif: 'cni0', mark: '0x10' }],
  ['ping -c 2 -W 1 10.42.3.5', null, undefined],
  // sysctl (procps-ng): -a lists every key, -n prints values alone (their keys from the command), -N names alone
  ['sysctl -a', 'sysctl', { listing: 'all' }],
  ['sysctl -a --pattern ^net', 'sysctl', { listing: 'all', pattern: '^net' }],
  ["sysctl -a -r '^net\\.bridge'", 'sysctl', { listing: 'all', pattern: '^net\\.bridge' }],
  ['sysctl net.ipv4.ip_forward', 'sysctl', undefined],
  ['sysctl -n net.ipv4.ip_forward', 'sysctl', { key: 'net.ipv4.ip_forward' }],
  ['sysctl -n net/ipv4/conf/flannel.1/rp_filter net.ipv4.conf.all.rp_filter', 'sysctl', { key: 'net.ipv4.conf.flannel/1.rp_filter net.ipv4.conf.all.rp_filter' }],
  ['sysctl -w net.ipv4.ip_forward=1', 'sysctl', undefined],
  ['sysctl -p /etc/sysctl.d/k8s.conf', 'sysctl', undefined],
  ['sysctl --system', 'sysctl', undefined],
  ['sysctl -N -a', null, undefined],
  ['cat /proc/sys/net/ipv4/ip_forward', 'sysctl', { key: 'net.ipv4.ip_forward' }],
  // ipset(8): list and save print sets (one set's when named); the other commands print none
  ['ipset list', 'ipset', undefined],
  ['ipset -L', 'ipset', undefined],
  ['ipset list KUBE-CLUSTER-IP', 'ipset', undefined],
  ['ipset list -t', 'ipset', undefined],
  ['ipset -o plain list KUBE-NODE-PORT-TCP', 'ipset', undefined],
  ['ipset save', 'ipset', undefined],
  ['ipset add KUBE-CLUSTER-IP 10.96.0.1,tcp:443', null, undefined],
  // ipset 7.17: -n lists the sets' names alone, -o xml lists XML; neither is ipset list's layout
  ['ipset list -n', null, undefined],
  ['ipset -n list', null, undefined],
  ['ipset list -name', null, undefined],
  ['ipset -o xml list KUBE-CLUSTER-IP', null, undefined],
  ['ipset flush', null, undefined],
  // ipvsadm(8): every listing (and ipvsadm alone) reads as ipvsadm; a change prints nothing of the table
  ['ipvsadm', 'ipvsadm', undefined],
  ['ipvsadm -Ln', 'ipvsadm', undefined],
  ['ipvsadm -L -n --stats --exact', 'ipvsadm', undefined],
  ['ipvsadm -Ln -t 10.96.0.1:443', 'ipvsadm', { service: '10.96.0.1:443' }],
  ['ipvsadm -Lnt 10.96.0.1:443', 'ipvsadm', { service: '10.96.0.1:443' }],
  ['ipvsadm -L -n --tcp-service=10.96.0.1:443', 'ipvsadm', { service: '10.96.0.1:443' }],
  ['ipvsadm -Lnc', 'ipvsadm', undefined],
  ['ipvsadm -S -n', 'ipvsadm', undefined],
  ['ipvsadm-save -n', 'ipvsadm', undefined],
  ['ipvsadm -A -t 10.96.0.5:80 -s rr', null, undefined],
  ['ipvsadm -a -t 10.96.0.5:80 -r 10.244.1.5:80 -m -w 1', null, undefined],
  ['ipvsadm -C', null, undefined],
  ['ipvsadm -L --daemon', null, undefined],
  ['cat /proc/sys/net/ipv4/conf/flannel.1/rp_filter', 'sysctl', { key: 'net.ipv4.conf.flannel/1.rp_filter' }],
  ['cat /etc/sysctl.conf', null, undefined],
];

describe('readCommand: formats and options', () => {
  for (const [command, format, options] of cases) {
    it(command, () => {
      const match = readCommand(command);
      expect(match?.format ?? null).toBe(format);
      expect(match?.options).toEqual(options);
      expect(match?.command).toBe(command);
    });
  }
});

describe('readCommand: where the command ends in a flattened line', () => {
  const flattened: [string, string][] = [
    ['route -n Kernel IP routing table Destination Gateway', 'route -n'],
    ['route -n ----note Kernel IP routing table', 'route -n'],
    ['ip route default via 10.0.0.1 dev eth0', 'ip route'],
    ['ip neigh show dev flannel.1 10.244.1.0 lladdr 76:50:75:23:dd:f8 PERMANENT', 'ip neigh show dev flannel.1'],
    ['ip addr show eth0 2: eth0: <BROADCAST,MULTICAST,UP> mtu 1500', 'ip addr show eth0'],
    ['bridge fdb show flannel.1 ###note 01:00:5e:00:00:01 dev ens160 self permanent', 'bridge fdb show flannel.1'],
    ['ifconfig -a .... tunl0: flags=128<NOARP> mtu 1440', 'ifconfig -a'],
    ['iptables -t nat -L KUBE-NODEPORTS KUBE-MARK-MASQ tcp -- anywhere anywhere', 'iptables -t nat -L KUBE-NODEPORTS'],
    ['iptables -L Chain INPUT (policy ACCEPT)', 'iptables -L'],
    ['iptables -S -P INPUT ACCEPT -P FORWARD DROP', 'iptables -S'],
    ['kubectl get svc -nprometheus NAME TYPE CLUSTER-IP', 'kubectl get svc -nprometheus'],
    ['kubectl logs -f -nkube-system kube-flannel-ds-fvj6h I1028 01:59:01.891322 1 main.go:475] x', 'kubectl logs -f -nkube-system kube-flannel-ds-fvj6h'],
    ['lsmod Module Size Used by ... ipip 13465 0', 'lsmod'],
    ['ip tunnel del tunl0 delete tunnel "tunl0" failed: Operation not permitted', 'ip tunnel del tunl0'],
    ['ip tunnel show tunl0: ip/ip remote any local any ttl inherit nopmtudisc', 'ip tunnel show'],
    ['cat /run/flannel/subnet.env FLANNEL_NETWORK=10.244.0.0/16 FLANNEL_SUBNET=10.244.0.1/24', 'cat /run/flannel/subnet.env'],
    ['sysctl net.ipv4.ip_forward net.ipv4.ip_forward = 0', 'sysctl net.ipv4.ip_forward'],
    ['sysctl -a abi.vsyscall32 = 1 debug.exception-trace = 1', 'sysctl -a'],
    ['sysctl -n net.ipv4.ip_forward 0', 'sysctl -n net.ipv4.ip_forward'],
    ['ipset list KUBE-CLUSTER-IP Name: KUBE-CLUSTER-IP Type: hash:ip,port', 'ipset list KUBE-CLUSTER-IP'],
    ['ipset list Name: KUBE-CLUSTER-IP Type: hash:ip,port', 'ipset list'],
    ['ipset save create KUBE-CLUSTER-IP hash:ip,port family inet', 'ipset save'],
    // a save's output is -A and -a lines, which would read as its options
    ['ipvsadm-save -n -A -t 10.96.0.1:443 -s rr -a -t 10.96.0.1:443 -r 10.244.1.5:443 -m -w 1', 'ipvsadm-save -n'],
    ['ipvsadm -Sn -A -t 10.96.0.1:443 -s rr', 'ipvsadm -Sn'],
    ['ipvsadm -Ln IP Virtual Server version 1.2.1 (size=4096)', 'ipvsadm -Ln'],
    ['ip route | grep flannel 10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink', 'ip route | grep flannel'],
    // the format's sniffer tells an output's first word from an argument: "lo UNKNOWN …" is ip -br output
    ['sudo ip -br link lo UNKNOWN 00:00:00:00:00:00 <LOOPBACK,UP,LOWER_UP> eth0 UP 52:54:00:12:34:56 <BROADCAST,MULTICAST,UP,LOWER_UP>', 'sudo ip -br link'],
    ['ip -br a lo UNKNOWN 127.0.0.1/8 ::1/128 eth0 UP 10.0.0.2/24', 'ip -br a'],
    ['ip -br link show eth0 eth0 UP 52:54:00:12:34:56 <BROADCAST,MULTICAST,UP,LOWER_UP>', 'ip -br link show eth0'],
    ['ip -d link show flannel.1 6: flannel.1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450', 'ip -d link show flannel.1'],
    // ip route get takes one address (ip/iproute.c iproute_get); its output repeats it
    ['ip route get 172.20.2.15 172.20.2.15 via 172.20.2.0 dev flannel.1 src 172.20.3.0 uid 0 cache', 'ip route get 172.20.2.15'],
    ['ip route get 172.20.2.15 local 172.20.2.15 dev lo src 172.20.2.15 uid 0 cache <local>', 'ip route get 172.20.2.15'],
    ['ip route get 10.42.3.5 from 10.42.0.7 iif cni0 10.42.3.5 from 10.42.0.7 via 10.42.3.0 dev flannel.1', 'ip route get 10.42.3.5 from 10.42.0.7 iif cni0'],
    // ip route show's selectors (ip/iproute.c): the output's first route ends them, as ip prints it
    ['ip route show table 100 default via 192.168.86.254 dev eth0 proto static onlink', 'ip route show table 100'],
    ['ip route show table 51820 default dev eth0 scope link', 'ip route show table 51820'],
    ['ip route show table main default via 10.244.0.1 dev eth0 10.244.0.0/24 dev eth0 proto kernel scope link src 10.244.0.1', 'ip route show table main'],
    ['ip route show table local local 10.0.0.1 dev eth0 proto kernel scope host src 10.0.0.1', 'ip route show table local'],
    ['ip route show table all unreachable default metric 4278198272', 'ip route show table all'],
    ['ip -d route unicast default via 10.0.0.1 dev eth0 proto static scope global', 'ip -d route'],
    ['ip route show type blackhole blackhole 10.244.2.0/26 proto bird', 'ip route show type blackhole'],
    ['ip route show proto bgp 10.30.0.0/24 via 10.0.0.1 dev eth0 src 10.0.0.2 metric 20', 'ip route show proto bgp'],
    ['ip route show dev flannel.1 10.244.1.0/24 via 10.244.1.0 onlink', 'ip route show dev flannel.1'],
    ['ip route list match 10.10.1.1 default via 10.0.0.1 dev eth0 proto static', 'ip route list match 10.10.1.1'],
    // options that take a value, per program (ping(8))
    ['ping -c 2 -W 1 10.42.3.5 PING 10.42.3.5 (10.42.3.5) 56(84) bytes of data.', 'ping -c 2 -W 1 10.42.3.5'],
    ['ping -W 1 -c 2 node-c PING node-c (10.0.0.13) 56(84) bytes of data.', 'ping -W 1 -c 2 node-c'],
    ['curl -s -m 3 http://10.0.0.1:30080/ curl: (28) Connection timed out after 3001 milliseconds', 'curl -s -m 3 http://10.0.0.1:30080/'],
  ];
  for (const [line, command] of flattened) {
    it(line, () => {
      expect(readCommand(line)?.command).toBe(command);
    });
  }
});

describe('readCommand: pipes', () => {
  it('| grep and | head make the output partial', () => {
    expect(readCommand('ip route | grep flannel')).toMatchObject({ format: 'ip-route', partialReason: 'piped through | grep flannel' });
    expect(readCommand('iptables-save | head -n 20')?.partialReason).toBe('piped through | head -n 20');
  });
  it('| less keeps the output whole; | awk leaves no format', () => {
    expect(readCommand('ip addr | less')?.partialReason).toBeUndefined();
    expect(readCommand("ip route | awk '{print $1}'")).toMatchObject({ format: null, transformed: true });
  });
});

describe('readCommand: never throws', () => {
  it('on odd input', () => {
    for (const text of ['', ' ', '"', "ip 'route", 'ip route |', '| grep', 'sudo', 'kubectl exec --', 'docker exec', 'sh -c "', 'iptables -t', '-'.repeat(1000), 'ip '.repeat(5000)]) {
      expect(() => readCommand(text)).not.toThrow();
    }
  });
});

describe('readCommand: route add / del', () => {
  it('reads them as commands that list nothing, and returns (a bare flag was never taken: it looped)', () => {
    for (const text of ['route add default gw 10.0.0.1', 'route del default gw 10.0.0.1', 'route add default', 'route add -net 10.244.2.0 netmask 255.255.255.0 reject'])
      expect([readCommand(text)?.program, readCommand(text)?.format, readCommand(text)?.length], text).toEqual(['route', null, text.length]);
  });
});

describe('readCommand: listings run one after another on a line', () => {
  it('reads each listing, in order, to the end of the line', () => {
    const cases: [string, string, string, [string, string | null][]][] = [
      ['ip route; ip -4 addr', 'ip route', 'ip-route', [['ip -4 addr', 'ip-addr']]],
      ['route -n && ip neigh show dev flannel.1', 'route -n', 'route-n', [['ip neigh show dev flannel.1', 'ip-neigh']]],
      ['sudo ip route; ip addr && bridge fdb show 2>/dev/null', 'sudo ip route', 'ip-route', [['ip addr', 'ip-addr'], ['bridge fdb show 2>/dev/null', 'bridge-fdb']]],
      ['iptables-save; iptables -t nat -nvL', 'iptables-save', 'iptables-save', [['iptables -t nat -nvL', 'iptables-list']]],
    ];
    for (const [text, command, format, then] of cases) {
      const match = readCommand(text);
      expect([match?.command, match?.format ?? null, (match?.then ?? []).map((c) => [c.command, c.format])], text).toEqual([command, format, then]);
      expect(match?.length, text).toBe(text.length);
    }
  });

  it('reads no chain where its outputs could not be told apart, or would go to another host, namespace or section', () => {
    for (const text of [
      'cd /tmp; ip route', // a command that lists nothing: its output, if any, is no listing's
      'hostname; ip route',
      'ip route; ip route show table local', // one format twice
      'ip -br link; ip -br addr', // lines that read as each other's
      'ip -br neigh; ip route',
      'ip route | grep cni; ip addr', // a pipe: the section is partial, and ends who knows where
      'ip route; ip addr | awk "{print $2}"',
      'ssh node-2 ip route; ip -4 addr', // the first on node-2, the second here
      'ip route; ssh node-4 ip neigh',
      'kubectl get nodes; ip route', // the cluster's, then the node's
      'docker exec abc ip route; ip addr',
      'ip route; # the one from node-2', // a remark
      'ip r; ip a default via 10.0.0.1 dev eth0 1: lo: <LOOPBACK,UP> mtu 65536', // a flattened paste
      'ip route; ip addr; ip neigh; ip link; bridge fdb show', // more than four
      'nft list ruleset; ip neigh', // nft's lines are no per-line listing
    ]) expect(readCommand(text)?.then, text).toBeUndefined();
    // a script's listings run together as before: no format
    expect(readCommand('sh -c "ip route; ip -4 addr"')?.format ?? null).toBeNull();
  });
});

describe('readCommand: ssh host CMD', () => {
  it('reads the remote command and names the host it runs on', () => {
    const cases: [string, string | null, string | undefined, Record<string, string> | undefined][] = [
      ['ssh host188 route -n', 'route-n', 'host188', undefined],
      ['ssh root@host188 ifconfig -a', 'ifconfig', 'host188', undefined],
      ['ssh -p 2222 -i ~/.ssh/id_ed25519 admin@node-3.example.com ip -d route show table all', 'ip-route', 'node-3.example.com', { table: 'all' }],
      ['ssh host189 "ip neigh show dev flannel.1"', 'ip-neigh', 'host189', { dev: 'flannel.1' }],
      ['ssh -t host189 sudo iptables-save -t nat', 'iptables-save', 'host189', undefined],
      // "--" ends ssh's options, which may also follow the destination
      ['ssh k8s-w2 -- ip route', 'ip-route', 'k8s-w2', undefined],
      ['ssh k8s-w2 bridge -color=always fdb show dev flannel.1', 'bridge-fdb', 'k8s-w2', { dev: 'flannel.1' }],
      ['ssh k8s-w2 ip -c=always -br addr', 'ip-addr', 'k8s-w2', undefined],
      ['ssh k8s-w2 -t -p 2222 -- sudo bridge fdb show dev flannel.1', 'bridge-fdb', 'k8s-w2', { dev: 'flannel.1' }],
      // two listings in one script: their outputs run together, no one format reads them
      ['ssh host189 "ip route; ip addr"', null, 'host189', undefined],
      ['ssh host189 "cd /tmp && ip route"', 'ip-route', 'host189', undefined],
      // a login, not a command: the prompts that follow name the host
      ['ssh host189', null, undefined, undefined],
      // cluster commands are the cluster's wherever they run
      ['ssh master kubectl get nodes -o wide', 'kubectl-get', undefined, undefined],
    ];
    for (const [command, format, host, options] of cases) {
      const match = readCommand(command);
      expect([match?.format ?? null, match?.host, match?.options], command).toEqual([format, host, options]);
    }
  });

  it('gives the output of ssh ADDRESS or ssh FQDN to the host that shows that address, or has that short name', () => {
    const paste = '[root@master ~]# ssh 10.0.0.6 ip route\ndefault via 10.0.0.1 dev eth0\n[root@master ~]# ssh node2.example.com ip route\ndefault via 10.0.0.1 dev eth0\n'
      + '[root@master ~]# ssh node1 ip addr show eth0\n2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel state UP group default qlen 1000\n    inet 10.0.0.6/24 brd 10.0.0.255 scope global eth0\n'
      + '[root@node2 ~]# ip r\ndefault via 10.0.0.1 dev eth0\n[root@master ~]# ssh 10.0.0.9 ip r\ndefault via 10.0.0.1 dev eth0\n';
    expect(ingest(paste).hosts.map((h) => [h.name, h.sections.map((s) => s.command)])).toEqual([
      ['node1', ['ssh 10.0.0.6 ip route', 'ssh node1 ip addr show eth0']],
      ['node2', ['ssh node2.example.com ip route', 'ip r']],
      // an address no output shows stays the name of a machine of its own
      ['10.0.0.9', ['ssh 10.0.0.9 ip r']],
    ]);
  });

  it('gives the output to that host in a paste', () => {
    const bundle = ingest('[root@master ~]# ssh host188 route -n\nKernel IP routing table\nDestination     Gateway         Genmask         Flags Metric Ref    Use Iface\n0.0.0.0         192.168.86.1    0.0.0.0         UG    0      0        0 ens160\n[root@master ~]# ip route\ndefault via 192.168.86.1 dev ens160\n');
    expect(bundle.hosts.map((h) => [h.name, h.sections.map((s) => s.command)])).toEqual([['host188', ['ssh host188 route -n']], ['master', ['ip route']]]);
  });
});

describe('readCommand: redirections', () => {
  it('are part of the command, not its output', () => {
    for (const [command, format] of [['ip route 2>&1', 'ip-route'], ['iptables-save 2>/dev/null', 'iptables-save'], ['sudo route -n 2>&1', 'route-n']] as const) {
      const match = readCommand(`${command} default via 10.0.0.1 dev eth0`);
      expect([match?.command, match?.format], command).toEqual([command, format]);
    }
  });
});

describe("sudo's long options", () => {
  it('are passed over like its short ones: the command is what follows them', () => {
    for (const line of ['sudo --user root ip route', 'sudo --user=root ip route', 'sudo --preserve-env ip route', 'sudo -E --stdin ip route', 'echo pw | sudo --stdin ip route']) {
      expect([readCommand(line)?.program, readCommand(line)?.format], line).toEqual(['ip', 'ip-route']);
    }
  });
});
