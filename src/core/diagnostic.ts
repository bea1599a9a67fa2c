// Diagnostics, not exceptions: what a parser could not read, where, and what it expected.
import { z } from 'zod';
import { Span } from './span';

export const DiagnosticCode = z
  .enum([
    'unexpected-token', // a line or part of one that no grammar rule accepts
    'unexpected-text', // text between records that is not output of the tool (prose, prompts)
    'annotation', // a remark mixed into the output: "###…", "----…", "【…】"
    'ambiguous', // more than one reading: from a grammar, a grammar bug; from the input itself, a note of which reading was taken (nft-ruleset: a flattened paste where only -a's handles would tell where a rule ends)
    'incomplete', // a record cut short (truncated paste, missing lines)
    'invalid-value', // a token of the right shape with an impossible value (999.1.1.1, mask 255.0.255.0)
    'non-contiguous-mask', // a netmask whose one bits are not contiguous
    'invalid-json', // ip -j output that is not JSON or not of the expected shape
    'unknown-format', // parse() was given a format id it does not know
    'unknown-section',
    'line-too-long', // a line longer than a parser reads (MAX_LINE_LENGTH, 6,000,000 characters): not read, the next line is
    'internal', // our own invariant broke; the rest of the input is still read
  ])
  .meta({ id: 'diagnostic-code', title: 'What kind of problem a diagnostic reports' });
export type DiagnosticCode = z.infer<typeof DiagnosticCode>;

export const Severity = z.enum(['error', 'warning', 'info']);
export type Severity = z.infer<typeof Severity>;

export const Diagnostic = z
  .object({
    code: DiagnosticCode,
    severity: Severity,
    message: z.string().meta({ description: 'one sentence that names what was expected' }),
    span: Span,
    expected: z.array(z.string()).readonly().optional(),
  })
  .meta({ id: 'diagnostic', title: 'A problem found in the input' });
export type Diagnostic = z.infer<typeof Diagnostic>;

/** Our own invariant broke; never reached by any input. */
export function unreachable(value: never): never {
  throw new Error(`unreachable: ${String(value)}`);
}
