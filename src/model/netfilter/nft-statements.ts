// The statements of one nft rule as `nft list ruleset` prints them (the text of an NftRule): matches
// (`ip saddr != 10.244.0.0/16`, `fib daddr type local`, `meta mark & 0x00004000 == 0x00004000`),
// lookups and verdict maps (`ip daddr . meta l4proto . th dport vmap @service-ips`, `numgen random
// mod 2 vmap { … }`) and statements (counter, verdicts, dnat/snat/masquerade, mark set, reject, log,
// limit, comment, xt). Forms per nft(8) (EXPRESSIONS, STATEMENTS) and nftables src/expression.c,
// src/statement.c, src/xt.c; what is not read here stays an `other` statement with its text.

/** A value on the right of a match: a literal, an anonymous set `{ a, b }`, a named set `@name`, or a map `{ k : v, … }`. */
export type NftValue =
  | { kind: 'literal'; text: string }
  | { kind: 'set'; elements: string[] }
  | { kind: 'ref'; name: string }
  | { kind: 'map'; entries: { key: string; value: string }[] };

export type NftVerdictWord = 'jump' | 'goto' | 'accept' | 'drop' | 'return' | 'continue' | 'queue';

interface At {
  /** Where the statement starts in the rule text, and its length there. */
  offset: number;
  length: number;
  text: string;
}

export type NftStatement = At & (
  | {
    kind: 'match';
    /** The selectors, several for a concatenation: [['ip', 'daddr'], ['meta', 'l4proto'], ['th', 'dport']]. */
    selectors: string[][];
    /** `& 0x00004000` before the comparison; null without one. */
    mask: string | null;
    op: '==' | '!=' | '<' | '>' | '<=' | '>=';
    value: NftValue;
    /** `tcp flags syn / syn,rst`: the mask after "/". */
    slash: string | null;
  }
  | { kind: 'vmap'; selectors: string[][]; map: NftValue }
  /** `numgen random mod N [offset O] vmap { … }`: base is O. */
  | { kind: 'numgen'; mode: string; modulus: number; base: number; map: NftValue }
  | { kind: 'verdict'; verdict: NftVerdictWord; target: string | null }
  | { kind: 'nat'; type: 'dnat' | 'snat' | 'masquerade' | 'redirect'; to: string | null; flags: string[] }
  | {
    kind: 'mark-set';
    selector: 'meta mark' | 'ct mark';
    /** The kernel's mark = (mark & ~mask) ^ value (as xt_MARK keeps it); null when the expression is not one nft prints for it. */
    value: number | null;
    mask: number | null;
  }
  | { kind: 'counter'; packets: number | null; bytes: number | null }
  | { kind: 'reject'; with: string | null }
  | { kind: 'log'; prefix: string | null; level: string | null }
  | { kind: 'limit'; rate: string; burst: number | null; over: boolean }
  | { kind: 'comment'; comment: string }
  | { kind: 'xt'; what: 'match' | 'target'; name: string }
  | { kind: 'notrack' }
  /**
   * Blanks where nft printed an expression as nothing: nft 1.0.x prints an iptables-nft `xt`
   * match through its libxtables translation, and `-m comment` and an option-less `-m tcp`
   * translate to no text, leaving their separating blank behind (src/xt.c, xt_stmt_xlate).
   */
  | { kind: 'hidden'; count: number }
  | { kind: 'other' }
);

interface Token {
  text: string;
  offset: number;
  kind: 'word' | 'string' | 'group';
}

