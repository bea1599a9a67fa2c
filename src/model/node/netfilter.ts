// A node's netfilter rules from its iptables listings. One listing per table is used, the most
// complete kind first (iptables-save, then -S, then -L), so that a sos report holding both
// iptables-save and iptables -t nat -nvL does not count every rule twice.
import type { IptablesMeta, IptablesRecord } from '../../formats/shared/iptables/schema';
import { cite, type Evidence, type ParsedSection } from '../evidence';
import { RuleSet } from '../netfilter/rule-set';

export interface NodeNetfilter {
  rules: RuleSet;
  /** Structural lines and warnings ("# Warning: iptables-legacy tables present"), with their section. */
  meta: { record: IptablesMeta; source: ParsedSection }[];
  /** The section each rule and chain record came from, for citing it. */
  sourceOf: WeakMap<object, ParsedSection>;
  /** Which listing each table was read from. */
  tables: Map<string, ParsedSection>;
  /** iptables-save headers name the backend: "(nf_tables)" or "(legacy)"; every one seen. */
  backends: Set<string>;
}

const RANK: Record<string, number> = { 'iptables-save': 0, 'iptables-list-rules': 1, 'iptables-list': 2 };

export function readNetfilter(sources: readonly ParsedSection[]): NodeNetfilter | null {
  const iptables = sources.filter((source) => source.section.format !== null && source.section.format in RANK && !source.section.command?.startsWith('ip6'));
  if (iptables.length === 0) return null;
  // table → the best section listing it (input order breaks ties: the first snapshot is the baseline)
  const chosen = new Map<string, ParsedSection>();
  const meta: NodeNetfilter['meta'] = [];
  const backends = new Set<string>();
  for (const source of iptables) {
    for (const table of tablesOf(source)) {
      const current = chosen.get(table);
      if (!current || (RANK[source.section.format ?? ''] ?? 9) < (RANK[current.section.format ?? ''] ?? 9)) chosen.set(table, source);
    }
    for (const record of source.records as IptablesRecord[]) {
      if (record.type !== 'meta') continue;
      meta.push({ record, source });
      const backend = /\((nf_tables|legacy)\)/.exec(record.text)?.[1];
      if (record.kind === 'comment' && backend) backends.add(backend);
    }
  }
  const records: IptablesRecord[] = [];
  const sourceOf = new WeakMap<object, ParsedSection>();
  for (const [table, source] of chosen) {
    for (const record of source.records as IptablesRecord[]) {
      if (record.type === 'meta') continue;
      const recordTable = record.table ?? defaultTable(source);
      if (recordTable !== table) continue;
      const placed = record.table === null ? { ...record, table } : record;
      sourceOf.set(placed, source);
      records.push(placed);
    }
  }
  return { rules: RuleSet.from(records), meta, sourceOf, tables: chosen, backends };
}

function defaultTable(source: ParsedSection): string {
  return source.section.options?.['table'] ?? 'filter';
}

function tablesOf(source: ParsedSection): Set<string> {
  const tables = new Set<string>();
  for (const record of source.records as IptablesRecord[]) {
    if (record.type === 'meta') continue;
    tables.add(record.table ?? defaultTable(source));
  }
  return tables;
}

/** Evidence for a rule or chain record of a node's rule set. */
export function citeRule(netfilter: NodeNetfilter, record: { span: import('../../core').Span }): Evidence | null {
  const source = netfilter.sourceOf.get(record);
  return source ? cite(source, record.span) : null;
}
