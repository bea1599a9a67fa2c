// The generated part of docs/report.md: the JSON Schema of `netsift diagnose --format json` and of
// `netsift trace --format json`, from their zod schemas.
import { z } from 'zod';
import { Trace } from '../src/analyze/trace';
import { Report } from '../src/report/schema';
import { END, START } from './format-docs';

export function reportSchemaBlock(): string {
  // records are each format's own (docs/formats/<id>.md); the report schema keeps them open
  const schemas = { report: z.toJSONSchema(Report, { unrepresentable: 'any' }), trace: z.toJSONSchema(Trace, { unrepresentable: 'any' }) };
  return `${START}\n\`\`\`json\n${JSON.stringify(schemas, null, 2)}\n\`\`\`\n${END}`;
}

export function withReportSchema(page: string): string {
  const start = page.indexOf(START);
  const end = page.indexOf(END);
  if (start !== -1 && end > start) return page.slice(0, start) + reportSchemaBlock() + page.slice(end + END.length);
  return `${page.trimEnd()}\n\n## JSON Schema\n\n${reportSchemaBlock()}\n`;
}
