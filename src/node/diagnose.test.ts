// diagnosePaths: the parses that cross from the worker threads (JSON without span texts, the texts
// sliced again from the section) equal the parser's own, and the diagnosis is the one diagnose()
// gives. The worker threads load JavaScript: the test bundles the library's parse with esbuild first.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from '../formats/registry';
import { buildModel } from '../model/build';
import { PackedRule } from '../formats/shared/iptables/packed';
import { diagnose } from '../report/diagnose';
import { packParsed, unpackParsed } from '../formats/transfer';
import { diagnosePaths, parseSections } from './diagnose';
import { ingestPath } from './sos';

const root = resolve(__dirname, '../..');
const sos = join(root, 'corpus/incidents/healthy/sos');
const reports = readdirSync(sos).filter((name) => !name.includes('.')).map((name) => join(sos, name));
// the module a worker imports: the core's parse, bundled from the sources as tsup would
const scratch = mkdtempSync(join(tmpdir(), 'netsift-worker-'));
const workerModule = join(scratch, 'index.mjs');
beforeAll(async () => {
  await build({ entryPoints: [join(root, 'src/index.ts')], bundle: true, format: 'esm', platform: 'neutral', mainFields: ['module', 'main'], outfile: workerModule, logLevel: 'silent' });
}, 60_000);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('the parse a worker sends back', () => {
  it('decodes to the parser result, every span text a slice of the section again', async () => {
    const bundle = await ingestPath(reports);
    const sections = bundle.hosts.flatMap((host) => host.sections).filter((section) => section.format !== null);
    expect(sections.length).toBeGreaterThan(10);
    for (const section of sections) {
      const own = parse(section.format as string, section.text, section.options);
      const packed = packParsed(parse(section.format as string, section.text, section.options), section.text);
      expect(unpackParsed(structuredClone(packed), section.text), section.command ?? '').toEqual(own);
    }
  });

  it('keeps a span text that is not the input at its offset (nothing is lost)', () => {
    const parsed = { format: 'route-n' as const, records: [{ span: { line: 1, column: 1, offset: 0, length: 3, text: 'xyz' } }], diagnostics: [] };
    const packed = packParsed(parsed, 'abc');
    expect(packed.json).toContain('"xyz"');
    expect(unpackParsed(packed, 'abc')).toEqual(parsed);
  });
});

describe('diagnosePaths', () => {
  it('gives the diagnosis of diagnose(ingestPath(paths)), parsing in this thread', async () => {
    const expected = diagnose(await ingestPath(reports)).report;
    const { report } = await diagnosePaths(reports, { workers: 0 });
    expect(report).toEqual(expected);
  });

  it('buildModel takes the sections already parsed', async () => {
    const bundle = await ingestPath(reports);
    const parsed = await parseSections(bundle, { workers: 0 });
    expect(buildModel(bundle, { parsed }).hosts).toEqual(buildModel(bundle).hosts);
  });

  it("with records 'used', leaves iptables-save to this thread, which packs its rules: the same diagnosis", async () => {
    const expected = diagnose(await ingestPath(reports, { skipRedundant: true }), { records: 'used' }).report;
    const { report, model } = await diagnosePaths(reports, { workers: 2, workerModule: pathToFileURL(workerModule), records: 'used' });
    expect(JSON.stringify(report)).toBe(JSON.stringify(expected));
    const rules = [...model.nodes.values()].flatMap((node) => [...(node.netfilter?.rules.tables.values() ?? [])])
      .flatMap((chains) => [...chains.values()]).flatMap((chain) => chain.rules);
    expect(rules.length).toBeGreaterThan(20);
    expect(rules.every((rule) => rule instanceof PackedRule)).toBe(true);
  });

  it('gives the same diagnosis with two worker threads (the bundled library parses)', async () => {
    const expected = diagnose(await ingestPath(reports)).report;
    const { report } = await diagnosePaths(reports, { workers: 2, workerModule: pathToFileURL(workerModule) });
    expect(report).toEqual(expected);
  });
});
