// Cuts a pasted transcript (chat message, blog post, terminal log) into sections by prompt, attributes
// each to a host, and sets narration and remarks aside as notes. The rules are in docs/ingest.md.
import { parseIPv4, safeHostName, SourceText, type Diagnostic } from '../core';
import { append } from '../core/append';
import { detectFormat, parse } from '../formats/registry';
import { FORMAT_IDS, type FormatId } from '../formats/format';
import { IPV4_HEADERS, IPV4_TITLES, IPV6_TITLES } from '../formats/route-n/headers';
import type { Bundle, HostSections, Note, Section, Unattributed } from './bundle';
import { isRemarkWord, KNOWN_PROGRAMS, type ChainedCommand, type CommandMatch } from './command';
import { findPrompts, readPromptedCommands, readPromptlessCommand, type Prompt, type PromptedCommand } from './prompt';
import { failureMayReplace, failureReason, mayBeFailure, readLead, readLeadLine, sectionFailure, type FailureKind, type LeadLine } from './terminal';
import {
  ADDRESS_NAME, COMPONENT_POD, elision, hasCjk, headerHost, hostsNamed, isCommentLine, isFenceLine, isProseLine, isShortNarration, trailingHeader,
  words, type Word,
} from './narration';

/** One pasted text and the name it is known by. */
export interface TranscriptInput {
  name: string;
  text: string;
  /** The host the text comes from, when the user knows it: sections no prompt attributes take it. */
  host?: string;
}

/** A section before its host and snapshot are final. */
interface Draft {
  section: Omit<Section, 'snapshot'>;
  scope: 'host' | 'cluster' | 'pod';
  host: string | null;
  reason: string | null;
  pod?: string;
  /** The host whose prompt ran the command (a pod's section: where kubectl ran, not the pod's node). */
  ranOn?: string | null;
  /** The host came from the command (`ssh HOST CMD`): an address or a full name that another name may stand for. */
  named?: boolean;
  /** Notes set aside from this section (its remarks); they take its host. */
  notes: Note[];
  /** Output start/end offsets in the input, while the section is open. */
  start: number;
  end: number;
  commandKey: string;
  promptStyle: Prompt['style'] | 'none' | 'sniffed';
  /** The output is empty and the next command is the same: the author announced it. */
  dropped?: boolean;
  pipeReason?: string;
  /** Listings run after this one on its line: their outputs follow this one's (splitChain cuts them apart). */
  then?: ChainedCommand[];
  /**
   * Where the lines before any output end (sudo's password prompt, "Cannot find device …": terminal.ts),
   * -1 once output has begun; and the failure among them, whose hints may follow it.
   */
  leadEnd: number;
  leadFailure: FailureKind | null;
  /** After takeLead: where its lines end (a chain's next listing is looked for from there), and the end of the lines kept before a failure. */
  afterLead?: number;
  keptEnd?: number;
}

interface Context {
  host: string | null;
  reason: string;
}

const NO_HOST = 'a prompt without a host name, and no host named before it';
// before any prompt or header: an output pasted alone
const NOT_NAMED = 'no prompt, header or file name names a host before it';
// characters of an output's end read for a trailing remark (finishDraft), before all of it is
const TAIL = 4096;

/** Does a word begin the output of this format (used to find where a remark after the command ends)? */
// route -n's titles and headers in every language net-tools ships, blanks folded
const ROUTE_N_LINES = new Set([...IPV4_TITLES, ...IPV6_TITLES, ...Object.values(IPV4_HEADERS).flat()].map((line) => line.replace(/\s+/g, ' ')));

/**
 * A line the open output's tool printed though it reads like an author's (Japanese or Chinese in it):
 * a translated route -n title or header, a translated ifconfig hardware title ("(イーサネット)").
 */
function isToolLine(format: FormatId | null, line: string): boolean {
  const trimmed = line.trim();
  if (format === 'route-n') return ROUTE_N_LINES.has(trimmed.replace(/\s+/g, ' '));
  if (format === 'ifconfig') return /^(?:ether|inet6?|loop|unspec|infiniband|tunnel|ppp|RX|TX|txqueuelen|device)\s/.test(trimmed);
  return false;
}

/**
 * A line that begins as a record of the open output does (a MAC for bridge fdb, an address for
 * ip route): output, whatever remark the author added at its end ("… permanent   # 这里"), never a note.
 */
function startsRecord(format: FormatId | null, line: string): boolean {
  const [first, second] = line.trim().split(/\s+/, 2);
  if (first === undefined || first === '' || hasCjk(first)) return false;
  return startsOutput(format, first, second) && !first.startsWith('..') && !first.startsWith('…');
}

function startsOutput(format: FormatId | null, word: string, next: string | undefined): boolean {
  if (word.startsWith('..') || word.startsWith('…')) return true;
  const ipv4 = /^\d{1,3}(?:\.\d{1,3}){3}$/.test(word);
  switch (format) {
    case 'route-n':
      return word === 'Kernel' || word === 'Destination' || ipv4;
    case 'ip-route':
      return ipv4 || /^\d{1,3}(?:\.\d{1,3}){3}\/\d{1,2}$/.test(word) || ['default', 'unreachable', 'blackhole', 'prohibit', 'local', 'broadcast', 'throw', 'multicast', 'unicast'].includes(word) || /^[\da-f]{0,4}:[\da-f:]*(?:\/\d+)?$/i.test(word) && word.length > 2;
    case 'ip-addr':
    case 'ip-link':
    case 'ip-rule':
      return /^\d+:$/.test(word) || word.startsWith('[');
    case 'ip-neigh':
      return ipv4 || (/^[\da-f]{0,4}:[\da-f:]+$/i.test(word) && word.length > 2) || word.startsWith('[');
    case 'bridge-fdb':
      return /^[\da-f]{2}(?::[\da-f]{2}){5}$/i.test(word) || word.startsWith('[');
    case 'ifconfig':
      return (word.endsWith(':') && (next ?? '').startsWith('flags=')) || next === 'Link';
    case 'iptables-list':
      return word === 'Chain' || word === 'target' || word === 'pkts' || word === 'num' || (/^[A-Z][A-Z\d_-]*$/.test(word) && ['tcp', 'udp', 'all', 'icmp', 'sctp', '--'].includes(next ?? ''));
    case 'iptables-list-rules':
      return word === '-P' || word === '-N' || word === '-A';
    case 'iptables-save':
      return (word === '#' && SAVE_COMMENT_WORDS.has(next ?? '')) || word.startsWith('*') || word.startsWith(':') || word === 'COMMIT' || word === '-A' || word === '-I' || word === '-N';
    case 'sysctl':
      // "net.ipv4.ip_forward = 0", a value alone after cat of a /proc/sys file
      return (/^[a-z][\w/@:+-]*(?:\.[\w/@:+-]+)+$/.test(word) && next === '=') || /^-?\d+$/.test(word);
    case 'nft-ruleset':
      return word === 'table' || word === '{' || word.startsWith('{"nftables"');
    case 'flannel-log':
      return /^[IWEF]\d{4}$/.test(word) || /^(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)$/.test(word) || /^\d{4}-\d\d-\d\d/.test(word);
    case 'flannel-subnet-env':
      return /^FLANNEL_[A-Z_]+=/.test(word);
    default:
      return false;
  }
}

