// The statement reader on rule text nft 1.0.6 printed in the lab (corpus/captures/nft-ruleset),
// and its properties: never throws, every statement is its own text, every word lands in one.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseNftRuleset } from '../../formats/nft-ruleset';
import { parseNftStatements, type NftStatement } from './nft-statements';

const kinds = (text: string) => parseNftStatements(text).map((s) => s.kind);
const strip = (statements: NftStatement[]) => statements.map(({ offset: _o, length: _l, ...rest }) => rest);

describe('parseNftStatements', () => {
  it('reads a kube-proxy rule as iptables-nft wrote it, the blank of the comment it does not print kept', () => {
    expect(strip(parseNftStatements('meta l4proto tcp ip daddr 10.96.0.1  tcp dport 443 counter packets 0 bytes 0 jump KUBE-SVC-NPX46M4PTMTKRN6Y'))).toEqual([
      { kind: 'match', selectors: [['meta', 'l4proto']], mask: null, op: '==', value: { kind: 'literal', text: 'tcp' }, slash: null, text: 'meta l4proto tcp' },
      { kind: 'match', selectors: [['ip', 'daddr']], mask: null, op: '==', value: { kind: 'literal', text: '10.96.0.1' }, slash: null, text: 'ip daddr 10.96.0.1' },
      { kind: 'hidden', count: 1, text: '' },
      { kind: 'match', selectors: [['tcp', 'dport']], mask: null, op: '==', value: { kind: 'literal', text: '443' }, slash: null, text: 'tcp dport 443' },
      { kind: 'counter', packets: 0, bytes: 0, text: 'counter packets 0 bytes 0' },
      { kind: 'verdict', verdict: 'jump', target: 'KUBE-SVC-NPX46M4PTMTKRN6Y', text: 'jump KUBE-SVC-NPX46M4PTMTKRN6Y' },
    ]);
  });

  it('reads statistic as nft shows it, and the marks of both printers', () => {
    expect(strip(parseNftStatements(' meta random & 2147483647 < 715827883 counter packets 0 bytes 0 jump X'))[1]).toMatchObject({
      kind: 'match', selectors: [['meta', 'random']], mask: '2147483647', op: '<', value: { kind: 'literal', text: '715827883' },
    });
    // iptables-nft's xt MARK translation and nft's own print of kube-proxy's "mark set mark or 0x4000"
    for (const text of ['meta mark set mark or 0x4000', 'meta mark set meta mark | 0x00004000'])
      expect(parseNftStatements(text)[0]).toMatchObject({ kind: 'mark-set', selector: 'meta mark', value: 0x4000, mask: 0x4000 });
    expect(parseNftStatements('meta mark set meta mark ^ 0x00004000')[0]).toMatchObject({ value: 0x4000, mask: 0 });
    expect(parseNftStatements('meta mark set 0x1')[0]).toMatchObject({ value: 1, mask: 0xffffffff });
    expect(parseNftStatements('meta mark & 0x00004000 == 0x00000000 return')[0]).toMatchObject({ kind: 'match', mask: '0x00004000', value: { text: '0x00000000' } });
  });

  it('reads verdict maps, numgen and concatenations', () => {
    expect(strip(parseNftStatements('fib daddr type local ip daddr @nodeport-ips meta l4proto . th dport vmap @service-nodeports'))).toEqual([
      { kind: 'match', selectors: [['fib', 'daddr', 'type']], mask: null, op: '==', value: { kind: 'literal', text: 'local' }, slash: null, text: 'fib daddr type local' },
      { kind: 'match', selectors: [['ip', 'daddr']], mask: null, op: '==', value: { kind: 'ref', name: 'nodeport-ips' }, slash: null, text: 'ip daddr @nodeport-ips' },
      { kind: 'vmap', selectors: [['meta', 'l4proto'], ['th', 'dport']], map: { kind: 'ref', name: 'service-nodeports' }, text: 'meta l4proto . th dport vmap @service-nodeports' },
    ]);
    expect(parseNftStatements('numgen random mod 2 vmap { 0 : goto endpoint-a/x__10.0.0.1/80, 1 : goto endpoint-b }')[0]).toMatchObject({
      kind: 'numgen', mode: 'random', modulus: 2, base: 0,
      map: { kind: 'map', entries: [{ key: '0', value: 'goto endpoint-a/x__10.0.0.1/80' }, { key: '1', value: 'goto endpoint-b' }] },
    });
  });

  it('reads the statements of the admin rules', () => {
    expect(kinds('tcp flags syn / syn,rst counter packets 65432 bytes 3925920 tcp option maxseg size set rt mtu')).toEqual(['match', 'counter', 'other']);
    expect(kinds('ip saddr 192.168.86.0/24 tcp dport 22 ct state new limit rate 5/second counter packets 42 bytes 2520 log prefix "ssh-new: "'))
      .toEqual(['match', 'match', 'match', 'limit', 'counter', 'log']);
    expect(parseNftStatements('tcp dport 23 reject with tcp reset')[1]).toMatchObject({ kind: 'reject', with: 'tcp reset' });
    expect(parseNftStatements('oifname "cni0" xt target CHECKSUM')[1]).toMatchObject({ kind: 'xt', what: 'target', name: 'CHECKSUM' });
    expect(parseNftStatements('masquerade fully-random')[0]).toMatchObject({ kind: 'nat', type: 'masquerade', to: null, flags: ['fully-random'] });
    expect(parseNftStatements('meta l4proto tcp dnat to [fd00:10:244::5]:6443')[1]).toMatchObject({ kind: 'nat', type: 'dnat', to: '[fd00:10:244::5]:6443' });
    expect(parseNftStatements('jump x comment "short-circuit pod traffic"')[1]).toMatchObject({ kind: 'comment', comment: 'short-circuit pod traffic' });
    expect(kinds('update @affinity-x { ip saddr } meta l4proto tcp dnat to 10.0.0.1:80')).toEqual(['other', 'match', 'nat']);
  });

  it('reads every rule of the lab captures', () => {
    const dir = join(__dirname, '../../../corpus/captures/nft-ruleset');
    for (const file of ['kube131-iptnft__nft_-a_list_ruleset.txt', 'kube-proxy-nft131__nft_-a_list_ruleset.txt', 'kube-proxy-nftables__nft_-a_list_ruleset.txt']) {
      for (const record of parseNftRuleset(readFileSync(join(dir, file), 'utf8')).records) {
        if (record.kind !== 'rule') continue;
        const statements = parseNftStatements(record.text);
        // what nft prints for these rules is all read: only the TCPMSS statement stays "other"
        expect(statements.filter((s) => s.kind === 'other' && !s.text.startsWith('tcp option maxseg')), record.text).toEqual([]);
      }
    }
  });
});

