// iptables-nft's tables as `nft list ruleset` prints them (table ip nat / filter / mangle / raw /
// security holding KUBE-* chains) read into the iptables rule model, so RuleSet, resolveService and
// every rule of the diagnosis work unchanged on a node whose only listing is nft's. How iptables-nft
// writes each match and target (iptables nft.c, nft-ipv4.c, the libxt_*.c xlate functions) and how
// nft prints it back (nftables src/xt.c, src/statement.c) decide the mapping; what nft does not show
// is listed per rule in `notShown`, never invented.
import type { IptablesChain, IptablesMatch, IptablesMeta, IptablesOption, IptablesRecord, IptablesRule, IptablesTarget } from '../../formats/shared/iptables/schema';
import { typeMatch, typeTarget } from '../../formats/shared/iptables/typing';
import { append, type Span } from '../../core';
import type { NftChainModel, NftRuleModel, NftRuleSet, NftTableModel } from './nft-rule-set';
import type { NftStatement, NftValue } from './nft-statements';
import { groupItems } from './nft-statements';

/** The tables iptables-nft writes (iptables(8), TABLES); in family ip for iptables, ip6 for ip6tables. */
export const IPTABLES_TABLES: ReadonlySet<string> = new Set(['filter', 'nat', 'mangle', 'raw', 'security']);

export interface NftAsIptables {
  records: IptablesRecord[];
  /** Per rule, what the nft listing could not show of the iptables rule it stands for. */
  notShown: WeakMap<IptablesRule, string[]>;
}

/** Whether a table is one iptables-nft writes: `table ip nat`, `table ip6 filter`, … */
export function isIptablesTable(table: NftTableModel, family: 'ip' | 'ip6' = 'ip'): boolean {
  return table.family === family && IPTABLES_TABLES.has(table.name);
}

/**
 * The iptables records of every iptables-nft table of `family` in an nft rule set: chains (base
 * chains are built in, with their policy), rules with matches and targets typed as iptables-save's
 * would be, nft's warnings as meta records. Spans point into the nft listing.
 * @example iptablesFromNft(NftRuleSet.from(parseNftRuleset(text).records)).records
 */
export function iptablesFromNft(ruleSet: NftRuleSet, options: { family?: 'ip' | 'ip6' } = {}): NftAsIptables {
  const records: IptablesRecord[] = [];
  const notShown = new WeakMap<IptablesRule, string[]>();
  for (const table of ruleSet.tables.values()) {
    if (!isIptablesTable(table, options.family ?? 'ip')) continue;
    if (table.declaration) records.push(meta(table.name, 'table', table.declaration.span));
    for (const remark of table.remarks) if (remark.form === 'warning') records.push(meta(table.name, 'warning', remark.span));
    for (const chain of table.chains.values()) {
      const declaration = chainRecord(chain);
      if (declaration) records.push(declaration);
      for (const rule of chain.rules) {
        records.push(rule.iptables);
        if (rule.notShown.length > 0) notShown.set(rule.iptables, rule.notShown);
      }
    }
  }
  return { records, notShown };
}

function meta(table: string, kind: IptablesMeta['kind'], span: Span): IptablesMeta {
  return { type: 'meta', kind, table, text: span.text, span };
}

function chainRecord(chain: NftChainModel): IptablesChain | null {
  const span = chain.declaration?.span ?? chain.base?.spec.span;
  if (!span) return null;
  return {
    type: 'chain', table: chain.table, chain: chain.name, builtin: chain.base !== null,
    policy: chain.base ? chain.base.policy.toUpperCase() : null, counters: null, references: null, span,
  };
}

function subSpan(rule: Pick<NftRuleModel, 'record'>, offset: number, length: number): Span {
  const span = rule.record.span;
  return { line: span.line, column: span.column + offset, offset: span.offset + offset, length, text: span.text.slice(offset, offset + length) };
}

function literal(value: NftValue): string | null {
  return value.kind === 'literal' ? value.text : null;
}

function unquoteName(text: string): string {
  return text.startsWith('"') && text.endsWith('"') && text.length >= 2 ? text.slice(1, -1) : text;
}

