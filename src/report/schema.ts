// The JSON report: a stable, documented contract (docs/report.md holds its JSON Schema).
import { z } from 'zod';
import { Diagnostic, Origin, SectionFailure, Span } from '../core';
import { Finding } from '../analyze/finding';
import { Trace } from '../analyze/trace';

export const ReportSection = z
  .object({
    command: z.string().nullable(),
    format: z.string().nullable(),
    origin: Origin,
    span: Span,
    partial: z.boolean(),
    failure: SectionFailure.optional().meta({ description: 'the command printed an error instead of its listing: nothing is read from it' }),
    snapshot: z.int().positive(),
    records: z.array(z.unknown()).meta({ description: 'what the format\'s parser read (its record schema: docs/formats/<format>.md)' }),
  })
  .meta({ id: 'report/section', title: 'One command output of a host, with its records' });

export const ReportDiagnostic = Diagnostic.extend({
  host: z.string().nullable(),
  origin: Origin.nullable(),
}).meta({ id: 'report/diagnostic', title: 'A problem reading the input, or a rule that failed' });

export const ReportUnattributed = z
  .object({
    command: z.string().nullable(),
    format: z.string(),
    origin: Origin,
    span: Span,
    reason: z.string().meta({ description: 'why no host could be named' }),
  })
  .meta({ id: 'report/unattributed', title: 'A command output no host was named for: read, not diagnosed' });

export const Report = z
  .object({
    netsift: z.string().meta({ description: 'the version that wrote the report' }),
    hosts: z.array(z.object({ name: z.string(), sections: z.array(ReportSection) })),
    cluster: z.array(ReportSection).meta({ description: 'outputs about the whole cluster (kubectl get, etcdctl get, a ConfigMap): evidence from them has host null' }),
    unattributed: z.array(ReportUnattributed).meta({ description: 'outputs with a format whose host the input does not name: no rule looks at them' }),
    findings: z.array(Finding).meta({ description: 'root causes first, by how much they explain; then symptoms, residue, observations' }),
    traces: z.array(Trace),
    diagnostics: z.array(ReportDiagnostic),
  })
  .meta({ id: 'report', title: 'What netsift diagnose found' });
export type Report = z.infer<typeof Report>;
