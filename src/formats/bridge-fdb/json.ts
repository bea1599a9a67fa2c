// Reads bridge -j fdb show (and -j -p) into the same records as the text: zod checks each
// object as iproute2's print_fdb writes it (json_print names: ifname, viaIf, viaIfIndex,
// linkNetNsId, src_vni; state "" for reachable, "0x…" for unnamed states).
import { z } from 'zod';
import { SourceText, type Diagnostic, type Span } from '../../core';
import { finishEntry, type EntryFields } from './build';
import { BridgeFdbFlag, type BridgeFdbEntry } from './schema';
import { readJsonItems, topLevelObjects } from '../engine/json-objects';

const u32 = z.int().nonnegative();

/** One object of bridge -j fdb show; old versions wrote "dev" for ifname and opCode for deleted. */
const JsonEntry = z.looseObject({
  deleted: z.boolean().optional(),
  opCode: z.string().optional(),
  mac: z.string(),
  ifname: z.string().optional(),
  dev: z.string().optional(),
  dst: z.string().optional(),
  vlan: u32.optional(),
  port: u32.optional(),
  vni: u32.optional(),
  src_vni: u32.optional(),
  viaIf: z.string().optional(),
  viaIfIndex: u32.optional(),
  nhid: u32.optional(),
  linkNetNsId: z.int().optional(),
  activity_notify: z.boolean().optional(),
  inactive: z.boolean().optional(),
  norefresh: z.boolean().optional(),
  used: u32.optional(),
  updated: u32.optional(),
  flags: z.array(z.string()).optional(),
  master: z.string().optional(),
  state: z.string().optional(),
});
const KNOWN_KEYS = new Set(Object.keys(JsonEntry.shape));
const FLAGS = new Set<string>(BridgeFdbFlag.options);

/** Whether a text opens like JSON ("[{", "[]", "{\"") rather than a prompt such as "[root@host ~]#". */
export function looksLikeJson(text: string): boolean {
  let i = 0;
  while (i < text.length && ' \t\r\n'.includes(text.charAt(i))) i++;
  const open = text.charAt(i);
  if (open !== '[' && open !== '{') return false;
  i++;
  while (i < text.length && ' \t\r\n'.includes(text.charAt(i))) i++;
  const next = text.charAt(i);
  return open === '[' ? next === '{' || next === ']' || next === '' : next === '"' || next === '}' || next === '';
}

function invalid(span: Span, message: string): Diagnostic {
  return { code: 'invalid-json', severity: 'error', message, span };
}

/** Reads -j output; `dev` fills ifname when the output leaves it out (show dev X). */
export function parseBridgeFdbJson(text: string, dev: string | null): { records: BridgeFdbEntry[]; diagnostics: Diagnostic[] } {
  const records: BridgeFdbEntry[] = [];
  const diagnostics: Diagnostic[] = [];
  const source = new SourceText(text);
  const trimmedStart = text.length - text.trimStart().length;
  const whole = source.spanBetween(trimmedStart, text.trimEnd().length);
  const read = readJsonItems(text);
  if ('error' in read) {
    diagnostics.push(invalid(whole, `Expected the JSON of bridge -j fdb show (${read.error}); nothing was read.`));
    return { records, diagnostics };
  }
  const items = read.items;
  const bounds = topLevelObjects(text);
  for (let index = 0; index < items.length; index++) {
    const bound = bounds[index];
    const span = bound && bounds.length === items.length ? source.spanBetween(bound[0], bound[1]) : whole;
    const parsed = JsonEntry.safeParse(items[index]);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      diagnostics.push(invalid(span, `Expected an fdb entry object (${issue ? `${issue.path.join('.') || 'entry'}: ${issue.message}` : 'bad shape'}); it was not read.`));
      continue;
    }
    const entry = parsed.data;
    for (const key of Object.keys(entry))
      if (!KNOWN_KEYS.has(key))
        diagnostics.push({ code: 'invalid-json', severity: 'warning', message: `Key "${key}" is not one bridge -j fdb prints; it was not read.`, span });
    const flags: BridgeFdbEntry['flags'] = [];
    for (const flag of entry.flags ?? []) {
      if (FLAGS.has(flag)) flags.push(flag as BridgeFdbEntry['flags'][number]);
      else diagnostics.push({ code: 'invalid-json', severity: 'warning', message: `Flag "${flag}" is not one bridge prints; it was not read.`, span });
    }
    const state = entry.state ?? '';
    const fields: EntryFields = {
      mac: entry.mac, dev: entry.ifname ?? entry.dev ?? dev, flags,
      // text prints "state=0x…" where -j prints "0x…": keep the text form so both read the same
      state: state.startsWith('0x') ? `state=${state}` : state,
    };
    if (entry.deleted || entry.opCode === 'deleted') fields.deleted = true;
    if (entry.dst !== undefined) fields.dst = entry.dst;
    if (entry.vlan !== undefined) fields.vlan = entry.vlan;
    if (entry.port !== undefined) fields.port = entry.port;
    if (entry.vni !== undefined) fields.vni = entry.vni;
    if (entry.src_vni !== undefined) fields.srcVni = entry.src_vni;
    if (entry.viaIf !== undefined) fields.via = entry.viaIf;
    if (entry.viaIfIndex !== undefined) fields.viaIfindex = entry.viaIfIndex;
    if (entry.nhid !== undefined) fields.nhid = entry.nhid;
    if (entry.linkNetNsId !== undefined) fields.linkNetnsid = entry.linkNetNsId;
    if (entry.activity_notify) fields.activityNotify = true;
    if (entry.inactive) fields.inactive = true;
    if (entry.norefresh) fields.norefresh = true;
    if (entry.used !== undefined) fields.used = entry.used;
    if (entry.updated !== undefined) fields.updated = entry.updated;
    if (entry.master !== undefined) fields.master = entry.master;
    records.push(finishEntry(fields, span));
  }
  return { records, diagnostics };
}
