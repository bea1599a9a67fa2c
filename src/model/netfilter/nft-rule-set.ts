// An nftables rule set from the records of `nft list ruleset` (and `nft list table|chain`): tables
// by family and name, their chains (base chains with type, hook and numeric priority), sets and
// maps, and each rule with its statements read. Priority names per nft(8), CHAINS (raw -300,
// mangle -150, dstnat -100, filter 0, security 50, srcnat 100).
import type { NftChain, NftChainSpec, NftComment, NftFamily, NftRecord, NftRule, NftSet, NftTable } from '../../formats/nft-ruleset/schema';
import type { IptablesRule } from '../../formats/shared/iptables/schema';
import { iptablesRuleFromNft } from './nft-iptables';
import { parseNftStatements, type NftStatement } from './nft-statements';

export interface NftRuleModel {
  record: NftRule;
  statements: NftStatement[];
  /** 1-based position in its chain. */
  position: number;
  /** The rule in the iptables model (iptables-nft's rule it shows, or evidence for kube-proxy's nftables mode). */
  iptables: IptablesRule;
  /** What nft did not show of the iptables rule ("the rule's comment is unknown"). */
  notShown: string[];
}

export interface NftBaseChain {
  type: string;
  hook: string;
  /** The priority as a number (named priorities resolved); null when nft printed something else. */
  priority: number | null;
  policy: 'accept' | 'drop';
  spec: NftChainSpec;
}

export interface NftChainModel {
  family: NftFamily | null;
  table: string;
  name: string;
  base: NftBaseChain | null;
  /** The "chain X {" line, when the listing shows it. */
  declaration: NftChain | null;
  rules: NftRuleModel[];
}

export interface NftTableModel {
  family: NftFamily | null;
  name: string;
  declaration: NftTable | null;
  chains: Map<string, NftChainModel>;
  /** Sets and maps by name. */
  sets: Map<string, NftSet>;
  /** nft's warnings and the table's comment, in order. */
  remarks: NftComment[];
}

const PRIORITY_NAMES: Record<string, number> = { raw: -300, mangle: -150, dstnat: -100, filter: 0, security: 50, srcnat: 100 };

/** "dstnat", "-100", "dstnat - 10", "filter + 5" as a number; null for anything else. */
export function priorityNumber(priority: string): number | null {
  const match = /^(-?\d+|[a-z]+)(?:\s*([+-])\s*(\d+))?$/.exec(priority.trim());
  if (!match) return null;
  const base = /^-?\d+$/.test(match[1] as string) ? Number(match[1]) : PRIORITY_NAMES[match[1] as string];
  if (base === undefined) return null;
  const delta = match[3] === undefined ? 0 : Number(match[3]) * (match[2] === '-' ? -1 : 1);
  return base + delta;
}

function asIptables(rule: Omit<NftRuleModel, 'iptables' | 'notShown'>, chain: NftChainModel): Pick<NftRuleModel, 'iptables' | 'notShown'> {
  const mapped = iptablesRuleFromNft(rule, chain);
  return { iptables: mapped.rule, notShown: mapped.notShown };
}

export class NftRuleSet {
  /** "family name" → table; Maps, since names come from the input. */
  readonly tables = new Map<string, NftTableModel>();

  static from(records: readonly NftRecord[]): NftRuleSet {
    const set = new NftRuleSet();
    for (const record of records) {
      if (record.table === null) continue;
      const table = set.ensureTable(record.family, record.table);
      switch (record.kind) {
        case 'table':
          table.declaration = record;
          break;
        case 'chain':
          if (record.chain !== null) set.ensureChain(table, record.chain).declaration = record;
          break;
        case 'chain-spec':
          if (record.chain !== null) {
            set.ensureChain(table, record.chain).base = {
              type: record.type, hook: record.hook, priority: priorityNumber(record.priority),
              policy: record.policy === 'drop' ? 'drop' : 'accept', spec: record,
            };
          }
          break;
        case 'set':
        case 'map':
          table.sets.set(record.name, record);
          break;
        case 'rule': {
          if (record.chain === null) break;
          const chain = set.ensureChain(table, record.chain);
          const rule = { record, statements: parseNftStatements(record.text), position: chain.rules.length + 1 };
          chain.rules.push({ ...rule, ...asIptables(rule, chain) });
          break;
        }
        case 'comment':
          if (record.chain === null) table.remarks.push(record);
          break;
        case 'close':
          break;
      }
    }
    return set;
  }

  table(family: NftFamily | null, name: string): NftTableModel | undefined {
    return this.tables.get(`${family ?? '?'} ${name}`);
  }

  private ensureTable(family: NftFamily | null, name: string): NftTableModel {
    const key = `${family ?? '?'} ${name}`;
    let table = this.tables.get(key);
    if (!table) {
      table = { family, name, declaration: null, chains: new Map(), sets: new Map(), remarks: [] };
      this.tables.set(key, table);
    }
    return table;
  }

  private ensureChain(table: NftTableModel, name: string): NftChainModel {
    let chain = table.chains.get(name);
    if (!chain) {
      chain = { family: table.family, table: table.name, name, base: null, declaration: null, rules: [] };
      table.chains.set(name, chain);
    }
    return chain;
  }
}
