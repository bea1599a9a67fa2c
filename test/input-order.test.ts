// The order of the inputs decides nothing: each lab incident's transcript cut into its hosts' parts
// and put together with the hosts in reverse order gives the same findings, in the same order, with
// the same messages and fixes (only the citations' lines move).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingest } from '../src/ingest';
import { diagnose } from '../src/report';

const ROOT = join(__dirname, '../corpus/incidents');
const scenarios = readdirSync(ROOT).filter((name) => existsSync(join(ROOT, name, 'transcript.txt'))).sort();

// the prompts of the lab's transcripts: "user@host:~$ " and "[root@host ~]# "
const PROMPT = /^(?:\[[\w-]+@([\w.-]+) [^\]]*\][#$] |[\w-]+@([\w.-]+):[^\s$#]*[#$] )/;

/** The transcript's parts, host by host in the order each host first appears, each host's parts in their order. */
function byHost(text: string): Map<string, string[]> {
  const parts = new Map<string, string[]>();
  let host = '';
  for (const line of text.split(/(?<=\n)/)) {
    const match = PROMPT.exec(line);
    if (match) host = match[1] ?? match[2] ?? host;
    const list = parts.get(host) ?? [];
    list.push(line);
    parts.set(host, list);
  }
  return parts;
}

const summary = (text: string) => diagnose(ingest({ name: 'transcript.txt', text }), { traceCurls: true }).report.findings
  .map((f) => [f.id, f.role, f.severity, f.message, f.fix, f.causes]);

describe.each(scenarios)('incident %s', (scenario) => {
  it('is diagnosed the same with its hosts in reverse order', () => {
    const text = readFileSync(join(ROOT, scenario, 'transcript.txt'), 'utf8');
    const hosts = byHost(text);
    if (hosts.size < 2) return;
    const reversed = [...hosts.values()].reverse().map((lines) => lines.join('')).join('');
    expect(summary(reversed)).toEqual(summary(text));
  });
});
