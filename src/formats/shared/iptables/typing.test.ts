import { describe, expect, it } from 'vitest';
import { parseNatAddress, parsePortRange, typeMatch, typeTarget, unquote } from './typing';
import { TypedMatch, TypedTarget, type IptablesOption } from './schema';

const opt = (name: string, values: string[], negated = false): IptablesOption => ({ name, values, negated });

describe('typeMatch', () => {
  it('reads the modules kube-proxy writes, as the -L reader does', () => {
    const cases: [string, IptablesOption[], unknown][] = [
      ['comment', [opt('comment', ['"default/mysql-service: cluster IP"'])], { type: 'comment', comment: 'default/mysql-service: cluster IP' }],
      ['comment', [opt('comment', ['"dnat name: \\"cbr0\\" id: x"'])], { type: 'comment', comment: 'dnat name: "cbr0" id: x' }],
      ['tcp', [opt('dport', ['30038'])], { type: 'ports', protocol: 'tcp', destinationPort: { negated: false, from: 30038, to: 30038 } }],
      ['udp', [opt('sport', ['1000:2000'], true)], { type: 'ports', protocol: 'udp', sourcePort: { negated: true, from: 1000, to: 2000 } }],
      ['tcp', [opt('tcp-flags', ['SYN,RST', 'SYN'])], { type: 'ports', protocol: 'tcp', tcpFlags: { negated: false, mask: ['SYN', 'RST'], compare: ['SYN'] } }],
      ['multiport', [opt('dports', ['80,443'])], {
        type: 'multiport', direction: 'destination', negated: false,
        ports: [{ negated: false, from: 80, to: 80 }, { negated: false, from: 443, to: 443 }],
      }],
      ['addrtype', [opt('dst-type', ['LOCAL'])], { type: 'addrtype', destinationType: { negated: false, types: ['LOCAL'] } }],
      ['addrtype', [opt('src-type', ['LOCAL'], true)], { type: 'addrtype', sourceType: { negated: true, types: ['LOCAL'] } }],
      ['statistic', [opt('mode', ['random']), opt('probability', ['0.33333333349'])], { type: 'statistic', mode: 'random', negated: false, probability: 0.33333333349 }],
      ['statistic', [opt('mode', ['nth']), opt('every', ['3']), opt('packet', ['0'])], { type: 'statistic', mode: 'nth', negated: false, every: 3, packet: 0 }],
      ['mark', [opt('mark', ['0x4000/0x4000'])], { type: 'mark', negated: false, value: 16384, mask: 16384 }],
      ['conntrack', [opt('ctstate', ['RELATED,ESTABLISHED'])], { type: 'conntrack', module: 'conntrack', states: ['RELATED', 'ESTABLISHED'], negated: false }],
      ['conntrack', [opt('ctstate', ['RELATED,ESTABLISHED,DNAT'], true)], { type: 'conntrack', module: 'conntrack', states: ['RELATED', 'ESTABLISHED', 'DNAT'], negated: true }],
      ['state', [opt('state', ['NEW'])], { type: 'conntrack', module: 'state', states: ['NEW'], negated: false }],
      ['set', [opt('match-set', ['KUBE-CLUSTER-IP', 'dst,dst'])], { type: 'set', negated: false, name: 'KUBE-CLUSTER-IP', flags: ['dst', 'dst'] }],
      ['limit', [opt('limit', ['5/sec']), opt('limit-burst', ['10'])], { type: 'limit', rate: '5/sec', burst: 10 }],
      ['limit', [opt('limit', ['5/sec'])], { type: 'limit', rate: '5/sec', burst: 5 }],
      ['rpfilter', [opt('invert', [])], { type: 'rpfilter', loose: false, validmark: false, acceptLocal: false, invert: true }],
      ['physdev', [opt('physdev-is-in', [], true)], { type: 'physdev', options: [opt('physdev-is-in', [], true)] }],
      ['icmp', [opt('icmp-type', ['8'])], null],
      ['tcp', [opt('dport', ['http'])], null],
    ];
    for (const [module, options, typed] of cases) {
      expect(typeMatch(module, options), module).toEqual(typed);
      if (typed) expect(TypedMatch.safeParse(typed).success).toBe(true);
    }
  });
});

