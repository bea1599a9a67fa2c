// Tokens of ipset's listings (ipset 7 lib/print.c, src/ipset.c): the header keys of ipset list are
// one token each (their words joined by any run of blanks, so flattened pastes still match); a
// save's create/add and a member's options are keywords; moo tries rules in order.
import moo from 'moo';

const END = '(?![^ \\t\\u00a0\\f\\v\\r\\n])';
const keyword = (...words: string[]): RegExp => new RegExp(`(?:${words.join('|')})${END}`);

export const lexer = moo.compile({
  ws: /[ \t\u00a0\f\v\r]+/,
  name: /Name:/,
  setType: /Type:/,
  revision: /Revision:/,
  header: /Header:/,
  memory: /Size[ \t\u00a0]+in[ \t\u00a0]+memory:/,
  references: /References:/,
  entries: /Number[ \t\u00a0]+of[ \t\u00a0]+entries:/,
  members: /Members:/,
  program: /ipset[ \t\u00a0]+v\d{1,3}(?:\.\d{1,3}){0,3}:/,
  create: keyword('create'),
  add: keyword('add'),
  // a member's options (ipset(8), "OPTIONS"); "comment" is a header word too
  option: keyword('comment', 'timeout', 'packets', 'bytes', 'skbmark', 'skbprio', 'skbqueue'),
  nomatch: keyword('nomatch'),
  quoted: /"[^"\n]{0,255}"/,
  int: new RegExp(`\\d{1,20}${END}`),
  word: /[^ \t\u00a0\f\v\r\n]+/,
  error: moo.error,
});

export function describeToken(type: string): string {
  switch (type) {
    case 'int': return 'a number';
    case 'word': return 'a member or a name';
    case 'quoted': return 'a quoted comment';
    case 'option': return 'an option (comment, timeout…)';
    case 'create': case 'add': return `"${type}" (ipset save)`;
    default: return 'a header line (Name:, Type:, Members:…)';
  }
}
