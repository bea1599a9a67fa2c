// Renders libnftables JSON statements and expressions as nft's text output prints them (nftables
// 1.0.x src/statement.c, src/expression.c, src/payload.c, src/meta.c, src/ct.c, src/fib.c, src/xt.c;
// checked on the lab's captures: corpus/captures/nft-ruleset/json/ against the `nft -a list ruleset`
// of the same rule sets), so a rule read from `nft -j` has the `text` the text listing gives.
import type { ZodType } from 'zod';
import type { NftVerdict } from './schema';
import { NFT_JSON_EXPRESSIONS, NFT_JSON_STATEMENTS } from './json-schema';
import type { JsonObject, JsonValue } from './json-scan';

/** How nft prints a value of a type: marks in hex, interface names quoted, flag lists with commas. */
export type ValueKind = 'mark' | 'string' | 'bitmask' | 'plain';
type Kinds = ValueKind | readonly ValueKind[] | undefined;

/** Something the renderer could not read: the object it sits in, and why. */
export interface RenderIssue {
  node: object;
  message: string;
  /** True for an object netsift does not know (kept as written); false for a known one of the wrong shape. */
  unknown: boolean;
  expected?: string[];
}

/** One statement as printed, with what a record types from it. */
export interface RenderedStatement {
  /** The statement's key in the JSON ("match", "counter", "xt", …). */
  key: string;
  /** As nft prints it; '' where nft prints nothing (iptables-nft's -m comment). */
  text: string;
  verdict?: NftVerdict;
  dnat?: string;
  counter?: { packets: number; bytes: number };
}

/** Meta keys nft prints without "meta" (src/meta.c, meta_key_is_unqualified). */
const UNQUALIFIED_META = new Set(['iif', 'oif', 'iifname', 'oifname', 'iifgroup', 'oifgroup']);
const STRING_META = new Set(['iifname', 'oifname', 'ibrname', 'obrname', 'ibriport', 'obriport', 'iifkind', 'oifkind', 'sdifname']);
const BINARY_OPS = new Set(['&', '|', '^', '<<', '>>']);
/** Set element types whose values nft prints sixteen or two to a line (src/expression.c, calculate_delim); others one. */
const SIXTEEN_PER_LINE = new Set([
  'nf_proto', 'integer', 'arp_op', 'inet_proto', 'inet_service', 'tcp_flag', 'dccp_pkttype', 'mark', 'iface_index',
  'classid', 'uid', 'gid', 'ct_dir',
]);
const TWO_PER_LINE = new Set(['ipv4_addr', 'ct_state', 'ct_status', 'pkt_type']);
/**
 * iptables-nft matches nft 1.0.6 prints as nothing: their libxtables translation is empty
 * (`-m comment` keeps its text out of the statement; `-m tcp` / `-m udp` is what is left once
 * iptables-nft has written the ports as payload matches). Every other xt prints as nft does when it
 * cannot translate: `xt match NAME` / `xt target NAME`, since nft -j gives no options.
 */
const BLANK_XT_MATCHES = new Set(['comment', 'tcp', 'udp']);

/** The kind of value a set element type holds. */
export function kindOfType(type: string): ValueKind {
  if (type === 'mark') return 'mark';
  if (type === 'ifname' || type === 'string') return 'string';
  if (type === 'ct_state' || type === 'ct_status' || type === 'tcp_flag') return 'bitmask';
  return 'plain';
}

/** How many elements nft prints on each line of a set's `elements = { … }`. */
export function elementsPerLine(types: readonly string[], forceNewline: boolean): number {
  if (forceNewline || types.length !== 1) return 1;
  const type = types[0] as string;
  if (SIXTEEN_PER_LINE.has(type)) return 16;
  if (TWO_PER_LINE.has(type)) return 2;
  return 1;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The one key of an nft JSON object, or null. */
export function onlyKey(value: unknown): string | null {
  if (!isObject(value)) return null;
  let key: string | null = null;
  for (const k in value) {
    if (!Object.hasOwn(value, k)) continue;
    if (key !== null) return null;
    key = k;
  }
  return key;
}

/** Seconds as nft prints a time ("1h30m", "500ms"; src/datatype.c, time_print). */
export function formatTime(seconds: number): string {
  let ms = Math.round(seconds * 1000);
  if (ms <= 0) return '0s';
  const parts: string[] = [];
  for (const [unit, size] of [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000], ['s', 1000], ['ms', 1]] as const) {
    const n = Math.floor(ms / size);
    if (n > 0) parts.push(`${n}${unit}`);
    ms -= n * size;
  }
  return parts.join('');
}