// The "#" lines iptables-save prints (iptables/iptables-save.c, xtables-save.c, nft.c): "# Generated by …"
// before a table, "# Completed on <date>" after its COMMIT, and iptables-nft's "# Warning: iptables-legacy
// tables present, …", "# Table `nat' is incompatible, use 'nft' tool." and "# Table `nat' contains
// incompatible base-chains, …". Any other "#" line in its output is the author's.
const SAVE_COMMENT_WORDS: ReadonlySet<string> = new Set(['Generated', 'Completed', 'Warning:', 'Table']);

function isSaveCommentLine(line: string): boolean {
  const [sign, word] = line.trim().split(/\s+/, 2);
  return sign === '#' && SAVE_COMMENT_WORDS.has(word ?? '');
}

function normaliseCommand(command: string): string {
  return command.replace(/\s+/g, ' ').replace(/^sudo (?:-\S+ )*/, '').trim();
}

/**
 * Whether the open section takes a line read before its output as its own: chatter before a listing's
 * output (not before an interactive `sudo -s` or `ssh node-b`, whose lines are no output of theirs); an
 * error in place of a listing, one per command, not another listing's of the line, and not an author's
 * sentence ("Error: it printed nothing at all." is one, "Error: No such file or directory" is nft's).
 */
function takesLead(open: Draft, read: LeadLine, line: string): boolean {
  if (read.kind === 'chatter') return open.section.format !== null;
  if (!failureMayReplace(open.section.format, open.section.command)) return false;
  return read.kind !== 'failure' || !(open.leadFailure !== null || (read.general === true && isProseLine(line)) || namesLaterListing(open, read.subject));
}

/** Whether an error naming `subject` (a device, a chain) is a listing's chained after the open one, not the open one's. */
function namesLaterListing(open: Draft, subject: string | null): boolean {
  if (subject === null || open.section.options?.['dev'] === subject || open.section.options?.['chain'] === subject) return false;
  return (open.then ?? []).some((c) => c.options?.['dev'] === subject || c.options?.['chain'] === subject);
}

function hostLabel(hosts: string[]): string {
  return hosts.length <= 2 ? hosts.join(' and ') : `${hosts.slice(0, -1).join(', ')} and ${hosts[hosts.length - 1] as string}`;
}

function excerpt(text: string): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > 40 ? `${one.slice(0, 40)}…` : one;
}

/** The node a flannel log names ("Created subnet manager: Kubernetes Subnet Manager - host188"). */
function nodeNamedByOutput(text: string): string | null {
  const at = text.indexOf('Subnet Manager - ');
  if (at === -1) return null;
  const m = /[\w.-]{1,253}/y;
  m.lastIndex = at + 'Subnet Manager - '.length;
  const found = m.exec(text);
  return found ? found[0] : null;
}

class TranscriptReader {
  readonly drafts: Draft[] = [];
  readonly notes: Note[] = [];
  private readonly source: SourceText;
  private context: Context = { host: null, reason: NOT_NAMED };
  private open: Draft | null = null;
  private block: { start: number; end: number } | null = null;
  /** A "# …" line after an open section's output: a remark inside it if the output goes on, else narration. */
  private pendingRemark: { line: string; base: number } | null = null;

  constructor(
    private readonly input: TranscriptInput,
    private readonly known: ReadonlySet<string>,
    initialHost: string | null,
  ) {
    this.source = new SourceText(input.text);
    if (initialHost) this.context = { host: initialHost, reason: '' };
  }

  read(): void {
    const text = this.input.text;
    let lineStart = 0;
    while (lineStart <= text.length) {
      let lineEnd = text.indexOf('\n', lineStart);
      if (lineEnd === -1) lineEnd = text.length;
      const contentEnd = lineEnd > lineStart && text[lineEnd - 1] === '\r' ? lineEnd - 1 : lineEnd;
      this.readLine(text.slice(lineStart, contentEnd), lineStart);
      if (lineEnd >= text.length) break;
      lineStart = lineEnd + 1;
    }
    this.settleRemark(false);
    this.closeOpen();
    this.flushBlock();
  }

  /** Whether `line` reads as more of the open section's output: a record of its format, and nothing unread. */
  private continuesOutput(line: string): boolean {
    const open = this.open;
    if (!open) return false;
    // a line that ran several listings (`ip route; ip addr`): any of them may print it
    const listings: { format: FormatId | null; options?: Record<string, string> }[] = [{ format: open.section.format as FormatId | null, options: open.section.options }, ...(open.then ?? [])];
    return listings.some(({ format, options }) => {
      if (!format) return false;
      const parsed = parse(format, line.trim(), options);
      return parsed.records.length > 0 && parsed.diagnostics.every((d) => d.severity !== 'error');
    });
  }

  /** Whether the open section's listing, or one run after it on its line, is iptables-save's (whose output has "#" lines of its own). */
  private openListsSave(): boolean {
    const open = this.open;
    return open !== null && (open.section.format === 'iptables-save' || (open.then ?? []).some((c) => c.format === 'iptables-save'));
  }

  /**
   * The pending "# …" line, now that the line after it is known: when the open section's output goes
   * on, a remark of that section (a note that takes its host, whatever host it names: "# ^^^ the one
   * to host189 is missing"); otherwise narration, read as it would have been.
   */
  private settleRemark(outputGoesOn: boolean): void {
    const pending = this.pendingRemark;
    if (!pending) return;
    this.pendingRemark = null;
    if (outputGoesOn && this.open) {
      const start = pending.base + (pending.line.length - pending.line.trimStart().length);
      this.open.notes.push(this.makeNote(start, pending.base + pending.line.trimEnd().length, null, false));
      return;
    }
    this.closeOpen();
    this.flushBlock();
    this.narration(pending.line, pending.base);
  }

