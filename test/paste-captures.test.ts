// Every real capture of corpus/captures, pasted after a prompt that runs its command (the manifest's),
// is one section whose text is the capture, read in the capture's format: no line of a tool's output is
// taken for the author's (a translated header, a "--comment" at the end of iptables -S), no word of the
// command for output ("cache", "inet6", "eth0:1"), and every command netsift reads is known as such
// ("busybox route -n", "bridge -4 fdb show", "ip nexthop", "runuser -u nobody -- sysctl -a").
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingest } from '../src/ingest';
import { ROOT } from './support/corpus';

const CAPTURES = join(ROOT, 'corpus/captures');
// net-tools' Japanese titles in EUC-JP, read as UTF-8: no longer text a tool printed, nor prose
const MOJIBAKE = new Set(['route-n/flannel-node1__LANG=ja_JP.EUC-JP_netstat_-rn.txt', 'route-n/flannel-node1__LANG=ja_JP.EUC-JP_route_-n.txt', 'route-n/flannel-node1__LANG=ja_JP.EUC-JP_route_-nee.txt']);

interface ManifestEntry { file: string; format: string; command: string }
const MANIFEST = JSON.parse(readFileSync(join(CAPTURES, 'manifest.json'), 'utf8')) as ManifestEntry[];

// a prompt of each family: one that names its host, and zsh's, whose "%" and "➜" must not be read in any output
const PROMPTS = ['[root@node-a ~]# ', 'jdoe@node-a ~ % ', 'node-a% ', '➜  ~ '];

describe('a capture pasted after its command', () => {
  it.each(PROMPTS)('after "%s" is one section, the capture whole and in its format, with no note (1,599 captures)', (prompt) => {
    const wrong: string[] = [];
    let count = 0;
    for (const entry of MANIFEST) {
      if (!entry.file.endsWith('.txt') || MOJIBAKE.has(entry.file)) continue;
      count++;
      const text = readFileSync(join(CAPTURES, entry.file), 'utf8');
      const bundle = ingest({ name: 'paste', text: `${prompt}${entry.command}\n${text}` });
      const sections = [...bundle.hosts.flatMap((host) => host.sections), ...bundle.unattributed.map((u) => u.section)];
      // without the blank lines before it and the blanks after it
      const lines = text.trimEnd().split('\n');
      while (lines.length > 0 && lines[0]?.trim() === '') lines.shift();
      const section = sections[0];
      if (sections.length !== 1 || section?.text.trimEnd() !== lines.join('\n') || bundle.notes.length > 0 || section.format !== entry.format) {
        wrong.push(`${entry.file} (${entry.command}): ${sections.length} sections, ${bundle.notes.length} notes, format ${section?.format ?? '-'}`);
      }
    }
    expect(count).toBe(1599);
    expect(wrong).toEqual([]);
  });
});

describe('an ip route capture flattened after its command (newlines lost: the paste is one line)', () => {
  it('is one section: the command ends where the first route begins (every ip-route capture)', () => {
    const wrong: string[] = [];
    let count = 0;
    for (const entry of MANIFEST) {
      if (!entry.file.endsWith('.txt') || entry.format !== 'ip-route') continue;
      const text = readFileSync(join(CAPTURES, entry.file), 'utf8').trim().replace(/\n/g, ' ');
      if (text === '') continue;
      count++;
      const bundle = ingest({ name: 'paste', text: `[root@node-a ~]# ${entry.command} ${text}` });
      const sections = bundle.hosts.flatMap((host) => host.sections.map((section) => [host.name, section.command, section.format, section.text]));
      const want = [['node-a', entry.command, 'ip-route', text]];
      if (JSON.stringify(sections) !== JSON.stringify(want) || bundle.unattributed.length > 0) wrong.push(`${entry.file}: ${JSON.stringify(sections).slice(0, 160)}`);
    }
    expect(count).toBeGreaterThan(150);
    expect(wrong).toEqual([]);
  });
});
