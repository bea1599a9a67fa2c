// The Node objects Kubernetes stores in etcd: "k8s\0" and a runtime.Unknown message (typeMeta 1,
// raw 2, contentEncoding 3, contentType 4; k8s.io/apimachinery pkg/runtime/serializer/protobuf)
// whose raw bytes are a core/v1 Node (k8s.io/api core/v1 generated.proto field numbers). The value
// is a string of byte-valued characters (latin1): exact decoding, or null when it is not one.

export interface DecodedNode {
  apiVersion: string;
  name: string;
  annotations: [string, string][];
  podCIDRs: string[];
  addresses: { type: string; address: string }[];
}

type Field = { number: number; wire: 0 | 1 | 2 | 5; bytes: string; varint: number };

const PREFIX = 'k8s\u0000';

/** The fields of one message, or null when the bytes are not a well-formed message. */
function fields(bytes: string): Field[] | null {
  const out: Field[] = [];
  let i = 0;
  const varint = (): number | null => {
    let value = 0;
    let scale = 1;
    for (let k = 0; k < 10 && i < bytes.length; k++) {
      const b = bytes.charCodeAt(i++);
      if (b > 255) return null;
      value += (b & 0x7f) * scale;
      scale *= 128;
      if (b < 128) return value;
    }
    return null;
  };
  while (i < bytes.length) {
    const tag = varint();
    if (tag === null || tag < 8) return null;
    const number = Math.floor(tag / 8);
    const wire = tag % 8;
    if (wire === 0) {
      const value = varint();
      if (value === null) return null;
      out.push({ number, wire, bytes: '', varint: value });
    } else if (wire === 2) {
      const length = varint();
      if (length === null || i + length > bytes.length) return null;
      out.push({ number, wire, bytes: bytes.slice(i, i + length), varint: 0 });
      i += length;
    } else if (wire === 1 || wire === 5) {
      const size = wire === 1 ? 8 : 4;
      if (i + size > bytes.length) return null;
      out.push({ number, wire, bytes: bytes.slice(i, i + size), varint: 0 });
      i += size;
    } else return null;
  }
  return out;
}

/** Whether every character is a byte (0–255): a value read as latin1, not one whose bytes were decoded. */
function isLatin1(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 255) return false;
  return true;
}

const bytesOf = (text: string): Uint8Array => Uint8Array.from(text, (c) => c.charCodeAt(0) & 0xff);
const decoder = new TextDecoder('utf-8');
const utf8 = (bytes: string): string => decoder.decode(bytesOf(bytes));
const sub = (list: Field[], number: number): Field[] => list.filter((f) => f.number === number && f.wire === 2);

/** The Node in an etcd value, decoded exactly; null for anything else (another kind, garbled bytes). */
export function decodeNode(value: string): DecodedNode | null {
  if (!value.startsWith(PREFIX) || !isLatin1(value)) return null;
  const unknown = fields(value.slice(PREFIX.length));
  const typeMeta = unknown && sub(unknown, 1)[0];
  const raw = unknown && sub(unknown, 2)[0];
  if (!typeMeta || !raw) return null;
  const type = fields(typeMeta.bytes);
  if (!type) return null;
  const apiVersion = utf8(sub(type, 1)[0]?.bytes ?? '');
  if (utf8(sub(type, 2)[0]?.bytes ?? '') !== 'Node') return null;
  const node = fields(raw.bytes);
  const metadata = node && fields(sub(node, 1)[0]?.bytes ?? '');
  const spec = node && fields(sub(node, 2)[0]?.bytes ?? '');
  const status = node && fields(sub(node, 3)[0]?.bytes ?? '');
  if (!metadata || !spec || !status) return null;
  const annotations: [string, string][] = [];
  for (const entry of sub(metadata, 12)) {
    const pair = fields(entry.bytes);
    if (!pair) return null;
    annotations.push([utf8(sub(pair, 1)[0]?.bytes ?? ''), utf8(sub(pair, 2)[0]?.bytes ?? '')]);
  }
  const addresses: { type: string; address: string }[] = [];
  for (const entry of sub(status, 5)) {
    const address = fields(entry.bytes);
    if (!address) return null;
    addresses.push({ type: utf8(sub(address, 1)[0]?.bytes ?? ''), address: utf8(sub(address, 2)[0]?.bytes ?? '') });
  }
  const podCIDR = sub(spec, 1)[0];
  const podCIDRs = sub(spec, 7).map((f) => utf8(f.bytes));
  return {
    apiVersion, name: utf8(sub(metadata, 1)[0]?.bytes ?? ''), annotations,
    podCIDRs: podCIDRs.length > 0 ? podCIDRs : podCIDR ? [utf8(podCIDR.bytes)] : [], addresses,
  };
}

// ------------------------------------------------------------------ encoding (the printer)

function varintBytes(value: number): string {
  let out = '';
  let v = value;
  while (v >= 128) {
    out += String.fromCharCode((v % 128) | 128);
    v = Math.floor(v / 128);
  }
  return out + String.fromCharCode(v);
}

const encoder = new TextEncoder();
const latin1 = (text: string): string => Array.from(encoder.encode(text), (b) => String.fromCharCode(b)).join('');
const field = (number: number, bytes: string): string => varintBytes(number * 8 + 2) + varintBytes(bytes.length) + bytes;
const text = (number: number, value: string): string => field(number, latin1(value));

/** A Node as the API server stores it in etcd (only the fields records keep; map keys sorted as Go does). */
export function encodeNode(node: DecodedNode): string {
  const annotations = [...node.annotations].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const metadata = text(1, node.name) + annotations.map(([k, v]) => field(12, text(1, k) + text(2, v))).join('');
  const spec = (node.podCIDRs[0] === undefined ? '' : text(1, node.podCIDRs[0])) + node.podCIDRs.map((c) => text(7, c)).join('');
  const status = node.addresses.map((a) => field(5, text(1, a.type) + text(2, a.address))).join('');
  const raw = field(1, metadata) + field(2, spec) + field(3, status);
  return `${PREFIX}${field(1, text(1, node.apiVersion) + text(2, 'Node'))}${field(2, raw)}${field(3, '')}${field(4, '')}`;
}
