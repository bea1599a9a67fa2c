// A parse in a compact form, for moving it between threads (worker_threads, web workers). The
// receiver holds the same text, so spans travel as four numbers and get their text back as slices
// of it (records keep pointing into their input, never into copies of it); and iptables rules and
// chains, of which a kube-proxy node has tens of thousands, travel as integers pointing into tables
// of what they share (strings, negatable values, matches, targets: these as integers too, only
// their typed views as JSON), since rebuilding them from JSON costs about what parsing them did.
// Everything else travels as JSON. unpackParsed(packParsed(p, text), text) equals p, down to
// which parts are shared and frozen.
import type { Diagnostic, Span } from '../core';
import type { Parsed } from './format';
import { deepFreeze, ZERO_COUNTERS } from './shared/iptables/rule';
import { getFormat } from './registry';
import type { Counters, IptablesChain, IptablesMatch, IptablesOption, IptablesRule, IptablesTarget, Negatable, TypedMatch, TypedTarget } from './shared/iptables/schema';

/** A parse packed by packParsed: transfer `ints.buffer` and `numbers.buffer` instead of copying them. */
export interface PackedParse {
  format: string;
  /** The JSON of the tables and of everything that is not a packed rule or chain (see Payload), span texts left out. */
  json: string;
  /** Per record: a tag (OTHER, RULE or CHAIN), then a rule's (tryRule) or chain's (tryChain) fields. */
  ints: Int32Array<ArrayBuffer>;
  /** Rule and chain counters (packets, bytes, exact): they outgrow 32 bits. */
  numbers: Float64Array<ArrayBuffer>;
}

/**
 * Which objects of a part's options and typed view were frozen: 1 every one (a shared part), 0
 * none, else their paths ("options", "options.0.values", "typed.to.0").
 */
interface Frozen { frozen: 0 | 1 | string[] }
interface MatchPart extends Frozen { module: string; options: IptablesOption[]; typed: TypedMatch | null }
interface TargetPart extends Frozen { name: string; goto: boolean; options: IptablesOption[]; typed: TypedTarget | null }
/**
 * A match's or target's shared part as it travels: [name (a string's index), goto (1, 0; -1 for a
 * match), frozen, typed (JSON), ...options], the options as integers (packOptions). Integers, not
 * objects: a kube-proxy parse has tens of thousands of parts, and their JSON was most of the packing.
 */
type PackedPart = [number, number, Frozen['frozen'], unknown, ...number[]];

interface Payload {
  diagnostics: Diagnostic[];
  /** Records that are neither packed rules nor packed chains, in order (their tag is OTHER). */
  others: unknown[];
  strings: string[];
  matches: PackedPart[];
  targets: PackedPart[];
  /** Negatable values, three numbers each: the value (a string's index), negated, frozen (1 or 0). */
  generals: number[];
  /** Non-empty `unresolved` lists. */
  lists: string[][];
  /** Where the objects without a prototype sit in `others` and `diagnostics` (stripSpanTexts). */
  nullPrototypes: Path[];
}

const OTHER = 0;
const RULE = 1;
const CHAIN = 2;
// null and the shared frozen empty list, where a field holds an index otherwise
const NULL = -1;
const FROZEN_EMPTY = -2;
const FRESH_EMPTY = -3;
// counters: the shared frozen zero (ZERO_COUNTERS)
const FROZEN_ZERO = -4;

// what unpacking writes, in this order
const RULE_KEYS = ['type', 'table', 'chain', 'position', 'counters', 'protocol', 'source', 'destination', 'inInterface', 'outInterface', 'fragment', 'matches', 'target', 'unresolved', 'span'];
const CHAIN_KEYS = ['type', 'table', 'chain', 'builtin', 'policy', 'counters', 'references', 'span'];
const OPTION_KEYS = ['name', 'values', 'negated'];
const GENERAL_KEYS = ['negated', 'value'];

/** Whether `value`'s own keys are exactly `keys`, in that order (what unpacking writes). */
function inKeyOrder(value: object, keys: readonly string[]): boolean {
  let k = 0;
  for (const key in value) if (key !== keys[k++]) return false;
  return k === keys.length;
}
const INT32_MAX = 0x7fffffff;

