// lexLine hands moo a line longer than LEX_WINDOW a window at a time: the tokens are those of the
// whole line, and no match attempt runs over millions of characters (V8's regexp stack overflowed).
import { describe, expect, it } from 'vitest';
import { captures } from '../../../test/support/corpus';
import { lexLine, LEX_WINDOW, type Lexer, type Token } from './lex';
import { lexer as bridgeFdb } from '../bridge-fdb/lexer';
import { lexer as flannelLog } from '../flannel-log/lexer';
import { lexer as ifconfig } from '../ifconfig/lexer';
import { lexer as ipNeigh } from '../ip-neigh/lexer';
import { lexer as ipRoute } from '../ip-route/lexer';
import { lexer as ipRule } from '../ip-rule/lexer';
import { lexer as iptablesList } from '../iptables-list/lexer';
import { lexer as iptablesSave } from '../iptables-save/lexer';
import { flatLexer as nftFlat, lexer as nft } from '../nft-ruleset/lexer';
import { lexer as routeN } from '../route-n/lexer';
import { lexer as sysctl } from '../sysctl/lexer';
import { lexer as link } from '../shared/iproute2-link/lexer';
import { parseIfconfig } from '../ifconfig';
import { parseIpAddr } from '../ip-addr';
import { parseIpLink } from '../ip-link';
import { parseFlannelLog } from '../flannel-log';

const LEXERS: [string, Lexer][] = [
  ['bridge-fdb', bridgeFdb], ['ifconfig', ifconfig], ['ip-neigh', ipNeigh], ['ip-route', ipRoute], ['ip-rule', ipRule],
  ['iptables-list', iptablesList], ['iptables-save', iptablesSave], ['nft-ruleset', nft], ['nft-ruleset', nftFlat], ['route-n', routeN],
  ['sysctl', sysctl], ['ip-link', link],
];

/** Each token as one string (kind, place, text, value): arrays of them compare fast, and a difference prints short. */
const seen = ({ type, text, value, offset, col }: Token): string => `${type}@${offset}:${col} ${JSON.stringify(text)}${value === text ? '' : ` = ${JSON.stringify(value)}`}`;

function whole(lexer: Lexer, line: string): string[] {
  const out: string[] = [];
  lexer.reset(line);
  for (let token = lexer.next(); token !== undefined; token = lexer.next()) out.push(seen(token));
  return out;
}

function windowed(lexer: Lexer, line: string): string[] {
  const out: string[] = [];
  lexLine(lexer, line, (token) => {
    out.push(seen(token));
  });
  return out;
}

/** The first index where the two lists differ, with both tokens there; null when they are equal. */
function firstDifference(a: string[], b: string[]): [number, string | undefined, string | undefined] | null {
  for (let i = 0; i < Math.max(a.length, b.length); i++) if (a[i] !== b[i]) return [i, a[i], b[i]];
  return null;
}

/** Lines of a format's captures that its lexer reads without an error token, flattened into one line past LEX_WINDOW after `lead` blanks. */
function longLine(format: string, lexer: Lexer, lead: number): string {
  const lines = captures(format).flatMap((capture) => capture.text.split('\n')).slice(0, 400)
    .filter((line) => line.trim() !== '' && !whole(lexer, line).some((t) => t.startsWith('error@')));
  const flat = lines.join(' ');
  let line = ' '.repeat(lead);
  while (line.length < LEX_WINDOW * 1.2) line += `${flat} `;
  return line;
}

describe('lexLine', () => {
  for (const [format, lexer] of LEXERS) {
    it(`${format}: a line past the window gives the tokens of the whole line, windows not aligned to anything`, () => {
      for (const lead of [4099]) {
        const line = longLine(format, lexer, lead);
        const tokens = whole(lexer, line);
        expect(tokens.length).toBeGreaterThan(50_000);
        expect(firstDifference(windowed(lexer, line), tokens)).toBeNull();
      }
    });
  }

  it('flannel-log (a lexer with states): the same tokens, the state carried from window to window', () => {
    const entry = 'I0101 00:00:00.000000       1 main.go:1] Subnet added: 10.244.1.0/24 via 192.168.86.189';
    const line = `${entry} `.repeat(Math.ceil((LEX_WINDOW * 1.5) / entry.length));
    expect(firstDifference(windowed(flannelLog, line), whole(flannelLog, line))).toBeNull();
  });

  it('a token as long as a window is cut at the window, not read whole', () => {
    const line = 'a'.repeat(LEX_WINDOW * 2 + 5);
    const pieces: [number, number][] = [];
    lexLine(iptablesSave, line, (token) => {
      pieces.push([token.offset, token.text.length]);
    });
    expect(pieces).toEqual([[0, LEX_WINDOW], [LEX_WINDOW, LEX_WINDOW], [2 * LEX_WINDOW, 5]]);
  });

  it('stops when visit returns false', () => {
    const texts: string[] = [];
    lexLine(ipRoute, longLine('ip-route', ipRoute, 0), (token) => {
      texts.push(token.text);
      return texts.length < 3;
    });
    expect(texts).toHaveLength(3);
  });
});

describe('lines whose one match attempt overflowed V8\'s regexp stack', () => {
  // ifconfig's interface name ([^\s:]+(?::[^\s:]+)*:) over 2,000,000 "ab:"; a flannel message of 2,500,000 ": "
  const names = 'ab:'.repeat(2_000_000);
  for (const [name, parser] of [['parseIfconfig', parseIfconfig], ['parseIpLink', parseIpLink], ['parseIpAddr', parseIpAddr]] as const) {
    it(`${name}: a line of 2,000,000 "ab:" is one unread line`, () => {
      expect(parser(names).diagnostics.map((d) => [d.code, d.span.offset, d.span.length])).toEqual([['unexpected-token', 0, names.length]]);
    });
  }

  it('parseFlannelLog: a message of 2,500,000 ": " is read as far as one token goes (a window), the rest reported: every character but the blanks between in a span', () => {
    const text = `I0101 00:00:00.000000       1 main.go:1] ${': '.repeat(2_500_000)}`;
    const parsed = parseFlannelLog(text);
    expect(parsed.records.map((r) => [r.event, r.span.offset, r.span.length])).toEqual([['message', 0, LEX_WINDOW + 40]]);
    expect(parsed.diagnostics.map((d) => [d.code, d.span.offset, d.span.length])).toEqual([['unexpected-token', LEX_WINDOW + 41, text.length - 1 - (LEX_WINDOW + 41)]]);
  });
});