/** Splits rule text into words, quoted strings and `{ … }` groups, noting runs of extra blanks. */
function tokenize(text: string): { tokens: Token[]; gaps: { offset: number; count: number; before: number }[] } {
  const tokens: Token[] = [];
  const gaps: { offset: number; count: number; before: number }[] = [];
  let i = 0;
  while (i < text.length) {
    const blankStart = i;
    while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
    const blanks = i - blankStart;
    // a statement is followed by one blank: more (or one before the first) mark what printed as nothing
    const extra = tokens.length === 0 ? blanks : blanks - 1;
    if (extra > 0 && i < text.length) gaps.push({ offset: blankStart, count: extra, before: tokens.length });
    if (i >= text.length) break;
    const start = i;
    const c = text[i];
    if (c === '"') {
      i++;
      while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
      i = Math.min(i + 1, text.length);
      tokens.push({ text: text.slice(start, i), offset: start, kind: 'string' });
    } else if (c === '{') {
      let depth = 0;
      let quoted = false;
      for (; i < text.length; i++) {
        const d = text[i];
        if (quoted) {
          if (d === '\\') i++;
          else if (d === '"') quoted = false;
        } else if (d === '"') quoted = true;
        else if (d === '{') depth++;
        else if (d === '}' && --depth === 0) {
          i++;
          break;
        }
      }
      tokens.push({ text: text.slice(start, i), offset: start, kind: 'group' });
    } else {
      while (i < text.length && text[i] !== ' ' && text[i] !== '\t') i++;
      tokens.push({ text: text.slice(start, i), offset: start, kind: 'word' });
    }
  }
  return { tokens, gaps };
}

/** Splits the inside of `{ … }` at its top-level commas. */
export function groupItems(group: string): string[] {
  const inner = group.startsWith('{') ? group.slice(1, group.endsWith('}') ? -1 : undefined) : group;
  const out: string[] = [];
  let depth = 0;
  let quoted = false;
  let from = 0;
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i];
    if (quoted) {
      if (c === '\\') i++;
      else if (c === '"') quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === '{') depth++;
    else if (c === '}') depth--;
    else if (c === ',' && depth === 0) {
      out.push(inner.slice(from, i).trim());
      from = i + 1;
    }
  }
  const rest = inner.slice(from).trim();
  if (rest !== '') out.push(rest);
  return out;
}

/** `{ 0 : goto a, 1 : goto b }` into keys and values; an item without " : " keeps an empty value. */
export function mapEntries(group: string): { key: string; value: string }[] {
  return groupItems(group).map((item) => {
    const colon = item.indexOf(' : ');
    return colon === -1 ? { key: item, value: '' } : { key: item.slice(0, colon).trim(), value: item.slice(colon + 3).trim() };
  });
}

/** Payload and meta protocols whose selector is two words: `ip saddr`, `tcp dport`, `meta l4proto`, `ct state`. */
const TWO_WORD = new Set([
  'ip', 'ip6', 'tcp', 'udp', 'udplite', 'sctp', 'dccp', 'th', 'icmp', 'icmpv6', 'igmp', 'ether', 'arp', 'vlan',
  'ah', 'esp', 'comp', 'meta', 'ct', 'rt', 'socket', 'ipsec', 'frag', 'hbh', 'dst', 'mh', 'srh', 'rt0', 'rt2',
]);
/** Meta keys nft prints without "meta" (src/meta.c: meta_key_is_unqualified). */
const UNQUALIFIED = new Set(['iifname', 'oifname', 'iif', 'oif', 'mark', 'iiftype', 'oiftype', 'skuid', 'skgid', 'rtclassid', 'nfproto', 'l4proto', 'cpu', 'iifgroup', 'oifgroup', 'cgroup', 'ipsec']);
const OPS = new Set(['==', '!=', '<', '>', '<=', '>=', 'eq', 'ne', 'lt', 'gt', 'le', 'ge']);
const OP_WORDS: Record<string, '==' | '!=' | '<' | '>' | '<=' | '>='> = { eq: '==', ne: '!=', lt: '<', gt: '>', le: '<=', ge: '>=' };
const VERDICTS = new Set(['jump', 'goto', 'accept', 'drop', 'return', 'continue', 'queue']);
const STARTS = new Set([
  ...TWO_WORD, ...UNQUALIFIED, ...VERDICTS, 'fib', 'numgen', 'counter', 'dnat', 'snat', 'masquerade', 'redirect', 'reject',
  'log', 'limit', 'comment', 'xt', 'notrack',
]);

function parseNumber(text: string): number | null {
  if (/^0x[\da-f]+$/i.test(text)) return Number.parseInt(text.slice(2), 16);
  if (/^\d+$/.test(text)) return Number(text);
  return null;
}

