// The engine's fast path reuses a line's tokenization for every line with the same skeleton
// (digits and hex letters of numeric fields abstracted). That is sound only if each lexer gives
// the same token types at the same offsets for every line of a skeleton: checked here on every
// line of the corpus, and on corpus lines whose numbers and hex digits are changed at random.
import fc from 'fast-check';
import type { Lexer } from 'moo';
import { describe, expect, it } from 'vitest';
import { forEachUnit, readUnits } from '../src/formats/engine/read-units';
import { lineSkeleton, lineSkeletonOf, UnitReader, type SkeletonOptions, type Unit } from '../src/formats/engine/unit-reader';
import { fieldSeen, SkeletonScanner, type SegmentKind } from '../src/formats/engine/skeleton';
import { describeIptablesToken, IPTABLES_SKELETON } from '../src/formats/shared/iptables/lexer';
import { describeToken as describeListToken, skeleton as IPTABLES_LIST_SKELETON } from '../src/formats/iptables-list/lexer';
import iptablesSaveGrammar from '../src/formats/iptables-save/grammar.gen';
import iptablesListRulesGrammar from '../src/formats/iptables-list-rules/grammar.gen';
import iptablesListGrammar from '../src/formats/iptables-list/grammar.gen';
import { iptablesSaveReader, parseIptablesSave } from '../src/formats/iptables-save/parse';
import type { IptablesSaveUnit } from '../src/formats/iptables-save/build';
import { iptablesListRulesReader, parseIptablesListRules } from '../src/formats/iptables-list-rules/parse';
import type { IptablesListRulesUnit } from '../src/formats/iptables-list-rules/build';
import { iptablesListReader, parseIptablesList } from '../src/formats/iptables-list/parse';
import { describeToken as describeNftToken, NFT_SKELETON } from '../src/formats/nft-ruleset/lexer';
import nftRulesetGrammar from '../src/formats/nft-ruleset/grammar.gen';
import { nftRulesetReader, parseNftRuleset } from '../src/formats/nft-ruleset/parse';
import type { NftUnit } from '../src/formats/nft-ruleset/build';
import type { IptablesListUnit } from '../src/formats/iptables-list/build';
import { lexer as routeN } from '../src/formats/route-n/lexer';
import { lexer as ipRoute, describeToken as describeIpRouteToken, IP_ROUTE_SKELETON } from '../src/formats/ip-route/lexer';
import ipRouteGrammar from '../src/formats/ip-route/grammar.gen';
import { ipRouteReader, parseIpRoute } from '../src/formats/ip-route/parse';
import type { IpRouteUnit } from '../src/formats/ip-route/build';
import { lexer as ipAddr } from '../src/formats/ip-addr/lexer';
import type nearley from 'nearley';
import { describeToken as describeLinkToken, LINK_SKELETON } from '../src/formats/shared/iproute2-link/lexer';
import ipLinkGrammar from '../src/formats/ip-link/grammar.gen';
import ipAddrGrammar from '../src/formats/ip-addr/grammar.gen';
import { parseIpLink, type IpLinkReaders } from '../src/formats/ip-link/parse';
import { parseIpAddr, type IpAddrReaders } from '../src/formats/ip-addr/parse';
import { lexer as ipLink } from '../src/formats/ip-link/lexer';
import { lexer as ipRule } from '../src/formats/ip-rule/lexer';
import { lexer as ipNeigh } from '../src/formats/ip-neigh/lexer';
import { lexer as bridgeFdb } from '../src/formats/bridge-fdb/lexer';
import { lexer as ifconfig, describeToken as describeIfconfigToken, IFCONFIG_SKELETON } from '../src/formats/ifconfig/lexer';
import ifconfigGrammar from '../src/formats/ifconfig/grammar.gen';
import { ifconfigReader, parseIfconfig } from '../src/formats/ifconfig/parse';
import type { IfconfigUnit } from '../src/formats/ifconfig/build';
import { lexer as flannelLog } from '../src/formats/flannel-log/lexer';
import { lexer as iptablesList } from '../src/formats/iptables-list/lexer';
import { lexer as iptablesSave } from '../src/formats/iptables-save/lexer';
import { lexer as iptablesListRules } from '../src/formats/iptables-list-rules/lexer';
import { lexer as nftRuleset } from '../src/formats/nft-ruleset/lexer';
import { lexer as sysctl } from '../src/formats/sysctl/lexer';
import { lexer as kubectlGet, describeToken as describeKubectlToken, KUBECTL_SKELETON } from '../src/formats/kubectl-get/lexer';
import kubectlGetGrammar from '../src/formats/kubectl-get/grammar.gen';
import { kubectlGetReader, parseKubectlGet } from '../src/formats/kubectl-get/parse';
import type { KubectlUnit } from '../src/formats/kubectl-get/build';
import { lexer as etcdctlGet, describeToken as describeEtcdctlToken } from '../src/formats/etcdctl-get/lexer';
import etcdctlGetGrammar from '../src/formats/etcdctl-get/grammar.gen';
import { etcdctlGetReader, parseEtcdctlGet } from '../src/formats/etcdctl-get/parse';
import type { EtcdctlUnit } from '../src/formats/etcdctl-get/build';
import { lexer as subnetEnv, describeToken as describeSubnetEnvToken } from '../src/formats/flannel-subnet-env/lexer';
import subnetEnvGrammar from '../src/formats/flannel-subnet-env/grammar.gen';
import { flannelSubnetEnvReader, parseFlannelSubnetEnv } from '../src/formats/flannel-subnet-env/parse';
import type { FlannelSubnetEnvUnit } from '../src/formats/flannel-subnet-env/build';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { captures, ROOT } from './support/corpus';
import type { Diagnostic } from '../src/core';

