// What a rule is: metadata (id, title, default severity, docs page, its messages) and a pure check
// over the model that yields findings. Roles are given per finding by the ranking, not per rule.
import type { Evidence, Model } from '../../model';
import type { FindingObjects } from '../finding';
import type { ShellCommand } from '../fix-commands';

export type Severity = 'error' | 'warning' | 'info';

export interface RuleMeta<M extends string> {
  /** `<area>/<what-is-wrong>`, the rule's path under src/analyze/rules/. */
  id: string;
  title: string;
  /** The default; a finding may say otherwise (residue is never an error). */
  severity: Severity;
  /** Message templates; `{name}` is replaced by the finding's data. */
  messages: Record<M, string>;
}

/** What a check yields. `explains` / `effectOf` are effect keys: the ranking joins causes to symptoms by them. */
export interface RuleFinding<M extends string> {
  messageId: M;
  host: string | null;
  data: Record<string, string | number | undefined>;
  evidence: Evidence[];
  /** Shell commands, written with `sh` (fix-commands.ts) so that no value from the input stands unquoted. */
  fix?: ShellCommand[];
  severity?: Severity;
  objects?: Partial<FindingObjects>;
  /** Harmless now: the ranking makes it residue, and never an error. */
  harmless?: boolean;
  /** A change seen over time rather than a problem. */
  observation?: boolean;
  /** Effects this finding causes ("overlay-path:host188:10.244.2.0/24"). */
  explains?: string[];
  /** Effects this finding is an instance of: any finding that explains one is among its causes. */
  effectOf?: string[];
  /** What makes the finding unique among the rule's findings on its host; the data values by default. */
  key?: string;
}

export interface Rule<M extends string = string> {
  meta: RuleMeta<M>;
  check(model: Model): Iterable<RuleFinding<M>>;
}

/** Types a rule: message ids are inferred from `messages`, so a misspelt one does not compile. */
export function defineRule<M extends string>(rule: Rule<M>): Rule<M> {
  return rule;
}

/** The message of a finding, its `{name}` placeholders filled from its data. */
export function formatMessage(template: string, data: Record<string, string | number | undefined>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (Object.hasOwn(data, name) && data[name] !== undefined ? String(data[name]) : whole));
}
