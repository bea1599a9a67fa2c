// Names, comments and lines from the input reach every report: none of them may move the reader's
// terminal, forge a line or heading, make a link, an image or HTML, or close a code block.
import { describe, expect, it } from 'vitest';
import type { Finding } from '../analyze/finding';
import type { Trace } from '../analyze/trace';
import { renderMarkdown } from './markdown';
import { renderMermaid } from './mermaid';
import type { Report } from './schema';
import { renderText } from './text';

// synthetic: a host, a message and an evidence line carrying what a hostile paste can
const HOST = 'box-1\n## Forged: all clear\n<img src=x onerror=alert(1)>\u001b]0;PWNED\u0007\u001b[2J';
const MESSAGE = 'shop/cart:x<img\tsrc=x>[click](javascript:alert(1)) has no endpoints\n```\n[Run this](https://evil.example)';
const finding: Finding = {
  id: `service/no-endpoints@${HOST}`, rule: 'service/no-endpoints', messageId: 'none', severity: 'error', role: 'root-cause', host: HOST,
  title: 'A service has no endpoints', message: MESSAGE, causes: [],
  objects: { addresses: [], subnets: [], interfaces: [], macs: [], hosts: [HOST], services: [] },
  evidence: [{
    host: HOST, origin: { kind: 'paste', input: 'paste' }, format: 'iptables-save', command: 'iptables-save | grep "[docs](javascript:x)"',
    span: { line: 3, column: 1, offset: 40, length: 20, text: '-A KUBE-SVC-X `code` \u001b[31m|' }, text: '-A KUBE-SVC-X `code` \u001b[31m|',
  }],
  fix: ["ip link set $'a\\x1b[2Jb' mtu 1450", 'echo ```'],
  explains: 0,
};
const trace: Trace = {
  from: HOST, to: '10.96.0.10:53', proto: 'udp',
  branches: [{
    probability: 1, endpoint: null, disposition: 'rejected', at: HOST,
    hops: [{ host: HOST, step: 'nat', detail: 'KUBE-SVC-%%{init: {"theme":"dark"}}%% <a href=x>"quoted"</a> #quot;', evidence: [], inferred: false }],
  }],
} as unknown as Trace;
const report: Report = {
  netsift: '0', hosts: [{ name: HOST, sections: [] }], cluster: [], findings: [finding], traces: [trace], diagnostics: [],
  unattributed: [{ command: 'ip route\x1b[2J', format: 'ip-route', origin: { kind: 'paste', input: 'a\nb|c' }, span: { line: 1, column: 1, offset: 0, length: 0, text: '' }, reason: 'none' }],
};

