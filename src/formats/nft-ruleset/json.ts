// Reads `nft -j list ruleset` (libnftables JSON, libnftables-json(5)) into the records the text
// listing gives, in the order nft prints the text (src/rule.c table_print: the table, its sets and
// maps, its chains each with its rules; src/json.c lists all of a table's rules after its chains),
// each with the span of the JSON object it came from and a rule `text` rendered as nft prints it.
import { SourceText, type Diagnostic, type Span } from '../../core';
import { append } from '../../core/append';
import type { Parsed } from '../format';
import { elementsPerLine, formatTime, kindOfType, NftJsonRenderer, onlyKey, type RenderedStatement, type ValueKind } from './json-render';
import { scanJson, type JsonObject, type JsonValue } from './json-scan';
import { NFT_JSON_OBJECTS, NFT_JSON_UNREAD_OBJECTS } from './json-schema';
import { NftFamily, type NftRecord, type NftVerdict } from './schema';

export { isNftJson } from './sniff';

interface Item<T> {
  node: JsonObject;
  data: T;
}
interface TableData { family: string; name: string; handle?: number; comment?: string; flags?: string | string[] }
interface ChainData {
  family: string; table: string; name: string; handle?: number; type?: string; hook?: string;
  prio?: number | string; dev?: string | string[]; policy?: string; comment?: string;
}
interface RuleData { family: string; table: string; chain: string; handle?: number; comment?: string; expr: JsonValue[] }
interface SetData {
  family: string; table: string; name: string; handle?: number; type: string | string[]; map?: string | string[];
  flags?: string | string[]; comment?: string; elem?: JsonValue[]; timeout?: number;
  policy?: string; size?: number; 'gc-interval'?: number; 'auto-merge'?: boolean; stmt?: JsonValue[];
}
interface ElementData { family: string; table: string; name: string; elem: JsonValue[] }

interface TableEntry {
  family: string;
  name: string;
  table: Item<TableData> | null;
  sets: (Item<SetData> & { kind: 'set' | 'map'; extra: JsonValue[] })[];
  chains: (Item<ChainData> & { rules: Item<RuleData>[] })[];
  /** Rules whose chain the listing does not show. */
  orphans: Item<RuleData>[];
  /** The first and last offsets of the table's objects, for synthesized heads and closing records. */
  first: JsonObject;
  end: number;
}

/** Properties each object kind has that no record field holds (libnftables-json(5)); reported, not dropped. */
const SET_KEYS = new Set([
  'family', 'table', 'name', 'handle', 'type', 'map', 'flags', 'comment', 'elem', 'policy', 'size', 'timeout', 'gc-interval', 'auto-merge', 'stmt',
]);
const RECORDED_KEYS = new Map<string, ReadonlySet<string>>([
  ['metainfo', new Set(['version', 'release_name', 'json_schema_version'])],
  ['table', new Set(['family', 'name', 'handle', 'comment'])],
  ['chain', new Set(['family', 'table', 'name', 'handle', 'type', 'hook', 'prio', 'dev', 'policy', 'comment'])],
  ['rule', new Set(['family', 'table', 'chain', 'handle', 'comment', 'expr'])],
  ['set', SET_KEYS], ['map', SET_KEYS],
  ['element', new Set(['family', 'table', 'name', 'elem'])],
]);

/** Standard priorities by name (nft(8) CHAINS; src/rule.c std_prios, bridge_std_prios). */
const STD_PRIORITIES: readonly (readonly [string, number])[] = [['raw', -300], ['mangle', -150], ['dstnat', -100], ['filter', 0], ['security', 50], ['srcnat', 100]];
const BRIDGE_PRIORITIES: readonly (readonly [string, number])[] = [['dstnat', -300], ['filter', -200], ['out', 100], ['srcnat', 300]];

