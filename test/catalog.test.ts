// The rule catalogue: every rule file under src/analyze/rules/<area>/ (found by walking the tree, so new
// areas need no listing here) has the id of its path, is listed in rules/index.ts through its area's
// index, has its table of cases beside it, and its page docs/rules/<id>.md with every section, whose
// example transcript makes it fire. docs/rules/README.md lists it.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { rules } from '../src/analyze/rules';
import type { Rule } from '../src/analyze/rules/rule';
import { findingsOf } from './support/rule-cases';
import { ROOT } from './support/corpus';

const RULES_DIR = join(ROOT, 'src/analyze/rules');
const DOCS_DIR = join(ROOT, 'docs/rules');
const SECTIONS = ['What it finds', 'Why it matters', 'Evidence', 'Fix', 'Not a problem when', 'Example'];

function ruleFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return ruleFiles(path);
    if (!entry.name.endsWith('.ts') || entry.name.endsWith('.test.ts') || entry.name === 'index.ts' || entry.name === 'rule.ts') return [];
    return [path];
  });
}

function isRule(value: unknown): value is Rule {
  const candidate = value as Partial<Rule> | null;
  return typeof candidate === 'object' && candidate !== null && typeof candidate.check === 'function' && typeof candidate.meta?.id === 'string';
}

async function exportedRules(file: string): Promise<Rule[]> {
  const module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  return Object.values(module).filter(isRule);
}

/** The `## <name>` sections of a page, in order, with their text. */
function sections(page: string): { name: string; text: string }[] {
  return page.split(/^## /m).slice(1).map((part) => {
    const newline = part.indexOf('\n');
    return { name: (newline === -1 ? part : part.slice(0, newline)).trim(), text: newline === -1 ? '' : part.slice(newline + 1) };
  });
}

/** The first fenced block of a section. */
function fenced(text: string): string | null {
  const match = /^```[^\n]*\n([\s\S]*?)^```/m.exec(text);
  return match?.[1] ?? null;
}

const files = ruleFiles(RULES_DIR);

describe('the rule catalogue', () => {
  it('finds rule files', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  for (const file of files) {
    const path = relative(RULES_DIR, file).replaceAll('\\', '/').replace(/\.ts$/, '');
    describe(path, () => {
      it('exports one rule whose id is its path, listed in its area index and in rules/index.ts', async () => {
        const found = await exportedRules(file);
        expect(found.map((rule) => rule.meta.id)).toEqual([path]);
        const [rule] = found;
        const area = path.slice(0, path.indexOf('/'));
        const areaIndex = join(RULES_DIR, area, 'index.ts');
        expect(existsSync(areaIndex), `src/analyze/rules/${area}/index.ts`).toBe(true);
        const listed = Object.values((await import(pathToFileURL(areaIndex).href)) as Record<string, unknown>)
          .some((value) => Array.isArray(value) && value.includes(rule));
        expect(listed, `listed in src/analyze/rules/${area}/index.ts`).toBe(true);
        expect(rules.includes(rule as Rule), 'listed in src/analyze/rules/index.ts').toBe(true);
      });

      it('has its table of cases beside it', () => {
        expect(existsSync(file.replace(/\.ts$/, '.test.ts')), `${path}.test.ts`).toBe(true);
      });

      it(`has docs/rules/${path}.md with every section, listed in docs/rules/README.md`, async () => {
        const [rule] = await exportedRules(file);
        const page = join(DOCS_DIR, `${path}.md`);
        expect(existsSync(page), `docs/rules/${path}.md`).toBe(true);
        const text = readFileSync(page, 'utf8');
        expect(text.split('\n')[0]).toBe(`# ${path}`);
        expect(sections(text).map((section) => section.name)).toEqual(SECTIONS);
        for (const section of sections(text)) expect(section.text.trim(), `## ${section.name}`).not.toBe('');
        const readme = readFileSync(join(DOCS_DIR, 'README.md'), 'utf8');
        const row = readme.split('\n').find((line) => line.startsWith('|') && line.includes(`[${path}]`));
        expect(row, `a row for ${path} in docs/rules/README.md`).toBeDefined();
        if (rule) expect(row).toContain(`| ${rule.meta.severity} | ${rule.meta.title} |`);
      });

      it('fires on the example of its page', async () => {
        const [rule] = await exportedRules(file);
        const page = join(DOCS_DIR, `${path}.md`);
        if (!rule || !existsSync(page)) return expect.fail(`no rule or no docs/rules/${path}.md`);
        const example = sections(readFileSync(page, 'utf8')).find((section) => section.name === 'Example');
        const transcript = example ? fenced(example.text) : null;
        expect(transcript, 'a fenced transcript under ## Example').not.toBeNull();
        const findings = findingsOf(rule, transcript ?? '');
        expect(findings.length, `${path} fires on its example`).toBeGreaterThan(0);
      });
    });
  }
});
