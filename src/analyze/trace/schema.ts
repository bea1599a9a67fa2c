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
    description: 'delivered: to a local address or a pod; no-route: no route, or for a pod-network address only a default route out of the overlay; null-routed: a blackhole route; unreachable: an unreachable or prohibit route, or a vxlan frame the receiving node refuses (its device has another VNI or UDP port, or another MAC than the destination of the inner frame); neighbor-unreachable: no neighbour or FDB entry for the next hop, or one that does not answer ARP (also the underlay next hop of a vxlan frame); denied: a filter DROP (rule or policy); rejected: a REJECT rule (kube-proxy: a service without endpoints), or an IPVS virtual service with no real server that takes new connections (IPVS answers ICMP port unreachable); no-endpoints: a service known to kubectl with no endpoint in the rules; loop: the packet comes back; insufficient-information: the outputs do not show what happens next',
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

export const ReplyDisposition = z
  .enum([...Disposition.options, 'lost'])
  .meta({
    id: 'trace/reply-disposition',
    title: 'How the reply ends',
    description: 'delivered: back at the client (for a client outside the cluster: sent out towards it); lost: the reply reaches a host with no connection for it, or the client from another address than the one it connected to (a node that translated the request never sees the reply, so its conntrack entry cannot translate it back): the client drops it or answers with a reset; the others as for the request',
  });
export type ReplyDisposition = z.infer<typeof ReplyDisposition>;

export const ReplyTrace = z
  .object({
    disposition: ReplyDisposition,
    at: z.string().meta({ description: 'the host where the reply ends' }),
    hops: z.array(TraceHop),
  })
  .meta({ id: 'trace/reply', title: 'The way back of a delivered packet', description: 'From the endpoint to the client: the reply of an established connection (filter rules see ESTABLISHED), translated back by conntrack on every node that translated the request; its destination port is the client\'s local port, known only to lie in its ip_local_port_range' });
export type ReplyTrace = z.infer<typeof ReplyTrace>;

export const TraceBranch = z
  .object({
    probability: z.number().min(0).max(1),
    endpoint: z.string().nullable().meta({ description: 'ip:port after DNAT; null when no DNAT happened' }),
    hops: z.array(TraceHop),
    disposition: Disposition,
    at: z.string().meta({ description: 'the host where the branch ends; "external" when the packet reaches no host of the input (a trace from outside to an address no node has, whose hop says why)' }),
    source: z.string().nullable().meta({ description: 'the client\'s address as the delivered packet carries it (after any SNAT or MASQUERADE on the way: what the pod sees); null when not delivered, or not known' }),
    reply: ReplyTrace.nullable().meta({ description: 'for a delivered packet, its reply\'s way back (a connection works only when both arrive); null when the packet is not delivered' }),
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
