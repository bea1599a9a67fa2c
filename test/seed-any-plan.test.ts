// The seed incident on any IP plan: the same paste with its pod network (10.244.0.0/16) and its
// underlay (192.168.86.0/24) moved elsewhere must be diagnosed exactly as the original, renumbered
// the same way: every finding, message, evidence line, fix command and trace. Nothing in netsift
// may know flannel's default network or the seed's addresses. Replacements keep each prefix's
// length in characters, so spans (offsets, columns) stay comparable byte for byte.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ingest } from '../src/ingest';
import { diagnose } from '../src/report';

const SEED = readFileSync(join(__dirname, '../corpus/incidents/seed/000_8ab8108d44c964dc.txt'), 'utf8');
const POD = '10.244.';
const UNDERLAY = '192.168.86.';

/** Every dotted quad of `text` in the pod network or the underlay, moved to `pod` / `underlay`. */
function renumber(text: string, pod: string, underlay: string): string {
  // whole addresses only: a digit (or a digit and a dot) before the match would make it part of
  // another number; the seed writes "..10.244.2.0" where rows were left out
  return text.replace(/(?<!\d\.?)(?:10\.244\.|192\.168\.86\.)(?=\d)/g, (prefix) => (prefix === POD ? pod : prefix === UNDERLAY ? underlay : prefix));
}

// a /16 for pods written in six characters ("10.244"), a /24 for nodes in ten ("192.168.86"); away
// from what the seed shows besides them (services 10.96/16, 10.109.216.20, docker0 172.17/16,
// link-local 169.254/16), and from each other
const podPrefix = fc.oneof(
  fc.integer({ min: 100, max: 254 }).filter((b) => b !== 109).map((b) => `10.${b}.`),
  fc.integer({ min: 16, max: 31 }).filter((b) => b !== 17).map((b) => `172.${b}.`),
  fc.integer({ min: 64, max: 99 }).map((b) => `100.${b}.`),
);
const underlayPrefix = fc.oneof(
  fc.tuple(fc.integer({ min: 100, max: 254 }), fc.integer({ min: 100, max: 254 })).filter(([b]) => b !== 109).map(([b, c]) => `10.${b}.${c}.`),
  fc.tuple(fc.integer({ min: 16, max: 31 }), fc.integer({ min: 100, max: 254 })).filter(([b]) => b !== 17).map(([b, c]) => `172.${b}.${c}.`),
  fc.integer({ min: 10, max: 99 }).map((c) => `192.168.${c}.`),
);
const plan = fc.tuple(podPrefix, underlayPrefix).filter(([pod, underlay]) => !underlay.startsWith(pod));

const reportOf = (text: string) => diagnose(ingest({ name: 'seed', text }), { traceCurls: true }).report;

describe('the seed incident on any IP plan', () => {
  const original = reportOf(SEED);

  it('renumbers what it should: every pod and underlay address, nothing else', () => {
    const moved = renumber(SEED, '172.30.', '10.200.100.');
    expect(moved.length).toBe(SEED.length);
    expect(moved).not.toMatch(/(?<!\d\.?)(?:10\.244|192\.168\.86)\./);
    expect(moved).toContain('10.96.167.153');
    expect(moved).toContain('inet 172.30.2.0 netmask 255.255.255.255');
    expect(moved).toContain('10.200.100.188:30038');
  });

  it('gives the same diagnosis, renumbered, whatever the plan', () => {
    // the original holds the seed's own plan: the comparison means something only if it found the cause
    expect(original.findings[0]).toMatchObject({ rule: 'overlay/address-conflict', objects: { addresses: ['10.244.2.0'] } });
    const expected = JSON.stringify(original);
    fc.assert(fc.property(plan, ([pod, underlay]) => {
      const report = reportOf(renumber(SEED, pod, underlay));
      // ids hash what a finding is about: they move with the addresses, so they are compared apart
      const ids = (json: string) => json.replace(/"(id|causes)":("[^"]*"|\[[^\]]*\])/g, '"$1":…');
      expect(ids(JSON.stringify(report))).toBe(ids(renumber(expected, pod, underlay)));
      expect(report.findings.map((f) => f.causes.length)).toEqual(original.findings.map((f) => f.causes.length));
    }), { numRuns: 25 });
  });
});