/** Number of own enumerable keys, without allocating (Object.keys would, for every record). */
function keyCount(value: object): number {
  let count = 0;
  // records are plain objects: nothing enumerable is inherited
  for (const _ in value) count++;
  return count;
}

/** Whether `span` is a plain span whose text is `text` at its offset (then it can travel as numbers). */
function isTextSpan(span: Span, text: string): boolean {
  return typeof span.text === 'string' && span.text.length === span.length && keyCount(span) === 5
    && Number.isInteger(span.line) && Number.isInteger(span.column) && span.line <= INT32_MAX && span.column <= INT32_MAX
    // a slice compared with === is about three times faster than startsWith at an offset
    && span.text === text.slice(span.offset, span.offset + span.length);
}

function hasKeys(value: object, keys: readonly string[]): boolean {
  for (let k = 0; k < keys.length; k++) if (!Object.hasOwn(value, keys[k] as string)) return false;
  return true;
}

/** A growing Int32Array (a plain array of numbers, converted at the end, costs twice as much). */
class IntBuffer {
  data = new Int32Array(1024);
  length = 0;
  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = value;
  }
  result(): Int32Array<ArrayBuffer> {
    return this.data.slice(0, this.length);
  }
}

/** Where an object sits in the payload: keys and indexes from the payload down. */
type Path = (string | number)[];

/**
 * Sets aside the text of every span that `text` holds at the span's offset (restoreSpanTexts gives it
 * back), and notes in `nullPrototypes` where an object without a prototype sits (ip route's `other`,
 * kubectl's `annotations`, ip link's `properties` and stats: keys read from the input, "__proto__"
 * among them), so that unpacking makes it one again. `path` is where `value` sits.
 */
function stripSpanTexts(value: unknown, text: string, path: Path, nullPrototypes: Path[]): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    return value.map((item, index) => {
      path.push(index);
      const out = stripSpanTexts(item, text, path, nullPrototypes);
      path.pop();
      return out;
    });
  }
  const object = value as Record<string, unknown>;
  const bare = Object.getPrototypeOf(object) === null;
  if (bare) nullPrototypes.push([...path]);
  // without a prototype, "__proto__" is a key like another (JSON.stringify writes it, JSON.parse reads it back)
  const out: Record<string, unknown> = bare ? Object.create(null) : {};
  // 0 stands for "the input's text here": a span's text is never a number
  const strip = typeof object['offset'] === 'number' && typeof object['length'] === 'number' && typeof object['line'] === 'number'
    && isTextSpan(object as unknown as Span, text);
  for (const key of Object.keys(object)) {
    path.push(key);
    out[key] = strip && key === 'text' ? 0 : stripSpanTexts(object[key], text, path, nullPrototypes);
    path.pop();
  }
  return out;
}

/** Makes the object at `path` in `root` one without a prototype again (JSON.parse gave it Object's), keys in order. */
function restoreNullPrototype(root: unknown, path: Path): void {
  let parent = root as Record<string | number, unknown>;
  for (let i = 0; i < path.length - 1; i++) parent = parent[path[i] as string | number] as Record<string | number, unknown>;
  const key = path[path.length - 1] as string | number;
  const object = parent[key] as Record<string, unknown>;
  const bare = Object.create(null) as Record<string, unknown>;
  for (const name of Object.keys(object)) bare[name] = object[name];
  parent[key] = bare;
}

function restoreSpanTexts(value: unknown, text: string): void {
  if (value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (const item of value) restoreSpanTexts(item, text);
    return;
  }
  const object = value as Record<string, unknown>;
  if (object['text'] === 0 && typeof object['offset'] === 'number' && typeof object['length'] === 'number') {
    object['text'] = text.slice(object['offset'], object['offset'] + object['length']);
    return;
  }
  for (const key in object) restoreSpanTexts(object[key], text);
}

// what an index function returns for a value packRule cannot pack (the rule then travels as JSON)
const UNPACKABLE = -100;