/** `mark or 0x4000`, `meta mark | 0x00004000`, `mark xor 0x4000`, `0x1`, `mark and 0xffffbfff xor 0x1` into (value, mask). */
function markExpression(words: readonly string[], selector: string): { value: number; mask: number } | null {
  let i = 0;
  const self = selector.split(' ');
  // starts from the current mark ("meta mark", "mark") or from a constant
  const startsFromMark = words.slice(0, self.length).join(' ') === selector || words[0] === self[self.length - 1];
  if (!startsFromMark) {
    const value = words.length === 1 ? parseNumber(words[0] ?? '') : null;
    return value === null ? null : { value, mask: 0xffffffff };
  }
  i = words.slice(0, self.length).join(' ') === selector ? self.length : 1;
  // mark' = (mark & keep) ^ flip; "or V" = (mark & ~V) ^ V
  let keep = 0xffffffff;
  let flip = 0;
  while (i < words.length) {
    const op = words[i];
    const operand = parseNumber(words[i + 1] ?? '');
    if (operand === null) return null;
    if (op === 'or' || op === '|') {
      keep = (keep & ~operand) >>> 0;
      flip = (flip | operand) >>> 0;
    } else if (op === 'xor' || op === '^') flip = (flip ^ operand) >>> 0;
    else if (op === 'and' || op === '&') {
      keep = (keep & operand) >>> 0;
      flip = (flip & operand) >>> 0;
    } else return null;
    i += 2;
  }
  return { value: flip, mask: ~keep >>> 0 };
}

