/**
 * The content test of the rule pack: every rule in content/rules loads without a
 * problem, has a cases file beside it with at least one case that alerts and one that
 * must not, and every case passes. Failures name the file and line.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCases, runCases } from './cases.js';
import { defaultRulesDir, loadRules } from './loader.js';

const dir = defaultRulesDir();
const { rules, problems } = loadRules(dir);

describe('content/rules', () => {
  it('loads without problems', () => {
    expect(problems.map((p) => `${p.file}:${p.line}: ${p.message}`)).toEqual([]);
    expect(rules.length).toBeGreaterThan(10);
  });

  it('has a cases file for every rule and a rule for every cases file', () => {
    const missing = rules.filter((r) => !existsSync(join(dir, `${r.id}.cases.yml`))).map((r) => r.id);
    expect(missing, 'rules without <id>.cases.yml').toEqual([]);
    const ids = new Set(rules.map((r) => r.id));
    const orphans = readdirSync(dir)
      .filter((n) => n.endsWith('.cases.yml'))
      .filter((n) => !ids.has(n.slice(0, -'.cases.yml'.length)));
    expect(orphans, 'cases files without a rule').toEqual([]);
  });

  it('every rule has a title, Japanese texts, an ATT&CK technique and false-positive notes', () => {
    for (const r of rules) {
      expect(
        r.tags.some((t) => /^attack\.t[0-9]{4}/.test(t)),
        `${r.file}: ATT&CK technique tag`,
      ).toBe(true);
      expect(r.falsepositives.length, `${r.file}: falsepositives`).toBeGreaterThan(0);
      expect(r.titleJa, `${r.file}: title_ja`).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
      expect(r.descriptionJa, `${r.file}: description_ja`).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
    }
  });

  for (const rule of rules) {
    it(`${rule.id}: its cases pass, with at least one hit and one miss`, () => {
      const file = `${rule.id}.cases.yml`;
      const path = join(dir, file);
      if (!existsSync(path)) return; // reported above
      const { cases, problems: cp } = loadCases(path, file);
      expect(cp.map((p) => `${p.file}:${p.line}: ${p.message}`)).toEqual([]);
      if (cases === null) return;
      expect(cases.rule, `${file}: rule`).toBe(rule.id);
      const hits = cases.cases.filter((c) => c.expect.some((e) => e.rule === rule.id));
      const misses = cases.cases.filter((c) => !c.expect.some((e) => e.rule === rule.id));
      expect(hits.length, `${file}: needs a case that alerts`).toBeGreaterThan(0);
      expect(misses.length, `${file}: needs a case that must not alert`).toBeGreaterThan(0);
      const failures = runCases(rules, cases).flatMap((o) => o.failures);
      expect(failures).toEqual([]);
    });
  }
});
