// The free text iptables -L prints after the columns: each match's print function (libxt_*.c
// *_print, each output starting with a space), "[goto] ", then the target's print function.
// Read here into matches and target options with the words printed ("dpt", "to"), typed via the
// shared iptables typing (the same meaning iptables -S gives), and written back the same way.
import type { IptablesOption, TypedMatch } from '../shared/iptables/schema';
import { EXTENSION_TARGETS, typeMatch } from '../shared/iptables/typing';

/** A whitespace-separated word of the free text, offsets in the whole input. */
export interface Word { text: string; start: number; end: number }

/** One piece of free text: a match (module) or the target's options. */
export interface Phrase { kind: 'match' | 'target' | 'unknown'; module: string; options: IptablesOption[]; start: number; end: number }

const option = (name: string, values: string[] = [], negated = false): IptablesOption => ({ name, values, negated });
const PORT_MODULES = new Set(['tcp', 'udp', 'sctp', 'udplite', 'dccp']);
const PORT_ITEM = /^(spts?|dpts?|flags):(!?)(.*)$/s;
const RECENT_FLAGS = new Set(['SET', 'CHECK', 'UPDATE', 'REMOVE', 'reap', 'rttl', '!']);
const RECENT_VALUES = new Set(['seconds:', 'hit_count:', 'name:', 'side:', 'mask:']);
const MARK_OPS = new Set(['or', 'and', 'xor', 'set', 'xset']);

type Reader = (words: readonly Word[], i: number, slice: (start: number, end: number) => string) => { options: IptablesOption[]; next: number } | null;

const at = (words: readonly Word[], i: number): string | undefined => words[i]?.text;

/**
 * Match readers by the word that starts them ("!" before conntrack and set is handled by the
 * caller), in a map: every word that may start a match is looked up in it.
 */
