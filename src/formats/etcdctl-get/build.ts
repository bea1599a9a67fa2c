// Records of etcd entries: a Node decoded exactly (protobuf or JSON value), or recovered from the
// strings its text still shows; a flannel lease from its JSON value (flannel pkg/subnet/etcd: the
// key names the subnet, the value is {"PublicIP", "BackendType", "BackendData": {"VtepMAC"}}).
import type { Token } from '../engine/lex';
import { isIPv4, parseIPv4Cidr, type Diagnostic, type Span } from '../../core';
import {
  FLANNEL_BACKEND_DATA, FLANNEL_BACKEND_TYPE, FLANNEL_PUBLIC_IP, FLANNEL_PUBLIC_IP_OVERWRITE, FLANNEL_SUBNET_MANAGER, flannelOf, stringMap,
} from '../shared/kubernetes/flannel';
import type { KubernetesNodeObject } from '../shared/kubernetes/schema';
import type { DecodedNode } from './protobuf';
import type { FlannelSubnetLease } from './schema';

export type EtcdctlUnit =
  | { kind: 'key'; key: Token }
  | { kind: 'annotation'; key: Token; gap: Token[]; value: Token | null }
  | { kind: 'address'; type: Token; gap: Token[]; address: Token }
  | { kind: 'cidr'; cidr: Token };

/** What an etcd key names. */
export type KeyKind = { kind: 'node'; name: string } | { kind: 'lease'; subnet: string | null } | { kind: 'config' } | { kind: 'other' };

export function classifyKey(key: string): KeyKind {
  const node = /^\/registry\/minions\/([^/\s]+)$/.exec(key);
  if (node) return { kind: 'node', name: node[1] as string };
  // flannel's network config, <etcd-prefix>/config (the prefix /coreos.com/network by default)
  if (/^\/(?:[\w.-]+\/)*network\/config$/.test(key)) return { kind: 'config' };
  const lease = /^\/(?:[\w.-]+\/)*network\/subnets\/([^/\s]+)$/.exec(key);
  if (lease) {
    // flannel writes the subnet with "-" for "/": 10.244.2.0-24
    const subnet = (lease[1] as string).replace(/-(\d{1,3})$/, '/$1');
    return { kind: 'lease', subnet: parseIPv4Cidr(subnet) || subnet.includes(':') ? subnet : null };
  }
  return { kind: 'other' };
}

export function nodeFromDecoded(node: DecodedNode, keyName: string, span: Span): KubernetesNodeObject {
  const annotations = stringMap(node.annotations);
  return {
    kind: 'node-object', name: node.name || keyName, podCIDRs: node.podCIDRs,
    internalIPs: node.addresses.filter((a) => a.type === 'InternalIP').map((a) => a.address),
    externalIPs: node.addresses.filter((a) => a.type === 'ExternalIP').map((a) => a.address),
    annotations, flannel: flannelOf(annotations), span,
  };
}

const isCidr = (text: string): boolean => parseIPv4Cidr(text) !== null;
const isJsonObject = (text: string): boolean => {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value);
  } catch {
    return false;
  }
};

/** Whether a value token is the value of this annotation: its shape is what flannel writes there. */
function accepts(key: string, value: Token): boolean {
  switch (key) {
    case FLANNEL_PUBLIC_IP:
    case FLANNEL_PUBLIC_IP_OVERWRITE: return value.type === 'ipv4' && isIPv4(value.text);
    case FLANNEL_BACKEND_DATA: return value.type === 'json' && isJsonObject(value.text);
    case FLANNEL_BACKEND_TYPE: return value.type === 'backendType';
    case FLANNEL_SUBNET_MANAGER: return value.type === 'bool';
    default:
      return (value.type === 'ipv4' && isIPv4(value.text)) || (value.type === 'cidr' && isCidr(value.text))
        || (value.type === 'json' && isJsonObject(value.text)) || value.type === 'bool';
  }
}

const spanOf = (token: Token): Span => ({ line: token.line, column: token.col, offset: token.offset, length: token.text.length, text: token.text });

/**
 * A Node recovered from the strings its printed protobuf value shows: an annotation key and the
 * value right after it when the value's shape bounds it, address types with their address, and
 * prefixes outside annotations (NodeSpec podCIDR, podCIDRs). What cannot be told is reported.
 */
export function recoverNode(name: string, units: readonly { unit: EtcdctlUnit; span: Span }[], span: Span): { record: KubernetesNodeObject; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const annotations: [string, string][] = [];
  const podCIDRs: string[] = [];
  const internalIPs: string[] = [];
  const externalIPs: string[] = [];
  const add = (list: string[], value: string): void => {
    if (!list.includes(value)) list.push(value);
  };
  for (const { unit, span: unitSpan } of units) {
    if (unit.kind === 'annotation') {
      const key = unit.key.text;
      if (unit.value && accepts(key, unit.value)) annotations.push([key, unit.value.text]);
      else {
        diagnostics.push({
          code: 'annotation', severity: 'info', span: unitSpan, expected: ['a value whose end its shape shows'],
          message: `The value of ${key} cannot be told apart from the protobuf bytes around it; it was not read.`,
        });
      }
    } else if (unit.kind === 'address') {
      if (!isIPv4(unit.address.text)) {
        diagnostics.push({ code: 'invalid-value', severity: 'warning', span: spanOf(unit.address), message: `${unit.address.text} is no IPv4 address; it was not read.`, expected: ['an IPv4 address'] });
      } else add(unit.type.text === 'InternalIP' ? internalIPs : externalIPs, unit.address.text);
    } else if (unit.kind === 'cidr') {
      if (isCidr(unit.cidr.text)) add(podCIDRs, unit.cidr.text);
      else diagnostics.push({ code: 'invalid-value', severity: 'warning', span: unitSpan, message: `${unit.cidr.text} is no IPv4 prefix; it was not read.`, expected: ['a prefix such as 10.244.2.0/24'] });
    }
  }
  const map = stringMap(annotations);
  return {
    record: { kind: 'node-object', name, podCIDRs, internalIPs, externalIPs, annotations: map, flannel: flannelOf(map), recovered: true, span },
    diagnostics,
  };
}

/** A lease from flannel's JSON value; null when the value is not a JSON object. */
export function leaseOf(subnet: string | null, value: string, span: Span): FlannelSubnetLease | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return null;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return null;
  const lease = parsed as { PublicIP?: unknown; BackendType?: unknown; BackendData?: unknown };
  const data = lease.BackendData !== null && typeof lease.BackendData === 'object' ? (lease.BackendData as { VtepMAC?: unknown }) : {};
  const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);
  return {
    kind: 'flannel-subnet-lease', subnet, publicIp: text(lease.PublicIP), backendType: text(lease.BackendType), vtepMac: text(data.VtepMAC), span,
  };
}
