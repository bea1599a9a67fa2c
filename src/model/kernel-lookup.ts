// The kernel's own lookup (ip route get) against netsift's on the tables shown: the same few words
// for both, and whether they agree. A blackhole answers "Invalid argument", an unreachable route or
// none "Network is unreachable", a prohibit route "Permission denied" (net/ipv4/route.c, fib_props).
import type { RouteLookup } from './find-route';
import type { KernelLookup } from './node/facts';

const ERRORS: Record<string, string> = {
  blackhole: 'Invalid argument',
  unreachable: 'Network is unreachable',
  prohibit: 'Permission denied',
  none: 'Network is unreachable',
};

/** The kernel's answer in a few words: "via 10.10.0.1 dev eth0", "local delivery (dev lo)", the error it printed. */
export function kernelAnswer(lookup: KernelLookup): string {
  if (!lookup.route) return `"${lookup.error ?? 'an error'}"`;
  const route = lookup.route;
  if (route.type === 'local') return `local delivery (dev ${route.dev ?? 'lo'})`;
  return `${route.type === 'unicast' ? '' : `${route.type} `}${route.gateway ? `via ${route.gateway} ` : ''}dev ${route.dev ?? '?'}`.trim();
}

/** netsift's lookup on the tables shown, in the same few words, and whether it agrees with the kernel's. */
export function compareKernelLookup(lookup: KernelLookup, found: RouteLookup): { shown: string; agrees: boolean } {
  if (found.kind === 'local') return { shown: 'local delivery', agrees: lookup.route?.type === 'local' };
  if (found.kind === 'rule') {
    const error = ERRORS[found.rule.action] ?? null;
    return { shown: `ip rule ${found.rule.priority} (${found.rule.action})`, agrees: lookup.route === null && error !== null && (lookup.error ?? '').includes(error) };
  }
  if (found.kind === 'none') return { shown: 'no route', agrees: lookup.route === null && (lookup.error ?? '').includes(ERRORS['none'] as string) };
  const route = found.route;
  const shown = `${route.type === 'unicast' ? '' : `${route.type} `}${route.network}${route.gateway ? ` via ${route.gateway}` : ''}${route.dev ? ` dev ${route.dev}` : ''}`;
  if (route.type !== 'unicast') {
    const error = ERRORS[route.type] ?? null;
    return { shown, agrees: lookup.route === null && error !== null && (lookup.error ?? '').includes(error) };
  }
  const kernel = lookup.route;
  return { shown, agrees: kernel !== null && kernel.type === 'unicast' && kernel.dev === route.dev && (kernel.gateway ?? null) === (route.gateway ?? null) };
}