/** Index tables keyed by identity: a part shared by rules in the parse is one entry, shared again on unpacking. */
class Packer {
  readonly ints = new IntBuffer();
  readonly numbers: number[] = [];
  readonly payload: Payload = { diagnostics: [], others: [], strings: [], matches: [], targets: [], generals: [], lists: [], nullPrototypes: [] };
  private readonly stringIndex = new Map<string, number>();
  private readonly matchIndex = new Map<object, Map<object | null, Map<string, number>>>();
  private readonly targetIndex = new Map<object, Map<object | null, Map<string, number>>>();
  private readonly generalIndex = new Map<Negatable, number>();

  constructor(private readonly text: string) {}

  // the last table and chain asked for: rules of one chain come one after another, and a map
  // lookup hashes every new slice
  private readonly last = { table: { value: '', index: -1 }, chain: { value: '', index: -1 } };

  string(value: unknown, last?: { value: string; index: number }): number {
    if (value === null) return NULL;
    if (typeof value !== 'string') return UNPACKABLE;
    if (last !== undefined && last.index !== -1 && value === last.value) return last.index;
    let index = this.stringIndex.get(value);
    if (index === undefined) {
      index = this.payload.strings.push(value) - 1;
      this.stringIndex.set(value, index);
    }
    if (last !== undefined) {
      last.value = value;
      last.index = index;
    }
    return index;
  }

  /** A negatable value: checked once, when first seen (most are shared: "-p tcp"). */
  general(value: Negatable | null): number {
    if (value === null) return NULL;
    let index = this.generalIndex.get(value);
    if (index === undefined) {
      if (typeof value !== 'object' || keyCount(value) !== 2 || typeof value.negated !== 'boolean' || typeof value.value !== 'string') return UNPACKABLE;
      // key order as netsift writes it: { negated, value }
      if (!inKeyOrder(value, GENERAL_KEYS)) return UNPACKABLE;
      const generals = this.payload.generals;
      index = generals.length / 3;
      generals.push(this.string(value.value), value.negated ? 1 : 0, Object.isFrozen(value) ? 1 : 0);
      this.generalIndex.set(value, index);
    }
    return index;
  }

  /** Index of a match's or target's shared part: by the identity of its options and typed view, and its name. */
  private part(index: Map<object, Map<object | null, Map<string, number>>>, options: object, typed: object | null, name: string): number | undefined {
    return index.get(options)?.get(typed)?.get(name);
  }

  private addPart(index: Map<object, Map<object | null, Map<string, number>>>, options: object, typed: object | null, name: string, position: number): void {
    let byTyped = index.get(options);
    if (!byTyped) index.set(options, (byTyped = new Map()));
    let byName = byTyped.get(typed);
    if (!byName) byTyped.set(typed, (byName = new Map()));
    byName.set(name, position);
  }

  matchPart(match: IptablesMatch): number {
    let found = this.part(this.matchIndex, match.options, match.typed, match.module);
    if (found === undefined) {
      if (typeof match.module !== 'string') return UNPACKABLE;
      const packed = this.packPart(this.string(match.module), -1, match.options, match.typed);
      if (packed === null) return UNPACKABLE;
      found = this.payload.matches.push(packed) - 1;
      this.addPart(this.matchIndex, match.options, match.typed, match.module, found);
    }
    return found;
  }

  targetPart(target: IptablesTarget): number {
    const name = `${target.goto ? 'g' : 'j'}${target.name}`;
    let found = this.part(this.targetIndex, target.options, target.typed, name);
    if (found === undefined) {
      if (typeof target.name !== 'string' || typeof target.goto !== 'boolean') return UNPACKABLE;
      const packed = this.packPart(this.string(target.name), target.goto ? 1 : 0, target.options, target.typed);
      if (packed === null) return UNPACKABLE;
      found = this.payload.targets.push(packed) - 1;
      this.addPart(this.targetIndex, target.options, target.typed, name, found);
    }
    return found;
  }

