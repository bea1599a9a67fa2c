// A line of evidence cut to a width for the text and Markdown reports. The part that proves a finding
// is what it names (an address, a subnet, a MAC), and it is often far into the line: the DNAT target at
// the end of a KUBE-SEP rule, the link/ether address on ip link's second line. So the window is
// centred on what the finding is about, with "…" where it was cut; an escape printable wrote (\x1b,
// \u202e) or a surrogate pair is kept whole or left out, never cut in two.
import type { FindingObjects } from '../analyze/finding';
import { oneLine, printable } from '../core/printable';

/** An evidence line's excerpt for the text report, in characters shown. */
export const TEXT_EXCERPT = 100;
/** An evidence line's excerpt for the Markdown report, in characters shown. */
export const MARKDOWN_EXCERPT = 160;

/**
 * `text` on one line (oneLine), control and format characters shown (printable), and at most
 * `width` characters of it (each cut side marked "…", not counted): the window around the first
 * address, subnet or MAC of `objects` the line holds (else its first interface or service), taking
 * in the others near it that fit; the line's start where it holds none.
 * @example excerpt('-A KUBE-SEP-X … -j DNAT --to-destination 10.233.99.14:9090', { addresses: ['10.233.99.14'], … }, 40)
 */
export function excerpt(text: string, objects: FindingObjects | null, width: number): string {
  const flat = oneLine(text);
  // printable only lengthens: a line of more characters than the width does not fit
  if (flat.length <= width) {
    const shown = printable(flat);
    if (shown.length <= width) return shown;
  }
  let [from, to] = objects === null ? [0, 0] : window(flat, objects, width);
  // an object's name is whole characters, but a window never splits a surrogate pair whatever it is
  if (from > 0 && isLowSurrogate(flat.charCodeAt(from)) && isHighSurrogate(flat.charCodeAt(from - 1))) from--;
  if (to > 0 && to < flat.length && isLowSurrogate(flat.charCodeAt(to)) && isHighSurrogate(flat.charCodeAt(to - 1))) to++;
  let used = shownLength(flat, from, to);
  // what the finding is about is longer than the width (a name of 200 kB): from its start
  if (used > width) [to, used] = [from, 0];
  // grow both ways, the side that has less so far first, by whole characters as printable shows them
  let left = 0;
  let right = 0;
  for (;;) {
    const before = from > 0 ? charBefore(flat, from) : null;
    const after = to < flat.length ? charAt(flat, to) : null;
    const fitsBefore = before !== null && used + before.shown.length <= width;
    const fitsAfter = after !== null && used + after.shown.length <= width;
    if (fitsBefore && (left <= right || !fitsAfter)) {
      from -= before.length;
      left += before.shown.length;
      used += before.shown.length;
    } else if (fitsAfter) {
      to += after.length;
      right += after.shown.length;
      used += after.shown.length;
    } else break;
  }
  return `${from > 0 ? '…' : ''}${printable(flat.slice(from, to))}${to < flat.length ? '…' : ''}`;
}

/**
 * Where the excerpt centres, as [from, to) of `flat`: the first address, subnet or MAC the line
 * holds, else its first interface or service (a device name often heads the line anyway), widened to
 * the other objects near it while all fit in `width`; [0, 0] when the line holds none.
 */
function window(flat: string, objects: FindingObjects, width: number): [number, number] {
  const found = (names: readonly string[]): { start: number; end: number }[] => names.flatMap((name) => {
    const start = name === '' ? -1 : occurrence(flat, name);
    return start === -1 ? [] : [{ start, end: start + name.length }];
  });
  const specific = found([...objects.addresses, ...objects.subnets, ...objects.macs]);
  const general = found([...objects.interfaces, ...objects.services]);
  const all = [...specific, ...general];
  const anchor = (specific.length > 0 ? specific : general).reduce<{ start: number; end: number } | null>((first, at) => (first === null || at.start < first.start ? at : first), null);
  if (anchor === null) return [0, 0];
  let [from, to] = [anchor.start, anchor.end];
  const distance = (at: { start: number; end: number }): number => Math.abs(at.start - anchor.start);
  for (const at of all.sort((a, b) => distance(a) - distance(b))) {
    const [wider, further] = [Math.min(from, at.start), Math.max(to, at.end)];
    if (further - wider <= width && shownLength(flat, wider, further) <= width) [from, to] = [wider, further];
  }
  return [from, to];
}

