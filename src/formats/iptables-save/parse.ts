// Reads iptables-save and iptables-save -c output (legacy and nf_tables), several tables, also
// flattened into one line. "*table" opens a table and COMMIT closes it; every chain and rule
// carries the table it is in, and rules count their position per table and chain.
import type { Diagnostic } from '../../core';
import type { Parsed } from '../format';
import { forEachLine } from '../engine/read-units';
import { defineReader, type ReadUnit, type UnitReader } from '../engine/unit-reader';
import { buildPackedRule, buildRule, RulePositions, SharedRuleParts, type KnownLine } from '../shared/iptables/rule';
import { PackedRule } from '../shared/iptables/packed';
import grammar from './grammar.gen';
import { lexer, describeToken, skeleton } from './lexer';
import { buildChain, buildMeta, type IptablesSaveUnit } from './build';
import type { IptablesChain, IptablesRecord, IptablesRule } from './schema';

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
  // the record the line last read made (its only one, if nothing else was read on it)
  let made: { record: PackedRule | IptablesChain; line: number } | undefined;
  const visit = (read: ReadUnit<IptablesSaveUnit>): void => {
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
      made = { record: chain, line: read.line };
    }
    // a rule before any "*table" stays a record: the model gives it its table by copying it
    else if (options.pack === true && table !== null) {
      const rule = buildPackedRule(unit, span, table, 0, shared);
      pending = { rule, line: read.line };
      made = { record: rule, line: read.line };
    } else pending = { rule: buildRule(unit, span, table, 0, shared), line: read.line };
  };
  // packed: a line read before (on another node) makes its record again without being read
  const known = options.pack === true ? shared.lines : null;
  /** The record of a line read before, made again for this line. */
  const remade = (line: KnownLine, lineText: string, start: number, number: number, inTable: string): void => {
    const { from, length } = line;
    const spanText = from === 0 && length === lineText.length ? lineText : lineText.slice(from, from + length);
    if (line.record instanceof PackedRule) {
      pending = { rule: line.record.at(inTable, spanText, start + from, number, from + 1), line: number };
      return;
    }
    const chain = line.record;
    emit({
      type: 'chain', table: inTable, chain: chain.chain, builtin: chain.builtin, policy: chain.policy, counters: chain.counters, references: chain.references,
      span: { line: number, column: from + 1, offset: start + from, length, text: spanText },
    });
  };
  const readDiagnostics: Diagnostic[] = [];
  const reader = options.reader ?? iptablesSaveReader();
  const transient = { transient: true };
  try {
    forEachLine(text, (lineText, start, line) => {
      if (lineText.length === 0) return;
      const seen = known !== null && table !== null ? known.get(lineText) : undefined;
      if (seen !== undefined) {
        if (pending) settle(undefined);
        remade(seen, lineText, start, line, table as string);
        return;
      }
      const before = readDiagnostics.length;
      const units = reader.readLineText(text, lineText, start, line, readDiagnostics, transient);
      for (const unit of units) visit(unit);
      // a line that made one record and nothing else, said nothing, and is made again exactly by remade()
      if (known !== null && units.length === 1 && readDiagnostics.length === before && made?.line === line) {
        const record = made.record;
        const span = record.span;
        const from = span.offset - start;
        if (span.length === span.text.length && span.column === from + 1 && span.line === line) {
          // from now on held by the records of every line that reads alike
          if (record.counters !== null) Object.freeze(record.counters);
          known.set(lineText, { record, from, length: span.length });
        }
      }
    });
  } finally {
    reader.releaseLive();
  }
  if (pending) settle(undefined);
  const diagnostics = [...readDiagnostics, ...parseDiagnostics];
  diagnostics.sort((a, b) => a.span.offset - b.span.offset);
  return { format: 'iptables-save', records, diagnostics };
}
