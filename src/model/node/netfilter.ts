// A node's netfilter rules from its iptables listings. One listing per table is used, the most
// complete kind first (iptables-save, then -S, then -L), so that a sos report holding both
// iptables-save and iptables -t nat -nvL does not count every rule twice. An nft listing (sos 4's
// nft_-a_list_ruleset) stands in for a table no iptables listing shows: iptables-nft's tables read
// as the iptables rules they hold (netfilter/nft-iptables.ts).
import type { NftRecord } from '../../formats/nft-ruleset/schema';
import type { IptablesChain, IptablesMeta, IptablesRecord, IptablesRule } from '../../formats/shared/iptables/schema';
import { cite, type Evidence, type ParsedSection } from '../evidence';
import { iptablesFromNft } from '../netfilter/nft-iptables';
import { NftRuleSet } from '../netfilter/nft-rule-set';
import { RuleSet } from '../netfilter/rule-set';

export interface NodeNetfilter {
  rules: RuleSet;
  /** Structural lines and warnings ("# Warning: iptables-legacy tables present"), with their section. */
  meta: { record: IptablesMeta; source: ParsedSection }[];
  /**
   * The nft listing each rule read from an nft listing came from (its iptables form), for citing
   * rules the rule set does not hold (kube-proxy's own tables). A rule or chain of the rule set is
   * cited from its table's listing (`tables`): no entry per record (a node has 100,000 of them).
   */
  nftSourceOf: Map<object, ParsedSection>;
  /** Which listing each table was read from. */
  tables: Map<string, ParsedSection>;
  /** iptables-save headers name the backend: "(nf_tables)" or "(legacy)"; every one seen (also from the command: iptables-legacy-save). */
  backends: Set<string>;
  /**
   * Tables of another backend that a listing says exist but does not show: iptables-nft prints
   * "# Warning: iptables-legacy tables present, use iptables-legacy-save to see them" (iptables
   * 1.8 nft-shared.c), so rules kube-proxy wrote with iptables-legacy are live yet not in it.
   */
  hidden: { backend: 'legacy'; evidence: Evidence }[];
  /** Where each backend was seen: a header's "(nf_tables)" / "(legacy)", or the command (iptables-legacy-save). */
  backendSources: { backend: string; evidence: Evidence }[];
  /** Every nft listing of the node as a rule set (kube-proxy's nftables mode is read from these), in input order. */
  nft: { ruleSet: NftRuleSet; source: ParsedSection }[];
  /** Rules read from an nft listing: what nft did not show of each (its comment), never invented. */
  notShown: WeakMap<object, string[]>;
}

// an nft listing is the last resort: iptables' own listings show comments nft 1.0.x leaves out
const RANK: Record<string, number> = { 'iptables-save': 0, 'iptables-list-rules': 1, 'iptables-list': 2, 'nft-ruleset': 3 };

