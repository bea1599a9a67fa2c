// The one rule model every iptables listing reads into (iptables-save, iptables -S, iptables -L):
// chains and rules with their matches and targets, raw options always kept, typed where netsift
// knows the module or target. Option names and meanings per iptables(8) and
// iptables-extensions(8); kube-proxy's use of them per pkg/proxy/iptables.
import { z } from 'zod';
import { Span } from '../../../core';

/** One option as written: `--dport 30038`, `! --dst-type LOCAL`, `--set-xmark 0x4000/0x4000`. */
export const IptablesOption = z
  .object({
    name: z.string().meta({ description: 'without dashes: "dport", "to-destination"; for -L text, the word printed ("dpt")' }),
    values: z.array(z.string()).meta({ description: 'as printed; several for options like --match-set NAME dst,dst' }),
    negated: z.boolean(),
  })
  .meta({ id: 'iptables/option', title: 'One option of a match or target, as written' });
export type IptablesOption = z.infer<typeof IptablesOption>;

/** A negatable value: `-s 10.0.0.0/8`, `! -i eth0`. */
export const Negatable = z.object({ negated: z.boolean(), value: z.string() }).meta({ id: 'iptables/negatable' });
export type Negatable = z.infer<typeof Negatable>;

export const PortRange = z
  .object({ negated: z.boolean(), from: z.int().min(0).max(65535), to: z.int().min(0).max(65535) })
  .meta({ id: 'iptables/port-range', description: 'a single port has from === to' });
export type PortRange = z.infer<typeof PortRange>;

/** What netsift understands of a match module; `other` keeps any module it does not type. */
export const TypedMatch = z
  .discriminatedUnion('type', [
    z.object({ type: z.literal('comment'), comment: z.string() }),
    z.object({
      type: z.literal('ports'),
      protocol: z.string().meta({ description: 'tcp, udp, sctp' }),
      sourcePort: PortRange.optional(),
      destinationPort: PortRange.optional(),
      tcpFlags: z.object({ negated: z.boolean(), mask: z.array(z.string()), compare: z.array(z.string()) }).optional(),
      syn: z.object({ negated: z.boolean() }).optional(),
    }),
    z.object({
      type: z.literal('multiport'),
      direction: z.enum(['source', 'destination', 'both']),
      negated: z.boolean(),
      ports: z.array(PortRange),
    }),
    z.object({
      type: z.literal('addrtype'),
      sourceType: z.object({ negated: z.boolean(), types: z.array(z.string()) }).optional(),
      destinationType: z.object({ negated: z.boolean(), types: z.array(z.string()) }).optional(),
      limitIfaceIn: z.boolean().optional(),
      limitIfaceOut: z.boolean().optional(),
    }),
    z.object({
      type: z.literal('statistic'),
      mode: z.enum(['random', 'nth']),
      negated: z.boolean(),
      probability: z.number().min(0).max(1).optional(),
      every: z.int().optional(),
      packet: z.int().optional(),
    }),
    z.object({ type: z.literal('mark'), negated: z.boolean(), value: z.int().nonnegative(), mask: z.int().nonnegative().nullable() }),
    z.object({
      type: z.literal('conntrack'),
      module: z.enum(['conntrack', 'state']),
      states: z.array(z.string()).meta({ description: 'NEW, ESTABLISHED, RELATED, INVALID, UNTRACKED, DNAT, SNAT' }),
      negated: z.boolean(),
    }),
    z.object({
      type: z.literal('set'), negated: z.boolean(), name: z.string(), flags: z.array(z.enum(['src', 'dst'])),
      counters: z.literal(true).optional().meta({ description: '--packets-eq/lt/gt or --bytes-eq/lt/gt: the element\'s counters are tested too' }),
      returnNomatch: z.literal(true).optional().meta({ description: '--return-nomatch: a nomatch element matches (and a matching one does not)' }),
    }),
    z.object({ type: z.literal('physdev'), options: z.array(IptablesOption) }),
    z.object({ type: z.literal('rpfilter'), loose: z.boolean(), validmark: z.boolean(), acceptLocal: z.boolean(), invert: z.boolean() }),
    z.object({ type: z.literal('owner'), options: z.array(IptablesOption) }),
    z.object({
      type: z.literal('limit'),
      rate: z.string().meta({ description: '"5/sec"' }),
      burst: z.int().meta({ description: '--limit-burst; 5 when not given (iptables-save leaves the default out, -L prints it)' }),
    }),
    z.object({ type: z.literal('recent'), options: z.array(IptablesOption) }),
  ])
  .meta({ id: 'iptables/typed-match', title: 'A match module netsift understands' });
export type TypedMatch = z.infer<typeof TypedMatch>;

export const IptablesMatch = z
  .object({
    module: z.string().meta({ description: 'the -m module ("comment", "tcp", "statistic"); for -L, the module the text shows' }),
    options: z.array(IptablesOption),
    typed: TypedMatch.nullable().meta({ description: 'null for a module netsift does not type: its options stay raw' }),
    span: Span,
  })
  .meta({ id: 'iptables/match', title: 'One match of a rule' });
export type IptablesMatch = z.infer<typeof IptablesMatch>;

/** An address with an optional port as DNAT/SNAT print it: "10.244.2.6:9090", "10.0.0.1-10.0.0.9:80-90". */
export const NatAddress = z
  .object({
    address: z.string().meta({ description: 'an address or "from-to" range as printed; "" when only a port is given' }),
    port: z.string().optional().meta({ description: 'a port or "from-to" range as printed' }),
  })
  .meta({ id: 'iptables/nat-address' });
export type NatAddress = z.infer<typeof NatAddress>;