  /** A part's options as integers: a count (or an empty list's marker), then name, negated and values of each. */
  private packPart(name: number, goto: number, options: unknown, typed: object | null): PackedPart | null {
    if (!Array.isArray(options) || (typed !== null && typeof typed !== 'object')) return null;
    const out: PackedPart = [name, goto, frozenState(options, typed), typed];
    if (options.length === 0) {
      out.push(Object.isFrozen(options) ? FROZEN_EMPTY : FRESH_EMPTY);
      return out;
    }
    out.push(options.length);
    for (const option of options as unknown[]) {
      if (option === null || typeof option !== 'object' || !inKeyOrder(option, OPTION_KEYS)) return null;
      const { name: optionName, values, negated } = option as IptablesOption;
      if (typeof optionName !== 'string' || typeof negated !== 'boolean' || !Array.isArray(values)) return null;
      out.push(this.string(optionName), negated ? 1 : 0);
      if (values.length === 0) out.push(Object.isFrozen(values) ? FROZEN_EMPTY : FRESH_EMPTY);
      else {
        out.push(values.length);
        for (const value of values) {
          if (typeof value !== 'string') return null;
          out.push(this.string(value));
        }
      }
    }
    return out;
  }

  /** Packs one chain record as integers; false (nothing written) when it is not of the shape netsift's parsers make. */
  chain(chain: IptablesChain): boolean {
    const ints = this.ints;
    const start = ints.length;
    const numbers = this.numbers.length;
    if (this.tryChain(chain)) return true;
    ints.length = start;
    this.numbers.length = numbers;
    return false;
  }

  private tryChain(chain: IptablesChain): boolean {
    if (!inKeyOrder(chain, CHAIN_KEYS) || typeof chain.builtin !== 'boolean') return false;
    const references = chain.references;
    if (references !== null && (!Number.isInteger(references) || references < 0 || references > INT32_MAX)) return false;
    const table = this.string(chain.table, this.last.table);
    const name = this.string(chain.chain, this.last.chain);
    const policy = this.string(chain.policy);
    if (table === UNPACKABLE || name === UNPACKABLE || name === NULL || policy === UNPACKABLE) return false;
    const ints = this.ints;
    ints.push(CHAIN);
    if (!this.span(chain.span)) return false;
    ints.push(table);
    ints.push(name);
    ints.push(chain.builtin ? 1 : 0);
    ints.push(policy);
    if (!this.counters(chain.counters)) return false;
    ints.push(references ?? NULL);
    return true;
  }

  /** Pushes counters (their index into `numbers`, or NULL); false when they are not netsift's counters. */
  counters(counters: Counters | null): boolean {
    if (counters === null) {
      this.ints.push(NULL);
      return true;
    }
    if (typeof counters !== 'object' || keyCount(counters) !== 3 || typeof counters.exact !== 'boolean' || typeof counters.packets !== 'number' || typeof counters.bytes !== 'number') return false;
    if (counters === ZERO_COUNTERS) {
      this.ints.push(FROZEN_ZERO);
      return true;
    }
    this.ints.push(this.numbers.length / 3);
    this.numbers.push(counters.packets, counters.bytes, counters.exact ? 1 : 0);
    return true;
  }

  /** Pushes a span's four numbers; false when its text is not the input's at its offset. */
  span(span: Span): boolean {
    if (!isTextSpan(span, this.text)) return false;
    const ints = this.ints;
    ints.push(span.offset);
    ints.push(span.length);
    ints.push(span.line);
    ints.push(span.column);
    return true;
  }

  /** Packs one rule record as integers; false (nothing written) when it is not of the shape netsift's parsers make. */
  rule(rule: IptablesRule): boolean {
    const ints = this.ints;
    const start = ints.length;
    const numbers = this.numbers.length;
    const lists = this.payload.lists.length;
    if (this.tryRule(rule)) return true;
    ints.length = start;
    this.numbers.length = numbers;
    this.payload.lists.length = lists;
    return false;
  }

