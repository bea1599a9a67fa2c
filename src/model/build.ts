// From an ingest bundle to the model: every section parsed with its format (as the command said:
// device, table, namespace), one snapshot per host, then the cluster over them.
import type { Bundle, Diagnostic, Section } from '../core';
import { parse } from '../formats/registry';
import type { FormatId } from '../formats/format';
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

export function buildModel(bundle: Bundle): Model {
  const diagnostics: Model['diagnostics'] = [];
  const read = (host: string | null, section: Section): ParsedSection => {
    if (!section.format) return { host, section, records: [] };
    const parsed = parse(section.format as FormatId, section.text, section.options);
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
