// Walks a packet the way the kernel does: nat (kube-proxy's chains, every endpoint with its
// probability), filter FORWARD, the route lookup, and for flannel's vxlan the neighbour → FDB →
// remote node's underlay IP, then the remote node's route to its bridge and the pod. Each hop cites
// the rule, route or entry it used, and is marked inferred where that host's output was not pasted.
import {
  asInferred, bestClaim, evaluateFilter, evaluateMangle, type ForwardPacket, sameLookup, type MangleResult, type RouteLookup, type RouteLookupNotes, citeAbsence, citeRule, FLANNEL_DEVICE, findRoute, flannelVxlanDevice, forwardingOff, leaseContaining, leaseOf, parseIPv4, resolveNodeService, resolveService,
  WalkBudget, type Address, type Claim, type ClusterNode, type Evidence, type IptablesRule, type Model, type Neighbor, type NodeSnapshot, type Service, type ServiceBranch, type ServiceQuery,
  ownClaims, ownUnderlay, ownVtepMac, targetOf, evaluateSourceNat, effectiveRpFilter, sysctlKey, sysctlNumber, compareKernelLookup, kernelAnswer,
  findIpvsService, formatIpvsService, isSetMatchNotEvaluated, matchesOf, type IpvsService,
} from '../../model';
import type { Disposition, ReplyTrace, Trace, TraceBranch, TraceHop } from './schema';
import { append, formatAddressPort, ipv4InPrefix, parsePrefix4, prefixContains } from '../../core';

export interface TraceQuery {
  /** A host name, or "external" (the default): arriving from outside at the node that owns the address. */
  from?: string;
  /** "ip" or "ip:port". */
  to: string;
  proto?: 'tcp' | 'udp';
  /**
   * The client's IPv4 address, when known: kube-proxy's rules that test the source (`! -s <pod
   * network> -j KUBE-MARK-MASQ`) and policy rules with `from` are then decided instead of assumed.
   */
  source?: string;
}

const MAX_HOSTS = 16;
// the ip rules not decided at one lookup that are said one by one; the rest in one hop
const MAX_RULE_HOPS = 6;

export interface TraceOptions {
  /** The rule visits its NAT walks may make; a new budget of MAX_RULE_VISITS when not given (diagnose shares one among the input's curls). */
  budget?: WalkBudget;
}

export function trace(model: Model, query: TraceQuery, options: TraceOptions = {}): Trace {
  const budget = options.budget ?? new WalkBudget();
  const proto = query.proto ?? 'tcp';
  const from = query.from ?? 'external';
  const [address, portText] = splitTarget(query.to);
  const source = query.source !== undefined && parseIPv4(query.source) !== null ? query.source : null;
  const port = portText === null ? null : Number(portText);
  const result: Trace = { from, to: query.to, proto, branches: [] };
  if (parseIPv4(address) === null || (query.source !== undefined && source === null)
    || (portText !== null && !(port !== null && Number.isInteger(port) && port > 0 && port < 65536))) {
    result.branches.push({ probability: 1, endpoint: null, hops: [], disposition: 'insufficient-information', at: from, source: null, reply: null });
    return result;
  }
  const start = from === 'external' ? ownerOf(model, address) : { host: from, evidence: [] as Evidence[], inferred: false };
  if (!start || !model.cluster.nodes.has(start.host)) {
    result.branches.push({ probability: 1, endpoint: null, disposition: 'insufficient-information', at: from, hops: [unstarted(model, from, address)], source: null, reply: null });
    return result;
  }
  const hops: TraceHop[] = [];
  if (from === 'external' && start.evidence.length > 0) {
    hops.push({ host: start.host, step: 'route', detail: `${address} is an address of ${start.host}: the packet arrives there`, evidence: start.evidence, inferred: start.inferred });
  }
  const walk: Walk = { model, proto, budget, seen: new Set() };
  const node = model.nodes.get(start.host);
  // a client address of the node's own pods (--from NODE --source POD-IP): the packet comes in on the bridge, not from the node itself
  const podBridge = from !== 'external' && source !== null && node ? podBridgeOf(node, source) : null;
  let client = source;
  if (from !== 'external' && client === null && node && node.routes.entries.length > 0) {
    // the kernel picks the source when the socket connects (ip_route_connect): by the route to the
    // address connected to, before nat OUTPUT may DNAT it, and keeps it after
    const chosen = sourceOf(node, findRoute(node, address, { mark: 0, iif: 'lo', source: '0.0.0.0', protocol: proto, port }), address);
    if (chosen) {
      client = chosen.address;
      if (node.policyRules.entries.some((rule) => rule.from !== null)) {
        hops.push({ host: start.host, step: 'route', detail: `${start.host} sends from ${chosen.address} (${chosen.why}): its ip rules with from are decided by it`, evidence: chosen.evidence, inferred: false });
      }
    }
  }
  const connection: Connection = { origin: from, client, translations: [], hosts: [], clientIsPod: podBridge !== null };
  result.branches.push(...arrive(walk, {
    host: start.host, destination: address, port, hops, probability: 1, endpoint: null, local: from !== 'external' && podBridge === null, source: client, inInterface: podBridge, connection,
  }));
  return result;
}

/** The bridge a node's pod with this address sits on (its connected route to it leaves by a bridge), unless it is the node's own address. */
function podBridgeOf(node: NodeSnapshot, address: string): string | null {
  if (node.addresses.entries.some((a) => a.ip === address)) return null;
  const lookup = findRoute(node, address);
  if (lookup.kind !== 'route' || lookup.route.gateway !== null || !lookup.route.dev) return null;
  const dev = lookup.route.dev;
  return isBridge(node, dev) ? dev : null;
}

/** A bridge pods sit on: one its link listing shows as a bridge, or cni0 / docker0 by name. */
function isBridge(node: NodeSnapshot, dev: string | null): boolean {
  return dev !== null && (node.links.get(dev)?.kind === 'bridge' || dev === 'cni0' || dev === 'docker0');
}

/** A packet at a node, before that node's mangle and nat: where a trace starts, and where it reaches another node's own address. */
interface Arrival {
  host: string;
  destination: string;
  port: number | null;
  hops: TraceHop[];
  probability: number;
  /** the endpoint an earlier node's DNAT chose (null: none) */
  endpoint: string | null;
  /** sent by the node itself (nat OUTPUT) rather than arriving (nat PREROUTING) */
  local: boolean;
  source: string | null;
  /** the device it arrived on, when known */
  inInterface: string | null;
  connection: Connection;
}

/** Where, and to what, a node translated the request: its conntrack entry translates the reply back there. */
type Translation =
  | { kind: 'dnat'; host: string; original: string; originalPort: number | null }
  /** `ports`: where the rule gives the request another source port (--random-fully, --to-ports), the range of the new one */
  | { kind: 'snat'; host: string; original: string | null; translated: string; evidence: Evidence[]; ports: PortRange | null }
  /** a node whose nat POSTROUTING may have rewritten the source: what the client's address became is not known from here on */
  | { kind: 'unknown-snat'; host: string; why: string };

/** The connection the request sets up, as far as the trace follows it. */
interface Connection {
  /** where the trace starts: a host, or "external" */
  origin: string;
  /** the client's own address: the query's, or the one the kernel chose at the first node; null: not known */
  client: string | null;
  translations: readonly Translation[];
  /** the nodes the request passed, in order: each holds a conntrack entry for the connection */
  hosts: readonly string[];
  /** the client is a pod of the node the trace starts from (its ports are a pod's, not the node's) */
  clientIsPod: boolean;
}

/** What a packet of the reply direction carries through forward(): the connection's state at each node. */
interface ReplyContext {
  /** the nodes that DNATed the request: the reply's source becomes the request's destination again as it leaves them */
  undo: ReadonlyMap<string, { address: string; port: number | null }>;
  /** every node the reply has been at */
  visited: Set<string>;
  /** the client: outside the hosts shown ("external"), or a host */
  origin: string;
  /** the client's address, the reply's final destination; null: not known (the reply is followed as far as it goes without it) */
  client: string | null;
  /** the reply's source port (the port the request went to), as each node sees it */
  sourcePort: number | null;
  /** the range the reply's destination port lies in: the client's local ports, or those a source NAT on the way gave the request */
  portRange: { from: number; to: number } | null;
  /** the nodes the request passed (each holds the connection), and those whose nat rewrote its source */
  seen: ReadonlySet<string>;
  snatHosts: ReadonlySet<string>;
}

/** What every node of one trace shares: the packet's protocol, the NAT walks' budget, the arrivals so far (a second one is a loop). */
interface Walk {
  model: Model;
  proto: 'tcp' | 'udp';
  budget: WalkBudget;
  seen: Set<string>;
}

