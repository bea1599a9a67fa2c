import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareNatural } from './natural-order';

describe('compareNatural', () => {
  it('orders numbered names by their numbers', () => {
    expect(['node-10', 'node-2', 'node-1', 'host190', 'host188', 'a', 'node-02', 'node-2a', 'ip-10-0-1-23', 'ip-10-0-1-3'].sort(compareNatural))
      .toEqual(['a', 'host188', 'host190', 'ip-10-0-1-3', 'ip-10-0-1-23', 'node-1', 'node-2', 'node-2a', 'node-02', 'node-10']);
  });

  it('is a total order: antisymmetric, transitive, zero only for equal strings', () => {
    const name = fc.stringMatching(/^[a-c0-9.-]{0,8}$/);
    fc.assert(fc.property(name, name, name, (a, b, c) => {
      expect(Math.sign(compareNatural(a, b)) + Math.sign(compareNatural(b, a))).toBe(0);
      expect(compareNatural(a, b) === 0).toBe(a === b);
      if (compareNatural(a, b) < 0 && compareNatural(b, c) < 0) expect(compareNatural(a, c)).toBeLessThan(0);
    }), { numRuns: 2000 });
  });
});
