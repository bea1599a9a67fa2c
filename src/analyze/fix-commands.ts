// Fix commands are written by rules with names taken from the input (hosts, interfaces, Kubernetes
// objects, etcd keys), and users paste them into a shell. A hostile or odd paste can carry a name
// such as `eth0;reboot` or `$(curl …)` (Linux allows any byte but '/' and blanks in an interface
// name, and a newline ends a comment), so a rule writes each command with `sh`, which shell-quotes
// every value it is given where it stands: no value reaches a command unquoted, whatever it is.
import type { NodeSnapshot } from '../model';

/** Characters a value may hold and stay one plain shell word. */
const PLAIN = /^[\w.,:/@%+=-]+$/;

/** A POSIX shell single-quoted word: 'it'\''s'. */
export function shellQuote(value: string): string {
  return `'${value.replaceAll("'", "'\\''")}'`;
}

/** A command, or a part of one, written by `sh`: its values are quoted already. */
export class ShellCommand {
  constructor(readonly text: string) {}

  toString(): string {
    return this.text;
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
  return new ShellCommand(text);
}

/** Values one after another, each quoted as `sh` would, `separator` between them (as written). */
export function shList(values: readonly ShellValue[], separator = ' '): ShellCommand {
  return new ShellCommand(values.map(word).join(separator));
}

function word(value: ShellValue): string {
  if (value instanceof ShellCommand) return value.text;
  const text = typeof value === 'number' ? String(value) : value;
  return PLAIN.test(text) ? text : shellQuote(text);
}

/** Restarts flannel on a node: its pod when a listing names it, else by node name and label. */
export function flannelRestart(node: NodeSnapshot): ShellCommand {
  const pod = node.flannel.pod;
  if (pod) return sh`kubectl -n ${pod.namespace ?? 'kube-flannel'} delete pod ${pod.name}`;
  return sh`kubectl -n kube-flannel delete pod -l app=flannel --field-selector spec.nodeName=${node.name}`;
}