/** Mangle, then nat (every branch of it), then the walk onwards, from a node the packet is at. */
function arrive(walk: Walk, at: Arrival): TraceBranch[] {
  const { model, proto, budget } = walk;
  const { host, destination: address, port, hops, probability, local, source } = at;
  const key = `${host} ${address}:${port ?? ''}`;
  if (walk.seen.has(key) || walk.seen.size >= MAX_HOSTS) return [{ probability, endpoint: at.endpoint, hops, disposition: 'loop', at: host, source: null, reply: null }];
  walk.seen.add(key);
  const node = model.nodes.get(host);
  // mangle before nat: PREROUTING for a packet arriving, OUTPUT for one the node sends
  const mangle = node ? evaluateMangle(node, local ? 'OUTPUT' : 'PREROUTING', { destination: address, source, inInterface: at.inInterface, outInterface: null, protocol: proto, port, dnat: false }) : null;
  const startMark = mangle?.mark ?? (mangle ? null : 0);
  const startHops = mangle ? [...hops, ...mangleHops(host, mangle)] : hops;
  if (mangle?.dropped) return [{ probability, endpoint: at.endpoint, hops: startHops, disposition: 'denied', at: host, source: null, reply: null }];
  const onwards = (packet: Omit<Packet, 'host' | 'local' | 'protocol' | 'inInterface'>): TraceBranch[] =>
    followed(walk, forward(model, { ...packet, host, local, protocol: proto, inInterface: at.inInterface }), packet);
  const dnatAt = (original: number | null): Connection => ({
    ...at.connection, translations: [...at.connection.translations, { kind: 'dnat', host, original: address, originalPort: original }],
  });
  const nat = node && port !== null ? natBranches(model, node, address, port, proto, !local, source, budget, startMark) : null;
  // no nat rules shown for a NodePort of the node: kube-proxy's DNAT is not known, and delivery to the node itself would be a guess
  const unknownNodePort = !nat && node && port !== null && isOwnAddress(model, node, address) ? nodePortOf(model, port, proto) : null;
  if (unknownNodePort) {
    const what = unknownNodePort.service
      ? `${port} is the NodePort of ${unknownNodePort.service.namespace ? `${unknownNodePort.service.namespace}/` : ''}${unknownNodePort.service.name}`
      : `${port} is in kube-proxy's NodePort range (${NODE_PORT_RANGE.first}-${NODE_PORT_RANGE.last})`;
    // why no other node stands in: none shows kube-proxy's entry chain, or those that do disagree
    const others = [...model.nodes.values()].filter((other) => other !== node && other.netfilter?.rules.chain('nat', 'KUBE-SERVICES')).length;
    const standIns = others === 0 ? 'no other node shows kube-proxy\'s KUBE-SERVICES to stand in for them'
      : `the ${others === 1 ? 'other node\'s' : `${others} other nodes'`} kube-proxy rules ${others === 1 ? 'do not stand in (they are not known to be alike)' : 'disagree on this packet, so none stands in'}`;
    const hop: TraceHop = {
      host, step: 'nat', evidence: unknownNodePort.service ? [unknownNodePort.service.evidence] : [], inferred: false,
      detail: `${what}, and no nat rules of ${host} were given (${standIns}): where kube-proxy's DNAT sends it is not known`,
    };
    return [{ probability, endpoint: at.endpoint, hops: [...startHops, hop], disposition: 'insufficient-information', at: host, source: null, reply: null }];
  }
  if (!nat || nat.length === 0) {
    return onwards({ destination: address, hops: startHops, probability, endpoint: at.endpoint, dnatHere: false, port, mark: startMark, source, connection: at.connection });
  }
  const branches: TraceBranch[] = [];
  for (const branch of nat) {
    const natHops = [...startHops, ...branch.hops];
    const share = probability * branch.probability;
    if (branch.outcome === 'redirect' && branch.endpoint && node) {
      // REDIRECT: the node's own socket; for a packet it receives, the primary address of the interface it came in on
      const own = branch.endpoint.address || (isOwnAddress(model, node, address) ? address : null);
      const where = `${own ?? 'the address of the interface it came in on'}:${branch.endpoint.port ?? port}`;
      natHops.push({ host, step: 'deliver', detail: `redirected to ${host} itself: delivered at ${where}`, evidence: [], inferred: false });
      const delivery: Delivery = { host, address: own, port: branch.endpoint.port === null ? port : Number(branch.endpoint.port), local: true, device: null, source };
      branches.push({ probability: share, endpoint: own ? where : null, hops: natHops, disposition: 'delivered', at: host, source, reply: traceReply(model, proto, delivery, dnatAt(port)) });
      continue;
    }
    if (branch.outcome !== 'dnat' || !branch.endpoint) {
      const disposition: Disposition = branch.outcome === 'rejected' ? 'rejected' : branch.outcome === 'dropped' ? 'denied'
        : branch.outcome === 'loop' ? 'loop' : 'insufficient-information';
      // kube-proxy's IPVS mode: its nat rules only mark by ipsets and never DNAT; IPVS sends the packet on
      const ipvsMode = branch.outcome === 'undecided' && node !== undefined && isIpvsMode(node, branch.undecidable);
      const ipvs = ipvsMode ? ipvsHop(model, node, address, port, proto) : null;
      if (ipvs?.onwards) {
        natHops.push({ host, step: 'nat', inferred: false, evidence: [], detail: ipvs.detail });
        branches.push(...onwards({ destination: address, hops: natHops, probability: share, endpoint: at.endpoint, dnatHere: false, port, mark: null, source, connection: at.connection }));
        continue;
      }
      // no DNAT because matches could not be read is not "no service here": say what is missing
      if (branch.outcome === 'undecided') {
        natHops.push({
          host, step: 'nat', inferred: false, evidence: [],
          detail: ipvs?.detail ?? `the nat rules could not be followed: ${[...new Set(branch.undecidable)].slice(0, 3).join('; ')}`,
        });
        branches.push({ probability: share, endpoint: at.endpoint, hops: natHops, disposition: 'insufficient-information', at: host, source: null, reply: null });
        continue;
      }
      if (branch.outcome === 'no-match' || branch.outcome === 'accepted') {
        branches.push(...onwards({ destination: address, hops: natHops, probability: share, endpoint: at.endpoint, dnatHere: false, port, mark: branch.mark, source, connection: at.connection }));
      } else branches.push({ probability: share, endpoint: at.endpoint, hops: natHops, disposition, at: host, source: null, reply: null });
      continue;
    }
    const endpoint = `${branch.endpoint.address}${branch.endpoint.port ? `:${branch.endpoint.port}` : ''}`;
    const endpointPort = branch.endpoint.port === null ? port : Number(branch.endpoint.port);
    branches.push(...onwards({ destination: branch.endpoint.address, hops: natHops, probability: share, endpoint, dnatHere: true, port: endpointPort, mark: branch.mark, source, connection: dnatAt(port) }));
  }
  return branches;
}

/** What forward() gave, followed on: a branch as it ends, another node's arrival through that node's nat, IPVS's real servers. */
function followed(walk: Walk, next: TraceBranch | NodeArrival | IpvsArrival, packet: { destination: string; port: number | null; probability: number; endpoint: string | null }): TraceBranch[] {
  if (!('kind' in next)) return [next];
  if (next.kind === 'ipvs') return viaIpvs(walk, next, packet.probability);
  // another node's own address: its nat decides the packet anew (a NodePort there)
  return arrive(walk, { ...next, destination: packet.destination, port: packet.port, probability: packet.probability, endpoint: packet.endpoint, local: false });
}

/**
 * kube-proxy's IPVS mode: nat rules undecided only for the IP sets they test (no ipset list of the node shows them),
 * with no DNAT of kube-proxy's own (iptables mode's KUBE-SEP-…) and none an undecided ipset could have
 * taken. kube-proxy's IPVS rules mark by ipsets and accept; IPVS translates. Other DNAT rules (a hostPort's
 * CNI-DN-…, Docker's DOCKER) were walked: one that matched the packet made its branch a DNAT.
 */
function isIpvsMode(node: NodeSnapshot, undecidable: readonly string[]): boolean {
  if (undecidable.length === 0 || !undecidable.every(isSetMatchNotEvaluated)) return false;
  const rules = node.netfilter?.rules;
  const mayDnat = (chain: string, rule: IptablesRule): boolean =>
    targetOf(rule)?.name === 'DNAT' && (chain.startsWith('KUBE-') || matchesOf(rule).some((match) => match.module === 'set'));
  return rules !== undefined && !rules.chains('nat').some((chain) => chain.rules.some((rule) => mayDnat(chain.name, rule)));
}

/**
 * What IPVS mode means for a packet at a node whose nat only marks it: IPVS takes it on (a virtual
 * service of a local address), or the node has it (its whole IPVS table has no such service), or
 * what is missing to say.
 */
function ipvsHop(model: Model, node: NodeSnapshot, address: string, port: number | null, proto: 'tcp' | 'udp'): { onwards: boolean; detail: string } {
  const mode = `kube-proxy runs in IPVS mode on ${node.name}: its nat rules test IP sets that no ipset list of it shows, to mark the packet for masquerade, and translate nothing`;
  const target = `${address}${port === null ? '' : `:${port}`}`;
  const service = port === null ? null : findIpvsService(node.ipvs, proto, address, port);
  const own = isOwnAddress(model, node, address);
  if (service && own) return { onwards: true, detail: `${mode}; IPVS does` };
  // IPVS mode without IPVS: kube-proxy's rules are there, the kernel's virtual services are not
  if (node.ipvs?.unavailable && own) {
    return { onwards: true, detail: `${mode}; but ipvsadm says IPVS is not available on ${node.name} (${node.ipvs.unavailable.reason}: the ip_vs module is not loaded), so no virtual service takes ${target}: the packet is ${node.name}'s own` };
  }
  if (service) return { onwards: false, detail: `${mode}; IPVS has a virtual service for ${target}, but no output shows ${address} as an address of ${node.name} (kube-proxy binds it to kube-ipvs0: ip addr show kube-ipvs0)` };
  if (node.ipvs && !node.ipvs.partial && own) return { onwards: true, detail: `${mode}; IPVS (ipvsadm -Ln) has no virtual service for ${target}: the packet is ${node.name}'s own` };
  return {
    onwards: false,
    detail: `${mode}: IPVS decides where ${target} goes, and ${node.ipvs ? `the ipvsadm listing of ${node.name} shows ${node.ipvs.partial ? 'only part of its table (one service, or a listing cut short)' : 'no virtual service for it'}` : `no ipvsadm -Ln of ${node.name} is shown`}`,
  };
}

/**
 * IPVS sends the packet to one of the virtual service's real servers (ip_vs_schedule), rewriting its
 * destination (Masq, ip_vs_nat_xmit) and sending it out as the node's own output: OUTPUT, the route,
 * POSTROUTING (kube-proxy's MASQUERADE), never FORWARD. rr takes the servers in turn, wrr by weight;
 * a weight of 0 takes no new connection; with none left IPVS answers ICMP port unreachable (ip_vs_leave).
 */
function viaIpvs(walk: Walk, at: IpvsArrival, probability: number): TraceBranch[] {
  const { service, host } = at;
  const vip = formatIpvsService(service);
  const usable = service.realServers.filter((server) => server.weight !== 0);
  if (usable.length === 0) {
    const detail = service.realServers.length === 0
      ? `IPVS virtual service ${vip} has no real server: IPVS answers ICMP port unreachable (kube-proxy: a service without endpoints)`
      : `every real server of IPVS virtual service ${vip} has weight 0 (endpoints going away): IPVS schedules no new connection and answers ICMP port unreachable`;
    const hop: TraceHop = { host, step: 'nat', detail, evidence: [service.evidence, ...service.realServers.map((server) => server.evidence)], inferred: false };
    return [{ probability, endpoint: null, hops: [...at.hops, hop], disposition: 'rejected', at: host, source: null, reply: null }];
  }
  const weighted = service.scheduler === 'wrr';
  const total = usable.reduce((sum, server) => sum + (server.weight ?? 1), 0);
  const share = (weight: number | null): number => (weighted ? (weight ?? 1) / total : 1 / usable.length);
  const how = service.scheduler === 'rr' || service.scheduler === 'wrr' ? service.scheduler
    : `${service.scheduler ?? 'a scheduler not shown'}, whose choice depends on load or a hash: shown as equal shares`;
  const affinity = service.persistent === null ? '' : `, persistent ${service.persistent} s: a client that reached a real server within that time goes back to it`;
  const branches: TraceBranch[] = [];
  for (const server of usable) {
    const endpoint = formatAddressPort(server.address, server.port);
    const chance = probability * share(server.weight);
    const hops: TraceHop[] = [...at.hops, {
      host, step: 'nat', evidence: [service.evidence, server.evidence], inferred: false,
      // --stats and --rate do not show the forwarding method: kube-proxy's is Masq, and it is said to be assumed
      detail: `IPVS virtual service ${vip} (${how}${affinity}) → real server ${endpoint} (${server.forward ?? 'forwarding method not shown: taken as masq, kube-proxy\'s'})`,
    }];
    if (server.forward === 'local') {
      // LOCALNODE (kube-vip sets it): ip_vs_null_xmit accepts the packet as it is, and the node delivers it to itself.
      // Taken at LOCAL_IN it passed filter INPUT already; the node's own, taken at LOCAL_OUT, meets INPUT by lo yet
      hops.push({ host, step: 'nat', detail: `forwarding method Local: IPVS hands the packet on to ${host} itself, unchanged`, evidence: [], inferred: false });
      const next = forward(walk.model, {
        host, destination: service.address, hops, probability: chance, endpoint, dnatHere: false, local: at.hook === 'output', keepSource: true, ipvsHook: at.hook,
        protocol: walk.proto, port: service.port, mark: at.mark, source: at.source, inInterface: null, connection: at.connection,
      });
      append(branches, followed(walk, next, { destination: service.address, port: service.port, probability: chance, endpoint }));
      continue;
    }
    if (server.forward !== null && server.forward !== 'masq') {
      hops.push({ host, step: 'nat', detail: `forwarding method ${server.forward}: netsift follows IPVS's NAT (Masq, what kube-proxy sets) and Local only`, evidence: [], inferred: false });
      branches.push({ probability: chance, endpoint, hops, disposition: 'insufficient-information', at: host, source: null, reply: null });
      continue;
    }
    const connection: Connection = { ...at.connection, translations: [...at.connection.translations, { kind: 'dnat', host, original: service.address, originalPort: service.port }] };
    const next = forward(walk.model, {
      host, destination: server.address, hops, probability: chance, endpoint, dnatHere: true, local: true, keepSource: true, ipvsHook: at.hook,
      protocol: walk.proto, port: server.port, mark: at.mark, source: at.source, inInterface: null, connection,
    });
    append(branches, followed(walk, next, { destination: server.address, port: server.port, probability: chance, endpoint }));
  }
  return branches;
}

