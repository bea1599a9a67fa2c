import { describe, expect, it } from 'vitest';
import type { FindingObjects } from '../analyze/finding';
import { bounded, excerpt, fixLine, MAX_NAME, MAX_TEXT, shortened } from './excerpt';

const none: FindingObjects = { addresses: [], subnets: [], interfaces: [], macs: [], hosts: [], services: [] };

describe('excerpt', () => {
  it('keeps a short line whole, on one line, control and format characters shown', () => {
    expect(excerpt('  10.244.2.0 lladdr 92:e7:b6:4e:e5:73\n  PERMANENT ', none, 100)).toBe('10.244.2.0 lladdr 92:e7:b6:4e:e5:73 PERMANENT');
    expect(excerpt('chain\u001b[2J\u202e', none, 100)).toBe('chain\\x1b[2J\\u202e');
  });

  it('centres on the address the finding is about: the DNAT target at the end of the rule (nf-no-endpoints)', () => {
    const rule = '-A KUBE-SEP-7WO7KKIQK35LISLM -p tcp -m comment --comment "shop/payments:grpc" -m tcp -j DNAT --to-destination 10.233.99.14:9000';
    expect(excerpt(rule, { ...none, addresses: ['10.233.99.14'], services: ['shop/payments:grpc'] }, 100))
      .toBe('…M -p tcp -m comment --comment "shop/payments:grpc" -m tcp -j DNAT --to-destination 10.233.99.14:9000');
    // the line's start where it holds none of them
    expect(excerpt(rule, { ...none, addresses: ['10.0.0.1'] }, 40)).toBe('-A KUBE-SEP-7WO7KKIQK35LISLM -p tcp -m c…');
  });

  it("finds the MAC on ip link's second line, before the interface that heads the line (ov-stale-vtep)", () => {
    const link = '6: flannel.1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000\n'
      + '    link/ether 86:2c:91:4f:7e:b2 brd ff:ff:ff:ff:ff:ff promiscuity 0  allmulti 0 minmtu 68 maxmtu 65535\n'
      + '    vxlan id 1 local 10.20.30.12 dev eth0 srcport 0 0 dstport 8472 nolearning ttl auto ageing 300';
    const objects = { ...none, addresses: ['10.20.30.12'], interfaces: ['flannel.1'], macs: ['86:2c:91:4f:7e:b2'] };
    expect(excerpt(link, objects, 100)).toBe('…EFAULT group default qlen 1000 link/ether 86:2c:91:4f:7e:b2 brd ff:ff:ff:ff:ff:ff promiscuity 0 allm…');
    // the interface when no address, subnet or MAC is there
    expect(excerpt(`${'x '.repeat(60)}dev flannel.1 ${'y '.repeat(60)}`, { ...none, interfaces: ['flannel.1'] }, 21)).toBe('…x dev flannel.1 y y y…');
  });

  it('takes in the objects near the first one that fit, and a whole address, not one inside a longer (seed)', () => {
    const log = 'E1028 05:31:48.554835       1 vxlan_network.go:191] failed to delete vxlanRoute (10.244.2.0/24 -> 10.244.2.0): no such process';
    expect(excerpt(log, { ...none, addresses: ['10.244.2.0'], subnets: ['10.244.2.0/24'] }, 60))
      .toBe('…d to delete vxlanRoute (10.244.2.0/24 -> 10.244.2.0): no suc…');
    expect(excerpt(`via 10.244.2.10 ${'z'.repeat(80)} via 10.244.2.1 dev cni0`, { ...none, addresses: ['10.244.2.1'] }, 21)).toBe('…z via 10.244.2.1 dev …');
  });

  it('never cuts an escape or a surrogate pair in two', () => {
    const escapes = `${'\u001b'.repeat(30)} 10.0.0.1 ${'\u202e'.repeat(30)}`;
    const cut = excerpt(escapes, { ...none, addresses: ['10.0.0.1'] }, 30);
    expect(cut).toBe('…\\x1b\\x1b 10.0.0.1 \\u202e\\u202e…');
    const emoji = `${'\u{1f600}'.repeat(20)} 10.0.0.1 ${'\u{1f600}'.repeat(20)}`;
    const shown = excerpt(emoji, { ...none, addresses: ['10.0.0.1'] }, 21);
    expect(shown).toBe(`…${'\u{1f600}'.repeat(3)} 10.0.0.1 ${'\u{1f600}'.repeat(2)}…`);
    expect(shown).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
  });

  it('starts at an object longer than the width, and bounds the line it is in', () => {
    const name = `KUBE-SVC-${'A'.repeat(200_000)}`;
    expect(excerpt(`-A ${name} -j REJECT`, { ...none, services: [name] }, 20)).toBe('-A KUBE-SVC-AAAAAAAA…');
    expect(excerpt(`-j REJECT -A ${name}`, { ...none, services: [name] }, 20)).toBe('…REJECT -A KUBE-SVC-A…');
  });
});

describe('bounded names', () => {
  const long = `KUBE-SVC-${'A'.repeat(200_000)}Z`;

  it('shortens a name to its start and its end, escapes whole, and gives what it gave back as it is', () => {
    expect(shortened(long, 40)).toBe(`KUBE-SVC-${'A'.repeat(20)}…${'A'.repeat(9)}Z`);
    expect(shortened(long, MAX_NAME)).toHaveLength(MAX_NAME);
    expect(shortened('\u001b'.repeat(100), 30)).toBe(`${'\\x1b'.repeat(5)}…\\x1b`);
    expect(shortened('cni0', 30)).toBe('cni0');
    for (const text of [long, '\u202e'.repeat(500), 'é'.repeat(300)]) expect(shortened(shortened(text, MAX_NAME), MAX_NAME)).toBe(shortened(text, MAX_NAME));
  });

  it('bounds each name of a message, and the message', () => {
    expect(bounded(`${long} on node-1\u202e has no endpoints`)).toBe(`${shortened(long, MAX_NAME)} on node-1\\u202e has no endpoints`);
    const many = 'ab '.repeat(1000);
    expect(bounded(many)).toBe(`${'ab '.repeat(666)}ab …`);
    expect(bounded(many).length).toBeLessThanOrEqual(MAX_TEXT + 2);
  });

  it('shows a fix too long to show as a comment, never cut (it would run with another name)', () => {
    expect(fixLine(`iptables -t nat -X ${long}`)).toBe('# not shown: a command of 200029 characters (--format json has it whole)');
    expect(fixLine("ip link set $'veth1\\xe2\\x80\\xae' mtu 1450")).toBe("ip link set $'veth1\\xe2\\x80\\xae' mtu 1450");
  });
});
