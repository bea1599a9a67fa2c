// A parse that hands its records to a sink keeps at most STREAMED_PARTS shared parts (then starts
// afresh): its records must be those of a parse that shares everything, on every iptables capture
// of the corpus and the lab's 1,000-service sets, however small the bound; only which records
// hold the same parts object changes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { captures, ROOT } from '../../../../test/support/corpus';
import { parseIptablesSave } from '../../iptables-save/parse';
import { parseIptablesListRules } from '../../iptables-list-rules/parse';
import { parseIptablesList } from '../../iptables-list/parse';
import { SharedListParts } from '../../iptables-list/build';
import { SharedRuleParts, STREAMED_PARTS } from './rule';
import type { IptablesRecord, IptablesRule } from './schema';

type Listing = 'iptables-save' | 'iptables-list-rules' | 'iptables-list';

/** Parses `text` as `format` into a sink, with shared parts bounded to `maxParts`; the parts used are returned too. */
function streamed(format: Listing, text: string, maxParts: number): { records: IptablesRecord[]; diagnostics: unknown[]; parts: number } {
  const records: IptablesRecord[] = [];
  const sink = (record: IptablesRecord): void => {
    records.push(record);
  };
  if (format === 'iptables-list') {
    const shared = new SharedListParts(maxParts);
    const { diagnostics } = parseIptablesList(text, { sink, shared });
    return { records, diagnostics, parts: shared.parts };
  }
  const shared = new SharedRuleParts({ maxParts });
  const { diagnostics } = format === 'iptables-save' ? parseIptablesSave(text, { sink, shared }) : parseIptablesListRules(text, { sink, shared });
  return { records, diagnostics, parts: shared.parts };
}

function plain(format: Listing, text: string): { records: IptablesRecord[]; diagnostics: unknown[] } {
  if (format === 'iptables-list') return parseIptablesList(text);
  return format === 'iptables-save' ? parseIptablesSave(text) : parseIptablesListRules(text);
}

const BENCH: Record<Listing, string> = {
  'iptables-save': 'corpus/bench/iptables-save/svc1k__iptables-save.txt.gz',
  'iptables-list-rules': 'corpus/bench/iptables-list-rules/svc1k__iptables_-t_nat_-S.txt.gz',
  'iptables-list': 'corpus/bench/iptables-list/svc1k__iptables_-t_nat_-L_-n_-v.txt.gz',
};

/** A rule whose comment is `comment`, in each listing's syntax (one chain, declared before). */
function ruleLine(format: Listing, comment: string): string {
  if (format === 'iptables-list') return `    0     0 KUBE-MARK-MASQ  6    --  *      *       0.0.0.0/0            10.96.0.1            /* ${comment} */ tcp dpt:443`;
  return `-A KUBE-SERVICES -d 10.96.0.1/32 -p tcp -m comment --comment "${comment}" -m tcp --dport 443 -j KUBE-MARK-MASQ`;
}

/** The index of the last line that holds `text`. */
const lastWith = (lines: readonly string[], text: string): number => {
  for (let i = lines.length - 1; i >= 0; i--) if ((lines[i] as string).includes(text)) return i;
  return -1;
};

/** The same rule, then `between` rules of distinct comments, then the first rule again. */
function farApart(format: Listing, between: number): string {
  const rules = [ruleLine(format, 'default/a:https'), ...Array.from({ length: between }, (_, i) => ruleLine(format, `ns/svc-${i}:https`)), ruleLine(format, 'default/a:https')];
  if (format === 'iptables-list') return ['Chain KUBE-SERVICES (2 references)', ' pkts bytes target     prot opt in     out     source               destination', ...rules, ''].join('\n');
  if (format === 'iptables-save') return ['*nat', ':KUBE-SERVICES - [0:0]', ...rules, 'COMMIT', ''].join('\n');
  return ['-N KUBE-SERVICES', ...rules, ''].join('\n');
}

const LISTINGS: readonly Listing[] = ['iptables-save', 'iptables-list-rules', 'iptables-list'];