/**
 * Why a trace reaches no host: from outside, no node has the address (a pod's, whose node's routes
 * take it on, or one beyond the cluster); or the host it starts from is not in the input.
 */
function unstarted(model: Model, from: string, address: string): TraceHop {
  if (from !== 'external') {
    return { host: from, step: 'route', detail: `no output of ${from} was given: where it sends ${address} is not known`, evidence: [], inferred: false };
  }
  const lease = leaseContaining(model.cluster, address);
  if (lease) {
    return {
      host: from, step: 'route', inferred: lease.inferred,
      detail: `no node has ${address} as its own address: it lies in ${lease.node}'s pod subnet ${lease.text}, where a node's routes take it; trace it from a node (--from ${lease.node}, or the node the client sends through)`,
      evidence: lease.claims.flatMap((claim) => claim.evidence).slice(0, 2),
    };
  }
  return {
    host: from, step: 'route', evidence: [], inferred: false,
    detail: `no node has ${address} as its own address: from outside, the packet arrives at no host the input shows; trace it from a node (--from NODE) to see where that node sends it`,
  };
}

const LOOPBACK = parsePrefix4('127.0.0.0/8')!;

// the API server's --service-node-port-range default, the NodePorts kube-proxy programs
const NODE_PORT_RANGE = { first: 30000, last: 32767 };

/** A port kube-proxy may DNAT on a node's own address: a NodePort kubectl shows, or one in the default range. */
function nodePortOf(model: Model, port: number, proto: 'tcp' | 'udp'): { service: Service | null } | null {
  const service = model.cluster.services.find((s) => s.ports.some((p) => p.nodePort === port && p.protocol.toLowerCase() === proto));
  if (service) return { service };
  return port >= NODE_PORT_RANGE.first && port <= NODE_PORT_RANGE.last ? { service: null } : null;
}

function splitTarget(to: string): [string, string | null] {
  const colon = to.lastIndexOf(':');
  return colon === -1 ? [to, null] : [to.slice(0, colon), to.slice(colon + 1)];
}

/** The node that owns an address: one of its own addresses, or its underlay IP as other sources show it. */
function ownerOf(model: Model, address: string): { host: string; evidence: Evidence[]; inferred: boolean } | null {
  for (const node of model.nodes.values()) {
    const own = node.addresses.entries.find((a) => a.ip === address);
    if (own) return { host: node.name, evidence: [own.evidence], inferred: false };
  }
  for (const node of model.cluster.nodes.values()) {
    const claim = underlayClaim(model, node, address);
    if (claim) return { host: node.name, evidence: claim.evidence.map(asInferred), inferred: true };
  }
  // "10.10.20.0/24 dev eth0 proto kernel scope link src 10.10.20.21": the kernel's own route for an address it holds
  for (const node of model.nodes.values()) {
    const route = node.routes.entries.find((r) => r.src === address);
    if (route) return { host: node.name, evidence: [asInferred(route.evidence)], inferred: true };
  }
  // "local 10.99.0.0/24 dev lo": every address of a local route is the node's own (AnyIP), loopback's aside
  const value = parseIPv4(address);
  if (value !== null && !prefixContains(LOOPBACK, value)) {
    for (const node of model.nodes.values()) {
      const route = node.routes.entries.find((r) => r.type === 'local' && prefixContains(r.prefix, value));
      if (route) return { host: node.name, evidence: [route.evidence], inferred: false };
    }
  }
  return null;
}

/**
 * A node's underlay claim for an address, unless the node's own outputs say otherwise: peers' FDB
 * entries may send its VTEP to an address it does not have (ov-stale-vtep: node-c's entry for
 * node-b's MAC goes to 10.20.30.112, node-b is 10.20.30.12), so theirs count only where the node
 * shows neither its underlay IP nor a listing of all its addresses.
 */
function underlayClaim(model: Model, node: ClusterNode, address: string): Claim<string> | undefined {
  const claim = node.underlay.find((c) => c.value === address);
  if (!claim || ownClaims(node, [claim]).length > 0) return claim;
  // a listing of every device's addresses (not `ip addr show cni0`, whose listing is marked complete too)
  const listed = model.nodes.get(node.name)?.addresses.complete.some((listing) => listing.dev === null && listing.source.section.options?.['dev'] === undefined) ?? false;
  return ownUnderlay(node) === null && !listed ? claim : undefined;
}

/** A neighbour entry that shows nothing answers ARP there: no lladdr, FAILED or INCOMPLETE. */
function isUnanswered(neighbor: Neighbor): boolean {
  return neighbor.lladdr === null || (neighbor.state?.some((state) => state === 'FAILED' || state === 'INCOMPLETE') ?? false);
}

/** Whether an address is one of the node's own: its addresses, its underlay IP, a route's preferred source. */
function isOwnAddress(model: Model, node: NodeSnapshot, address: string): boolean {
  return node.addresses.entries.some((a) => a.ip === address)
    || (model.cluster.nodes.get(node.name)?.underlay.some((c) => c.value === address) ?? false)
    || node.routes.entries.some((r) => r.src === address);
}

interface NatBranch {
  probability: number;
  outcome: ServiceBranch['outcome'];
  endpoint: ServiceBranch['endpoint'];
  hops: TraceHop[];
  /** The skb mark mangle and the nat rules set (kube-proxy's KUBE-MARK-MASQ: 0x4000), which filter FORWARD and ip rules may test; null: not known. */
  mark: number | null;
  /**
   * What the walk could not decide a rule by: matches it could not evaluate (a module netsift does
   * not read, an nft xt without options), chains or maps the listing does not show.
   */
  undecidable: string[];
}

/** The node whose kube-proxy rules stand in for a node whose own are in tables its listing does not show. */
function standIn(model: Model, node: NodeSnapshot, query: ServiceQuery, budget: WalkBudget): NodeSnapshot | null {
  const netfilter = node.netfilter;
  // no listing at all, or one that warns of tables it does not show, and no kube-proxy chains in it
  if (netfilter && (netfilter.hidden.length === 0 || netfilter.rules.chain('nat', 'KUBE-SERVICES'))) return null;
  const others = [...model.nodes.values()].filter((other) => other !== node && other.netfilter?.rules.chain('nat', 'KUBE-SERVICES'));
  const first = others[0];
  if (!first) return null;
  // only when the nodes that show kube-proxy's rules agree on where the packet goes
  const outcome = (other: NodeSnapshot): string => {
    const netfilter = other.netfilter;
    if (!netfilter) return '';
    return resolveService(netfilter.rules, query, budget)
      .map((b) => `${b.outcome}>${b.endpoint?.address ?? ''}:${b.endpoint?.port ?? ''}@${b.probability.toFixed(3)}`).sort().join('|');
  };
  const reference = outcome(first);
  return others.every((other) => outcome(other) === reference) ? first : null;
}

/** mark = (mark & ~mask) ^ value, for every MARK target the packet met (xt_MARK), from the mark mangle left (null: not known). */
function markOf(rules: readonly IptablesRule[], start: number | null): number | null {
  let mark = start;
  for (const rule of rules) {
    const typed = targetOf(rule)?.typed;
    if (typed?.type !== 'mark') continue;
    mark = mark === null ? (typed.mask === 0xffffffff ? typed.value : null) : ((mark & ~typed.mask) ^ typed.value) >>> 0;
  }
  return mark;
}

/** The mangle rules that set (or may have set) the mark, or dropped the packet, as hops. */
function mangleHops(host: string, mangle: MangleResult): TraceHop[] {
  return mangle.rules.map(({ rule, evidence, certain, mark }) => {
    const target = targetOf(rule)?.name ?? '(no target)';
    const at = `mangle ${rule.chain} rule ${rule.position} → ${target}`;
    const detail = rule === mangle.dropped ? `${at}: dropped`
      : certain ? `${at}: the mark is ${mark === null ? 'not known' : `0x${mark.toString(16)}`}`
      : `${at} may match (a match netsift cannot decide for this packet): the mark is ${mark === null ? 'not known' : `0x${mark.toString(16)}`}`;
    return { host, step: 'filter' as const, detail, evidence: evidence ? [evidence] : [], inferred: false };
  });
}

function natBranches(model: Model, node: NodeSnapshot, address: string, port: number, proto: 'tcp' | 'udp', external: boolean, source: string | null, budget: WalkBudget, startMark: number | null): NatBranch[] | null {
  // iptables-nft warns of iptables-legacy tables it does not show: kube-proxy's rules may be there,
  // live in the kernel; kube-proxy programs every node alike, so another node's rules stand in (inferred)
  const arrival = external ? arrivalDevice(node, address, source) : null;
  const query: ServiceQuery = {
    destination: address, port, protocol: proto, destinationIsLocal: isOwnAddress(model, node, address), sourceIsLocal: !external,
    // a packet the node sends itself meets nat OUTPUT; one arriving from outside, nat PREROUTING
    locallyGenerated: !external,
    ...(source === null ? {} : { source }),
    // the device a packet from outside arrives on: the one the node routes its source back by, or the address's own
    ...(external ? (arrival === null ? {} : { inInterface: arrival }) : { inInterface: null }),
  };
  const other = standIn(model, node, query, budget);
  const rulesNode = other ?? node;
  const netfilter = rulesNode.netfilter;
  const branches = resolveNodeService(netfilter, { ...query, sets: rulesNode.ipsets }, budget);
  if (!netfilter || !branches) return null;
  return branches.map((branch) => {
    const hops: TraceHop[] = [];
    branch.rules.forEach((rule, index) => {
      const evidence = citeRule(netfilter, rule);
      const target = targetOf(rule);
      const typed = target?.typed;
      hops.push({
        // kube-proxy's filter rules (KUBE-EXTERNAL-SERVICES, an nft chain of type filter) walked with its nat chains
        host: node.name, step: rule.table === 'filter' || (branch.filtered?.includes(rule) ?? false) ? 'filter' : 'nat',
        detail: `${rule.table ?? 'nat'} ${rule.chain} rule ${rule.position} → ${target?.name ?? '(no target)'}${typed?.type === 'dnat' ? ` ${typed.to.map((t) => `${t.address}${t.port ? `:${t.port}` : ''}`).join(',')}` : ''}`,
        evidence: evidence ? [other ? asInferred(evidence) : evidence] : [],
        // the first hop of a walk that starts below PREROUTING rests on the jump the listing does not show
        inferred: other !== null || (index === 0 && branch.entry.inferred),
      });
    });
    if (branch.affinity && branch.affinity.rules.length > 0) {
      // the affinity checks stand first in the service chain: before the hop of the first rule there
      const chain = branch.affinity.rules[0]!.chain;
      const at = branch.rules.findIndex((rule) => rule.chain === chain);
      const timeout = branch.affinity.timeoutSeconds === null ? '' : `, ${branch.affinity.timeoutSeconds} s`;
      const evidence = branch.affinity.rules.map((rule) => citeRule(netfilter, rule)).filter((e): e is Evidence => e !== null);
      hops.splice(at === -1 ? hops.length : at, 0, {
        host: node.name, step: 'nat',
        detail: `session affinity (ClientIP${timeout}): this branch is a client without a record; one that reached an endpoint within the timeout goes back to it`,
        evidence: other ? evidence.map(asInferred) : evidence, inferred: other !== null,
      });
    }
    if (branch.entry.inferred && hops[0]) hops[0].detail += ` (${branch.assumptions[0] ?? 'the entry chain is inferred'})`;
    if (other && hops[0]) {
      hops[0].detail += node.netfilter
        ? ` (${node.name}'s listing warns of iptables-legacy tables it does not show: ${other.name}'s kube-proxy rules stand in for them)`
        : ` (${node.name}'s iptables rules were not pasted: ${other.name}'s kube-proxy rules stand in for them)`;
      append(hops[0].evidence, (node.netfilter?.hidden.map((h) => h.evidence) ?? []));
    }
    return {
      probability: branch.probability, outcome: branch.outcome, endpoint: branch.endpoint, hops, mark: markOf(branch.rules, startMark),
      undecidable: branch.undecided,
    };
  });
}

