// Reads ip rule, ip rule list / show, ip -4 / -6 / -d / -N rule, BusyBox ip rule and ip -j rule
// output, also flattened into one line (each rule starts with its "N:" priority).
import { SourceText, type Diagnostic, type Span } from '../../core';
import { append } from '../../core/append';
import type { Parsed } from '../format';
import { readUnits } from '../engine/read-units';
import { defineReader, type UnitReader } from '../engine/unit-reader';
import grammar from './grammar.gen';
import { lexer, describeToken } from './lexer';
import { buildRule, familyOfAddress, RTN_NAMES, tableIdOf, type IpRuleUnit } from './build';
import { readJsonItems, topLevelObjects } from '../engine/json-objects';
import { IpRuleAction, IpRuleJson, type IpRuleEntry } from './schema';

/** The shared reader (its caches are kept across calls); `{ cache: false }` for property tests. */
export const ipRuleReader = defineReader<IpRuleUnit>({ lexer, grammar, describe: describeToken });

/** Parses ip rule output (text or `ip -j`). Never throws. */
export function parseIpRule(text: string, options: { reader?: UnitReader<IpRuleUnit> } = {}): Parsed<IpRuleEntry> {
  const first = text.trimStart().charAt(0);
  if (first === '[' || first === '{') return parseJson(text);
  const records: IpRuleEntry[] = [];
  const read = readUnits(options.reader ?? ipRuleReader(), text);
  const diagnostics: Diagnostic[] = [...read.diagnostics];
  for (const { unit, span } of read.units) {
    const built = buildRule(unit, span);
    if (built.record) records.push(built.record);
    append(diagnostics, built.diagnostics);
  }
  diagnostics.sort((a, b) => a.span.offset - b.span.offset);
  return { format: 'ip-rule', records, diagnostics };
}

const range = (single: number | undefined, start: number | undefined, end: number | undefined) =>
  single !== undefined ? { start: single, end: single } : start !== undefined ? { start, end: end ?? start } : null;

function parseJson(text: string): Parsed<IpRuleEntry> {
  const source = new SourceText(text);
  const invalid = (message: string, span: Span = source.span(0, text.length)): Parsed<IpRuleEntry> => ({
    format: 'ip-rule', records: [], diagnostics: [{ code: 'invalid-json', severity: 'error', message, span }],
  });
  const read = readJsonItems(text);
  if ('error' in read) return invalid(`Expected the JSON of ip -j rule; it does not parse (${read.error}).`);
  const checked = IpRuleJson.safeParse(read.items);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    return invalid(`Expected ip -j rule objects; ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'the shape differs'}.`);
  }
  const spans = topLevelObjects(text);
  const unknown: number[] = [];
  const records = checked.data.map((item, index): IpRuleEntry => {
    const [start, end] = spans[index] ?? [0, text.length];
    const from = item.srclen !== undefined ? `${item.src}/${item.srclen}` : item.src;
    const to = item.dst === undefined ? null : item.dstlen !== undefined ? `${item.dst}/${item.dstlen}` : item.dst;
    let action: IpRuleAction = 'lookup';
    if (item.goto !== undefined) action = 'goto';
    else if (Object.hasOwn(item, 'nop')) action = 'nop';
    else if (item.nat_gateway !== undefined) action = 'map-to';
    else if (Object.hasOwn(item, 'masquerade')) action = 'masquerade';
    else if (item.action !== undefined) {
      const name = /^\d+$/.test(item.action) ? RTN_NAMES[Number(item.action)] : item.action;
      if (name === undefined || !IpRuleAction.options.includes(name as IpRuleAction)) unknown.push(index);
      else action = name as IpRuleAction;
    }
    const type = item.action ?? null;
    const table = item.table ?? null;
    return {
      priority: item.priority, not: Object.hasOwn(item, 'not'), from, to, family: familyOfAddress(from) ?? familyOfAddress(to),
      tos: item.tos ?? null, fwmark: item.fwmark === undefined ? null : Number(item.fwmark),
      fwmask: item.fwmask === undefined ? null : Number(item.fwmask),
      iif: item.iif ?? null, iifDetached: Object.hasOwn(item, 'iif_detached'),
      oif: item.oif ?? null, oifDetached: Object.hasOwn(item, 'oif_detached'),
      l3mdev: Object.hasOwn(item, 'l3mdev'),
      uidrange: item.uid_start !== undefined ? { start: item.uid_start, end: item.uid_end ?? item.uid_start } : null,
      ipproto: item.ipproto ?? null,
      sport: range(item.sport, item.sport_start, item.sport_end), dport: range(item.dport, item.dport_start, item.dport_end),
      tunId: item.tun_id === undefined ? null : String(item.tun_id),
      table, tableId: table === null ? null : tableIdOf(table),
      suppressPrefixLength: item.suppress_prefixlen ?? null, suppressIfgroup: item.suppress_ifgroup ?? null,
      realms: item.flow_to === undefined ? null : item.flow_from === undefined ? item.flow_to : `${item.flow_from}/${item.flow_to}`,
      action, type, goto: typeof item.goto === 'number' ? item.goto : null, unresolved: Object.hasOwn(item, 'unresolved'),
      natGateway: item.nat_gateway ?? null, protocol: item.protocol ?? null,
      dscp: item.dscp === undefined ? null : String(item.dscp),
      span: source.span(start, end - start),
    };
  });
  const diagnostics: Diagnostic[] = unknown.map((index) => ({
    code: 'invalid-value', severity: 'error', message: 'Expected a known rule action in "action"; the rule was not read.',
    span: records[index]?.span ?? source.span(0, 0),
  }));
  return { format: 'ip-rule', records: records.filter((_, index) => !unknown.includes(index)), diagnostics };
}
