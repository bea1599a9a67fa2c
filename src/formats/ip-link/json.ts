// Reads ip -j link / ip -d -s -s -j link into the same records as the text layouts; the link
// fields are read by src/formats/shared/iproute2-link/json.ts.
import type { Diagnostic, Span } from '../../core';
import { JsonLink, linkFromJson, parseJsonInterfaces } from '../shared/iproute2-link/json';
import { orderInterface } from './build';
import type { IpLinkInterface } from './schema';

export const JsonInterface = JsonLink;
export type JsonInterface = JsonLink;

export function interfaceFromJson(json: JsonInterface, span: Span): IpLinkInterface {
  return orderInterface({ ...linkFromJson(json), span });
}

/** Parses ip -j link output. Bad JSON or a wrong shape gives an invalid-json diagnostic, never a throw. */
export function parseIpLinkJson(text: string): { records: IpLinkInterface[]; diagnostics: Diagnostic[] } {
  return parseJsonInterfaces(text, JsonInterface, (json, span) => interfaceFromJson(json, span));
}