  private tryRule(rule: IptablesRule): boolean {
    const ints = this.ints;
    if (keyCount(rule) !== RULE_KEYS.length || !hasKeys(rule, RULE_KEYS) || !Number.isInteger(rule.position) || rule.position > INT32_MAX || rule.position < 0) return false;
    ints.push(RULE);
    if (!this.span(rule.span)) return false;
    const table = this.string(rule.table, this.last.table);
    const chain = this.string(rule.chain, this.last.chain);
    if (table === UNPACKABLE || chain === UNPACKABLE || chain === NULL) return false;
    ints.push(table);
    ints.push(chain);
    ints.push(rule.position);
    if (!this.counters(rule.counters)) return false;
    for (const value of [rule.protocol, rule.source, rule.destination, rule.inInterface, rule.outInterface]) {
      const index = this.general(value);
      if (index === UNPACKABLE) return false;
      ints.push(index);
    }
    const fragment = rule.fragment;
    if (fragment && (keyCount(fragment) !== 1 || typeof fragment.negated !== 'boolean')) return false;
    ints.push(fragment ? (fragment.negated ? 1 : 0) : NULL);
    const unresolved = rule.unresolved;
    if (!Array.isArray(unresolved)) return false;
    ints.push(unresolved.length > 0 ? this.payload.lists.push([...unresolved]) - 1 : Object.isFrozen(unresolved) ? FROZEN_EMPTY : FRESH_EMPTY);
    const matches = rule.matches;
    if (!Array.isArray(matches)) return false;
    ints.push(matches.length === 0 && Object.isFrozen(matches) ? FROZEN_EMPTY : matches.length);
    for (const match of matches) {
      if (match === null || typeof match !== 'object' || keyCount(match) !== 4) return false;
      const part = this.matchPart(match);
      if (part === UNPACKABLE) return false;
      ints.push(part);
      if (!this.span(match.span)) return false;
    }
    const target = rule.target;
    if (target) {
      if (typeof target !== 'object' || keyCount(target) !== 5) return false;
      const part = this.targetPart(target);
      if (part === UNPACKABLE) return false;
      ints.push(part);
      if (!this.span(target.span)) return false;
    } else ints.push(NULL);
    return true;
  }
}

/** Counts the objects under `value` and how many are frozen (no paths: most parts are all or nothing). */
function countFrozen(value: unknown, counts: { objects: number; frozen: number }): void {
  if (value === null || typeof value !== 'object') return;
  counts.objects++;
  if (Object.isFrozen(value)) counts.frozen++;
  for (const key in value) countFrozen((value as Record<string, unknown>)[key], counts);
}

function frozenPaths(value: unknown, path: string, out: string[]): void {
  if (value === null || typeof value !== 'object') return;
  if (Object.isFrozen(value)) out.push(path);
  for (const key of Object.keys(value)) frozenPaths((value as Record<string, unknown>)[key], `${path}.${key}`, out);
}

/** Which objects of a part's options and typed view are frozen (Frozen). */
function frozenState(options: readonly unknown[], typed: object | null): Frozen['frozen'] {
  const counts = { objects: 0, frozen: 0 };
  countFrozen(options, counts);
  countFrozen(typed, counts);
  if (counts.frozen === 0) return 0;
  if (counts.frozen === counts.objects) return 1;
  const paths: string[] = [];
  frozenPaths(options, 'options', paths);
  frozenPaths(typed, 'typed', paths);
  return paths;
}

const typeOf = (record: unknown): unknown =>
  record !== null && typeof record === 'object' ? (record as { type?: unknown }).type : undefined;

/** Packs a parse of `text` (never throws on a parse netsift made; records it cannot pack travel as JSON). */
export function packParsed(parsed: Parsed<unknown>, text: string): PackedParse {
  const packer = new Packer(text);
  for (const record of parsed.records) {
    const type = typeOf(record);
    const packed = type === 'rule' ? packer.rule(record as IptablesRule) : type === 'chain' ? packer.chain(record as IptablesChain) : false;
    if (!packed) {
      packer.ints.push(OTHER);
      packer.payload.others.push(stripSpanTexts(record, text, ['others', packer.payload.others.length], packer.payload.nullPrototypes));
    }
  }
  const payload = packer.payload;
  payload.diagnostics = stripSpanTexts(parsed.diagnostics, text, ['diagnostics'], payload.nullPrototypes) as Diagnostic[];
  return { format: parsed.format, json: JSON.stringify(payload), ints: packer.ints.result(), numbers: Float64Array.from(packer.numbers) };
}

