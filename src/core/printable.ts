// Text from the input on its way to a terminal or a document: control and format characters shown,
// not sent. A paste can carry ESC sequences (OSC titles, screen clears), backspaces, carriage returns
// and newlines in a host, chain or interface name or a comment; printed as they are, they would move
// the reader's terminal or forge lines of the report. Unicode's format characters (category Cf:
// bidi overrides and isolates U+202A–U+202E, U+2066–U+2069, U+061C, zero-width U+200B–U+200F, the
// BOM U+FEFF, tag characters) are invisible and some reorder the text around them: a U+202E in an
// interface name shows `ip link set 'veth1<U+202E>#toor'` as something it is not (Trojan Source,
// CVE-2021-42574). U+2028 and U+2029 end a line where a renderer honours them.

/** A C0 or C1 control character, or DEL (global: test() with it keeps a position, use hasControl). */
// eslint-disable-next-line no-control-regex
export const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

/** A format character (Unicode category Cf) or the line and paragraph separators U+2028, U+2029. */
export const FORMAT = /[\p{Cf}\u2028\u2029]/gu;

// both at once, for printable
// eslint-disable-next-line no-control-regex
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\p{Cf}\u2028\u2029]/gu;

/** Whether `text` holds a control character (see CONTROL). */
export function hasControl(text: string): boolean {
  return text.search(CONTROL) !== -1;
}

/** Whether `text` holds a character printable() escapes: a control or a format character. */
export function hasUnprintable(text: string): boolean {
  return text.search(UNPRINTABLE) !== -1;
}

/**
 * `text` with every C0 and C1 control character and DEL written as \xNN (tabs too: one line stays
 * one line), and every format character as \uNNNN (\u{NNNNN} past the BMP).
 * @example printable('a\tb\u202ec') // 'a\\x09b\\u202ec'
 */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, escape);
}

function escape(c: string): string {
  const code = c.codePointAt(0) as number;
  if (code <= 0x9f) return `\\x${code.toString(16).padStart(2, '0')}`;
  return code <= 0xffff ? `\\u${code.toString(16).padStart(4, '0')}` : `\\u{${code.toString(16)}}`;
}

/**
 * `text` on one line: each run of ASCII blanks and line breaks one space, none at either end. Unicode's
 * other spaces stay (\s and trim() would make a U+FEFF or U+2028 a blank, not shown by printable).
 */
export function oneLine(text: string): string {
  return text.replace(/[\t\n\v\f\r ]+/g, ' ').replace(/^ | $/g, '');
}
