// The tracer in kube-proxy's IPVS mode: iptables only marks (ipsets), IPVS sends a packet for a
// virtual service to a real server. Synthetic transcripts (test/fixtures/ipvsadm/README.md): this
// kernel has no IPVS, so no lab capture could be made.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingest } from '../../ingest';
import { buildModel } from '../../model';
import { trace } from './trace';

const NODE_A = readFileSync(join(__dirname, '../../../test/fixtures/ipvsadm/node-a.txt'), 'utf8');
const MODE = 'kube-proxy runs in IPVS mode on node-a: its nat rules test IP sets that no ipset list of it shows, to mark the packet for masquerade, and translate nothing';
const withoutIpvsadm = NODE_A.slice(0, NODE_A.indexOf('[root@node-a ~]# ipvsadm -Ln'));

describe('trace: kube-proxy IPVS mode', () => {
  it('reads the node\'s IPVS table: services, real servers with weights, the evidence of each', () => {
    const node = buildModel(ingest(NODE_A)).nodes.get('node-a');
    expect(node?.ipvs?.partial).toBe(false);
    expect(node?.ipvs?.services.map((s) => [s.protocol, s.address, s.port, s.scheduler, s.realServers.map((r) => `${r.address}:${r.port}/${r.weight ?? '?'}`)])).toEqual([
      ['tcp', '10.96.0.1', 443, 'rr', ['192.168.10.11:6443/1']],
      ['tcp', '10.96.120.7', 80, 'rr', ['10.244.0.5:80/1', '10.244.1.5:80/1', '10.244.1.6:80/0']],
      ['tcp', '192.168.10.11', 30080, 'rr', ['10.244.0.5:80/1', '10.244.1.5:80/1']],
      ['tcp', '10.96.9.9', 80, 'rr', []],
    ]);
    expect(node?.ipvs?.services[1]?.realServers[2]?.evidence.text).toBe('-> 10.244.1.6:80                Masq    0      0          2');
  });

  it('gives a virtual service no real server of a service line that was not read', () => {
    const text = NODE_A.replace('TCP  10.96.9.9:80 rr', 'TCP  10.96.9.9:80 rr\n?    10.96.9.8:80 rr\n  -> 10.244.1.7:80                Masq    1      0          0         ');
    const node = buildModel(ingest(text)).nodes.get('node-a');
    expect(node?.ipvs?.services.find((s) => s.address === '10.96.9.9')?.realServers).toEqual([]);
  });

  it('sends a ClusterIP on kube-ipvs0 to each real server that takes new connections, in turn (rr), never to a weight of 0', () => {
    const result = trace(buildModel(ingest(NODE_A)), { to: '10.96.120.7:80' });
    expect(result.branches.map((b) => [b.endpoint, b.probability, b.disposition, b.at])).toEqual([
      ['10.244.0.5:80', 0.5, 'delivered', 'node-a'],
      // node-b's outputs are not in the input
      ['10.244.1.5:80', 0.5, 'insufficient-information', 'node-a'],
    ]);
    const [here] = result.branches;
    expect(here?.hops.map((h) => `${h.step}: ${h.detail}`)).toEqual([
      'route: 10.96.120.7 is an address of node-a: the packet arrives there',
      'nat: nat PREROUTING rule 1 → KUBE-SERVICES',
      'nat: nat KUBE-SERVICES rule 2 → KUBE-NODE-PORT',
      `nat: ${MODE}; IPVS does`,
      'nat: IPVS virtual service TCP 10.96.120.7:80 (rr) → real server 10.244.0.5:80 (masq)',
      'route: 10.244.0.5 matches 10.244.0.0/24 dev cni0',
      'bridge: cni0 to the pod\'s veth',
      'deliver: 10.244.0.5 on cni0 (no pod list shows which pod)',
    ]);
    expect(here?.hops[4]?.evidence.map((e) => e.text)).toEqual(['TCP  10.96.120.7:80 rr', '-> 10.244.0.5:80                Masq    1      0          0']);
    // whether KUBE-POSTROUTING masquerades rests on ipsets: the reply is not followed past it
    expect(here?.reply?.disposition).toBe('insufficient-information');
  });

  it('sends a NodePort of the node\'s address the same way, and a node\'s own connection to a ClusterIP too', () => {
    const nodePort = trace(buildModel(ingest(NODE_A)), { to: '192.168.10.11:30080' });
    expect(nodePort.branches.map((b) => [b.endpoint, b.probability])).toEqual([['10.244.0.5:80', 0.5], ['10.244.1.5:80', 0.5]]);
    const own = trace(buildModel(ingest(NODE_A)), { from: 'node-a', to: '10.96.120.7:80' });
    expect(own.branches.map((b) => [b.endpoint, b.disposition])).toEqual([['10.244.0.5:80', 'delivered'], ['10.244.1.5:80', 'insufficient-information']]);
    expect(own.branches[0]?.hops[0]?.detail).toBe('nat OUTPUT rule 1 → KUBE-SERVICES');
  });

  it('rejects a virtual service without real servers, as IPVS answers it (ICMP port unreachable)', () => {
    const result = trace(buildModel(ingest(NODE_A)), { to: '10.96.9.9:80' });
    expect(result.branches).toHaveLength(1);
    expect(result.branches[0]?.disposition).toBe('rejected');
    expect(result.branches[0]?.hops.at(-1)?.detail).toBe('IPVS virtual service TCP 10.96.9.9:80 has no real server: IPVS answers ICMP port unreachable (kube-proxy: a service without endpoints)');
  });

  it('every real server at weight 0 takes no new connection: rejected too', () => {
    const text = NODE_A.replace('  -> 192.168.10.11:6443           Masq    1', '  -> 192.168.10.11:6443           Masq    0');
    const result = trace(buildModel(ingest(text)), { to: '10.96.0.1:443' });
    expect(result.branches.map((b) => b.disposition)).toEqual(['rejected']);
    expect(result.branches[0]?.hops.at(-1)?.detail).toMatch(/^every real server of IPVS virtual service TCP 10\.96\.0\.1:443 has weight 0/);
  });

  it('shares wrr by weight, and says a load- or hash-based scheduler\'s share is not known', () => {
    const wrr = NODE_A.replace('TCP  10.96.120.7:80 rr', 'TCP  10.96.120.7:80 wrr').replace('  -> 10.244.1.5:80                Masq    1', '  -> 10.244.1.5:80                Masq    3');
    expect(trace(buildModel(ingest(wrr)), { to: '10.96.120.7:80' }).branches.map((b) => [b.endpoint, b.probability])).toEqual([['10.244.0.5:80', 0.25], ['10.244.1.5:80', 0.75]]);
    const lc = NODE_A.replace('TCP  10.96.120.7:80 rr', 'TCP  10.96.120.7:80 lc persistent 10800');
    const result = trace(buildModel(ingest(lc)), { to: '10.96.120.7:80' });
    expect(result.branches.map((b) => b.probability)).toEqual([0.5, 0.5]);
    expect(result.branches[0]?.hops[4]?.detail).toBe('IPVS virtual service TCP 10.96.120.7:80 (lc, whose choice depends on load or a hash: shown as equal shares, persistent 10800 s: a client that reached a real server within that time goes back to it) → real server 10.244.0.5:80 (masq)');
  });

  it('a hostPort\'s DNAT elsewhere in nat (CNI portmap) does not hide IPVS mode: its own port goes to its pod, a ClusterIP to IPVS', () => {
    const text = NODE_A
      .replace(':KUBE-SERVICES - [0:0]\n', ':KUBE-SERVICES - [0:0]\n:CNI-HOSTPORT-DNAT - [0:0]\n:CNI-DN-abc - [0:0]\n')
      .replace('-A OUTPUT -m comment', '-A PREROUTING -m addrtype --dst-type LOCAL -j CNI-HOSTPORT-DNAT\n-A OUTPUT -m comment')
      .replace('COMMIT\n', '-A CNI-HOSTPORT-DNAT -p tcp -m multiport --dports 8443 -j CNI-DN-abc\n-A CNI-DN-abc -p tcp -m tcp --dport 8443 -j DNAT --to-destination 10.244.0.7:443\nCOMMIT\n');
    const model = buildModel(ingest(text));
    expect(trace(model, { to: '10.96.120.7:80' }).branches.map((b) => [b.endpoint, b.probability])).toEqual([['10.244.0.5:80', 0.5], ['10.244.1.5:80', 0.5]]);
    expect(trace(model, { to: '192.168.10.11:8443' }).branches.map((b) => [b.endpoint, b.disposition])).toEqual([['10.244.0.7:443', 'delivered']]);
  });

  it('a packet for the node\'s own address and a port no virtual service has is the node\'s', () => {
    const result = trace(buildModel(ingest(NODE_A)), { to: '192.168.10.11:31111' });
    expect(result.branches.map((b) => [b.disposition, b.at])).toEqual([['delivered', 'node-a']]);
    expect(result.branches[0]?.hops[3]?.detail).toBe(`${MODE}; IPVS (ipvsadm -Ln) has no virtual service for 192.168.10.11:31111: the packet is node-a's own`);
  });

  it('IPVS mode on a kernel without IPVS (ipvsadm could not initialize): the packet is the node\'s own', () => {
    const text = `${withoutIpvsadm}[root@node-a ~]# ipvsadm -Ln\nCan't initialize ipvs: Protocol not available\nAre you sure that IP Virtual Server is built in the kernel or as module?\n`;
    const model = buildModel(ingest(text));
    expect(model.nodes.get('node-a')?.ipvs?.unavailable).toMatchObject({ reason: 'Can\'t initialize ipvs: Protocol not available' });
    const result = trace(model, { to: '10.96.120.7:80' });
    expect(result.branches.map((b) => [b.disposition, b.at])).toEqual([['delivered', 'node-a']]);
    expect(result.branches[0]?.hops[3]?.detail).toBe(`${MODE}; but ipvsadm says IPVS is not available on node-a (Can't initialize ipvs: Protocol not available: the ip_vs module is not loaded), so no virtual service takes 10.96.120.7:80: the packet is node-a's own`);
  });

  it('says what is missing: no ipvsadm listing, or one of a single service', () => {
    const none = trace(buildModel(ingest(withoutIpvsadm)), { to: '10.96.120.7:80' });
    expect(none.branches.map((b) => b.disposition)).toEqual(['insufficient-information']);
    expect(none.branches[0]?.hops.at(-1)?.detail).toBe(`${MODE}: IPVS decides where 10.96.120.7:80 goes, and no ipvsadm -Ln of node-a is shown`);
    const one = `${withoutIpvsadm}[root@node-a ~]# ipvsadm -Ln -t 10.96.0.1:443\nProt LocalAddress:Port Scheduler Flags\n  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\nTCP  10.96.0.1:443 rr\n  -> 192.168.10.11:6443           Masq    1      3          0         \n`;
    const partial = trace(buildModel(ingest(one)), { to: '10.96.120.7:80' });
    expect(partial.branches[0]?.hops.at(-1)?.detail).toBe(`${MODE}: IPVS decides where 10.96.120.7:80 goes, and the ipvsadm listing of node-a shows only part of its table (one service, or a listing cut short)`);
    for (const command of ['ipvsadm -Lnt 10.96.0.1:443', 'ipvsadm -L -n --tcp-service=10.96.0.1:443'])
      expect(buildModel(ingest(one.replace('ipvsadm -Ln -t 10.96.0.1:443', command))).nodes.get('node-a')?.ipvs?.partial).toBe(true);
    // a listing through grep shows some services: one it does not show is not the node's own
    const grep = `${withoutIpvsadm}[root@node-a ~]# ipvsadm -Ln | grep -A1 10.96.0.1\nTCP  10.96.0.1:443 rr\n  -> 192.168.10.11:6443           Masq    1      3          0         \n`;
    expect(buildModel(ingest(grep)).nodes.get('node-a')?.ipvs?.partial).toBe(true);
    const cut = trace(buildModel(ingest(grep)), { to: '10.96.120.7:80' });
    expect(cut.branches.map((b) => b.disposition)).toEqual(['insufficient-information']);
    expect(cut.branches[0]?.hops.at(-1)?.detail).toBe(`${MODE}: IPVS decides where 10.96.120.7:80 goes, and the ipvsadm listing of node-a shows only part of its table (one service, or a listing cut short)`);
  });

  it('filter INPUT comes before IPVS: a DROP there stops the packet', () => {
    const text = NODE_A.replace('[root@node-a ~]# ipvsadm -Ln', '[root@node-a ~]# iptables -S INPUT\n-P INPUT ACCEPT\n-A INPUT -p tcp -m tcp --dport 80 -j DROP\n[root@node-a ~]# ipvsadm -Ln');
    const result = trace(buildModel(ingest(text)), { to: '10.96.120.7:80' });
    expect(result.branches.map((b) => b.disposition)).toEqual(['denied']);
    expect(result.branches[0]?.hops.some((h) => h.detail.startsWith('IPVS'))).toBe(false);
  });

  it('a real server on the node itself (the API server on hostNetwork) is delivered past IPVS: filter INPUT saw the VIP only', () => {
    // ip_vs_xmit.c ip_vs_nat_send_or_cont: a local real server is NF_ACCEPT, the LOCAL_IN hooks after IPVS's
    const text = NODE_A.replace('[root@node-a ~]# ipvsadm -Ln', '[root@node-a ~]# iptables -S INPUT\n-P INPUT ACCEPT\n-A INPUT -p tcp -m tcp --dport 6443 -j DROP\n[root@node-a ~]# ipvsadm -Ln');
    const result = trace(buildModel(ingest(text)), { to: '10.96.0.1:443', source: '10.244.1.9' });
    expect(result.branches.map((b) => [b.endpoint, b.disposition, b.at])).toEqual([['192.168.10.11:6443', 'delivered', 'node-a']]);
    expect(result.branches[0]?.hops.filter((h) => h.step === 'filter').map((h) => h.detail)).toEqual(['no rule of filter INPUT decides: policy ACCEPT']);
  });

  it('the node\'s own connection meets IPVS at LOCAL_OUT, before filter OUTPUT: filter INPUT never sees it', () => {
    // ip_vs_core.c ip_vs_ops4: ip_vs_in_hook at NF_INET_LOCAL_OUT, NF_IP_PRI_NAT_DST + 2; the real server's
    // packet goes out by OUTPUT and POSTROUTING, never back in by INPUT
    const text = NODE_A.replace('[root@node-a ~]# ipvsadm -Ln', '[root@node-a ~]# iptables -S INPUT\n-P INPUT ACCEPT\n-A INPUT -p tcp -m tcp --dport 80 -j DROP\n[root@node-a ~]# ipvsadm -Ln');
    const result = trace(buildModel(ingest(text)), { from: 'node-a', to: '10.96.120.7:80' });
    expect(result.branches.map((b) => [b.endpoint, b.disposition])).toEqual([['10.244.0.5:80', 'delivered'], ['10.244.1.5:80', 'insufficient-information']]);
    expect(result.branches[0]?.hops.some((h) => h.step === 'filter')).toBe(false);
  });
});