const MATCHES: ReadonlyMap<string, { module: string; read: Reader }> = new Map(Object.entries<{ module: string; read: Reader }>({
  multiport: {
    module: 'multiport',
    read(words, i) {
      const type = at(words, i + 1);
      if (type !== 'sports' && type !== 'dports' && type !== 'ports') return null;
      const negated = at(words, i + 2) === '!';
      const list = at(words, i + (negated ? 3 : 2));
      if (list === undefined) return null;
      return { options: [option(type, [list], negated)], next: i + (negated ? 4 : 3) };
    },
  },
  statistic: {
    module: 'statistic',
    read(words, i) {
      const mode = at(words, i + 2);
      if (at(words, i + 1) !== 'mode' || (mode !== 'random' && mode !== 'nth')) return null;
      let j = i + 3;
      const negated = at(words, j) === '!';
      if (negated) j++;
      const options = [option('mode', [mode], negated)];
      for (;;) {
        const name = at(words, j);
        const value = at(words, j + 1);
        if ((name !== 'probability' && name !== 'every' && name !== 'packet') || value === undefined) break;
        options.push(option(name, [value]));
        j += 2;
      }
      return { options, next: j };
    },
  },
  ADDRTYPE: {
    module: 'addrtype',
    read(words, i) {
      if (at(words, i + 1) !== 'match') return null;
      const options: IptablesOption[] = [];
      let j = i + 2;
      for (;;) {
        const name = at(words, j);
        if (name === 'limit-in' || name === 'limit-out') {
          options.push(option(name));
          j++;
          continue;
        }
        const value = at(words, j + 1);
        if ((name !== 'src-type' && name !== 'dst-type') || value === undefined) break;
        const negated = value.startsWith('!');
        options.push(option(name, [negated ? value.slice(1) : value], negated));
        j += 2;
      }
      return options.length > 0 ? { options, next: j } : null;
    },
  },
  mark: {
    module: 'mark',
    read(words, i) {
      if (at(words, i + 1) !== 'match') return null;
      const negated = at(words, i + 2) === '!';
      const value = at(words, i + (negated ? 3 : 2));
      if (value === undefined || !/^0x[\da-f]+(?:\/0x[\da-f]+)?$/i.test(value)) return null;
      return { options: [option('mark', [value], negated)], next: i + (negated ? 4 : 3) };
    },
  },
  ctstate: { module: 'conntrack', read: single('ctstate') },
  state: { module: 'state', read: single('state') },
  'match-set': {
    module: 'set',
    read(words, i) {
      const name = at(words, i + 1);
      const flags = at(words, i + 2);
      if (name === undefined || flags === undefined || !/^(?:src|dst)(?:,(?:src|dst))*$/.test(flags)) return null;
      // what libxt_set prints after the set (set_print_v3_matchinfo): return-nomatch, ! update-counters,
      // ! update-subcounters, then [!] packets-eq|lt|gt N and [!] bytes-eq|lt|gt N
      const options = [option('match-set', [name, flags])];
      let j = i + 3;
      for (;;) {
        const negated = at(words, j) === '!';
        const word = at(words, negated ? j + 1 : j);
        if (word === 'return-nomatch' && !negated) {
          options.push(option(word));
          j += 1;
        } else if ((word === 'update-counters' || word === 'update-subcounters') && negated) {
          options.push(option(word, [], true));
          j += 2;
        } else if (word !== undefined && /^(?:packets|bytes)-(?:eq|lt|gt)$/.test(word) && /^\d{1,20}$/.test(at(words, (negated ? j + 1 : j) + 1) ?? '')) {
          options.push(option(word, [at(words, (negated ? j + 1 : j) + 1) as string], negated));
          j += negated ? 3 : 2;
        } else break;
      }
      return { options, next: j };
    },
  },
  'limit:': {
    module: 'limit',
    read(words, i) {
      const rate = at(words, i + 2);
      if (at(words, i + 1) !== 'avg' || rate === undefined) return null;
      const options = [option('avg', [rate])];
      const burst = at(words, i + 4);
      if (at(words, i + 3) === 'burst' && burst !== undefined) {
        options.push(option('burst', [burst]));
        return { options, next: i + 5 };
      }
      return { options, next: i + 3 };
    },
  },
  'recent:': {
    module: 'recent',
    read(words, i) {
      const options: IptablesOption[] = [];
      let j = i + 1;
      for (;;) {
        const word = at(words, j);
        if (word === undefined) break;
        if (RECENT_FLAGS.has(word)) {
          options.push(option(word));
          j++;
        } else if (RECENT_VALUES.has(word) && at(words, j + 1) !== undefined) {
          options.push(option(word.slice(0, -1), [at(words, j + 1) as string]));
          j += 2;
        } else break;
      }
      return options.length > 0 ? { options, next: j } : null;
    },
  },
  PHYSDEV: {
    module: 'physdev',
    read(words, i) {
      if (at(words, i + 1) !== 'match') return null;
      const options: IptablesOption[] = [];
      let j = i + 2;
      for (;;) {
        const negated = at(words, j) === '!';
        const name = at(words, negated ? j + 1 : j);
        if (name === undefined || !name.startsWith('--physdev-')) break;
        j += negated ? 2 : 1;
        const value = at(words, j);
        if ((name === '--physdev-in' || name === '--physdev-out') && value !== undefined) {
          options.push(option(name.slice(2), [value], negated));
          j++;
        } else options.push(option(name.slice(2), [], negated));
      }
      return options.length > 0 ? { options, next: j } : null;
    },
  },
  owner: {
    module: 'owner',
    read(words, i) {
      const kind = at(words, i + 1);
      const value = at(words, i + 3);
      if ((kind === 'UID' || kind === 'GID') && at(words, i + 2) === 'match' && value !== undefined)
        return { options: [option(kind, [value])], next: i + 4 };
      if (kind === 'socket' && at(words, i + 2) === 'exists') return { options: [option('socket-exists')], next: i + 3 };
      return null;
    },
  },
  icmptype: {
    module: 'icmp',
    read(words, i) {
      const type = at(words, i + 1);
      if (type === undefined) return null;
      const options = [option('icmptype', [type])];
      const code = at(words, i + 3);
      if (at(words, i + 2) === 'code' && code !== undefined) {
        options.push(option('code', [code]));
        return { options, next: i + 4 };
      }
      return { options, next: i + 2 };
    },
  },
}));

function single(name: string): Reader {
  return (words, i) => {
    const value = at(words, i + 1);
    return value === undefined ? null : { options: [option(name, [value])], next: i + 2 };
  };
}