describe('reports of hostile names', () => {
  it('text: no control character reaches the terminal, and no line is forged', () => {
    const text = renderText(report);
    // eslint-disable-next-line no-control-regex
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    expect(text).toContain('box-1\\x0a## Forged: all clear');
    expect(text.split('\n').some((line) => line.startsWith('## Forged'))).toBe(false);
  });

  it('Markdown: a message that would start a list, a heading or a quote does not; mentions, math, strikethrough and entities are escaped; addresses read as written', () => {
    const message = (text: string): string => {
      const lines = renderMarkdown({ ...report, traces: [], unattributed: [], findings: [{ ...finding, host: 'n1', message: text, evidence: [], fix: [] }] }).split('\n');
      return lines[lines.findIndex((line) => line.startsWith('### ')) + 2] ?? '';
    };
    expect(message('1. not a list')).toBe('1\\. not a list');
    expect(message('12) not a list')).toBe('12\\) not a list');
    expect(message('- not an item')).toBe('\\- not an item');
    expect(message('+ not an item')).toBe('\\+ not an item');
    expect(message('> not a quote')).toBe('\\> not a quote');
    expect(message('# not a heading')).toBe('\\# not a heading');
    expect(message('ping @org/team, $x^2$, ~~gone~~, &#x202E;')).toBe('ping \\@org/team, \\$x^2\\$, \\~\\~gone\\~\\~, \\&\\#x202E;');
    expect(message('10.244.2.0 on tunl0 is in 10.244.2.0/24 (host189): curl 192.168.86.188:30038')).toBe('10.244.2.0 on tunl0 is in 10.244.2.0/24 (host189): curl 192.168.86.188:30038');
  });

  it('Markdown: no heading, link, image, HTML or closed fence comes from the input', () => {
    const markdown = renderMarkdown(report);
    const lines = markdown.split('\n');
    expect(lines.filter((line) => line.startsWith('#')).map((line) => line.split(' ')[0])).toEqual(['#', '##', '###', '##', '###', '##']);
    expect(lines.filter((line) => line.startsWith('## '))).toContain('## Outputs no host was named for');
    // every "<", "[" and "]" of the input is backslash-escaped: no tag, no link
    expect(markdown).not.toMatch(/(?<!\\)<(?:img|a )|(?<!\\)\]\(/);
    expect(markdown).toContain('\\<img src=x onerror=alert(1)\\>');
    // eslint-disable-next-line no-control-regex
    expect(markdown).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    // the fix block's fence is longer than any run of backticks in it, and closes after the fix
    const open = lines.findIndex((line) => line.startsWith('````sh'));
    expect(lines.slice(open + 1, open + 4)).toEqual(["ip link set $'a\\x1b[2Jb' mtu 1450", 'echo ```', '````']);
  });

  it('Mermaid: labels carry no quote, %% directive, tag or entity of the input', () => {
    const mermaid = renderMermaid(trace);
    const labels = [...mermaid.matchAll(/"([^"]*)"/g)].map((m) => m[1] as string);
    expect(labels.length).toBeGreaterThan(1);
    for (const label of labels) expect(label).not.toMatch(/%%|[<>"'`&]|#(?!\d+;)/);
    expect(mermaid).toContain('#37;#37;{init');
  });

  it('every report shows the format characters of the input (bidi overrides, zero-width, BOM) as escapes', () => {
    // synthetic: a chain name with a right-to-left override, and a fix of a device named with one
    const chain = 'KUBE-SVC-\u202eTOOR\u200b\ufeff\u2066x\u2069';
    const spoof: Report = {
      ...report, hosts: [{ name: 'node\u202e1', sections: [] }], unattributed: [],
      findings: [{
        ...finding, host: 'node\u202e1', message: `${chain} has no endpoints`,
        evidence: [{ ...(finding.evidence[0] as Finding['evidence'][number]), host: 'node\u202e1', text: `-A ${chain} -j REJECT` }],
        fix: ["ip link set $'veth1\\xe2\\x80\\xae#toor' mtu 1450", "ip link set 'veth2\u202e#toor' mtu 1450"],
      }],
      traces: [{ ...trace, from: 'node\u202e1', branches: [{ ...(trace.branches[0] as Trace['branches'][number]), at: 'node\u202e1', hops: [{ host: 'node\u202e1', step: 'nat', detail: chain, evidence: [], inferred: false }] }] } as Trace],
    };
    const shown = 'KUBE-SVC-\\u202eTOOR\\u200b\\ufeff\\u2066x\\u2069';
    const text = renderText(spoof);
    const markdown = renderMarkdown(spoof);
    const mermaid = renderMermaid(spoof.traces[0] as Trace);
    for (const output of [text, markdown, mermaid]) expect(output).not.toMatch(/[\p{Cf}\u2028\u2029]/u);
    expect(text).toContain(`on node\\u202e1: ${shown} has no endpoints`);
    expect(text).toContain(` -A ${shown} -j REJECT`);
    // a fix stays what a shell runs: $'…' escapes as they are, a raw override shown as \u202e
    expect(text).toContain("     ip link set $'veth1\\xe2\\x80\\xae#toor' mtu 1450\n     ip link set 'veth2\\u202e#toor' mtu 1450\n");
    expect(markdown).toContain('KUBE-SVC-\\\\u202eTOOR');
    expect(markdown).toContain("ip link set $'veth1\\xe2\\x80\\xae#toor' mtu 1450\n");
    expect(mermaid).toContain(`node\\u202e1 nat: ${shown}`);
  });

  it('a name of 200 kB makes no 200 kB line: text, Markdown and Mermaid bound it (the JSON keeps it)', () => {
    // synthetic: a chain name of 200,000 characters in a host, a message, a line of evidence, a fix and a hop
    const chain = `KUBE-SVC-${'A'.repeat(200_000)}`;
    const huge: Report = {
      ...report, hosts: [{ name: chain, sections: [] }], unattributed: [],
      findings: [{
        ...finding, id: `service/no-endpoints@${chain}`, host: chain, message: `${chain} has no endpoints`,
        objects: { ...finding.objects, services: [chain] },
        evidence: [{ ...(finding.evidence[0] as Finding['evidence'][number]), host: chain, text: `-A ${chain} -j REJECT`, origin: { kind: 'paste', input: chain } }],
        fix: [`iptables -t nat -F ${chain}`],
      }],
      traces: [{ ...trace, from: chain, branches: [{ ...(trace.branches[0] as Trace['branches'][number]), at: chain, hops: [{ host: chain, step: 'nat', detail: chain, evidence: [], inferred: false }] }] } as Trace],
    };
    for (const output of [renderText(huge), renderMarkdown(huge), renderMermaid(huge.traces[0] as Trace)]) {
      expect(Math.max(...output.split('\n').map((line) => line.length))).toBeLessThan(1000);
    }
    expect(renderText(huge)).toContain(`: KUBE-SVC-${'A'.repeat(170)}…${'A'.repeat(20)} has no endpoints\n`);
    expect(renderText(huge)).toContain('\n     # not shown: a command of 200028 characters (--format json has it whole)\n');
    expect(JSON.stringify(huge).length).toBeGreaterThan(1_000_000);
  });
});
