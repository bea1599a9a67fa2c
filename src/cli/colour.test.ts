import { describe, expect, it } from 'vitest';
import { isColourWanted, painter } from './colour';

describe('colour', () => {
  it('follows NO_COLOR (set and not empty), FORCE_COLOR (0 and false off, anything else on) and TERM=dumb; else a terminal', () => {
    const cases: [NodeJS.ProcessEnv, boolean, boolean][] = [
      [{}, true, true], [{}, false, false],
      [{ NO_COLOR: '1' }, true, false], [{ NO_COLOR: '' }, true, true],
      [{ FORCE_COLOR: '1' }, false, true], [{ FORCE_COLOR: '3' }, false, true], [{ FORCE_COLOR: 'true' }, false, true], [{ FORCE_COLOR: '' }, false, true],
      [{ FORCE_COLOR: '0' }, true, false], [{ FORCE_COLOR: 'false' }, true, false],
      [{ TERM: 'dumb' }, true, false], [{ TERM: 'dumb', FORCE_COLOR: '1' }, false, true],
      [{ NO_COLOR: '1', FORCE_COLOR: '1' }, true, false],
    ];
    expect(cases.map(([env, isTTY]) => isColourWanted(env, isTTY))).toEqual(cases.map(([, , wanted]) => wanted));
  });

  it('paints with SGR escapes, each style switched off by its own code', () => {
    const paint = painter({ FORCE_COLOR: '1' }, false);
    expect([paint('bold', 'a'), paint('dim', 'b'), paint('red', 'c'), paint('green', 'd'), paint('yellow', 'e'), paint('cyan', 'f')])
      .toEqual(['\u001b[1ma\u001b[22m', '\u001b[2mb\u001b[22m', '\u001b[31mc\u001b[39m', '\u001b[32md\u001b[39m', '\u001b[33me\u001b[39m', '\u001b[36mf\u001b[39m']);
    expect(painter({}, false)('red', 'c')).toBe('c');
  });
});
