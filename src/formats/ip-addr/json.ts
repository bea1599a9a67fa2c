// Reads ip -j addr / ip -d -j addr into the same records as the text layouts: the link fields by
// src/formats/shared/iproute2-link/json.ts, the addr_info objects here (print_addrinfo with PRINT_JSON).
import { z } from 'zod';
import type { Diagnostic, Span } from '../../core';
import { JsonLink, linkFromJson, parseJsonInterfaces } from '../shared/iproute2-link/json';
import { orderAddress, orderInterface } from './build';
import type { IpAddrAddress, IpAddrInterface, IpAddrLifetime } from './schema';

const JsonAddress = z.looseObject({
  family: z.enum(['inet', 'inet6']),
  local: z.string(),
  address: z.string().optional(),
  prefixlen: z.int(),
  metric: z.int().optional(),
  broadcast: z.string().optional(),
  anycast: z.string().optional(),
  protocol: z.string().optional(),
  scope: z.union([z.string(), z.int()]).optional(),
  label: z.string().optional(),
  valid_life_time: z.int().optional(),
  preferred_life_time: z.int().optional(),
});

export const JsonInterface = JsonLink.extend({
  addr_info: z.array(z.union([JsonAddress, z.looseObject({})])).optional(),
});
export type JsonInterface = z.infer<typeof JsonInterface>;

const ADDRESS_FLAGS = new Set([
  'secondary', 'temporary', 'nodad', 'optimistic', 'dadfailed', 'home', 'deprecated', 'tentative', 'permanent',
  'mngtmpaddr', 'noprefixroute', 'autojoin', 'stable-privacy', 'dynamic',
]);
const FOREVER = 4294967295;

function lifetimeOf(value: number | undefined): IpAddrLifetime | undefined {
  if (value === undefined) return undefined;
  return value === FOREVER ? 'forever' : value;
}

function address(json: z.infer<typeof JsonAddress>, span: Span): IpAddrAddress {
  const flags: string[] = [];
  for (const [key, value] of Object.entries(json)) if (value === true && ADDRESS_FLAGS.has(key)) flags.push(key);
  const peer = json.address !== undefined && json.address !== json.local ? json.address : undefined;
  return orderAddress({
    family: json.family, local: json.local, prefixLength: json.prefixlen, peer, metric: json.metric,
    broadcast: json.broadcast, anycast: json.anycast, proto: json.protocol,
    scope: json.scope === undefined ? undefined : String(json.scope), flags, label: json.label,
    secondary: flags.includes('secondary') || flags.includes('temporary'), dynamic: flags.includes('dynamic'),
    validLft: lifetimeOf(json.valid_life_time), preferredLft: lifetimeOf(json.preferred_life_time), span,
  });
}

export function interfaceFromJson(json: JsonInterface, span: Span, addressSpans: Span[]): IpAddrInterface {
  const addresses: IpAddrAddress[] = [];
  (json.addr_info ?? []).forEach((entry, i) => {
    const parsed = JsonAddress.safeParse(entry);
    if (parsed.success) addresses.push(address(parsed.data, addressSpans[i] ?? span));
  });
  return orderInterface({ ...linkFromJson(json), addresses, span });
}

/** Parses ip -j addr output. Bad JSON or a wrong shape gives an invalid-json diagnostic, never a throw. */
export function parseIpAddrJson(text: string): { records: IpAddrInterface[]; diagnostics: Diagnostic[] } {
  return parseJsonInterfaces(text, JsonInterface, interfaceFromJson);
}
