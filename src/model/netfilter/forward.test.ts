// evaluateForward on filter tables whose chains are jumped to from many places. Synthetic rule sets
// (written here, not captured): a ladder of chains, each jumping twice to the next, the deepest
// holding a match the packet cannot decide (an ipset no ipset listing shows).
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
  it('walks a chain that returned once, not once per jump: its undecidable rule is listed once, and leaves the verdict undecided', () => {
    // 2 jumps a level over 8 levels: 256 walks of the deepest chain without the memo
    const verdict = forward(ladder(8));
    // the policy accepts, but the ipset rule may match and drop: not known
    expect(verdict.verdict).toBe('accept');
    expect(verdict.by).toBe('undecided');
    expect(verdict.alternatives?.map((a) => [`${a.rule.chain} ${a.rule.position}`, a.verdict])).toEqual([['L7 1', 'drop']]);
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

  it('a chain cut short by the depth limit is walked again where it is shallower, and the verdict says a chain was not walked', () => {
    // FORWARD → D0 → … → D253 → Y → Z → X: X would be at depth 257, past the limit of 256, so Y
    // is not known to return there; FORWARD → Y directly reaches X, which drops
    const deep = Array.from({ length: 254 }, (_, k) => `:D${k} - [0:0]`).join('\n');
    const jumps = Array.from({ length: 253 }, (_, k) => `-A D${k} -j D${k + 1}`).join('\n');
    const verdict = forward(`*filter
:FORWARD ACCEPT [0:0]
${deep}
:X - [0:0]
:Y - [0:0]
:Z - [0:0]
-A FORWARD -j D0
-A FORWARD -j Y
${jumps}
-A D253 -j Y
-A Y -j Z
-A Z -j X
-A X -j DROP
COMMIT
`);
    expect(verdict).toMatchObject({ verdict: 'drop', by: 'not-walked' });
    expect(verdict.evidence.map((e) => e.text)).toEqual(['-A FORWARD -j Y', '-A Y -j Z', '-A Z -j X', '-A X -j DROP']);
  });
});

describe('evaluateForward: chains too deep to walk', () => {
  // one jump a level, the deepest chain dropping the packet
  const chain = (levels: number): string => `*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
${Array.from({ length: levels }, (_, k) => `:F${k} - [0:0]`).join('\n')}
-A FORWARD -j F0
${Array.from({ length: levels - 1 }, (_, k) => `-A F${k} -j F${k + 1}`).join('\n')}
-A F${levels - 1} -d 10.32.1.7/32 -j DROP
COMMIT
`;

  it('follows 256 chains down to the drop', () => {
    expect(forward(chain(256))).toMatchObject({ verdict: 'drop', by: 'rule', detail: 'filter F255 rule 1 drops' });
  });

  it('says it did not walk past 256 chains, never that the policy accepts', () => {
    expect(forward(chain(258))).toMatchObject({
      verdict: 'accept', by: 'not-walked', evidence: [],
      detail: 'filter FORWARD jumps deeper than 256 chains or back into a chain on the way: what those chains do is not known',
    });
  });

  it('says the same of a chain that jumps back into itself (which the kernel refuses to load)', () => {
    const loop = '*filter\n:FORWARD ACCEPT [0:0]\n:A - [0:0]\n:B - [0:0]\n-A FORWARD -j A\n-A A -j B\n-A B -j A\nCOMMIT\n';
    expect(forward(loop).by).toBe('not-walked');
  });
});