/** A packet leaving nat at a node: where it goes now, and what the nodes after it may test. */
interface Packet {
  host: string;
  destination: string;
  hops: TraceHop[];
  probability: number;
  /** the endpoint DNAT chose at this node or an earlier one (null: none) */
  endpoint: string | null;
  /** whether this node's nat DNATed it (conntrack's DNAT state, which filter rules may test) */
  dnatHere: boolean;
  /** sent by the node itself */
  local: boolean;
  protocol: 'tcp' | 'udp';
  port: number | null;
  mark: number | null;
  source: string | null;
  /** the device it arrived on at `host`, when known */
  inInterface: string | null;
  connection: Connection;
  /** a packet of the reply direction: what the connection holds for it (absent: the request) */
  reply?: ReplyContext;
  /** IPVS sends it on as the node's own output (LOCAL_OUT), with the client's source: no source of the node's is chosen */
  keepSource?: boolean;
  /** IPVS translated it already, at this hook of `host` (skb->ipvs_property: IPVS leaves it alone from here) */
  ipvsHook?: 'input' | 'output';
}

/** The packet is for a virtual service of the node's IPVS (kube-proxy's IPVS mode), past filter INPUT (or, sent by the node, nat OUTPUT): IPVS picks a real server next. */
interface IpvsArrival {
  kind: 'ipvs';
  host: string;
  hops: TraceHop[];
  source: string | null;
  mark: number | null;
  connection: Connection;
  service: IpvsService;
  /** where IPVS took it: LOCAL_IN (a packet that arrived, past filter INPUT) or LOCAL_OUT (one the node sends, before filter OUTPUT) */
  hook: 'input' | 'output';
}

/** The packet reaches another node's own address (not over the overlay): that node's mangle and nat come next. */
interface NodeArrival {
  kind: 'arrival';
  host: string;
  hops: TraceHop[];
  source: string | null;
  inInterface: string | null;
  connection: Connection;
}

/** Where a request was delivered: where its reply starts from. */
interface Delivery {
  host: string;
  /** the address delivered to (the reply's source); null: not known */
  address: string | null;
  port: number | null;
  /** delivered to the node itself (the reply is a packet the node sends), or to a pod on `device` */
  local: boolean;
  device: string | null;
  /** the client's address as this node sees it (the reply's destination); null: not known */
  source: string | null;
}

