// The conntrack and state matches (iptables-extensions(8), conntrack: the ctstate list, with DNAT and
// SNAT as virtual states). The first packet of a new connection: NEW; DNAT once the nat table
// changed its destination on this node (PREROUTING or OUTPUT, before filter); SNAT never before
// POSTROUTING, where a new connection's source NAT is set up (nf_nat_core.c). A reply of a
// connection the request set up on this node: ESTABLISHED, never NEW; DNAT and SNAT where this
// node translated the request. A TCP reply at a node the request never passed: INVALID (a SYN-ACK
// without a connection, nf_conntrack_proto_tcp.c).
import type { IptablesMatch } from '../../formats/shared/iptables/schema';

/** What a connection's conntrack entry holds on this node: whether its destination was NATed here, and which direction the packet goes. */
export interface NewConnection {
  /** true: DNATed (or REDIRECTed) on this node; false: not; null: not known. */
  dnat: boolean | null;
  /** a packet of the reply direction (the connection is ESTABLISHED); absent or false: the request's first packet (NEW) */
  reply?: boolean;
  /** a packet conntrack cannot place (a TCP SYN-ACK where no request was seen): INVALID, and nothing else */
  invalid?: boolean;
  /** a reply: whether this node source-NATed the connection (the virtual state SNAT); null or absent: not known */
  snat?: boolean | null;
}

// the options of the ctstate test itself; any other (--ctorigdstport, --ctstatus, --ctproto …) is not evaluated
const STATE_OPTIONS = new Set(['ctstate', 'state']);

/** true or false for a conntrack/state match on a new connection or its reply; 'unknown' when it tests more than its state. */
export function conntrackMatches(match: Pick<IptablesMatch, 'options' | 'typed'>, connection: NewConnection): boolean | 'unknown' {
  const typed = match.typed;
  if (typed?.type !== 'conntrack' || match.options.some((option) => !STATE_OPTIONS.has(option.name))) return 'unknown';
  let unknown = false;
  const reply = connection.reply === true;
  if (connection.invalid === true) return typed.states.includes('INVALID') !== typed.negated;
  const hit = typed.states.some((state) => {
    if (state === 'NEW') return !reply;
    if (state === 'ESTABLISHED') return reply;
    if (state === 'SNAT' && reply) {
      if (connection.snat === null || connection.snat === undefined) unknown = true;
      return connection.snat === true;
    }
    if (state === 'DNAT') {
      if (connection.dnat === null) unknown = true;
      return connection.dnat === true;
    }
    return false;
  });
  if (!hit && unknown) return 'unknown';
  return hit !== typed.negated;
}
