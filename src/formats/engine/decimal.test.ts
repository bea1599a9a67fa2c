import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decimalValue } from './decimal';

describe('decimalValue', () => {
  it('reads digits as Number does, whole or in part', () => {
    expect(decimalValue('0')).toBe(0);
    expect(decimalValue('2434640078')).toBe(2434640078);
    expect(decimalValue('[12:3456]', 1, 3)).toBe(12);
    expect(decimalValue('[12:3456]', 4, 8)).toBe(3456);
    // beyond 15 digits Number's rounding, not the loop's
    expect(decimalValue('18446744073709551615')).toBe(Number('18446744073709551615'));
    expect(decimalValue('123456789012345')).toBe(123456789012345);
  });

  it('gives what Number gives for anything else', () => {
    expect(decimalValue('')).toBe(0);
    expect(decimalValue('12a')).toBeNaN();
    expect(decimalValue('-5')).toBe(-5);
    expect(decimalValue('0x10')).toBe(16);
  });

  it('agrees with Number on every string of digits and on arbitrary strings', () => {
    fc.assert(fc.property(fc.stringMatching(/^\d{1,25}$/), (digits) => decimalValue(digits) === Number(digits)));
    fc.assert(fc.property(fc.string(), (text) => Object.is(decimalValue(text), Number(text))));
  });
});
