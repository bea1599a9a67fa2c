// Turns grammar units of kubectl get into typed records: "<none>" as null, ports and endpoint
// lists split, the namespace from the NAMESPACE column or from the command's -n.
import type { Token } from '../engine/lex';
import type { Diagnostic, Span } from '../../core';
import type { KubectlTable } from './headers';
import type { KubectlEndpoints, KubectlGetRow, KubectlRow, KubectlNode, KubectlPod, KubectlService, KubectlServicePort } from './schema';

export type KubectlUnit =
  | { kind: 'header'; table: KubectlTable | 'other'; header: Token }
  | {
      kind: 'service'; names: Token[]; type: Token; clusterIP: Token; externalIP: Token; ports: Token; age: Token;
      selector: Token | null;
    }
  | {
      kind: 'pod'; names: Token[]; ready: Token; status: Token; restarts: Token[]; age: Token;
      wide: { ip: Token; node: Token; nominatedNode: Token; readinessGates: Token | null } | null;
    }
  | {
      kind: 'node'; name: Token; status: Token; roles: Token; age: Token; version: Token;
      wide: { internalIP: Token; externalIP: Token; osImage: Token[]; kernelVersion: Token; containerRuntime: Token } | null;
    }
  | { kind: 'endpoints'; names: Token[]; endpoints: Token[]; age: Token };

export type RowUnit = Exclude<KubectlUnit, { kind: 'header' }>;
export type Built = { record: KubectlGetRow | null; diagnostics: Diagnostic[] };

export function tokenSpan(token: Token): Span {
  return { line: token.line, column: token.col, offset: token.offset, length: token.text.length, text: token.text };
}

/** "<none>" (and "<pending>", "<unknown>"…): kubectl's way of printing no value. */
const orNull = (token: Token): string | null => (token.text === '<none>' ? null : token.text);

/** One cell made of several tokens, with the blanks between them as printed: "3 (5m ago)", "Ubuntu 22.04.3 LTS". */
function cellText(tokens: readonly Token[], span: Span): string {
  const first = tokens[0] as Token;
  const last = tokens[tokens.length - 1] as Token;
  return span.text.slice(first.offset - span.offset, last.offset + last.text.length - span.offset);
}

function invalid(token: Token, what: string): Diagnostic {
  return { code: 'invalid-value', severity: 'error', message: `Expected ${what}; the row was not read.`, span: tokenSpan(token), expected: [what] };
}

function parsePorts(token: Token): KubectlServicePort[] | null {
  if (token.type === 'angle') return [];
  const ports: KubectlServicePort[] = [];
  for (const item of token.text.split(',')) {
    const [numbers = '', protocol = ''] = item.split('/');
    const [port = '', nodePort] = numbers.split(':');
    const value = Number.parseInt(port, 10);
    const node = nodePort === undefined ? null : Number.parseInt(nodePort, 10);
    if (value > 65535 || (node !== null && node > 65535)) return null;
    ports.push({ port: value, nodePort: node, protocol: protocol as KubectlServicePort['protocol'] });
  }
  return ports;
}

function namesOf(names: readonly Token[], namespace: string | null): { namespace: string | null; name: string } {
  return names.length === 2
    ? { namespace: (names[0] as Token).text, name: (names[1] as Token).text }
    : { namespace, name: (names[0] as Token).text };
}

function service(unit: Extract<RowUnit, { kind: 'service' }>, namespace: string | null, span: Span): Built {
  const ports = parsePorts(unit.ports);
  if (!ports) return { record: null, diagnostics: [invalid(unit.ports, 'ports between 0 and 65535')] };
  const cells = [...unit.names, unit.type, unit.clusterIP, unit.externalIP, unit.ports, unit.age].map((t) => t.text);
  const fields: Omit<KubectlService, 'cells' | 'span'> = {
    kind: 'service', ...namesOf(unit.names, namespace), type: unit.type.text as KubectlService['type'],
    clusterIP: orNull(unit.clusterIP), externalIP: orNull(unit.externalIP), ports, age: unit.age.text,
  };
  if (unit.selector) {
    fields.selector = orNull(unit.selector);
    cells.push(unit.selector.text);
  }
  return { record: { ...fields, cells, span }, diagnostics: [] };
}

