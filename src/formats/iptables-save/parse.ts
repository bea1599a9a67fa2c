// Reads iptables-save and iptables-save -c output (legacy and nf_tables), several tables, also
// flattened into one line. "*table" opens a table and COMMIT closes it; every chain and rule
// carries the table it is in, and rules count their position per table and chain.
import type { Diagnostic } from '../../core';
import type { Parsed } from '../format';
import { readUnits } from '../engine/read-units';
import { defineReader, type UnitReader } from '../engine/unit-reader';
import { buildRule, RulePositions } from '../shared/iptables/rule';
import grammar from './grammar.gen';
import { lexer, describeToken } from './lexer';
import { buildChain, buildMeta, type IptablesSaveUnit } from './build';
import type { IptablesRecord } from './schema';

/** The shared reader (its caches are kept across calls); `{ cache: false }` for property tests. */
export const iptablesSaveReader = defineReader<IptablesSaveUnit>({ lexer, grammar, describe: describeToken });

function isCutByWarning(next: { unit: IptablesSaveUnit; line: number; startsLine: boolean } | undefined, line: number): boolean {
  return next !== undefined && next.line === line && next.unit.kind === 'meta' && next.unit.meta === 'warning';
}

/** Parses iptables-save output. Never throws. */
export function parseIptablesSave(text: string, options: { reader?: UnitReader<IptablesSaveUnit> } = {}): Parsed<IptablesRecord> {
  const records: IptablesRecord[] = [];
  const read = readUnits(options.reader ?? iptablesSaveReader(), text);
  const diagnostics: Diagnostic[] = [...read.diagnostics];
  const positions = new RulePositions();
  let table: string | null = null;
  let warnedNoTable = false;
  read.units.forEach(({ unit, span, line }, index) => {
    if (unit.kind === 'meta') {
      if (unit.meta === 'table') table = unit.token.text.slice(1);
      const record = buildMeta(unit, span, unit.meta === 'table' || unit.meta === 'commit' ? table : null);
      records.push(record);
      if (unit.meta === 'commit') table = null;
      return;
    }
    if (table === null && !warnedNoTable) {
      warnedNoTable = true;
      diagnostics.push({
        code: 'incomplete', severity: 'info',
        message: 'Chains or rules before any "*table" line (a fragment of iptables-save): their table is null.',
        span, expected: ['a table such as *nat'],
      });
    }
    if (unit.kind === 'chain') records.push(buildChain(unit, span, table));
    else if (isCutByWarning(read.units[index + 1], line)) {
      // iptables-save 2>&1: the warning went to stderr while this line sat in stdout's buffer; the
      // rest of the line follows the warning, on the next line, and is reported there
      diagnostics.push({
        code: 'incomplete', severity: 'error',
        message: 'A rule cut short by a warning printed into it (stderr merged into stdout); it was not read.',
        span, expected: ['the rest of the rule'],
      });
    } else records.push(buildRule(unit, span, table, positions.next(table, unit.chain.text)));
  });
  diagnostics.sort((a, b) => a.span.offset - b.span.offset);
  return { format: 'iptables-save', records, diagnostics };
}
