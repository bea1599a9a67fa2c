// Text from the input on its way to a terminal or a document: control characters shown, not sent.
// A paste can carry ESC sequences (OSC titles, screen clears), backspaces, carriage returns and
// newlines in a host, chain or interface name or a comment; printed as they are, they would move
// the reader's terminal or forge lines of the report.

/** A C0 or C1 control character, or DEL (global: test() with it keeps a position, use hasControl). */
// eslint-disable-next-line no-control-regex
export const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

/** Whether `text` holds a control character (see CONTROL). */
export function hasControl(text: string): boolean {
  return text.search(CONTROL) !== -1;
}

/** `text` with every C0 and C1 control character and DEL written as \xNN (tabs too: one line stays one line). */
export function printable(text: string): string {
  return text.replace(CONTROL, (c) => `\\x${(c.codePointAt(0) as number).toString(16).padStart(2, '0')}`);
}
