// hostsNamed: which known hosts a line of narration names, read in one pass over the text.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { elision, headerHost, hostsNamed, isProseLine, words } from './narration';
import { isRemarkWord } from './command';
import { ingest } from './index';

/** The definition, host by host (the search netsift did before reading the text once): the reference. */
function hostsNamedByHost(text: string, known: ReadonlySet<string>): string[] {
  const lower = text.toLowerCase();
  const suffixes = new Map<string, string[]>();
  for (const host of known) {
    const m = /(?<!\d)\d{2,}$/.exec(host);
    if (m && m[0].length < host.length) suffixes.set(m[0], [...(suffixes.get(m[0]) ?? []), host]);
  }
  const occurs = (needle: string, isNumber: boolean): boolean => {
    for (let at = lower.indexOf(needle); at !== -1; at = lower.indexOf(needle, at + 1)) {
      const before = lower[at - 1] ?? ' ';
      const after = lower[at + needle.length] ?? ' ';
      const dotDigit = after === '.' && /\d/.test(lower[at + needle.length + 1] ?? '');
      if (!(isNumber ? /[\d.]/ : /[\w.-]/).test(before) && !(isNumber ? /\d/ : /[\w-]/).test(after) && !dotDigit) return true;
    }
    return false;
  };
  return [...known].filter((host) => {
    const m = /(?<!\d)\d{2,}$/.exec(host);
    const prefixLength = m !== null && (Number(m[0]) <= 32 || Number(m[0]) === 64 || Number(m[0]) === 128);
    const alias = m && m[0].length < host.length && !prefixLength && (suffixes.get(m[0]) ?? []).length === 1 ? m[0] : null;
    return occurs(host.toLowerCase(), false) || (alias !== null && occurs(alias, true));
  });
}

describe('hostsNamed', () => {
  it('names hosts by name and by their unique number, not inside addresses', () => {
    const known = new Set(['host188', 'host189', 'node-a1', 'Worker12', 'worker212', 'db.example']);
    expect(hostsNamed('host188 cannot reach 189 (192.168.86.188), see db.example.com', known)).toEqual(['host188', 'host189', 'db.example']);
    // "12" ends worker12 and worker212: no alias; "worker12" by name, whatever its case
    expect(hostsNamed('on 12 and on WORKER12.', known)).toEqual(['Worker12']);
    expect(hostsNamed('node-a1x, node-a1-b, 10.0.0.189, 189.5', known)).toEqual([]);
  });

  it('answers what the host-by-host search answers, on texts made of the hosts\' own pieces', () => {
    const piece = fc.constantFrom('host', 'node', 'Node', '-', '.', '_', ' ', ', ', ':', '(', ')', '/', '1', '2', '12', '24', '64', '188', '189', '0', 'a', 'x', '.5', '\u00e9');
    const host = fc.array(fc.constantFrom('host', 'node', 'n', '-', '.', 'a', '1', '2', '12', '24', '64', '188', '189', 'W'), { minLength: 1, maxLength: 5 }).map((parts) => parts.join(''));
    fc.assert(fc.property(fc.uniqueArray(host, { maxLength: 8 }), fc.array(piece, { maxLength: 30 }), (hosts, parts) => {
      const known = new Set(hosts);
      const text = parts.join('');
      expect(hostsNamed(text, known)).toEqual(hostsNamedByHost(text, known));
    }), { numRuns: 3000 });
  });

  it('does not take a number a mask length may be for a host (node-24 and "24 bits", "/24")', () => {
    const known = new Set(['node-23', 'node-24', 'node-125', 'ip-10-0-1-64']);
    expect(hostsNamed('掩码并不是24位, route 10.244.2.0/24, /64 and 128', known)).toEqual([]);
    expect(hostsNamed('on 125 and on node-24', known)).toEqual(['node-24', 'node-125']);
  });

  it('sees hosts added to the set after an earlier text was read with it', () => {
    const known = new Set(['host188']);
    expect(hostsNamed('host189 is up', known)).toEqual([]);
    known.add('host189');
    expect(hostsNamed('host189 is up', known)).toEqual(['host189']);
  });
});

describe('headerHost', () => {
  it('reads a header in Markdown\'s emphasis, and only a host-like one', () => {
    const known = new Set(['host188']);
    expect(['**host188**', '**host188:**', '__node-3__', '__On node-3:__', '## node-3', 'On node-3:'].map((line) => headerHost(line, known)))
      .toEqual(['host188', 'host188', 'node-3', 'node-3', 'node-3', 'node-3']);
    expect(['**Note**', '**the broken node**', '**route -n**', '**'].map((line) => headerHost(line, known))).toEqual([null, null, null, null]);
  });

  it('reads a node named in parentheses at the end of a short line, when the name reads as a node', () => {
    const known = new Set(['web-3']);
    expect(['On the broken node (host188):', 'From the second worker (ip-10-0-0-22):', 'the master node (kube-cp) :', '问题节点 (host188):', 'and a healthy one (worker-2):', 'and the other one (web-3):', 'node 3 (10.0.0.13):']
      .map((line) => headerHost(line, known)))
      .toEqual(['host188', 'ip-10-0-0-22', 'kube-cp', 'host188', 'worker-2', 'web-3', '10.0.0.13']);
    expect([
      'The pod (nginx-7d9c):', 'and a healthy one (web-4):', 'Chain KUBE-SERVICES (2 references):', 'eth0 (UP):', 'Second node (broken):', 'The broken node (NotReady):',
      'From the node (flannel.1):', 'Check the host (eth0):', 'The node (v1.28):', 'In the host network namespace (default):', 'The flannel pod (kube-flannel-ds-x7k2p):',
      'Routes on this node (IPv6):', 'On the broken node (host188): it is down', 'On the broken node (host188)', `${'node '.repeat(20)}(host188):`,
    ].map((line) => headerHost(line, known))).toEqual(Array.from({ length: 15 }, () => null));
  });
});

