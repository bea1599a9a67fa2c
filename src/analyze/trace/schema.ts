// The tracer's result, a documented contract: every way a packet can go, each branch with its
// probability (kube-proxy's random endpoint choice), its hops and how it ends.
import { z } from 'zod';
import { Evidence } from '../../model';

export const TraceStep = z
  .enum(['nat', 'filter', 'route', 'neighbor', 'fdb', 'encap', 'decap', 'bridge', 'deliver'])
  .meta({ id: 'trace/step', title: 'What the kernel does at a hop' });
export type TraceStep = z.infer<typeof TraceStep>;

export const Disposition = z
  .enum(['delivered', 'no-route', 'null-routed', 'unreachable', 'neighbor-unreachable', 'denied', 'rejected', 'no-endpoints', 'loop', 'insufficient-information'])
  .meta({
    id: 'trace/disposition',
    title: 'How a branch ends',
    description: 'delivered: to a local address or a pod; no-route: no route, or for a pod-network address only a default route out of the overlay; null-routed: a blackhole route; unreachable: an unreachable or prohibit route, or a vxlan frame the receiving node refuses (its device has another VNI or UDP port, or another MAC than the destination of the inner frame); neighbor-unreachable: no neighbour or FDB entry for the next hop, or one that does not answer ARP (also the underlay next hop of a vxlan frame); denied: a filter DROP (rule or policy); rejected: a REJECT rule (kube-proxy: a service without endpoints); no-endpoints: a service known to kubectl with no endpoint in the rules; loop: the packet comes back; insufficient-information: the outputs do not show what happens next',
  });
export type Disposition = z.infer<typeof Disposition>;

export const TraceHop = z
  .object({
    host: z.string().meta({ description: 'the host the hop happens at; "external" for a packet still outside every host of the input' }),
    step: TraceStep,
    detail: z.string(),
    evidence: z.array(Evidence),
    inferred: z.boolean().meta({ description: 'the hop rests on inference rather than on pasted output of that host' }),
  })
  .meta({ id: 'trace/hop', title: 'One hop of a packet' });
export type TraceHop = z.infer<typeof TraceHop>;

export const TraceBranch = z
  .object({
    probability: z.number().min(0).max(1),
    endpoint: z.string().nullable().meta({ description: 'ip:port after DNAT; null when no DNAT happened' }),
    hops: z.array(TraceHop),
    disposition: Disposition,
    at: z.string().meta({ description: 'the host where the branch ends; "external" when the packet reaches no host of the input (a trace from outside to an address no node has, whose hop says why)' }),
  })
  .meta({ id: 'trace/branch', title: 'One way the packet can go' });
export type TraceBranch = z.infer<typeof TraceBranch>;

export const Trace = z
  .object({
    from: z.string().meta({ description: 'a host name, or "external": a packet arriving from outside at the node that owns the address' }),
    to: z.string().meta({ description: 'ip[:port]' }),
    proto: z.enum(['tcp', 'udp']),
    branches: z.array(TraceBranch),
  })
  .meta({ id: 'trace', title: 'Where a packet goes' });
export type Trace = z.infer<typeof Trace>;