  private readLine(line: string, base: number): void {
    const trimmed = line.trim();
    if (!trimmed) return;
    if (isFenceLine(line)) {
      this.settleRemark(false);
      this.closeOpen();
      this.flushBlock();
      return;
    }
    const prompts = this.acceptedPrompts(line);
    if (prompts.length > 0) {
      this.settleRemark(false);
      this.closeOpen();
      this.flushBlock();
      this.readPromptLine(line, base, prompts);
      return;
    }
    const header = headerHost(line, this.known);
    if (header !== null) {
      this.settleRemark(false);
      this.closeOpen();
      this.flushBlock();
      this.context = { host: header, reason: '' };
      return;
    }
    // sudo's password prompt, or the error the command printed instead of its output: still the section's
    if (this.open && this.open.leadEnd === this.open.end) {
      const open = this.open;
      const read = readLeadLine(trimmed, open.section.command, open.leadFailure);
      if (read && takesLead(open, read, trimmed)) {
        if (this.pendingRemark) this.settleRemark(true);
        if (read.kind === 'failure') open.leadFailure = read.failure;
        const lead = line.length - line.trimStart().length;
        if (read.kind === 'chatter' && read.length !== undefined) {
          // sudo -S: after the password prompt on its line, sudo's next words, an error, or the output
          // (a kept line after the prompt, iptables-nft's warning, is taken too: readLead keeps it in the output)
          const restText = trimmed.slice(read.length).trim();
          const rest = readLeadLine(restText, open.section.command, open.leadFailure);
          if (!rest || !takesLead(open, rest, restText)) {
            open.leadEnd = base + lead + read.length;
            open.end = base + line.trimEnd().length;
            return;
          }
          if (rest.kind === 'failure') open.leadFailure = rest.failure;
        }
        open.end = open.leadEnd = base + line.trimEnd().length;
        return;
      }
    }
    // an error line while a listing is open (a second error, or one after output): output, never prose
    // ("Device "flannel.1" does not exist." reads as a sentence), so that a chain hands it to its listing.
    // Not "Error: …", which an author may write too
    const late = this.open && mayBeFailure(trimmed) && this.mayFail(this.open) ? readLeadLine(trimmed, this.open.section.command, null) : null;
    if (this.open && late?.kind === 'failure' && !late.general) {
      if (this.pendingRemark) this.settleRemark(true);
      this.open.end = base + line.trimEnd().length;
      return;
    }
    // a "# remark" after iptables-save's footer ("# Completed on …") is the author's, as after any output
    const comment = isCommentLine(line) && !(this.openListsSave() && isSaveCommentLine(line));
    const prose = isProseLine(line);
    const boundary = (prose || isShortNarration(line, this.known) || comment)
      && !(this.open && [this.open.section.format, ...(this.open.then ?? []).map((c) => c.format)]
        .some((format) => isToolLine(format as FormatId | null, line) || startsRecord(format as FormatId | null, line)));
    if (this.pendingRemark) this.settleRemark(this.open !== null && !boundary && this.continuesOutput(line));
    if (this.open && !boundary) {
      this.open.end = base + line.trimEnd().length;
      return;
    }
    // a "# …" line, or a line of prose ("这里少了一条", "This is where it breaks."), right after output:
    // the next line tells a remark inside it (the output goes on) from narration after it
    // (prose that names a host, or introduces what follows with a colon, is narration: "下面是node-b的路由:")
    if (this.open && this.open.end > this.open.start && (comment || (prose && !/[:：]\s*$/.test(line) && hostsNamed(line, this.known).length === 0))) {
      this.pendingRemark = { line, base };
      return;
    }
    this.closeOpen();
    const promptless = boundary ? null : readPromptlessCommand(line);
    if (promptless) {
      this.flushBlock();
      const at = line.length - line.trimStart().length;
      const prompt: Prompt = { style: 'bare', start: at, end: at, host: null, user: null, cwd: null, isHeader: false };
      this.startSection({ prompt, command: promptless, commandEnd: at + promptless.length, segmentEnd: line.length }, line, base, 'none', true);
      return;
    }
    if (boundary) {
      this.flushBlock();
      this.narration(line, base);
      return;
    }
    const end = base + line.trimEnd().length;
    const start = base + (line.length - line.trimStart().length);
    this.block = this.block ? { start: this.block.start, end } : { start, end };
  }

  /** Prompts of the line, without bare "# " ones in the middle of narration whose "output" reads as nothing. */
  private acceptedPrompts(line: string): PromptedCommand[] {
    const candidates = findPrompts(line);
    if (candidates.length === 0) return [];
    const lineStart = line.length - line.trimStart().length;
    const assignment = /^[A-Z_][A-Z\d_]{0,63}=/.test(line.slice(lineStart));
    const accepted: Prompt[] = [];
    const all = readPromptedCommands(line, candidates);
    all.forEach((pc) => {
      const p = pc.prompt;
      if (p.style !== 'bare' || p.start === lineStart || accepted.length > 0 || assignment
        || trailingHeader(line.slice(Math.max(0, p.start - 400), p.start), this.known) !== null) {
        accepted.push(p);
        return;
      }
      const format = pc.command?.format ?? null;
      if (format === null) return;
      const rest = line.slice(pc.commandEnd, pc.segmentEnd);
      // a prompt showing the working directory ("/ # ", "~ # ", "/etc # ": busybox's and Alpine's
      // PS1) or the host ("node-a $ ") before its sign, with a command that fills the line
      const lead = line.slice(lineStart, p.start).trim();
      const shown = rest.trim() === '' && accepted.length === 0 ? /^(?:([~/][\w.~/-]{0,255})|([A-Za-z][\w.-]{0,62})(?::([~/][\w.~/-]{0,255}))?)$/.exec(lead) : null;
      if (shown) {
        // the prompt starts at the line's start: its directory, or its host, is part of it (not a note)
        accepted.push({ ...p, start: lineStart, cwd: shown[1] ?? shown[3] ?? null, host: shown[2] === undefined ? p.host : safeHostName(shown[2]) });
        return;
      }
      if (parse(format, rest).records.length > 0) accepted.push(p);
    });
    return accepted.length === candidates.length && accepted.every((p, i) => p === all[i]?.prompt) ? all : readPromptedCommands(line, accepted);
  }

  private readPromptLine(line: string, base: number, found: PromptedCommand[]): void {
    // A flattened paste keeps its headers in the line: "… === node-2 === # ip r …", "… on node-a: $ sudo ip n …".
    // Each one ends the part before it, and names the host of the prompts after it.
    const headers = found.map((pc, index) => {
      const from = index === 0 ? 0 : (found[index - 1] as PromptedCommand).commandEnd;
      const header = trailingHeader(line.slice(from, pc.prompt.start), this.known);
      return header ? { host: header.host, start: from + header.start } : null;
    });
    const commands = found.map((pc, index) => {
      const next = headers[index + 1];
      return next && next.start >= pc.commandEnd ? { ...pc, segmentEnd: next.start } : pc;
    });
    const first = commands[0] as PromptedCommand;
    const prelude = line.slice(0, headers[0]?.start ?? first.prompt.start);
    if (prelude.trim()) this.narration(prelude, base);
    commands.forEach((pc, index) => {
      const header = headers[index];
      if (header) this.context = { host: header.host, reason: '' };
      if (pc.prompt.host) this.context = { host: pc.prompt.host, reason: '' };
      if (!pc.command) {
        const rest = line.slice(pc.prompt.end, pc.segmentEnd);
        if (rest.trim()) this.addNote(rest, base + pc.prompt.end, pc.prompt.host);
        return;
      }
      this.startSection(pc, line, base, pc.prompt.style, index === commands.length - 1);
    });
  }

  private startSection(pc: PromptedCommand, line: string, base: number, style: Draft['promptStyle'], mayContinue: boolean): void {
    const command = pc.command as CommandMatch;
    const segment = line.slice(pc.commandEnd, pc.segmentEnd);
    const ws = words(segment, pc.commandEnd);
    let outputStart = pc.segmentEnd;
    const remarkNotes: { start: number; end: number }[] = [];
    if (ws.length > 0) {
      const first = ws[0] as Word;
      if (isRemarkWord(first.value) && !/^-- (?:Logs|Journal|No entries)/.test(segment.trimStart())) {
        const at = ws.findIndex((w, i) => i > 0 && startsOutput(command.format, w.value, ws[i + 1]?.value));
        const remarkEnd = at === -1 ? pc.segmentEnd : (ws[at] as Word).start;
        remarkNotes.push({ start: first.start, end: at === -1 ? (ws[ws.length - 1] as Word).end : (ws[at - 1] as Word).end });
        outputStart = remarkEnd;
      } else outputStart = first.start;
    }
    const host = pc.prompt.host;
    const draft: Draft = {
      section: {
        command: command.command,
        format: command.format,
        origin: { kind: 'paste', input: this.input.name },
        span: this.source.span(base + outputStart, 0),
        text: '',
        partial: false,
        flattened: false,
      },
      scope: command.scope,
      // `ssh host188 route -n` run from another machine: the output is host188's
      host: command.scope === 'host' ? command.host ?? host ?? this.context.host : null,
      reason: command.scope === 'host' && !command.host && !host && !this.context.host ? (this.context.reason === NOT_NAMED ? NO_HOST : this.context.reason) : null,
      pod: command.pod,
      ranOn: host ?? this.context.host,
      notes: [],
      start: base + outputStart,
      end: base + Math.max(outputStart, trimEndIndex(line, pc.segmentEnd)),
      commandKey: normaliseCommand(command.command),
      promptStyle: style,
      pipeReason: command.partialReason,
      leadEnd: -1,
      leadFailure: null,
    };
    // nothing after the command on its line: the lines before the output may be sudo's prompt, an error
    if (draft.end === draft.start) draft.leadEnd = draft.end;
    if (command.options) draft.section.options = command.options;
    if (command.host && command.scope === 'host') draft.named = true;
    if (command.then) draft.then = command.then;
    for (const r of remarkNotes) draft.notes.push(this.makeNote(base + r.start, base + r.end, null, false));
    draft.section.flattened = draft.end > draft.start;
    this.drafts.push(draft);
    this.open = draft;
    if (!mayContinue) this.closeOpen();
  }