/** nft prints an iptables wildcard interface "eth+" as "eth*" (iptables nft-shared.c, add_iface). */
function interfaceName(text: string): string {
  const name = unquoteName(text);
  return name.endsWith('*') ? `${name.slice(0, -1)}+` : name;
}

/** An address as iptables-save prints it: with its prefix length ("10.96.0.1/32"). */
function cidr(text: string, family: 'ip' | 'ip6'): string {
  return text.includes('/') ? text : `${text}/${family === 'ip' ? 32 : 128}`;
}

/** "1000-2000" (nft) → "1000:2000" (iptables). */
function portText(text: string): string {
  return text.replace('-', ':');
}

const LIMIT_UNITS: Record<string, string> = { second: 'sec', minute: 'min', hour: 'hour', day: 'day', week: 'week' };

/** iptables' --reject-with names for nft's `reject with …` (libxt_REJECT.c reject_xlate). */
function rejectWith(with_: string | null, family: 'ip' | 'ip6'): string {
  if (with_ === null) return family === 'ip' ? 'icmp-port-unreachable' : 'icmp6-port-unreachable';
  if (with_ === 'tcp reset') return 'tcp-reset';
  const [kind, name] = with_.split(' ') as [string, string];
  if (kind === 'icmpv6' || kind === 'icmp6') return name === 'admin-prohibited' ? 'icmp6-adm-prohibited' : `icmp6-${name === 'no-route' ? 'no-route' : name}`;
  if (name === 'admin-prohibited') return 'icmp-admin-prohibited';
  return `icmp-${name}`;
}

const PORT_SELECTORS = new Set(['tcp dport', 'tcp sport', 'udp dport', 'udp sport', 'sctp dport', 'sctp sport', 'tcp flags']);
const ACTIONS = new Set(['verdict', 'nat', 'reject', 'mark-set', 'log', 'notrack', 'xt', 'vmap', 'numgen']);

function isAction(statement: NftStatement): boolean {
  if (statement.kind === 'xt') return statement.what === 'target';
  if (statement.kind === 'other') return statement.text.startsWith('tcp option maxseg size set');
  return ACTIONS.has(statement.kind);
}

/**
 * One nft rule as the iptables rule iptables-nft wrote: `meta l4proto tcp` → -p tcp, `ip saddr X` →
 * -s X/32, `tcp dport 443` → -m tcp --dport 443, `meta random & 2147483647 < N` → -m statistic
 * --probability N/2^31, `fib daddr type local` → -m addrtype --dst-type LOCAL, `meta mark set mark or
 * 0x4000` → -j MARK --set-xmark 0x4000/0x4000, `dnat to A:P` → -j DNAT --to-destination A:P, …
 * Statements with no iptables form stay matches of module "nft" (typed null: not evaluated).
 */
