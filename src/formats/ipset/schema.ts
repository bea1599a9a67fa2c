// Records of ipset's listings (ipset 7, src/ipset.c and lib/print.c): each set with its header,
// and each member typed by the shape of its parts; `ipset list`, its terse form, and `ipset save`.
import { z } from 'zod';
import { Span } from '../../core';

/** One part of a member (ipset joins a member's parts with ","): an address or network, a port, or other text. */
export const IpsetPart = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('address'), address: z.string(),
    prefixLength: z.int().min(0).max(128).nullable().meta({ description: 'a network (hash:net): 10.0.0.0/8; null for an address' }),
    to: z.string().nullable().meta({ description: 'the last address of a range (10.0.0.1-10.0.0.9)' }),
  }),
  z.object({
    kind: z.literal('port'),
    protocol: z.string().nullable().meta({ description: 'tcp, udp, sctp, icmp… as printed before ":" (hash:ip,port); null for bitmap:port' }),
    port: z.int().min(0).max(65535), to: z.int().min(0).max(65535).nullable(),
  }),
  z.object({ kind: z.literal('text'), text: z.string().meta({ description: 'an interface, a MAC, a mark, or a name (no -n)' }) }),
]).meta({ id: 'ipset/part', title: 'One part of a set member' });

const option = z.object({ key: z.string(), value: z.string().nullable().meta({ description: 'as printed (a comment keeps its quotes); null for a flag' }) });

export const IpsetSet = z.object({
  type: z.literal('set'),
  layout: z.enum(['list', 'save']).meta({ description: 'ipset list (Name:, Type: … lines) or ipset save (create …)' }),
  name: z.string(),
  setType: z.string().meta({ description: 'hash:ip,port, bitmap:port…' }),
  revision: z.int().nonnegative().nullable(),
  header: z.string().meta({ description: 'the header as printed: family inet hashsize 1024 maxelem 65536 …' }),
  options: z.array(option).meta({ description: 'the header\'s words: family inet, hashsize 1024, range 0-65535, timeout 300, comment, counters…' }),
  family: z.enum(['inet', 'inet6']).nullable(),
  memorySize: z.int().nonnegative().nullable(),
  references: z.int().nonnegative().nullable().meta({ description: 'how many iptables rules (and sets) use it' }),
  entries: z.int().nonnegative().nullable().meta({ description: 'Number of entries (ipset 6.30 and later)' }),
  membersListed: z.boolean().meta({ description: 'whether all its members are shown (false for ipset list -t, and for a save with a member line that could not be read): only then is a packet\'s absence decided' }),
  span: Span,
}).meta({ id: 'ipset/set', title: 'A set and its header' });

export const IpsetMember = z.object({
  type: z.literal('member'),
  set: z.string().nullable().meta({ description: 'the set it belongs to; null where no set came before it' }),
  element: z.string().meta({ description: 'as printed: 10.96.0.1,tcp:443' }),
  parts: z.array(IpsetPart),
  options: z.array(option).meta({ description: 'comment "…", timeout N, packets N, bytes N, skbmark…, nomatch' }),
  comment: z.string().nullable().meta({ description: 'the comment without its quotes' }),
  timeout: z.int().nonnegative().nullable(),
  nomatch: z.boolean().meta({ description: 'an exception of a hash:net set: the packet does not match' }),
  span: Span,
}).meta({ id: 'ipset/member', title: 'One member of a set' });

export const IpsetError = z.object({
  type: z.literal('error'), message: z.string(), span: Span,
}).meta({ id: 'ipset/error', title: 'An error ipset printed (ipset v7.17: The set with the given name does not exist)' });

export const IpsetEntry = z.discriminatedUnion('type', [IpsetSet, IpsetMember, IpsetError]).meta({ id: 'ipset/entry', title: 'One record of ipset output' });

export type IpsetPart = z.infer<typeof IpsetPart>;
export type IpsetSet = z.infer<typeof IpsetSet>;
export type IpsetMember = z.infer<typeof IpsetMember>;
export type IpsetEntry = z.infer<typeof IpsetEntry>;
