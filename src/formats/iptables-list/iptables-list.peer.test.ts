// Differential test against jc's parse of the same published captures (corpus/peer/iptables-list,
// jc's .jc.json beside each, MIT), and the other peer captures read in place from the shared
// peer corpus (skipped when it is absent). Accepted disagreements are listed in
// docs/formats/iptables-list.md and asserted here, so a new one fails.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { IptablesChain, IptablesRecord, IptablesRule, Negatable } from '../shared/iptables/schema';
import { parseIptablesList } from './parse';
import { listFormatOf, printIptablesList, type ListFormat } from './print';
import { renderMatch, renderTarget } from './text';

const dir = join(__dirname, '../../../corpus/peer/iptables-list');
const shared = '/work/shared/peer-corpus/iptables-L';

const shown = (value: Negatable | null, none: string): string => (value ? `${value.negated ? '!' : ''}${value.value}` : none);

/** Our records in jc's shape: one object per chain with its rules, columns as printed. */
function asJc(records: IptablesRecord[], format: ListFormat): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  let rules: Record<string, unknown>[] = [];
  const anywhere = format.numeric ? '0.0.0.0/0' : 'anywhere';
  for (const record of records) {
    if (record.type === 'chain') {
      const chain: Record<string, unknown> = { chain: record.chain };
      const c = record as IptablesChain;
      if (c.policy !== null && c.counters) Object.assign(chain, { default_policy: c.policy, default_packets: c.counters.packets, default_bytes: c.counters.bytes });
      rules = [];
      chain.rules = rules;
      out.push(chain);
    } else if (record.type === 'rule') {
      const r = record as IptablesRule;
      const row: Record<string, unknown> = {};
      if (format.lineNumbers) row.num = r.position;
      if (r.counters) Object.assign(row, { pkts: r.counters.packets, bytes: r.counters.bytes });
      Object.assign(row, {
        target: r.target?.name ?? null, prot: shown(r.protocol, format.all), opt: r.fragment ? `${r.fragment.negated ? '!' : '-'}f` : null,
      });
      if (format.verbose) Object.assign(row, { in: shown(r.inInterface, format.numeric ? '*' : 'any'), out: shown(r.outInterface, format.numeric ? '*' : 'any') });
      Object.assign(row, { source: shown(r.source, anywhere), destination: shown(r.destination, anywhere) });
      const text = [
        ...(r.target?.goto ? ['[goto]'] : []), ...r.matches.map((m) => renderMatch(m.module, m.options)),
        ...(r.target && r.target.options.length > 0 ? [renderTarget(r.target.name, r.target.options)] : []),
      ].join(' ');
      if (text !== '') row.options = text;
      rules.push(row);
    }
  }
  return out;
}

describe('iptables -L against jc', () => {
  const files = readdirSync(dir).filter((name) => name.endsWith('.jc.json'));
  it('has jc parses to compare with', () => expect(files.length).toBe(13));
  for (const name of files) {
    it(`${name.replace('.jc.json', '')}: every jc field agrees`, () => {
      const text = readFileSync(join(dir, name.replace('.jc.json', '.txt')), 'utf8');
      const jc = JSON.parse(readFileSync(join(dir, name), 'utf8')) as Record<string, unknown>[];
      const ours = parseIptablesList(text);
      expect(ours.diagnostics).toEqual([]);
      // accepted: jc keeps the blank iptables prints after "[goto]" in options ("[goto] "); ours has no trailing blank
      let trimmed = 0;
      for (const chain of jc)
        for (const rule of chain.rules as Record<string, unknown>[])
          if (typeof rule.options === 'string' && rule.options !== rule.options.trimEnd()) {
            rule.options = rule.options.trimEnd();
            trimmed++;
          }
      expect(trimmed).toBe((text.match(/\[goto\] $/gm) ?? []).length);
      expect(asJc(ours.records, listFormatOf(text))).toEqual(jc);
    });
  }
});

describe('iptables -L peer captures', () => {
  it('jc captures print back byte for byte (trailing blank lines and final newline aside)', () => {
    for (const name of readdirSync(dir).filter((n) => n.endsWith('.txt'))) {
      const text = readFileSync(join(dir, name), 'utf8');
      const printed = printIptablesList(parseIptablesList(text).records, listFormatOf(text));
      // jc's inline test strings lost their final newline; the first one's -x header was re-spaced by hand
      if (name === 'jc__inline-test__x_option_format.txt') expect(printed.split('\n').slice(2).join('\n')).toBe(`${text.split('\n').slice(2).join('\n')}\n`);
      else {
        let expected = text.endsWith('\n') ? text : `${text}\n`;
        while (expected.endsWith('\n\n')) expected = expected.slice(0, -1);
        expect(printed).toBe(expected);
      }
    }
  });

  describe.skipIf(!existsSync(shared))('read in place (not redistributable)', () => {
    const read = (file: string): string => readFileSync(join(shared, file), 'utf8');
    it('every capture reads; the one that starts mid-chain says so', () => {
      for (const name of readdirSync(shared).filter((n) => n.endsWith('.txt') && !n.startsWith('jc__'))) {
        const { diagnostics } = parseIptablesList(read(name));
        if (name.startsWith('gh-issue-docker-for-linux-1521')) {
          expect(diagnostics.map((d) => [d.code, d.severity, d.span.line, d.span.text])).toEqual([
            ['incomplete', 'warning', 1, '    0     0 ACCEPT     0    --  docker0 *       0.0.0.0/0            0.0.0.0/0'.trimStart()],
          ]);
        } else expect(diagnostics, name).toEqual([]);
      }
    });
    it('iptables 1.8.10 numeric protocols: "0" is all, "6" kept as written', () => {
      const list = parseIptablesList(read('gh-issue-docker-for-linux-1521__iptables-nvL-numeric-proto-partial.txt')).records.filter((r) => r.type === 'rule');
      expect(list.map((r) => [r.chain, r.protocol?.value ?? null, r.inInterface, r.outInterface?.value]).slice(2, 4)).toEqual([
        ['DOCKER', '6', { negated: true, value: 'br-074a3711cac3' }, 'br-074a3711cac3'],
        ['DOCKER', '6', { negated: true, value: 'br-074a3711cac3' }, 'br-074a3711cac3'],
      ]);
      expect(list[0]).toMatchObject({ chain: '', protocol: null });
    });
    it('kube-proxy userspace era (1.4.21): a comment after ADDRTYPE, and recent: matches (kubeadm 1.7)', () => {
      const rule = parseIptablesList(read('gh-issue-kubernetes-11634__iptables-t-nat-L-n-v-userspace-partial.txt')).records[2] as IptablesRule;
      expect(rule.matches.map((m) => m.typed?.type)).toEqual(['addrtype', 'comment']);
      const recent = parseIptablesList(read('zeelichsheng-systemdesign__k8s-master-svc-nodeport.txt')).records.filter((r): r is IptablesRule => r.type === 'rule' && r.matches.some((m) => m.module === 'recent'));
      expect(recent[0]?.matches[1]).toMatchObject({ module: 'recent', typed: { type: 'recent' } });
    });
  });
});