export const TypedTarget = z
  .discriminatedUnion('type', [
    z.object({ type: z.literal('verdict'), verdict: z.enum(['ACCEPT', 'DROP', 'RETURN', 'QUEUE']) }),
    z.object({ type: z.literal('chain'), chain: z.string().meta({ description: 'a user-defined chain jumped to (-j) or gone to (-g)' }) }),
    z.object({ type: z.literal('reject'), rejectWith: z.string().nullable() }),
    z.object({ type: z.literal('dnat'), to: z.array(NatAddress), random: z.boolean(), persistent: z.boolean() }),
    z.object({ type: z.literal('snat'), to: z.array(NatAddress), random: z.boolean(), randomFully: z.boolean(), persistent: z.boolean() }),
    z.object({ type: z.literal('masquerade'), toPorts: z.string().nullable(), random: z.boolean(), randomFully: z.boolean() }),
    z.object({
      type: z.literal('mark'),
      // libxt_MARK stores every form as (mark, mask) and the kernel sets mark = (mark & ~mask) ^ value;
      // iptables-save prints "--set-xmark 0x4000/0x4000" where -L prints "MARK or 0x4000": one value here
      value: z.int().nonnegative().meta({ description: 'the bits XORed in, after the mask: --or-mark V is V/V, --xor-mark V is V/0, --and-mark V is 0/~V' }),
      mask: z.int().nonnegative().meta({ description: 'the bits cleared first; --set-xmark V without a mask and --set-mark V clear all (0xffffffff)' }),
    }),
    z.object({
      type: z.literal('log'),
      prefix: z.string().nullable(),
      level: z.int().min(0).max(7).nullable().meta({ description: 'syslog level; names (warn, info, …) as numbers, 4 (warning) when not given; null for a name iptables does not know' }),
    }),
    z.object({ type: z.literal('notrack') }),
    z.object({ type: z.literal('ct'), options: z.array(IptablesOption) }),
    z.object({ type: z.literal('tproxy'), options: z.array(IptablesOption) }),
  ])
  .meta({ id: 'iptables/typed-target', title: 'A target netsift understands' });
export type TypedTarget = z.infer<typeof TypedTarget>;

export const IptablesTarget = z
  .object({
    name: z.string().meta({ description: 'as written: "DNAT", "KUBE-SVC-…", "ACCEPT"' }),
    goto: z.boolean().meta({ description: 'true for -g (goto), false for -j (jump)' }),
    options: z.array(IptablesOption),
    typed: TypedTarget.nullable(),
    span: Span,
  })
  .meta({ id: 'iptables/target', title: 'The target of a rule' });
export type IptablesTarget = z.infer<typeof IptablesTarget>;

export const Counters = z
  .object({
    packets: z.int().nonnegative().meta({ description: 'K/M/G suffixes of -L -v expanded (1K = 1000)' }),
    bytes: z.int().nonnegative(),
    exact: z.boolean().meta({ description: 'false when -L -v printed a rounded K/M/G figure' }),
  })
  .meta({ id: 'iptables/counters' });
export type Counters = z.infer<typeof Counters>;

export const IptablesRule = z
  .object({
    type: z.literal('rule'),
    table: z.string().nullable().meta({ description: 'from "*nat" or the listing command; null when the text does not say' }),
    chain: z.string(),
    position: z.int().positive().meta({ description: '1-based position in its chain within this listing (--line-numbers when printed)' }),
    counters: Counters.nullable(),
    protocol: Negatable.nullable().meta({ description: '-p as written: "tcp", "udp", "6" (iptables 1.8.9 -L -n prints numbers); null for all' }),
    source: Negatable.nullable().meta({ description: '-s; null for anywhere / 0.0.0.0/0' }),
    destination: Negatable.nullable(),
    inInterface: Negatable.nullable(),
    outInterface: Negatable.nullable(),
    fragment: z.object({ negated: z.boolean() }).nullable().meta({ description: '-f' }),
    matches: z.array(IptablesMatch),
    target: IptablesTarget.nullable().meta({ description: 'null for a rule without -j/-g (it only counts)' }),
    unresolved: z.array(z.string()).meta({ description: 'names -L printed without -n that stand for addresses or ports ("anywhere" is not one)' }),
    span: Span,
  })
  .meta({ id: 'iptables/rule', title: 'One iptables rule' });
export type IptablesRule = z.infer<typeof IptablesRule>;

export const IptablesChain = z
  .object({
    type: z.literal('chain'),
    table: z.string().nullable(),
    chain: z.string(),
    builtin: z.boolean().meta({ description: 'a built-in chain (has a policy)' }),
    policy: z.string().nullable().meta({ description: 'ACCEPT or DROP for built-in chains; null for user chains' }),
    counters: Counters.nullable(),
    references: z.int().nonnegative().nullable().meta({ description: '-L prints "(2 references)" for user chains' }),
    span: Span,
  })
  .meta({ id: 'iptables/chain', title: 'A chain declaration or header' });
export type IptablesChain = z.infer<typeof IptablesChain>;

/** iptables-save structure and remarks: `*nat`, `COMMIT`, header and footer comments, nft warnings. */
export const IptablesMeta = z
  .object({
    type: z.literal('meta'),
    kind: z.enum(['table', 'commit', 'comment', 'warning']),
    table: z.string().nullable(),
    text: z.string().meta({ description: 'the line as written, without its line break' }),
    span: Span,
  })
  .meta({ id: 'iptables/meta', title: 'A structural line of a listing' });
export type IptablesMeta = z.infer<typeof IptablesMeta>;

export const IptablesRecord = z
  .discriminatedUnion('type', [IptablesRule, IptablesChain, IptablesMeta])
  .meta({ id: 'iptables/record', title: 'One record of an iptables listing' });
export type IptablesRecord = z.infer<typeof IptablesRecord>;