export class NftJsonRenderer {
  readonly issues: RenderIssue[] = [];

  constructor(private readonly source: (node: object) => string) {}

  /** The statements of a rule, in order. */
  statements(expr: readonly JsonValue[], rule: object): RenderedStatement[] {
    return expr.map((statement) => this.statement(statement, rule));
  }

  /** Joins statements as nft does: one blank between them, the rule's comment last. */
  static ruleText(statements: readonly RenderedStatement[], comment: string | null): string {
    let text = statements.map((s) => s.text).join(' ');
    // a blank statement at the end leaves blanks the text listing's reader does not keep
    let end = text.length;
    while (end > 0 && text.charCodeAt(end - 1) === 32) end--;
    text = text.slice(0, end);
    if (comment !== null) text += `${text === '' ? '' : ' '}comment "${comment}"`;
    return text;
  }

  private raw(node: JsonValue, parent: object, message: string, unknown: boolean, expected?: string[]): string {
    const where = typeof node === 'object' && node !== null ? node : parent;
    this.issues.push({ node: where, message, unknown, ...(expected ? { expected } : {}) });
    const text = typeof node === 'object' && node !== null ? this.source(node) : JSON.stringify(node);
    return text.replace(/\s+/g, ' ');
  }

  /** The object's key and value when its shape is known; else its text as written, with an issue. */
  private checked(map: Map<string, ZodType>, node: JsonValue, parent: object, what: string): { key: string; value: JsonValue } | { fallback: string } {
    const key = onlyKey(node);
    if (key === null) return { fallback: this.raw(node, parent, `Expected a ${what}: an object with one key.`, false, [...map.keys()]) };
    const value = (node as JsonObject)[key] as JsonValue;
    const schema = map.get(key);
    if (!schema) return { fallback: this.raw(node, parent, `netsift does not read the ${what} {"${key}": …} yet; it is kept as written.`, true, [...map.keys()]) };
    const result = schema.safeParse(value);
    if (!result.success) {
      const issue = result.error.issues[0];
      const path = issue ? [key, ...issue.path.map(String)].join('.') : key;
      return { fallback: this.raw(node, parent, `The ${what} {"${key}": …} is not as libnftables-json(5) describes it (${path}: ${issue?.message ?? 'invalid'}).`, false) };
    }
    return { key, value };
  }

