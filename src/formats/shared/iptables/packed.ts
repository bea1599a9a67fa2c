// A rule as a diagnosis holds it: what it reads as, without the five objects a rule record makes
// for its spans and views. A kube-proxy node of 5,000 services has 56,000 rules, and a 100-node
// bundle holds every node's at once: as records (spans, match and target objects) they are ~730
// bytes a rule; packed, the spans and views are made when asked for, from offsets into the rule's
// text, and the parts (options, typed views) are the ones SharedRuleParts holds for every rule that
// reads alike. A packed rule answers every field of IptablesRule, and JSON.stringify writes it as
// the record buildRule makes from the same line (toJSON).
import type { Span } from '../../../core';
import type { Counters, IptablesMatch, IptablesRule, IptablesTarget, Negatable } from './schema';

/** What rules that read alike share of a match: everything but the span. */
export interface MatchParts {
  readonly module: string;
  readonly options: IptablesMatch['options'];
  readonly typed: IptablesMatch['typed'];
}

/** What rules that read alike share of a target: everything but the span. */
export interface TargetParts {
  readonly name: string;
  readonly goto: boolean;
  readonly options: IptablesTarget['options'];
  readonly typed: IptablesTarget['typed'];
}

/** -p, -s, -d, -i, -o and -f of a rule, one frozen object for every rule that has the same. */
export interface RuleHead {
  readonly protocol: Negatable | null;
  readonly source: Negatable | null;
  readonly destination: Negatable | null;
  readonly inInterface: Negatable | null;
  readonly outInterface: Negatable | null;
  readonly fragment: { readonly negated: boolean } | null;
}

const NO_MATCHES = Object.freeze([]) as unknown as never[];

/**
 * One rule, packed. `body` holds, for each match and then the target, its parts, its offset from
 * the rule's start and its length: [parts, from, length, parts, from, length, …]; the target is the
 * last triple when `hasTarget`.
 */
export class PackedRule implements IptablesRule {
  /** Counted by the listing's reader once the rule is known to be whole. */
  position: number;

  constructor(
    readonly table: string | null,
    readonly chain: string,
    position: number,
    readonly counters: Counters | null,
    private readonly head: RuleHead | null,
    private readonly body: readonly (MatchParts | TargetParts | number)[],
    private readonly hasTarget: boolean,
    /** The rule's span: its text, and where it is. */
    private readonly text: string,
    private readonly offset: number,
    private readonly length: number,
    private readonly line: number,
    private readonly column: number,
  ) {
    this.position = position;
  }

  get type(): 'rule' {
    return 'rule';
  }

  get protocol(): Negatable | null {
    return this.head === null ? null : this.head.protocol;
  }

  get source(): Negatable | null {
    return this.head === null ? null : this.head.source;
  }

  get destination(): Negatable | null {
    return this.head === null ? null : this.head.destination;
  }

  get inInterface(): Negatable | null {
    return this.head === null ? null : this.head.inInterface;
  }

  get outInterface(): Negatable | null {
    return this.head === null ? null : this.head.outInterface;
  }

  get fragment(): { negated: boolean } | null {
    return this.head === null ? null : this.head.fragment;
  }

  get unresolved(): string[] {
    return NO_MATCHES;
  }

  get span(): Span {
    return { line: this.line, column: this.column, offset: this.offset, length: this.length, text: this.text };
  }

  /**
   * The same rule on another line that reads alike (KnownLines): `text` its span's text, from
   * `offset` in the text parsed, at `line` and `column`; its position is counted again.
   */
  at(table: string | null, text: string, offset: number, line: number, column: number): PackedRule {
    return new PackedRule(table, this.chain, 0, this.counters, this.head, this.body, this.hasTarget, text, offset, text.length, line, column);
  }

  /** The matches' parts, without spans: what the model reads of every rule. */
  matchParts(): readonly MatchParts[] {
    const count = this.matchCount();
    if (count === 0) return NO_MATCHES;
    const out = new Array<MatchParts>(count);
    for (let i = 0; i < count; i++) out[i] = this.body[i * 3] as MatchParts;
    return out;
  }

  /** The target's parts, without its span. */
  targetParts(): TargetParts | null {
    return this.hasTarget ? (this.body[this.body.length - 3] as TargetParts) : null;
  }

  get matches(): IptablesMatch[] {
    const count = this.matchCount();
    if (count === 0) return NO_MATCHES;
    const out = new Array<IptablesMatch>(count);
    for (let i = 0; i < count; i++) {
      const parts = this.body[i * 3] as MatchParts;
      out[i] = { module: parts.module, options: parts.options, typed: parts.typed, span: this.part(i) };
    }
    return out;
  }

  get target(): IptablesTarget | null {
    if (!this.hasTarget) return null;
    const parts = this.body[this.body.length - 3] as TargetParts;
    return { name: parts.name, goto: parts.goto, options: parts.options, typed: parts.typed, span: this.part(this.body.length / 3 - 1) };
  }

  /** The record buildRule makes from the same line, key for key. */
  toJSON(): IptablesRule {
    return {
      type: 'rule', table: this.table, chain: this.chain, position: this.position, counters: this.counters, protocol: this.protocol,
      source: this.source, destination: this.destination, inInterface: this.inInterface, outInterface: this.outInterface,
      fragment: this.fragment, matches: this.matches, target: this.target, unresolved: NO_MATCHES, span: this.span,
    };
  }

  private matchCount(): number {
    return this.body.length / 3 - (this.hasTarget ? 1 : 0);
  }

  /** The span of the index-th match (or the target, last). */
  private part(index: number): Span {
    const from = this.body[index * 3 + 1] as number;
    const length = this.body[index * 3 + 2] as number;
    return { line: this.line, column: this.column + from, offset: this.offset + from, length, text: this.text.slice(from, from + length) };
  }
}

/** A rule's target without its span: what walks over every rule read (no object made for a packed rule). */
export function targetOf(rule: IptablesRule): TargetParts | null {
  return rule instanceof PackedRule ? rule.targetParts() : rule.target;
}

/** A rule's matches without their spans. */
export function matchesOf(rule: IptablesRule): readonly MatchParts[] {
  return rule instanceof PackedRule ? rule.matchParts() : rule.matches;
}