/** Rebuilds the rules of a packed parse: a class, so that the read position is a field, not a closure's variable. */
class Unpacker {
  private i = 0;
  private readonly frozenEmpty = Object.freeze([]) as unknown as never[];
  private readonly generals: Negatable[];
  private readonly matches: MatchPart[];
  private readonly targets: TargetPart[];

  constructor(private readonly payload: Payload, private readonly ints: Int32Array, private readonly numbers: Float64Array, private readonly text: string) {
    const strings = payload.strings;
    const generals = payload.generals;
    this.generals = new Array<Negatable>(Math.floor(generals.length / 3));
    for (let g = 0; g < this.generals.length; g++) {
      const value = { negated: generals[g * 3 + 1] === 1, value: strings[generals[g * 3] as number] as string };
      this.generals[g] = generals[g * 3 + 2] === 1 ? Object.freeze(value) : value;
    }
    this.matches = payload.matches.map((part) => {
      const { name, options, typed, frozen } = unpackPart(part, strings, this.frozenEmpty);
      return settleFrozen({ module: name, options, typed: typed as TypedMatch | null, frozen });
    });
    this.targets = payload.targets.map((part) => {
      const { name, options, typed, frozen } = unpackPart(part, strings, this.frozenEmpty);
      return settleFrozen({ name, goto: part[1] === 1, options, typed: typed as TypedTarget | null, frozen });
    });
  }

  records(): unknown[] {
    const ints = this.ints;
    const others = this.payload.others;
    const records = new Array<unknown>();
    let other = 0;
    while (this.i < ints.length) {
      const tag = ints[this.i++];
      if (tag === OTHER) records.push(others[other++]);
      else if (tag === CHAIN) records.push(this.chain());
      else records.push(this.rule());
    }
    return records;
  }

  private counters(): Counters | null {
    const index = this.ints[this.i++] as number;
    if (index === NULL) return null;
    if (index === FROZEN_ZERO) return ZERO_COUNTERS;
    return { packets: this.numbers[index * 3] as number, bytes: this.numbers[index * 3 + 1] as number, exact: this.numbers[index * 3 + 2] === 1 };
  }

  /** A string by its index, or null. */
  private string(): string | null {
    const index = this.ints[this.i++] as number;
    return index === NULL ? null : (this.payload.strings[index] as string);
  }

  private chain(): IptablesChain {
    const span = this.span();
    const table = this.string();
    const chain = this.string() as string;
    const builtin = this.ints[this.i++] === 1;
    const policy = this.string();
    const counters = this.counters();
    const references = this.ints[this.i++] as number;
    return { type: 'chain', table, chain, builtin, policy, counters, references: references === NULL ? null : references, span };
  }

  private span(): Span {
    const ints = this.ints;
    const i = this.i;
    const offset = ints[i] as number;
    const length = ints[i + 1] as number;
    this.i = i + 4;
    return { line: ints[i + 2] as number, column: ints[i + 3] as number, offset, length, text: this.text.slice(offset, offset + length) };
  }

  private general(): Negatable | null {
    const index = this.ints[this.i++] as number;
    return index === NULL ? null : (this.generals[index] as Negatable);
  }

