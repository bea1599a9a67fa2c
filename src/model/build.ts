// From an ingest bundle to the model: every section parsed with its format (as the command said:
// device, table, namespace), one snapshot per host, then the cluster over them.
import type { Bundle, Diagnostic, Section } from '../core';
import { parse } from '../formats/registry';
import type { FormatId, Parsed } from '../formats/format';
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
  const read = (host: string | null, section: Section): ParsedSection => {
    if (!section.format) return { host, section, records: [] };
    const parsed = preParsed?.get(section) ?? parse(section.format as FormatId, section.text, section.options);
    for (const diagnostic of parsed.diagnostics) {
      diagnostics.push({ ...diagnostic, span: inputSpan(section, diagnostic.span), host, origin: section.origin });
    }
    return { host, section, records: parsed.records as unknown[] };
  };
  const hosts = bundle.hosts.map((host) => ({ name: host.name, sections: host.sections.map((section) => read(host.name, section)) }));
  const clusterSections = bundle.cluster.map((section) => read(null, section));
  const unattributed = bundle.unattributed.map((u) => read(null, u.section));
  const nodes = new Map<string, NodeSnapshot>();
  for (const host of hosts) nodes.set(host.name, buildNodeSnapshot(host.name, host.sections));
  const cluster = buildCluster([...nodes.values()], clusterSections);
  return { bundle, hosts, clusterSections, unattributed, nodes, cluster, diagnostics };
}
