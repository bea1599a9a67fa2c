// Hostile input to sysctl: a line of hundreds of thousands of values, paths deeper than a call's
// arguments. Outcomes only (no throw, what is read and where); time is measured by hand, never asserted.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { captures, ROOT } from '../../../test/support/corpus';
import { keyFromProcPath } from './keys';
import { parseSysctl } from './parse';

const withoutSpans = (parsed: ReturnType<typeof parseSysctl>) => ({
  records: parsed.records.map(({ span: _span, ...rest }) => rest),
  diagnostics: parsed.diagnostics.map(({ span: _span, ...rest }) => rest),
});

describe('sysctl: hostile input', () => {
  it('a 1 MB line of 500,000 values is one value (nearley\'s vtok:* copied its list per token: the heap ran out)', () => {
    const parsed = parseSysctl('1 '.repeat(500_000), { key: 'net.ipv4.ip_forward' });
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.records).toHaveLength(1);
    expect(parsed.records[0]).toMatchObject({ type: 'setting', key: 'net.ipv4.ip_forward', span: { offset: 0, length: 999_999 } });
    const numeric = parsed.records[0]?.type === 'setting' ? parsed.records[0].numeric : undefined;
    expect(numeric).toHaveLength(500_000);
  });

  it('long values among settings, warnings and "* Applying" on one line: each unit where the grammar puts it', () => {
    const values = 'x '.repeat(300);
    const line = `a.b = ${values}sysctl: ${values}* Applying /etc/sysctl.conf ... ${values}* Applying ${values}sysctl: c.d = 1`;
    const parsed = parseSysctl(`${line}${' '.repeat(4096)}`, { key: 'k.k' });
    expect(parsed.records.map((r) => [r.type, r.type === 'setting' ? r.key : null, r.span.text.length])).toEqual([
      ['setting', 'a.b', 6 + 599], ['error', null, 8 + 599], ['applying', null, 31], ['setting', 'k.k', 599],
      ['setting', 'k.k', 599], ['setting', 'c.d', 7],
    ]);
    // "* Applying" without its file, and "sysctl:" without its message, are not read
    expect(parsed.diagnostics.map((d) => [d.code, d.span.text])).toEqual([['unexpected-token', '* Applying'], ['unexpected-token', 'sysctl:']]);
  });

  it('a flattened sysctl -a (one line of thousands of tokens) reads as its lines do', () => {
    const [capture] = captures('sysctl').filter((c) => c.file.endsWith('node-broken__sysctl_-a.txt'));
    const text = readFileSync(join(ROOT, capture?.file ?? ''), 'utf8');
    const flattened = text.split('\n').filter((l) => l !== '').join(' ');
    expect(flattened.length).toBeGreaterThan(4096);
    const lines = text.split('\n').filter((l) => l !== '');
    const original = withoutSpans(parseSysctl(lines.join('\n')));
    const flat = withoutSpans(parseSysctl(flattened));
    // a value that ends with blanks in its line loses them flattened: compare trimmed values
    const trim = (r: (typeof original.records)[number]) => (r.type === 'setting' ? { ...r, value: r.value.trim() } : r);
    expect(flat.records.map(trim)).toEqual(original.records.map(trim));
  });

  it('"cannot stat" a path of a million components: the key read, no throw (they were passed as arguments)', () => {
    const parsed = parseSysctl(`sysctl: cannot stat /proc/sys/${'a/'.repeat(1_000_000)}x: No such file or directory\n`);
    expect(parsed.records).toHaveLength(1);
    expect(parsed.records[0]).toMatchObject({ type: 'error', error: 'cannot-stat', reason: 'No such file or directory' });
    expect(keyFromProcPath(`/proc/sys/${'a/'.repeat(1_000_000)}x`)).toBe(`${'a.'.repeat(1_000_000)}x`);
  });
});