/** Whether nft names a priority for this family and hook (src/rule.c, std_prio_family_hook_compat). */
function priorityNameFits(name: string, family: string, hook: string): boolean {
  if (family === 'bridge') {
    if (name === 'dstnat') return hook === 'prerouting';
    if (name === 'out') return hook === 'output';
    if (name === 'srcnat') return hook === 'postrouting';
    return true;
  }
  switch (name) {
    case 'filter':
      return ['ip', 'ip6', 'inet', 'arp', 'netdev'].includes(family);
    case 'raw':
    case 'mangle':
    case 'security':
      return ['ip', 'ip6', 'inet'].includes(family);
    // the lab's captures: "type nat hook output priority -100", "type nat hook input priority 100"
    case 'dstnat':
      return hook === 'prerouting' && ['ip', 'ip6', 'inet'].includes(family);
    case 'srcnat':
      return hook === 'postrouting' && ['ip', 'ip6', 'inet'].includes(family);
  }
  return false;
}

/** A priority as nft prints it: "dstnat", "dstnat - 10", "filter + 5", or the number (within 10 of a name; src/rule.c prio2str). */
export function priorityText(value: number, family: string, hook: string): string {
  const table = family === 'bridge' ? BRIDGE_PRIORITIES : STD_PRIORITIES;
  for (const [name, base] of table) {
    if (!priorityNameFits(name, family, hook)) continue;
    const offset = value - base;
    if (offset === 0) return name;
    if (offset > 0 && offset <= 10) return `${name} + ${offset}`;
    if (offset < 0 && offset >= -10) return `${name} - ${-offset}`;
  }
  return String(value);
}

