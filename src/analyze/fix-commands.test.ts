import { describe, expect, it } from 'vitest';
import { ingest } from '../ingest';
import { buildModel } from '../model';
import { quoteNames, shellQuote } from './fix-commands';
import { runRules } from './run';
import { mtuMismatch } from './rules/mtu/mismatch';

describe('fix commands: names from the input are shell-quoted', () => {
  it('quotes POSIX-style, an embedded quote included', () => {
    expect(shellQuote("it's")).toBe("'it'\\''s'");
    expect(shellQuote('$(reboot)')).toBe("'$(reboot)'");
  });

  it('quotes only unsafe names, every occurrence, the longest first', () => {
    expect(quoteNames(['ip link set eth0 mtu 1450', 'ip link set br$(id) mtu 1450 # br$(id)'], ['eth0', 'br$(id)', '10.0.0.0/24']))
      .toEqual(['ip link set eth0 mtu 1450', "ip link set 'br$(id)' mtu 1450 # 'br$(id)'"]);
    expect(quoteNames(['kubectl delete pod x;y', 'echo x;y;z'], ['x;y', 'x;y;z'])).toEqual(["kubectl delete pod 'x;y'", "echo 'x;y;z'"]);
    expect(quoteNames(['a b'], [])).toEqual(['a b']);
  });

  it("a rule's fix names a hostile interface quoted (Linux allows $, ( and ; in interface names)", () => {
    const veth = 'veth$(reboot)';
    const text = `[root@a ~]# ip -d link
2: ens5: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc mq state UP mode DEFAULT group default qlen 1000
    link/ether 0e:5a:00:00:00:01 brd ff:ff:ff:ff:ff:ff promiscuity 0 minmtu 68 maxmtu 9216 addrgenmode none numtxqueues 2 numrxqueues 2 gso_max_size 65536 gso_max_segs 65535 
3: flannel.1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UNKNOWN mode DEFAULT group default 
    link/ether 66:aa:00:00:00:01 brd ff:ff:ff:ff:ff:ff promiscuity 0 minmtu 68 maxmtu 65535 
    vxlan id 1 local 10.20.0.5 dev ens5 srcport 0 0 dstport 8472 nolearning ttl auto ageing 300 udpcsum noudp6zerocsumtx noudp6zerocsumrx addrgenmode eui64 numtxqueues 1 numrxqueues 1 gso_max_size 65536 gso_max_segs 65535 
5: ${veth}@if3: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue master cni0 state UP mode DEFAULT group default 
    link/ether 92:4e:00:00:00:01 brd ff:ff:ff:ff:ff:ff link-netnsid 0 promiscuity 1 minmtu 68 maxmtu 65535 
    veth 
    bridge_slave state forwarding priority 32 cost 2 hairpin on guard off root_block off fastleave off learning on flood on addrgenmode eui64 numtxqueues 1 numrxqueues 1 gso_max_size 65536 gso_max_segs 65535 
`;
    const { findings } = runRules(buildModel(ingest(text)), [mtuMismatch]);
    expect(findings.map((f) => f.fix)).toEqual([[`ip link set '${veth}' mtu 1450`, 'kubectl delete pods --all-namespaces --field-selector spec.nodeName=a']]);
  });
});