/** tcp/udp/sctp: "tcp dpt:30038 spts:1000:2000 flags:FIN,SYN,RST,ACK/SYN" (libxt_tcp.c print_port). */
function readPorts(words: readonly Word[], i: number): { options: IptablesOption[]; next: number } {
  const options: IptablesOption[] = [];
  let j = i + 1;
  for (;;) {
    const item = PORT_ITEM.exec(at(words, j) ?? '');
    if (!item) break;
    options.push(option(item[1] as string, [item[3] as string], item[2] === '!'));
    j++;
  }
  return { options, next: j };
}

/** Target texts by target name: whether a word starts or continues it, and how many words it takes. */
function readTargetWords(target: string, words: readonly Word[], i: number, slice: (start: number, end: number) => string): { options: IptablesOption[]; next: number } | null {
  const word = at(words, i) as string;
  switch (target) {
    case 'DNAT':
    case 'SNAT':
      if (word.startsWith('to:')) return { options: [option('to', [word.slice(3)])], next: i + 1 };
      if (word === 'random' || word === 'persistent' || word === 'random-fully') return { options: [option(word)], next: i + 1 };
      return null;
    case 'MASQUERADE':
    case 'REDIRECT': {
      const head = target === 'MASQUERADE' ? ['masq', 'ports:'] : ['redir', 'ports'];
      const value = at(words, i + 2);
      if (word === head[0] && at(words, i + 1) === head[1] && value !== undefined) return { options: [option('ports', [value])], next: i + 3 };
      if (word === 'random' || word === 'random-fully') return { options: [option(word)], next: i + 1 };
      return null;
    }
    case 'MARK': {
      const op = at(words, i + 1);
      const value = at(words, i + 2);
      if (word === 'MARK' && op !== undefined && MARK_OPS.has(op) && value !== undefined) return { options: [option(op, [value])], next: i + 3 };
      return null;
    }
    case 'REJECT': {
      const value = at(words, i + 1);
      return word === 'reject-with' && value !== undefined ? { options: [option('reject-with', [value])], next: i + 2 } : null;
    }
    case 'LOG': {
      if (word !== 'LOG') return null;
      const options: IptablesOption[] = [];
      let j = i + 1;
      for (;;) {
        const name = at(words, j);
        const value = words[j + 1];
        if ((name === 'flags' || name === 'level') && value) {
          options.push(option(name, [value.text]));
          j += 2;
        } else if (name === 'prefix' && value?.text.startsWith('"')) {
          // the prefix may hold blanks: it runs to the next word ending in a quote
          let k = j + 1;
          while (k < words.length && !((words[k] as Word).text.endsWith('"') && (k > j + 1 || (words[k] as Word).text.length > 1))) k++;
          if (k >= words.length) break;
          options.push(option('prefix', [slice(value.start + 1, (words[k] as Word).end - 1)]));
          j = k + 1;
        } else break;
      }
      return options.length > 0 ? { options, next: j } : null;
    }
    default:
      // CT prints "CT notrack" (legacy) or "NOTRACK" (nft); extensions print their name first
      // ("TCPMSS clamp to PMTU", "CHECKSUM fill", "CONNMARK set 0x1"): the rest of the line is theirs
      if (target === 'CT' && word === 'NOTRACK') return { options: [option('NOTRACK')], next: i + 1 };
      if (word === target && (target === 'CT' || EXTENSION_TARGETS.has(target)) && i + 1 < words.length)
        return { options: words.slice(i + 1).map((w) => option(w.text)), next: words.length };
      return null;
  }
}

/**
 * Reads the free text after the columns into phrases. Unknown runs of words become one
 * `unknown` phrase each (the caller keeps them as matches of module "unknown" and warns).
 */
