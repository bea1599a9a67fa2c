// inputSpan: a record's span (in its section's text) as a span of the input as given.
import { describe, expect, it } from 'vitest';
import type { Section, Span } from '../core';
import { inputSpan } from './evidence';

const section = (span: Omit<Span, 'text'>): Section => ({
  command: 'iptables-save', format: 'iptables-save', origin: { kind: 'file', path: 'sos_commands/firewall_tables/iptables-save' },
  span: { ...span, text: '' }, text: '', partial: false, snapshot: 1, flattened: false,
} as unknown as Section);

describe('inputSpan', () => {
  const record: Span = { line: 3, column: 1, offset: 40, length: 12, text: ':KUBE-SVC-AB' };
  const first: Span = { line: 1, column: 5, offset: 4, length: 6, text: 'filter' };

  it('is the record\'s own span when the section is its whole input (a sos file): no copy', () => {
    const whole = section({ line: 1, column: 1, offset: 0, length: 100 });
    expect(inputSpan(whole, record)).toBe(record);
    expect(inputSpan(whole, first)).toBe(first);
  });

  it('moves the span by where the section starts in a transcript, the column on its first line only', () => {
    const pasted = section({ line: 7, column: 1, offset: 300, length: 100 });
    expect(inputSpan(pasted, record)).toEqual({ line: 9, column: 1, offset: 340, length: 12, text: ':KUBE-SVC-AB' });
    // a flattened section starting mid-line: its first line's columns are shifted
    const midLine = section({ line: 1, column: 20, offset: 19, length: 100 });
    expect(inputSpan(midLine, first)).toEqual({ line: 1, column: 24, offset: 23, length: 6, text: 'filter' });
    expect(inputSpan(midLine, record)).toEqual({ line: 3, column: 1, offset: 59, length: 12, text: ':KUBE-SVC-AB' });
  });
});
