import { describe, expect, it } from 'vitest';
import { rankFindings, type RankInput } from './rank';

function input(id: string, explains: string[], effectOf: string[], extra: Partial<RankInput> = {}): RankInput {
  return {
    finding: { id, rule: 'test/rule', messageId: 'm', severity: 'error', host: null, title: 't', message: id, data: {}, evidence: [], fix: [], objects: { addresses: [], subnets: [], interfaces: [], macs: [], hosts: [], services: [] } } as unknown as RankInput['finding'],
    harmless: false, observation: false, explains, effectOf, order: 0, ...extra,
  };
}

const summary = (findings: ReturnType<typeof rankFindings>) => findings.map((f) => [f.id, f.role, f.explains, f.causes]);

describe('rankFindings', () => {
  it('a chain: the cause explains what its effects explain', () => {
    // a → path (b is an instance), b → route (c is an instance), d unrelated
    const ranked = rankFindings([input('c', [], ['route']), input('b', ['route'], ['path']), input('a', ['path'], []), input('d', [], [])]);
    expect(summary(ranked)).toEqual([
      ['a', 'root-cause', 2, []], ['d', 'root-cause', 0, []], ['b', 'symptom', 1, ['a']], ['c', 'symptom', 0, ['b']],
    ]);
  });

  it('findings that explain each other are root causes of one another, each explaining the rest', () => {
    const ranked = rankFindings([input('x', ['k'], ['k']), input('y', ['k'], ['k']), input('z', ['k'], ['k'])]);
    expect(summary(ranked)).toEqual([['x', 'root-cause', 2, ['y', 'z']], ['y', 'root-cause', 2, ['x', 'z']], ['z', 'root-cause', 2, ['x', 'y']]]);
  });

  it('many findings of one effect: each counts every other once (a walk per finding, each effect expanded once)', () => {
    const many = Array.from({ length: 1500 }, (_, i) => input(`f${i}`, ['overlay-path:n:10.0.0.0/24'], ['overlay-path:n:10.0.0.0/24']));
    const ranked = rankFindings(many);
    expect(ranked).toHaveLength(1500);
    expect(ranked.every((f) => f.role === 'root-cause' && f.explains === 1499)).toBe(true);
    // each lists the first twenty of its 1,499 causes
    expect(ranked[0]?.causes).toEqual(Array.from({ length: 20 }, (_, i) => `f${i + 1}`));
    expect(ranked[5]?.causes).toEqual([...Array.from({ length: 5 }, (_, i) => `f${i}`), ...Array.from({ length: 15 }, (_, i) => `f${i + 6}`)]);
  });

  it('residue and observations keep their roles whatever they explain', () => {
    const ranked = rankFindings([input('r', ['k'], [], { harmless: true }), input('o', [], ['k'], { observation: true })]);
    expect(summary(ranked)).toEqual([['r', 'residue', 1, []], ['o', 'observation', 0, ['r']]]);
  });
});
