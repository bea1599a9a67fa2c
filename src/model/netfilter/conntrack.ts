// The conntrack and state matches for the first packet of a new connection (iptables-extensions(8),
// conntrack: the ctstate list, with DNAT and SNAT as virtual states): NEW always; DNAT once the nat
// table changed its destination on this node (PREROUTING or OUTPUT, before filter); SNAT never
// before POSTROUTING, where a new connection's source NAT is set up (nf_nat_core.c).
import type { IptablesMatch } from '../../formats/shared/iptables/schema';

/** What a new connection's conntrack entry holds on this node: whether its destination was NATed here. */
export interface NewConnection {
  /** true: DNATed (or REDIRECTed) on this node; false: not; null: not known. */
  dnat: boolean | null;
}

// the options of the ctstate test itself; any other (--ctorigdstport, --ctstatus, --ctproto …) is not evaluated
const STATE_OPTIONS = new Set(['ctstate', 'state']);

/** true or false for a conntrack/state match on a new connection; 'unknown' when it tests more than its state. */
export function conntrackMatches(match: Pick<IptablesMatch, 'options' | 'typed'>, connection: NewConnection): boolean | 'unknown' {
  const typed = match.typed;
  if (typed?.type !== 'conntrack' || match.options.some((option) => !STATE_OPTIONS.has(option.name))) return 'unknown';
  let unknown = false;
  const hit = typed.states.some((state) => {
    if (state === 'NEW') return true;
    if (state === 'DNAT') {
      if (connection.dnat === null) unknown = true;
      return connection.dnat === true;
    }
    return false;
  });
  if (!hit && unknown) return 'unknown';
  return hit !== typed.negated;
}
