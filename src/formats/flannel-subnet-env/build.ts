// Types subnet.env values by variable name: the names flanneld writes and what each holds.
import type { Token } from '../engine/lex';
// core/ip, not the core index: the index also holds the zod schemas, which `netsift parse flannel-subnet-env` need not load
import { isIPv4, isIPv6 } from '../../core/ip';
import type { Diagnostic, Span } from '../../core';
import type { FlannelSubnetEnvEntry } from './schema';

export interface FlannelSubnetEnvUnit { kind: 'variable'; name: Token; eq: Token; value: Token | null; [key: string]: unknown }

const KINDS = new Map<string, 'cidr' | 'number' | 'boolean'>([
  ['FLANNEL_NETWORK', 'cidr'], ['FLANNEL_SUBNET', 'cidr'], ['FLANNEL_IPV6_NETWORK', 'cidr'], ['FLANNEL_IPV6_SUBNET', 'cidr'],
  ['FLANNEL_MTU', 'number'], ['FLANNEL_IPMASQ', 'boolean'],
]);

function readCidr(text: string): { address: string; prefixLength: number } | null {
  const slash = text.lastIndexOf('/');
  const address = text.slice(0, slash);
  const prefixLength = Number.parseInt(text.slice(slash + 1), 10);
  if (isIPv4(address) && prefixLength <= 32) return { address, prefixLength };
  if (isIPv6(address) && prefixLength <= 128) return { address, prefixLength };
  return null;
}

export function buildVariable(unit: FlannelSubnetEnvUnit, span: Span): { record: FlannelSubnetEnvEntry; diagnostics: Diagnostic[] } {
  const name = unit.name.text;
  const text = unit.value?.text ?? '';
  const kind = KINDS.get(name);
  if (kind === 'cidr' && unit.value?.type === 'cidr') {
    const cidr = readCidr(text);
    if (cidr) return { record: { type: 'cidr', name, value: text, ...cidr, span }, diagnostics: [] };
  }
  if (kind === 'number' && unit.value?.type === 'int') return { record: { type: 'number', name, value: Number.parseInt(text, 10), span }, diagnostics: [] };
  if (kind === 'boolean' && unit.value?.type === 'bool') return { record: { type: 'boolean', name, value: text === 'true', span }, diagnostics: [] };
  const diagnostics: Diagnostic[] = [];
  if (kind) {
    const expected = kind === 'cidr' ? 'a prefix such as 10.244.0.0/16' : kind === 'number' ? 'a number' : 'true or false';
    diagnostics.push({
      code: 'invalid-value', severity: 'warning', message: `${name} should hold ${expected}; its value was kept as text.`,
      span: unit.value ? { line: unit.value.line, column: unit.value.col, offset: unit.value.offset, length: text.length, text } : span, expected: [expected],
    });
  }
  return { record: { type: 'text', name, value: text, span }, diagnostics };
}
