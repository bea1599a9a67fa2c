// Reads iptables-save and iptables-save -c output (legacy and nf_tables), several tables, also
// flattened into one line. "*table" opens a table and COMMIT closes it; every chain and rule
// carries the table it is in, and rules count their position per table and chain.
import type { Diagnostic } from '../../core';
import type { Parsed } from '../format';
import { forEachUnit } from '../engine/read-units';
import { defineReader, type ReadUnit, type UnitReader } from '../engine/unit-reader';
import { buildPackedRule, buildRule, RulePositions, SharedRuleParts } from '../shared/iptables/rule';
import grammar from './grammar.gen';
import { lexer, describeToken, skeleton } from './lexer';
import { buildChain, buildMeta, type IptablesSaveUnit } from './build';
import type { IptablesRecord, IptablesRule } from './schema';

/** The shared reader (its caches are kept across calls); `{ cache: false }` for property tests. */
export const iptablesSaveReader = defineReader<IptablesSaveUnit>({ lexer, grammar, describe: describeToken, skeleton });

/**
 * Parses iptables-save output. Never throws. `shared`: the rule parts to build from
 * (ParseContext.ruleParts), a fresh set by default; `pack`: rules of a table as PackedRule
 * (ParseContext.packRules), which read the same and hold a fifth of the memory.
 */
export function parseIptablesSave(
  text: string,
  options: { reader?: UnitReader<IptablesSaveUnit>; sink?: (record: IptablesRecord) => void; shared?: SharedRuleParts; pack?: boolean } = {},
): Parsed<IptablesRecord> {
  const records: IptablesRecord[] = [];
  const emit = options.sink ?? ((record: IptablesRecord): void => { records.push(record); });
  const parseDiagnostics: Diagnostic[] = [];
  const positions = new RulePositions();
  const shared = options.shared ?? new SharedRuleParts();
  let table: string | null = null;
  let warnedNoTable = false;
  // a rule waits for the next unit, built (units last only as long as their line) but not yet
  // counted: a warning on its line means the rule was cut short
  let pending: { rule: IptablesRule; line: number } | undefined;
  const settle = (next: ReadUnit<IptablesSaveUnit> | undefined): void => {
    const { rule, line } = pending as { rule: IptablesRule; line: number };
    pending = undefined;
    if (next !== undefined && next.line === line && next.unit.kind === 'meta' && next.unit.meta === 'warning') {
      // iptables-save 2>&1: the warning went to stderr while this line sat in stdout's buffer; the
      // rest of the line follows the warning, on the next line, and is reported there
      parseDiagnostics.push({
        code: 'incomplete', severity: 'error',
        message: 'A rule cut short by a warning printed into it (stderr merged into stdout); it was not read.',
        span: rule.span, expected: ['the rest of the rule'],
      });
      return;
    }
    rule.position = positions.next(table, rule.chain);
    emit(rule);
  };
  const readDiagnostics = forEachUnit(options.reader ?? iptablesSaveReader(), text, (read) => {
    if (pending) settle(read);
    const { unit, span } = read;
    if (unit.kind === 'meta') {
      if (unit.meta === 'table') table = unit.token.text.slice(1);
      const record = buildMeta(unit, span, unit.meta === 'table' || unit.meta === 'commit' ? table : null);
      emit(record);
      if (unit.meta === 'commit') table = null;
      return;
    }
    if (table === null && !warnedNoTable) {
      warnedNoTable = true;
      parseDiagnostics.push({
        code: 'incomplete', severity: 'info',
        message: 'Chains or rules before any "*table" line (a fragment of iptables-save): their table is null.',
        span, expected: ['a table such as *nat'],
      });
    }
    if (unit.kind === 'chain') {
      const chain = buildChain(unit, span, table);
      // its rules will hold this very string (SharedRuleParts.chainName)
      chain.chain = shared.chainName(chain.chain);
      emit(chain);
    }
    // a rule before any "*table" stays a record: the model gives it its table by copying it
    else pending = { rule: options.pack === true && table !== null ? buildPackedRule(unit, span, table, 0, shared) : buildRule(unit, span, table, 0, shared), line: read.line };
  }, { transient: true });
  if (pending) settle(undefined);
  const diagnostics = [...readDiagnostics, ...parseDiagnostics];
  diagnostics.sort((a, b) => a.span.offset - b.span.offset);
  return { format: 'iptables-save', records, diagnostics };
}
