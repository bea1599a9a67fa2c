// Fix commands are written by rules with names taken from the input (hosts, interfaces, Kubernetes
// objects, etcd keys), and users paste them into a shell. A hostile or odd paste can carry a name
// such as `eth0;reboot` or `$(curl …)` (Linux allows any byte but '/' and blanks in an interface
// name, and a newline ends a comment), so a rule writes each command with `sh`, which shell-quotes
// every value it is given where it stands: no value reaches a command unquoted, whatever it is.
import type { Model, NodeSnapshot } from '../model';
import { FORMAT, hasUnprintable } from '../core/printable';

/** Characters a value may hold and stay one plain shell word. */
const PLAIN = /^[\w.,:/@%+=-]+$/;


/** A POSIX shell single-quoted word: 'it'\''s'. */
export function shellQuote(value: string): string {
  return `'${value.replaceAll("'", "'\\''")}'`;
}

const UTF8 = new TextEncoder();

/** A bash ANSI-C quoted word: $'a\nb' (dash reads it as "$" and a quoted word: no newline either way). */
export function ansiQuote(value: string): string {
  let out = "$'";
  for (const c of value) {
    const code = c.codePointAt(0) as number;
    if (c === '\\' || c === "'") out += `\\${c}`;
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    // C1 as its UTF-8 bytes: bash reads \u only in a UTF-8 locale (not under LC_ALL=C, as root often is)
    else if (code >= 0x80 && code <= 0x9f) out += `\\xc2\\x${code.toString(16)}`;
    // so are format characters (a U+202E would show the command reversed): \xe2\x80\xae
    else if (c.search(FORMAT) !== -1) for (const byte of UTF8.encode(c)) out += `\\x${byte.toString(16)}`;
    else out += c;
  }
  return `${out}'`;
}

/**
 * A command, or a part of one, written by `sh`: its values are quoted already. `refused` says why
 * it must not run as it stands: a value that starts with "-" is read as an option however it is
 * quoted (`kubectl delete node --all`), so the command is given commented out, with the reason.
 */
export class ShellCommand {
  constructor(readonly text: string, readonly refused: string | null = null) {}

  /** The command as a line of a fix: commented out when refused. */
  get line(): string {
    return this.refused === null ? this.text : `# not run, ${this.refused}: ${this.text}`;
  }

  toString(): string {
    return this.line;
  }
}

/** What `sh` takes between its literal parts: a value (quoted unless plain) or a part `sh` wrote (as it is). */
export type ShellValue = string | number | ShellCommand;

/**
 * A fix command from a template: the template's own text as written, each value a plain word as
 * it is, anything else single-quoted (one word, whatever it holds). Parts written by `sh`
 * (`sh` + "` via ${gateway}`") go in as they are.
 */
export function sh(literals: TemplateStringsArray, ...values: readonly ShellValue[]): ShellCommand {
  let text = literals[0] as string;
  for (let i = 0; i < values.length; i++) text += word(values[i] as ShellValue) + (literals[i + 1] as string);
  return new ShellCommand(text, refusal(values));
}

/** Values one after another, each quoted as `sh` would, `separator` between them (as written). */
export function shList(values: readonly ShellValue[], separator = ' '): ShellCommand {
  return new ShellCommand(values.map(word).join(separator), refusal(values));
}

function word(value: ShellValue): string {
  if (value instanceof ShellCommand) return value.text;
  const text = typeof value === 'number' ? String(value) : value;
  if (PLAIN.test(text) && !text.startsWith('-')) return text;
  // a control or format character is written with its escapes ($'…'): no newline ends a comment or
  // the command, no escape reaches a terminal, and no bidi override shows the command as another
  return hasUnprintable(text) ? ansiQuote(text) : shellQuote(text);
}

/** Why a command of these values must not run: a value from the input that starts with "-", or a part refused already. */
function refusal(values: readonly ShellValue[]): string | null {
  for (const value of values) {
    if (value instanceof ShellCommand) {
      if (value.refused !== null) return value.refused;
    } else if (typeof value === 'string' && value.startsWith('-')) {
      return `the value ${word(value)} would be read as an option`;
    }
  }
  return null;
}

/** Restarts flannel on a node: its pod when a listing names it, else by node name and label. */
export function flannelRestart(node: NodeSnapshot): ShellCommand {
  const pod = node.flannel.pod;
  if (pod) return sh`kubectl -n ${pod.namespace ?? 'kube-flannel'} delete pod ${pod.name}`;
  return sh`kubectl -n kube-flannel delete pod -l app=flannel --field-selector spec.nodeName=${node.kubernetesName ?? node.name}`;
}

/** The name kubectl knows a host by: the node name the cluster's outputs give it, else the host's own. */
export function kubernetesName(model: Model, host: string): string {
  return model.nodes.get(host)?.kubernetesName ?? host;
}
