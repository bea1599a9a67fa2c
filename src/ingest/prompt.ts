// Finds shell prompts in a line of a paste, also several in one flattened line: "[root@host188 ~]# ",
// "root@worker-a:~# ", "user@host:/path$ ", SUSE's "nuc3:~ # " and "tux@nuc3:~> ", Gentoo's and
// Flatcar's "core@host ~ $ ", fish's "root@host ~# ", zsh's "user@host ~ % " and "host% ", oh-my-zsh's
// "➜  dir git:(main) ", "host# ", bare "# " / "$ " and PowerShell's "PS C:\Users\jdoe> " before a known command.
// Every regex is anchored or sticky: the scan moves by hand, so hostile input stays linear.
import { readCommand, startsWithKnownProgram, type CommandMatch } from './command';

export type PromptStyle = 'bracket' | 'user-host' | 'host' | 'bare' | 'header';

/** A prompt found in a line; offsets are in that line. */
export interface Prompt {
  style: PromptStyle;
  /** Where the prompt starts. */
  start: number;
  /** Where the command starts (after the prompt and one space). */
  end: number;
  host: string | null;
  user: string | null;
  cwd: string | null;
  /** "[root@host188 ~]" alone on its line names a host without running anything. */
  isHeader: boolean;
}

/** A prompt with its command and the part of the line that follows the command. */
export interface PromptedCommand {
  prompt: Prompt;
  /** Null when the prompt has nothing after it (an empty prompt line). */
  command: CommandMatch | null;
  /** Offset in the line where the command ends and its output (or remark) may begin. */
  commandEnd: number;
  /** Offset in the line where this prompt's part of the line ends (the next prompt, or the line end). */
  segmentEnd: number;
}

