// Reads /run/flannel/subnet.env (also flattened onto one line); one record per variable.
import type { Diagnostic } from '../../core';
import { append } from '../../core/append';
import type { Parsed } from '../format';
import { readUnits } from '../engine/read-units';
import { defineReader, type UnitReader } from '../engine/unit-reader';
import grammar from './grammar.gen';
import { lexer, describeToken } from './lexer';
import { buildVariable, type FlannelSubnetEnvUnit } from './build';
import type { FlannelSubnetEnvEntry } from './schema';

/** The shared reader (its caches are kept across calls); `{ cache: false }` for property tests. */
export const flannelSubnetEnvReader = defineReader<FlannelSubnetEnvUnit>({ lexer, grammar, describe: describeToken });

/** Parses /run/flannel/subnet.env. Never throws. */
export function parseFlannelSubnetEnv(text: string, options: { reader?: UnitReader<FlannelSubnetEnvUnit> } = {}): Parsed<FlannelSubnetEnvEntry> {
  const records: FlannelSubnetEnvEntry[] = [];
  const read = readUnits(options.reader ?? flannelSubnetEnvReader(), text);
  const diagnostics: Diagnostic[] = [...read.diagnostics];
  for (const { unit, span } of read.units) {
    const built = buildVariable(unit, span);
    records.push(built.record);
    append(diagnostics, built.diagnostics);
  }
  diagnostics.sort((a, b) => a.span.offset - b.span.offset);
  return { format: 'flannel-subnet-env', records, diagnostics };
}