  private rule(): IptablesRule {
    const ints = this.ints;
    const span = this.span();
    const table = this.string();
    const chain = this.string() as string;
    const position = ints[this.i++] as number;
    const counters = this.counters();
    const protocol = this.general();
    const source = this.general();
    const destination = this.general();
    const inInterface = this.general();
    const outInterface = this.general();
    const fragmentCode = ints[this.i++] as number;
    const unresolvedCode = ints[this.i++] as number;
    const unresolved = unresolvedCode === FROZEN_EMPTY ? this.frozenEmpty : unresolvedCode === FRESH_EMPTY ? [] : [...(this.payload.lists[unresolvedCode] as string[])];
    const matchCode = ints[this.i++] as number;
    // five numbers a match: a count the rest cannot hold is no packed parse (never a huge array)
    if (matchCode !== FROZEN_EMPTY && (matchCode < 0 || matchCode * 5 > ints.length - this.i)) throw new Error('unpackParsed: not a parse packParsed packed');
    let matches: IptablesMatch[];
    if (matchCode === FROZEN_EMPTY) matches = this.frozenEmpty;
    else {
      matches = new Array<IptablesMatch>(matchCode);
      for (let m = 0; m < matchCode; m++) {
        const part = this.matches[ints[this.i++] as number] as MatchPart;
        matches[m] = { module: part.module, options: part.options, typed: part.typed, span: this.span() };
      }
    }
    const targetIndex = ints[this.i++] as number;
    let target: IptablesTarget | null = null;
    if (targetIndex !== NULL) {
      const part = this.targets[targetIndex] as TargetPart;
      target = { name: part.name, goto: part.goto, options: part.options, typed: part.typed, span: this.span() };
    }
    return {
      type: 'rule', table, chain, position, counters,
      protocol, source, destination, inInterface, outInterface,
      fragment: fragmentCode === NULL ? null : { negated: fragmentCode === 1 }, matches, target, unresolved, span,
    };
  }
}

const corrupt = (): never => {
  throw new Error('unpackParsed: not a parse packParsed packed');
};

/** A packed part's name, options (as packPart wrote them), typed view and frozen state. */
function unpackPart(part: PackedPart, strings: readonly string[], frozenEmpty: never[]): { name: string; options: IptablesOption[]; typed: unknown; frozen: Frozen['frozen'] } {
  if (!Array.isArray(part) || part.length < 5) corrupt();
  let p = 4;
  const next = (): number => {
    const value = part[p++];
    if (typeof value !== 'number') corrupt();
    return value as number;
  };
  const list = <T>(code: number, perItem: number, read: () => T): T[] => {
    if (code === FROZEN_EMPTY) return frozenEmpty;
    if (code === FRESH_EMPTY) return [];
    // a count the rest of the part cannot hold is no packed part (never a huge array)
    if (code < 0 || code * perItem > part.length - p) corrupt();
    const out = new Array<T>(code);
    for (let k = 0; k < code; k++) out[k] = read();
    return out;
  };
  const options = list(next(), 3, (): IptablesOption => {
    const name = strings[next()] as string;
    const negated = next() === 1;
    const values = list(next(), 1, () => strings[next()] as string);
    return { name, values, negated };
  });
  return { name: strings[part[0]] as string, options, typed: part[3], frozen: part[2] };
}

/** Freezes what was frozen in the packed part (its `frozen` paths). */
function settleFrozen<P extends Frozen & { options: object; typed: unknown }>(part: P): P {
  if (part.frozen === 1) {
    deepFreeze(part.options);
    if (part.typed !== null && typeof part.typed === 'object') deepFreeze(part.typed);
  } else if (part.frozen !== 0) {
    for (const path of part.frozen) {
      let value: unknown = part;
      for (const key of path.split('.')) value = (value as Record<string, unknown>)[key];
      Object.freeze(value);
    }
  }
  return part;
}


/**
 * The parse packParsed packed, its spans slices of `text` (the text it was packed with). It trusts
 * its input to be packParsed's: anything else throws (it never makes a huge array or loops).
 */
export function unpackParsed(packed: PackedParse, text: string): Parsed<unknown> {
  const payload = JSON.parse(packed.json) as Payload;
  for (const path of payload.nullPrototypes) restoreNullPrototype(payload, path);
  restoreSpanTexts(payload.others, text);
  restoreSpanTexts(payload.diagnostics, text);
  // JSON gave each record a copy of what records of its format share: the format puts the shared parts back
  const share = getFormat(packed.format)?.share;
  if (share) for (const record of payload.others) share(record);
  const records = new Unpacker(payload, packed.ints, packed.numbers, text).records();
  return { format: packed.format, records, diagnostics: payload.diagnostics } as Parsed<unknown>;
}
