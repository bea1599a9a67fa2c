// The route lookup with policy rules, on the lab's route-zoo namespace (real ip rule and ip route
// captures: 27 IPv4 rules, tables main, local, vpn, isp2, wg, 1234; wg-quick's "not fwmark … lookup wg"
// and "lookup main suppress_prefixlength 0").
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingest } from '../ingest';
import { buildModel } from './build';
import { findRoute, type RouteLookup, type RouteLookupNotes, type RouteQuery } from './find-route';

const capture = (path: string): string => readFileSync(join(__dirname, '../../corpus/captures', path), 'utf8');
const routes = `[root@zoo ~]# ip -4 route show table all\n${capture('ip-route/route-zoo__ip_-4_route_show_table_all.txt')}`;
const rules = `[root@zoo ~]# ip -4 rule list\n${capture('ip-rule/route-zoo__ip_-4_rule_list.txt')}`;
const zoo = buildModel(ingest(rules + routes)).nodes.get('zoo')!;
const noRules = buildModel(ingest(routes)).nodes.get('zoo')!;

/** [table, route, rule priority] or [rule priority, action] or ['none', thrown]. */
function outcome(lookup: RouteLookup): (string | number | null)[] {
  switch (lookup.kind) {
    case 'route': return [lookup.route.table, `${lookup.route.type === 'unicast' ? '' : `${lookup.route.type} `}${lookup.route.network}${lookup.route.dev ? ` dev ${lookup.route.dev}` : ''}`, lookup.rule?.priority ?? null];
    case 'rule': return [lookup.rule.priority, lookup.rule.action];
    case 'local': return ['local', lookup.address?.ip ?? lookup.route?.network ?? null];
    case 'none': return ['none', lookup.thrown?.network ?? null];
  }
}
const look = (destination: string, query: RouteQuery = {}) => outcome(findRoute(zoo, destination, query));

