// Writes records in iptables -L's exact layout (iptables/iptables.c print_header, print_firewall,
// xtables.c xtables_print_num): "%-9s " target, "%-5s" prot, " %-6s " in, "%-19s " addresses,
// then each match's and the target's text with a leading space.
import type { Counters, IptablesChain, IptablesRecord, IptablesRule, Negatable } from '../shared/iptables/schema';
import { renderMatch, renderTarget } from './text';

/** How the listing was asked for: the options of `iptables -L` the text shows. */
export interface ListFormat {
  /** --line-numbers: the num column. */
  lineNumbers: boolean;
  /** -v: pkts, bytes, in, out columns and chain counters. */
  verbose: boolean;
  /** -x: exact counters ("%8llu "), not K/M/G-rounded ones. */
  exact: boolean;
  /** -n: "0.0.0.0/0" and "*" instead of "anywhere" and "any". */
  numeric: boolean;
  /** What prot prints for all protocols: "all", or "0" (iptables 1.8.9+ with -n). */
  all: 'all' | '0';
  /** iptables before 1.8.x pads the last column with blanks; later versions trim lines. */
  trailingBlanks: boolean;
}

export const DEFAULT_LIST_FORMAT: ListFormat = { lineNumbers: false, verbose: false, exact: false, numeric: true, all: 'all', trailingBlanks: false };

/** The layout a capture of iptables -L shows (so print(parse(text), listFormatOf(text)) is the text). */
export function listFormatOf(text: string): ListFormat {
  const lines = text.split('\n');
  const header = lines.find((line) => {
    const words = line.trim().split(/\s+/);
    return words.includes('target') && words.includes('prot') && words[words.length - 1] === 'destination';
  });
  const lineNumbers = header?.trimStart().startsWith('num') ?? false;
  const pkts = header?.indexOf('pkts') ?? -1;
  return {
    lineNumbers,
    verbose: pkts !== -1,
    // "%8s " pkts under -x, "%5s " under -v (after "num  " when numbered)
    exact: pkts !== -1 && (pkts - (lineNumbers ? 3 : 0) > 3 || (header?.indexOf('bytes') ?? 0) - pkts > 5),
    numeric: !/[ \t!]anywhere(?![^ \t\n])/.test(text) && !/[ \t!]any[ \t]/.test(text),
    all: lines.some((line) => /[ \t]0[ \t]+[-!][-f][ \t]/.test(line)) ? '0' : 'all',
    trailingBlanks: header !== undefined && header !== header.trimEnd(),
  };
}

/** xtables_print_num: exact in "%5llu " up to 99999, then rounded to K, M, G, T in "%4lluK ". */
function count(value: number, format: ListFormat, width: number): string {
  if (format.exact) return `${String(value).padStart(width)} `;
  if (value <= 99999) return `${String(value).padStart(5)} `;
  let n = value;
  for (const suffix of ['K', 'M', 'G']) {
    n = Math.floor((n + 500) / 1000);
    if (n <= 9999) return `${String(n).padStart(4)}${suffix} `;
  }
  return `${String(Math.floor((n + 500) / 1000)).padStart(4)}T `;
}

/** The same number as print_header prints it in "(policy … packets, … bytes)": no padding. */
function headerCount(value: number, format: ListFormat): string {
  return count(value, format, 0).trimStart();
}

function chainLine(chain: IptablesChain, format: ListFormat): string {
  if (chain.policy === null) return `Chain ${chain.chain} (${chain.references ?? 0} references)`;
  const c: Counters | null = chain.counters;
  const counts = format.verbose && c ? ` ${headerCount(c.packets, format)}packets, ${headerCount(c.bytes, format)}bytes` : '';
  return `Chain ${chain.chain} (policy ${chain.policy}${counts})`;
}

export function headerLine(format: ListFormat): string {
  let out = format.lineNumbers ? 'num  ' : '';
  if (format.verbose) out += format.exact ? `${'pkts'.padStart(8)} ${'bytes'.padStart(10)} ` : ' pkts bytes ';
  out += `${'target'.padEnd(9)}  prot opt`;
  if (format.verbose) out += ` ${'in'.padEnd(6)} ${'out'.padEnd(6)} `;
  return `${out} ${'source'.padEnd(19)}  ${'destination'.padEnd(19)} `;
}

function column(value: Negatable | null, none: string, width: number): string {
  return `${value?.negated ? '!' : ' '}${(value?.value ?? none).padEnd(width)} `;
}

function iface(value: Negatable | null, format: ListFormat): string {
  return `${value?.negated ? '!' : ''}${value?.value ?? (format.numeric ? '*' : 'any')}`.padEnd(6);
}

function ruleLine(rule: IptablesRule, format: ListFormat): string {
  let out = format.lineNumbers ? `${String(rule.position).padEnd(4)} ` : '';
  if (format.verbose) {
    const c = rule.counters ?? { packets: 0, bytes: 0, exact: true };
    out += count(c.packets, format, 8) + count(c.bytes, format, 8);
  }
  out += `${(rule.target?.name ?? '').padEnd(9)} `;
  out += `${rule.protocol?.negated ? '!' : ' '}${(rule.protocol?.value ?? format.all).padEnd(5)}`;
  out += `${rule.fragment?.negated ? '!' : '-'}${rule.fragment ? 'f' : '-'} `;
  if (format.verbose) out += ` ${iface(rule.inInterface, format)} ${iface(rule.outInterface, format)} `;
  const anywhere = format.numeric ? '0.0.0.0/0' : 'anywhere';
  out += column(rule.source, anywhere, 19) + column(rule.destination, anywhere, 19);
  if (rule.target?.goto) out += '[goto] ';
  for (const match of rule.matches) out += ` ${renderMatch(match.module, match.options)}`;
  if (rule.target && rule.target.options.length > 0) out += ` ${renderTarget(rule.target.name, rule.target.options)}`;
  return out;
}

/**
 * Prints records as `iptables -L` with `format`'s options would: each chain's header, the
 * column header, its rules, a blank line between chains. Rules before any chain record (a
 * partial paste) print first, without headers.
 */
export function printIptablesList(records: readonly IptablesRecord[], format: ListFormat = DEFAULT_LIST_FORMAT): string {
  const lines: string[] = [];
  let first = true;
  for (const record of records) {
    if (record.type === 'chain') {
      if (!first) lines.push('');
      first = false;
      lines.push(chainLine(record, format), headerLine(format));
    } else if (record.type === 'rule') {
      first = false;
      lines.push(ruleLine(record, format));
    } else lines.push(record.text);
  }
  const out = format.trailingBlanks ? lines : lines.map((line) => line.trimEnd());
  return out.length === 0 ? '' : `${out.join('\n')}\n`;
}
