// Evidence of kube-proxy's nftables-mode maps (service-ips, service-nodeports, no-endpoint-*): each
// element is cited at its own line and column of the input, wherever nft wrapped the elements list.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingest } from '../ingest';
import { buildModel } from './build';
import { proxiedServices } from './services';

const dir = join(__dirname, '../../corpus/captures/nft-ruleset');
const CAPTURES = ['kube-proxy-nft131__nft_-a_list_ruleset.txt', 'kube-proxy-nft131__nft_list_table_ip_kube-proxy.txt', 'kube-proxy-nft-affinity__nft_list_ruleset.txt', 'kube-proxy-nftables__nft_list_ruleset.txt'];

describe('proxiedServices: the evidence of each map element', () => {
  for (const file of CAPTURES)
    it(`${file}: every element cited is the input's text at its offset, line and column`, () => {
      const input = `[root@node-a ~]# nft list ruleset\n${readFileSync(join(dir, file), 'utf8')}`;
      const node = buildModel(ingest(input)).nodes.get('node-a');
      expect(node).toBeDefined();
      const lines = input.split('\n');
      const all = (node ? proxiedServices(node) : []).flatMap((service) => [...service.evidence, ...service.rejects.flatMap((r) => r.evidence)]);
      // no element falls back to its whole map (what elementCiter cites when it cannot find the element)
      expect(all.filter((evidence) => /^map (?:service-ips|service-nodeports|no-endpoint-services|no-endpoint-nodeports) /.test(evidence.span.text))).toEqual([]);
      const cited = all.filter((evidence) => !evidence.span.text.includes('\n'));
      // elements of the maps: an address or port, " . ", and the verdict
      const elements = cited.filter((evidence) => / : (?:goto|jump) /.test(evidence.text));
      expect(elements.length).toBeGreaterThan(2);
      for (const { span, text } of elements) {
        expect(input.slice(span.offset, span.offset + span.length)).toBe(text);
        expect(lines[span.line - 1]?.slice(span.column - 1, span.column - 1 + span.length)).toBe(text);
      }
      // a listing that wraps its elements (nft131: seven lines) cites elements on more than one line
      if (file.startsWith('kube-proxy-nft131')) expect(new Set(elements.map((e) => e.span.line)).size).toBeGreaterThan(2);
    });
});