const LEXERS: Record<string, Lexer> = {
  'route-n': routeN, 'ip-route': ipRoute, 'ip-addr': ipAddr, 'ip-link': ipLink,
  'ip-rule': ipRule, 'ip-neigh': ipNeigh, 'bridge-fdb': bridgeFdb, ifconfig, 'flannel-log': flannelLog,
  'iptables-list': iptablesList, 'iptables-save': iptablesSave, 'iptables-list-rules': iptablesListRules,
  'nft-ruleset': nftRuleset, sysctl,
};

/** Token types and offsets, whitespace excluded: what the fast path caches. */
function layout(lexer: Lexer, line: string): string {
  lexer.reset(line);
  const parts: string[] = [];
  for (let token = lexer.next(); token; token = lexer.next()) {
    if (token.type !== 'ws') parts.push(`${token.type}@${token.offset}+${token.text.length}`);
  }
  return parts.join(' ');
}

/** Lines of the corpus and of the synthetic fixtures of a format (flannel has no lab: no flanneld here). */
function corpusLines(format: string): string[] {
  const lines = new Set<string>();
  const fixtures = join(ROOT, 'test', 'fixtures', format);
  const texts = existsSync(fixtures)
    ? readdirSync(fixtures).filter((name) => name.endsWith('.txt')).map((name) => ({ text: readFileSync(join(fixtures, name), 'utf8') }))
    : [];
  // flannel's subnet.env has no lab capture: the files of the sos fixtures and incidents
  if (format === 'flannel-subnet-env') texts.push(...subnetEnvFiles(join(ROOT, 'test', 'fixtures')), ...subnetEnvFiles(join(ROOT, 'corpus', 'incidents')));
  for (const capture of [...captures(format), ...texts]) {
    if (capture.text.trimStart().startsWith('[') || capture.text.trimStart().startsWith('{')) continue;
    for (const line of capture.text.split('\n')) if (line.trim() !== '') lines.add(line.replace(/\r$/, ''));
  }
  return [...lines];
}

/** Every subnet.env file under `dir`, as texts. */
function subnetEnvFiles(dir: string): { text: string }[] {
  const out: { text: string }[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name === 'subnet.env') out.push({ text: readFileSync(join(entry.parentPath, entry.name), 'utf8') });
  }
  return out;
}

const DIGITS = '0123456789';
const LOWER = 'abcdef';
const UPPER = 'ABCDEF';

/** Whether position i of a line is abstracted by the skeleton (a digit or hex letter of a numeric field). */
function isAbstracted(line: string, i: number, options: SkeletonOptions = {}): boolean {
  const c = line[i] as string;
  const other = /\d/.test(c) ? (c === '1' ? '2' : '1') : /[a-f]/.test(c) ? (c === 'b' ? 'c' : 'b') : /[A-F]/.test(c) ? (c === 'B' ? 'C' : 'B') : null;
  if (other === null) return false;
  const skeletonOf = (text: string): string => lineSkeletonOf(text, { hexLetters: options.hexLetters })?.skeleton ?? text;
  return skeletonOf(line.slice(0, i) + other + line.slice(i + 1))[i] === skeletonOf(line)[i];
}

/** Changes digits and hex letters inside numeric fields at random: the line keeps its skeleton. */
function mutate(line: string, seed: number[], options: SkeletonOptions = {}): string {
  let out = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string;
    const pick = seed[i % seed.length] as number;
    if (!isAbstracted(line, i, options)) out += c;
    else if (/\d/.test(c)) out += DIGITS[1 + (pick % 9)];
    else if (/[a-f]/.test(c)) out += LOWER[pick % 6];
    else out += UPPER[pick % 6];
  }
  return out;
}

