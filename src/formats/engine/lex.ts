// The lexer, tokens and compiled grammar as the engine sees them. These are structural copies of
// what moo and nearley declare (moo.Token, moo.Lexer, nearley.CompiledRules): the parsers' `reader`
// option shows UnitReader in the published declarations, and a declaration that imported moo or
// nearley would make every TypeScript consumer install @types/moo and @types/nearley.

/** A token as moo makes it (moo.Token, field for field; offsets are rewritten per line by the reader). */
export interface Token {
  type?: string | undefined;
  value: string;
  offset: number;
  text: string;
  lineBreaks: number;
  line: number;
  col: number;
}

/** What the engine asks of a moo lexer (`save` and `reset`'s `info`: the state between two chunks). */
export interface Lexer {
  reset(chunk?: string, info?: unknown): unknown;
  next(): Token | undefined;
  save(): unknown;
}

/** A grammar as nearleyc compiles it (nearley.CompiledRules). */
export interface CompiledGrammar {
  Lexer?: unknown;
  ParserRules: { name: string; symbols: unknown[]; postprocess?: (d: unknown[], loc?: number, reject?: object) => unknown }[];
  ParserStart: string;
}

/** The most characters moo is handed at once (lexLine). */
export const LEX_WINDOW = 1 << 20;
/** A token that ends this close to a window's end may be cut by it: it is read again in the next window. */
const WINDOW_MARGIN = 4096;

/**
 * Hands `visit` the tokens of one line (no line break inside) in order, their offsets relative to
 * the line; `visit` returning false stops. moo's regular expressions backtrack on V8's regexp stack
 * (8 Mi entries): one match attempt over millions of characters ("ab:ab:…" for ifconfig's name,
 * 8,388,600 blanks for ip route's) overflowed it, and the parser threw RangeError. So a line longer
 * than LEX_WINDOW is handed to moo a window of LEX_WINDOW characters at a time: the tokens that end
 * before the last WINDOW_MARGIN characters of a window are kept, and the next window starts where
 * the first token not kept starts, in the lexer state after the last kept (moo's save). A line of
 * tokens of ordinary length reads exactly as it would whole; only a token of nearly LEX_WINDOW
 * characters or more (no tool prints one) is cut into pieces, each of which reads as what it is.
 */
export function lexLine(lexer: Lexer, line: string, visit: (token: Token) => boolean | void): void {
  if (line.length <= LEX_WINDOW) {
    lexer.reset(line);
    for (let token = lexer.next(); token !== undefined; token = lexer.next()) if (visit(token) === false) return;
    return;
  }
  let from = 0;
  let state: unknown = undefined;
  while (from < line.length) {
    const to = Math.min(line.length, from + LEX_WINDOW);
    const cut = to === line.length ? to : to - WINDOW_MARGIN;
    lexer.reset(line.slice(from, to), state);
    let next = from;
    for (let token = lexer.next(); token !== undefined; token = lexer.next()) {
      const end = from + token.offset + token.text.length;
      // a token that may run on past the window is read again from its start (unless it starts the window)
      if (end > cut && to < line.length && next !== from) break;
      token.offset += from;
      token.col = token.offset + 1;
      if (visit(token) === false) return;
      next = end;
      if (to < line.length) state = lexer.save();
      if (end > cut && to < line.length) break;
    }
    if (to === line.length) return;
    from = next;
  }
}
