// A rule as a diagnosis holds it: what it reads as, without the five objects a rule record makes
// for its spans and views. A kube-proxy node of 5,000 services has 56,000 rules, and a 100-node
// bundle holds every node's at once: as records (spans, match and target objects) they are ~730
// bytes a rule; packed, a rule is where it is in the text it was read from and its shape, which
// every rule read from the same line text holds (on every node of a cluster): chain, counters, the
// parts (options, typed views) SharedRuleParts holds for every match and target that reads alike,
// and where they are in the line. Spans and views are made when asked for. A packed rule answers
// every field of IptablesRule, and JSON.stringify writes it as the record buildRule makes from the
// same line (toJSON); chain declarations likewise (PackedChain).
import type { Span } from '../../../core';
import type { Counters, IptablesChain, IptablesMatch, IptablesRule, IptablesTarget, Negatable } from './schema';

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

/** The head of a rule with none of -p -s -d -i -o -f. */
export const NO_HEAD: RuleHead = Object.freeze({ protocol: null, source: null, destination: null, inInterface: null, outInterface: null, fragment: null });

// Large listings make hundreds of thousands of rules: the empty lists they hold are one, frozen
export const NONE = Object.freeze([]) as unknown as never[];

/**
 * Whether a record of `span` can be packed: a packed record re-reads its text from `input` at the
 * span's offset, so only where that is the span's text.
 */
export function readsInPlace(span: Span, input: string): boolean {
  return span.text.length === span.length && input.startsWith(span.text, span.offset);
}

/** The span of `length` characters of `input` from `offset`, at `line` and `column`. */
function spanAt(input: string, offset: number, length: number, line: number, column: number): Span {
  return { line, column, offset, length, text: input.slice(offset, offset + length) };
}

/**
 * What every rule read from the same line text has alike, on any node: its chain, counters, head,
 * and `body`, for each match and then the target, its parts, its offset from the rule's start and
 * its length ([parts, from, length, parts, from, length, …]; the target is the last triple when
 * `hasTarget`); `length` is the rule's span's. Frozen: many rules hold one.
 */
export interface RuleShape {
  readonly chain: string;
  readonly counters: Counters | null;
  readonly head: RuleHead;
  readonly body: readonly (MatchParts | TargetParts | number)[];
  readonly hasTarget: boolean;
  readonly length: number;
}

/** One rule, packed: its shape, and where its span is in `input`, the text it was read from. */
export class PackedRule implements IptablesRule {
  /** Counted by the listing's reader once the rule is known to be whole. */
  position: number;

  constructor(
    readonly table: string | null,
    /** Read by KnownLines, which makes rules of the same line again from it. */
    readonly shape: RuleShape,
    position: number,
    private readonly input: string,
    private readonly offset: number,
    private readonly line: number,
    private readonly column: number,
  ) {
    this.position = position;
  }

  get type(): 'rule' {
    return 'rule';
  }

  get chain(): string {
    return this.shape.chain;
  }

  get counters(): Counters | null {
    return this.shape.counters;
  }

  get protocol(): Negatable | null {
    return this.shape.head.protocol;
  }

  get source(): Negatable | null {
    return this.shape.head.source;
  }

  get destination(): Negatable | null {
    return this.shape.head.destination;
  }

  get inInterface(): Negatable | null {
    return this.shape.head.inInterface;
  }

  get outInterface(): Negatable | null {
    return this.shape.head.outInterface;
  }

  get fragment(): { negated: boolean } | null {
    return this.shape.head.fragment;
  }

  get unresolved(): string[] {
    return NONE;
  }

  get span(): Span {
    return spanAt(this.input, this.offset, this.shape.length, this.line, this.column);
  }

  /** The matches' parts, without spans: what the model reads of every rule. */
  matchParts(): readonly MatchParts[] {
    const count = this.matchCount();
    if (count === 0) return NONE;
    const out = new Array<MatchParts>(count);
    const body = this.shape.body;
    for (let i = 0; i < count; i++) out[i] = body[i * 3] as MatchParts;
    return out;
  }

  /** The target's parts, without its span. */
  targetParts(): TargetParts | null {
    const { body, hasTarget } = this.shape;
    return hasTarget ? (body[body.length - 3] as TargetParts) : null;
  }

  get matches(): IptablesMatch[] {
    const count = this.matchCount();
    if (count === 0) return NONE;
    const out = new Array<IptablesMatch>(count);
    for (let i = 0; i < count; i++) {
      const parts = this.shape.body[i * 3] as MatchParts;
      out[i] = { module: parts.module, options: parts.options, typed: parts.typed, span: this.part(i) };
    }
    return out;
  }

  get target(): IptablesTarget | null {
    const parts = this.targetParts();
    if (parts === null) return null;
    return { name: parts.name, goto: parts.goto, options: parts.options, typed: parts.typed, span: this.part(this.shape.body.length / 3 - 1) };
  }

  /** The record buildRule makes from the same line, key for key. */
  toJSON(): IptablesRule {
    return {
      type: 'rule', table: this.table, chain: this.chain, position: this.position, counters: this.counters, protocol: this.protocol,
      source: this.source, destination: this.destination, inInterface: this.inInterface, outInterface: this.outInterface,
      fragment: this.fragment, matches: this.matches, target: this.target, unresolved: NONE, span: this.span,
    };
  }

  private matchCount(): number {
    return this.shape.body.length / 3 - (this.shape.hasTarget ? 1 : 0);
  }

  /** The span of the index-th match (or the target, last). */
  private part(index: number): Span {
    const body = this.shape.body;
    const from = body[index * 3 + 1] as number;
    return spanAt(this.input, this.offset + from, body[index * 3 + 2] as number, this.line, this.column + from);
  }
}

/** What every chain declaration read from the same line text has alike; `length` is its span's. Frozen. */
export type ChainShape = Readonly<Pick<IptablesChain, 'chain' | 'builtin' | 'policy' | 'counters' | 'references'>> & { readonly length: number };

/** A chain declaration, packed like a rule: its shape, and where its span is in `input`. */
export class PackedChain implements IptablesChain {
  constructor(
    readonly table: string | null,
    readonly shape: ChainShape,
    private readonly input: string,
    private readonly offset: number,
    private readonly line: number,
    private readonly column: number,
  ) {}

  get type(): 'chain' {
    return 'chain';
  }

  get chain(): string {
    return this.shape.chain;
  }

  get builtin(): boolean {
    return this.shape.builtin;
  }

  get policy(): string | null {
    return this.shape.policy;
  }

  get counters(): Counters | null {
    return this.shape.counters;
  }

  get references(): number | null {
    return this.shape.references;
  }

  get span(): Span {
    return spanAt(this.input, this.offset, this.shape.length, this.line, this.column);
  }

  /** The record buildChain makes from the same line, key for key. */
  toJSON(): IptablesChain {
    return {
      type: 'chain', table: this.table, chain: this.chain, builtin: this.builtin, policy: this.policy, counters: this.counters,
      references: this.references, span: this.span,
    };
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