describe('fast path: one skeleton, one tokenization', () => {
  for (const [format, lexer] of Object.entries(LEXERS)) {
    const lines = corpusLines(format);
    it(`${format}: every corpus line of a skeleton lexes alike (${lines.length} distinct lines)`, () => {
      expect(lines.length).toBeGreaterThan(20);
      const seen = new Map<string, { line: string; layout: string }>();
      for (const line of lines) {
        const skeleton = lineSkeleton(line);
        const mine = layout(lexer, line);
        const first = seen.get(skeleton);
        if (first) expect(mine, `${JSON.stringify(first.line)} vs ${JSON.stringify(line)}`).toBe(first.layout);
        else seen.set(skeleton, { line, layout: mine });
      }
    });
    it(`${format}: corpus lines with their numbers changed keep skeleton and tokenization`, () => {
      if (lines.length === 0) return;
      fc.assert(
        fc.property(fc.nat(lines.length - 1), fc.array(fc.nat(), { minLength: 1, maxLength: 16 }), (index, seed) => {
          const line = lines[index] as string;
          const changed = mutate(line, seed);
          expect(lineSkeleton(changed)).toBe(lineSkeleton(line));
          expect(layout(lexer, changed)).toBe(layout(lexer, line));
        }),
        { numRuns: 300 },
      );
    });
  }
});

// The iptables listings abstract more (src/formats/engine/skeleton.ts): quoted values and chain
// hashes (iptables-save, -S), column padding and fields by class (-L). Segments change length, so
// offsets after one are compared from its end; and beyond lexing, the whole fast path (tokens
// reused, text re-read, cached parse) must give what moo and nearley give.
interface SegmentedFormat {
  lexer: Lexer;
  skeleton: SkeletonOptions;
  reader: () => UnitReader<Unit>;
  parse: (text: string, reader: UnitReader<Unit>) => unknown;
  /**
   * The least share of the 400 runs whose line the mutation changes (what its skeleton abstracts),
   * 0.35 when not given: etcdctl's keys and values abstract digits only; subnet.env's lines hold
   * no segment at all, so for it this property reads each corpus line twice, cached and not, and
   * the corpus-line test above is what covers it.
   */
  changed?: number;
}

const SEGMENTED: Record<string, SegmentedFormat> = {
  'iptables-save': {
    lexer: iptablesSave, skeleton: IPTABLES_SKELETON,
    reader: () => new UnitReader({ lexer: iptablesSave, grammar: iptablesSaveGrammar, skeleton: IPTABLES_SKELETON, describe: describeIptablesToken }),
    parse: (text, reader) => parseIptablesSave(text, { reader: reader as UnitReader<IptablesSaveUnit> }),
  },
  'iptables-list-rules': {
    lexer: iptablesListRules, skeleton: IPTABLES_SKELETON,
    reader: () => new UnitReader({ lexer: iptablesListRules, grammar: iptablesListRulesGrammar, skeleton: IPTABLES_SKELETON, describe: describeIptablesToken }),
    parse: (text, reader) => parseIptablesListRules(text, { reader: reader as UnitReader<IptablesListRulesUnit> }),
  },
  'iptables-list': {
    lexer: iptablesList, skeleton: IPTABLES_LIST_SKELETON,
    reader: () => new UnitReader({ lexer: iptablesList, grammar: iptablesListGrammar, skeleton: IPTABLES_LIST_SKELETON, describe: describeListToken }),
    parse: (text, reader) => parseIptablesList(text, { reader: reader as UnitReader<IptablesListUnit> }),
  },
  // padding, digits, MACs, bridge ids and interface names (src/formats/shared/iproute2-link/lexer.ts)
  'ip-link': {
    lexer: ipLink, skeleton: LINK_SKELETON,
    reader: () => linkReader(ipLinkGrammar, 'unit', true),
    parse: (text, reader) => parseIpLink(text, { readers: linkReaders(ipLinkGrammar, reader) as IpLinkReaders }),
  },
  'ip-addr': {
    lexer: ipAddr, skeleton: LINK_SKELETON,
    reader: () => linkReader(ipAddrGrammar, 'unit', true),
    parse: (text, reader) => parseIpAddr(text, { readers: linkReaders(ipAddrGrammar, reader) as IpAddrReaders }),
  },
  // padding, digits, MACs, IPv6 addresses and interface names (src/formats/ifconfig/lexer.ts)
  ifconfig: {
    lexer: ifconfig, skeleton: IFCONFIG_SKELETON,
    reader: () => new UnitReader({ lexer: ifconfig, grammar: ifconfigGrammar, skeleton: IFCONFIG_SKELETON, describe: describeIfconfigToken }),
    parse: (text, reader) => parseIfconfig(text, { reader: reader as UnitReader<IfconfigUnit> }),
  },
  // numbers, IPv4 addresses and IPv4 prefixes (src/formats/ip-route/lexer.ts)
  'ip-route': {
    lexer: ipRoute, skeleton: IP_ROUTE_SKELETON,
    reader: () => new UnitReader({ lexer: ipRoute, grammar: ipRouteGrammar, skeleton: IP_ROUTE_SKELETON, describe: describeIpRouteToken }),
    parse: (text, reader) => parseIpRoute(text, { reader: reader as UnitReader<IpRouteUnit> }),
  },
  // digits only, hex letters kept (src/formats/kubectl-get/lexer.ts); the other two every format's numeric fields
  'kubectl-get': {
    lexer: kubectlGet, skeleton: KUBECTL_SKELETON,
    reader: () => new UnitReader({ lexer: kubectlGet, grammar: kubectlGetGrammar, skeleton: KUBECTL_SKELETON, describe: describeKubectlToken }),
    parse: (text, reader) => parseKubectlGet(text, { reader: reader as UnitReader<KubectlUnit> }),
  },
  'etcdctl-get': {
    lexer: etcdctlGet, skeleton: {}, changed: 0.1,
    reader: () => new UnitReader({ lexer: etcdctlGet, grammar: etcdctlGetGrammar, describe: describeEtcdctlToken }),
    parse: (text, reader) => parseEtcdctlGet(text, { reader: reader as UnitReader<EtcdctlUnit> }),
  },
  'flannel-subnet-env': {
    lexer: subnetEnv, skeleton: {}, changed: 0,
    reader: () => new UnitReader({ lexer: subnetEnv, grammar: subnetEnvGrammar, describe: describeSubnetEnvToken }),
    parse: (text, reader) => parseFlannelSubnetEnv(text, { reader: reader as UnitReader<FlannelSubnetEnvUnit> }),
  },
  // quoted values, digits and every field with a character other than a-z (src/formats/nft-ruleset/lexer.ts)
  'nft-ruleset': {
    lexer: nftRuleset, skeleton: NFT_SKELETON,
    reader: () => new UnitReader({ lexer: nftRuleset, grammar: nftRulesetGrammar, skeleton: NFT_SKELETON, describe: describeNftToken }),
    parse: (text, reader) => parseNftRuleset(text, { reader: reader as UnitReader<NftUnit> }),
  },
};

