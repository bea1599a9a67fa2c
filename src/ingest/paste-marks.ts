// Pastes quoted in Markdown or e-mail ("> $ ip route", "> default via …"): a block of quoted lines
// that holds a prompt is read without its quote marks; and a prompt line written as inline code in
// Slack or Markdown ("`root@worker-a:~# ip r`") without its backticks. The marks become blanks, so
// every offset into the text stays the one of the input. A block without a prompt is left as it is:
// bash's continuation prompt ("> done") looks the same. No-break spaces become spaces, and the
// Markdown fence lines that open a block blanks.
import { findPrompts } from './prompt';

const QUOTE = /^(?:> ?)+/;
const FENCE = /^[ \t]{0,3}(?:`{3,}|~{3,})[\w+-]{0,20}[ \t]*\r?$/;
// a line that asks for more (a continuation prompt "> " follows it): the block is the command's
const CONTINUED = /(?:[\\|{]|&&|\|\||\bdo|\bthen)\s*$/;
// a here-document ("cat <<EOF", "<<-'EOF'"): its lines follow bash's "> " prompts until the word
const HEREDOC = /<<-?\s*['"]?[\w.-]+/;

/**
 * The text with the quote marks of each quoted block that holds a prompt, and the backticks around a
 * prompt line, turned into blanks; and every no-break space a plain one (web pages and chat clients
 * turn a terminal's spaces into U+00A0, which no tool prints: prompts and commands read as typed).
 */
export function clearPasteMarks(input: string): string {
  const text = input.includes('\u00a0') ? input.replaceAll('\u00a0', ' ') : input;
  const quoted = text.startsWith('>') || text.includes('\n>');
  const ticked = text.startsWith('`') || text.includes('\n`') || text.includes('```') || text.includes('~~~');
  if (!quoted && !ticked) return text;
  const lines = text.split('\n');
  let changed = false;
  let inBlock = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    // a Markdown fence ("```", "```console", "~~~") that opens a block holds nothing: between a prompt
    // and its output it would end the section (an empty listing, the output sniffed apart); one that
    // closes a block stays, and ends the output there ("Thanks!" after it is not output)
    if (FENCE.test(line)) {
      // a fence with an info string ("```console") only ever opens a block (CommonMark)
      const opens: boolean = !inBlock || /[\w+-]/.test(line.replace(/^[ \t]*(?:`+|~+)/, ''));
      // a block closed right after a prompt line ("`$ ip r`" then the output in the next block) ends nothing yet
      let previous = i - 1;
      while (previous >= 0 && (lines[previous] as string).trim() === '') previous--;
      const afterPrompt = previous >= 0 && startsWithPrompt(lines[previous] as string);
      if (opens || afterPrompt) {
        lines[i] = ' '.repeat(line.length);
        changed = true;
      }
      inBlock = opens;
      continue;
    }
    // `root@worker-a:~# ip r` (a single backtick each side, no other inside)
    if (line.startsWith('`') && !line.startsWith('``')) {
      const close = line.indexOf('`', 1);
      if (close > 1 && line.slice(close + 1).trim() === '' && startsWithPrompt(line.slice(1, close))) {
        lines[i] = ` ${line.slice(1, close)} ${line.slice(close + 1)}`;
        changed = true;
      }
      continue;
    }
    if (!line.startsWith('>')) continue;
    let end = i;
    while (end < lines.length && (lines[end] as string).startsWith('>')) end++;
    const block = lines.slice(i, end);
    const before = i > 0 ? (lines[i - 1] as string) : '';
    if (!CONTINUED.test(before) && !HEREDOC.test(before) && block.some((line) => startsWithPrompt(line.replace(QUOTE, '')))) {
      for (let k = i; k < end; k++) {
        const line = lines[k] as string;
        const marks = (QUOTE.exec(line)?.[0] ?? '').length;
        lines[k] = ' '.repeat(marks) + line.slice(marks);
      }
      changed = true;
    }
    i = end - 1;
  }
  return changed ? lines.join('\n') : text;
}

/** Whether a line, once the marks are gone, starts with a prompt as the transcript reader finds them. */
function startsWithPrompt(line: string): boolean {
  const first = line.length - line.trimStart().length;
  return findPrompts(line).some((prompt) => prompt.start === first);
}