export function iptablesRuleFromNft(rule: Pick<NftRuleModel, 'record' | 'statements' | 'position'>, chain: Pick<NftChainModel, 'table' | 'name' | 'family'>): { rule: IptablesRule; notShown: string[] } {
  const family: 'ip' | 'ip6' = chain.family === 'ip6' ? 'ip6' : 'ip';
  const out: IptablesRule = {
    type: 'rule', table: chain.table, chain: chain.name, position: rule.position, counters: null, protocol: null,
    source: null, destination: null, inInterface: null, outInterface: null, fragment: null, matches: [], target: null,
    unresolved: [], span: rule.record.span,
  };
  const notShown: string[] = [];
  const statements = rule.statements;
  let targetIndex = -1;
  for (let k = statements.length - 1; k >= 0; k--) {
    if (isAction(statements[k] as NftStatement)) {
      targetIndex = k;
      break;
    }
  }
  let hidden = 0;
  let comment = false;
  // consecutive `tcp sport`/`tcp dport`/`tcp flags` of one protocol are one -m tcp match
  let portMatch: IptablesMatch | null = null;
  const addMatch = (module: string, options: IptablesOption[], statement: NftStatement, typed = typeMatch(module, options)) => {
    const match: IptablesMatch = { module, options, typed, span: subSpan(rule, statement.offset, statement.length) };
    out.matches.push(match);
    return match;
  };
  const raw = (statement: NftStatement) =>
    addMatch('nft', [{ name: 'expression', values: [statement.text], negated: false }], statement, null);

  statements.forEach((statement, index) => {
    if (index === targetIndex) {
      out.target = targetOf(statement, rule, family);
      return;
    }
    // only a port or flags match continues the -m tcp / -m udp match before it
    if (statement.kind !== 'match' || statement.selectors.length !== 1 || !PORT_SELECTORS.has(statement.selectors[0]?.join(' ') ?? '')) portMatch = null;
    switch (statement.kind) {
      case 'hidden':
        hidden += statement.count;
        return;
      case 'counter':
        if (statement.packets !== null && statement.bytes !== null) out.counters = { packets: statement.packets, bytes: statement.bytes, exact: true };
        return;
      case 'comment':
        comment = true;
        addMatch('comment', [{ name: 'comment', values: [`"${statement.comment.replace(/["\\]/g, '\\$&')}"`], negated: false }], statement);
        return;
      case 'limit': {
        const [count, unit] = statement.rate.split('/') as [string, string | undefined];
        const rate = `${count}/${unit === undefined ? '' : (LIMIT_UNITS[unit] ?? unit)}`;
        if (statement.over) {
          raw(statement);
          return;
        }
        const options: IptablesOption[] = [{ name: 'limit', values: [rate], negated: false }];
        if (statement.burst !== null) options.push({ name: 'limit-burst', values: [String(statement.burst)], negated: false });
        addMatch('limit', options, statement);
        return;
      }
      case 'xt':
        addMatch(statement.name, [], statement, null);
        return;
      case 'match': {
        const mapped = mapMatch(statement);
        if (!mapped) raw(statement);
        return;
      }
      default:
        raw(statement);
    }
  });
  // nft leaves out the `meta l4proto tcp` a `tcp dport` depends on (payload dependency elimination,
  // src/payload.c): the port match implies iptables' -p
  if (!out.protocol) {
    const implied = out.matches.find((m) => m.typed?.type === 'ports' || (m.module === 'multiport' && m.span.text.match(/^(tcp|udp|sctp) /)));
    const protocol = implied?.typed?.type === 'ports' ? implied.typed.protocol : implied ? /^(tcp|udp|sctp) /.exec(implied.span.text)?.[1] : undefined;
    if (protocol) out.protocol = { negated: false, value: protocol };
  }
  if (hidden > 0 && !comment) notShown.push(`${hidden} expression${hidden === 1 ? '' : 's'} nft printed as nothing: iptables-nft's -m comment (the rule's comment is unknown) or a match without options`);
  return { rule: out, notShown };

  function mapMatch(statement: Extract<NftStatement, { kind: 'match' }>): boolean {
    const selector = (statement.selectors[0] as string[]).join(' ');
    const negated = statement.op === '!=';
    const value = literal(statement.value);
    const plainOp = statement.op === '==' || statement.op === '!=';
    const options = (name: string, values: string[]): IptablesOption[] => [{ name, values, negated }];
    switch (selector) {
      case 'meta l4proto':
      case 'ip protocol':
      case 'ip6 nexthdr':
        if (value === null || !plainOp || statement.mask !== null || out.protocol) return false;
        out.protocol = { negated, value };
        return true;
      case 'ip saddr':
      case 'ip daddr':
      case 'ip6 saddr':
      case 'ip6 daddr': {
        const field = selector.endsWith('saddr') ? 'source' : 'destination';
        if (value === null || !plainOp || statement.mask !== null || out[field]) return false;
        out[field] = { negated, value: cidr(value, family) };
        return true;
      }
      case 'iifname':
      case 'oifname':
      case 'meta iifname':
      case 'meta oifname': {
        const field = selector.endsWith('iifname') ? 'inInterface' : 'outInterface';
        if (value === null || !plainOp || out[field]) return false;
        out[field] = { negated, value: interfaceName(value) };
        return true;
      }
      case 'ip frag-off':
        // -f: "ip frag-off & 8191 != 0" (nft 1.0.x; later "& 0x1fff")
        if ((statement.mask === '8191' || statement.mask === '0x1fff') && value === '0' && plainOp) {
          out.fragment = { negated: !negated };
          return true;
        }
        return false;
      case 'tcp dport':
      case 'tcp sport':
      case 'udp dport':
      case 'udp sport':
      case 'sctp dport':
      case 'sctp sport': {
        const [protocol, field] = selector.split(' ') as [string, string];
        if (!plainOp || statement.mask !== null) return false;
        if (statement.value.kind === 'set') {
          portMatch = null;
          const ports = statement.value.elements.map(portText).join(',');
          addMatch('multiport', options(field === 'dport' ? 'dports' : 'sports', [ports]), statement);
          return true;
        }
        if (value === null) return false;
        const option: IptablesOption = { name: field, values: [portText(value)], negated };
        const current = portMatch as IptablesMatch | null;
        if (current && current.module === protocol && !current.options.some((o) => o.name === field)) {
          current.options.push(option);
          current.typed = typeMatch(protocol, current.options);
          current.span = joinSpans(current.span, subSpan(rule, statement.offset, statement.length));
        } else portMatch = addMatch(protocol, [option], statement);
        return true;
      }
      case 'tcp flags': {
        // "tcp flags syn / syn,rst" (nft 1.0.x) or "tcp flags & (syn|rst) == syn"
        const mask = statement.slash ?? statement.mask?.replace(/^\(|\)$/g, '').replaceAll('|', ',') ?? null;
        if (value === null || mask === null || !plainOp) return false;
        const option: IptablesOption = { name: 'tcp-flags', values: [mask.toUpperCase(), value.toUpperCase()], negated };
        const current = portMatch as IptablesMatch | null;
        if (current && current.module === 'tcp') {
          current.options.push(option);
          current.typed = typeMatch('tcp', current.options);
        } else portMatch = addMatch('tcp', [option], statement);
        return true;
      }
      case 'meta random': {
        // -m statistic --mode random --probability P: iptables-nft stores round(P * 2^31) (libxt_statistic.c)
        const threshold = value === null ? NaN : Number(value);
        if (statement.mask !== '2147483647' || statement.op !== '<' || !Number.isFinite(threshold)) return false;
        addMatch('statistic', [
          { name: 'mode', values: ['random'], negated: false },
          { name: 'probability', values: [String(threshold / 2 ** 31)], negated: false },
        ], statement);
        return true;
      }
      case 'meta mark':
      case 'mark': {
        const markValue = value === null ? null : parseHex(value);
        const mask = statement.mask === null ? null : parseHex(statement.mask);
        if (markValue === null || !plainOp || (statement.mask !== null && mask === null)) return false;
        const text = `0x${markValue.toString(16)}${mask === null ? '' : `/0x${mask.toString(16)}`}`;
        addMatch('mark', options('mark', [text]), statement);
        return true;
      }
      case 'ct state':
      case 'ct status': {
        const values = statement.value.kind === 'set' ? statement.value.elements : value === null ? null : value.split(',');
        if (values === null || !plainOp || statement.mask !== null) return false;
        addMatch('conntrack', options(selector === 'ct state' ? 'ctstate' : 'ctstatus', [values.map((v) => v.trim().toUpperCase()).join(',')]), statement);
        return true;
      }
      case 'fib daddr type':
      case 'fib saddr type': {
        const values = statement.value.kind === 'set' ? statement.value.elements : value === null ? null : [value];
        if (values === null || !plainOp) return false;
        addMatch('addrtype', options(selector.startsWith('fib daddr') ? 'dst-type' : 'src-type', [values.map((v) => v.toUpperCase()).join(',')]), statement);
        return true;
      }
      case 'icmp type':
      case 'icmpv6 type':
        if (value === null || !plainOp) return false;
        addMatch(selector === 'icmp type' ? 'icmp' : 'icmp6', options(selector === 'icmp type' ? 'icmp-type' : 'icmpv6-type', [value]), statement);
        return true;
      default:
        return false;
    }
  }
}