  private closeOpen(): void {
    const draft = this.open;
    if (!draft) return;
    this.open = null;
    this.takeLead(draft);
    const parts = this.splitChain(draft);
    // kept lines, then the error, then the next listing's output: the first listing's output is the kept lines
    if (parts.length > 1 && draft.keptEnd !== undefined) draft.end = Math.min(draft.end, draft.keptEnd);
    for (const part of parts) {
      if (part !== draft) {
        this.drafts.push(part);
        // a later listing's error, where its output would be (`ip addr show dev cni0; bridge fdb show dev flannel.1`)
        part.leadEnd = part.end;
        this.takeLead(part);
      }
      this.finishDraft(part);
    }
  }

  /** Whether an error may stand for the output of the open section's listing, or of one chained after it. */
  private mayFail(open: Draft): boolean {
    return failureMayReplace(open.section.format, open.section.command) || (open.then ?? []).some((c) => failureMayReplace(c.format, c.command));
  }

  /** Sets the lines before the output aside: sudo's prompt and warnings as remarks, an error as the section's failure. */
  private takeLead(draft: Draft): void {
    const section = draft.section;
    if (draft.leadEnd <= draft.start) {
      if (section.flattened) this.takeFlattenedLead(draft);
      return;
    }
    const lead = readLead(this.input.text, draft.start, draft.leadEnd, section.command, failureMayReplace(section.format, section.command));
    for (const chatter of lead.chatter) draft.notes.push(this.makeNote(chatter.start, chatter.end, null, false));
    if (lead.failure) section.failure = sectionFailure(lead.failure, this.source.span(lead.failure.start, lead.failure.end - lead.failure.start), section.options);
    draft.start = lead.outputStart;
    draft.afterLead = lead.afterLead;
    // "# Warning: iptables-legacy tables present" then iptables-nft's error: the warning is the output
    if (lead.keptEnd !== null) {
      draft.keptEnd = lead.keptEnd;
      if (draft.end === draft.leadEnd) draft.end = lead.keptEnd;
    }
    draft.end = Math.max(draft.end, draft.start);
  }

  /**
   * A flattened paste: a password prompt before the output on the command's line ("$ sudo -S ip route
   * [sudo] password for bob: default via …") is a remark; an output that is wholly one error line
   * ("… flannel.1 Cannot find device "flannel.1" root@…") is the failure.
   */
  private takeFlattenedLead(draft: Draft): void {
    const section = draft.section;
    if (section.format === null) return;
    let raw = this.input.text.slice(draft.start, draft.end);
    if (raw.includes('\n')) return;
    const first = readLeadLine(raw.trim(), section.command, null);
    if (first?.kind === 'chatter' && first.length !== undefined) {
      const at = draft.start + (raw.length - raw.trimStart().length);
      draft.notes.push(this.makeNote(at, at + first.length, null, false));
      draft.start = at + first.length;
      raw = this.input.text.slice(draft.start, draft.end);
    }
    if (!failureMayReplace(section.format, section.command)) return;
    const trimmed = raw.trim();
    const read = readLeadLine(trimmed, section.command, null);
    if (read?.kind !== 'failure') return;
    section.failure = sectionFailure({ kind: read.failure, subject: read.subject }, this.source.span(draft.start + (raw.length - raw.trimStart().length), trimmed.length), section.options);
    draft.start = draft.end;
  }

  /**
   * The sections of a line that ran several listings (`ip route; ip addr`): the output is cut before
   * the first line that reads as the next listing's format and not as the one before's. A listing
   * whose output is not found so gets no section (an empty one would say it printed nothing).
   */
  private splitChain(draft: Draft): Draft[] {
    const chain = draft.then;
    // a flattened paste's output shares the command's line: no chain is cut apart there
    if (!chain || chain.length === 0 || draft.section.flattened) return [draft];
    const text = this.input.text;
    const parts: Draft[] = [draft];
    let current = draft;
    let index = 0;
    let pos = Math.max(draft.start, draft.afterLead ?? draft.start);
    // lines parsed at most: on hostile input every line may pass mayStartOutput
    let parses = 20_000;
    let both: number | null = null;
    // the whole output's end: each cut moves the end of the part before it
    const end = draft.end;
    while (pos < end && index < chain.length && parses > 0) {
      let lineEnd = text.indexOf('\n', pos);
      if (lineEnd === -1 || lineEnd > end) lineEnd = end;
      const line = text.slice(pos, lineEnd).trim();
      const format = current.section.format as FormatId | null;
      // the first listing still to come that reads the line (one that printed nothing is passed over);
      // a line is parsed only where it may start that listing's output (a parse of every line of a
      // 300,000-line iptables-save before an `; ip route` took 7 s)
      let found = -1;
      for (let j = index; j < chain.length && found === -1 && line !== ''; j++) {
        const next = chain[j] as ChainedCommand;
        if (next.format === null || !mayStartOutput(next.format, line)) continue;
        parses--;
        if (readsAs(next.format, line, next.options, true)) found = j;
      }
      // an error where the next listing's output would be: that listing's (takeLead reads it)
      const upcoming = chain[index];
      const late = found === -1 && line !== '' && upcoming !== undefined && mayBeFailure(line) ? readLeadLine(line, upcoming.command, null) : null;
      const failed = late?.kind === 'failure' && failureMayReplace((upcoming as ChainedCommand).format, (upcoming as ChainedCommand).command);
      if (failed) {
        // the listing whose device or chain the error names, else the next one
        const named = late.subject === null ? -1 : chain.findIndex((c, j) => j >= index && (c.options?.['dev'] === late.subject || c.options?.['chain'] === late.subject));
        found = named === -1 ? index : named;
      }
      const asCurrent = !failed && found !== -1 && format !== null && readsAs(format, line, current.section.options);
      // lines that read as both ("# Warning: iptables-legacy tables present", which iptables-nft
      // prints before each listing) go with what follows them
      if (found !== -1 && asCurrent) {
        both ??= pos;
        pos = lineEnd + 1;
        continue;
      }
      if (found !== -1) {
        if (both !== null) pos = both;
        both = null;
        const next = chain[found] as ChainedCommand;
        const part: Draft = {
          section: {
            command: next.command, format: next.format, origin: draft.section.origin,
            span: this.source.span(pos, 0), text: '', partial: false, flattened: false,
          },
          scope: next.scope,
          host: draft.host,
          reason: draft.reason,
          ranOn: draft.ranOn,
          notes: [],
          start: pos,
          end,
          commandKey: normaliseCommand(next.command),
          promptStyle: draft.promptStyle,
          leadEnd: -1,
          leadFailure: null,
        };
        if (next.options) part.section.options = next.options;
        if (draft.named) part.named = true;
        current.end = trimEndIndex(text, pos);
        parts.push(part);
        current = part;
        index = found + 1;
        // the error line is this listing's: the next one is looked for after it
        if (failed) pos = lineEnd + 1;
        continue;
      }
      if (line !== '') both = null;
      pos = lineEnd + 1;
    }
    return parts;
  }