/** From a node onwards: filter FORWARD, route, and over the overlay to the node that delivers (or to another node's address). */
function forward(model: Model, packet: Packet): TraceBranch | NodeArrival | IpvsArrival {
  const { host, destination, hops, probability, endpoint, protocol, port, reply } = packet;
  const branch = (disposition: Disposition, at: string, more: TraceHop[] = []): TraceBranch =>
    ({ probability, endpoint, hops: [...hops, ...more], disposition, at, source: null, reply: null });
  let connection = packet.connection;
  // delivered: the request's reply is traced back from here (a reply's own delivery is the end)
  const delivered: Delivered = (at, local, device) => {
    const ended = branch('delivered', at, path);
    ended.source = packetSource;
    if (!reply) ended.reply = traceReply(model, protocol, { host: at, address: destination, port, local, device, source: packetSource }, connection);
    return ended;
  };
  const visited = new Set<string>();
  const path: TraceHop[] = [];
  let current = host;
  let locallyGenerated = packet.local;
  // the skb mark lives on the packet inside one host: vxlan's outer packet starts without it
  let mark: number | null = packet.mark;
  let inInterface: string | null = packet.inInterface;
  // the client's address as each node sees it (filter FORWARD's -s)
  let packetSource = packet.source;
  // conntrack's DNAT state: set where the nat of this walk's first node translated the packet (a
  // reply: where any node's nat translated its request)
  const dnat = (): boolean => reply ? reply.undo.has(current) : current === host && packet.dnatHere;
  // where the packet leaves a node: nat POSTROUTING may rewrite a request's source (said, and kept for
  // its reply); a reply's source becomes the request's destination again where that node DNATed it
  const leave = (node: NodeSnapshot, device: string | null, nextHop: string, where: 'leaves' | 'arrives at' = 'leaves'): void => {
    if (reply) {
      const undo = reply.undo.get(current);
      if (!undo) return;
      const to = `${undo.address}${undo.port === null ? '' : `:${undo.port}`}`;
      path.push({ host: current, step: 'nat', detail: `conntrack translates the reply back as it ${where} ${current}: from ${packetSource ?? '?'}${reply.sourcePort === null ? '' : `:${reply.sourcePort}`} to ${to}, the address the client sent to`, evidence: [], inferred: false });
      packetSource = undo.address;
      reply.sourcePort = undo.port ?? reply.sourcePort;
      return;
    }
    const snat = evaluateSourceNat(node, { destination, source: packetSource, outInterface: device, inInterface: locallyGenerated ? null : inInterface, mark, protocol, port, dnat: dnat() });
    if (snat.kind === 'none') return;
    if (snat.kind === 'not-known') {
      connection = { ...connection, translations: [...connection.translations, { kind: 'unknown-snat', host: current, why: snat.why }] };
      packetSource = null;
      return;
    }
    // an SNAT to a range of addresses: the kernel picks one per connection by a hash, not known here
    const chosen = snat.kind === 'snat' ? (snat.to === null || snat.range ? null : { address: snat.to, why: 'SNAT --to-source', evidence: [] as Evidence[] }) : masqueradeAddress(node, device, nextHop);
    const netfilter = node.netfilter;
    const evidence = netfilter ? [...snat.rules, snat.rule].map((rule) => citeRule(netfilter, rule)).filter((e): e is Evidence => e !== null) : [];
    const chain = [...snat.rules, snat.rule].map((rule) => `${rule.chain} rule ${rule.position}`).join(' → ');
    path.push({
      host: current, step: 'nat', inferred: false, evidence: [...evidence, ...(chosen?.evidence ?? [])],
      detail: `nat ${chain} → ${snat.kind === 'snat' ? 'SNAT' : 'MASQUERADE'}: the source ${packetSource ?? '(not known)'} ${chosen?.address === packetSource ? 'stays' : 'becomes'} ${chosen ? `${chosen.address} (${chosen.why})` : `an address of ${device ?? '?'} that no output shows`}`,
    });
    const ports = natPorts(snat.rule);
    connection = chosen
      ? { ...connection, translations: [...connection.translations, { kind: 'snat', host: current, original: packetSource, translated: chosen.address, evidence, ports }] }
      : { ...connection, translations: [...connection.translations, { kind: 'unknown-snat', host: current, why: `its ${snat.kind === 'snat' ? 'SNAT' : 'MASQUERADE'} address is ${snat.kind === 'snat' ? 'one of a range' : 'not shown'}` }] };
    packetSource = chosen?.address ?? null;
  };
  for (let i = 0; i < MAX_HOSTS; i++) {
    if (visited.has(current)) return branch('loop', current, path);
    visited.add(current);
    reply?.visited.add(current);
    if (!reply && !connection.hosts.includes(current)) connection = { ...connection, hosts: [...connection.hosts, current] };
    const node = model.nodes.get(current);
    // over the overlay to an address of the next node itself (its cni0's, its flannel.1's): that
    // node's mangle and nat decide it anew, as for its underlay address (a NodePort answers on every
    // local address: kube-proxy's --dst-type LOCAL)
    if (node && current !== host && isOwnAddress(model, node, destination)) {
      return { kind: 'arrival', host: current, hops: [...hops, ...path], source: packetSource, inInterface, connection };
    }
    if (node && current !== host) {
      // the packet arrives at the next node: its mangle PREROUTING sets the mark anew
      const mangle = evaluateMangle(node, 'PREROUTING', { destination, source: packetSource, inInterface, outInterface: null, protocol, port, dnat: dnat(), ...replyPorts(reply, current, protocol) });
      mark = mangle.mark;
      path.push(...mangleHops(current, mangle));
      if (mangle.dropped) return branch('denied', current, path);
    }
    const hasRoutes = node !== undefined && node.routes.entries.length > 0;
    if (!hasRoutes) return inferDelivery(model, current, destination, path, branch, delivered);
    // a packet that arrives (not one the node sends) has its source checked before it is routed
    if (!locallyGenerated && inInterface !== null && packetSource !== null) {
      const rejected = sourceRejected(node, current, inInterface, packetSource, destination);
      if (rejected) return branch('denied', current, [...path, rejected]);
    }
    const iif = locallyGenerated ? 'lo' : inInterface;
    if (locallyGenerated && packetSource === null && !reply && !packet.keepSource) {
      // the kernel's own choice of source (ip_route_connect): a lookup with no source, then the
      // route's src or the output device's primary address, and the lookup again with it
      const chosen = sourceOf(node, findRoute(node, destination, { mark, iif, source: '0.0.0.0', protocol, port }), destination);
      if (chosen) {
        packetSource = chosen.address;
        if (connection.client === null) connection = { ...connection, client: chosen.address };
        if (node.policyRules.entries.some((rule) => rule.from !== null)) {
          path.push({ host: current, step: 'route', detail: `${current} sends from ${chosen.address} (${chosen.why}): its ip rules with from are decided by it`, evidence: chosen.evidence, inferred: false });
        }
      }
    }
    const notes: RouteLookupNotes = { undecided: [] };
    const lookup = findRoute(node, destination, { mark, iif, source: packetSource, protocol, port }, notes);
    // a rule the lookup could not decide: said, and the end of what is known where it would change the route
    let open = false;
    const undecided = notes.rules ?? [];
    for (const [index, { rule, selector, reason, alternative, unshownTable }] of undecided.entries()) {
      const differs = alternative === null || !sameLookup(alternative, lookup);
      open ||= differs;
      if (index === MAX_RULE_HOPS) {
        path.push({ host: current, step: 'route', detail: `${undecided.length - index} more ip rules not decided`, evidence: undecided.slice(index).map((u) => u.rule.evidence), inferred: false });
      }
      if (index >= MAX_RULE_HOPS) continue;
      path.push({
        host: current, step: 'route', evidence: [rule.evidence], inferred: false,
        detail: unshownTable !== undefined && selector === `lookup ${unshownTable}`
          ? `ip rule ${rule.priority} matches and looks up table ${unshownTable}, which no output shows: where ${destination} goes from here is not known`
          : `ip rule ${rule.priority} (${selector}) not decided: ${reason}; ${unshownTable !== undefined ? `were it to match, it looks up table ${unshownTable}, which no output shows`
            : differs ? `were it to match, ${describeLookup(alternative, destination)}` : 'were it to match, the route would be the same'}`,
      });
    }
    if (open) return branch('insufficient-information', current, path);
    // the kernel's own lookup for this packet, where an output shows it (ip route get, asked alike):
    // it confirms the tables' answer, or says they are not what the kernel uses
    const asked = node.kernelLookups.find((k) => k.destination === destination && k.oif === null && k.mark === null
      && (locallyGenerated ? k.from === null && k.iif === null : k.from === packetSource && k.iif === inInterface));
    if (asked) {
      const { shown, agrees } = compareKernelLookup(asked, lookup);
      path.push({
        host: current, step: 'route', evidence: [asked.evidence], inferred: false,
        detail: agrees ? `the kernel's own lookup agrees: ip route get ${destination} gives ${kernelAnswer(asked)}`
          : `the kernel's own lookup differs: ip route get ${destination} gives ${kernelAnswer(asked)}, the routes shown ${shown}: the kernel has routes or rules no output shows, or they are from another time`,
      });
      if (!agrees) return branch('insufficient-information', current, path);
    }
    // an address of the node that its addresses do not show (its underlay IP as others name it, a route's src)
    const own = lookup.kind === 'local' ? null : ownerOf(model, destination);
    if (lookup.kind === 'local' || own?.host === current) {
      const lease = leaseContaining(model.cluster, destination, { except: current });
      const where = lookup.kind === 'local'
        ? (lookup.address ? lookup.address.device : lookup.route ? `local ${lookup.route.network}${lookup.route.dev ? ` dev ${lookup.route.dev}` : ''}` : 'local 127.0.0.0/8 dev lo')
        : 'an address of the node';
      // a packet for the node itself passes filter INPUT before local delivery (ip_local_deliver's
      // NF_INET_LOCAL_IN hook); one from outside came in on a device that is not lo
      const arrivedOn = locallyGenerated ? 'lo' : inInterface ?? (current === host ? arrivalDevice(node, destination, packetSource) : null);
      // kube-proxy's IPVS mode: a virtual service of this address and port takes the packet on. One the
      // node sends itself, IPVS takes at LOCAL_OUT (ip_vs_core.c ip_vs_ops4: ip_vs_in_hook at NF_IP_PRI_NAT_DST + 2, after nat
      // OUTPUT, before filter OUTPUT) and sends it to the real server: it never reaches filter INPUT
      const virtual = reply || port === null || packet.ipvsHook ? null : findIpvsService(node.ipvs, protocol, destination, port);
      const ipvsAt = (hook: IpvsArrival['hook']): IpvsArrival | null =>
        virtual ? { kind: 'ipvs', host: current, hops: [...hops, ...path], source: packetSource, mark, connection, service: virtual, hook } : null;
      const atOutput = locallyGenerated && current === host ? ipvsAt('output') : null;
      if (atOutput) return atOutput;
      // IPVS's NAT to a real server on the node itself, at LOCAL_IN: ip_vs_nat_send_or_cont returns
      // NF_ACCEPT and the packet goes on through the hooks after IPVS's to the socket; filter INPUT, whose
      // hook comes before IPVS's, it passed once, with the virtual service's address
      const inputPassed = packet.ipvsHook === 'input' && current === host;
      const input = inputPassed ? null : filterVerdict(node, 'INPUT', current, { destination, source: packetSource, inInterface: arrivedOn, outInterface: null, mark, protocol, port, dnat: dnat(), ...replyPorts(reply, current, protocol) }, path);
      if (input) return branch(input, current, path);
      // a packet that arrives: IPVS's LOCAL_IN hook (ip_vs_in_hook, NF_IP_PRI_NAT_SRC - 1) comes after filter INPUT's
      const atInput = ipvsAt('input');
      if (atInput) return atInput;
      // a reply delivered to the node that DNATed its request is translated back there (nat INPUT's hook)
      if (reply) leave(node, null, destination, 'arrives at');
      path.push({
        host: current, step: 'deliver',
        detail: lease ? `${destination} is local on ${current} (${where}): delivered here, not to ${lease.node}, whose pod subnet ${lease.text} holds it` : `${destination} is local on ${current} (${where})`,
        evidence: lookup.kind === 'local' ? [lookup.address?.evidence ?? lookup.route?.evidence].filter((e): e is Evidence => e !== undefined) : own?.evidence ?? [],
        inferred: lookup.kind !== 'local' && (own?.inferred ?? false),
      });
      return delivered(current, true, null);
    }
    if (lookup.kind === 'none' && lookup.thrown) {
      const thrown = lookup.thrown;
      path.push({ host: current, step: 'route', detail: `${destination} matches throw ${thrown.network}${thrown.table === 'main' ? '' : ` table ${thrown.table}`}: the lookup goes on in the next rule's table, which holds no route for it`, evidence: [thrown.evidence], inferred: false });
      return branch('no-route', current, path);
    }
    if (lookup.kind === 'none') {
      const listing = node.routes.complete[0];
      path.push({ host: current, step: 'route', detail: `no route for ${destination}`, evidence: listing ? [citeAbsence(listing.source, `a route for ${destination}`)] : [], inferred: false });
      return branch('no-route', current, path);
    }
    if (lookup.kind === 'rule') {
      const rule = lookup.rule;
      path.push({ host: current, step: 'route', detail: `${destination} meets ip rule ${rule.priority} (${rule.action}): ${rule.action === 'blackhole' ? 'dropped' : `ICMP ${rule.action}`}`, evidence: [rule.evidence], inferred: false });
      return branch(rule.action === 'blackhole' ? 'null-routed' : 'unreachable', current, path);
    }
    const route = lookup.route;
    // a route found by a rule other than the kernel's defaults: the rule is part of the evidence
    const viaRule = lookup.rule && !(lookup.rule.table === 'main' && lookup.rule.priority === 32766) ? lookup.rule : null;
    const shown = `${route.type === 'unicast' ? '' : `${route.type} `}${route.network}${route.gateway ? ` via ${route.gateway}` : ''}${route.dev ? ` dev ${route.dev}` : ''}${viaRule ? ` (table ${route.table}, by ip rule ${viaRule.priority})` : ''}`;
    const routeEvidence = viaRule ? [route.evidence, viaRule.evidence] : [route.evidence];
    if (route.type === 'blackhole') {
      path.push({ host: current, step: 'route', detail: `${destination} matches ${shown}: dropped`, evidence: routeEvidence, inferred: false });
      return branch('null-routed', current, path);
    }
    if (route.type === 'unreachable' || route.type === 'prohibit') {
      path.push({ host: current, step: 'route', detail: `${destination} matches ${shown}: ICMP ${route.type}`, evidence: routeEvidence, inferred: false });
      return branch('unreachable', current, path);
    }
    // a packet to route on needs forwarding on its input device (net/ipv4/route.c ip_route_input_slow:
    // !IN_DEV_FORWARD → EHOSTUNREACH; ip_error then drops it without an ICMP error)
    const forwarding = locallyGenerated ? null : forwardingOff(node, inInterface);
    if (forwarding) {
      path.push({
        host: current, step: 'route',
        detail: `${forwarding.key} = ${forwarding.value} on ${current}: the kernel does not forward ${destination} from ${inInterface ?? 'outside'} and drops it silently`,
        evidence: [forwarding.evidence], inferred: false,
      });
      return branch('denied', current, path);
    }
    // a forwarded packet meets filter FORWARD before it leaves; a packet the node sends, filter OUTPUT
    // (said only where OUTPUT stops it, or may)
    const leaving = locallyGenerated
      ? filterVerdict(node, 'OUTPUT', current, { destination, source: packetSource, outInterface: route.dev, inInterface: null, mark, protocol, port, dnat: dnat(), ...replyPorts(reply, current, protocol) }, path, { quiet: true })
      : filterVerdict(node, 'FORWARD', current, { destination, source: packetSource, outInterface: route.dev, inInterface, mark, protocol, port, dnat: dnat(), ...replyPorts(reply, current, protocol) }, path);
    if (leaving) return branch(leaving, current, path);
    const podLease = leaseContaining(model.cluster, destination);
    if (route.prefix.length === 0 && podLease) {
      path.push({
        host: current, step: 'route',
        detail: `no route to ${podLease.node}'s pod subnet ${podLease.text}: only the default route ${shown}, which sends ${destination} out of the overlay`,
        evidence: routeEvidence, inferred: false,
      });
      return branch('no-route', current, path);
    }
    path.push({ host: current, step: 'route', detail: `${destination} matches ${shown}`, evidence: routeEvidence, inferred: false });
    if (route.dev === FLANNEL_DEVICE) {
      // the source the next node sees: unchanged unless this node's nat POSTROUTING rewrites it
      leave(node, route.dev, route.gateway ?? destination);
      const next = overVxlan(model, node, route.gateway ?? destination, path);
      if (next.kind === 'stop') return branch(next.disposition, next.at ?? current, path);
      current = next.host;
      locallyGenerated = false;
      mark = 0;
      inInterface = FLANNEL_DEVICE;
      continue;
    }
    if (route.gateway === null && isBridge(node, route.dev)) {
      leave(node, route.dev, destination);
      return deliverOnBridge(model, current, destination, route.dev ?? 'bridge', path, branch, false, delivered);
    }
    // the next hop on an ordinary link: the neighbour table says whether it answers ARP
    const nextHop = route.gateway ?? destination;
    const neighbor = node.neighbors.entries.find((n) => n.ip === nextHop && (n.dev === route.dev || n.dev === null));
    if (neighbor && isUnanswered(neighbor)) {
      path.push({ host: current, step: 'neighbor', detail: `${nextHop} on ${route.dev ?? '?'} does not answer ARP (${neighbor.state?.join(',') ?? 'no lladdr'})`, evidence: [neighbor.evidence], inferred: false });
      return branch('neighbor-unreachable', current, path);
    }
    // the destination is another node's own address (a NodePort there): the packet arrives at that
    // node, whose mangle and nat decide it anew
    const owner = ownerOf(model, destination);
    if (owner && owner.host !== current && model.cluster.nodes.has(owner.host)) {
      const direct = route.gateway === null || route.gateway === destination;
      const evidence = [...owner.evidence, ...(neighbor ? [neighbor.evidence] : [])];
      path.push({
        host: current, step: 'route', evidence, inferred: owner.inferred || !direct,
        detail: direct ? `${destination} leaves ${current} via ${route.dev ?? '?'} to ${owner.host}, whose address it is`
          : `${destination} leaves ${current} via ${route.dev ?? '?'} towards ${route.gateway ?? '?'}, and on to ${owner.host}, whose address it is (the path past ${route.gateway ?? '?'} is not shown)`,
      });
      leave(node, route.dev, route.gateway ?? destination);
      const arrivedOn = model.nodes.get(owner.host)?.addresses.entries.find((a) => a.ip === destination)?.device ?? null;
      return { kind: 'arrival', host: owner.host, hops: [...hops, ...path], source: packetSource, inInterface: arrivedOn, connection };
    }
    // the next hop is another node of the model (flannel's host-gw routes a peer's pods via the peer's
    // own address): the packet goes on there
    const hop = route.gateway === null ? null : ownerOf(model, nextHop);
    const peer = hop && hop.host !== current ? model.nodes.get(hop.host) : undefined;
    if (hop && peer) {
      path.push({ host: current, step: 'route', detail: `${destination} leaves ${current} via ${route.dev ?? '?'} to ${nextHop}, ${hop.host}'s address`, evidence: [...hop.evidence, ...(neighbor ? [neighbor.evidence] : [])], inferred: hop.inferred });
      leave(node, route.dev, nextHop);
      current = hop.host;
      locallyGenerated = false;
      mark = 0;
      inInterface = peer.addresses.entries.find((a) => a.ip === nextHop)?.device ?? null;
      continue;
    }
    if (reply?.origin === 'external' && destination === reply.client) {
      // a client outside the cluster: the reply goes back out towards it
      leave(node, route.dev, nextHop);
      path.push({ host: current, step: 'route', detail: `${destination} leaves ${current} via ${route.dev ?? '?'}${route.gateway ? ` towards ${route.gateway}` : ''}: back out to the client`, evidence: neighbor ? [neighbor.evidence] : [], inferred: false });
      return branch('delivered', current, path);
    }
    path.push({ host: current, step: 'route', detail: `${destination} leaves ${current} via ${route.dev ?? '?'}${route.gateway ? ` towards ${route.gateway}` : ''}: beyond what the outputs show`, evidence: neighbor ? [neighbor.evidence] : [], inferred: false });
    return branch('insufficient-information', current, path);
  }
  return branch('loop', current, path);
}

