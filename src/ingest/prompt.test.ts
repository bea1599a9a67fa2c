import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findPrompts, readPromptedCommands } from './prompt';

const one = (line: string) => findPrompts(line).map((p) => [p.style, p.host, p.user, p.cwd, line.slice(p.end, p.end + 8)]);

describe('findPrompts', () => {
  it('reads each prompt shape', () => {
    expect(one('[root@host188 ~]# route -n')).toEqual([['bracket', 'host188', 'root', '~', 'route -n']]);
    expect(one('[root@host188 ~]## iptables -t nat -L')).toEqual([['bracket', 'host188', 'root', '~', 'iptables']]);
    expect(one('[root@host188 net.d]# bridge fdb show')).toEqual([['bracket', 'host188', 'root', 'net.d', 'bridge f']]);
    expect(one('root@worker-a:~# ip r')).toEqual([['user-host', 'worker-a', 'root', '~', 'ip r']]);
    expect(one('user@host:/etc/cni$ cat 10-flannel.conflist')).toEqual([['user-host', 'host', 'user', '/etc/cni', 'cat 10-f']]);
    expect(one('node-1# ip neigh')).toEqual([['host', 'node-1', null, null, 'ip neigh']]);
    expect(one('# route -n')).toEqual([['bare', null, null, null, 'route -n']]);
    expect(one('$ sudo ip route')).toEqual([['bare', null, null, null, 'sudo ip ']]);
  });

  it('reads SUSE prompts: "host:path # " for root, "user@host:path> " for a user', () => {
    expect(one('nuc3:~ # ip r')).toEqual([['host', 'nuc3', null, '~', 'ip r']]);
    expect(one('nuc3:/etc/sysconfig # ip -d link')).toEqual([['host', 'nuc3', null, '/etc/sysconfig', 'ip -d li']]);
    expect(one('tux@nuc3:~> route -n')).toEqual([['user-host', 'nuc3', 'tux', '~', 'route -n']]);
    expect(one('tux@nuc3:~ > route -n')).toEqual([['user-host', 'nuc3', 'tux', '~', 'route -n']]);
    // in a flattened line too, and not in an output word such as "eth0:"
    expect(one('nuc3:~ # ip r default via 10.0.0.1 dev eth0 nuc3:~ # route -n').map((p) => p[1])).toEqual(['nuc3', 'nuc3']);
    expect(findPrompts('2: eth0: <BROADCAST> mtu 1500 # 10.0.0.1')).toEqual([]);
  });

  it('reads Gentoo\'s and Flatcar\'s, fish\'s and timestamped prompts, only before a known program', () => {
    expect(one('core@host188 ~ $ sudo route -n')).toEqual([['user-host', 'host188', 'core', '~', 'sudo rou']]);
    expect(one('host188 ~ # route -n')).toEqual([['host', 'host188', null, '~', 'route -n']]);
    expect(one('root@host188 /etc/kubernetes # ip r')).toEqual([['user-host', 'host188', 'root', '/etc/kubernetes', 'ip r']]);
    expect(one('root@host188 ~# ip neigh')).toEqual([['user-host', 'host188', 'root', '~', 'ip neigh']]);
    expect(one('user@host188 ~> sudo route -n')).toEqual([['user-host', 'host188', 'user', '~', 'sudo rou']]);
    expect(one('[10:31:02 root@host188 ~]# route -n')).toEqual([['bracket', 'host188', 'root', '~', 'route -n']]);
    expect(one('[root@host188 ~ 10:31:02]# route -n')).toEqual([['bracket', 'host188', 'root', '~', 'route -n']]);
    // a host, a path and a sign in output, before no command
    expect(findPrompts('mount tmpfs /run $ fine')).toEqual([]);
    expect(findPrompts('rootfs / # overlay')).toEqual([]);
  });

  it("reads zsh's prompts: macOS's \"user@host dir % \", its default \"host% \", root's \"#\", and oh-my-zsh's arrow (no host)", () => {
    expect(one('jdoe@node-a ~ % ip route')).toEqual([['user-host', 'node-a', 'jdoe', '~', 'ip route']]);
    expect(one('jdoe@MacBook-Pro netsift % kubectl get nodes')).toEqual([['user-host', 'MacBook-Pro', 'jdoe', 'netsift', 'kubectl ']]);
    expect(one('root@node-a netsift # route -n')).toEqual([['user-host', 'node-a', 'root', 'netsift', 'route -n']]);
    expect(one('node-b% route -n')).toEqual([['host', 'node-b', null, null, 'route -n']]);
    expect(one('➜  ~ ip route')).toEqual([['bare', null, null, '~', 'ip route']]);
    expect(one('➜  netsift git:(main) sudo ip r')).toEqual([['bare', null, null, 'netsift', 'sudo ip ']]);
    expect(one('➜  netsift git:(fix/mtu) ✗ route -n')).toEqual([['bare', null, null, 'netsift', 'route -n']]);
    // coloured, as zsh prints them (robbyrussell's arrow green, its directory cyan)
    expect(one('\x1b[1;32m➜  \x1b[36m~\x1b[00m ip r')).toEqual([['bare', null, null, '~', 'ip r']]);
    // in a flattened line
    expect(one('node-b% ip r default via 10.0.0.1 dev eth0 jdoe@node-c ~ % ip n').map((p) => p[1])).toEqual(['node-b', 'node-c']);
  });

  it('takes no "%" of an output for a prompt: percentages, df, ping statistics, sysctl values, prose arrows', () => {
    const output = [
      '2 packets transmitted, 0 received, 100% packet loss, time 1012ms',
      '/dev/sda1        20G  5.1G   15G  26% /',
      'Filesystem      Size  Used Avail Use% Mounted on',
      'overlay          50G   21G   30G  42% /var/lib/docker/overlay2/3f1e/merged',
      'vm.overcommit_ratio = 50',
      'kernel.core_pattern = |/usr/share/apport/apport -p%p -s%s -c%c -d%d -P%P -u%u -g%g -- %E',
      'Cpu(s):  3.1% us,  1.0% sy',
      'see ➜ ip route below',
      '➜ ip route',
      '➜  ~ this is not a command',
    ];
    for (const line of output) expect(findPrompts(line), line).toEqual([]);
  });

  it('reads prompts through terminal escapes (colours, a window title), as script(1) and tmux save them', () => {
    const coloured = '\x1b]0;root@host188: ~\x07\x1b[01;32mroot@host188\x1b[00m:\x1b[01;34m~\x1b[00m# ip route';
    const [prompt, ...more] = findPrompts(coloured);
    expect(more).toEqual([]);
    expect(prompt).toMatchObject({ style: 'user-host', host: 'host188', user: 'root', cwd: '~', start: 0 });
    expect(coloured.slice(prompt?.end)).toBe('ip route');
    expect(one('\x1b[1;31m[root@host189 ~]#\x1b[0m route -n')).toEqual([['bracket', 'host189', 'root', '~', 'route -n']]);
    // an escape that never ends is text, and no prompt is made of it; a megabyte of title escapes
    // that never end is read once (each looking for its end again was quadratic: 100 KB took 5 s)
    expect(findPrompts('\x1b[01;32')).toEqual([]);
    expect(findPrompts(`${'\x1b]'.repeat(500_000)}[root@host188 ~]# ip r`).map((p) => p.host)).toEqual(['host188']);
  });

  it('finds every prompt of a flattened line', () => {
    const line = '[root@host188 ~]## ip neigh show dev flannel.1 ###x 10.244.1.0 lladdr 76:50:75:23:dd:f8 PERMANENT [root@host189 ~]# ip neigh show dev flannel.1 # route -n Kernel';
    const found = readPromptedCommands(line, findPrompts(line));
    expect(found.map((f) => [f.prompt.host, f.command?.command])).toEqual([
      ['host188', 'ip neigh show dev flannel.1'],
      ['host189', 'ip neigh show dev flannel.1'],
      [null, 'route -n'],
    ]);
  });

  it("reads PowerShell's prompt (Windows and pwsh) before a known program, and no other 'PS'", () => {
    expect(findPrompts('PS C:\\Users\\jdoe> kubectl get nodes -o wide').map((p) => [p.style, p.start, p.end, p.host, p.cwd])).toEqual([['bare', 0, 18, null, 'C:\\Users\\jdoe']]);
    expect(findPrompts('PS /home/jdoe> ssh root@10.0.0.11').map((p) => [p.style, p.end, p.cwd])).toEqual([['bare', 15, '/home/jdoe']]);
    expect([findPrompts('PS C:\\> notepad x.txt'), findPrompts('PS the node was rebooted> yes')]).toEqual([[], []]);
  });

  it('leaves comments, e-mail addresses and prose alone', () => {
    expect(findPrompts('#此时tunl0也自动被创建')).toEqual([]);
    expect(findPrompts('# this is a note')).toEqual([]);
    expect(findPrompts('mail me at ops@example.com: thanks')).toEqual([]);
    expect(findPrompts('price is 5$ per node')).toEqual([]);
  });

  it('takes "[root@host189 ~]" alone on a line as a header', () => {
    expect(findPrompts('[root@host189 ~]')).toMatchObject([{ host: 'host189', isHeader: true }]);
  });
});

