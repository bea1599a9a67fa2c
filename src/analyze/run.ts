// Runs the rules over a model. A rule that throws becomes an `internal` diagnostic naming it, and
// the other rules still run. Finding ids are `rule@host/key`: stable for the same input.
import type { Diagnostic } from '../core';
import type { Evidence, Model } from '../model';
import type { Finding, FindingObjects } from './finding';
import { rankFindings, type RankInput } from './rank';
import { rules as allRules } from './rules';
import { formatMessage, type Rule } from './rules/rule';

export interface Analysis {
  findings: Finding[];
  diagnostics: Diagnostic[];
}

const EMPTY_SPAN = { line: 1, column: 1, offset: 0, length: 0, text: '' };

export function runRules(model: Model, rules: readonly Rule[] = allRules): Analysis {
  const inputs: RankInput[] = [];
  const diagnostics: Diagnostic[] = [];
  const ids = new Set<string>();
  const nextSuffix = new Map<string, number>();
  rules.forEach((rule, order) => {
    try {
      for (const raw of rule.check(model)) {
        const template = rule.meta.messages[raw.messageId] ?? raw.messageId;
        const key = raw.key ?? Object.values(raw.data).filter((v) => v !== undefined).join(',');
        const base = `${rule.meta.id}@${raw.host ?? 'cluster'}/${key}`;
        let id = base;
        if (ids.has(id)) {
          // the next free "#n" of this base, remembered: many findings of one key cost one try each, not n
          let n = nextSuffix.get(base) ?? 2;
          while (ids.has(`${base}#${n}`)) n++;
          id = `${base}#${n}`;
          nextSuffix.set(base, n + 1);
        }
        ids.add(id);
        const objects: FindingObjects = {
          addresses: unique(raw.objects?.addresses), subnets: unique(raw.objects?.subnets), interfaces: unique(raw.objects?.interfaces),
          macs: unique(raw.objects?.macs), hosts: unique(raw.objects?.hosts), services: unique(raw.objects?.services),
        };
        inputs.push({
          finding: {
            id, rule: rule.meta.id, messageId: raw.messageId, severity: raw.severity ?? rule.meta.severity, host: raw.host, title: rule.meta.title,
            message: formatMessage(template, raw.data), objects, evidence: uniqueEvidence(raw.evidence),
            fix: (raw.fix ?? []).map((command) => command.line),
          },
          harmless: raw.harmless ?? false, observation: raw.observation ?? false,
          explains: raw.explains ?? [], effectOf: raw.effectOf ?? [], order,
        });
      }
    } catch (error) {
      diagnostics.push({
        code: 'internal', severity: 'error', span: EMPTY_SPAN,
        message: `rule ${rule.meta.id} failed: ${error instanceof Error ? error.message : String(error)}`,
      });
    }
  });
  return { findings: rankFindings(inputs), diagnostics };
}

/** The same line cited twice (by two routes to one fact) is cited once. */
function uniqueEvidence(evidence: readonly Evidence[]): Evidence[] {
  const seen = new Set<string>();
  return evidence.filter((item) => {
    const key = `${item.host ?? ''}|${JSON.stringify(item.origin)}|${item.span.offset}|${item.span.length}|${item.absent ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function unique(values: readonly string[] | undefined): string[] {
  return [...new Set(values ?? [])];
}