  statement(node: JsonValue, rule: object): RenderedStatement {
    const parent = isObject(node) ? node : rule;
    const checked = this.checked(NFT_JSON_STATEMENTS, node, rule, 'statement');
    if ('fallback' in checked) return { key: onlyKey(node) ?? '', text: checked.fallback };
    const { key, value } = checked;
    const v = value as JsonObject;
    switch (key) {
      case 'match':
        return { key, text: this.match(v, parent) };
      case 'counter': {
        if (typeof value === 'string') return { key, text: `counter name "${value}"` };
        if (value === null) return { key, text: 'counter' };
        const packets = v.packets as number;
        const bytes = v.bytes as number;
        return { key, text: `counter packets ${packets} bytes ${bytes}`, counter: { packets, bytes } };
      }
      case 'vmap':
        return { key, text: `${this.expression(v.key as JsonValue, parent)} vmap ${this.expression(v.data as JsonValue, parent, this.kindOf(v.key as JsonValue))}` };
      case 'mangle':
        return { key, text: `${this.expression(v.key as JsonValue, parent)} set ${this.expression(v.value as JsonValue, parent, this.kindOf(v.key as JsonValue))}` };
      case 'dnat':
      case 'snat': {
        const target = this.natTarget(v, parent);
        const words: string[] = [key];
        if (typeof v.family === 'string') words.push(v.family);
        if (target !== null) words.push('to', target);
        const flags = this.flags(v.flags);
        if (flags) words.push(flags);
        const rendered: RenderedStatement = { key, text: words.join(' ') };
        if (key === 'dnat' && target !== null) rendered.dnat = target.split(' ')[0] as string;
        return rendered;
      }
      case 'masquerade':
      case 'redirect': {
        const words: string[] = [key];
        if (isObject(value)) {
          const target = this.natTarget(v, parent);
          if (target !== null) words.push('to', target);
          const flags = this.flags(v.flags);
          if (flags) words.push(flags);
        }
        return { key, text: words.join(' ') };
      }
      case 'reject':
        return { key, text: this.reject(isObject(value) ? v : null, parent) };
      case 'log': {
        const words = ['log'];
        if (isObject(value)) {
          if (typeof v.prefix === 'string') words.push(`prefix "${v.prefix}"`);
          if (typeof v.group === 'number') words.push(`group ${v.group}`);
          if (typeof v.snaplen === 'number') words.push(`snaplen ${v.snaplen}`);
          if (typeof v['queue-threshold'] === 'number') words.push(`queue-threshold ${v['queue-threshold']}`);
          // warn is the default level: nft does not print it
          if (typeof v.level === 'string' && v.level !== 'warn') words.push(`level ${v.level}`);
          const flags = this.flags(v.flags);
          if (flags) words.push(`flags ${flags}`);
        }
        return { key, text: words.join(' ') };
      }
      case 'limit':
        return { key, text: this.limit(v) };
      case 'notrack':
        return { key, text: 'notrack' };
      case 'xt': {
        const type = v.type as string;
        const name = v.name as string;
        return { key, text: type === 'match' && BLANK_XT_MATCHES.has(name) ? '' : `xt ${type} ${name}` };
      }
      case 'set':
        return { key, text: `${v.op as string} ${v.set as string} { ${this.expression(v.elem as JsonValue, parent)} }` };
      case 'accept':
      case 'drop':
      case 'return':
        return { key, text: key, verdict: { verdict: key, target: null } };
      case 'continue':
        return { key, text: key };
      case 'jump':
      case 'goto': {
        const target = v.target as string;
        return { key, text: `${key} ${target}`, verdict: { verdict: key, target } };
      }
    }
    return { key, text: this.raw(node, rule, `netsift does not render the statement {"${key}": …} yet.`, true) };
  }

  private flags(flags: JsonValue | undefined): string | null {
    if (typeof flags === 'string') return flags;
    if (Array.isArray(flags) && flags.length > 0) return flags.map(String).join(',');
    return null;
  }

  /** `A`, `A:P`, `[A6]:P`, `:P`; null without either. */
  private natTarget(v: JsonObject, parent: object): string | null {
    const addr = v.addr === undefined ? null : this.expression(v.addr, parent);
    const port = v.port === undefined ? null : this.expression(v.port, parent);
    if (addr === null && port === null) return null;
    if (port === null) return addr;
    if (addr === null) return `:${port}`;
    return typeof v.addr === 'string' && v.addr.includes(':') ? `[${addr}]:${port}` : `${addr}:${port}`;
  }

  private reject(v: JsonObject | null, parent: object): string {
    const type = typeof v?.type === 'string' ? v.type : null;
    if (type === null) return 'reject';
    if (type === 'tcp reset') return 'reject with tcp reset';
    const code = v?.expr === undefined ? null : this.expression(v.expr, parent);
    // the default code of each family prints as a bare "reject" (src/statement.c, reject_stmt_print)
    if (code === null || code === 'port-unreachable') return 'reject';
    return `reject with ${type} ${code}`;
  }