export function readFreeText(words: readonly Word[], target: string, slice: (start: number, end: number) => string): { phrases: Phrase[]; goto: boolean } {
  const phrases: Phrase[] = [];
  let goto = false;
  let unknownFrom = -1;
  const flush = (to: number): void => {
    if (unknownFrom === -1) return;
    const first = words[unknownFrom] as Word;
    const last = words[to - 1] as Word;
    const text = slice(first.start, last.end);
    phrases.push({ kind: 'unknown', module: 'unknown', options: text.split(/[ \t\u00a0]+/).map((w) => option(w)), start: first.start, end: last.end });
    unknownFrom = -1;
  };
  let i = 0;
  while (i < words.length) {
    const word = (words[i] as Word).text;
    if (word === '[goto]' && i === 0) {
      goto = true;
      i++;
      continue;
    }
    let found: { kind: Phrase['kind']; module: string; read: { options: IptablesOption[]; next: number } } | null = null;
    if (word.startsWith('/*')) {
      let j = i;
      while (j < words.length && !((words[j] as Word).text.endsWith('*/') && (j > i || word.length >= 4))) j++;
      if (j < words.length) {
        const inner = slice((words[i] as Word).start + 2, (words[j] as Word).end - 2);
        const comment = inner.startsWith(' ') && inner.endsWith(' ') && inner.length >= 2 ? inner.slice(1, -1) : inner;
        found = { kind: 'match', module: 'comment', read: { options: [option('comment', [comment])], next: j + 1 } };
      }
    } else if (PORT_MODULES.has(word)) {
      found = { kind: 'match', module: word, read: readPorts(words, i) };
    } else if (word === 'icmp' && at(words, i + 1) !== undefined && !at(words, i + 1)?.startsWith('to:')) {
      found = { kind: 'match', module: 'icmp', read: { options: [option('icmp', [at(words, i + 1) as string])], next: i + 2 } };
    } else {
      const negated = word === '!';
      const head = negated ? at(words, i + 1) : word;
      const reader = head !== undefined ? MATCHES.get(head) : undefined;
      const canNegate = head === 'ctstate' || head === 'state' || head === 'match-set';
      if (reader && (!negated || canNegate)) {
        const read = reader.read(words, negated ? i + 1 : i, slice);
        if (read) {
          if (negated) for (const o of read.options) o.negated = true;
          found = { kind: 'match', module: reader.module, read };
        }
      }
      if (!found && !negated) {
        const read = readTargetWords(target, words, i, slice);
        if (read) found = { kind: 'target', module: target, read };
      }
    }
    if (found) {
      flush(i);
      const last = words[found.read.next - 1] as Word;
      phrases.push({ kind: found.kind, module: found.module, options: found.read.options, start: (words[i] as Word).start, end: last.end });
      i = found.read.next;
    } else {
      if (unknownFrom === -1) unknownFrom = i;
      i++;
    }
  }
  flush(words.length);
  return { phrases, goto };
}

// -L words → the option names iptables -S prints, so typing is shared with -S and iptables-save
const S_NAMES: Record<string, Record<string, string>> = {
  ports: { spt: 'sport', spts: 'sport', dpt: 'dport', dpts: 'dport' },
  addrtype: { 'limit-in': 'limit-iface-in', 'limit-out': 'limit-iface-out' },
  limit: { avg: 'limit', burst: 'limit-burst' },
};

/** What a match of -L text means, as typeMatch gives it for the same rule in -S. */
export function typeListMatch(module: string, options: readonly IptablesOption[]): TypedMatch | null {
  if (module === 'comment') return { type: 'comment', comment: options[0]?.values[0] ?? '' };
  if (module === 'unknown' || module === 'icmp') return null;
  const names = PORT_MODULES.has(module) ? S_NAMES.ports : S_NAMES[module];
  const translated: IptablesOption[] = [];
  for (const o of options) {
    if (o.name === 'flags' && PORT_MODULES.has(module)) {
      const [mask = '', compare = ''] = (o.values[0] ?? '').split('/');
      translated.push({ name: 'tcp-flags', values: [mask, compare], negated: o.negated });
    } else translated.push({ name: names?.[o.name] ?? o.name, values: o.values, negated: o.negated });
  }
  return typeMatch(module, translated);
}

// Maps, not objects: a chain may be named "constructor" or "__proto__", and looking a name up in an
// object costs more than in a map for every new target of a listing
const TARGET_NAMES: ReadonlyMap<string, ReadonlyMap<string, string>> = new Map(Object.entries({
  DNAT: { to: 'to-destination' },
  SNAT: { to: 'to-source' },
  MASQUERADE: { ports: 'to-ports' },
  REDIRECT: { ports: 'to-ports' },
  MARK: { or: 'or-mark', and: 'and-mark', xor: 'xor-mark', set: 'set-mark', xset: 'set-xmark' },
  LOG: { prefix: 'log-prefix', level: 'log-level' },
  CT: { NOTRACK: 'notrack' },
}).map(([target, names]) => [target, new Map(Object.entries(names))]));

