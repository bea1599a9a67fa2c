// Property tests of the ipset grammar: generated sets and members as ipset 7 lists and saves them.
import fc from 'fast-check';
import { describe } from 'vitest';
import { formatProperties } from '../../../test/support/format-properties';
import { ipsetReader, parseIpset } from './parse';
import { printIpset } from './print';
import type { IpsetEntry, IpsetMember, IpsetPart, IpsetSet } from './schema';

const SPAN = { line: 1, column: 1, offset: 0, length: 0, text: '' };
const octet = fc.integer({ min: 0, max: 255 });
const ipv4 = fc.tuple(octet, octet, octet, octet).map((o) => o.join('.'));
const port = fc.integer({ min: 0, max: 65535 });
const address = ipv4.map((a): IpsetPart => ({ kind: 'address', address: a, prefixLength: null, to: null }));
const net = fc.tuple(ipv4, fc.integer({ min: 1, max: 32 })).map(([a, p]): IpsetPart => ({ kind: 'address', address: a, prefixLength: p, to: null }));
const protoPort = fc.tuple(fc.constantFrom('tcp', 'udp', 'sctp'), port).map(([protocol, p]): IpsetPart => ({ kind: 'port', protocol, port: p, to: null }));
const barePort = port.map((p): IpsetPart => ({ kind: 'port', protocol: null, port: p, to: null }));
const TYPES: [string, fc.Arbitrary<IpsetPart>[], string][] = [
  ['hash:ip', [address], 'family inet hashsize 1024 maxelem 65536'],
  ['hash:net', [net], 'family inet hashsize 1024 maxelem 65536'],
  ['hash:ip,port', [address, protoPort], 'family inet hashsize 1024 maxelem 65536 comment bucketsize 12 initval 0x496fe387'],
  ['hash:ip,port,ip', [address, protoPort, address], 'family inet hashsize 1024 maxelem 65536 comment'],
  ['bitmap:port', [barePort], 'range 0-65535 comment'],
];
const text = (part: IpsetPart): string => (part.kind === 'address' ? `${part.address}${part.prefixLength === null ? '' : `/${part.prefixLength}`}`
  : part.kind === 'port' ? `${part.protocol === null ? '' : `${part.protocol}:`}${part.port}` : part.text);
/** The header's words as the options ipset prints them: a known key takes the next word as its value. */
function optionsOf(header: string): { key: string; value: string | null }[] {
  const words = header.split(' ');
  const options: { key: string; value: string | null }[] = [];
  for (let i = 0; i < words.length; i++) {
    const key = words[i] as string;
    options.push(['family', 'hashsize', 'maxelem', 'bucketsize', 'initval', 'range'].includes(key) ? { key, value: words[++i] ?? null } : { key, value: null });
  }
  return options;
}
const comment = fc.stringMatching(/^[A-Za-z][\w +.=/-]{0,30}$/);

const block: fc.Arbitrary<IpsetEntry[]> = fc.tuple(
  fc.constantFrom(...TYPES), fc.stringMatching(/^[A-Z][A-Z0-9-]{0,20}$/), fc.constantFrom<'list' | 'save'>('list', 'save'),
  fc.integer({ min: 0, max: 3 }), fc.boolean(),
).chain(([[setType, dims, header], name, layout, count, listed]) => {
  const member = fc.tuple(fc.tuple(...dims), fc.option(comment)).map(([parts, note]): IpsetMember => ({
    type: 'member', set: name, element: parts.map(text).join(','), parts,
    options: note === null ? [] : [{ key: 'comment', value: `"${note}"` }], comment: note, timeout: null, nomatch: false, span: SPAN,
  }));
  const membersListed = layout === 'save' || listed;
  return fc.array(member, { minLength: membersListed ? count : 0, maxLength: membersListed ? count : 0 }).map((members): IpsetEntry[] => {
    const set: IpsetSet = {
      type: 'set', layout, name, setType, revision: layout === 'list' ? 3 : null, header,
      options: optionsOf(header),
      family: header.startsWith('family inet') ? 'inet' : null,
      memorySize: layout === 'list' ? 600 : null, references: layout === 'list' ? 1 : null, entries: layout === 'list' ? members.length : null,
      membersListed, span: SPAN,
    };
    return [set, ...members];
  });
});

describe('ipset properties', () => {
  const uncached = ipsetReader({ cache: false });
  formatProperties<IpsetEntry>({
    records: fc.array(block, { minLength: 1, maxLength: 3 }).map((blocks) => blocks.flat()),
    print: printIpset,
    parse: (input) => parseIpset(input),
    parseWithoutCache: (input) => parseIpset(input, { reader: uncached }),
    // junk is no member of any of these types (no address or port) and no header key
    junkLines: fc.oneof(
      fc.constantFrom('###看这里', '----问题节点----', '[root@host188 ~]#', '...', 'hello world'),
      fc.stringMatching(/^[a-z ]{1,30}$/).filter((s) => !/\b(?:create|add|comment|timeout|packets|bytes|nomatch|skb\w*)\b/.test(s)),
    ),
  });
});