describe('findRoute with policy rules (ip rule)', () => {
  it('reads the IPv4 rules, and the main table of "ip route show table all" as main', () => {
    expect(zoo.policyRules.entries.map((r) => r.priority)).toEqual([
      0, 99, 100, 110, 120, 121, 130, 140, 141, 150, 151, 160, 161, 162, 170, 180, 190, 191, 200, 250, 300, 310, 320, 330, 340, 32766, 32767,
    ]);
    expect([...new Set(zoo.routes.entries.map((r) => r.table))]).toEqual(['vpn', 'wg', 'isp2', '1234', 'main', 'local']);
  });

  it('takes main\'s more specific routes by "lookup main suppress_prefixlength 0", and main\'s default never', () => {
    expect(look('10.10.1.1')).toEqual(['main', '10.10.0.0/16 dev eth0', 150]);
    expect(look('192.0.2.200')).toEqual(['main', '192.0.2.0/24 dev lan0', 150]);
    expect(look('8.8.8.8')).toEqual(['wg', '0.0.0.0/0 dev eth0', 330]);
  });

  it('goes on after a throw route (vpn, then main, both throw 10.53.0.0/16)', () => {
    expect(look('10.53.1.1')).toEqual(['wg', '0.0.0.0/0 dev eth0', 330]);
  });

  it('honours fwmark with "not", from, goto, and rule actions', () => {
    // wg-quick's own packets carry the mark: they skip table wg and leave by main's default
    expect(look('8.8.8.8', { mark: 0xca6c })).toEqual(['main', '0.0.0.0/0 dev eth0', 32766]);
    // from 10.1.0.0/16 goto 300 → lookup 1234
    expect(look('10.100.1.1', { source: '10.1.2.3' })).toEqual(['1234', '10.100.0.0/16 dev eth0', 300]);
    expect(look('10.100.1.1')).toEqual(['wg', '0.0.0.0/0 dev eth0', 330]);
    // from 198.18.0.0/15 blackhole
    expect(look('8.8.8.8', { source: '198.18.0.5' })).toEqual([162, 'blackhole']);
    // no ip addr pasted, but the local table's listing holds "local 10.0.0.2 dev eth0 table local": delivered on the node
    expect(look('10.0.0.2')).toEqual(['local', '10.0.0.2/32']);
  });

  it('says which rules it could not decide (a source not known, tos, uid, ports)', () => {
    const notes = { undecided: [] as string[] };
    findRoute(zoo, '8.8.8.8', {}, notes);
    expect(notes.undecided.slice(0, 3)).toEqual([
      'rule 99 (from 10.5.0.0/16) not applied: the source is not known',
      'rule 100 (from 10.0.0.0/24) not applied: the source is not known',
      'rule 130 (iif eth1) not applied: not decided for this packet',
    ]);
  });

  it('works out what each rule not decided would give were it to match', () => {
    const notes: RouteLookupNotes = { undecided: [] };
    const found = findRoute(zoo, '8.8.8.8', { source: '198.18.0.5', iif: 'lo' }, notes);
    expect(outcome(found)).toEqual([162, 'blackhole']);
    expect(notes.rules?.map((r) => [r.rule.priority, r.selector, r.reason, r.alternative && outcome(r.alternative)])).toEqual([
      [151, 'suppress_ifgroup 5', 'netsift does not evaluate it', ['main', '0.0.0.0/0 dev eth0', 151]],
    ]);
    // a mark not known leaves the fwmark rules undecided: 0xca6c would skip table wg
    const marks: RouteLookupNotes = { undecided: [] };
    findRoute(zoo, '8.8.8.8', { source: '198.51.100.7', mark: null, iif: 'lo' }, marks);
    expect(marks.rules?.filter((r) => r.selector.startsWith('fwmark')).map((r) => [r.rule.priority, r.selector, r.reason])).toEqual([
      [120, 'fwmark 0x1', 'the mark is not known'], [121, 'fwmark 0x10/0xff', 'the mark is not known'],
      [310, 'fwmark 0x2', 'the mark is not known'], [330, 'fwmark 0xca6c', 'the mark is not known'],
    ]);
  });

  it('decides ipproto and dport by the packet\'s protocol and port; sport (the client\'s) stays undecided', () => {
    const rulesOf = (query: RouteQuery) => {
      const notes: RouteLookupNotes = { undecided: [] };
      findRoute(zoo, '8.8.8.8', { source: '198.51.100.7', iif: 'lo', mark: 0, ...query }, notes);
      return notes.rules?.filter((r) => r.rule.priority === 190 || r.rule.priority === 191).map((r) => [r.rule.priority, r.selector, r.reason]);
    };
    // 190: ipproto tcp dport 443 lookup vpn; 191: ipproto udp sport 1000-2000 lookup isp2
    expect(rulesOf({})).toEqual([[190, 'ipproto tcp', 'the protocol is not known'], [191, 'ipproto udp', 'the protocol is not known']]);
    expect(rulesOf({ protocol: 'tcp' })).toEqual([[190, 'dport 443', 'the port is not known']]);
    expect(rulesOf({ protocol: 'tcp', port: 80 })).toEqual([]);
    expect(rulesOf({ protocol: 'udp', port: 443 })).toEqual([[191, 'sport 1000-2000', "the client's port is not known"]]);
    // tcp 443 meets 190: table vpn's unreachable default
    expect(look('8.8.8.8', { source: '198.51.100.7', iif: 'lo', mark: 0, protocol: 'tcp', port: 443 })).toEqual(['vpn', 'unreachable 0.0.0.0/0', 190]);
  });

  it("without a rule listing uses the kernel's defaults: local, main, default", () => {
    expect(outcome(findRoute(noRules, '8.8.8.8'))).toEqual(['main', '0.0.0.0/0 dev eth0', null]);
    expect(outcome(findRoute(noRules, '10.53.1.1'))).toEqual(['none', '10.53.0.0/16']);
    expect(outcome(findRoute(noRules, '10.100.1.1', 'vpn'))).toEqual(['vpn', '10.0.0.0/8 dev eth0', null]);
  });
});
