// The kernel-trace lab's captures (corpus/kernel-trace/<s>/transcript.txt, made by
// corpus/lab/kernel-trace/<s>-*.sh): flannel-like nodes in network namespaces, each probe's outcome in
// the kernel recorded beside them (kernel.txt, counters-*.txt, listen-*.log).
import { readFileSync } from 'node:fs';
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