function pod(unit: Extract<RowUnit, { kind: 'pod' }>, namespace: string | null, span: Span): Built {
  const restarts = cellText(unit.restarts, span);
  const cells = [...unit.names.map((t) => t.text), unit.ready.text, unit.status.text, restarts, unit.age.text];
  const record: KubectlPod = {
    kind: 'pod', ...namesOf(unit.names, namespace), ready: unit.ready.text, status: unit.status.text, restarts,
    age: unit.age.text, cells, span,
  };
  if (unit.wide) {
    const { ip, node, nominatedNode, readinessGates } = unit.wide;
    Object.assign(record, { ip: orNull(ip), node: orNull(node), nominatedNode: orNull(nominatedNode) });
    cells.push(ip.text, node.text, nominatedNode.text);
    if (readinessGates) {
      record.readinessGates = orNull(readinessGates);
      cells.push(readinessGates.text);
    }
  }
  // cells last, so that keys keep one order whatever the columns
  const { cells: _cells, span: _span, ...fields } = record;
  return { record: { ...fields, cells, span }, diagnostics: [] };
}

function node(unit: Extract<RowUnit, { kind: 'node' }>, span: Span): Built {
  const cells = [unit.name, unit.status, unit.roles, unit.age, unit.version].map((t) => t.text);
  let record: KubectlNode = {
    kind: 'node', name: unit.name.text, status: unit.status.text, roles: orNull(unit.roles), age: unit.age.text,
    version: unit.version.text, cells, span,
  };
  if (unit.wide) {
    const { internalIP, externalIP, osImage, kernelVersion, containerRuntime } = unit.wide;
    const image = cellText(osImage, span);
    cells.push(internalIP.text, externalIP.text, image, kernelVersion.text, containerRuntime.text);
    const { cells: _cells, span: _span, ...fields } = record;
    record = {
      ...fields, internalIP: orNull(internalIP), externalIP: orNull(externalIP), osImage: image,
      kernelVersion: kernelVersion.text, containerRuntime: containerRuntime.text, cells, span,
    };
  }
  return { record, diagnostics: [] };
}

function endpoints(unit: Extract<RowUnit, { kind: 'endpoints' }>, namespace: string | null, span: Span): Built {
  const [list, more] = unit.endpoints as [Token, Token | undefined];
  const record: KubectlEndpoints = {
    kind: 'endpoints', ...namesOf(unit.names, namespace),
    addresses: list.type === 'angle' ? [] : list.text.split(','),
    more: more ? Number.parseInt(more.text.slice(2), 10) : 0,
    age: unit.age.text,
    cells: [...unit.names.map((t) => t.text), cellText(unit.endpoints, span), unit.age.text],
    span,
  };
  return { record, diagnostics: [] };
}

/** The record of one row; `namespace` is the command's -n for tables without a NAMESPACE column. */
export function buildRow(unit: RowUnit, namespace: string | null, span: Span): Built {
  switch (unit.kind) {
    case 'service': return service(unit, namespace, span);
    case 'pod': return pod(unit, namespace, span);
    case 'node': return node(unit, span);
    case 'endpoints': return endpoints(unit, namespace, span);
  }
}

/** Column names and where each starts: kubectl's tabwriter puts three or more blanks between columns, one inside a name ("ACCESS MODES"). */
export function headerColumns(line: string): { name: string; start: number }[] {
  const columns: { name: string; start: number }[] = [];
  for (const match of line.matchAll(/[^ \t]+(?: [^ \t]+)*/g)) columns.push({ name: match[0], start: match.index });
  return columns;
}

/** A row of a table this format has no schema for, cut at the header's column starts. */
export function buildOtherRow(columns: readonly { name: string; start: number }[], line: string, namespace: string | null, span: Span): KubectlRow {
  const cells = columns.map((column, i) => line.slice(column.start, columns[i + 1]?.start ?? line.length).trim());
  const names = columns.map((column) => column.name);
  const at = (column: string): string | null => {
    const index = names.indexOf(column);
    return index === -1 ? null : (cells[index] ?? null);
  };
  return { kind: 'row', namespace: at('NAMESPACE') ?? namespace, name: at('NAME') ?? '', columns: names, cells, span };
}