/** A reader of ip link / ip addr (start rule `unit` for the block layout, `brief` for ip -br). */
function linkReader(grammar: nearley.CompiledRules, start: string, cache: boolean): UnitReader<Unit> {
  return new UnitReader({ lexer: ipLink, grammar: { ...grammar, ParserStart: start }, describe: describeLinkToken, skeleton: LINK_SKELETON, cache });
}

// the brief reader that goes with each full reader (cached with cached, uncached with uncached)
const briefReaders = new WeakMap<UnitReader<Unit>, UnitReader<Unit>>();
function linkReaders(grammar: nearley.CompiledRules, full: UnitReader<Unit>): { full: UnitReader<Unit>; brief: UnitReader<Unit> } {
  let brief = briefReaders.get(full);
  if (!brief) {
    brief = linkReader(grammar, 'brief', (full as unknown as { useCache: boolean }).useCache);
    briefReaders.set(full, brief);
  }
  return { full, brief };
}

/** Token types, with offsets from the end of the last segment before them (`anchor+distance`). */
function anchoredLayout(lexer: Lexer, line: string, options: SkeletonOptions): string {
  const ends = (lineSkeletonOf(line, options)?.segments ?? []).map((segment) => segment.end);
  const at = (offset: number): string => {
    let anchor = -1;
    while (anchor + 1 < ends.length && (ends[anchor + 1] as number) <= offset) anchor++;
    return `${anchor}+${offset - (anchor < 0 ? 0 : (ends[anchor] as number))}`;
  };
  lexer.reset(line);
  const parts: string[] = [];
  for (let token = lexer.next(); token; token = lexer.next()) {
    if (token.type !== 'ws') parts.push(`${token.type}@${at(token.offset)}..${at(token.offset + token.text.length)}`);
  }
  return parts.join(' ');
}

const HASH = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const QUOTED_TEXT = ['a', 'Z', '0', '9', '/', ':', '-', '>', ' ', '.', '#', "'", '\\"', '\\\\', 'ns/web-00012:http', ' -> 10.244.1.5:80', 'cluster IP'];
const FIELD_TEXT = 'abcxyzKUBE-SVC:/.+_=,09';

