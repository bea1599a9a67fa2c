import { describe, expect, it } from 'vitest';
import { parse, detectFormat } from '../registry';
import { parseIpvsadm } from './parse';
import { largeNumber, printIpvsadm } from './print';
import { IpvsadmEntry } from './schema';
import { sniffIpvsadm } from './sniff';

// synthetic: kube-proxy in IPVS mode on node-a (192.168.10.11), laid out by ipvsadm 1.31's printf
// formats (print_title, print_service_entry): a ClusterIP, CoreDNS with an endpoint going away
// (weight 0), a ClientIP-affinity service with no endpoints, a NodePort, a firewall-mark service
const LIST = [
  'IP Virtual Server version 1.2.1 (size=4096)',
  'Prot LocalAddress:Port Scheduler Flags',
  '  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn',
  'TCP  10.96.0.1:443 rr',
  '  -> 192.168.10.11:6443           Masq    1      3          0         ',
  'TCP  10.96.0.10:53 rr',
  '  -> 10.244.0.2:53                Masq    1      0          0         ',
  '  -> 10.244.1.3:53                Masq    0      0          2         ',
  'TCP  10.96.120.7:80 rr persistent 10800',
  'TCP  192.168.10.11:30080 rr',
  '  -> 10.244.1.5:80                Masq    1      0          0         ',
  'TCP  [fd00:10:96::a]:53 rr',
  '  -> [fd00:10:244::2]:53          Masq    1      0          0         ',
  'FWM  1 sh (sh-fallback,sh-port) persistent 300 mask 255.255.255.0 pe sip ops',
  '',
].join('\n');

// synthetic: --stats (numbers past 10^8 shortened), -Lnc, --timeout, ipvsadm-save -n, and the
// error of a kernel without IPVS, as ipvsadm 1.31 prints each
const OTHERS = [
  'IP Virtual Server version 1.2.1 (size=4096)',
  'Prot LocalAddress:Port               Conns   InPkts  OutPkts  InBytes OutBytes',
  '  -> RemoteAddress:Port',
  'TCP  10.96.0.1:443                   14209   111769    74613  7207174  8334358',
  '  -> 192.168.10.11:6443                  2       12        8  125426K   13034M',
  'IPVS connection entries',
  'pro expire state       source             virtual            destination',
  'TCP 14:58  ESTABLISHED 10.244.0.5:51234   10.96.0.1:443      192.168.10.11:6443',
  'UDP 133:35 UDP         10.244.0.5:40000   10.96.0.10:53      10.244.0.2:53',
  'Timeout (tcp tcpfin udp): 900 120 300',
  '-A -t 10.96.0.1:443 -s rr -p 10800',
  '-a -t 10.96.0.1:443 -r 192.168.10.11:6443 -m -w 1',
  '-A -f 1 -6 -s rr',
  'Can\'t initialize ipvs: Protocol not available',
  'Are you sure that IP Virtual Server is built in the kernel or as module?',
  '',
].join('\n');

const withoutSpan = <T extends { span: unknown }>({ span: _span, ...rest }: T): Omit<T, 'span'> => rest;