  private finishDraft(draft: Draft): void {
    const text = this.input.text;
    let end = draft.end;
    // A trailing remark, with nothing after it that looks like output, is a note.
    // the last word that looks like output (a number, or what starts a line of the format): a remark
    // word after it begins the note (found from the end once, not after every remark word again). The
    // words of the output's tail are enough when it holds one (a 100,000-line output's are not all cut)
    const format = draft.section.format as FormatId | null;
    const lastOutputOf = (ws: Word[]): number => {
      let index = ws.length - 1;
      while (index >= 0) {
        const word = (ws[index] as Word).value;
        if ((/\d/.test(word) && !hasCjk(word)) || startsOutput(format, word, ws[index + 1]?.value)) break;
        index--;
      }
      return index;
    };
    let from = end - TAIL;
    // the tail starts at white space, so that its first word is whole
    while (from > draft.start && !/\s/.test(text[from - 1] as string)) from--;
    let ws = from > draft.start ? words(text.slice(from, end), from) : [];
    let lastOutput = lastOutputOf(ws);
    if (lastOutput === -1) {
      from = draft.start;
      ws = words(text.slice(draft.start, end), draft.start);
      lastOutput = lastOutputOf(ws);
    }
    // iptables -S and iptables-save print long options ("--comment", "--to-destination"): not remarks there
    const options = format === 'iptables-list-rules' || format === 'iptables-save';
    const cut = ws.findIndex((w, i) => i >= lastOutput && isRemarkWord(w.value) && !/^--\s/.test(text.slice(w.start, w.start + 3))
      && !(options && /^--[a-z][\da-z-]*(?:=\S*)?$/.test(w.value)));
    // (iptables-save's first word may be its "# Generated by" line: not a remark)
    const firstOfOutput = cut === 0 && text.slice(draft.start, from).trim() === '';
    if (cut !== -1 && !(firstOfOutput && draft.section.format === 'iptables-save')) {
      const noteStart = (ws[cut] as Word).start;
      draft.notes.push(this.makeNote(noteStart, end, null, false));
      end = noteStart;
      while (end > draft.start && /\s/.test(text[end - 1] as string)) end--;
    }
    draft.end = end;
    // The output starts on its first line, not at the end of the prompt's line: absence evidence cites it.
    let start = draft.start;
    while (start < end && /\s/.test(text[start] as string)) start++;
    // the last line break in the white space just passed (not searched for further back: a flattened
    // paste is one line, and a search to its start for each of its sections was quadratic)
    let lineStart = start;
    while (lineStart > draft.start && text[lineStart - 1] !== '\n') lineStart--;
    if (lineStart > draft.start) start = lineStart;
    if (start >= end) start = end;
    draft.start = start;
    const output = text.slice(draft.start, end);
    draft.section.text = output;
    draft.section.span = this.source.span(draft.start, end - draft.start);
    draft.section.flattened = draft.section.flattened && output.length > 0;
    const reasons: string[] = [];
    if (draft.pipeReason) reasons.push(draft.pipeReason);
    const mark = elision(output);
    if (mark) reasons.push(`rows elided ("${mark}")`);
    const failure = draft.section.failure;
    if (failure) reasons.push(failureReason(failure));
    if (reasons.length > 0) {
      draft.section.partial = true;
      draft.section.partialReason = reasons.join('; ');
    }
  }

  private flushBlock(): void {
    const block = this.block;
    if (!block) return;
    this.block = null;
    const text = this.input.text.slice(block.start, block.end);
    const detected = detectFormat(text);
    if (detected.format !== null && detected.confidence >= 0.5) {
      this.addSniffed(block.start, block.end, detected.format);
      return;
    }
    this.narration(text, block.start);
  }

  private addSniffed(start: number, end: number, format: FormatId): void {
    const text = this.input.text.slice(start, end);
    const mark = elision(text);
    const section: Omit<Section, 'snapshot'> = {
      command: null, format, origin: { kind: 'paste', input: this.input.name },
      span: this.source.span(start, end - start), text, partial: mark !== null, flattened: false,
    };
    if (mark) section.partialReason = `rows elided ("${mark}")`;
    this.drafts.push({
      section, scope: 'host', host: this.context.host, reason: this.context.host ? null : `no command line; ${this.context.reason}`,
      notes: [], start, end, commandKey: `(sniffed ${format})`, promptStyle: 'sniffed', leadEnd: -1, leadFailure: null,
    });
  }

  /** Narration: a note, and the hosts it names move the context. A Chinese line may end with an output (sniffed). */
  private narration(text: string, base: number): void {
    let noteEnd = text.trimEnd().length;
    // "#此时tunl0也自动被创建,但并未申请ip tunl0: flags=128<NOARP> …": prose, then an output.
    let lastCjk = -1;
    for (let i = 0; i < text.length; i++) if (hasCjk(text[i] as string)) lastCjk = i;
    if (lastCjk !== -1 && noteEnd - lastCjk > 30) {
      const ws = words(text.slice(lastCjk + 1, noteEnd), lastCjk + 1);
      const at = ws.findIndex((w, i) => FORMAT_IDS.some((f) => startsOutput(f, w.value, ws[i + 1]?.value) && !w.value.startsWith('.')));
      const start = at === -1 ? -1 : (ws[at] as Word).start;
      const format = start === -1 ? null : detectFormat(text.slice(start, noteEnd)).format;
      if (format !== null && startsOutput(format, (ws[at] as Word).value, ws[at + 1]?.value)) {
        {
          this.mentions(text.slice(0, start));
          this.addNote(text.slice(0, start), base, null);
          this.addSniffed(base + start, base + noteEnd, format);
          return;
        }
      }
    }
    noteEnd = Math.max(noteEnd, 0);
    this.mentions(text);
    this.addNote(text, base, null);
  }

  private mentions(text: string): void {
    const named = hostsNamed(text, this.known);
    if (named.length === 1) this.context = { host: named[0] as string, reason: '' };
    else if (named.length > 1) {
      this.context = { host: null, reason: `the narration before it names ${hostLabel([...named].sort())} ("${excerpt(text)}")` };
    }
  }

  private addNote(text: string, base: number, host: string | null): void {
    const lead = text.length - text.trimStart().length;
    const end = text.trimEnd().length;
    if (end <= lead) return;
    this.notes.push(this.makeNote(base + lead, base + end, host));
  }

  /** A remark of a section (`infer` false) takes the section's host later; narration names its own. */
  private makeNote(start: number, end: number, host: string | null, infer = true): Note {
    const span = this.source.span(start, end - start);
    if (host === null && infer) {
      const named = hostsNamed(span.text, this.known);
      if (named.length === 1) host = named[0] as string;
    }
    return { host, text: span.text, span };
  }
}

// the formats whose first words startsOutput knows in every layout; any line may start the others'
const STARTS_KNOWN: ReadonlySet<FormatId> = new Set(['ip-route', 'ip-neigh', 'bridge-fdb', 'iptables-list', 'iptables-list-rules', 'iptables-save']);
// ip addr / ip link: "2: eth0: <…>", or -br's "eth0@if3  UP  …"
const IP_LINK_START = /^(?:\d+:\s|\S+\s+(?:UP|DOWN|UNKNOWN|LOWERLAYERDOWN|DORMANT|NOTPRESENT)\b)/;