  private limit(v: JsonObject): string {
    const over = v.inv === true ? 'over ' : '';
    const per = typeof v.per === 'string' ? v.per : 'second';
    const rate = v.rate as number;
    const burst = typeof v.burst === 'number' ? v.burst : 0;
    if (typeof v.rate_unit === 'string' && v.rate_unit !== 'packets') {
      const burstText = burst > 0 ? ` burst ${burst} ${typeof v.burst_unit === 'string' ? v.burst_unit : 'bytes'}` : '';
      return `limit rate ${over}${rate} ${v.rate_unit}/${per}${burstText}`;
    }
    // 5 packets is the default burst (src/statement.c, limit_stmt_print)
    return `limit rate ${over}${rate}/${per}${burst !== 0 && burst !== 5 ? ` burst ${burst} packets` : ''}`;
  }

  private match(v: JsonObject, parent: object): string {
    const op = v.op as string;
    const left = v.left as JsonValue;
    const right = v.right as JsonValue;
    const kind = this.kindOf(left);
    const leftKey = onlyKey(left);
    // tcp flags syn / syn,rst: a masked flag comparison (src/expression.c, relational_expr_print)
    if (leftKey === '&' && (op === '==' || op === '!=') && onlyKey(right) === null) {
      const [base, mask] = (left as JsonObject)['&'] as JsonValue[];
      if (base !== undefined && mask !== undefined && this.kindOf(base) === 'bitmask' && Array.isArray((left as JsonObject)['&'])) {
        return `${this.expression(base, parent)} ${op === '!=' ? '!= ' : ''}${this.expression(right, parent, 'bitmask')} / ${this.expression(mask, parent, 'bitmask')}`;
      }
    }
    const l = this.expression(left, parent);
    const r = this.expression(right, parent, kind);
    if (op === 'in') return `${l} ${r}`;
    if (op === '==') {
      // nft writes "==" after an expression like "meta mark & 0x4000", and before a single flag
      const mustPrint = (leftKey !== null && BINARY_OPS.has(leftKey)) || (kind === 'bitmask' && (typeof right === 'string' || typeof right === 'number') && !String(right).startsWith('@'));
      return mustPrint ? `${l} == ${r}` : `${l} ${r}`;
    }
    return `${l} ${op} ${r}`;
  }

  /** The kind of value an expression yields, so the value it is compared with prints alike. */
  kindOf(node: JsonValue): Kinds {
    const key = onlyKey(node);
    if (key === null) return undefined;
    const value = (node as JsonObject)[key];
    if (!isObject(value) && !Array.isArray(value)) return undefined;
    switch (key) {
      case 'meta': {
        const metaKey = (value as JsonObject).key;
        if (metaKey === 'mark') return 'mark';
        return typeof metaKey === 'string' && STRING_META.has(metaKey) ? 'string' : 'plain';
      }
      case 'ct': {
        const ctKey = (value as JsonObject).key;
        if (ctKey === 'mark') return 'mark';
        if (ctKey === 'state' || ctKey === 'status') return 'bitmask';
        return ctKey === 'helper' ? 'string' : 'plain';
      }
      case 'payload': {
        const p = value as JsonObject;
        return p.protocol === 'tcp' && p.field === 'flags' ? 'bitmask' : 'plain';
      }
      case 'concat':
        return Array.isArray(value) ? value.map((item) => { const k = this.kindOf(item); return typeof k === 'string' ? k : 'plain'; }) : undefined;
      default:
        if (BINARY_OPS.has(key) && Array.isArray(value)) return this.kindOf(value[0] as JsonValue);
        return 'plain';
    }
  }