describe('ipvsadm', () => {
  it('reads ipvsadm -Ln: each service with its scheduler and persistence, each real server under its service', () => {
    const { records, diagnostics } = parseIpvsadm(LIST);
    expect(diagnostics).toEqual([]);
    expect(records.map((r) => r.type)).toEqual([
      'version', 'service', 'destination', 'service', 'destination', 'destination', 'service', 'service', 'destination', 'service', 'destination', 'service',
    ]);
    expect(withoutSpan(records[0] as IpvsadmEntry)).toEqual({ type: 'version', version: '1.2.1', size: 4096 });
    expect(withoutSpan(records[3] as IpvsadmEntry)).toEqual({
      type: 'service', layout: 'list', protocol: 'TCP', name: '10.96.0.10:53', address: '10.96.0.10', port: 53, fwmark: null, family: 'inet',
      scheduler: 'rr', schedulerFlags: [], persistent: null, netmask: null, persistenceEngine: null, onePacket: false,
      stats: null, rates: null, abbreviated: false,
    });
    expect(withoutSpan(records[5] as IpvsadmEntry)).toEqual({
      type: 'destination', layout: 'list',
      service: { protocol: 'TCP', name: '10.96.0.10:53', address: '10.96.0.10', port: 53, fwmark: null, family: 'inet' },
      name: '10.244.1.3:53', address: '10.244.1.3', port: 53, forward: 'masq', forwardText: 'Masq',
      weight: 0, activeConnections: 0, inactiveConnections: 2, persistentConnections: null, upperThreshold: null, lowerThreshold: null,
      tunnel: null, stats: null, rates: null, abbreviated: false,
    });
    // a unit's span runs from its first token to the end of its last
    expect(records[5]?.span).toEqual({
      line: 8, column: 3, offset: LIST.indexOf('-> 10.244.1.3'), length: 59, text: '-> 10.244.1.3:53                Masq    0      0          2',
    });
    expect(records[6]).toMatchObject({ type: 'service', name: '10.96.120.7:80', persistent: 10800 });
    expect(records[9]).toMatchObject({ type: 'service', address: 'fd00:10:96::a', port: 53, family: 'inet6' });
    expect(records[10]).toMatchObject({ type: 'destination', address: 'fd00:10:244::2', port: 53, service: { address: 'fd00:10:96::a' } });
    expect(withoutSpan(records[11] as IpvsadmEntry)).toEqual({
      type: 'service', layout: 'list', protocol: 'FWM', name: '1', address: null, port: null, fwmark: 1, family: 'inet',
      scheduler: 'sh', schedulerFlags: ['sh-fallback', 'sh-port'], persistent: 300, netmask: '255.255.255.0', persistenceEngine: 'sip', onePacket: true,
      stats: null, rates: null, abbreviated: false,
    });
    for (const record of records) expect(IpvsadmEntry.safeParse(record).success).toBe(true);
  });

  it('prints every layout back byte for byte', () => {
    expect(printIpvsadm(parseIpvsadm(LIST).records)).toBe(LIST);
    expect(printIpvsadm(parseIpvsadm(OTHERS).records)).toBe(OTHERS);
  });

  it('reads --stats (K and M are lower bounds), -Lnc, --timeout, a save and the error of a kernel without IPVS', () => {
    const { records, diagnostics } = parseIpvsadm(OTHERS);
    expect(diagnostics).toEqual([]);
    expect(records[1]).toMatchObject({ layout: 'stats', scheduler: null, stats: { connections: 14209, inPackets: 111769, outPackets: 74613, inBytes: 7207174, outBytes: 8334358 }, abbreviated: false });
    expect(records[2]).toMatchObject({
      layout: 'stats', service: { name: '10.96.0.1:443' }, weight: null,
      stats: { connections: 2, inPackets: 12, outPackets: 8, inBytes: 125_426_000, outBytes: 13_034_000_000 }, abbreviated: true,
    });
    expect(withoutSpan(records[4] as IpvsadmEntry)).toEqual({
      type: 'connection', protocol: 'UDP', expire: '133:35', expireSeconds: 8015, state: 'UDP',
      source: { name: '10.244.0.5:40000', address: '10.244.0.5', port: 40000 },
      virtual: { name: '10.96.0.10:53', address: '10.96.0.10', port: 53 },
      destination: { name: '10.244.0.2:53', address: '10.244.0.2', port: 53 },
      persistenceEngine: null, persistenceData: null,
    });
    expect(withoutSpan(records[5] as IpvsadmEntry)).toEqual({ type: 'timeout', tcp: 900, tcpFin: 120, udp: 300 });
    expect(records[6]).toMatchObject({ type: 'service', layout: 'save', protocol: 'TCP', address: '10.96.0.1', port: 443, scheduler: 'rr', persistent: 10800 });
    expect(records[7]).toMatchObject({
      type: 'destination', layout: 'save', service: { protocol: 'TCP', address: '10.96.0.1', port: 443 },
      address: '192.168.10.11', port: 6443, forward: 'masq', forwardText: '-m', weight: 1, activeConnections: null,
    });
    expect(records[8]).toMatchObject({ type: 'service', protocol: 'FWM', fwmark: 1, family: 'inet6' });
    expect(records.slice(9).map(withoutSpan)).toEqual([
      { type: 'error', error: 'cannot-initialize', reason: 'Protocol not available', message: 'Can\'t initialize ipvs: Protocol not available' },
      { type: 'error', error: 'not-built-in', reason: null, message: 'Are you sure that IP Virtual Server is built in the kernel or as module?' },
    ]);
  });

  it('reads names without -n, and the port ipvsadm cut off as unknown', () => {
    // synthetic, after ipvsadm -L: an IPv4 service name is cut at 33 characters, a server's at 28
    const text = 'TCP  ip-10-0-62-121.ec2.internal: rr\n  -> 100.98.125.10:http           Masq    1      2          14        \n';
    const { records } = parseIpvsadm(text);
    expect(records[0]).toMatchObject({ name: 'ip-10-0-62-121.ec2.internal:', address: null, port: null, family: null, scheduler: 'rr' });
    expect(records[1]).toMatchObject({ name: '100.98.125.10:http', address: '100.98.125.10', port: null, weight: 1, activeConnections: 2, inactiveConnections: 14 });
  });

  it('reads an IPv4 name ipvsadm cut before its colon (28 characters or more): no address, no port', () => {
    // ipvsadm.c print_service_entry: svc_name[33] = '\0' of "TCP  NAME:PORT", dname[28] = '\0'; AWS names
    // outside us-east-1 (ip-10-0-62-121.us-west-2.compute.internal) are longer than that
    const text = [
      'Prot LocalAddress:Port Scheduler Flags',
      '  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn',
      'TCP  ip-10-0-62-121.us-west-2.com rr persistent 10800',
      '  -> ip-10-0-62-92.us-west-2.comp Masq    1      0          0         ',
      '',
    ].join('\n');
    for (const input of [text, text.replace(/\n/g, ' ')]) {
      const { records, diagnostics } = parseIpvsadm(input);
      expect(diagnostics).toEqual([]);
      expect(records[0]).toMatchObject({ type: 'service', name: 'ip-10-0-62-121.us-west-2.com', address: null, port: null, family: null, scheduler: 'rr', persistent: 10800 });
      expect(records[1]).toMatchObject({ type: 'destination', name: 'ip-10-0-62-92.us-west-2.comp', address: null, port: null, forward: 'masq', weight: 1 });
    }
  });

  it('files no real server under the service before a service line it could not read', () => {
    // a service line not read (here: a protocol ipvsadm 1.31 prints as "?" for a number it does not know)
    const text = 'TCP  10.96.0.1:443 rr\n  -> 192.168.10.11:6443           Masq    1      0          0         \n?    10.96.0.2:80 rr\n  -> 10.244.0.9:80                Masq    1      0          0         \n';
    const { records, diagnostics } = parseIpvsadm(text);
    expect(records.map((r) => (r.type === 'destination' ? [r.name, r.service?.name ?? null] : r.type))).toEqual(['service', ['192.168.10.11:6443', '10.96.0.1:443'], ['10.244.0.9:80', null]]);
    expect(diagnostics.map((d) => [d.code, d.span.line])).toEqual([['unexpected-token', 3], ['incomplete', 4]]);
    // words left over at the end of a service line read (an LVS fork's " synproxy") keep its servers under it
    const fork = parseIpvsadm('TCP  10.96.0.2:80 rr synproxy\n  -> 10.244.0.9:80                Masq    1      0          0         \n');
    expect(fork.records[1]).toMatchObject({ type: 'destination', service: { name: '10.96.0.2:80' } });
  });

  it('reads IPv6 names without -n: a host name and a service name in brackets, never cut', () => {
    // ipvsadm.c addrport_to_anyname: "%s%s%s:%s" with "[" and "]" for AF_INET6, the name from gethostbyaddr
    const text = [
      'TCP  [kubernetes.default.svc.cluster.local]:https rr',
      '  -> [node-a.example.internal]:sun-sr-https Masq    1      0          0         ',
      'IPVS connection entries',
      'pro expire state       source             virtual            destination',
      'TCP 14:58  ESTABLISHED [pod-a.example]:40000 [fd00::1]:https   [node-a.example.internal]:6443',
      '',
    ].join('\n');
    const { records, diagnostics } = parseIpvsadm(text);
    expect(diagnostics).toEqual([]);
    expect(records[0]).toMatchObject({ type: 'service', name: '[kubernetes.default.svc.cluster.local]:https', address: null, port: null, family: 'inet6', scheduler: 'rr' });
    expect(records[1]).toMatchObject({ type: 'destination', name: '[node-a.example.internal]:sun-sr-https', address: null, port: null, forward: 'masq', weight: 1 });
    expect(records[2]).toMatchObject({ type: 'connection', source: { name: '[pod-a.example]:40000', address: null, port: 40000 }, virtual: { address: 'fd00::1', port: null } });
  });

  it('reads a flattened paste like the original, and says when no header tells what numbers are', () => {
    const flat = parseIpvsadm(LIST.replace(/\n/g, ' '));
    expect(flat.diagnostics).toEqual([]);
    expect(flat.records.map(withoutSpan)).toEqual(parseIpvsadm(LIST).records.map(withoutSpan));
    const bare = parseIpvsadm('  -> 10.244.1.5:80  1 0 0 0\n');
    expect(bare.records).toMatchObject([{ type: 'destination', service: null, upperThreshold: 1, lowerThreshold: 0, activeConnections: 0, inactiveConnections: 0 }]);
    expect(bare.diagnostics.map((d) => [d.code, d.severity])).toEqual([['incomplete', 'info'], ['incomplete', 'warning']]);
  });

  it('keeps numbers past 2^53 as unknown with a warning, and never throws on junk', () => {
    const { records, diagnostics } = parseIpvsadm('Timeout (tcp tcpfin udp): 99999999999999999999 120 300\n');
    expect(records).toMatchObject([{ type: 'timeout', tcp: null, tcpFin: 120, udp: 300 }]);
    expect(diagnostics.map((d) => [d.code, d.span.text])).toEqual([['invalid-value', '99999999999999999999']]);
    const junk = parseIpvsadm('TCP  10.96.0.1:443 rr\nhello -> world\n');
    expect(junk.records).toHaveLength(1);
    expect(junk.diagnostics.map((d) => [d.code, d.span.text])).toEqual([['unexpected-token', 'hello -> world']]);
  });

  it('shortens numbers as print_largenum does', () => {
    expect(largeNumber(99_999_999, true)).toBe(' 99999999');
    expect(largeNumber(125_426_999, true)).toBe('  125426K');
    expect(largeNumber(13_034_000_000, true)).toBe('   13034M');
    expect(largeNumber(125_426_999, false)).toBe(' 125426999');
  });

  it('is told apart by content, and sniffs', () => {
    expect(detectFormat(LIST).format).toBe('ipvsadm');
    expect(detectFormat(OTHERS).format).toBe('ipvsadm');
    expect(detectFormat(LIST.split('\n').slice(3).join('\n')).format).toBe('ipvsadm');
    expect(parse('auto', LIST).format).toBe('ipvsadm');
    expect(sniffIpvsadm('default via 10.0.0.1 dev eth0')).toBe(0);
  });
});

describe('ipvsadm: rarer rows', () => {
  it('reads a firewall-mark persistence template of -Lnc (protocol IP, client port 0)', () => {
    // synthetic, laid out by print_conn ("%-3s %-6s %-11s %-18s %-18s %s")
    const { records, diagnostics } = parseIpvsadm('IPVS connection entries\npro expire state       source             virtual            destination\nIP  05:00  NONE        10.0.0.1:0         0.0.0.1:0          10.0.0.2:0\n');
    expect(diagnostics).toEqual([]);
    expect(records).toMatchObject([{ type: 'connection', protocol: 'IP', expire: '05:00', expireSeconds: 300, state: 'NONE', source: { address: '10.0.0.1', port: 0 } }]);
  });

  it('sniffs a listing without -n whose names ipvsadm cut before their colons', () => {
    const text = 'TCP  ip-10-0-62-121.us-west-2.com rr\n  -> ip-10-0-62-92.us-west-2.comp Masq    1      0          0         \n';
    expect(sniffIpvsadm(text)).toBeGreaterThan(0.5);
    expect(detectFormat(text).format).toBe('ipvsadm');
  });
});
