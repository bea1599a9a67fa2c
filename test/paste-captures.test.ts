// Every real capture of corpus/captures, pasted after a prompt that runs its command, is one section
// whose text is the capture: no line of a tool's output is taken for the author's (a translated
// header, a "--comment" at the end of iptables -S) and no word of the command for output ("cache",
// "inet6", "eth0:1").
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingest } from '../src/ingest';
import { ROOT } from './support/corpus';

const CAPTURES = join(ROOT, 'corpus/captures');
// net-tools' Japanese titles in EUC-JP, read as UTF-8: no longer text a tool printed, nor prose
const MOJIBAKE = new Set(['route-n/flannel-node1__LANG=ja_JP.EUC-JP_netstat_-rn.txt', 'route-n/flannel-node1__LANG=ja_JP.EUC-JP_route_-n.txt', 'route-n/flannel-node1__LANG=ja_JP.EUC-JP_route_-nee.txt']);

describe('a capture pasted after its command', () => {
  it('is one section, the capture whole, with no note (1,572 captures)', () => {
    const wrong: string[] = [];
    let count = 0;
    for (const format of readdirSync(CAPTURES, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name)) {
      for (const file of readdirSync(join(CAPTURES, format)).filter((name) => name.endsWith('.txt'))) {
        const name = `${format}/${file}`;
        if (MOJIBAKE.has(name)) continue;
        count++;
        const text = readFileSync(join(CAPTURES, format, file), 'utf8');
        // the file name holds the command: "host__ip_-d_route_show_cache.txt", "%3A" for ":"
        const command = decodeURIComponent((file.replace(/\.txt$/, '').split('__')[1] ?? format).replace(/_/g, ' '));
        const bundle = ingest({ name: 'paste', text: `[root@node-a ~]# ${command}\n${text}` });
        const sections = [...bundle.hosts.flatMap((host) => host.sections), ...bundle.unattributed.map((u) => u.section)];
        // without the blank lines before it and the blanks after it
        const lines = text.trimEnd().split('\n');
        while (lines.length > 0 && lines[0]?.trim() === '') lines.shift();
        const want = lines.join('\n');
        if (sections.length !== 1 || sections[0]?.text.trimEnd() !== want || bundle.notes.length > 0) {
          wrong.push(`${name}: ${sections.length} sections, ${bundle.notes.length} notes`);
        }
      }
    }
    expect(count).toBe(1572);
    expect(wrong).toEqual([]);
  });
});