/** Whether the (trimmed) `line` may start an output of `format`, by its first words: a cheap test before a parse. */
function mayStartOutput(format: FormatId, line: string): boolean {
  // route -n's title and header, in any of its languages, start with a letter; its rows with an address
  if (format === 'route-n') return /^(?:\p{L}|\d{1,3}\.)/u.test(line);
  if (format === 'ip-addr' || format === 'ip-link') return IP_LINK_START.test(line);
  // ifconfig -a's "eth0: flags=", the old "eth0      Link encap:", ifconfig -s's "Iface   MTU"
  if (format === 'ifconfig') return /^\S+\s+(?:flags=|Link\b|MTU\b)/.test(line);
  if (!STARTS_KNOWN.has(format)) return true;
  const space = line.search(/\s/);
  const word = space === -1 ? line : line.slice(0, space);
  // iptables-nft's "# Warning: …" leads any listing of iptables
  if (word === '#' && format.startsWith('iptables')) return true;
  const rest = space === -1 ? '' : line.slice(space).trimStart();
  const second = rest.split(/\s/, 1)[0];
  return startsOutput(format, word, second === '' ? undefined : second);
}

/**
 * Whether `line` alone reads as `format`: a record, or a line it knows that makes none (route -n's
 * title), nothing unread; `strict`: and nothing to say about it (parsers take odd lines leniently).
 */
function readsAs(format: FormatId, line: string, options?: Record<string, string>, strict = false): boolean {
  const parsed = parse(format, line, options);
  if (strict) return parsed.diagnostics.length === 0;
  return parsed.diagnostics.every((d) => d.severity !== 'error') && (parsed.records.length > 0 || parsed.diagnostics.length === 0);
}

function trimEndIndex(line: string, end: number): number {
  let e = end;
  while (e > 0 && /\s/.test(line[e - 1] as string)) e--;
  return e;
}

/** Hosts named by prompts and headers anywhere in a text: what narration can refer to. */
function knownHosts(text: string): Set<string> {
  const known = new Set<string>();
  for (const line of text.split('\n')) {
    if (line.length > 200_000) continue;
    let from = 0;
    for (const p of findPrompts(line)) {
      if (p.host) known.add(p.host);
      // a flattened paste's "=== node-1 === # ip r": the header before a prompt
      const header = trailingHeader(line.slice(Math.max(from, p.start - 400), p.start), known);
      if (header) known.add(header.host);
      from = p.end;
    }
  }
  for (const line of text.split('\n')) {
    const header = headerHost(line, known);
    if (header !== null) known.add(header);
  }
  return known;
}

const HOST_NAME = /^[A-Za-z][\w.-]{0,252}$/;
// words of a file name that say what the file holds: a capture of its directory's host
// ("flannel.log", "route-n.txt"), as are the known programs (first) and the format ids
const CAPTURE_WORDS: ReadonlySet<string> = new Set([
  'flannel', 'proxy', 'calico', 'cni', 'subnet', 'neigh', 'fdb', 'addr', 'link', 'routes', 'rules', 'nat', 'filter',
  'mangle', 'journal', 'syslog', 'messages', 'log', 'logs', 'ipvs', 'ipset', 'nftables', 'conntrack', 'interfaces',
]);
// a word of a node's name as clusters name nodes: node-a, host188, worker01, kube-cp, k8s-master,
// sh-k8s-node1, aks-nodepool1-…, gke-…-pool-…; Kubernetes' own components are no nodes
const NODE_WORD = /^(?:node|host|worker|master|minion|server|vm|k8s|kube|aks|gke|eks)\d*$/;

// directories people save pastes and captures in, named for what they hold or where they are,
// never for a node: tmp/route-n.txt and tmp/ip-route.txt are no host "tmp"'s
const GENERIC_DIRECTORIES: ReadonlySet<string> = new Set([
  'tmp', 'temp', 'downloads', 'desktop', 'documents', 'home', 'root', 'users', 'var', 'opt', 'srv', 'mnt', 'media',
  'data', 'work', 'workspace', 'projects', 'src', 'files', 'paste', 'pastes', 'log', 'logs', 'capture', 'captures',
  'output', 'outputs', 'dump', 'dumps', 'debug', 'incident', 'incidents', 'issue', 'issues', 'ticket', 'tickets',
  'case', 'cases', 'evidence', 'notes', 'test', 'tests', 'examples', 'example', 'shared', 'seed', 'corpus',
  'fixtures', 'sos', 'reports', 'bundle', 'bundles', 'cluster', 'network', 'netsift',
]);

/** The parts of an input's name: its directory path ("" when none), the directory's own name, and its file's stem. */
function nameParts(name: string): { path: string; dir: string; stem: string } {
  const parts = String(name).split(/[\\/]/).filter(Boolean);
  const file = parts[parts.length - 1] ?? '';
  return {
    path: parts.slice(0, -1).join('/'),
    dir: parts.length >= 2 ? (parts[parts.length - 2] as string) : '',
    stem: file.replace(/\.(?:txt|log|out|text|md)$/i, ''),
  };
}

const stemWords = (stem: string): string[] => stem.toLowerCase().split(/[-_.\s]/);

/** A stem that names what a capture holds: a format id, a known program first, or a capture word anywhere. */
function readsAsCapture(stem: string): boolean {
  if (FORMAT_IDS.includes(stem as FormatId)) return true;
  // "ip-10-99-0-21" is a node named after its address, not `ip …`
  if (ADDRESS_NAME.test(stem)) return false;
  const words = stemWords(stem);
  // a program only as the first word: "kube-cp" is no `cp`
  return KNOWN_PROGRAMS.has(words[0] as string) || words.some((word) => CAPTURE_WORDS.has(word));
}

// the word before a number that makes it a snapshot's or a file's, not a machine's: snap1, run-2, day1
const SNAPSHOT_WORDS: ReadonlySet<string> = new Set([
  'snap', 'snapshot', 'run', 'try', 'attempt', 'take', 'part', 't', 'v', 'day', 'copy', 'test', 'round', 'pass', 'iter',
  'step', 'sample', 'capture', 'dump', 'paste', 'output', 'out', 'before', 'after', 'pre', 'post', 'old', 'new',
  'baseline', 'current', 'file', 'tmp', 'temp', 'page', 'no', 'num', 'version',
]);

/** A stem without what makes it one of several snapshots of a node: "node-a.1", "node-a-2026-11-25" are node-a's. */
function nodeStem(stem: string): string {
  if (ADDRESS_NAME.test(stem)) return stem;
  return stem.replace(/[-_.](?:\d{4}-?\d{2}-?\d{2}(?:[-_T]\d{2}(?::?\d{2}){0,2})?|\d{1,3})$/, (suffix, at: number) =>
    // "worker-1" and "edge-2" are machines: only a dot or a date marks a snapshot
    suffix.startsWith('.') || suffix.length > 4 || at === 0 ? '' : suffix);
}

/**
 * A stem that reads as a node's name: named after its address, a word of its first label a node's
 * (node-a, host188, kube-cp, sh-k8s-node1), or ending in a number that no snapshot word leads
 * (nuc1, edge-1, pve-k1, rack1-n1; not snap1, run-2). Plain words (alpha, bravo) are nodes only
 * where another input names them.
 */