describe('a node named in parentheses in narration', () => {
  it('gives the outputs after it that node', () => {
    const text = [
      'The NodePort does not answer from one node.',
      'On the broken node (host188):',
      '$ ip neigh',
      '10.244.1.0 dev flannel.1 lladdr 86:2c:91:4f:7e:b2 PERMANENT',
      'and from a healthy one (host189):',
      '$ ip neigh',
      '10.244.0.0 dev flannel.1 lladdr 86:2c:91:4f:7e:b3 PERMANENT',
      'The pod (nginx-7d9c):',
      '$ bridge fdb show dev flannel.1',
      '86:2c:91:4f:7e:b2 dst 10.0.0.12 self permanent',
      '',
    ].join('\n');
    const bundle = ingest(text);
    // host189 reads as a host; "The pod (nginx-7d9c):" names none, and the fdb stays with host189
    expect(bundle.hosts.map((h) => [h.name, h.sections.map((s) => s.format)])).toEqual([['host188', ['ip-neigh']], ['host189', ['ip-neigh', 'bridge-fdb']]]);
    expect(bundle.unattributed).toEqual([]);
  });
});

describe('words, isProseLine and elision read what their definitions read', () => {
  // the definitions: words split at /\s/; isProseLine cut every line into words first; elision looked at every word
  const wordsByRegex = (text: string): string[] => text.split(/\s+/).filter(Boolean);
  const proseByDefinition = (line: string): boolean => {
    const trimmed = line.trim();
    if (!trimmed) return false;
    if (trimmed.startsWith('【')) return true;
    // only a line that ends in punctuation, or holds Chinese or Japanese, can be prose
    if (!'.:?!'.includes(trimmed[trimmed.length - 1] as string) && !/[\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff01-\uff60]/.test(trimmed)) return false;
    const ws = words(trimmed);
    const firstRemark = ws.findIndex((w) => isRemarkWord(w.value));
    const before = firstRemark === -1 ? trimmed : trimmed.slice(0, (ws[firstRemark] as { start: number }).start);
    if (/[\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff01-\uff60]/.test(before)) return true;
    if (firstRemark === 0) return false;
    // the words before a remark make the sentence
    const sentence = firstRemark === -1 ? ws : ws.slice(0, firstRemark);
    const last = before.trimEnd().slice(-1);
    if (!'.:?!'.includes(last) || sentence.length < 4) return false;
    if (/^(?:No resources found|Error from server|error:)/.test(trimmed)) return false;
    return sentence.filter((w) => /^[A-Za-z][a-z']*[,.:;!?]?$/.test(w.value)).length / sentence.length >= 0.7;
  };
  const elisionByDefinition = (text: string): string | null => {
    const w = wordsByRegex(text).find((v) => v.startsWith('..') || v.startsWith('…'));
    return w === undefined ? null : (/^(?:\.+|…+)/.exec(w) as RegExpExecArray)[0];
  };
  const piece = fc.constantFrom(
    'Here', 'is', 'the', 'table', 'of', 'node-2:', '.', '..', '...', '…', '…。', 'a..b', '.…', '###', '###关键', '【解析】', '路由表', 'ok.', 'why?',
    '10.0.0.0/24', 'dev', 'eth0', 'Error from server', 'No resources found.', '\u00a0', '\u3000', '\u2028', '\t', ' ', '\n',
  );
  it('names an elision mark whole, however long', () => {
    expect(elision(`default via 10.0.0.1 dev eth0\n${'.'.repeat(1001)}\n`)).toBe('.'.repeat(1001));
    expect(elision(`x ${'…'.repeat(1500)}y`)).toBe('…'.repeat(1500));
  });

  it('on lines made of prose, output, remarks and every kind of white space', () => {
    fc.assert(fc.property(fc.array(fc.oneof(piece, fc.string({ maxLength: 4 })), { maxLength: 14 }), fc.constantFrom(' ', '  ', '\t', '\u00a0', ''), (parts, glue) => {
      const text = parts.join(glue);
      expect(words(text).map((w) => w.value)).toEqual(wordsByRegex(text));
      expect(isProseLine(text)).toBe(proseByDefinition(text));
      expect(elision(text)).toBe(elisionByDefinition(text));
    }), { numRuns: 3000 });
  });
});