describe('trace: IPVS on the lab\'s healthy three-node overlay', () => {
  // the lab's real captures of alpha, bravo and charlie (corpus/incidents/healthy), with alpha's
  // kube-ipvs0 and ipvsadm listing added (synthetic)
  const healthy = readFileSync(join(__dirname, '../../../corpus/incidents/healthy/transcript.txt'), 'utf8');
  const ipvs = [
    '[root@alpha ~]# ip addr show kube-ipvs0',
    '5: kube-ipvs0: <BROADCAST,NOARP> mtu 1500 qdisc noop state DOWN group default',
    '    link/ether 6e:1c:2a:3b:4c:5d brd ff:ff:ff:ff:ff:ff',
    '    inet 10.96.5.5/32 scope global kube-ipvs0',
    '       valid_lft forever preferred_lft forever',
    '[root@alpha ~]# ipvsadm -Ln',
    'IP Virtual Server version 1.2.1 (size=4096)',
    'Prot LocalAddress:Port Scheduler Flags',
    '  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn',
    'TCP  10.96.5.5:80 rr',
    '  -> 10.100.1.7:8080              Masq    1      0          0         ',
    '  -> 10.100.2.9:8080              Masq    1      0          0         ',
    '',
  ].join('\n');

  it('sends a ClusterIP from alpha\'s pod network to real servers on bravo and charlie, over vxlan', () => {
    const result = trace(buildModel(ingest(`${healthy}\n${ipvs}`)), { from: 'alpha', to: '10.96.5.5:80' });
    expect(result.branches.map((b) => [b.endpoint, b.probability, b.disposition, b.at])).toEqual([
      ['10.100.1.7:8080', 0.5, 'delivered', 'bravo'],
      ['10.100.2.9:8080', 0.5, 'delivered', 'charlie'],
    ]);
    expect(result.branches[0]?.hops.map((h) => `${h.host} ${h.step}: ${h.detail}`)).toEqual([
      'alpha nat: IPVS virtual service TCP 10.96.5.5:80 (rr) → real server 10.100.1.7:8080 (masq)',
      'alpha route: 10.100.1.7 matches 10.100.1.0/24 via 10.100.1.0 dev flannel.1',
      // alpha's socket took the ClusterIP on kube-ipvs0 as its source (a local route); flannel masquerades it
      'alpha nat: nat POSTROUTING rule 1 → FLANNEL-POSTRTG rule 6 → MASQUERADE: the source 10.96.5.5 becomes 10.100.0.0 (the primary address of flannel.1)',
      'alpha neighbor: 10.100.1.0 lladdr 42:ac:10:64:01:01 dev flannel.1',
      'alpha fdb: 42:ac:10:64:01:01 dev flannel.1 dst 192.168.210.2',
      'alpha encap: vxlan (flannel.1) to bravo at 192.168.210.2',
      'bravo decap: bravo\'s flannel.1 takes the inner packet',
      'bravo route: 10.100.1.7 matches 10.100.1.0/24 dev cni0',
      'bravo bridge: cni0 to the pod\'s veth',
      'bravo deliver: 10.100.1.7 on cni0 (no pod list shows which pod)',
    ]);
    // bravo's nat is not shown: its POSTROUTING may rewrite the source again, so the pod's view is not known
    expect(result.branches[0]?.source).toBeNull();
  });
});