// a Linux client's local ports when its net.ipv4.ip_local_port_range is not shown (the kernel's default)
const LINUX_LOCAL_PORTS = { from: 32768, to: 60999 };

/**
 * The reply of a delivered request, from where it was delivered back to the client: a packet of an
 * established connection (filter rules see ESTABLISHED) to the client's address as the delivering
 * node saw it. conntrack translates it back on each node that translated the request: a masqueraded
 * source where the reply reaches that node's address, a DNATed destination as the reply leaves
 * that node. The connection works only where the reply passes every node that translated the
 * request and reaches the client.
 */
function traceReply(model: Model, protocol: 'tcp' | 'udp', delivery: Delivery, connection: Connection): ReplyTrace {
  const hops: TraceHop[] = [];
  const end = (disposition: ReplyTrace['disposition'], at: string, detail: string | null, evidence: Evidence[] = []): ReplyTrace =>
    ({ disposition, at, hops: detail === null ? hops : [...hops, { host: at, step: 'route', detail, evidence, inferred: false }] });
  const client = connection.client;
  if (delivery.local && delivery.host === connection.origin && (client === null || client === delivery.source)) {
    // a node that sends to itself answers itself: the reply does not leave it
    return end('delivered', delivery.host, `the reply: ${delivery.host} answers itself, on the same host`);
  }
  if (delivery.source === null || delivery.address === null) {
    const masked = [...connection.translations].reverse().find((t) => t.kind === 'unknown-snat');
    const why = delivery.address === null ? 'the address the request was delivered to is not known'
      : masked?.kind === 'unknown-snat' ? `the client's address as ${delivery.host} sees it is not known: ${masked.host} may rewrite the request's source (${masked.why})`
      : connection.origin === 'external' ? 'the client\'s address is not known (--source gives it)' : `the address ${connection.origin} sends from is not known`;
    return end('insufficient-information', delivery.host, `the reply is not traced: ${why}`);
  }
  const undo = new Map<string, { address: string; port: number | null }>();
  for (const t of connection.translations) if (t.kind === 'dnat' && !undo.has(t.host)) undo.set(t.host, { address: t.original, port: t.originalPort });
  const snats = connection.translations.filter((t): t is Extract<Translation, { kind: 'snat' }> => t.kind === 'snat');
  // the reply's destination port: the client's local port, until a source NAT on the way gave the request another
  const clientPorts = localPorts(model, connection);
  const portsAfter: PortRange[] = [];
  snats.forEach((t, index) => portsAfter.push(t.ports ?? (index === 0 ? clientPorts : portsAfter[index - 1]!)));
  const reply: ReplyContext = {
    undo, visited: new Set(), origin: connection.origin, client, sourcePort: delivery.port,
    portRange: (portsAfter.at(-1) ?? clientPorts).range,
    seen: new Set(connection.hosts), snatHosts: new Set(snats.filter((t) => t.original !== t.translated).map((t) => t.host)),
  };
  let at = delivery.host;
  let destination = delivery.source;
  let source: string | null = delivery.address;
  let local = delivery.local;
  let inInterface = delivery.device;
  const ports = portsAfter.at(-1) ?? clientPorts;
  hops.push({
    host: at, step: 'route', evidence: [], inferred: false,
    detail: `the reply: from ${source}${delivery.port === null ? '' : `:${delivery.port}`} to ${destination}${local ? ` (${at} answers)` : ` (the pod answers, in on ${inInterface ?? '?'})`}; its destination port ${ports.why}`,
  });
  // a pod answering a client pod on its own bridge: the frame is bridged, not routed, and netfilter
  // sees it only with bridge-nf-call-iptables (br_netfilter)
  if (!local && inInterface !== null && delivery.host === connection.origin && connection.clientIsPod) {
    const node = model.nodes.get(at);
    const pod = parseIPv4(destination);
    const bridged = pod !== null && (node?.addresses.entries.some((a) => a.device === inInterface && a.ip !== destination && inSubnetOf(a, pod)) ?? false);
    const brnf = node ? sysctlNumber(node, 'net.bridge.bridge-nf-call-iptables') : null;
    if (bridged && brnf?.value === 0) {
      const dnat = undo.get(at);
      if (dnat) {
        return end('lost', at, `the client pod ${destination} is on ${inInterface} too: the reply is bridged, not routed, and net.bridge.bridge-nf-call-iptables = 0 on ${at}, so conntrack never sees it and it keeps its source ${source}${delivery.port === null ? '' : `:${delivery.port}`}, not ${dnat.address}${dnat.port === null ? '' : `:${dnat.port}`} the client sent to: the client drops it${protocol === 'tcp' ? ' (TCP answers with a reset)' : ''}`, [brnf.evidence]);
      }
      return end('delivered', at, `the client pod ${destination} is on ${inInterface} too: the reply is bridged to it`);
    }
  }
  // the address a node's nat gave the request: that node translates the reply back before routing it (PREROUTING)
  const masqueradedAt = (host: string): Extract<Translation, { kind: 'snat' }> | undefined => snats.find((t) => t.host === host && t.translated === destination);
  for (let segment = 0; segment < MAX_HOSTS; segment++) {
    const snat = masqueradedAt(at);
    if (snat) {
      if (snat.original === null) {
        return end('insufficient-information', at, `${at} translates the reply back to the source the request had before its nat, which is not known${connection.origin === 'external' ? ' (--source gives the client\'s address)' : ''}`);
      }
      if (snat.original !== snat.translated) {
        hops.push({ host: at, step: 'nat', evidence: snat.evidence, inferred: false, detail: `conntrack translates the reply back at ${at}: to ${snat.original}, the source before ${at}'s nat rewrote it` });
      }
      const index = snats.indexOf(snat);
      reply.portRange = (index === 0 ? clientPorts : portsAfter[index - 1]!).range;
      destination = snat.original;
    }
    const result = forward(model, { host: at, destination, hops: [], probability: 1, endpoint: null, dnatHere: false, local, protocol, port: null, mark: 0, source, inInterface, connection, reply });
    hops.push(...result.hops);
    if ('kind' in result) {
      // (a reply never meets IPVS's scheduling: forward() hands only requests to a virtual service)
      if (result.kind === 'ipvs') return end('insufficient-information', result.host, 'the reply reached an IPVS virtual service');
      // the reply reaches a node's own address: the node that masqueraded the request, or the client
      if (!masqueradedAt(result.host) && !(result.host === connection.origin && destination === client)) {
        return end('lost', result.host, `${destination} is ${result.host}'s own address, and no connection there waits for this reply (${result.host} did not send the request): it is dropped or reset`);
      }
      at = result.host;
      source = result.source;
      local = false;
      inInterface = result.inInterface;
      continue;
    }
    if (result.disposition !== 'delivered') return { disposition: result.disposition, at: result.at, hops };
    if (!(destination === client && (result.at === connection.origin || connection.origin === 'external'))) {
      return end('lost', result.at, `the reply reaches ${destination} on ${result.at}, not the client ${client}: no connection waits for it there`);
    }
    const missed = [...undo.entries()].filter(([host]) => !reply.visited.has(host));
    const [first] = missed;
    if (first) {
      const [host, original] = first;
      return end('lost', result.at,
        `the reply comes from ${source ?? '?'}${reply.sourcePort === null ? '' : `:${reply.sourcePort}`}, not from ${original.address}${original.port === null ? '' : `:${original.port}`}, the address the client sent to: it does not pass ${host}, whose nat translated the request (its conntrack entry would translate the reply back), so the client drops it${protocol === 'tcp' ? ' (TCP answers with a reset)' : ''}`);
    }
    return { disposition: 'delivered', at: result.at, hops };
  }
  return end('loop', at, null);
}

/**
 * The source ports a MASQUERADE or SNAT gives the request (nf_nat_l4proto_unique_tuple): --to-ports or
 * the port of --to-source, else with --random or --random-fully any of 1024-65535; null where the
 * client's own port is kept (the kernel keeps it unless another connection holds the same tuple).
 */
function natPorts(rule: IptablesRule): PortRange | null {
  const typed = targetOf(rule)?.typed;
  const name = typed?.type === 'snat' ? 'SNAT' : 'MASQUERADE';
  const given = typed?.type === 'masquerade' ? typed.toPorts : typed?.type === 'snat' ? typed.to[0]?.port ?? null : null;
  const range = given ? /^(\d+)(?:-(\d+))?$/.exec(given) : null;
  if (range?.[1]) {
    const from = Number(range[1]);
    return { range: { from, to: range[2] ? Number(range[2]) : from }, why: `is the port ${name} gave the request: in ${given}` };
  }
  if ((typed?.type === 'masquerade' || typed?.type === 'snat') && (typed.random || typed.randomFully)) {
    return { range: { from: 1024, to: 65535 }, why: `is the port ${name} ${typed.randomFully ? '--random-fully' : '--random'} gave the request: any of 1024-65535` };
  }
  return null;
}

/** A range of ports the reply's destination port lies in, and how that is known (said in the reply's first hop). */
interface PortRange {
  range: { from: number; to: number } | null;
  why: string;
}

