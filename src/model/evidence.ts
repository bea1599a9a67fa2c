// Where every fact of the model came from: the host, the section (command, format, origin) and the
// span of its record in the input as given, so that a finding cites the exact lines that prove it.
import { z } from 'zod';
import { Origin, Span, type Section } from '../core';

export const Evidence = z
  .object({
    host: z.string().nullable().meta({ description: 'the host the section belongs to; null for cluster sections (kubectl, etcd)' }),
    origin: Origin,
    format: z.string().nullable(),
    command: z.string().nullable().meta({ description: 'the command whose output holds it, as typed or as sos names it' }),
    span: Span.meta({ description: 'in the input as given (line and column of the paste or file)' }),
    text: z.string().meta({ description: 'the exact input text of the span' }),
    absent: z.string().optional().meta({ description: 'what is missing from this section: the evidence is the listing that should hold it' }),
    inferred: z.boolean().optional().meta({ description: 'the fact rests on inference from other sections, not on this output itself' }),
  })
  .meta({ id: 'evidence', title: 'A line of evidence: the input text that shows (or should show) a fact' });
export type Evidence = z.infer<typeof Evidence>;

/** A parsed section: the ingest section, its host and what its format's parser read. */
export interface ParsedSection {
  host: string | null;
  section: Section;
  records: unknown[];
  /** Why the section was not parsed (buildModel's skipRedundant): another listing of the host holds the same. */
  skipped?: string;
}

/**
 * The span of a record (relative to its section's text) in the input as given. A flattened section
 * starts mid-line, so the column of its first line is offset by the section's own column.
 */
export function inputSpan(section: Section, span: Span): Span {
  // a section that is its whole input (a sos report's file): the record's span is already the input's
  // (shared, not copied: a node's services cite some 25,000 rules)
  if (section.span.offset === 0 && section.span.line === 1 && section.span.column === 1) return span;
  const first = span.line === 1;
  return {
    line: section.span.line + span.line - 1,
    column: first ? section.span.column + span.column - 1 : span.column,
    offset: section.span.offset + span.offset,
    length: span.length,
    text: span.text,
  };
}

/** Evidence for a record of a parsed section. */
export function cite(source: ParsedSection, span: Span, extra?: { inferred?: boolean }): Evidence {
  const evidence: Evidence = {
    host: source.host,
    origin: source.section.origin,
    format: source.section.format,
    command: source.section.command,
    span: inputSpan(source.section, span),
    text: span.text,
  };
  if (extra?.inferred) evidence.inferred = true;
  return evidence;
}

/** Evidence that a command printed an error instead of its listing: the message itself (its span is the input's). */
export function citeFailure(source: ParsedSection): Evidence | null {
  const failure = source.section.failure;
  if (!failure) return null;
  return { host: source.host, origin: source.section.origin, format: source.section.format, command: source.section.command, span: failure.span, text: failure.text };
}

/** Evidence that a listing lacks something: the whole section, with what should be in it. */
export function citeAbsence(source: ParsedSection, absent: string): Evidence {
  return {
    host: source.host,
    origin: source.section.origin,
    format: source.section.format,
    command: source.section.command,
    span: source.section.span,
    text: source.section.text,
    absent,
  };
}

/** The same evidence, marked as the ground of an inference. */
export function asInferred(evidence: Evidence): Evidence {
  return { ...evidence, inferred: true };
}
