// evaluateForward on filter tables whose chains are jumped to from many places. Synthetic rule sets
// (written here, not captured): a ladder of chains, each jumping twice to the next, the deepest
// holding a match the packet cannot decide (an ipset).
import { describe, expect, it } from 'vitest';
import { ingest } from '../../ingest';
import { buildModel } from '../build';
import { evaluateForward } from './forward';

function ladder(levels: number, after = ''): string {
  const chains = Array.from({ length: levels }, (_, k) => `:L${k} - [0:0]`).join('\n');
  const jumps = Array.from({ length: levels - 1 }, (_, k) => `-A L${k} -j L${k + 1}\n-A L${k} -j L${k + 1}`).join('\n');
  return `*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
${chains}
-A FORWARD -j L0
-A FORWARD -j L0
${after}${jumps}
-A L${levels - 1} -m set --match-set blocked src -j DROP
COMMIT
`;
}

function forward(rules: string) {
  const node = buildModel(ingest(`[root@node-a ~]# iptables-save\n${rules}`)).nodes.get('node-a');
  if (!node) throw new Error('no node');
  return evaluateForward(node, { source: '10.32.0.5', destination: '10.32.1.7', inInterface: 'cni0', outInterface: 'flannel.1', mark: 0 });
}

describe('evaluateForward: chains jumped to from many rules', () => {
  it('walks a chain that returned once, not once per jump: its undecidable rule is listed once', () => {
    // 2 jumps a level over 8 levels: 256 walks of the deepest chain without the memo
    const verdict = forward(ladder(8));
    expect(verdict.verdict).toBe('accept');
    expect(verdict.by).toBe('policy');
    expect(verdict.undecided.map((rule) => `${rule.chain} ${rule.position}`)).toEqual(['L7 1']);
  });

  it('reads a ladder of 30 levels (2^31 walks without the memo)', () => {
    expect(forward(ladder(30)).undecided).toHaveLength(1);
  });

  it('a rule after the chains that returned still decides', () => {
    const verdict = forward(ladder(4, '-A FORWARD -d 10.32.1.0/24 -j DROP\n'));
    expect(verdict.verdict).toBe('drop');
    expect(verdict.detail).toMatch(/^filter FORWARD rule 3 drops/);
  });

  it('a chain cut short by the depth limit is walked again where it is shallower', () => {
    // FORWARD → D0 → … → D29 → Y → Z → X: X would be at depth 33, past the limit of 32, so Y
    // returns there; FORWARD → Y directly reaches X, which drops
    const deep = Array.from({ length: 30 }, (_, k) => `:D${k} - [0:0]`).join('\n');
    const jumps = Array.from({ length: 29 }, (_, k) => `-A D${k} -j D${k + 1}`).join('\n');
    const verdict = forward(`*filter
:FORWARD ACCEPT [0:0]
${deep}
:X - [0:0]
:Y - [0:0]
:Z - [0:0]
-A FORWARD -j D0
-A FORWARD -j Y
${jumps}
-A D29 -j Y
-A Y -j Z
-A Z -j X
-A X -j DROP
COMMIT
`);
    expect(verdict.verdict).toBe('drop');
    expect(verdict.detail).toMatch(/^filter X rule 1 drops/);
  });
});