describe('typeTarget', () => {
  it('reads verdicts, chains and the NAT, MARK, LOG and REJECT targets', () => {
    const cases: [string, IptablesOption[], unknown][] = [
      ['ACCEPT', [], { type: 'verdict', verdict: 'ACCEPT' }],
      ['KUBE-SVC-SO4PW3GA7SPS7IHM', [], { type: 'chain', chain: 'KUBE-SVC-SO4PW3GA7SPS7IHM' }],
      ['REJECT', [opt('reject-with', ['icmp-port-unreachable'])], { type: 'reject', rejectWith: 'icmp-port-unreachable' }],
      ['DNAT', [opt('to-destination', ['10.244.2.6:9090'])], { type: 'dnat', to: [{ address: '10.244.2.6', port: '9090' }], random: false, persistent: false }],
      ['SNAT', [opt('to-source', ['192.168.86.188']), opt('random-fully', [])], {
        type: 'snat', to: [{ address: '192.168.86.188' }], random: false, randomFully: true, persistent: false,
      }],
      ['MASQUERADE', [opt('random-fully', [])], { type: 'masquerade', toPorts: null, random: false, randomFully: true }],
      ['MASQUERADE', [opt('to-ports', ['1024-65535'])], { type: 'masquerade', toPorts: '1024-65535', random: false, randomFully: false }],
      ['MARK', [opt('set-xmark', ['0x4000/0x4000'])], { type: 'mark', value: 16384, mask: 16384 }],
      ['MARK', [opt('or-mark', ['0x4000'])], { type: 'mark', value: 16384, mask: 16384 }],
      ['MARK', [opt('xor-mark', ['0x4000'])], { type: 'mark', value: 16384, mask: 0 }],
      ['MARK', [opt('and-mark', ['0xffffbfff'])], { type: 'mark', value: 0, mask: 16384 }],
      ['MARK', [opt('set-mark', ['0x1'])], { type: 'mark', value: 1, mask: 0xffffffff }],
      ['MARK', [opt('set-xmark', ['0x1'])], { type: 'mark', value: 1, mask: 0xffffffff }],
      ['LOG', [opt('log-prefix', ['"x: "']), opt('log-level', ['4'])], { type: 'log', prefix: 'x: ', level: 4 }],
      ['LOG', [opt('log-level', ['info'])], { type: 'log', prefix: null, level: 6 }],
      ['LOG', [], { type: 'log', prefix: null, level: 4 }],
      ['NOTRACK', [], { type: 'notrack' }],
      ['CT', [opt('notrack', [])], { type: 'ct', options: [opt('notrack', [])] }],
      ['TPROXY', [opt('on-port', ['15001'])], { type: 'tproxy', options: [opt('on-port', ['15001'])] }],
      ['REDIRECT', [opt('to-ports', ['36463'])], null],
      ['TCPMSS', [opt('clamp-mss-to-pmtu', [])], null],
      ['CHECKSUM', [], null],
    ];
    for (const [name, options, typed] of cases) {
      expect(typeTarget(name, options), name).toEqual(typed);
      if (typed) expect(TypedTarget.safeParse(typed).success).toBe(true);
    }
    expect(typeTarget('KUBE-SVC-X', [], true)).toEqual({ type: 'chain', chain: 'KUBE-SVC-X' });
  });

  it('splits NAT addresses and port ranges as printed', () => {
    expect(parseNatAddress('10.0.0.1-10.0.0.9:80-90')).toEqual({ address: '10.0.0.1-10.0.0.9', port: '80-90' });
    expect(parseNatAddress('[fd00::1]:80')).toEqual({ address: 'fd00::1', port: '80' });
    expect(parseNatAddress('fd00::1')).toEqual({ address: 'fd00::1' });
    expect(parseNatAddress(':8080')).toEqual({ address: '', port: '8080' });
    expect(parsePortRange('1024:')).toEqual({ negated: false, from: 1024, to: 65535 });
    expect(parsePortRange('70000')).toBeNull();
    expect(unquote('"a \\\\ b"')).toBe('a \\ b');
    expect(unquote('plain')).toBe('plain');
  });
});
