// What ingest produces from a paste, a directory or sos reports: hosts with their sections (one
// command's output each, with its format), cluster facts, and everything it could not attribute.
// Every later stage (parse, model, analyze) starts from a Bundle.
import { z } from 'zod';
import { Diagnostic } from './diagnostic';
import { Span } from './span';

/** Where a section's text came from. */
export const Origin = z
  .discriminatedUnion('kind', [
    z.object({
      kind: z.literal('paste'),
      input: z.string().meta({ description: 'the name of the pasted input ("paste", a file name)' }),
    }),
    z.object({
      kind: z.literal('file'),
      path: z.string().meta({ description: 'the file, relative to the directory or report it was read from' }),
      report: z.string().nullable().meta({ description: 'the sos report (directory or tarball name) it belongs to' }),
    }),
  ])
  .meta({ id: 'ingest/origin', title: 'Where a section came from' });
export type Origin = z.infer<typeof Origin>;

/** The error a command printed instead of its listing. */
export const SectionFailure = z
  .object({
    kind: z.enum(['not-installed', 'no-device', 'no-chain', 'no-file', 'denied', 'error']).meta({
      description: 'not-installed: the shell found no such program; no-device / no-chain / no-file: what the command was to list does not exist; denied: not run as root; error: any other error of the tool',
    }),
    subject: z.string().nullable().meta({ description: 'what the message names: the program, device, chain or file ("flannel.1")' }),
    text: z.string().meta({ description: 'the message as printed, with the lines that go on with it' }),
    span: Span,
  })
  .meta({ id: 'ingest/section-failure', title: 'A command that printed an error instead of its listing' });
export type SectionFailure = z.infer<typeof SectionFailure>;

/** The failure's first line: its message, without the lines that go on with it (hints, nft's echo). */
export function failureMessage(failure: SectionFailure): string {
  const end = failure.text.indexOf('\n');
  return (end === -1 ? failure.text : failure.text.slice(0, end)).trimEnd();
}

export const Section = z
  .object({
    command: z.string().nullable().meta({ description: 'the command as typed or as the sos file names it; null when the format was sniffed' }),
    format: z.string().nullable().meta({ description: 'the format id the text is read with; null when no format fits' }),
    origin: Origin,
    span: Span.meta({ description: 'the output (without the prompt and command) in its input' }),
    text: z.string().meta({ description: 'the output to parse, annotations included (the parsers report them)' }),
    partial: z.boolean().meta({ description: 'the output is not complete ("| grep", "| head", "...", elided rows): never read an absence into it' }),
    partialReason: z.string().optional(),
    snapshot: z.int().positive().meta({ description: '1 for the first time this host shows this command, 2 for the next, …' }),
    flattened: z.boolean().meta({ description: 'the line breaks of the output were lost in the paste' }),
    failure: SectionFailure.optional().meta({ description: 'the command printed an error ("Cannot find device \"flannel.1\"", "route: command not found") instead of its listing: the section is partial, never an empty table' }),
    options: z.record(z.string(), z.string()).optional().meta({ description: 'what the command tells the parser: { table: "nat" } for iptables -t nat -L, { dev: "flannel.1" } for ip neigh show dev flannel.1, { chain }; { filter: "nud reachable" } when selectors leave entries out (the listing then says nothing of absence)' }),
  })
  .meta({ id: 'ingest/section', title: "One command's output" });
export type Section = z.infer<typeof Section>;

export const Note = z
  .object({
    host: z.string().nullable(),
    text: z.string(),
    span: Span,
  })
  .meta({ id: 'ingest/note', title: 'Narration or an annotation set aside from the outputs' });
export type Note = z.infer<typeof Note>;

export const HostSections = z
  .object({
    name: z.string(),
    sections: z.array(Section).meta({ description: 'in input order: a host’s history' }),
  })
  .meta({ id: 'ingest/host', title: 'One host and its sections' });
export type HostSections = z.infer<typeof HostSections>;

export const Unattributed = z
  .object({
    section: Section,
    reason: z.string().meta({ description: 'why no host could be named ("bare # prompt, two hosts in the narration around it")' }),
  })
  .meta({ id: 'ingest/unattributed', title: 'A section whose host is not known' });
export type Unattributed = z.infer<typeof Unattributed>;

export const Bundle = z
  .object({
    hosts: z.array(HostSections),
    /** Sections about the cluster rather than one host (kubectl get …, etcdctl get …). */
    cluster: z.array(Section),
    unattributed: z.array(Unattributed),
    notes: z.array(Note),
    diagnostics: z.array(Diagnostic),
  })
  .meta({ id: 'ingest/bundle', title: 'Everything read from one or more inputs, by host' });
export type Bundle = z.infer<typeof Bundle>;