/**
 * The first place `name` stands as a word of its own in `flat` (10.244.2.1 is not inside 10.244.2.10,
 * eth0 not inside veth0 or eth0.100; a port or a prefix length may follow), else the first place at all.
 */
function occurrence(flat: string, name: string): number {
  let first = -1;
  for (let at = flat.indexOf(name); at !== -1; at = flat.indexOf(name, at + 1)) {
    if (first === -1) first = at;
    const before = flat[at - 1];
    const after = flat[at + name.length];
    const next = flat[at + name.length + 1];
    const startsWord = before === undefined || !/[\w.]/.test(before);
    const endsWord = after === undefined || !(/\w/.test(after) || (after === '.' && next !== undefined && /\w/.test(next)));
    if (startsWord && endsWord) return at;
  }
  return first;
}

function shownLength(flat: string, from: number, to: number): number {
  return printable(flat.slice(from, to)).length;
}

/** The character (a surrogate pair whole) at `index`: its length in `flat`, and as printable shows it. */
function charAt(flat: string, index: number): { length: number; shown: string } {
  const code = flat.charCodeAt(index);
  const length = isHighSurrogate(code) && isLowSurrogate(flat.charCodeAt(index + 1)) ? 2 : 1;
  return { length, shown: printable(flat.slice(index, index + length)) };
}

/** The character (a surrogate pair whole) that ends at `index`. */
function charBefore(flat: string, index: number): { length: number; shown: string } {
  const length = isLowSurrogate(flat.charCodeAt(index - 1)) && index >= 2 && isHighSurrogate(flat.charCodeAt(index - 2)) ? 2 : 1;
  return { length, shown: printable(flat.slice(index - length, index)) };
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** A name (a run of characters without a space) shown at most this long in the text and Markdown reports. */
export const MAX_NAME = 200;
/** A message, a hop or a fix shown at most this long in the text and Markdown reports. */
export const MAX_TEXT = 2000;

/**
 * `text` as printable shows it, each name in it (a run without a space: a chain, an interface, a host)
 * at most MAX_NAME characters and the whole at most MAX_TEXT, cut with "…": a 200 kB chain name in a
 * message is no 200 kB line. The JSON report keeps them whole.
 */
export function bounded(text: string): string {
  const shown = text.split(' ').map((name) => shortened(name, MAX_NAME)).join(' ');
  if (shown.length <= MAX_TEXT) return shown;
  // at a space: never inside an escape or a surrogate pair (a name is shorter than the slack)
  return `${shown.slice(0, shown.lastIndexOf(' ', MAX_TEXT))} …`;
}

/**
 * A fix command as the reports print it: whole, or, longer than MAX_TEXT, a comment that says so
 * (a command cut short would run with another name; a comment runs nothing).
 */
export function fixLine(command: string): string {
  const shown = printable(command);
  return shown.length <= MAX_TEXT ? shown : `# not shown: a command of ${command.length} characters (--format json has it whole)`;
}

/** `text` as printable shows it, at most `width` characters: its start and its last 20, "…" between (what it gives, it gives back as it is). */
export function shortened(text: string, width: number): string {
  if (text.length <= width) {
    const shown = printable(text);
    if (shown.length <= width) return shown;
  }
  const tailWidth = Math.min(20, Math.floor(width / 4));
  let head = 0;
  let used = 0;
  for (let c = charAt(text, 0); head < text.length && used + c.shown.length <= width - tailWidth - 1; c = charAt(text, head)) {
    head += c.length;
    used += c.shown.length;
  }
  let tail = text.length;
  used = 0;
  for (let c = charBefore(text, tail); tail > head && used + c.shown.length <= tailWidth; c = charBefore(text, tail)) {
    tail -= c.length;
    used += c.shown.length;
  }
  return `${printable(text.slice(0, head))}…${printable(text.slice(tail))}`;
}