/** Target options of -L text under the names iptables -S uses, for typeTarget. */
export function targetOptionsAsSave(target: string, options: readonly IptablesOption[]): IptablesOption[] {
  const names = TARGET_NAMES.get(target);
  return options.map((o) => ({ name: names?.get(o.name) ?? o.name, values: o.values, negated: o.negated }));
}

/** Writes a match back as its print function does (without the leading space). */
export function renderMatch(module: string, options: readonly IptablesOption[]): string {
  const bang = (o: IptablesOption | undefined): string => (o?.negated ? '! ' : '');
  const first = options[0];
  const v = (o: IptablesOption | undefined, i = 0): string => o?.values[i] ?? '';
  if (PORT_MODULES.has(module)) return [module, ...options.map((o) => `${o.name}:${o.negated ? '!' : ''}${v(o)}`)].join(' ');
  switch (module) {
    case 'comment': return `/* ${v(first)} */`;
    case 'multiport': return `multiport ${first?.name ?? ''} ${bang(first)}${v(first)}`;
    case 'statistic':
      return [`statistic mode ${v(first)}${first?.negated ? ' !' : ''}`, ...options.slice(1).map((o) => `${o.name} ${v(o)}`)].join(' ');
    case 'addrtype':
      return ['ADDRTYPE match', ...options.map((o) => (o.values.length === 0 ? o.name : `${o.name} ${o.negated ? '!' : ''}${v(o)}`))].join(' ');
    case 'mark': return `mark match ${bang(first)}${v(first)}`;
    case 'conntrack': return `${bang(first)}ctstate ${v(first)}`;
    case 'state': return `${bang(first)}state ${v(first)}`;
    case 'set':
      return [`${bang(first)}match-set ${v(first)} ${v(first, 1)}`, ...options.slice(1).map((o) => `${o.negated ? '! ' : ''}${o.name}${o.values.length > 0 ? ` ${v(o)}` : ''}`)].join(' ');
    case 'limit': return ['limit:', ...options.map((o) => `${o.name} ${v(o)}`)].join(' ');
    case 'recent': return ['recent:', ...options.map((o) => (o.values.length === 0 ? o.name : `${o.name}: ${v(o)}`))].join(' ');
    case 'physdev':
      return ['PHYSDEV match', ...options.map((o) => `${o.negated ? '! ' : ''}--${o.name}${o.values.length > 0 ? ` ${v(o)}` : ''}`)].join(' ');
    case 'owner': return first?.name === 'socket-exists' ? 'owner socket exists' : `owner ${first?.name ?? ''} match ${v(first)}`;
    case 'icmp':
      return first?.name === 'icmp' ? `icmp ${v(first)}` : options.map((o) => `${o.name} ${v(o)}`).join(' ');
    default: return options.map((o) => o.name).join(' ');
  }
}

/** Writes a target's options back as its print function does (without the leading space). */
export function renderTarget(target: string, options: readonly IptablesOption[]): string {
  const v = (o: IptablesOption): string => o.values[0] ?? '';
  switch (target) {
    case 'DNAT':
    case 'SNAT': return options.map((o) => (o.name === 'to' ? `to:${v(o)}` : o.name)).join(' ');
    case 'MASQUERADE': return options.map((o) => (o.name === 'ports' ? `masq ports: ${v(o)}` : o.name)).join(' ');
    case 'REDIRECT': return options.map((o) => (o.name === 'ports' ? `redir ports ${v(o)}` : o.name)).join(' ');
    case 'MARK': return options.map((o) => `MARK ${o.name} ${v(o)}`).join(' ');
    case 'REJECT': return options.map((o) => `reject-with ${v(o)}`).join(' ');
    case 'LOG': return ['LOG', ...options.map((o) => (o.name === 'prefix' ? `prefix "${v(o)}"` : `${o.name} ${v(o)}`))].join(' ');
    case 'CT': return options[0]?.name === 'NOTRACK' ? 'NOTRACK' : ['CT', ...options.map((o) => o.name)].join(' ');
    default: return EXTENSION_TARGETS.has(target) ? [target, ...options.map((o) => o.name)].join(' ') : options.map((o) => o.name).join(' ');
  }
}
