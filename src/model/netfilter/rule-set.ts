// A netfilter rule set read from any iptables listing (iptables-save, -S, -L): tables, their
// chains in order, and who jumps where. Built from the records the iptables formats produce.
import type { IptablesChain, IptablesRecord, IptablesRule } from '../../formats/shared/iptables/schema';
import { targetOf } from '../../formats/shared/iptables/packed';

export interface ChainModel {
  table: string;
  name: string;
  builtin: boolean;
  policy: string | null;
  /** Where the chain was declared (":KUBE-SVC-… - [0:0]", "-N …", "Chain … (2 references)"), if it was. */
  declaration: IptablesChain | null;
  rules: IptablesRule[];
}

/** Chains every table of netfilter has built in (iptables(8), TABLES). */
const BUILTIN = new Set(['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING']);

export class RuleSet {
  /** table → chain name → chain; Maps, since chain names come from the input. */
  readonly tables = new Map<string, Map<string, ChainModel>>();

  /**
   * Reads records of one or more listings. Records that carry no table (iptables -S, -L) are put
   * in `defaultTable` (the listing's -t, "filter" when none was given).
   */
  static from(records: readonly IptablesRecord[], options: { defaultTable?: string } = {}): RuleSet {
    const set = new RuleSet();
    const defaultTable = options.defaultTable ?? 'filter';
    // the chain of the last record: a listing holds a chain's rules one after another
    let last: ChainModel | null = null;
    for (const record of records) {
      if (record.type === 'meta') continue;
      const table = record.table ?? defaultTable;
      const chain: ChainModel = last !== null && last.name === record.chain && last.table === table ? last : set.ensureChain(table, record.chain);
      last = chain;
      if (record.type === 'chain') {
        chain.declaration = record;
        chain.builtin = record.builtin || BUILTIN.has(record.chain);
        chain.policy = record.policy;
      } else chain.rules.push(record);
    }
    // exactly sized: an array grown by push keeps room for 16 more rules, in each of a node's 20,000
    // kube-proxy chains of one to three rules (3 MB a node)
    for (const chains of set.tables.values()) for (const chain of chains.values()) chain.rules = chain.rules.slice();
    return set;
  }

  private ensureChain(table: string, name: string): ChainModel {
    let chains = this.tables.get(table);
    if (!chains) {
      chains = new Map();
      this.tables.set(table, chains);
    }
    let chain = chains.get(name);
    if (!chain) {
      chain = { table, name, builtin: BUILTIN.has(name), policy: null, declaration: null, rules: [] };
      chains.set(name, chain);
    }
    return chain;
  }

  chain(table: string, name: string): ChainModel | undefined {
    return this.tables.get(table)?.get(name);
  }

  chains(table: string): ChainModel[] {
    return [...(this.tables.get(table)?.values() ?? [])];
  }

  /** The rules of `table` that jump or go to `name`. */
  referencesTo(table: string, name: string): IptablesRule[] {
    const out: IptablesRule[] = [];
    for (const chain of this.chains(table)) for (const rule of chain.rules) if (targetOf(rule)?.name === name) out.push(rule);
    return out;
  }

  /** The user chains a chain jumps or goes to, in rule order, without repeats. */
  jumpsFrom(table: string, name: string): string[] {
    const targets: string[] = [];
    for (const rule of this.chain(table, name)?.rules ?? []) {
      const target = targetOf(rule);
      if (target && this.chain(table, target.name) && !targets.includes(target.name)) targets.push(target.name);
    }
    return targets;
  }
}
