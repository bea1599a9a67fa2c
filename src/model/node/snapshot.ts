// One node's network at the time of the incident, from every section its host shows: links,
// addresses, routes, neighbours, FDB, netfilter and flannel, each with its later changes.
import type { ParsedSection } from '../evidence';
import type { Address, FdbEntry, KernelLookup, Link, Listing, Neighbor, PolicyRule, Route, Table } from './facts';
import { readFdb, readInterfaces, readKernelLookup, readNeighbors, readPolicyRules, readRoutes, kindFromName } from './read';
import { readFlannel, type FlannelState } from './flannel';
import { readNetfilter, type NodeNetfilter } from './netfilter';
import { readSysctls, type Sysctl } from './sysctl';
import { readIpvs, type IpvsTable } from './ipvs';
import { readIpsets, type IpSet } from './ipset';
import { buildTable } from './table';
import { append } from '../../core';

export interface NodeSnapshot {
  name: string;
  sections: ParsedSection[];
  /** By name; a Map since names come from the input. */
  links: Map<string, Link>;
  addresses: Table<Address>;
  routes: Table<Route>;
  /** Policy routing rules (ip rule); none shown: the kernel's defaults apply (find-route.ts). */
  policyRules: Table<PolicyRule>;
  neighbors: Table<Neighbor>;
  fdb: Table<FdbEntry>;
  netfilter: NodeNetfilter | null;
  flannel: FlannelState;
  /** Kernel settings by key, as sysctl prints it (a Map: keys come from the input). */
  sysctls: Map<string, Sysctl>;
  /** The kernel's own route lookups the outputs show (ip route get), in input order. */
  kernelLookups: KernelLookup[];
  /** kube-proxy's IPVS mode: the virtual services ipvsadm shows; null when no ipvsadm listing is shown. */
  ipvs: IpvsTable | null;
  /** IP sets (ipset list / save) by name: what iptables' set matches test (a Map: names come from the input). */
  ipsets: Map<string, IpSet>;
  /**
   * The node's name in Kubernetes where the cluster's outputs name it otherwise than its prompt
   * does (a shell prompt shows the hostname up to its first dot: `bravo` for node
   * `bravo.lab.example.com`); null: the same. Set by the cluster model; kubectl commands use it.
   */
  kubernetesName: string | null;
}

const routeKey = (r: Route): string => `${r.table}|${r.type}|${r.network}|${r.gateway ?? ''}|${r.dev ?? ''}`;
const addressKey = (a: Address): string => `${a.cidr}|${a.device}`;
const neighborKey = (n: Neighbor): string => `${n.ip}|${n.dev ?? ''}|${n.lladdr ?? ''}`;
const fdbKey = (f: FdbEntry): string => `${f.mac}|${f.dev ?? ''}|${f.dst ?? ''}`;
const ruleKey = (r: PolicyRule): string => `${r.priority}|${r.not}|${r.from?.network ?? ''}/${r.from?.length ?? ''}|${r.to?.network ?? ''}/${r.to?.length ?? ''}|${r.fwmark ?? ''}/${r.fwmask ?? ''}|${r.iif ?? ''}|${r.oif ?? ''}|${r.ipproto ?? ''}|${r.dport ? `${r.dport.start}-${r.dport.end}` : ''}|${r.undecided.join(' ')}|${r.action}|${r.table ?? ''}|${r.goto ?? ''}`;

export function buildNodeSnapshot(name: string, sections: readonly ParsedSection[]): NodeSnapshot {
  const routes: Listing<Route>[] = [];
  const addresses: Listing<Address>[] = [];
  const neighbors: Listing<Neighbor>[] = [];
  const fdb: Listing<FdbEntry>[] = [];
  const policyRules: Listing<PolicyRule>[] = [];
  const kernelLookups: KernelLookup[] = [];
  const links = new Map<string, Link>();
  for (const source of sections) {
    switch (source.section.format) {
      case 'route-n':
      case 'ip-route': {
        const lookup = readKernelLookup(source);
        if (lookup) kernelLookups.push(lookup);
        else routes.push(readRoutes(source));
        break;
      }
      case 'ip-addr':
      case 'ip-link':
      case 'ifconfig': {
        const read = readInterfaces(source);
        for (const link of read.links) mergeLink(links, link);
        if (source.section.format !== 'ip-link') addresses.push(read.addresses);
        break;
      }
      case 'ip-neigh':
        neighbors.push(readNeighbors(source));
        break;
      case 'bridge-fdb':
        fdb.push(readFdb(source));
        break;
      case 'ip-rule':
        policyRules.push(readPolicyRules(source));
        break;
      default:
        break;
    }
  }
  for (const link of links.values()) {
    if (link.kind !== null) continue;
    link.kind = kindFromName(link.name);
    link.kindFromName = link.kind !== null;
  }
  return {
    name,
    sections: [...sections],
    links,
    addresses: buildTable('addresses', addresses, addressKey),
    routes: buildTable('routes', routes, routeKey),
    policyRules: buildTable('rules', policyRules, ruleKey),
    neighbors: buildTable('neighbors', neighbors, neighborKey),
    fdb: buildTable('fdb', fdb, fdbKey),
    netfilter: readNetfilter(sections),
    flannel: readFlannel(sections),
    sysctls: readSysctls(sections),
    kernelLookups,
    ipvs: readIpvs(sections),
    ipsets: readIpsets(sections),
    kubernetesName: null,
  };
}

/** ip -d's facts win over ifconfig's; each source adds what the others lack, and its evidence. */
function mergeLink(links: Map<string, Link>, link: Link): void {
  // ifconfig names an alias "eth0:1": it is an address label on eth0, not a device
  const name = link.name.includes(':') ? link.name.slice(0, link.name.indexOf(':')) : link.name;
  const existing = links.get(name);
  if (!existing) {
    links.set(name, { ...link, name });
    return;
  }
  if (existing.kind === null || (existing.kind === 'tunnel' && link.kind !== null)) existing.kind = link.kind;
  existing.mac ??= link.mac;
  existing.mtu ??= link.mtu;
  existing.up ??= link.up;
  existing.master ??= link.master;
  existing.vxlan ??= link.vxlan;
  append(existing.evidence, link.evidence);
}