/** A new text for a segment, of its kind (the skeleton keeps it as a segment of that kind). */
function segmentText(kind: SegmentKind, seed: number[], original: string, options: SkeletonOptions): string {
  const pick = (i: number): number => seed[i % seed.length] as number;
  const length = 1 + (pick(0) % 24);
  switch (kind) {
    case 'quoted': {
      const text = Array.from({ length }, (_, i) => QUOTED_TEXT[pick(i + 1) % QUOTED_TEXT.length]).join('');
      // keep the class: no longer than the lexer's bound on a string (nft's), else keep the original
      return text.length > (options.maxQuoted ?? Infinity) ? original : `"${text}"`;
    }
    case 'hash':
      // a letter past F first: the field stays non-numeric
      return 'GHIJKLMNOPQRSTUVWXYZ'[pick(1) % 20] + Array.from({ length: 15 }, (_, i) => HASH[pick(i + 2) % HASH.length]).join('');
    case 'digits':
      return Array.from({ length }, (_, i) => String(pick(i + 1) % 10)).join('');
    case 'count':
      return `${Array.from({ length: Math.min(length, 6) }, (_, i) => String(pick(i + 1) % 10)).join('')}${'KMGT'[pick(1) % 4]}`;
    case 'padding':
      return Array.from({ length: length + 1 }, (_, i) => (pick(i + 1) % 5 === 0 ? '\t' : ' ')).join('');
    case 'field':
    case 'field2':
    case 'field3': {
      const text = Array.from({ length }, (_, i) => FIELD_TEXT[pick(i + 1) % FIELD_TEXT.length]).join('');
      // an IPv4 address and prefix of other lengths, for the classes that are those (ip route)
      const octets = Array.from({ length: 4 }, (_, i) => String(pick(i + 2) % (pick(i + 6) % 3 === 0 ? 10 : 256))).join('.');
      // keep the class: not digits only, nor digits and K/M/G/T, and of the original's class (else keep the original)
      const classOf = (field: string) => {
        const answer = options.fields?.(field) ?? options.fieldAt?.(field, 0, field.length, fieldSeen(field, 0, field.length));
        return answer === true ? 1 : answer;
      };
      const candidate = [text, octets, `${octets}/${pick(3) % 33}`].find((field) => !/^\d+[KMGT]?$/.test(field) && classOf(field) === classOf(original));
      return candidate ?? original;
    }
  }
}

/** Changes numbers (as above), then every segment's text at random, keeping its kind. */
function mutateSegments(line: string, options: SkeletonOptions, seed: number[]): string {
  let out = mutate(line, seed, options);
  const segments = lineSkeletonOf(out, options)?.segments ?? [];
  for (let s = segments.length - 1; s >= 0; s--) {
    const { kind, start, end } = segments[s] as { kind: SegmentKind; start: number; end: number };
    out = out.slice(0, start) + segmentText(kind, seed.slice(s % seed.length).concat(seed), out.slice(start, end), options) + out.slice(end);
  }
  return out;
}

describe('fast path: iptables and nft skeletons with segments (quoted values, hashes, padding, fields)', () => {
  for (const [format, { lexer, skeleton, reader, parse, changed: leastChanged = 0.35 }] of Object.entries(SEGMENTED)) {
    const lines = corpusLines(format);
    it(`${format}: every corpus line of a skeleton lexes alike (${lines.length} distinct lines)`, () => {
      const seen = new Map<string, { line: string; layout: string }>();
      let shared = 0;
      for (const line of lines) {
        const skeleton_ = lineSkeletonOf(line, skeleton)?.skeleton;
        if (skeleton_ === undefined) continue;
        const mine = anchoredLayout(lexer, line, skeleton);
        const first = seen.get(skeleton_);
        if (first) {
          shared++;
          expect(mine, `${JSON.stringify(first.line)} vs ${JSON.stringify(line)}`).toBe(first.layout);
        } else seen.set(skeleton_, { line, layout: mine });
      }
      // kubectl and etcdctl fixtures are a few distinct lines: the changed lines below share their skeletons
      if (lines.length >= 100) expect(shared).toBeGreaterThan(lines.length / 8);
    });

    it(`${format}: every corpus line reads alike through the fast path and through moo and nearley`, () => {
      const cached = reader();
      const uncached = uncachedReader(format);
      expect(lines.length).toBeGreaterThan(0);
      for (const line of lines) expect(parse(line, cached), JSON.stringify(line)).toEqual(parse(line, uncached));
      if (lines.length >= 100) expect(cached.skeletonHits).toBeGreaterThan(lines.length / 8);
    });

    it(`${format}: lines with hashes, quoted values, fields, padding and numbers changed keep skeleton, tokens and records`, () => {
      const cached = reader();
      const uncached = uncachedReader(format);
      let runs = 0;
      let fastRuns = 0;
      let changedRuns = 0;
      fc.assert(
        fc.property(fc.nat(lines.length - 1), fc.array(fc.nat(), { minLength: 1, maxLength: 24 }), (index, seed) => {
          const line = lines[index] as string;
          const changed = mutateSegments(line, skeleton, seed);
          if (changed !== line) changedRuns++;
          expect(lineSkeletonOf(changed, skeleton)?.skeleton).toBe(lineSkeletonOf(line, skeleton)?.skeleton);
          expect(anchoredLayout(lexer, changed, skeleton)).toBe(anchoredLayout(lexer, line, skeleton));
          parse(line, cached);
          const hits = cached.skeletonHits;
          const fast = parse(changed, cached);
          runs++;
          if (cached.skeletonHits > hits) fastRuns++;
          expect(fast, JSON.stringify(changed)).toEqual(parse(changed, uncached));
        }),
        { numRuns: 400 },
      );
      // the changed line took the fast path (iptables -L cuts a line that holds several units first)
      expect(fastRuns).toBeGreaterThan(runs * 0.8);
      // and most changed lines differ from the corpus line they came from: the property is about them
      expect(changedRuns).toBeGreaterThanOrEqual(runs * leastChanged);
    });
  }
});