/**
 * The client's local ports: a node's own socket takes one in its net.ipv4.ip_local_port_range
 * (Linux's default where sysctl does not show it); a pod's, in its own network namespace's range
 * (the default); a client outside the cluster may be any system.
 */
function localPorts(model: Model, connection: Connection): PortRange {
  const node = model.nodes.get(connection.origin);
  if (!node) return { range: null, why: 'is the client\'s, which is not known' };
  const dflt = `${LINUX_LOCAL_PORTS.from}-${LINUX_LOCAL_PORTS.to}`;
  if (connection.clientIsPod) return { range: LINUX_LOCAL_PORTS, why: `is the client pod's local port: in ${dflt} (a network namespace's default)` };
  const shown = node.sysctls.get('net.ipv4.ip_local_port_range')?.numeric;
  if (shown?.length === 2 && shown[0]! <= shown[1]!) {
    return { range: { from: shown[0]!, to: shown[1]! }, why: `is ${connection.origin}'s local port: in ${shown[0]}-${shown[1]} (its net.ipv4.ip_local_port_range)` };
  }
  return { range: LINUX_LOCAL_PORTS, why: `is ${connection.origin}'s local port: in ${dflt} (Linux's default; its net.ipv4.ip_local_port_range is not shown)` };
}

/** The reply's ports for the filter rules: its source port, and the client's port range its destination port lies in. */
function replyPorts(reply: ReplyContext | undefined, host: string, protocol: 'tcp' | 'udp'): Pick<ForwardPacket, 'reply' | 'invalid' | 'snat' | 'sourcePort' | 'portRange' | 'port'> {
  if (!reply) return {};
  // a node the request never passed holds no connection for the reply: a TCP SYN-ACK is INVALID there, a UDP datagram NEW
  const seen = reply.seen.has(host);
  return { reply: seen, invalid: !seen && protocol === 'tcp', snat: seen ? reply.snatHosts.has(host) : false, sourcePort: reply.sourcePort, portRange: reply.portRange, port: null };
}

/** Whether an IPv4 address lies in the subnet a device's address is configured with (not a /0). */
function inSubnetOf(address: Address, value: number): boolean {
  return address.prefixLength > 0 && address.prefixLength <= 32 && ipv4InPrefix(value, address.value, address.prefixLength);
}

/**
 * MASQUERADE's source (nf_nat_masquerade_ipv4: inet_select_addr on the output device): the device's
 * address in the next hop's subnet, else its first (primary) address.
 */
function masqueradeAddress(node: NodeSnapshot, device: string | null, nextHop: string): { address: string; why: string; evidence: Evidence[] } | null {
  if (device === null) return null;
  const own = node.addresses.entries.filter((a) => a.device === device && parseIPv4(a.ip) !== null);
  const target = parseIPv4(nextHop);
  const inSubnet = target === null ? undefined : own.find((a) => inSubnetOf(a, target));
  const chosen = inSubnet ?? own[0];
  return chosen ? { address: chosen.ip, why: inSubnet ? `${device}'s address in ${nextHop}'s subnet` : `the primary address of ${device}`, evidence: [chosen.evidence] } : null;
}

/**
 * The kernel's check of an arriving packet's source before it routes it (net/ipv4/fib_frontend.c
 * fib_validate_source, from ip_route_input_slow): a source that is one of the node's own addresses is
 * a martian, dropped unless accept_local is set; with reverse-path filtering (the larger of
 * conf/all/rp_filter and conf/<dev>/rp_filter, both shown) the route back to the source, looked up
 * as from lo, must be unicast (loose, 2) and leave by the device the packet came in on (strict, 1).
 * Said only where the node's routes are listed whole and the lookup is decided.
 */
function sourceRejected(node: NodeSnapshot, host: string, device: string, source: string, destination: string): TraceHop | null {
  const hop = (detail: string, evidence: Evidence[]): TraceHop => ({ host, step: 'route', detail, evidence, inferred: false });
  const own = node.addresses.entries.find((a) => a.ip === source);
  const acceptLocal = [sysctlNumber(node, 'net.ipv4.conf.all.accept_local'), sysctlNumber(node, sysctlKey('net', 'ipv4', 'conf', device, 'accept_local'))].some((s) => s?.value === 1);
  if (own && !acceptLocal) {
    return hop(`${source} is ${host}'s own address (${own.device}), so a packet from it arriving on ${device} is a martian source: the kernel drops it`, [own.evidence]);
  }
  const rp = effectiveRpFilter(node, device);
  if (!rp || rp.value === 0 || !node.routes.complete.some((listing) => listing.dev === null)) return null;
  const notes: RouteLookupNotes = { undecided: [] };
  const back = findRoute(node, source, { source: destination, iif: 'lo', mark: 0 }, notes);
  if ((notes.rules ?? []).length > 0) return null;
  const unicast = back.kind === 'route' && back.route.type === 'unicast';
  if (unicast && (rp.value !== 1 || back.route.dev === device)) return null;
  const way = back.kind === 'none' ? 'does not exist'
    : back.kind === 'route' ? `is ${back.route.type === 'unicast' ? '' : `${back.route.type} `}${back.route.network}${back.route.gateway ? ` via ${back.route.gateway}` : ''}${back.route.dev ? ` dev ${back.route.dev}` : ''}`
    : back.kind === 'rule' ? `meets ip rule ${back.rule.priority} (${back.rule.action})` : 'is local';
  const mode = rp.value === 1 ? 'strict' : 'loose';
  return hop(
    `rp_filter = ${rp.value} (${mode}) on ${host}'s ${device}: the route back to ${source} ${way}${rp.value === 1 && unicast ? `, not by ${device}` : ''}, so the kernel drops a packet from it arriving on ${device}`,
    [rp.all, rp.device, ...(back.kind === 'route' ? [back.route.evidence] : back.kind === 'rule' ? [back.rule.evidence] : [])],
  );
}

/**
 * A filter chain of a node for a packet, as a hop when the chain is shown (`quiet`: only when it does
 * not accept); the branch's end when it does not accept (or cannot be decided), null when it accepts.
 */
function filterVerdict(
  node: NodeSnapshot, hook: 'INPUT' | 'FORWARD' | 'OUTPUT', host: string, packet: ForwardPacket, path: TraceHop[],
  options: { prefix?: string; quiet?: boolean } = {},
): Disposition | null {
  if (!node.netfilter?.rules.chain('filter', hook)) return null;
  const verdict = evaluateFilter(node, hook, packet);
  if (options.quiet === true && verdict.verdict === 'accept' && verdict.by !== 'undecided' && verdict.by !== 'not-walked') return null;
  path.push({ host, step: 'filter', detail: (options.prefix ?? '') + verdict.detail, evidence: verdict.evidence, inferred: false });
  if (verdict.by === 'not-walked' || verdict.by === 'undecided') return 'insufficient-information';
  if (verdict.verdict === 'drop') return 'denied';
  if (verdict.verdict === 'reject') return 'rejected';
  return null;
}

/** The device a packet from outside came in on: the one the node routes its source back by, else the one holding the address (never lo). */
function arrivalDevice(node: NodeSnapshot, destination: string, source: string | null): string | null {
  const back = source ? findRoute(node, source, { source: destination }) : null;
  if (back?.kind === 'route' && back.route.dev && back.route.dev !== 'lo') return back.route.dev;
  const holder = node.addresses.entries.find((a) => a.ip === destination)?.device;
  return holder && holder !== 'lo' ? holder : null;
}

/** What a lookup gives, in a few words: a rule's action, a route, local delivery, nothing. */
function describeLookup(lookup: RouteLookup | null, destination: string): string {
  if (!lookup) return 'the lookup was not worked out';
  switch (lookup.kind) {
    case 'rule': return `${destination} meets its ${lookup.rule.action}`;
    case 'local': return `${destination} is delivered on the node`;
    case 'none': return `no route for ${destination}`;
    case 'route': {
      const route = lookup.route;
      return `${destination} matches ${route.type === 'unicast' ? '' : `${route.type} `}${route.network}${route.gateway ? ` via ${route.gateway}` : ''}${route.dev ? ` dev ${route.dev}` : ''}${route.table === 'main' ? '' : ` (table ${route.table})`}`;
    }
  }
}

/**
 * The source the kernel gives a packet the node sends itself (inet_select_addr): the route's
 * preferred source, else the first (primary) address of its output device.
 */
function sourceOf(node: NodeSnapshot, lookup: RouteLookup, destination: string): { address: string; why: string; evidence: Evidence[] } | null {
  if (lookup.kind === 'local') {
    // a local destination (ip_route_output_key_hash_rcu, RTN_LOCAL): the route's src, else the destination itself
    const route = lookup.route;
    if (route?.src) return { address: route.src, why: `the src of local ${route.network}${route.dev ? ` dev ${route.dev}` : ''}`, evidence: [route.evidence] };
    if (!route && !lookup.address && destination.startsWith('127.')) return { address: '127.0.0.1', why: "the src of the kernel's local 127.0.0.0/8 dev lo", evidence: [] };
    return { address: destination, why: 'a local destination: the kernel sends from it', evidence: [] };
  }
  if (lookup.kind !== 'route' || lookup.route.type !== 'unicast') return null;
  const route = lookup.route;
  if (route.src) return { address: route.src, why: `the src of ${route.network}${route.dev ? ` dev ${route.dev}` : ''}`, evidence: [route.evidence] };
  const primary = route.dev ? node.addresses.entries.find((address) => address.device === route.dev) : undefined;
  return primary ? { address: primary.ip, why: `the primary address of ${primary.device}`, evidence: [primary.evidence] } : null;
}

type VxlanNext = { kind: 'host'; host: string } | { kind: 'stop'; disposition: Disposition; /** where it ends, when not the sender */ at?: string };