// also with the time in it, first or last ("[10:31:02 root@host188 ~]#", "[root@host188 ~ 10:31:02]#": PS1's \t)
const BRACKET = /\[(?:\d{1,2}:\d{2}(?::\d{2})?[ \t]{1,4})?([\w.-]{1,64})@([\w.-]{1,253})(?:[ \t]{1,8}([^\]\s]{1,200}))?(?:[ \t]{1,4}\d{1,2}:\d{2}(?::\d{2})?)?\][ \t]?([#$]{0,3})/y;
const USER_HOST = /([\w.-]{1,64})@([\w.-]{1,253}):([^\s#$>]{0,400})(?:[#$]| ?>)(?: |$)/y;
// SUSE's root prompt "nuc3:~ # " and "nuc3:/etc/sysconfig # " (bash's PS1 "\h:\w # " on openSUSE/SLES)
const HOST_PATH = /([A-Za-z][\w.-]{0,62}):([~/][^\s#$>]{0,400}) [#>](?: |$)/y;
// "%" is zsh's sign for a user (its default PS1 "%m%# ")
const HOST_ONLY = /([A-Za-z][\w.-]{0,62})[#$%] /y;
// Gentoo's and Flatcar's "core@host188 ~ $ " and "host188 ~ # ", fish's "root@host188 ~# " and
// "user@host188 ~> ": only before a known program (a host, a path and a sign are common in output)
const HOST_SPACE_PATH = /(?:([\w.-]{1,64})@)?([A-Za-z][\w.-]{0,252}) ([~/][^\s#$>%]{0,400}) ?[#$>%] /y;
// macOS's zsh "jdoe@mbp netsift % " (PS1 "%n@%m %1~ %# "): the directory is its last name alone, "#" for
// root; only before a known program
const ZSH_USER_HOST = /([\w.-]{1,64})@([A-Za-z][\w.-]{0,252}) ([^\s#$>%]{1,255}) [%#] /y;
// oh-my-zsh's default theme (robbyrussell): "➜  ~ ", "➜  netsift git:(main) ", "… git:(main) ✗ " when the
// tree is dirty; it names no host. The theme prints two spaces after the arrow (an arrow and one space is
// how prose points: "➜ ip route shows it"). Only before a known program
const ROBBYRUSSELL = /➜ {2}(\S{1,255}) (?:git:\([^\s)]{1,255}\) (?:✗ )?)?/y;

// what String.prototype.trim() keeps: the first character of the rest of a line
const NON_BLANK = /\S/g;
const POWERSHELL = /PS ((?:[A-Za-z]:\\|\/)[^>\r\n]{0,400})> /y;

function isSpace(c: string | undefined): boolean {
  return c === ' ' || c === '\t';
}

function afterSpace(line: string, at: number): number {
  return line[at] === ' ' ? at + 1 : at;
}

/**
 * The line without terminal escapes (CSI colours "\x1b[01;32m", OSC titles "\x1b]0;…\x07"), and for
 * each of its characters (and its end) the offset in the line: a coloured prompt saved by script(1)
 * or tmux is read as the prompt it shows. Null when the line has no escape.
 */
function withoutEscapes(line: string): { text: string; offsets: number[] } | null {
  if (!line.includes('\x1b')) return null;
  let text = '';
  const offsets: number[] = [];
  // once an OSC has no terminator up to the line's end, no later one has: never look again (linear)
  let oscEnds = true;
  let i = 0;
  while (i < line.length) {
    if (line[i] === '\x1b' && line[i + 1] === '[') {
      let j = i + 2;
      while (j < line.length && /[0-9;?]/.test(line[j] as string)) j++;
      const final = line.charCodeAt(j);
      if (final >= 0x40 && final <= 0x7e) {
        i = j + 1;
        continue;
      }
    } else if (oscEnds && line[i] === '\x1b' && line[i + 1] === ']') {
      let j = i + 2;
      while (j < line.length && line[j] !== '\x07' && !(line[j] === '\x1b' && line[j + 1] === '\\')) j++;
      if (j < line.length) {
        i = line[j] === '\x07' ? j + 1 : j + 2;
        continue;
      }
      oscEnds = false;
    }
    text += line[i];
    offsets.push(i);
    i++;
  }
  offsets.push(line.length);
  return { text, offsets };
}

/**
 * Every prompt candidate in the line, left to right, not overlapping (escapes seen through).
 * `exhaustive` tries every pattern at every word, without the cheap looks first (property tests compare).
 */
export function findPrompts(line: string, exhaustive = false): Prompt[] {
  const clean = withoutEscapes(line);
  if (!clean) return findPlainPrompts(line, exhaustive);
  const at = (offset: number): number => clean.offsets[offset] ?? line.length;
  // a prompt starts with the escapes before its first character (its colour), and ends where its command does
  return findPlainPrompts(clean.text, exhaustive).map((prompt) => ({ ...prompt, start: prompt.start === 0 ? 0 : at(prompt.start - 1) + 1, end: at(prompt.end) }));
}

/**
 * Where to go on from the word at `i` when none of the word-start prompts can start there (a cheap
 * look before their regexes, which most words of an output fail): its end, or the first "[" in it;
 * -1 when one may. user@host:path and host:path have a ":" in the word, "host ~ #" a "~" or "/" after
 * one space, "host# " a "#", "$" or "%" at its end, zsh's "user@host dir % " an "@" in the word. The word ends at a space or tab.
 */
function afterWordWithoutHostPrompt(line: string, i: number): number {
  const n = line.length;
  let end = i;
  let bracket = -1;
  for (; end < n; end++) {
    const code = line.charCodeAt(end);
    if (code === 32 || code === 9) break;
    if (code === 58 || code === 64) return -1; // ":", "@" (zsh's "user@host dir % ")
    if (code === 91 && bracket === -1) bracket = end; // "["
  }
  const last = line.charCodeAt(end - 1);
  if (last === 35 || last === 36 || last === 37) return -1; // "#", "$", "%"
  const after = line.charCodeAt(end + 1);
  if (line.charCodeAt(end) === 32 && (after === 126 || after === 47)) return -1; // " ~", " /"
  return bracket === -1 ? end : bracket;
}

// every prompt ends in one of these ("]" for a bracket header alone on its line), or starts with oh-my-zsh's
// arrow: a line without any has none
const PROMPT_SIGN = /[#$%>\]➜]/;

function findPlainPrompts(line: string, exhaustive: boolean): Prompt[] {
  if (!exhaustive && !PROMPT_SIGN.test(line)) return [];
  const found: Prompt[] = [];
  // every candidate costs a bounded look at what follows it (no slice to the line's end), so a
  // flattened paste of any length is read whole
  const n = line.length;
  let lineStart = 0;
  while (lineStart < n && isSpace(line[lineStart])) lineStart++;
  let i = 0;
  while (i < n) {
    const c = line[i] as string;
    // white space starts no prompt (every pattern below starts with a sign or a name): past it at once
    if (!exhaustive && (c === ' ' || c === '\t')) {
      i++;
      while (i < n && (line[i] === ' ' || line[i] === '\t')) i++;
      continue;
    }
    const wordStart = i === 0 || isSpace(line[i - 1]);
    if (c === '[') {
      BRACKET.lastIndex = i;
      const m = BRACKET.exec(line);
      if (m) {
        const end = afterSpace(line, m.index + m[0].length);
        NON_BLANK.lastIndex = end;
        const restAt = NON_BLANK.exec(line)?.index ?? -1;
        const hasPromptChar = (m[4] ?? '').length > 0;
        if (hasPromptChar || restAt === -1 || startsWithKnownProgram(line.slice(restAt, restAt + 80))) {
          found.push({
            style: 'bracket', start: i, end, user: m[1] as string, host: m[2] as string, cwd: m[3] ?? null,
            isHeader: !hasPromptChar && restAt === -1,
          });
          i = end;
          continue;
        }
      }
    }
    if (c === 'P' && wordStart && line[i + 1] === 'S' && line[i + 2] === ' ') {
      // PowerShell's "PS C:\Users\jdoe> " (pwsh elsewhere: "PS /home/jdoe> "), before a known program
      POWERSHELL.lastIndex = i;
      const m = POWERSHELL.exec(line);
      if (m && startsWithKnownProgram(line.slice(i + m[0].length, i + m[0].length + 80))) {
        found.push({ style: 'bare', start: i, end: i + m[0].length, user: null, host: null, cwd: m[1] as string, isHeader: false });
        i += m[0].length;
        continue;
      }
    }
    if (c === '➜' && wordStart) {
      ROBBYRUSSELL.lastIndex = i;
      const m = ROBBYRUSSELL.exec(line);
      if (m && startsWithKnownProgram(line.slice(i + m[0].length, i + m[0].length + 80))) {
        found.push({ style: 'bare', start: i, end: i + m[0].length, user: null, host: null, cwd: m[1] as string, isHeader: false });
        i += m[0].length;
        continue;
      }
    }
    if (!exhaustive && wordStart && !isSpace(c) && c !== '#' && c !== '$' && c !== '[') {
      // none of the word-start prompts below starts at this word: go to its end, or to a "[" in it (a bracket prompt)
      const next = afterWordWithoutHostPrompt(line, i);
      if (next !== -1) {
        i = next;
        continue;
      }
    }
    if (wordStart && c !== '#' && c !== '$' && c !== '[') {
      USER_HOST.lastIndex = i;
      const m = USER_HOST.exec(line);
      if (m) {
        const end = afterSpace(line, m.index + m[0].length);
        found.push({ style: 'user-host', start: i, end, user: m[1] as string, host: m[2] as string, cwd: m[3] || null, isHeader: false });
        i = end;
        continue;
      }
      HOST_PATH.lastIndex = i;
      const suse = HOST_PATH.exec(line);
      if (suse) {
        const end = afterSpace(line, suse.index + suse[0].length);
        found.push({ style: 'host', start: i, end, user: null, host: suse[1] as string, cwd: suse[2] as string, isHeader: false });
        i = end;
        continue;
      }
      HOST_SPACE_PATH.lastIndex = i;
      const spaced = HOST_SPACE_PATH.exec(line);
      if (spaced && startsWithKnownProgram(line.slice(spaced.index + spaced[0].length, spaced.index + spaced[0].length + 80))) {
        const end = spaced.index + spaced[0].length;
        found.push({ style: spaced[1] ? 'user-host' : 'host', start: i, end, user: spaced[1] ?? null, host: spaced[2] as string, cwd: spaced[3] as string, isHeader: false });
        i = end;
        continue;
      }
      ZSH_USER_HOST.lastIndex = i;
      const zsh = ZSH_USER_HOST.exec(line);
      if (zsh && startsWithKnownProgram(line.slice(zsh.index + zsh[0].length, zsh.index + zsh[0].length + 80))) {
        const end = zsh.index + zsh[0].length;
        found.push({ style: 'user-host', start: i, end, user: zsh[1] as string, host: zsh[2] as string, cwd: zsh[3] as string, isHeader: false });
        i = end;
        continue;
      }
      {
        // "worker-c# route -n", "node-b% ip r", also in the middle of a flattened line: only before a known program
        HOST_ONLY.lastIndex = i;
        const h = HOST_ONLY.exec(line);
        if (h && startsWithKnownProgram(line.slice(h.index + h[0].length, h.index + h[0].length + 80))) {
          found.push({ style: 'host', start: i, end: h.index + h[0].length, user: null, host: h[1] as string, cwd: null, isHeader: false });
          i = h.index + h[0].length;
          continue;
        }
      }
    }
    if ((c === '#' || c === '$') && wordStart && line[i + 1] === ' ') {
      let at = i + 1;
      while (at < n && line[at] === ' ') at++;
      if (startsWithKnownProgram(line.slice(at, at + 80))) {
        found.push({ style: 'bare', start: i, end: at, user: null, host: null, cwd: null, isHeader: false });
        i = at;
        continue;
      }
    }
    i++;
  }
  return found;
}

/** The command after each prompt, read up to the next prompt of the line. */
export function readPromptedCommands(line: string, prompts: readonly Prompt[]): PromptedCommand[] {
  return prompts.map((prompt, index) => {
    const segmentEnd = prompts[index + 1]?.start ?? line.length;
    const segment = line.slice(prompt.end, segmentEnd);
    const command = prompt.isHeader ? null : readCommand(segment);
    const commandEnd = prompt.end + (command ? command.length : 0);
    return { prompt, command, commandEnd, segmentEnd };
  });
}

/** A line that is only a command (no prompt) whose format is known: "ip route show", "sudo iptables-save". */
export function readPromptlessCommand(line: string): CommandMatch | null {
  const trimmed = line.trim();
  if (!trimmed || !startsWithKnownProgram(trimmed)) return null;
  const command = readCommand(trimmed);
  if (!command || command.length < trimmed.trimEnd().length) return null;
  if (command.format === null && !trimmed.startsWith('sudo ')) return null;
  return command;
}
