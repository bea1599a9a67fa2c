// A finding as reports print it: which rule, how bad, what role the ranking gave it, the objects it
// names, every line of evidence, what explains it (causes) and the commands of the fix.
import { z } from 'zod';
import { Evidence } from '../model';

export const FindingRole = z
  .enum(['root-cause', 'symptom', 'residue', 'observation'])
  .meta({ id: 'finding/role', title: 'What a finding is to the incident: a cause, its consequence, harmless leftovers, or a change seen over time' });
export type FindingRole = z.infer<typeof FindingRole>;

export const FindingObjects = z
  .object({
    addresses: z.array(z.string()),
    subnets: z.array(z.string()),
    interfaces: z.array(z.string()),
    macs: z.array(z.string()),
    hosts: z.array(z.string()),
    services: z.array(z.string()).meta({ description: 'Kubernetes services as "namespace/name:port"' }),
  })
  .meta({ id: 'finding/objects', title: 'The addresses, subnets, interfaces, MACs, hosts and services a finding is about' });
export type FindingObjects = z.infer<typeof FindingObjects>;

export const Finding = z
  .object({
    id: z.string().meta({ description: 'unique in the report, stable for the same input: rule, host and key' }),
    rule: z.string(),
    messageId: z.string().meta({ description: "the id of the rule's message the finding uses (its key in the rule's messages)" }),
    severity: z.enum(['error', 'warning', 'info']),
    role: FindingRole,
    host: z.string().nullable(),
    title: z.string(),
    message: z.string(),
    causes: z.array(z.string()).meta({ description: 'ids of the findings that explain this one (a symptom names its root cause), the first 20' }),
    objects: FindingObjects,
    evidence: z.array(Evidence),
    fix: z.array(z.string()).meta({ description: 'shell commands, in order' }),
    explains: z.int().nonnegative().meta({ description: 'how many findings this one explains, directly or through others' }),
  })
  .meta({ id: 'finding', title: 'One thing a rule found' });
export type Finding = z.infer<typeof Finding>;
