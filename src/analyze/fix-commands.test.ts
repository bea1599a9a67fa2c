import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ingest } from '../ingest';
import { buildModel } from '../model';
import { sh, shellQuote } from './fix-commands';
import { runRules } from './run';
import { mtuMismatch } from './rules/mtu/mismatch';

describe('fix commands: values from the input are shell-quoted', () => {
  it('quotes POSIX-style, an embedded quote included', () => {
    expect(shellQuote("it's")).toBe("'it'\\''s'");
    expect(shellQuote('$(reboot)')).toBe("'$(reboot)'");
  });

  it('sh quotes every value that is not a plain word, wherever it stands, and nothing of the template', () => {
    const dev = 'br$(id)';
    expect(sh`ip link set ${'eth0'} mtu ${1450}`.text).toBe('ip link set eth0 mtu 1450');
    expect(sh`ip link set ${dev} mtu 1450 # ${dev}`.text).toBe("ip link set 'br$(id)' mtu 1450 # 'br$(id)'");
    expect(sh`kubectl delete pod ${'x;y'} # ${'a b'}`.text).toBe("kubectl delete pod 'x;y' # 'a b'");
    // a newline would end a comment and start a command: written with its escapes, it stays in the word
    expect(sh`ip link delete x   # on ${'h\nreboot'}`.text).toBe("ip link delete x   # on $'h\\x0areboot'");
    expect(sh`ip link set ${'a\u001b[2Jb'} mtu 1450`.text).toBe("ip link set $'a\\x1b[2Jb' mtu 1450");
    // a bidi override would show the command as another (Trojan Source): written as its UTF-8 bytes
    expect(sh`ip link set ${'veth1\u202e#toor'} mtu 1450`.text).toBe("ip link set $'veth1\\xe2\\x80\\xae#toor' mtu 1450");
    // an empty value is still one word; the template's own quotes and pipes are kept
    expect(sh`echo ${''} | grep -v -e '^:cali-'`.text).toBe("echo '' | grep -v -e '^:cali-'");
    expect(sh`etcdctl get ${'/coreos.com/network/config'}`.text).toBe('etcdctl get /coreos.com/network/config');
  });

  it('gives a command with a value that starts with "-" commented out: quoting does not stop an option', () => {
    const command = sh`kubectl delete node ${'--all'}`;
    expect(command.text).toBe("kubectl delete node '--all'");
    expect(command.refused).toBe("the value '--all' would be read as an option");
    expect(command.line).toBe("# not run, the value '--all' would be read as an option: kubectl delete node '--all'");
    // a part refused refuses the command it is in; numbers are netsift's own
    expect(sh`${command} && echo done`.refused).not.toBeNull();
    expect(sh`ip route add ${'10.0.0.0/8'} metric ${-1}`.refused).toBeNull();
  });

  it('writes C1 controls and format characters as UTF-8 bytes, read back alike in any locale', () => {
    const value = 'a\u0085b\u009b[2J\u2028\u{1f600}\u202e\u200b\ufeff\u{e0041}';
    for (const locale of ['C', 'C.UTF-8']) {
      const out = execFileSync('bash', ['-c', `printf '%s' ${sh`${value}`.text}`], { env: { ...process.env, LC_ALL: locale } });
      expect(out.toString('utf8')).toBe(value);
    }
  });

  it('a real shell reads every value back exactly, one word, whatever it holds', () => {
    // printf prints its arguments one per line between brackets: each must arrive whole and unchanged
    // (any character but NUL, which no argument can hold; shell syntax and line breaks above all)
    // bash: a value holding a control character is written $'…' (one line, no escape to the terminal)
    const run = (command: string): string => execFileSync('bash', ['-c', command], { encoding: 'utf8' });
    const value = fc.string({ unit: fc.oneof(fc.constantFrom(...` '"\\$\`;|&<>(){}[]*?!#~=%^\n\t`), fc.integer({ min: 1, max: 0x7f }).map((code) => String.fromCharCode(code)), fc.constantFrom('é', '漢', '$HOME', '$(echo x)', '`echo x`', '${IFS}', '~root', '*')), maxLength: 24 });
    fc.assert(
      fc.property(value, value, (a, b) => {
        expect(run(sh`printf '[%s]\n' ${a} ${b}`.text)).toBe(`[${a}]\n[${b}]\n`);
      }),
      { numRuns: 150 },
    );
  });

  it('sh takes a part it wrote as it is: its values were quoted there', () => {
    const gateway = '10.0.0.1;reboot';
    const via = sh` via ${gateway}`;
    expect(sh`ip route del ${'10.244.1.0/24'}${via}${sh` dev ${'eth0'}`}`.text).toBe("ip route del 10.244.1.0/24 via '10.0.0.1;reboot' dev eth0");
    expect(String(via)).toBe(" via '10.0.0.1;reboot'");
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

  it('no rule writes a command but through sh (a ShellCommand made directly would skip the quoting)', () => {
    const rules = join(__dirname, 'rules');
    const sources = readdirSync(rules, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'));
    expect(sources.length).toBeGreaterThan(20);
    for (const file of sources) expect(readFileSync(join(rules, file), 'utf8'), file).not.toMatch(/new ShellCommand\b/);
  });
});