/** Parses nft -j list ruleset output. Never throws. */
export function parseNftJson(text: string): Parsed<NftRecord> {
  const source = new SourceText(text);
  const diagnostics: Diagnostic[] = [];
  const records: NftRecord[] = [];
  const scan = scanJson(text);
  const extentOf = (node: object) => scan.extents.get(node);
  const spanOf = (node: object): Span => {
    const extent = extentOf(node);
    return extent ? source.spanBetween(extent.start, extent.end) : source.span(0, 0);
  };
  const endOf = (node: object): number => extentOf(node)?.end ?? 0;
  const renderer = new NftJsonRenderer((node) => spanOf(node).text);

  if (scan.error) {
    const { offset, found, expected, truncated } = scan.error;
    const at = source.span(offset, found.length);
    const where = `line ${at.line}, column ${at.column}`;
    if (truncated) {
      diagnostics.push({
        code: 'incomplete', severity: 'error',
        message: `The JSON ends at ${where} before it is complete (expected ${expected.join(' or ')}): the output is cut short; the objects before the cut were read.`,
        span: at, expected,
      });
    } else {
      const rest = text.length - offset;
      diagnostics.push({
        code: 'invalid-json', severity: 'error',
        message: `Expected ${expected.join(' or ')} at ${where}, found '${found}'; the ${rest} characters from there were not read.`,
        span: at, expected,
      });
    }
  }
  const root = scan.value;
  const nftables = isObject(root) && Object.hasOwn(root, 'nftables') ? root.nftables : undefined;
  if (!Array.isArray(nftables)) {
    // cut before its array began ({"nftab…): the incomplete diagnostic says it all
    const cutEarly = scan.error?.truncated === true && (root === undefined || (isObject(root) && Object.keys(root).every((key) => key === 'nftables')));
    if ((!scan.error || scan.value !== undefined) && !cutEarly)
      diagnostics.push({
        code: 'invalid-json', severity: 'error',
        message: 'This JSON is not nft\'s: expected an object {"nftables": [ … ]} (nft -j list ruleset).',
        span: isObject(root) || Array.isArray(root) ? spanOf(root) : source.span(0, Math.min(text.length, 80)),
        expected: ['{"nftables": [ … ]}'],
      });
    return { format: 'nft-ruleset', records, diagnostics };
  }
  for (const key of Object.keys(root as JsonObject)) {
    if (key !== 'nftables')
      diagnostics.push({
        code: 'unexpected-token', severity: 'warning',
        message: `The key "${key}" beside "nftables" is not nft's; it was not read.`, span: spanOf(root as JsonObject),
      });
  }

  // ----- gather objects by table (nft prints a table's rules after all its chains) -----
  const tables = new Map<string, TableEntry>();
  const rules: Item<RuleData>[] = [];
  const elements: Item<ElementData>[] = [];
  const entry = (family: string, name: string, node: JsonObject): TableEntry => {
    const id = `${family}\u0000${name}`;
    let found = tables.get(id);
    if (!found) {
      found = { family, name, table: null, sets: [], chains: [], orphans: [], first: node, end: endOf(node) };
      tables.set(id, found);
    }
    found.end = Math.max(found.end, endOf(node));
    return found;
  };
  const report = (node: object, code: Diagnostic['code'], severity: Diagnostic['severity'], message: string, expected?: string[]) =>
    diagnostics.push({ code, severity, message, span: spanOf(node), ...(expected ? { expected } : {}) });

  for (const item of nftables) {
    if (!isObject(item)) {
      if (Array.isArray(item) && !extentOf(item)?.complete) continue;
      if (Array.isArray(item)) report(item, 'invalid-json', 'error', 'Expected an object of the "nftables" array, found an array; it was not read.', ['{"table": …}', '{"chain": …}', '{"rule": …}']);
      else if (!scan.error) report(root as JsonObject, 'invalid-json', 'error', `Expected an object in the "nftables" array, found ${JSON.stringify(item)}; it was not read.`);
      continue;
    }
    // an object the text ends inside: reported with the truncation
    if (!extentOf(item)?.complete) continue;
    const key = onlyKey(item);
    if (key === null) {
      report(item, 'invalid-json', 'error', 'Expected an object with one key ("table", "chain", "rule", "set", "map", …); it was not read.', [...NFT_JSON_OBJECTS.keys()]);
      continue;
    }
    if (NFT_JSON_UNREAD_OBJECTS.has(key)) {
      report(item, 'unexpected-token', 'warning', `netsift does not read {"${key}": …} objects yet; it is kept in this diagnostic.`);
      continue;
    }
    const schema = NFT_JSON_OBJECTS.get(key);
    if (!schema) {
      report(item, 'unexpected-token', 'warning', `{"${key}": …} is not an object nft -j list ruleset prints; it is kept in this diagnostic.`, [...NFT_JSON_OBJECTS.keys()]);
      continue;
    }
    const value = item[key] as JsonValue;
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const path = issue ? [key, ...issue.path.map(String)].join('.') : key;
      report(item, 'invalid-json', 'error', `The ${key} object is not as libnftables-json(5) describes it (${path}: ${issue?.message ?? 'invalid'}); it was not read.`);
      continue;
    }
    const recorded = RECORDED_KEYS.get(key);
    for (const property of Object.keys(value as JsonObject)) {
      if (!recorded?.has(property))
        report(item, 'unexpected-token', 'warning', `The ${key} property "${property}" is not read yet; it is kept in this diagnostic.`);
    }
    const data = value as unknown;
    switch (key) {
      case 'table': {
        const t = data as TableData;
        const table = entry(t.family, t.name, item);
        if (table.table) report(item, 'unexpected-token', 'warning', `The table ${t.family} ${t.name} is listed twice; the second was not read.`);
        else table.table = { node: item, data: t };
        break;
      }
      case 'set':
      case 'map': {
        const s = data as SetData;
        entry(s.family, s.table, item).sets.push({ node: item, data: s, kind: key, extra: [] });
        break;
      }
      case 'chain': {
        const c = data as ChainData;
        entry(c.family, c.table, item).chains.push({ node: item, data: c, rules: [] });
        break;
      }
      case 'rule': {
        const r = data as RuleData;
        entry(r.family, r.table, item);
        rules.push({ node: item, data: r });
        break;
      }
      case 'element': {
        const e = data as ElementData;
        entry(e.family, e.table, item);
        elements.push({ node: item, data: e });
        break;
      }
    }
  }
  // chains by table and name (the first of a name, as nft has one)
  const chainsByName = new Map<TableEntry, Map<string, TableEntry['chains'][number]>>();
  for (const table of tables.values()) {
    const byName = new Map<string, TableEntry['chains'][number]>();
    for (const chain of table.chains) if (!byName.has(chain.data.name)) byName.set(chain.data.name, chain);
    chainsByName.set(table, byName);
  }
  for (const rule of rules) {
    const table = tables.get(`${rule.data.family}\u0000${rule.data.table}`) as TableEntry;
    const chain = chainsByName.get(table)?.get(rule.data.chain);
    if (chain) chain.rules.push(rule);
    else {
      table.orphans.push(rule);
      report(rule.node, 'unexpected-token', 'warning', `A rule of chain ${rule.data.chain}, which the listing does not show; read without its chain.`);
    }
  }
  // sets by table and name (the first of a name, as find would give): a lookup per element object, not a scan
  const setsByName = new Map<TableEntry, Map<string, TableEntry['sets'][number]>>();
  for (const table of tables.values()) {
    const byName = new Map<string, TableEntry['sets'][number]>();
    for (const set of table.sets) if (!byName.has(set.data.name)) byName.set(set.data.name, set);
    setsByName.set(table, byName);
  }
  for (const element of elements) {
    const table = tables.get(`${element.data.family}\u0000${element.data.table}`) as TableEntry;
    const set = setsByName.get(table)?.get(element.data.name);
    // one by one: push(...elem) passes every element as an argument, and a long list overflows the stack
    if (set) for (const item of element.data.elem) set.extra.push(item);
    else report(element.node, 'unexpected-token', 'warning', `Elements of ${element.data.name}, a set the listing does not show; they were not read.`);
  }

  // ----- records, in the order of the text listing -----
  for (const table of tables.values()) {
    const parsedFamily = NftFamily.safeParse(table.family);
    const family = parsedFamily.success ? parsedFamily.data : null;
    const head = table.table?.node ?? table.first;
    if (!parsedFamily.success)
      report(head, 'invalid-value', 'warning', `"${table.family}" is not an nftables family; family is null.`, NftFamily.options);
    const inTable = { family, table: table.name, chain: null };
    records.push({ kind: 'table', ...inTable, handle: table.table?.data.handle ?? null, span: spanOf(head) });
    if (table.table?.data.comment !== undefined)
      records.push({ kind: 'comment', ...inTable, form: 'property', text: table.table.data.comment, span: spanOf(head) });
    for (const set of table.sets) append(records, setRecords(set, inTable));
    for (const chain of table.chains) {
      const name = chain.data.name;
      const inChain = { family, table: table.name, chain: name };
      const span = spanOf(chain.node);
      records.push({ kind: 'chain', ...inChain, handle: chain.data.handle ?? null, span });
      if (chain.data.comment !== undefined) records.push({ kind: 'comment', ...inChain, form: 'property', text: chain.data.comment, span });
      if (chain.data.type !== undefined && chain.data.hook !== undefined) records.push(chainSpec(chain, inChain, span));
      for (const rule of chain.rules) records.push(ruleRecord(rule, inChain));
      const last = chain.rules[chain.rules.length - 1]?.node ?? chain.node;
      records.push({ kind: 'close', ...inChain, closes: 'chain', span: source.span(endOf(last), 0) });
    }
    for (const rule of table.orphans) records.push(ruleRecord(rule, { family, table: table.name, chain: rule.data.chain }));
    records.push({ kind: 'close', ...inTable, closes: 'table', span: source.span(table.end, 0) });
  }
  for (const issue of renderer.issues)
    report(issue.node, issue.unknown ? 'unexpected-token' : 'invalid-json', issue.unknown ? 'warning' : 'error', issue.message, issue.expected);
  diagnostics.sort((a, b) => a.span.offset - b.span.offset);
  return { format: 'nft-ruleset', records, diagnostics };

  function chainSpec(chain: Item<ChainData>, where: { family: NftFamily | null; table: string; chain: string }, span: Span): NftRecord {
    const { type, hook, prio, dev, policy } = chain.data;
    const priority = typeof prio === 'number' ? priorityText(prio, chain.data.family, hook as string) : (prio ?? '0');
    const device = typeof dev === 'string' ? dev : Array.isArray(dev) && dev.length === 1 ? (dev[0] as string) : null;
    if (Array.isArray(dev) && dev.length > 1) report(chain.node, 'unexpected-token', 'warning', `The chain ${chain.data.name} hooks ${dev.length} devices; device is null.`);
    return {
      kind: 'chain-spec', ...where, type: type as string, hook: hook as string, device, priority,
      priorityValue: /^-?\d+$/.test(priority) ? Number.parseInt(priority, 10) : null, policy: policy ?? null, span,
    };
  }

  function ruleRecord(rule: Item<RuleData>, where: { family: NftFamily | null; table: string; chain: string }): NftRecord {
    const statements = renderer.statements(rule.data.expr, rule.node);
    const comment = rule.data.comment ?? null;
    let counter: RenderedStatement['counter'] | null = null;
    let dnat: string | null = null;
    let verdict: NftVerdict | null = null;
    for (const statement of statements) {
      if (statement.counter) counter = statement.counter;
      if (statement.dnat !== undefined) dnat = statement.dnat;
      // the last statement printed decides the verdict, as the text listing's last word does
      if (statement.text !== '') verdict = statement.verdict ?? null;
    }
    return {
      kind: 'rule', ...where, text: NftJsonRenderer.ruleText(statements, comment), counter: counter ?? null, verdict, dnat, comment,
      handle: rule.data.handle ?? null, span: spanOf(rule.node),
    };
  }

  function setRecords(set: TableEntry['sets'][number], where: { family: NftFamily | null; table: string; chain: null }): NftRecord[] {
    const { data, node } = set;
    const types = typeof data.type === 'string' ? [data.type] : data.type;
    const mapTypes = data.map === undefined ? null : typeof data.map === 'string' ? [data.map] : data.map;
    const kinds: ValueKind | ValueKind[] = types.length === 1 ? kindOfType(types[0] as string) : types.map(kindOfType);
    const valueKind = mapTypes && mapTypes.length === 1 ? kindOfType(mapTypes[0] as string) : undefined;
    const items = [...(data.elem ?? []), ...set.extra];
    const elements = data.elem === undefined && set.extra.length === 0 ? null : items.map((item) => renderer.element(item, node, kinds, valueKind));
    // elements with a comment or a timeout go one to a line (src/rule.c, do_set_print)
    const forceNewline = data.timeout !== undefined || items.some(hasElementOption);
    const perLine = elementsPerLine(types, forceNewline);
    const elementLines: number[] = [];
    for (let left = elements?.length ?? 0; left > 0; left -= perLine) elementLines.push(Math.min(perLine, left));
    const flags = data.flags === undefined ? [] : typeof data.flags === 'string' ? [data.flags] : data.flags;
    const span = spanOf(node);
    return [
      {
        kind: set.kind, ...where, name: data.name, keyword: 'type',
        type: `${types.join(' . ')}${mapTypes ? ` : ${mapTypes.join(' . ')}` : ''}`, policy: data.policy ?? null, size: data.size ?? null, flags,
        // a set's statements print stateless, as the text listing gives them ("counter")
        statements: data.stmt === undefined || data.stmt.length === 0 ? null : renderer.statements(data.stmt, node).map((statement) => statement.text).filter((t) => t !== '').join(' '),
        autoMerge: data['auto-merge'] === true,
        // whole seconds: nft 1.0.6's JSON gives "timeout 500ms" as 0
        timeout: data.timeout === undefined ? null : formatTime(data.timeout), timeoutSeconds: data.timeout ?? null,
        gcInterval: data['gc-interval'] === undefined ? null : formatTime(data['gc-interval']), gcIntervalSeconds: data['gc-interval'] ?? null,
        comment: data.comment ?? null,
        elements, elementLines, handle: data.handle ?? null, span,
      },
      { kind: 'close', ...where, closes: set.kind, span: source.span(span.offset + span.length, 0) },
    ];
  }
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An element written with options (`{"elem": {"val": …, "comment": …}}`), alone or as a map key. */
function hasElementOption(item: JsonValue): boolean {
  const key = Array.isArray(item) ? item[0] : item;
  if (onlyKey(key) !== 'elem') return false;
  const elem = (key as JsonObject).elem;
  return isObject(elem) && (elem.comment !== undefined || elem.timeout !== undefined || elem.expires !== undefined);
}