function readsAsNode(stem: string): boolean {
  if (ADDRESS_NAME.test(stem)) return true;
  if (!HOST_NAME.test(stem) || COMPONENT_POD.test(stem) || readsAsCapture(stem)) return false;
  const words = stemWords(stem.split('.')[0] as string);
  if (words.some((word) => NODE_WORD.test(word))) return true;
  if (words.some((word) => SNAPSHOT_WORDS.has(word))) return false;
  const last = /^([a-z]*)\d+$/.exec(words[words.length - 1] as string);
  if (!last) return false;
  const lead = last[1] !== '' ? (last[1] as string) : (words[words.length - 2] ?? '');
  return lead !== '' && !SNAPSHOT_WORDS.has(lead);
}

/**
 * A name that says it is a node's without another input's word for it: named after an address, or a
 * word of its first label a node's (node-a, host188, worker01, k8s-w1) — not only a number at its end,
 * which directories and files have for many other reasons (netsift-x3, tmp2, backup-2024).
 */
function namesNode(name: string): boolean {
  if (ADDRESS_NAME.test(name)) return true;
  if (!HOST_NAME.test(name) || COMPONENT_POD.test(name) || readsAsCapture(name)) return false;
  // the word alone is what a node is, not which ("node", "k8s", "worker")
  if (NODE_WORD.test(name.toLowerCase()) && !/\d$/.test(name.replace(/^k8s$/i, 'k8s-'))) return false;
  return stemWords(name.split('.')[0] as string).some((word) => NODE_WORD.test(word));
}

/** The node a file is named after, also before what it holds ("node-a-ip-route" is node-a's ip route); null for none. */
function nodePrefix(stem: string): string | null {
  for (let at = stem.search(/[-_.]/); at > 0; at = nextSeparator(stem, at + 1)) {
    const head = stem.slice(0, at);
    if (namesNode(head) && readsAsCapture(stem.slice(at + 1))) return head;
  }
  return namesNode(stem) ? stem : null;
}

function nextSeparator(text: string, from: number): number {
  const at = text.slice(from).search(/[-_.]/);
  return at === -1 ? -1 : from + at;
}

/**
 * The host each input's name gives what it holds, for the inputs whose text names none (null for
 * the others, and where the name says nothing). A file named after a host another input names
 * ("host188.txt" beside a transcript with [root@host188 ~]#) holds that host's output; so do
 * per-host pastes: files of one directory, two or more named after distinct nodes, in a directory
 * that is no node's ("pastes/node-a.txt", "pastes/node-b.txt"; "pastes/node-a-flannel.log" is
 * node-a's, a "cluster.txt" beside them names no host). Otherwise a directory that reads as a node
 * names the host ("host188/route-n.txt", "host188/flannel.log": a host's capture files;
 * "node-a/before.txt" and "node-a/after.txt": two snapshots of one), then a file that does
 * ("Downloads/node-a.txt"), then a directory of two files or more that is no common directory's
 * name ("alpha/route-n.txt" and "alpha/ip-route.txt"; not "tmp/", "Downloads/", "incident/").
 */
function hostsOfNames(inputs: readonly TranscriptInput[], named: readonly Set<string>[], known: ReadonlySet<string>): (string | null)[] {
  const parts = inputs.map((input) => nameParts(input.name));
  // the node names of each directory's files, whatever their texts name (a file of node-a's with
  // node-a's prompts is one of the directory's per-host pastes too)
  const nodes = new Map<string, Set<string>>();
  for (const part of parts) {
    const { path } = part;
    const stem = nodeStem(part.stem);
    if (!readsAsNode(stem)) continue;
    const set = nodes.get(path);
    if (set) set.add(stem);
    else nodes.set(path, new Set([stem]));
  }
  /** The node a stem of per-host pastes names: the node whose name it extends ("node-a-flannel"), or itself; null for none. */
  const nodeOf = (path: string, stem: string): string | null => {
    const set = nodes.get(path);
    if (!set) return null;
    let best: string | null = set.has(stem) ? stem : null;
    for (const other of set) {
      if (other.length < (best ?? stem).length && stem.startsWith(other) && /[-_.]/.test(stem[other.length] as string)) best = other;
    }
    return best;
  };
  const perHost = new Set<string>();
  for (const [path, set] of nodes) {
    const dir = path.split('/').pop() ?? '';
    // two nodes or more, once each is folded into the one it extends; in no node's directory
    const distinct = new Set([...set].map((stem) => nodeOf(path, stem)));
    if (distinct.size >= 2 && !readsAsNode(dir) && !known.has(dir)) perHost.add(path);
  }
  const filesIn = new Map<string, number>();
  for (const { path } of parts) filesIn.set(path, (filesIn.get(path) ?? 0) + 1);
  return parts.map(({ path, dir, stem: fileStem }, index) => {
    if ((named[index]?.size ?? 0) > 0) return null;
    const stem = nodeStem(fileStem);
    if (known.has(stem) && !readsAsCapture(stem) && !known.has(dir)) return stem;
    if (perHost.has(path)) return nodeOf(path, stem);
    if (known.has(dir) || namesNode(dir)) return dir;
    // one node's paste saved anywhere (~/Downloads/node-a.txt, node-a-ip-route.txt)
    const node = nodePrefix(stem);
    if (node !== null) return node;
    // a host's files in a directory of its name (alpha/route-n.txt, alpha/flannel.log): two at
    // least, so that the directory a lone paste was saved in (/home/bob/paste.txt) names no host
    return HOST_NAME.test(dir) && !GENERIC_DIRECTORIES.has(dir.toLowerCase()) && (filesIn.get(path) ?? 0) >= 2 ? dir : null;
  });
}

/** Reads transcripts into a Bundle. Never throws: a failure becomes an `internal` diagnostic. */
export function ingestTranscripts(inputs: readonly TranscriptInput[]): Bundle {
  const drafts: Draft[] = [];
  const notes: Note[] = [];
  const diagnostics: Diagnostic[] = [];
  const known = new Set<string>();
  const named = inputs.map((input) => knownHosts(input.text));
  for (const hosts of named) for (const host of hosts) known.add(host);
  const noteOrder = new Map<Note, number>();
  const nameHosts = hostsOfNames(inputs, named, known);
  inputs.forEach((input, inputIndex) => {
    try {
      const directoryHost = nameHosts[inputIndex] ?? null;
      const reader = new TranscriptReader(input, known, directoryHost);
      reader.read();
      const order = (note: Note): void => {
        noteOrder.set(note, inputIndex * 2 ** 32 + note.span.offset);
      };
      reader.notes.forEach(order);
      for (const draft of reader.drafts) draft.notes.forEach(order);
      append(drafts, reader.drafts);
      append(notes, reader.notes);
    } catch (error) {
      diagnostics.push({
        code: 'internal', severity: 'error',
        message: `Ingest failed on "${input.name}" (${error instanceof Error ? error.message : String(error)}); this is a netsift bug.`,
        span: { line: 1, column: 1, offset: 0, length: 0, text: '' },
      });
    }
  });
  return assemble(drafts, notes, diagnostics, noteOrder);
}

/**
 * The node of each pod section (kubectl logs / exec): kubectl reads a pod through the API server from any
 * machine, so the prompt that ran it does not tell. In order: the node the pod's output names (flannel's
 * "Subnet Manager - host188"), carried to every section of the pod; the NODE column of a `kubectl get pods
 * -o wide` in the input; the host whose prompt ran kubectl, only when the log agrees: the address flannel
 * says it uses ("Using interface with name eth0 and address 10.0.0.11") is one that host's own ip addr or
 * ifconfig shows. Otherwise the section is unattributed, with the reason.
 */
