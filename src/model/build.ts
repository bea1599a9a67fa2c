// From an ingest bundle to the model: every section parsed with its format (as the command said:
// device, table, namespace), one snapshot per host, then the cluster over them.
import type { Bundle, Diagnostic, Section } from '../core';
import { compareNatural } from '../core';
import { parse } from '../formats/registry';
import { hasIptablesWarning } from '../formats/shared/iptables/lexer';
import type { FormatId, ParseContext, Parsed } from '../formats/format';
import { SharedRuleParts } from '../formats/shared/iptables/rule';
import { buildCluster, type Cluster } from './cluster';
import { inputSpan, type ParsedSection } from './evidence';
import { buildNodeSnapshot, type NodeSnapshot } from './node/snapshot';

export interface Model {
  bundle: Bundle;
  hosts: { name: string; sections: ParsedSection[] }[];
  clusterSections: ParsedSection[];
  unattributed: ParsedSection[];
  nodes: Map<string, NodeSnapshot>;
  cluster: Cluster;
  /** The parsers' diagnostics, their spans in the input as given. */
  diagnostics: (Diagnostic & { host: string | null; origin: Section['origin'] })[];
}

export interface BuildModelOptions {
  /**
   * Sections already parsed (by worker threads: src/node/diagnose.ts), each exactly as
   * `parse(section.format, section.text, section.options)` returns it; the others are parsed here.
   */
  parsed?: ReadonlyMap<Section, Parsed<unknown>>;
  /**
   * Leave unparsed the listings another listing of the same host already holds: `iptables -t nat -nvL`
   * and `iptables -vnxL` when the host's iptables-save shows that table (the model reads one listing per
   * table, iptables-save first). In a sos report they are half of all text. Their records stay empty
   * and `skipped` says why; use it when the parsed records of every section are not wanted. A listing
   * that shows a warning of iptables-nft (hasIptablesWarning) is read all the same.
   */
  skipRedundant?: boolean;
  /**
   * Called with each host's snapshot as soon as it is built, before the next host is read: work
   * over one node's records done here finds them still in the processor's cache (diagnose reads
   * each node's kube-proxy services so), not spread through the heap of every node.
   */
  onNode?: (node: NodeSnapshot) => void;
  /**
   * Read iptables-save's rules as PackedRule objects (ParseContext.packRules): the same rules, a
   * fifth of the memory, their spans made when asked for. For a report that does not print records.
   */
  packRules?: boolean;
}

const IPTABLES_LISTINGS: ReadonlySet<string> = new Set(['iptables-list', 'iptables-list-rules']);

/** What tells a listing's kind: a section's format, command and options, or a sos file's (src/ingest/sos-files.ts). */
type ListingKind = Pick<Section, 'format' | 'command' | 'options'>;

/**
 * Whether a listing shows the node's own network namespace: not one run in another (options.netns:
 * sos's `ip netns exec <ns> …` for every pod's namespace, `kubectl exec` into a pod, `nsenter -t <pid> -n`),
 * which says nothing of the node's links, addresses, routes or tables.
 */
export const inNodeNamespace = (listing: Pick<Section, 'options'>): boolean => listing.options?.['netns'] === undefined;

/** An IPv4 iptables listing of the node's own namespace ("ip6tables …" lists the other family). */
export const isIPv4Listing = (listing: Pick<Section, 'command' | 'options'>): boolean =>
  inNodeNamespace(listing) && !/^(?:sudo\s+)?ip6tables/.test(listing.command ?? '');

/**
 * iptables -L or -S of IPv4: what the host's iptables-save may make redundant. Not a listing run
 * with a backend's own program (iptables-legacy, iptables-nft): it may show the tables of the
 * backend the iptables-save does not, and its command names that backend (netfilter/mixed-backends).
 */
const isIPv4IptablesListing = (listing: ListingKind): boolean =>
  listing.format !== null && IPTABLES_LISTINGS.has(listing.format) && isIPv4Listing(listing) && !/^(?:sudo\s+)?iptables-(?:legacy|nft)\b/.test(listing.command ?? '');