export function readNetfilter(sources: readonly ParsedSection[]): NodeNetfilter | null {
  const nft: NodeNetfilter['nft'] = [];
  const notShown = new WeakMap<object, string[]>();
  // a Map, not a WeakMap: the model holds every record as long as this anyway, and a WeakMap of a
  // million records costs the garbage collector dearly (ephemerons)
  const nftSourceOf = new Map<object, ParsedSection>();
  // each nft listing in its iptables form: a section of the same input whose records are iptables records
  const asIptables = (source: ParsedSection): ParsedSection => {
    if (source.section.format !== 'nft-ruleset') return source;
    const ruleSet = NftRuleSet.from(source.records as NftRecord[]);
    nft.push({ ruleSet, source });
    for (const table of ruleSet.tables.values()) for (const chain of table.chains.values()) for (const rule of chain.rules) nftSourceOf.set(rule.iptables, source);
    const mapped = iptablesFromNft(ruleSet);
    for (const record of mapped.records) {
      if (record.type !== 'rule') continue;
      const missing = mapped.notShown.get(record);
      if (missing) notShown.set(record, missing);
    }
    return { ...source, records: mapped.records };
  };
  const iptables = sources
    .filter((source) => source.skipped === undefined && source.section.format !== null && source.section.format in RANK && !source.section.command?.startsWith('ip6'))
    .map(asIptables);
  const onlyEmptyNft = nft.length === iptables.length && nft.every(({ ruleSet }) => ruleSet.tables.size === 0);
  if (iptables.length === 0 || onlyEmptyNft) return null;
  // table → the best section listing it (input order breaks ties: the first snapshot is the baseline)
  const chosen = new Map<string, ParsedSection>();
  const meta: NodeNetfilter['meta'] = [];
  const backends = new Set<string>();
  const hidden: NodeNetfilter['hidden'] = [];
  const backendSources: NodeNetfilter['backendSources'] = [];
  for (const source of iptables) {
    const program = (source.section.command ?? '').trim().split(/\s+/).find((word) => word !== 'sudo') ?? '';
    const named = program.startsWith('iptables-legacy') ? 'legacy' : program.startsWith('iptables-nft') ? 'nf_tables' : null;
    const first = (source.records as IptablesRecord[])[0];
    if (named && first) {
      backends.add(named);
      backendSources.push({ backend: named, evidence: cite(source, first.span) });
    }
    for (const table of tablesOf(source)) {
      const current = chosen.get(table);
      if (!current || (RANK[source.section.format ?? ''] ?? 9) < (RANK[current.section.format ?? ''] ?? 9)) chosen.set(table, source);
    }
    for (const record of source.records as IptablesRecord[]) {
      if (record.type !== 'meta') continue;
      meta.push({ record, source });
      const backend = /\((nf_tables|legacy)\)/.exec(record.text)?.[1];
      if (record.kind === 'comment' && backend) {
        backends.add(backend);
        backendSources.push({ backend, evidence: cite(source, record.span) });
      }
      if (/iptables-legacy tables present/.test(record.text)) hidden.push({ backend: 'legacy', evidence: cite(source, record.span) });
    }
  }
  // each chosen listing read once, its records sorted into their tables (in the order chosen)
  const byTable = new Map<string, IptablesRecord[]>();
  for (const table of chosen.keys()) byTable.set(table, []);
  for (const source of new Set(chosen.values())) {
    for (const record of source.records as IptablesRecord[]) {
      if (record.type === 'meta') continue;
      const table = record.table ?? defaultTable(source);
      if (chosen.get(table) !== source) continue;
      (byTable.get(table) as IptablesRecord[]).push(record.table === null ? { ...record, table } : record);
    }
  }
  const records = [...byTable.values()].flat();
  return { rules: RuleSet.from(records), meta, nftSourceOf, tables: chosen, backends, hidden, backendSources, nft, notShown };
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
  const source = (isInRuleSet(netfilter, record) ? netfilter.tables.get((record as IptablesRule | IptablesChain).table as string) : undefined)
    ?? netfilter.nftSourceOf.get(record);
  return source ? cite(source, record.span) : null;
}

/** Whether `record` is a rule or chain declaration of the node's rule set (which holds only records of its tables' listings). */
function isInRuleSet(netfilter: NodeNetfilter, record: object): boolean {
  const candidate = record as Partial<IptablesRule | IptablesChain>;
  if ((candidate.type !== 'rule' && candidate.type !== 'chain') || typeof candidate.table !== 'string' || typeof candidate.chain !== 'string') return false;
  const chain = netfilter.rules.chain(candidate.table, candidate.chain);
  if (!chain) return false;
  if (candidate.type === 'chain') return chain.declaration === record;
  // a rule's position is its index in its chain whenever one listing shows the chain
  const position = (candidate as IptablesRule).position;
  return chain.rules[position - 1] === record || chain.rules.includes(record as IptablesRule);
}