describe('shared parts bounded for a streamed parse', () => {
  for (const format of LISTINGS) {
    it(`${format}: records and diagnostics are those of an unbounded parse, on every capture of the corpus and the 1,000-service set`, () => {
      const texts = captures(format).map((capture) => ({ label: capture.file, text: capture.text }));
      expect(texts.length).toBeGreaterThan(3);
      texts.push({ label: 'svc1k', text: gunzipSync(readFileSync(join(ROOT, BENCH[format]))).toString('utf8') });
      let rules = 0;
      for (const { label, text } of texts) {
        const expected = plain(format, text);
        rules += expected.records.filter((record) => record.type === 'rule').length;
        for (const maxParts of [1, 2, 7, STREAMED_PARTS]) {
          const got = streamed(format, text, maxParts);
          expect(JSON.stringify(got.records), `${label}, ${maxParts} parts`).toBe(JSON.stringify(expected.records));
          expect(got.diagnostics, `${label}, ${maxParts} parts`).toEqual(expected.diagnostics);
          // -L lets its parts go between rules: a rule's own parts may pass the bound
          expect(got.parts, `${label}, ${maxParts} parts`).toBeLessThanOrEqual(format === 'iptables-list' ? maxParts + 8 : maxParts);
        }
      }
      expect(rules).toBeGreaterThan(10_000);
    });

    it(`${format}: a part is shared again only while it is kept`, () => {
      const matchOptions = (format2: Listing, text: string, maxParts: number): [unknown, unknown] => {
        const rules = streamed(format2, text, maxParts).records.filter((record): record is IptablesRule => record.type === 'rule');
        const first = rules[0] as IptablesRule;
        const last = rules[rules.length - 1] as IptablesRule;
        expect(first.matches.find((m) => m.module === 'comment')?.typed).toEqual({ type: 'comment', comment: 'default/a:https' });
        return [first.matches.find((m) => m.module === 'comment')?.options, last.matches.find((m) => m.module === 'comment')?.options];
      };
      const text = farApart(format, 40);
      const [kept, again] = matchOptions(format, text, Infinity);
      expect(again).toBe(kept);
      const [gone, made] = matchOptions(format, text, 10);
      expect(made).not.toBe(gone);
      expect(made).toEqual(gone);
    });

    it(`${format}: a part made as the bound is reached is shared like any other`, () => {
      // what one rule adds, alone: with room for two rules' parts, of three rules that read alike
      // after another, the third shares the second's parts however the bound falls
      const all = farApart(format, 0).split('\n');
      const single = all.filter((_line, i) => i !== lastWith(all, 'default/a:https')).join('\n');
      const perRule = streamed(format, single, Infinity).parts;
      expect(perRule).toBeGreaterThan(2);
      const text = farApart(format, 0).replace(ruleLine(format, 'default/a:https'), ruleLine(format, 'z/z:https'));
      const lines = text.split('\n');
      lines.splice(lastWith(lines, 'default/a:https') + 1, 0, ruleLine(format, 'default/a:https'));
      for (let maxParts = 2 * perRule; maxParts <= 4 * perRule; maxParts++) {
        const rules = streamed(format, lines.join('\n'), maxParts).records.filter((record): record is IptablesRule => record.type === 'rule');
        const options = rules.map((rule) => rule.matches.find((m) => m.module === 'comment')?.options);
        expect(options.length).toBe(3);
        expect(options[2], `${maxParts} parts`).toBe(options[1]);
      }
    });
  }

  it('a parse with a sink bounds its parts by default; without one it shares everything', () => {
    for (const format of LISTINGS) {
      const text = farApart(format, STREAMED_PARTS + 10);
      const comments = (records: readonly IptablesRecord[]): unknown[] =>
        records.filter((record): record is IptablesRule => record.type === 'rule').map((rule) => rule.matches.find((m) => m.module === 'comment')?.options);
      const all = comments(plain(format, text).records);
      expect(all[all.length - 1], format).toBe(all[0]);
      const sunk: IptablesRecord[] = [];
      const sink = (record: IptablesRecord): void => {
        sunk.push(record);
      };
      if (format === 'iptables-list') parseIptablesList(text, { sink });
      else if (format === 'iptables-save') parseIptablesSave(text, { sink });
      else parseIptablesListRules(text, { sink });
      const streamedComments = comments(sunk);
      expect(streamedComments.length, format).toBe(STREAMED_PARTS + 12);
      expect(streamedComments[streamedComments.length - 1], format).not.toBe(streamedComments[0]);
      expect(streamedComments[streamedComments.length - 1], format).toEqual(streamedComments[0]);
    }
  });
});