  /** A value or expression as nft prints it; `kind` is the type of what it is compared with. */
  expression(node: JsonValue, parent: object, kind?: Kinds): string {
    if (typeof node === 'string') {
      if (kind === 'string' && !node.startsWith('@')) return `"${node}"`;
      return node;
    }
    if (typeof node === 'number') {
      if (kind === 'mark' && Number.isInteger(node) && node >= 0) return `0x${node.toString(16).padStart(8, '0')}`;
      return String(node);
    }
    if (typeof node === 'boolean') return node ? 'exists' : 'missing';
    if (node === null) return this.raw(node, parent, 'Expected an expression, found null.', false);
    // a list of flags: ct state related,established
    if (Array.isArray(node)) return node.map((item) => this.expression(item, parent, typeof kind === 'string' ? kind : undefined)).join(',');
    const checked = this.checked(NFT_JSON_EXPRESSIONS, node, parent, 'expression');
    if ('fallback' in checked) return checked.fallback;
    const { key, value } = checked;
    const v = value as JsonObject;
    const own = node;
    switch (key) {
      case 'payload':
        return typeof v.protocol === 'string' ? `${v.protocol} ${v.field as string}` : `@${v.base as string},${v.offset as number},${v.len as number}`;
      case 'meta': {
        const metaKey = v.key as string;
        return UNQUALIFIED_META.has(metaKey) ? metaKey : `meta ${metaKey}`;
      }
      case 'ct':
        return ['ct', v.dir, v.family, v.key].filter((w): w is string => typeof w === 'string').join(' ');
      case 'rt':
        return ['rt', v.family, v.key].filter((w): w is string => typeof w === 'string').join(' ');
      case 'fib': {
        const flags = typeof v.flags === 'string' ? [v.flags] : Array.isArray(v.flags) ? v.flags.map(String) : [];
        return `fib ${flags.join(' . ')}${flags.length > 0 ? ' ' : ''}${v.result as string}`;
      }
      case 'numgen':
        return `numgen ${v.mode as string} mod ${v.mod as number}${typeof v.offset === 'number' && v.offset !== 0 ? ` offset ${v.offset}` : ''}`;
      case 'concat': {
        const items = value as JsonValue[];
        return items.map((item, i) => this.expression(item, own, Array.isArray(kind) ? (kind as readonly ValueKind[])[i] : undefined)).join(' . ');
      }
      case 'set':
        if (typeof value === 'string') return value;
        return `{ ${(value as JsonValue[]).map((item) => this.element(item, own, kind)).join(', ')} }`;
      case 'prefix':
        return `${this.expression(v.addr as JsonValue, own, kind)}/${v.len as number}`;
      case 'range': {
        const [a, b] = value as JsonValue[];
        return `${this.expression(a as JsonValue, own, kind)}-${this.expression(b as JsonValue, own, kind)}`;
      }
      case 'elem': {
        let text = this.expression(v.val as JsonValue, own, kind);
        if (typeof v.timeout === 'number') text += ` timeout ${formatTime(v.timeout)}`;
        if (typeof v.expires === 'number') text += ` expires ${formatTime(v.expires)}`;
        if (isObject(v.counter)) text += ` counter packets ${v.counter.packets as number} bytes ${v.counter.bytes as number}`;
        if (typeof v.comment === 'string') text += ` comment "${v.comment}"`;
        return text;
      }
      case 'map':
        return `${this.expression(v.key as JsonValue, own)} map ${this.expression(v.data as JsonValue, own, this.kindOf(v.key as JsonValue))}`;
      case 'accept':
      case 'drop':
      case 'continue':
      case 'return':
        return key;
      case 'jump':
      case 'goto':
        return `${key} ${v.target as string}`;
      default:
        if (BINARY_OPS.has(key)) {
          const [a, b] = value as JsonValue[];
          return `${this.expression(a as JsonValue, own)} ${key} ${this.expression(b as JsonValue, own, this.kindOf(a as JsonValue))}`;
        }
    }
    return this.raw(node, parent, `netsift does not render the expression {"${key}": …} yet.`, true);
  }

  /** One element of a set or map: `key`, or `key : value` for a [key, value] pair. */
  element(item: JsonValue, parent: object, kind?: Kinds, valueKind?: Kinds): string {
    if (Array.isArray(item) && item.length === 2) {
      return `${this.expression(item[0] as JsonValue, parent, kind)} : ${this.expression(item[1] as JsonValue, parent, valueKind)}`;
    }
    return this.expression(item, parent, kind);
  }
}
