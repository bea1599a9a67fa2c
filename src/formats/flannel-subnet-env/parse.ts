// Reads /run/flannel/subnet.env (also flattened onto one line); one record per variable.
import type { Diagnostic } from '../../core';
import type { Parsed } from '../format';
import { readUnits } from '../engine/read-units';
import { UnitReader } from '../engine/unit-reader';
import grammar from './grammar.gen';
import { lexer, describeToken } from './lexer';
import { buildVariable, type FlannelSubnetEnvUnit } from './build';
import type { FlannelSubnetEnvEntry } from './schema';

let reader: UnitReader<FlannelSubnetEnvUnit> | undefined;

/** The shared reader (its shape cache is kept across calls); `cache: false` for property tests. */
export function flannelSubnetEnvReader(options: { cache?: boolean } = {}): UnitReader<FlannelSubnetEnvUnit> {
  if (options.cache === false) return new UnitReader<FlannelSubnetEnvUnit>({ lexer, grammar, describe: describeToken, cache: false });
  reader ??= new UnitReader<FlannelSubnetEnvUnit>({ lexer, grammar, describe: describeToken });
  return reader;
}

/** Parses /run/flannel/subnet.env. Never throws. */
export function parseFlannelSubnetEnv(text: string, options: { reader?: UnitReader<FlannelSubnetEnvUnit> } = {}): Parsed<FlannelSubnetEnvEntry> {
  const records: FlannelSubnetEnvEntry[] = [];
  const read = readUnits(options.reader ?? flannelSubnetEnvReader(), text);
  const diagnostics: Diagnostic[] = [...read.diagnostics];
  for (const { unit, span } of read.units) {
    const built = buildVariable(unit, span);
    records.push(built.record);
    diagnostics.push(...built.diagnostics);
  }
  diagnostics.sort((a, b) => a.span.offset - b.span.offset);
  return { format: 'flannel-subnet-env', records, diagnostics };
}
