// Reads iptables-save and iptables-save -c output (legacy and nf_tables), several tables, also
// flattened into one line. "*table" opens a table and COMMIT closes it; every chain and rule
// carries the table it is in, and rules count their position per table and chain.
import type { Diagnostic } from '../../core';
import type { Parsed } from '../format';
import { forEachLine } from '../engine/read-units';
import { defineReader, type ReadUnit, type UnitReader } from '../engine/unit-reader';
import { buildPackedRule, buildRule, RulePositions, SharedRuleParts, STREAMED_PARTS } from '../shared/iptables/rule';
import { PackedChain, PackedRule, readsInPlace } from '../shared/iptables/packed';
import grammar from './grammar.gen';
import { lexer, describeToken, skeleton } from './lexer';
import { buildChain, buildMeta, type IptablesSaveUnit } from './build';
import type { IptablesChain, IptablesRecord, IptablesRule } from './schema';

/** A chain declaration packed (its shape frozen, its counters too), or null where its span's text is not the input's at its offset. */
function packChain(chain: IptablesChain, input: string): PackedChain | null {
  const { span } = chain;
  if (!readsInPlace(span, input)) return null;
  if (chain.counters !== null) Object.freeze(chain.counters);
  const shape = Object.freeze({ chain: chain.chain, builtin: chain.builtin, policy: chain.policy, counters: chain.counters, references: chain.references, length: span.length });
  return new PackedChain(chain.table, shape, input, span.offset, span.line, span.column);
}

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
  const shared = options.shared ?? new SharedRuleParts(options.sink ? { maxParts: STREAMED_PARTS } : {});
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
  const pack = options.pack === true;
  // the packed record the line last read made (its only one, if nothing else was read on it)
  let made: { record: PackedRule | PackedChain; line: number } | undefined;
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
    // packed: what is before any "*table" line stays a record (the model gives it its table by copying it)
    if (unit.kind === 'chain') {
      const chain = buildChain(unit, span, table);
      // its rules will hold this very string (SharedRuleParts.chainName)
      chain.chain = shared.chainName(chain.chain);
      const packed = pack && table !== null ? packChain(chain, text) : null;
      emit(packed ?? chain);
      if (packed) made = { record: packed, line: read.line };
      return;
    }
    const packed = pack && table !== null ? buildPackedRule(unit, span, table, 0, shared, text) : null;
    pending = { rule: packed ?? buildRule(unit, span, table, 0, shared), line: read.line };
    if (packed) made = { record: packed, line: read.line };
  };
  // packed: a line read before (on another node) makes its record again without being read
  const known = pack ? shared.lines : null;
  const readDiagnostics: Diagnostic[] = [];
  const reader = options.reader ?? iptablesSaveReader();
  const transient = { transient: true };
  try {
    forEachLine(text, (lineText, start, line) => {
      if (lineText.length === 0) return;
      const seen = known !== null && table !== null ? known.find(lineText) : undefined;
      if (seen !== undefined) {
        if (pending) settle(undefined);
        const offset = start + seen.from;
        if (seen.kind === 'rule') pending = { rule: new PackedRule(table, seen.shape, 0, text, offset, line, seen.from + 1), line };
        else emit(new PackedChain(table, seen.shape, text, offset, line, seen.from + 1));
        return;
      }
      const before = readDiagnostics.length;
      const units = reader.readLineText(text, lineText, start, line, readDiagnostics, transient);
      for (const unit of units) visit(unit);
      // a line that made one packed record and nothing else, and said nothing: made again from its shape
      if (known !== null && units.length === 1 && readDiagnostics.length === before && made?.line === line) {
        const record = made.record;
        const span = record.span;
        const from = span.offset - start;
        if (span.column !== from + 1) return;
        known.keep(lineText, record instanceof PackedRule ? { kind: 'rule', shape: record.shape, from } : { kind: 'chain', shape: record.shape, from });
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
