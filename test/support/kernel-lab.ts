// The kernel-trace lab's captures (corpus/kernel-trace/<s>/transcript.txt, made by
// corpus/lab/kernel-trace/<s>-*.sh): flannel-like nodes in network namespaces, each probe's outcome in
// the kernel recorded beside them (kernel.txt, counters-*.txt, listen-*.log).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './corpus';

const transcript = (scenario: string): string => readFileSync(join(ROOT, 'corpus/kernel-trace', scenario, 'transcript.txt'), 'utf8');

/** s1: filter FORWARD (-s, multiport, marks, --tcp-flags, iprange) on node-2. */
export const LAB_S1 = transcript('s1');
/** s2: nat PREROUTING/OUTPUT, DNAT ranges, REDIRECT, marks, an fwmark ip rule and local routes on node-1. */
export const LAB_S2 = transcript('s2');
/** s3: policy routing (from, fwmark, unreachable, blackhole) and mangle marks. */
export const LAB_S3 = transcript('s3');
/** s4: filter INPUT and OUTPUT, the vxlan frame at the peer. */
export const LAB_S4 = transcript('s4');
/** s6: conntrack states (ctstate DNAT, --ctorigdstport). */
export const LAB_S6 = transcript('s6');
/** s7: a NodePort reached on another node: that node's nat PREROUTING DNATs (three nodes, kube-proxy-shaped rules). */
export const LAB_S7 = transcript('s7');
/** s8: ip rules by protocol and port (ipproto, dport) on the sender and on the forwarding node. */
export const LAB_S8 = transcript('s8');
/** s9: the vxlan frame's addresses: a neighbour entry with node-2's old VTEP MAC (node-2 drops the frames), an FDB entry to an address no host has (its ARP fails). */
export const LAB_S9 = transcript('s9');
/** s10: the way back: replies dropped by FORWARD (by --sport, by the client's port range), no route back, a NodePort DNAT without masquerade (the reply bypasses the node that translated). */
export const LAB_S10 = transcript('s10');
/** s11: the kernel's check of an arriving packet's source: rp_filter strict (dropped) and loose (passed) on flannel.1, a martian source (an address the receiver holds itself). */
export const LAB_S11 = transcript('s11');
/** s12: a reply's ports and sources after the request was translated: MASQUERADE --random-fully, hairpins, a pod client, externalTrafficPolicy Local. */
export const LAB_S12 = transcript('s12');
/** s13: a reply through a node the request never passed (INVALID there), and a ClusterIP from a node answered by eth0. */
export const LAB_S13 = transcript('s13');
/** s14: a pod's ClusterIP to a pod on its own bridge with bridge-nf-call-iptables = 0. */
export const LAB_S14 = transcript('s14');
/** s15: a node's socket takes its source for the ClusterIP before nat OUTPUT DNATs it. */
export const LAB_S15 = transcript('s15');

/** One probe of a scenario: its label, the trace its script asks netsift for, and what the kernel did (kernel.txt). */
export interface LabProbe {
  scenario: string;
  label: string;
  query: { from?: string; to: string; source?: string; proto?: 'tcp' | 'udp' };
  kernel: string;
}

/** Every probe a scenario's script both sent through the kernel (`k`) and traced with netsift (`n`). */
export function labProbes(scenario: string): LabProbe[] {
  const script = readdirSync(join(ROOT, 'corpus/lab/kernel-trace')).find((file) => file.startsWith(`${scenario}-`));
  if (!script) throw new Error(`no script for ${scenario}`);
  // kernel.txt: the label, "probe WHO DST PORT [udp] [SRC]", then the outcome
  const kernel = new Map(readFileSync(join(ROOT, 'corpus/kernel-trace', scenario, 'kernel.txt'), 'utf8').split('\n').filter((line) => line.includes(' probe '))
    .map((line) => {
      const at = line.indexOf(' probe ');
      return [line.slice(0, at).trim(), line.slice(at + 1).replace(/^probe \S+ \S+ \S+(?: (?:tcp|udp))?(?: [\d.]+)?\s+/, '').trim()];
    }));
  const probes: LabProbe[] = [];
  // the literal `n "label" …` lines (not those a loop makes), with the script's NAME=value variables put in
  const lines = readFileSync(join(ROOT, 'corpus/lab/kernel-trace', script), 'utf8').split('\n');
  const variables = new Map(lines.map((line) => /^([A-Z]+)=(\S+)$/.exec(line)).filter((m) => m !== null).map((m) => [m[1], m[2]]));
  for (const raw of lines) {
    const line = raw.replace(/\$([A-Z]+)\b/g, (whole, name: string) => variables.get(name) ?? whole);
    const match = /^n "([^"]+)" (.*)$/.exec(line);
    if (!match?.[1] || match[2] === undefined) continue;
    const outcome = kernel.get(match[1]);
    if (outcome === undefined) continue;
    const args = match[2].split(/\s+/);
    const query: LabProbe['query'] = { to: '' };
    for (let i = 0; i < args.length; i++) {
      const arg = args[i];
      if (arg === '--from') query.from = args[++i];
      else if (arg === '--to') query.to = args[++i] ?? '';
      else if (arg === '--source') query.source = args[++i];
      else if (arg === '--udp') query.proto = 'udp';
    }
    probes.push({ scenario, label: match[1], query, kernel: outcome });
  }
  return probes;
}