/** Reads the statements of one rule's text. Never throws; what it does not know stays `other`. */
export function parseNftStatements(text: string): NftStatement[] {
  const { tokens, gaps } = tokenize(text);
  const statements: NftStatement[] = [];
  let gap = 0;
  let i = 0;
  const word = (k: number): string | undefined => tokens[k]?.text;
  const push = (from: number, to: number, body: DistributiveOmit<NftStatement, keyof At>) => {
    const first = tokens[from] as Token;
    const last = tokens[to - 1] as Token;
    const offset = first.offset;
    const end = last.offset + last.text.length;
    statements.push({ ...body, offset, length: end - offset, text: text.slice(offset, end) } as NftStatement);
  };
  const valueOf = (token: Token): NftValue => {
    if (token.kind === 'group') {
      const items = groupItems(token.text);
      return items.some((item) => item.includes(' : ')) ? { kind: 'map', entries: mapEntries(token.text) } : { kind: 'set', elements: items };
    }
    if (token.text.startsWith('@')) return { kind: 'ref', name: token.text.slice(1) };
    return { kind: 'literal', text: token.text };
  };
  /** A selector at k: its words and the index after it; null when none starts there. */
  const selectorAt = (k: number): { words: string[]; next: number } | null => {
    const first = word(k);
    if (first === undefined || tokens[k]?.kind !== 'word') return null;
    if (first === 'fib') {
      // fib daddr type | fib saddr . iif type | fib daddr oif
      const words = ['fib'];
      let m = k + 1;
      while (m < tokens.length && m < k + 6) {
        const w = word(m) as string;
        words.push(w);
        m++;
        if (w === 'type' || w === 'oif' || w === 'oifname') return { words, next: m };
      }
      return null;
    }
    if (TWO_WORD.has(first)) {
      const second = word(k + 1);
      if (second === undefined || tokens[k + 1]?.kind !== 'word') return null;
      // ct original ip saddr: direction words take the next two
      if (first === 'ct' && (second === 'original' || second === 'reply')) {
        const words = [first, second];
        let m = k + 2;
        while (m < tokens.length && m < k + 4 && tokens[m]?.kind === 'word' && !OPS.has(word(m) as string)) words.push(word(m++) as string);
        return { words, next: m };
      }
      return { words: [first, second], next: k + 2 };
    }
    if (UNQUALIFIED.has(first)) return { words: [first], next: k + 1 };
    return null;
  };

  while (i < tokens.length) {
    while (gap < gaps.length && (gaps[gap] as { before: number }).before <= i) {
      const g = gaps[gap] as { offset: number; count: number };
      statements.push({ kind: 'hidden', count: g.count, offset: g.offset, length: 0, text: '' });
      gap++;
    }
    const start = i;
    const w = word(i) as string;
    const read = readStatement();
    if (read === null) {
      // unknown: up to the next word that starts a statement
      i = start + 1;
      while (i < tokens.length && !(tokens[i]?.kind === 'word' && STARTS.has(word(i) as string))) i++;
      push(start, i, { kind: 'other' });
    }
    continue;

    function readStatement(): true | null {
      switch (w) {
        case 'counter': {
          let m = i + 1;
          let packets: number | null = null;
          let bytes: number | null = null;
          if (word(m) === 'packets' && parseNumber(word(m + 1) ?? '') !== null) {
            packets = parseNumber(word(m + 1) as string);
            m += 2;
          }
          if (word(m) === 'bytes' && parseNumber(word(m + 1) ?? '') !== null) {
            bytes = parseNumber(word(m + 1) as string);
            m += 2;
          }
          push(i, m, { kind: 'counter', packets, bytes });
          i = m;
          return true;
        }
        case 'jump':
        case 'goto': {
          const target = tokens[i + 1];
          if (!target) return null;
          push(i, i + 2, { kind: 'verdict', verdict: w, target: target.kind === 'string' ? target.text.slice(1, -1) : target.text });
          i += 2;
          return true;
        }
        case 'accept':
        case 'drop':
        case 'return':
        case 'continue':
          push(i, i + 1, { kind: 'verdict', verdict: w, target: null });
          i++;
          return true;
        case 'queue': {
          let m = i + 1;
          while (m < tokens.length && !STARTS.has(word(m) as string)) m++;
          push(i, m, { kind: 'verdict', verdict: 'queue', target: null });
          i = m;
          return true;
        }
        case 'dnat':
        case 'snat':
        case 'masquerade':
        case 'redirect': {
          let m = i + 1;
          // inet tables: "dnat ip to …"
          if ((word(m) === 'ip' || word(m) === 'ip6') && word(m + 1) === 'to') m++;
          let to: string | null = null;
          if (word(m) === 'to' && tokens[m + 1]) {
            to = word(m + 1) as string;
            m += 2;
          }
          const flags: string[] = [];
          while (['random', 'fully-random', 'persistent'].includes(word(m) ?? '')) flags.push(word(m++) as string);
          push(i, m, { kind: 'nat', type: w, to, flags });
          i = m;
          return true;
        }
        case 'reject': {
          let m = i + 1;
          let with_: string | null = null;
          if (word(m) === 'with') {
            // with tcp reset | with icmp type X | with icmp X | with icmpx type X | with icmpv6 type X
            const family = word(m + 1);
            if (family === 'tcp' && word(m + 2) === 'reset') {
              with_ = 'tcp reset';
              m += 3;
            } else if (family !== undefined && word(m + 2) === 'type' && word(m + 3) !== undefined) {
              with_ = `${family} ${word(m + 3) as string}`;
              m += 4;
            } else if (family !== undefined && word(m + 2) !== undefined) {
              with_ = `${family} ${word(m + 2) as string}`;
              m += 3;
            } else return null;
          }
          push(i, m, { kind: 'reject', with: with_ });
          i = m;
          return true;
        }
        case 'log': {
          let m = i + 1;
          let prefix: string | null = null;
          let level: string | null = null;
          for (;;) {
            const key = word(m);
            if (key === 'prefix' && tokens[m + 1]?.kind === 'string') prefix = (word(m + 1) as string).slice(1, -1);
            else if (key === 'level' && word(m + 1) !== undefined) level = word(m + 1) as string;
            else if ((key === 'flags' || key === 'group' || key === 'snaplen' || key === 'queue-threshold') && word(m + 1) !== undefined) {
              /* kept in the statement's text */
            } else break;
            m += 2;
          }
          push(i, m, { kind: 'log', prefix, level });
          i = m;
          return true;
        }
        case 'limit': {
          if (word(i + 1) !== 'rate') return null;
          let m = i + 2;
          const over = word(m) === 'over';
          if (over) m++;
          let rate = word(m);
          if (rate === undefined) return null;
          m++;
          // "limit rate 1 mbytes/second" prints the unit apart
          if (/^\d+$/.test(rate) && word(m)?.includes('/')) rate += ` ${word(m++) as string}`;
          let burst: number | null = null;
          if (word(m) === 'burst' && parseNumber(word(m + 1) ?? '') !== null) {
            burst = parseNumber(word(m + 1) as string);
            m += 2;
            if (word(m) === 'packets' || word(m) === 'bytes') m++;
          }
          push(i, m, { kind: 'limit', rate, burst, over });
          i = m;
          return true;
        }
        case 'comment':
          if (tokens[i + 1]?.kind !== 'string') return null;
          push(i, i + 2, { kind: 'comment', comment: (word(i + 1) as string).slice(1, -1) });
          i += 2;
          return true;
        case 'xt': {
          const what = word(i + 1);
          const name = tokens[i + 2];
          if ((what !== 'match' && what !== 'target') || !name) return null;
          push(i, i + 3, { kind: 'xt', what, name: name.kind === 'string' ? name.text.slice(1, -1) : name.text });
          i += 3;
          return true;
        }
        case 'notrack':
          push(i, i + 1, { kind: 'notrack' });
          i++;
          return true;
        case 'numgen': {
          const modulus = word(i + 2) === 'mod' ? parseNumber(word(i + 3) ?? '') : null;
          if (modulus === null) return null;
          let m = i + 4;
          let base = 0;
          if (word(m) === 'offset' && parseNumber(word(m + 1) ?? '') !== null) {
            base = parseNumber(word(m + 1) as string) as number;
            m += 2;
          }
          const map = tokens[m + 1];
          if ((word(m) !== 'vmap' && word(m) !== 'map') || !map) return null;
          push(i, m + 2, { kind: 'numgen', mode: word(i + 1) as string, modulus, base, map: valueOf(map) });
          i = m + 2;
          return true;
        }
      }
      if (tokens[i]?.kind === 'word' && text.startsWith('tcp option maxseg size set rt mtu', tokens[i]?.offset)) {
        // TCPMSS --clamp-mss-to-pmtu as nft prints it
        push(i, i + 7, { kind: 'other' });
        i += 7;
        return true;
      }
      const first = selectorAt(i);
      if (!first) return null;
      const selectors = [first.words];
      let m = first.next;
      while (word(m) === '.') {
        const more = selectorAt(m + 1);
        if (!more) return null;
        selectors.push(more.words);
        m = more.next;
      }
      const selector = selectors[0]?.join(' ') ?? '';
      if (word(m) === 'set' && selectors.length === 1 && (selector === 'meta mark' || selector === 'mark' || selector === 'ct mark')) {
        const words: string[] = [];
        let k = m + 1;
        // the expression: an operand, then (operator operand)*
        if (word(k) === 'meta' || word(k) === 'ct') words.push(word(k++) as string);
        if (word(k) !== undefined) words.push(word(k++) as string);
        while (['or', 'and', 'xor', '|', '&', '^'].includes(word(k) ?? '') && word(k + 1) !== undefined) words.push(word(k++) as string, word(k++) as string);
        const which = selector === 'ct mark' ? 'ct mark' : 'meta mark';
        const parsed = markExpression(words, which === 'meta mark' && words[0] === 'mark' ? 'mark' : which);
        push(i, k, { kind: 'mark-set', selector: which, value: parsed?.value ?? null, mask: parsed?.mask ?? null });
        i = k;
        return true;
      }
      if (word(m) === 'vmap' && tokens[m + 1]) {
        push(i, m + 2, { kind: 'vmap', selectors, map: valueOf(tokens[m + 1] as Token) });
        i = m + 2;
        return true;
      }
      let mask: string | null = null;
      if ((word(m) === '&' || word(m) === 'and') && word(m + 1) !== undefined) {
        mask = word(m + 1) as string;
        m += 2;
      }
      let op: '==' | '!=' | '<' | '>' | '<=' | '>=' = '==';
      const opWord = word(m);
      if (opWord !== undefined && OPS.has(opWord)) {
        op = OP_WORDS[opWord] ?? (opWord as typeof op);
        m++;
      }
      const valueToken = tokens[m];
      if (!valueToken) return null;
      m++;
      let slash: string | null = null;
      if (word(m) === '/' && word(m + 1) !== undefined) {
        slash = word(m + 1) as string;
        m += 2;
      }
      push(i, m, { kind: 'match', selectors, mask, op, value: valueOf(valueToken), slash });
      i = m;
      return true;
    }
  }
  while (gap < gaps.length) {
    const g = gaps[gap++] as { offset: number; count: number };
    statements.push({ kind: 'hidden', count: g.count, offset: g.offset, length: 0, text: '' });
  }
  return statements;
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
