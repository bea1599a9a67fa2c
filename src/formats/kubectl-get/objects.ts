// kubectl get -o json and -o yaml: a List of objects or one object (kubectl's printers in
// k8s.io/cli-runtime/pkg/printers json.go, yaml.go), each Node, Pod, Service, Endpoints and
// EndpointSlice read into a record whose span is the object's text. YAML is read with eemeli's yaml.
import { parseAllDocuments, isMap, isSeq, type Document } from 'yaml';
import { cutDeepYaml } from './yaml-depth';
import { SourceText, type Diagnostic, type Span } from '../../core';
import { isAnnotation } from '../engine/unit-reader';
import { readApiObject, apiKindOf, OBJECT_KINDS } from '../shared/kubernetes/api';
import type { KubernetesObject } from '../shared/kubernetes/schema';
import { scanJsonValues } from '../shared/kubernetes/json-values';

export interface ObjectsRead {
  records: KubernetesObject[];
  diagnostics: Diagnostic[];
}

/** How kubectl get's output is laid out, from its first non-blank character or line. */
export function outputKind(text: string): 'json' | 'yaml' | 'table' {
  const first = /\S/.exec(text);
  if (!first) return 'table';
  // also after a remark or prompt left on the first line of a flattened paste
  if (first[0] === '{' || /^[^\n{]{0,200}\{\s*"(?:apiVersion|addressType|kind)"\s*:/.test(text.slice(first.index, first.index + 300))) return 'json';
  const line = text.slice(first.index, first.index + 200).split('\n', 1)[0] ?? '';
  // kubectl -o yaml sorts keys: apiVersion first (addressType for an EndpointSlice); hand-cut pastes start with kind, items or ---
  if (/^(?:apiVersion|kind|items|addressType):(?:\s|$)/.test(line) || /^---\s*$/.test(line)) return 'yaml';
  return 'table';
}

/** The record of one object, or the diagnostic saying why there is none. */
function readOne(value: unknown, span: Span, out: ObjectsRead, code: 'invalid-json' | 'invalid-value'): void {
  const reading = readApiObject(value, span);
  if ('record' in reading) out.records.push(reading.record);
  else if ('error' in reading) out.diagnostics.push({ code, severity: 'error', message: reading.error, span, expected: [...OBJECT_KINDS] });
  else {
    out.diagnostics.push({
      code: 'unexpected-text', severity: 'info', span, expected: [...OBJECT_KINDS],
      message: `A ${reading.skipped} object: netsift reads ${OBJECT_KINDS.join(', ')} objects; it was set aside.`,
    });
  }
}

/** A List (kind "List", "NodeList"…, or any object with an items array) holds its objects in items. */
function listItems(value: unknown): unknown[] | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  const items = (value as { items?: unknown }).items;
  const kind = apiKindOf(value);
  return Array.isArray(items) && (kind === null || kind.endsWith('List')) ? items : null;
}

/** Text between JSON values: a remark, or text that is no output of kubectl. */
function gapDiagnostic(span: Span): Diagnostic {
  return isAnnotation(span.text)
    ? { code: 'annotation', severity: 'info', message: 'A remark mixed into the output was set aside.', span }
    : { code: 'unexpected-text', severity: 'warning', message: 'Text outside the JSON objects was not read.', span, expected: ['a JSON object'] };
}

/** Reads kubectl get -o json output, one value or several pasted after each other, flattened or not. */
export function readJsonObjects(text: string): ObjectsRead {
  const source = new SourceText(text);
  const out: ObjectsRead = { records: [], diagnostics: [] };
  const scan = scanJsonValues(text, 'items');
  for (const [start, end] of scan.gaps) out.diagnostics.push(gapDiagnostic(source.spanBetween(start, end)));
  for (const range of scan.values) {
    const span = source.spanBetween(range.start, range.end);
    let value: unknown;
    try {
      value = JSON.parse(span.text);
    } catch (error) {
      out.diagnostics.push({
        code: 'invalid-json', severity: 'error', span, expected: ['a JSON object'],
        message: `Not JSON (${error instanceof Error ? error.message : String(error)}); the object was not read.`,
      });
      continue;
    }
    const items = listItems(value);
    if (items === null) {
      readOne(value, span, out, 'invalid-json');
      continue;
    }
    // the scan found each object element of items; anything else in items has no span of its own
    const aligned = range.items !== null && range.items.length === items.length;
    items.forEach((item, index) => {
      const at = aligned ? (range.items?.[index] as [number, number]) : null;
      readOne(item, at ? source.spanBetween(at[0], at[1]) : span, out, 'invalid-json');
    });
  }
  return out;
}

/** [start, end) of a YAML node's own text, trailing blanks left out. */
function nodeRange(text: string, range: readonly [number, number, number] | null | undefined, fallback: [number, number]): [number, number] {
  if (!range) return fallback;
  let end = Math.min(range[1], text.length);
  while (end > range[0] && /\s/.test(text[end - 1] as string)) end--;
  return [range[0], end];
}

function yamlDocument(text: string, source: SourceText, doc: Document.Parsed, out: ObjectsRead): void {
  const docRange = nodeRange(text, doc.range, [0, text.length]);
  const docSpan = source.spanBetween(...docRange);
  if (doc.errors.length > 0) {
    const first = doc.errors[0];
    out.diagnostics.push({
      code: 'unexpected-token', severity: 'error', span: docSpan, expected: ['YAML'],
      message: `Not YAML (${(first?.message ?? 'invalid').split('\n', 1)[0]}); the document was not read.`,
    });
    return;
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    out.diagnostics.push({
      code: 'invalid-value', severity: 'error', span: docSpan, expected: ['YAML'],
      message: `The YAML document could not be read (${error instanceof Error ? error.message : String(error)}).`,
    });
    return;
  }
  if (value === null || value === undefined) return;
  const items = listItems(value);
  const contents = doc.contents;
  if (items === null) {
    readOne(value, source.spanBetween(...nodeRange(text, contents?.range, docRange)), out, 'invalid-value');
    return;
  }
  const seq = isMap(contents) ? contents.get('items', true) : null;
  const nodes = isSeq(seq) ? seq.items : [];
  items.forEach((item, index) => {
    const node = nodes[index] as { range?: [number, number, number] } | undefined;
    readOne(item, source.spanBetween(...nodeRange(text, node?.range, docRange)), out, 'invalid-value');
  });
}

/** Reads kubectl get -o yaml output: a List or objects, several documents split by "---". */
export function readYamlObjects(text: string): ObjectsRead {
  const source = new SourceText(text);
  const out: ObjectsRead = { records: [], diagnostics: [] };
  // what lies deeper than MAX_YAML_DEPTH is blanked out first: yaml reads the rest
  const cut = cutDeepYaml(text, source);
  out.diagnostics.push(...cut.diagnostics);
  let docs: ReturnType<typeof parseAllDocuments>;
  try {
    docs = parseAllDocuments(cut.text, { uniqueKeys: false });
  } catch (error) {
    const span = source.spanBetween(0, text.length);
    out.diagnostics.push({ code: 'unexpected-token', severity: 'error', span, message: `Not YAML (${String(error)}).`, expected: ['YAML'] });
    return out;
  }
  // parseAllDocuments gives an EmptyStream (an array, not a document list) for text without documents
  for (const doc of docs as Document.Parsed[]) yamlDocument(cut.text, source, doc, out);
  return out;
}