describe('long flattened lines', () => {
  // synthetic: a paste flattened into one line of over 200,000 characters
  it('finds a prompt wherever it stands in the line', () => {
    const line = `[root@h1 ~]# ip r ${'10.0.0.0/8 dev eth0 '.repeat(11_000)}[root@h2 ~]# ip r 10.1.0.0/16 dev eth1`;
    expect(line.length).toBeGreaterThan(220_000);
    expect(findPrompts(line).map((p) => [p.host, p.start])).toEqual([['h1', 0], ['h2', line.indexOf('[root@h2')]]);
  });
});

describe('findPrompts without its cheap looks', () => {
  // the look at a line's signs and at each word's ":", "~", "/", "#", "$" only skips what no pattern matches
  const piece = fc.constantFrom(
    '[root@host188 ~]#', '[root@host188 ~]', 'root@worker-a:~#', 'user@host:/etc/cni$', 'tux@nuc3:~>', 'nuc3:~ #', 'node-1#', 'node-1$',
    'core@host188 ~ $', 'host188 ~ #', 'root@host188 ~#', '#', '$', '>', ']', ':', '~', '/', '@', '[', ' ', '  ', '\t',
    'route -n', 'ip r', 'iptables-save', 'sudo ip neigh', 'kubectl get nodes', 'REACHABLE', '10.0.0.0/24', 'fe80::1', 'eth0:', '<UP,LOWER_UP>',
    'jdoe@node-a ~ %', 'jdoe@mbp netsift %', 'root@mbp netsift #', 'node-b%', '➜  ~', '➜  netsift git:(main)', '➜  x git:(main) ✗', '➜', '%', '100%',
    'x[root@h ~]#', '\x1b[01;32m', '\x1b[0m', 'a:b', 'c~', '#x', '$y', 'PS C:\\Users\\jdoe>', 'PS /home/jdoe>', 'PS', 'P',
  );
  it('finds what trying every pattern at every word finds', () => {
    fc.assert(fc.property(fc.array(fc.oneof(piece, fc.string({ maxLength: 6 })), { maxLength: 16 }), fc.constantFrom('', ' ', '  '), (parts, glue) => {
      const line = parts.join(glue);
      expect(findPrompts(line)).toEqual(findPrompts(line, true));
    }), { numRuns: 3000 });
  });
});