describe('trace: IPVS mode with the node\'s IP sets shown', () => {
  // the lab's real captures of kube-proxy's IPVS-mode rules and sets (corpus/lab/ipset-kube-proxy.sh),
  // with node-a's addresses, routes and IPVS table from the synthetic fixture
  const real = (path: string): string => readFileSync(join(__dirname, '../../../corpus/captures', path), 'utf8');
  const head = NODE_A.slice(0, NODE_A.indexOf('[root@node-a ~]# iptables-save'));
  const ipvsadm = NODE_A.slice(NODE_A.indexOf('[root@node-a ~]# ipvsadm -Ln'));
  const text = `${head}[root@node-a ~]# iptables-save\n${real('iptables-save/ipvs-node-a__iptables-save.txt')}[root@node-a ~]# ipset list\n${real('ipset/ipvs-node-a__ipset_list.txt')}${ipvsadm}`;

  it('decides kube-proxy\'s set matches: a NodePort from outside is marked (KUBE-NODE-PORT-TCP), masqueraded as it leaves, and its reply comes back', () => {
    const result = trace(buildModel(ingest(text)), { to: '192.168.10.11:30080', source: '192.168.10.50' });
    const [here] = result.branches;
    expect(result.branches.map((b) => [b.endpoint, b.probability, b.disposition])).toEqual([['10.244.0.5:80', 0.5, 'delivered'], ['10.244.1.5:80', 0.5, 'insufficient-information']]);
    expect(here?.hops.map((h) => `${h.step}: ${h.detail}`)).toEqual([
      'route: 192.168.10.11 is an address of node-a: the packet arrives there',
      'nat: nat PREROUTING rule 1 → KUBE-SERVICES',
      'nat: nat KUBE-SERVICES rule 3 → KUBE-NODE-PORT',
      'nat: nat KUBE-NODE-PORT rule 2 → KUBE-MARK-MASQ',
      'nat: nat KUBE-MARK-MASQ rule 1 → MARK',
      // KUBE-IPVS-FILTER's set rules decided: none of its sets holds a NodePort address
      'filter: no rule of filter INPUT decides: policy ACCEPT',
      'nat: IPVS virtual service TCP 192.168.10.11:30080 (rr) → real server 10.244.0.5:80 (masq)',
      'route: 10.244.0.5 matches 10.244.0.0/24 dev cni0',
      'nat: nat POSTROUTING rule 1 → KUBE-POSTROUTING rule 4 → MASQUERADE: the source 192.168.10.50 becomes 10.244.0.1 (cni0\'s address in 10.244.0.5\'s subnet)',
      'bridge: cni0 to the pod\'s veth',
      'deliver: 10.244.0.5 on cni0 (no pod list shows which pod)',
    ]);
    expect(here?.source).toBe('10.244.0.1');
    expect(here?.reply?.disposition).toBe('delivered');
  });

  it('a NodePort of externalTrafficPolicy Local (KUBE-NODE-PORT-LOCAL-TCP) is not masqueraded: the pod sees the client, and the reply comes back through the node', () => {
    // the lab's sets hold 31080 in KUBE-NODE-PORT-LOCAL-TCP; its virtual service has this node's endpoint only
    const local = text.replace('TCP  10.96.9.9:80 rr', 'TCP  192.168.10.11:31080 rr\n  -> 10.244.0.5:80                Masq    1      0          0         \nTCP  10.96.9.9:80 rr');
    const result = trace(buildModel(ingest(local)), { to: '192.168.10.11:31080', source: '192.168.10.50' });
    expect(result.branches.map((b) => [b.endpoint, b.disposition, b.source, b.reply?.disposition])).toEqual([['10.244.0.5:80', 'delivered', '192.168.10.50', 'delivered']]);
    const details = result.branches[0]?.hops.map((h) => h.detail) ?? [];
    expect(details).toContain('nat KUBE-NODE-PORT rule 1 → RETURN');
    expect(details.some((d) => d.includes('MASQUERADE'))).toBe(false);
  });

  it('a pod\'s own service address, answered by itself, is hairpin-masqueraded (KUBE-LOOP-BACK)', () => {
    const result = trace(buildModel(ingest(text)), { from: 'node-a', source: '10.244.0.5', to: '10.96.120.7:80' });
    const back = result.branches.find((b) => b.endpoint === '10.244.0.5:80');
    expect(back?.hops.find((h) => h.detail.includes('MASQUERADE'))?.detail).toBe('nat POSTROUTING rule 1 → KUBE-POSTROUTING rule 1 → MASQUERADE: the source 10.244.0.5 becomes 10.244.0.1 (cni0\'s address in 10.244.0.5\'s subnet)');
  });
});