describe('parseNftStatements: properties', () => {
  const word = fc.constantFrom(
    'ip', 'saddr', 'daddr', '10.0.0.1', '!=', '==', '&', '.', 'meta', 'l4proto', 'tcp', 'dport', '443', 'jump', 'goto', 'X', 'vmap',
    '@s', '{', '}', '{ 0 : goto a, 1 : goto b }', 'numgen', 'random', 'mod', '2', 'counter', 'packets', 'bytes', 'mark', 'set', 'or',
    '0x4000', '"c d"', 'comment', 'dnat', 'to', 'fib', 'type', 'local', 'xt', 'target', 'reject', 'with', 'log', 'prefix', 'limit', 'rate', '',
  );
  const ruleText = fc.array(word, { maxLength: 14 }).map((words) => words.join(' '));

  it('never throws, on any string', () => {
    fc.assert(fc.property(fc.string({ maxLength: 80 }), (text) => {
      parseNftStatements(text);
    }), { numRuns: 2000 });
  });

  it('each statement is the text at its offset, in order, and every word lands in one', () => {
    fc.assert(fc.property(fc.oneof(ruleText, fc.string({ maxLength: 60 })), (text) => {
      const statements = parseNftStatements(text).filter((s) => s.kind !== 'hidden');
      let end = 0;
      for (const statement of statements) {
        expect(text.slice(statement.offset, statement.offset + statement.length)).toBe(statement.text);
        expect(statement.offset).toBeGreaterThanOrEqual(end);
        end = statement.offset + statement.length;
      }
      const covered = statements.map((s) => s.text).join(' ').replace(/\s+/g, '');
      expect(covered).toBe(text.replace(/\s+/g, ''));
    }), { numRuns: 1500 });
  });
});
