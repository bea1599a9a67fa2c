// The ranking: joins causes to symptoms by the effects rules name (a finding that explains an
// effect is a cause of every finding that is an instance of it), gives each finding its role, and
// orders the report: root causes first, by how much they explain, then symptoms, residue, observations.
import { compareNatural } from '../core';
import type { Finding, FindingRole } from './finding';

export interface RankInput {
  finding: Omit<Finding, 'role' | 'causes' | 'explains'>;
  harmless: boolean;
  observation: boolean;
  explains: readonly string[];
  effectOf: readonly string[];
  order: number;
}

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const;
const ROLE_ORDER: Record<FindingRole, number> = { 'root-cause': 0, symptom: 1, residue: 2, observation: 3 };

/** Cause ids a finding lists, at most (`explains` and roles count every cause). */
export const MAX_CAUSES = 20;

export function rankFindings(inputs: readonly RankInput[]): Finding[] {
  const byEffect = new Map<string, RankInput[]>();
  for (const input of inputs) {
    for (const effect of input.explains) {
      const list = byEffect.get(effect) ?? [];
      list.push(input);
      byEffect.set(effect, list);
    }
  }
  const causesOf = new Map<RankInput, RankInput[]>();
  for (const input of inputs) {
    const causes = new Set<RankInput>();
    for (const effect of input.effectOf) for (const cause of byEffect.get(effect) ?? []) if (cause !== input) causes.add(cause);
    // a cause that is itself explained by another cause of this finding stays listed: the chain is evidence
    causesOf.set(input, [...causes]);
  }
  // how many findings each one explains, directly or through others: a walk from each finding up
  // through the effects it is an instance of, each effect expanded once per walk (many findings
  // explaining one effect cost their number, not its square)
  const dependents = new Map<RankInput, number>();
  for (const input of inputs) {
    const effects = new Set<string>(input.effectOf);
    const stack = [...input.effectOf];
    const seen = new Set<RankInput>();
    while (stack.length > 0) {
      for (const cause of byEffect.get(stack.pop() as string) ?? []) {
        if (seen.has(cause) || cause === input) continue;
        seen.add(cause);
        dependents.set(cause, (dependents.get(cause) ?? 0) + 1);
        for (const effect of cause.effectOf) {
          if (effects.has(effect)) continue;
          effects.add(effect);
          stack.push(effect);
        }
      }
    }
  }
  const causeSets = new Map<RankInput, Set<RankInput>>();
  for (const [input, causes] of causesOf) causeSets.set(input, new Set(causes));
  const ranked = inputs.map((input): Finding => {
    const causes = causesOf.get(input) ?? [];
    // a finding whose only causes are also explained by it (a cycle) is a root cause
    const role: FindingRole = input.observation ? 'observation'
      : input.harmless ? 'residue'
        : causes.some((cause) => !causeSets.get(cause)?.has(input)) ? 'symptom' : 'root-cause';
    const severity = role === 'residue' && input.finding.severity === 'error' ? 'warning' : input.finding.severity;
    // the first MAX_CAUSES ids, by the effects it names, then input order (the role and the counts are from all of them): a node's
    // log of thousands of route and ARP failures would list their square
    return { ...input.finding, severity, role, causes: causes.slice(0, MAX_CAUSES).map((cause) => cause.finding.id), explains: dependents.get(input) ?? 0 };
  });
  // ties: the rule's place, then the host (whatever the order of the inputs), then the order the rule gave them
  const place = new Map(inputs.map((input, index) => [input.finding.id, { rule: input.order, index }]));
  const placeOf = (finding: Finding) => place.get(finding.id) ?? { rule: 0, index: 0 };
  return ranked.sort((a, b) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role]
    || b.explains - a.explains
    || SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]
    || placeOf(a).rule - placeOf(b).rule
    || compareNatural(a.host ?? '', b.host ?? '')
    || placeOf(a).index - placeOf(b).index);
}
