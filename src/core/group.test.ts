import { describe, expect, it } from 'vitest';
import { groupBy } from './group';

describe('groupBy', () => {
  it('groups in the order first met, members in order, leaving out items without a key', () => {
    const groups = groupBy(['b1', 'a1', 'x', 'b2', 'a2', ''], (s) => (s.length === 2 ? s[0] : s === '' ? null : undefined));
    expect([...groups]).toEqual([['b', ['b1', 'b2']], ['a', ['a1', 'a2']]]);
  });

  it('keeps falsy keys that are not null or undefined', () => {
    expect([...groupBy([0, 1, 2, 3], (n) => n % 2)]).toEqual([[0, [0, 2]], [1, [1, 3]]]);
    expect([...groupBy(['', 'a'], (s) => s)]).toEqual([['', ['']], ['a', ['a']]]);
  });
});