/** flannel.1: the gateway's MAC from the neighbour table, the MAC's remote IP from the FDB, the node behind it. */
function overVxlan(model: Model, node: NodeSnapshot, gateway: string, path: TraceHop[]): VxlanNext {
  const host = node.name;
  const neighbor = node.neighbors.entries.find((n) => n.ip === gateway && n.dev === FLANNEL_DEVICE);
  let mac: string | null = neighbor?.lladdr ?? null;
  if (neighbor && mac) {
    path.push({ host, step: 'neighbor', detail: `${gateway} lladdr ${mac} dev ${FLANNEL_DEVICE}`, evidence: [neighbor.evidence], inferred: false });
  } else {
    const lease = model.cluster.leases.find((l) => l.gateway === gateway);
    const claim = lease ? bestClaim(model.cluster.nodes.get(lease.node)?.vtepMac ?? []) : null;
    const listed = node.neighbors.complete.some((l) => l.dev === null || l.dev === FLANNEL_DEVICE);
    if (listed || !claim) {
      path.push({
        host, step: 'neighbor',
        detail: listed ? `no neighbour entry for ${gateway} on ${FLANNEL_DEVICE} (flannel.1 does not ARP): the packet is dropped`
          : `${host}'s neighbours on ${FLANNEL_DEVICE} were not pasted, and no output shows the VTEP MAC behind ${gateway}`,
        evidence: [], inferred: !listed,
      });
      return { kind: 'stop', disposition: listed ? 'neighbor-unreachable' : 'insufficient-information' };
    }
    mac = claim.value;
    path.push({ host, step: 'neighbor', detail: `${gateway} lladdr ${mac} dev ${FLANNEL_DEVICE} (not pasted: ${lease?.node ?? '?'}'s VTEP MAC, ${claim.via})`, evidence: claim.evidence.map(asInferred), inferred: true });
  }
  const entry = node.fdb.entries.find((e) => e.mac === mac && e.dev === FLANNEL_DEVICE && e.dst);
  let dst: string | null = entry?.dst ?? null;
  let remote: string | null = null;
  if (entry && dst) {
    path.push({ host, step: 'fdb', detail: `${mac} dev ${FLANNEL_DEVICE} dst ${dst}`, evidence: [entry.evidence], inferred: false });
  } else {
    const listed = node.fdb.complete.some((l) => l.dev === null || l.dev === FLANNEL_DEVICE);
    const owner = [...model.cluster.nodes.values()].find((n) => n.vtepMac.some((c) => c.value === mac));
    if (listed || !owner) {
      path.push({ host, step: 'fdb', detail: `no FDB entry for ${mac} on ${FLANNEL_DEVICE}: vxlan does not know where to send it`, evidence: [], inferred: !listed });
      return { kind: 'stop', disposition: listed ? 'neighbor-unreachable' : 'insufficient-information' };
    }
    const underlay = bestClaim(owner.underlay);
    dst = underlay?.value ?? null;
    remote = owner.name;
    const macClaim = owner.vtepMac.find((c) => c.value === mac);
    path.push({
      host, step: 'fdb',
      detail: `${mac} dev ${FLANNEL_DEVICE} dst ${dst ?? `<${owner.name}'s underlay IP, not shown>`} (not pasted: ${mac} is ${owner.name}'s VTEP MAC${underlay ? `, ${underlay.via}` : ''})`,
      evidence: [...(macClaim?.evidence ?? []), ...(underlay?.evidence ?? [])].map(asInferred), inferred: true,
    });
  }
  if (remote === null && dst !== null) {
    const owner = ownerOf(model, dst);
    remote = owner && model.cluster.nodes.has(owner.host) ? owner.host : null;
  }
  if (!remote) {
    // the MAC's node, by what it shows itself, elsewhere: the frame does not go to it
    const macOwner = [...model.cluster.nodes.values()].find((n) => ownVtepMac(n)?.value === mac);
    const at = macOwner ? ownUnderlay(macOwner) : null;
    path.push({
      host, step: 'encap', inferred: true,
      detail: `vxlan (${FLANNEL_DEVICE}) to ${dst ?? '?'}, which no node shows as its address${macOwner ? ` (${mac} is ${macOwner.name}'s VTEP MAC${at ? `; ${macOwner.name} is at ${at.value}` : ''}): not to ${macOwner.name}` : ''}`,
      evidence: macOwner ? [...(ownVtepMac(macOwner)?.evidence.slice(0, 1) ?? []), ...(at?.evidence.slice(0, 1) ?? [])].map(asInferred) : [],
    });
  } else {
    path.push({ host, step: 'encap', detail: `vxlan (${FLANNEL_DEVICE}) to ${remote} at ${dst ?? '?'}`, evidence: [], inferred: entry === undefined });
  }
  // the frame is a UDP packet the node sends to dst: where nothing answers ARP for its next hop on the
  // underlay, the kernel never sends it (the inner packet is lost without an error to its sender)
  const underlay = dst === null ? null : findRoute(node, dst);
  if (dst !== null && underlay?.kind === 'route') {
    const nextHop = underlay.route.gateway ?? dst;
    const neighbor = node.neighbors.entries.find((n) => n.ip === nextHop && n.dev !== FLANNEL_DEVICE && (n.dev === underlay.route.dev || n.dev === null));
    if (neighbor && isUnanswered(neighbor)) {
      path.push({ host, step: 'neighbor', detail: `${nextHop} on ${underlay.route.dev ?? '?'} does not answer ARP (${neighbor.state?.join(',') ?? 'no lladdr'}): the vxlan frame is not sent`, evidence: [neighbor.evidence], inferred: false });
      return { kind: 'stop', disposition: 'neighbor-unreachable' };
    }
  }
  if (!remote) return { kind: 'stop', disposition: 'insufficient-information' };
  const receiver = model.nodes.get(remote);
  // the frame is a UDP packet to the receiver's underlay address: its filter INPUT decides it before
  // the vxlan socket sees it (VNI, port, inner MAC after that)
  if (receiver && dst !== null) {
    const sender = node.links.get(FLANNEL_DEVICE)?.vxlan;
    const vxlanPort = sender?.port ?? flannelVxlanDevice(receiver)?.vxlan?.port ?? 8472;
    const outer: ForwardPacket = {
      destination: dst, source: sender?.local ?? bestClaim(model.cluster.nodes.get(host)?.underlay ?? [])?.value ?? null,
      inInterface: receiver.addresses.entries.find((a) => a.ip === dst)?.device ?? null, outInterface: null, mark: 0, protocol: 'udp', port: vxlanPort, dnat: false,
    };
    // the overlay's own frame is said only where INPUT stops it, or may
    const input = filterVerdict(receiver, 'INPUT', remote, outer, path, { prefix: `the vxlan frame (UDP ${outer.source ?? '?'} → ${dst}:${vxlanPort}): `, quiet: true });
    if (input) return { kind: 'stop', disposition: input, at: remote };
  }
  // only the sender's own neighbour entry says which MAC the frame carries (a MAC inferred from the
  // receiver's claims cannot differ from them)
  const mismatch = vxlanMismatch(node, receiver) ?? (neighbor?.lladdr === mac ? macMismatch(mac, neighbor, receiver) : null);
  if (mismatch) {
    path.push({ host: remote, step: 'decap', detail: mismatch.detail, evidence: mismatch.evidence, inferred: false });
    // the closed vocabulary's nearest: the receiver refuses the frame (ICMP port unreachable, no
    // device for the VNI, or an inner frame for another host's MAC)
    return { kind: 'stop', disposition: 'unreachable', at: remote };
  }
  path.push({ host: remote, step: 'decap', detail: `${remote}'s ${FLANNEL_DEVICE} takes the inner packet`, evidence: [], inferred: !receiver?.links.has(FLANNEL_DEVICE) });
  return { kind: 'host', host: remote };
}

/**
 * The inner frame goes to the MAC the sender's neighbour entry holds; the receiver's vxlan device
 * marks a frame for another MAC PACKET_OTHERHOST and ip_rcv drops it (net/ipv4/ip_input.c,
 * SKB_DROP_REASON_OTHERHOST): said where the receiver's link listing shows its device's MAC.
 */
function macMismatch(mac: string, neighbor: Neighbor, receiver: NodeSnapshot | undefined): { detail: string; evidence: Evidence[] } | null {
  const device = receiver ? flannelVxlanDevice(receiver) : null;
  if (!receiver || !device?.mac || device.mac.toLowerCase() === mac.toLowerCase()) return null;
  return {
    detail: `the inner frame is for ${mac}, ${receiver.name}'s ${device.name} has MAC ${device.mac}: not addressed to it, dropped on arrival`,
    evidence: [neighbor.evidence, ...device.evidence.slice(0, 1)],
  };
}

/**
 * The receiver drops a frame whose VNI is not its device's, or that arrives on a port it does not
 * listen on (the sender sends to its own dstport): both devices must be shown for this to be said.
 */
function vxlanMismatch(sender: NodeSnapshot, receiver: NodeSnapshot | undefined): { detail: string; evidence: Evidence[] } | null {
  const from = sender.links.get(FLANNEL_DEVICE);
  const to = receiver ? flannelVxlanDevice(receiver) : null;
  if (!receiver || !from?.vxlan || !to?.vxlan) return null;
  const evidence = [...from.evidence.slice(0, 1), ...to.evidence.slice(0, 1)];
  if (from.vxlan.id !== null && to.vxlan.id !== null && from.vxlan.id !== to.vxlan.id) {
    return { detail: `${receiver.name}'s ${to.name} has VNI ${to.vxlan.id}, the frame VNI ${from.vxlan.id}: dropped on arrival`, evidence };
  }
  if (from.vxlan.port !== null && to.vxlan.port !== null && from.vxlan.port !== to.vxlan.port) {
    return { detail: `the frame goes to UDP port ${from.vxlan.port}, ${receiver.name}'s ${to.name} listens on ${to.vxlan.port}: dropped on arrival`, evidence };
  }
  return null;
}

/** A node whose routes were not pasted: its own lease implies the route to its bridge (flannel's CNI puts it there). */
function inferDelivery(model: Model, host: string, destination: string, path: TraceHop[], branch: (d: Disposition, at: string, more?: TraceHop[]) => TraceBranch, delivered: Delivered): TraceBranch {
  const lease = leaseOf(model.cluster, host);
  const value = parseIPv4(destination);
  if (!lease || value === null || leaseContaining(model.cluster, destination)?.node !== host) {
    path.push({ host, step: 'route', detail: `${host}'s routes were not pasted`, evidence: [], inferred: true });
    return branch('insufficient-information', host, path);
  }
  path.push({
    host, step: 'route', detail: `${destination} matches ${lease.text} dev cni0 (not pasted: ${host}'s own pod subnet, ${lease.claims[0]?.via ?? ''})`,
    evidence: lease.claims.flatMap((c) => c.evidence).slice(0, 2).map(asInferred), inferred: true,
  });
  return deliverOnBridge(model, host, destination, 'cni0', path, branch, true, delivered);
}

/** The branch of a packet delivered at a host: to the host itself (`local`) or to a pod on `device`. */
type Delivered = (at: string, local: boolean, device: string | null) => TraceBranch;

function deliverOnBridge(model: Model, host: string, destination: string, bridge: string, path: TraceHop[], branch: (d: Disposition, at: string, more?: TraceHop[]) => TraceBranch, inferred: boolean, delivered: Delivered): TraceBranch {
  const pod = model.cluster.pods.find((p) => p.ip === destination);
  // the pod's neighbour entry on the bridge: FAILED or INCOMPLETE means nothing answers ARP for it
  const neighbor = model.nodes.get(host)?.neighbors.entries.find((n) => n.ip === destination && (n.dev === bridge || n.dev === null));
  if (neighbor && isUnanswered(neighbor)) {
    path.push({ host, step: 'neighbor', detail: `${destination} on ${bridge} does not answer ARP (${neighbor.state?.join(',') ?? 'no lladdr'}): no pod has that address here`, evidence: [neighbor.evidence], inferred: false });
    return branch('neighbor-unreachable', host, path);
  }
  path.push({ host, step: 'bridge', detail: `${bridge} to the pod's veth`, evidence: neighbor ? [neighbor.evidence] : [], inferred: neighbor === undefined });
  if (pod) {
    const elsewhere = pod.node !== null && pod.node !== host;
    path.push({
      host, step: 'deliver',
      detail: elsewhere ? `${destination} is pod ${pod.name}, which kubectl places on ${pod.node ?? '?'}, not ${host}` : `pod ${pod.namespace ? `${pod.namespace}/` : ''}${pod.name} (${destination})`,
      evidence: [pod.evidence], inferred: inferred || elsewhere,
    });
    return elsewhere ? branch('insufficient-information', host, path) : delivered(host, false, bridge);
  }
  path.push({ host, step: 'deliver', detail: `${destination} on ${bridge} (no pod list shows which pod)`, evidence: [], inferred: true });
  return delivered(host, false, bridge);
}