function uncachedReader(format: string): UnitReader<Unit> {
  switch (format) {
    case 'iptables-save': return iptablesSaveReader({ cache: false }) as unknown as UnitReader<Unit>;
    case 'iptables-list-rules': return iptablesListRulesReader({ cache: false }) as unknown as UnitReader<Unit>;
    case 'nft-ruleset': return nftRulesetReader({ cache: false }) as unknown as UnitReader<Unit>;
    case 'ip-link': return linkReader(ipLinkGrammar, 'unit', false);
    case 'ifconfig': return ifconfigReader({ cache: false }) as unknown as UnitReader<Unit>;
    case 'ip-route': return ipRouteReader({ cache: false }) as unknown as UnitReader<Unit>;
    case 'kubectl-get': return kubectlGetReader({ cache: false }) as unknown as UnitReader<Unit>;
    case 'etcdctl-get': return etcdctlGetReader({ cache: false }) as unknown as UnitReader<Unit>;
    case 'flannel-subnet-env': return flannelSubnetEnvReader({ cache: false }) as unknown as UnitReader<Unit>;
    case 'ip-addr': return linkReader(ipAddrGrammar, 'unit', false);
    default: return iptablesListReader({ cache: false }) as unknown as UnitReader<Unit>;
  }
}

describe('fast path: fields of one class lex alike wherever they stand (ip link, ip addr, ifconfig)', () => {
  // values of every shape the two lexers tell apart, mixed in every slot: two lines of one skeleton
  // must lex alike, so a class that took two token types (a name and a MAC) fails here
  const VALUES = [
    'cbr0:', 'eth0:1:', 'veth1a2b@if3:', 'ab:', 'ab:cd:', 'xy:zz:', 'addr:', 'inet6:', 'a::', 'fe80::', 'RX:', 'TX:', 'errors:', 'link/ether:', '12:',
    '00:11:22:33:44:55', '06:ab:10:11:4d:83', 'aa:bb:cc:dd', 'aa-bb-cc-dd-ee-ff', '8000.6:ab:10:11:4d:83', '8000.0:0:0:0:0:0',
    'fe80::1', '::1', 'fe80::4ab:10ff:fe11:4d83', 'fe80::1/64', '1:2:3:4:5:6:7:8', 'ab:cd:ef', '1500', '0', '4163', '12K', '0x20',
    'mtu', 'flags=4163<UP>', 'Bcast:', 'Mask:255.0.0.0', 'addr:10.0.0.1', '10.0.0.1', '10.0.0.0/8', 'inet', 'ether', 'Link', 'encap:Ethernet', '(Ethernet)', '(4.0', 'KiB)',
  ];
  // most slots hold the same value in both lines, so that lines often share a skeleton
  const line = fc.array(fc.record({
    a: fc.constantFrom(...VALUES), b: fc.constantFrom(...VALUES), same: fc.nat(3), gap: fc.constantFrom(' ', '  ', '\t', '   '), gap2: fc.constantFrom(' ', '  ', '\t', '   '),
  }), { minLength: 1, maxLength: 4 });
  for (const [name, lexer, options] of [['ifconfig', ifconfig, IFCONFIG_SKELETON], ['ip link / ip addr', ipLink, LINK_SKELETON]] as const) {
    it(`${name}: lines of one skeleton lex to the same tokens at the same places`, () => {
      let same = 0;
      fc.assert(fc.property(line, fc.constantFrom('', '        ', '    '), (slots, indent) => {
        const first = indent + slots.map((slot, i) => (i > 0 ? slot.gap : '') + slot.a).join('');
        const second = indent + slots.map((slot, i) => (i > 0 ? (slot.same > 1 ? slot.gap : slot.gap2) : '') + (slot.same > 0 ? slot.a : slot.b)).join('');
        const a = lineSkeletonOf(first, options)?.skeleton;
        if (a === undefined || a !== lineSkeletonOf(second, options)?.skeleton) return;
        same++;
        expect(anchoredLayout(lexer, second, options), `${JSON.stringify(first)} / ${JSON.stringify(second)}`).toBe(anchoredLayout(lexer, first, options));
      }), { numRuns: 4000 });
      expect(same).toBeGreaterThan(1000);
    });
  }
});