function attributePods(drafts: Draft[]): void {
  const podHosts = new Map<string, string>();
  for (const draft of drafts) {
    if (draft.scope !== 'pod') continue;
    const node = nodeNamedByOutput(draft.section.text);
    if (node && draft.pod && !podHosts.has(draft.pod)) podHosts.set(draft.pod, node);
  }
  const listed = podNodesListed(drafts);
  const hosts = new Set(drafts.flatMap((d) => (d.scope === 'host' && d.host ? [d.host] : [])));
  for (const draft of drafts) {
    if (draft.scope !== 'pod') continue;
    const pod = draft.pod ?? '(unnamed)';
    const named = (draft.pod ? podHosts.get(draft.pod) ?? listed.get(draft.pod) : undefined)
      ?? nodeNamedByOutput(draft.section.text) ?? agreeingHost(draft, drafts);
    const node = named === null || named === undefined ? null : sameHost(named, hosts);
    draft.host = node ?? null;
    const ranOn = draft.ranOn ? `; it ran at ${draft.ranOn}'s prompt, but kubectl reads any node's pods and the log names no address of ${draft.ranOn}` : '';
    draft.reason = node ? null
      : `${draft.section.command ?? 'the command'}: the output of pod ${pod} does not name its node, and no other output (kubectl get pods -o wide) does${ranOn}`;
  }
}

/**
 * The host `ssh ADDRESS CMD` or `ssh FQDN CMD` ran on, as the other sections name it: the host whose
 * own ip addr or ifconfig shows the address, or whose name the FQDN's first label is (when exactly one
 * does); else the name as typed.
 */
function attributeNamedHosts(drafts: Draft[]): void {
  const isAddress = (host: string): boolean => parseIPv4(host) !== null;
  // hosts by name: prompts', headers', and ssh's where it named one
  const named = (d: Draft): boolean => d.scope === 'host' && d.host !== null && !isAddress(d.host);
  const hosts = new Set(drafts.filter(named).map((d) => d.host as string));
  // the listings that may show an address, picked once
  const addressListings = drafts.filter((d) => named(d) && (d.section.format === 'ip-addr' || d.section.format === 'ifconfig'));
  for (const draft of drafts) {
    if (!draft.named || !draft.host) continue;
    if (isAddress(draft.host)) {
      const address = draft.host;
      const owners = new Set(addressListings.filter((d) => containsAddress(d.section.text, address)).map((d) => d.host as string));
      if (owners.size === 1) draft.host = [...owners][0] as string;
    } else if (draft.host.includes('.')) {
      const own = draft.host;
      draft.host = sameHost(own, new Set([...hosts].filter((host) => host !== own)));
    }
  }
}

/**
 * A node as the hosts of the input name it: Kubernetes names a node by its FQDN where the prompt shows
 * the short host name (AWS: ip-10-0-1-23.ec2.internal at the prompt [root@ip-10-0-1-23 ~]#), and the
 * other way round. The same first label is the same machine when exactly one host has it.
 */
function sameHost(node: string, hosts: ReadonlySet<string>): string {
  if (hosts.has(node)) return node;
  const label = node.split('.')[0] as string;
  const matches = [...hosts].filter((host) => host.split('.')[0] === label);
  return matches.length === 1 ? (matches[0] as string) : node;
}

/** Pod name → node, from the NODE column of the kubectl get pods -o wide tables in the input. */
function podNodesListed(drafts: Draft[]): Map<string, string> {
  const nodes = new Map<string, string>();
  for (const draft of drafts) {
    if (draft.section.format !== 'kubectl-get') continue;
    for (const record of parse('kubectl-get', draft.section.text, draft.section.options).records as { kind?: string; name?: string; node?: string | null }[]) {
      if (record.kind === 'pod' && record.name && record.node && !nodes.has(record.name)) nodes.set(record.name, record.node);
    }
  }
  return nodes;
}

/** The host that ran kubectl logs, when the flannel log's own address is one of that host's addresses. */
function agreeingHost(draft: Draft, drafts: Draft[]): string | null {
  const host = draft.ranOn;
  if (!host || draft.section.format !== 'flannel-log') return null;
  const addresses = new Set<string>();
  for (const event of parse('flannel-log', draft.section.text).records as { event?: string; address?: string }[]) {
    if ((event.event === 'interface' || event.event === 'external-address') && event.address) addresses.add(event.address);
  }
  if (addresses.size === 0) return null;
  const own = drafts.filter((d) => d.scope === 'host' && d.host === host && (d.section.format === 'ip-addr' || d.section.format === 'ifconfig'));
  return own.some((d) => [...addresses].some((a) => containsAddress(d.section.text, a))) ? host : null;
}

/** Does the text hold this IPv4 address as a whole word ("inet 10.0.0.11/24", "inet 10.0.0.11  netmask")? */
function containsAddress(text: string, address: string): boolean {
  let at = text.indexOf(address);
  while (at !== -1) {
    const before = text[at - 1] ?? ' ';
    const after = text[at + address.length] ?? ' ';
    if (!/[\d.]/.test(before) && !/\d/.test(after) && !(after === '.' && /\d/.test(text[at + address.length + 1] ?? ''))) return true;
    at = text.indexOf(address, at + 1);
  }
  return false;
}

function assemble(drafts: Draft[], looseNotes: Note[], diagnostics: Diagnostic[], noteOrder: Map<Note, number>): Bundle {
  // An empty output followed by the same command: the author announced it ("# ifconfig -a ###…如下").
  drafts.forEach((draft, index) => {
    const next = drafts[index + 1];
    if (draft.section.text === '' && !draft.section.failure && next && next.commandKey === draft.commandKey && draft.section.origin.kind === next.section.origin.kind) {
      draft.dropped = true;
    }
  });
  attributePods(drafts);
  attributeNamedHosts(drafts);
  const hosts = new Map<string, HostSections>();
  const cluster: Section[] = [];
  const unattributed: Unattributed[] = [];
  const counts = new Map<string, number>();
  const notes: Note[] = [];
  const snapshot = (key: string): number => {
    const count = (counts.get(key) ?? 0) + 1;
    counts.set(key, count);
    return count;
  };
  for (const draft of drafts) {
    for (const note of draft.notes) {
      const placed = { ...note, host: note.host ?? (draft.scope === 'cluster' ? null : draft.host) };
      noteOrder.set(placed, noteOrder.get(note) ?? 0);
      notes.push(placed);
    }
    if (draft.dropped) continue;
    if (draft.scope === 'cluster') {
      cluster.push({ ...draft.section, snapshot: snapshot(`cluster\u0000${draft.commandKey}`) });
    } else if (draft.host !== null) {
      const section: Section = { ...draft.section, snapshot: snapshot(`host\u0000${draft.host}\u0000${draft.commandKey}`) };
      // a name from a header, a file or a paste may hold anything: what no host name holds is replaced
      const name = safeHostName(draft.host);
      let entry = hosts.get(name);
      if (!entry) {
        entry = { name, sections: [] };
        hosts.set(name, entry);
      }
      entry.sections.push(section);
    } else {
      unattributed.push({
        section: { ...draft.section, snapshot: snapshot(`none\u0000${draft.commandKey}`) },
        reason: draft.reason ?? NO_HOST,
      });
    }
  }
  append(notes, looseNotes);
  notes.sort((a, b) => (noteOrder.get(a) ?? 0) - (noteOrder.get(b) ?? 0));
  return { hosts: [...hosts.values()], cluster, unattributed, notes, diagnostics };
}
