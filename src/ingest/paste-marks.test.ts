// Quoted pastes (Markdown, e-mail): read without their "> " marks when the block holds a prompt.
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../test/support/corpus';
import { ingest } from './index';
import { clearPasteMarks } from './paste-marks';

const summary = (bundle: ReturnType<typeof ingest>): unknown[] =>
  bundle.hosts.map((host) => [host.name, host.sections.map((s) => [s.command, s.format, s.text.replace(/^ +/gm, '')])]);

describe('clearPasteMarks', () => {
  it('blanks the marks of a quoted block with a prompt, keeping every offset', () => {
    const text = 'On node-b:\n> $ ip route\n> default via 10.0.0.1 dev eth0\n>> 10.1.0.0/24 dev cni0 proto kernel scope link src 10.1.0.1\nthanks';
    expect(clearPasteMarks(text)).toBe('On node-b:\n  $ ip route\n  default via 10.0.0.1 dev eth0\n   10.1.0.0/24 dev cni0 proto kernel scope link src 10.1.0.1\nthanks');
  });

  it('blanks the backticks around a prompt line written as inline code, and nothing else in backticks', () => {
    const text = '`root@worker-a:~# ip r`\ndefault via 10.0.0.1 dev eth0\n`kubectl get pods` shows nothing\n``root@a:~# x``\n';
    expect(clearPasteMarks(text)).toBe(' root@worker-a:~# ip r \ndefault via 10.0.0.1 dev eth0\n`kubectl get pods` shows nothing\n``root@a:~# x``\n');
  });

  it('blanks Markdown fence lines, so a prompt, its fenced output and the next prompt read as typed', () => {
    const text = readFileSync(join(ROOT, 'corpus/incidents/ov-gateway-conflict/transcript.txt'), 'utf8');
    const fenced = text.split('\n').map((line) => (/^[^\s@]+@[^\s:]+:[^\s#$]*[#$] /.test(line) ? `\`${line}\`\n\`\`\`console` : line)).join('\n').replaceAll('\n`', '\n```\n`');
    expect(fenced).toContain('```console');
    expect(summary(ingest(fenced))).toEqual(summary(ingest(text)));
  });

  it('a fence that closes a block ends the output there: what follows it is not output (an ingest review)', () => {
    const read = (text: string) => {
      const bundle = ingest({ name: 'paste', text });
      return [[...bundle.hosts.flatMap((h) => h.sections), ...bundle.unattributed.map((u) => u.section)].map((x) => [x.command, x.format, x.text]), bundle.notes.map((n) => n.text)];
    };
    expect(read('```\n$ ip route\ndefault via 10.0.0.1 dev eth0\n```\nThanks for any help\n')).toEqual([[['ip route', 'ip-route', 'default via 10.0.0.1 dev eth0']], ['Thanks for any help']]);
    // a second block after it is read apart (it was added to the ip route listing and read as routes)
    expect(read('```\n$ ip route\ndefault via 10.0.0.1 dev eth0\n```\n```\n10.244.1.0 dev flannel.1 lladdr 5e:2f:1a:11:22:33 PERMANENT\n```\n')[0]).toEqual([
      ['ip route', 'ip-route', 'default via 10.0.0.1 dev eth0'], [null, 'ip-neigh', '10.244.1.0 dev flannel.1 lladdr 5e:2f:1a:11:22:33 PERMANENT'],
    ]);
    // the fence after the prompt opens the block its output is in: it ends nothing
    expect(read('$ ip route\n```\ndefault via 10.0.0.1 dev eth0\n```\n')[0]).toEqual([['ip route', 'ip-route', 'default via 10.0.0.1 dev eth0']]);
  });

  it('leaves bash\'s continuation prompt and a quote without a prompt as they are', () => {
    const loop = '$ for dev in flannel.1 cni0; do\n> ip -d link show $dev\n> done\n';
    const heredoc = "root@bravo:~# cat <<'EOF' > /tmp/notes\n> $ echo hi\n> # route -n\n> EOF\n";
    expect(clearPasteMarks(heredoc)).toBe(heredoc);
    const quote = 'As the docs say:\n> flannel uses UDP 8472 for vxlan\n';
    expect([clearPasteMarks(loop), clearPasteMarks(quote)]).toEqual([loop, quote]);
  });

  it('changes quote marks only, never the length', () => {
    fc.assert(fc.property(fc.array(fc.oneof(fc.constantFrom('> $ ip r', '> # route -n', '>', '> x', '$ ls', 'done', '> [root@a ~]# ip a'), fc.string({ maxLength: 20 })), { maxLength: 12 }), (lines) => {
      const text = lines.join('\n');
      const out = clearPasteMarks(text);
      expect(out).toHaveLength(text.length);
      for (let i = 0; i < text.length; i++) if (out[i] !== text[i]) expect([text[i], out[i]]).toEqual(['>', ' ']);
    }));
  });

  it('reads an incident transcript whose prompt lines are inline code as the transcript itself', () => {
    const text = readFileSync(join(ROOT, 'corpus/incidents/ov-gateway-conflict/transcript.txt'), 'utf8');
    const ticked = text.split('\n').map((line) => (/^[^\s@]+@[^\s:]+:[^\s#$]*[#$] /.test(line) ? `\`${line}\`` : line)).join('\n');
    expect(ticked).not.toBe(text);
    expect(summary(ingest(ticked))).toEqual(summary(ingest(text)));
  });

  it('reads a transcript whose every space became a no-break space (a web page, a chat client) as the transcript itself', () => {
    const text = readFileSync(join(ROOT, 'corpus/incidents/ov-gateway-conflict/transcript.txt'), 'utf8');
    const nbsp = text.replaceAll(' ', '\u00a0');
    expect(clearPasteMarks(nbsp)).toBe(text);
    expect(summary(ingest(nbsp))).toEqual(summary(ingest(text)));
  });

  it('reads an incident transcript quoted for a GitHub issue as the transcript itself', () => {
    for (const scenario of ['ov-stale-vtep', 'ov-address-in-subnet', 'nf-local-policy']) {
      const text = readFileSync(join(ROOT, 'corpus/incidents', scenario, 'transcript.txt'), 'utf8');
      const quoted = text.split('\n').map((line) => `> ${line}`).join('\n');
      expect(summary(ingest(quoted)), scenario).toEqual(summary(ingest(text)));
    }
  });
});