function parseHex(text: string): number | null {
  if (/^0x[\da-f]+$/i.test(text)) return Number.parseInt(text.slice(2), 16);
  if (/^\d+$/.test(text)) return Number(text);
  return null;
}

function joinSpans(a: Span, b: Span): Span {
  // both lie on one line of one rule: the text between them is the rule's
  const end = Math.max(a.offset + a.length, b.offset + b.length);
  const start = Math.min(a.offset, b.offset);
  const first = a.offset <= b.offset ? a : b;
  const second = first === a ? b : a;
  const between = second.offset - (first.offset + first.length);
  return { ...first, length: end - start, text: `${first.text}${' '.repeat(Math.max(0, between))}${second.text}` };
}

function targetOf(statement: NftStatement, rule: Pick<NftRuleModel, 'record'>, family: 'ip' | 'ip6'): IptablesTarget {
  const span = subSpan(rule, statement.offset, statement.length);
  const make = (name: string, options: IptablesOption[], goto = false, typed = typeTarget(name, options, goto)): IptablesTarget =>
    ({ name, goto, options, typed, span });
  const option = (name: string, ...values: string[]): IptablesOption => ({ name, values, negated: false });
  switch (statement.kind) {
    case 'verdict':
      switch (statement.verdict) {
        case 'jump':
        case 'goto':
          return make(statement.target ?? '', [], statement.verdict === 'goto', { type: 'chain', chain: statement.target ?? '' });
        case 'accept':
        case 'drop':
        case 'return':
        case 'queue':
          return make(statement.verdict.toUpperCase(), []);
        case 'continue':
          return make('CONTINUE', [], false, null);
      }
      break;
    case 'reject':
      return make('REJECT', [option('reject-with', rejectWith(statement.with, family))]);
    case 'nat': {
      const options: IptablesOption[] = [];
      const flag = (f: string) => (f === 'fully-random' ? 'random-fully' : f);
      switch (statement.type) {
        case 'dnat':
          if (statement.to !== null) options.push(option('to-destination', statement.to));
          append(options, statement.flags.map((f) => option(flag(f))));
          return make('DNAT', options);
        case 'snat':
          if (statement.to !== null) options.push(option('to-source', statement.to));
          append(options, statement.flags.map((f) => option(flag(f))));
          return make('SNAT', options);
        case 'masquerade':
          if (statement.to !== null) options.push(option('to-ports', statement.to.replace(/^:/, '')));
          append(options, statement.flags.map((f) => option(flag(f))));
          return make('MASQUERADE', options);
        case 'redirect':
          if (statement.to !== null) options.push(option('to-ports', statement.to.replace(/^:/, '')));
          return make('REDIRECT', options);
      }
      break;
    }
    case 'mark-set':
      if (statement.selector === 'meta mark' && statement.value !== null && statement.mask !== null)
        return make('MARK', [option('set-xmark', `0x${statement.value.toString(16)}/0x${statement.mask.toString(16)}`)]);
      return make(statement.selector === 'ct mark' ? 'CONNMARK' : 'MARK', [option('expression', statement.text)], false, null);
    case 'log': {
      const options: IptablesOption[] = [];
      if (statement.prefix !== null) options.push(option('log-prefix', `"${statement.prefix}"`));
      if (statement.level !== null) options.push(option('log-level', statement.level === 'warn' ? 'warning' : statement.level));
      return make('LOG', options);
    }
    case 'notrack':
      return make('NOTRACK', []);
    case 'xt':
      return make(statement.name, [], false, null);
    case 'other':
      if (statement.text.startsWith('tcp option maxseg size set rt mtu')) return make('TCPMSS', [option('clamp-mss-to-pmtu')], false, null);
      break;
    default:
      break;
  }
  // a verdict map or anything else nft-only: named by its text, not evaluated by the iptables walk
  return make(statement.text, [option('expression', statement.text)], false, null);
}

/** The items of an anonymous set value, for callers that read `{ a, b }` themselves. */
export function setItems(value: NftValue): string[] | null {
  if (value.kind === 'set') return value.elements;
  if (value.kind === 'literal') return value.text.startsWith('{') ? groupItems(value.text) : [value.text];
  return null;
}