/**
 * The table of an IPv4 iptables listing (-L, -S) when `covered`, the tables the host's IPv4
 * iptables-save shows, holds it: the model reads that table from iptables-save, and the listing is
 * redundant (buildModel's skipRedundant, ingestPath's); null otherwise.
 */
export function redundantTable(listing: ListingKind, covered: ReadonlySet<string>): string | null {
  if (!isIPv4IptablesListing(listing)) return null;
  const table = listing.options?.['table'] ?? 'filter';
  return covered.has(table) ? table : null;
}

/**
 * Whether buildModel with skipRedundant may leave `section` unparsed: an IPv4 iptables listing of a
 * host whose complete IPv4 iptables-save may show its table (buildModel decides from the records).
 */
export function mayBeRedundant(hostSections: readonly Section[], section: Section): boolean {
  if (!isIPv4IptablesListing(section)) return false;
  return hostSections.some((other) => other.format === 'iptables-save' && isIPv4Listing(other) && !other.partial);
}

// Parses attached to a bundle by attachParsed, for callers that reach buildModel through diagnose()
const attached = new WeakMap<Bundle, ReadonlyMap<Section, Parsed<unknown>>>();

/** Lets every later buildModel(bundle) use these parses of its sections instead of parsing again. */
export function attachParsed(bundle: Bundle, parsed: ReadonlyMap<Section, Parsed<unknown>>): void {
  attached.set(bundle, parsed);
}

export function buildModel(bundle: Bundle, options: BuildModelOptions = {}): Model {
  const diagnostics: Model['diagnostics'] = [];
  const preParsed = options.parsed ?? attached.get(bundle);
  // the iptables listings of the bundle build their rules from one set of parts: nodes' kube-proxy
  // rules read alike (the same services, the same endpoints), so a match or target that reads the
  // same is built and held once for the bundle, not once a node (5,000 services: 61 -> 51 MB a node)
  const context: ParseContext = { ruleParts: new SharedRuleParts(), packRules: options.packRules === true };
  const read = (host: string | null, section: Section): ParsedSection => {
    if (!section.format) return { host, section, records: [] };
    const parsed = preParsed?.get(section) ?? parse(section.format as FormatId, section.text, section.options, context);
    for (const diagnostic of parsed.diagnostics) {
      diagnostics.push({ ...diagnostic, span: inputSpan(section, diagnostic.span), host, origin: section.origin });
    }
    return { host, section, records: parsed.records as unknown[] };
  };
  const nodes = new Map<string, NodeSnapshot>();
  // the hosts by name, not by the order of the inputs: findings, their ranking and the hosts a
  // message lists come out the same whichever file was named first
  const hosts = [...bundle.hosts].sort((a, b) => compareNatural(a.name, b.name)).map((host) => {
    const parsed = new Map<Section, ParsedSection>();
    // iptables-save first: the tables it shows make the other listings of them redundant
    const covered = new Set<string>();
    for (const section of host.sections) {
      if (section.format !== 'iptables-save' || !isIPv4Listing(section)) continue;
      const source = read(host.name, section);
      parsed.set(section, source);
      if (section.partial) continue;
      for (const record of source.records as { type?: string; table?: string | null }[]) {
        if (record.type !== 'meta' && record.table) covered.add(record.table);
      }
    }
    const sections = host.sections.map((section): ParsedSection => {
      const done = parsed.get(section);
      if (done) return done;
      const table = options.skipRedundant && !hasIptablesWarning(section.text) ? redundantTable(section, covered) : null;
      if (table !== null) return { host: host.name, section, records: [], skipped: `the host's iptables-save shows the ${table} table` };
      return read(host.name, section);
    });
    // the snapshot while this host's records are the ones last made; another namespace's listings
    // stay in the report, never in the node
    const node = buildNodeSnapshot(host.name, sections.filter((source) => inNodeNamespace(source.section)));
    nodes.set(host.name, node);
    options.onNode?.(node);
    return { name: host.name, sections };
  });
  const clusterSections = bundle.cluster.map((section) => read(null, section));
  const unattributed = bundle.unattributed.map((u) => read(null, u.section));
  const cluster = buildCluster([...nodes.values()], clusterSections);
  return { bundle, hosts, clusterSections, unattributed, nodes, cluster, diagnostics };
}