describe('fast path: fields of one class lex alike wherever they stand (ip route)', () => {
  // values of every shape ip route's lexer tells apart, mixed in every slot (see above)
  const VALUES = [
    '0', '7', '100', '4294967295', '10.0.0.1', '1.2.3.4', '255.255.255.255', '0.0.0.0', '10.244.0.0/16', '1.2.3.0/24', '0.0.0.0/0', '1.2.3.4/100',
    '1234.1.1.1', '1.2.3', '1.2.3.4.5', '1.2.3.4/1234', '0/8', '-1', '12sec', '5ms', '0x1f', 'fe80::/64', '::1', '2001:db8::1', 'default', 'via', 'dev',
    'eth0', 'proto', 'kernel', 'metric', 'src', '<local>', '\\', 'nexthop', 'weight', '1.2.3.4:80', '10.0.0.1,', 'a.b.c.d',
  ];
  const line = fc.array(fc.record({ a: fc.constantFrom(...VALUES), b: fc.constantFrom(...VALUES), same: fc.nat(3) }), { minLength: 1, maxLength: 5 });
  it('ip route: lines of one skeleton lex to the same tokens at the same places', () => {
    let same = 0;
    fc.assert(fc.property(line, fc.constantFrom('', '\t'), (slots, indent) => {
      const first = indent + slots.map((slot) => slot.a).join(' ');
      const second = indent + slots.map((slot) => (slot.same > 0 ? slot.a : slot.b)).join(' ');
      const a = lineSkeletonOf(first, IP_ROUTE_SKELETON)?.skeleton;
      if (a === undefined || a !== lineSkeletonOf(second, IP_ROUTE_SKELETON)?.skeleton) return;
      same++;
      expect(anchoredLayout(ipRoute, second, IP_ROUTE_SKELETON), `${JSON.stringify(first)} / ${JSON.stringify(second)}`).toBe(anchoredLayout(ipRoute, first, IP_ROUTE_SKELETON));
    }), { numRuns: 4000 });
    expect(same).toBeGreaterThan(1000);
  });
});

describe('fast path: transient reading (one unit per skeleton, rewritten line after line)', () => {
  // what a visitor can see of a unit while it is called: its tree with token texts and places
  // (moo's lineBreaks, which no builder reads, only on lines that moo lexed)
  const snapshot = (read: { unit: unknown; span: unknown; tokens: { type?: string; text: string; offset: number; line: number; col: number }[] }): string =>
    JSON.stringify({ unit: read.unit, span: read.span, tokens: read.tokens.map((t) => [t.type, t.text, t.offset, t.line, t.col]) },
      (key, value: unknown) => (key === 'lineBreaks' ? undefined : value));
  const texts = captures('iptables-save').map((capture) => capture.text);

  it('iptables-save: a visitor sees each unit exactly as a retained reading holds it, in every capture', () => {
    expect(texts.length).toBeGreaterThan(3);
    const reader = iptablesSaveReader();
    let lines = 0;
    for (const text of texts) {
      const retained = readUnits(reader, text);
      const seen: string[] = [];
      const diagnostics = forEachUnit(reader, text, (read) => seen.push(snapshot(read)), { transient: true });
      expect(seen).toEqual(retained.units.map(snapshot));
      expect(diagnostics).toEqual(retained.diagnostics);
      lines += seen.length;
    }
    expect(lines).toBeGreaterThan(500);
  });

  it('a transient unit is rewritten by the next line of its skeleton, and a new read starts afresh', () => {
    const reader = iptablesSaveReader({ cache: true });
    const text = '-A KUBE-SEP-AAAAAAAAAAAAAAAA -s 10.244.1.2/32 -j KUBE-MARK-MASQ\n-A KUBE-SEP-BBBBBBBBBBBBBBBB -s 10.244.3.4/32 -j KUBE-MARK-MASQ\n';
    const units: { unit: unknown; chain: string }[] = [];
    forEachUnit(reader, text, (read) => units.push({ unit: read.unit, chain: (read.unit as { chain: { text: string } }).chain.text }), { transient: true });
    expect(units.map((u) => u.chain)).toEqual(['KUBE-SEP-AAAAAAAAAAAAAAAA', 'KUBE-SEP-BBBBBBBBBBBBBBBB']);
    // the first line went the grammar's way (it made the skeleton entry); the second was read into the live unit
    forEachUnit(reader, text, (read) => units.push({ unit: read.unit, chain: (read.unit as { chain: { text: string } }).chain.text }), { transient: true });
    expect(units.slice(2).map((u) => u.chain)).toEqual(['KUBE-SEP-AAAAAAAAAAAAAAAA', 'KUBE-SEP-BBBBBBBBBBBBBBBB']);
    expect(units[2]?.unit).toBe(units[3]?.unit);
    // released at the end of a read: the next read does not write into the last one's unit
    expect(units[3]?.unit).not.toBe(units[1]?.unit);
  });
});

