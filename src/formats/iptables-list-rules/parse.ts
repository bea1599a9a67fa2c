// Reads iptables -S / --list-rules output ([-t table] [-v] [CHAIN]), also flattened into one
// line. The text does not name its table: records carry the one the caller gives, or null.
import type { Diagnostic } from '../../core';
import type { ParseOptions, Parsed } from '../format';
import { forEachUnit } from '../engine/read-units';
import { defineReader, type UnitReader } from '../engine/unit-reader';
import { buildRule, RulePositions, SharedRuleParts, STREAMED_PARTS } from '../shared/iptables/rule';
import grammar from './grammar.gen';
import { lexer, describeToken, skeleton } from './lexer';
import { buildNewChain, buildPolicy, buildWarning, type IptablesListRulesUnit } from './build';
import type { IptablesRecord } from './schema';

/** The shared reader (its caches are kept across calls); `{ cache: false }` for property tests. */
export const iptablesListRulesReader = defineReader<IptablesListRulesUnit>({ lexer, grammar, describe: describeToken, skeleton });

export interface ParseIptablesListRulesOptions {
  /** The table listed (`iptables -t nat -S`): iptables -S does not print it. */
  table?: string | null;
  reader?: UnitReader<IptablesListRulesUnit>;
  /** Receives each record as it is read, instead of the result's `records` (which stays empty): the records of a large listing need not all be alive at once. */
  sink?: (record: IptablesRecord) => void;
  /** The rule parts to build from (ParseContext.ruleParts), a fresh set by default. */
  shared?: SharedRuleParts;
}

/** Parses iptables -S output. Never throws. */
export function parseIptablesListRules(text: string, options: ParseIptablesListRulesOptions = {}): Parsed<IptablesRecord> {
  const records: IptablesRecord[] = [];
  const emit = options.sink ?? ((record: IptablesRecord): void => { records.push(record); });
  const table = options.table ?? null;
  const positions = new RulePositions();
  const shared = options.shared ?? new SharedRuleParts(options.sink ? { maxParts: STREAMED_PARTS } : {});
  // records are built as units are read, so that no unit outlives its line
  const diagnostics: Diagnostic[] = forEachUnit(options.reader ?? iptablesListRulesReader(), text, ({ unit, span }) => {
    switch (unit.kind) {
      case 'policy': emit(buildPolicy(unit, span, table)); break;
      case 'newchain': emit(buildNewChain(unit, span, table)); break;
      case 'meta': emit(buildWarning(unit, span, table)); break;
      case 'rule': {
        const rule = buildRule(unit, span, table, 0, shared);
        rule.position = positions.next(table, rule.chain);
        emit(rule);
        break;
      }
    }
  }, { transient: true });
  diagnostics.sort((a, b) => a.span.offset - b.span.offset);
  return { format: 'iptables-list-rules', records, diagnostics };
}

/** The registry's parse: ParseOptions from the command ({ table }). */
export const parseIptablesListRulesWith = (text: string, options?: ParseOptions, sink?: (record: IptablesRecord) => void): Parsed<IptablesRecord> =>
  parseIptablesListRules(text, { table: options?.table, ...(sink ? { sink } : {}) });