describe('trace: IPVS from a --stats listing', () => {
  it('takes a real server whose forwarding method is not shown as Masq, and says so', () => {
    const stats = NODE_A.slice(0, NODE_A.indexOf('[root@node-a ~]# ipvsadm -Ln')) + [
      '[root@node-a ~]# ipvsadm -Ln --stats',
      'IP Virtual Server version 1.2.1 (size=4096)',
      'Prot LocalAddress:Port               Conns   InPkts  OutPkts  InBytes OutBytes',
      '  -> RemoteAddress:Port',
      'TCP  10.96.120.7:80                      3       87       80     5828     7190',
      '  -> 10.244.0.5:80                        3       87       80     5828     7190',
      '',
    ].join('\n');
    const result = trace(buildModel(ingest(stats)), { to: '10.96.120.7:80' });
    expect(result.branches.map((b) => [b.endpoint, b.disposition])).toEqual([['10.244.0.5:80', 'delivered']]);
    expect(result.branches[0]?.hops[4]?.detail).toBe('IPVS virtual service TCP 10.96.120.7:80 (a scheduler not shown, whose choice depends on load or a hash: shown as equal shares) → real server 10.244.0.5:80 (forwarding method not shown: taken as masq, kube-proxy\'s)');
  });
});

describe('trace: IPVS forwarding methods other than Masq', () => {
  it('Local (kube-vip) delivers to the node itself, unchanged; Route and Tunnel are not followed, and say so', () => {
    const local = NODE_A.replace('  -> 192.168.10.11:6443           Masq    1      3          0', '  -> 192.168.10.11:6443           Local   1      3          0');
    const result = trace(buildModel(ingest(local)), { to: '10.96.0.1:443' });
    expect(result.branches.map((b) => [b.endpoint, b.disposition, b.at])).toEqual([['192.168.10.11:6443', 'delivered', 'node-a']]);
    expect(result.branches[0]?.hops.slice(-3).map((h) => `${h.step}: ${h.detail}`)).toEqual([
      'nat: IPVS virtual service TCP 10.96.0.1:443 (rr) → real server 192.168.10.11:6443 (local)',
      'nat: forwarding method Local: IPVS hands the packet on to node-a itself, unchanged',
      'deliver: 10.96.0.1 is local on node-a (kube-ipvs0)',
    ]);
    // the node's own connection: IPVS takes it at LOCAL_OUT and lets it go on unchanged (ip_vs_null_xmit,
    // NF_ACCEPT); it comes back in by lo and meets filter INPUT, which it had not passed
    const dropped = local.replace('[root@node-a ~]# ipvsadm -Ln', '[root@node-a ~]# iptables -S INPUT\n-P INPUT ACCEPT\n-A INPUT -p tcp -m tcp --dport 443 -j DROP\n[root@node-a ~]# ipvsadm -Ln');
    expect(trace(buildModel(ingest(dropped)), { from: 'node-a', to: '10.96.0.1:443' }).branches.map((b) => [b.disposition, b.at])).toEqual([['denied', 'node-a']]);
    const routed = NODE_A.replace('  -> 192.168.10.11:6443           Masq    1      3          0', '  -> 192.168.10.11:6443           Route   1      3          0');
    const direct = trace(buildModel(ingest(routed)), { to: '10.96.0.1:443' });
    expect(direct.branches.map((b) => b.disposition)).toEqual(['insufficient-information']);
    expect(direct.branches[0]?.hops.at(-1)?.detail).toBe('forwarding method route: netsift follows IPVS\'s NAT (Masq, what kube-proxy sets) and Local only');
  });
});