describe('fast path: a line read in place (readLineAt) reads as the line cut out (readLineText)', () => {
  const snapshot = (reads: { unit: unknown; span: unknown; tokens: { type?: string; text: string; offset: number; line: number; col: number }[] }[]): string =>
    JSON.stringify(reads.map((read) => ({ unit: read.unit, span: read.span, tokens: read.tokens.map((t) => [t.type, t.text, t.offset, t.line, t.col]) })),
      (key, value: unknown) => (key === 'lineBreaks' ? undefined : value));
  const texts = captures('nft-ruleset').map((capture) => capture.text);

  for (const transient of [false, true])
    it(`nft-ruleset: every line of every capture, units and diagnostics alike${transient ? ' (transient)' : ''}`, () => {
      expect(texts.length).toBeGreaterThan(3);
      // one reader each, fresh: both meet every skeleton first unknown (moo and the grammar), then known
      const make = () => new UnitReader<NftUnit>({ lexer: nftRuleset, grammar: nftRulesetGrammar, describe: describeNftToken, skeleton: NFT_SKELETON });
      const cutReader = make();
      const inPlaceReader = make();
      // as nft-ruleset reads its lines: one unit or none, never the longest-match scan
      const options = { scan: false, transient };
      let read = 0;
      for (const text of texts) {
        let start = 0;
        for (const [index, lineText] of text.split('\n').entries()) {
          const atDiagnostics: Diagnostic[] = [];
          const textDiagnostics: Diagnostic[] = [];
          // each snapshot taken before the next read: a transient unit is rewritten by it
          const cut = snapshot(cutReader.readLineText(text, lineText, start, index + 1, textDiagnostics, options));
          const inPlace = snapshot(inPlaceReader.readLineAt(text, start, start + lineText.length, index + 1, atDiagnostics, options));
          expect(inPlace).toBe(cut);
          expect(atDiagnostics).toEqual(textDiagnostics);
          if (cut !== '[]') read++;
          start += lineText.length + 1;
        }
      }
      cutReader.releaseLive();
      inPlaceReader.releaseLive();
      expect(read).toBeGreaterThan(1000);
      // both paths taken: lines of a known skeleton (hits), and of a new one (the rest of the lines)
      const lines = texts.reduce((sum, text) => sum + text.split('\n').length, 0);
      expect(inPlaceReader.skeletonHits).toBeGreaterThan(100);
      expect(lines - inPlaceReader.skeletonHits).toBeGreaterThan(100);
    });
});

describe('fast path: a line scanned in its text', () => {
  /** What a scan leaves for the reader: the skeleton, its hash, and the segments and changed fields (line offsets). */
  const result = (scanner: SkeletonScanner, ok: boolean) => ok ? {
    key: Array.from(scanner.key.subarray(0, scanner.length)), hash: scanner.hash,
    segments: Array.from({ length: scanner.segments }, (_, s) => [scanner.starts[s], scanner.ends[s]]),
    changed: Array.from({ length: scanner.changed }, (_, s) => [scanner.changedStarts[s], scanner.changedEnds[s]]),
  } : null;
  const line = fc.array(fc.oneof(
    fc.constantFrom(' ', '\t', '  ', '"a b"', '"x\\" y"', 'KUBE-SVC-ABCDEFGHIJKLMNOP', '10.244.1.5/32', '0x4000/0x4000', '12K', '--', 'chain', 'dport', ';', '#'),
    fc.string({ maxLength: 6 }).map((s) => s.replace(/[\n\r]/g, '')),
  ), { maxLength: 20 }).map((parts) => parts.join(''));

  for (const [name, options] of Object.entries({ plain: {}, iptables: IPTABLES_SKELETON, 'iptables -L': IPTABLES_LIST_SKELETON, nft: NFT_SKELETON })) {
    it(`${name}: reads a line inside a text as it reads the line alone`, () => {
      fc.assert(fc.property(line, fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), (text, before, after) => {
        const alone = new SkeletonScanner(options);
        const inside = new SkeletonScanner(options);
        const whole = `${before}\n${text}\n${after}`;
        const from = before.length + 1;
        expect(result(inside, inside.scan(whole, from, from + text.length))).toEqual(result(alone, alone.scan(text)));
      }));
    });
  }
});
