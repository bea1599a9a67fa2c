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

/** What the engine asks of a moo lexer. */
export interface Lexer {
  reset(chunk?: string): unknown;
  next(): Token | undefined;
}

/** A grammar as nearleyc compiles it (nearley.CompiledRules). */
export interface CompiledGrammar {
  Lexer?: unknown;
  ParserRules: { name: string; symbols: unknown[]; postprocess?: (d: unknown[], loc?: number, reject?: object) => unknown }[];
  ParserStart: string;
}
