/** content/reports/programme.json: both languages complete and alike, placeholders filled. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { contentDir } from '../../core/paths.js';
import { fill, ProgrammeTextsError, parseProgrammeTexts, programmeTexts } from './texts.js';

const raw = JSON.parse(readFileSync(contentDir('reports', 'programme.json'), 'utf8'));

/** Every leaf path of an object tree ("cover.note"). */
function paths(o: unknown, prefix = ''): string[] {
  if (typeof o !== 'object' || o === null) return [prefix];
  return Object.entries(o).flatMap(([k, v]) => paths(v, prefix ? `${prefix}.${k}` : k));
}

/** The {{names}} a text uses. */
const placeholders = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

describe('programme report texts', () => {
  it('loads and validates', () => {
    expect(programmeTexts('ja').title).toBe('事業全体の実証結果報告');
    expect(programmeTexts('en').title).toBe('Programme-wide results report');
  });

  it('has the same keys in ja and en, and the same placeholders in each text', () => {
    expect(paths(raw.en)).toEqual(paths(raw.ja));
    const get = (o: unknown, p: string) =>
      p.split('.').reduce((x, k) => (x as Record<string, unknown>)[k], o);
    for (const p of paths(raw.ja))
      expect([p, placeholders(get(raw.en, p) as string)]).toEqual([
        p,
        placeholders(get(raw.ja, p) as string),
      ]);
  });

  it('reports every problem with its path', () => {
    const broken = structuredClone(raw);
    delete broken.en.cover.note;
    broken.ja.summary.extra = 'x';
    try {
      parseProgrammeTexts(broken);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ProgrammeTextsError);
      const problems = (e as ProgrammeTextsError).problems.join('\n');
      expect(problems).toMatch(/en\.cover\.note/);
      expect(problems).toMatch(/ja\.summary\.extra/);
    }
  });

  it('fills placeholders and refuses a missing value', () => {
    expect(fill('全 {{all}} 台のうち {{n}} 台', { all: 100, n: 20 })).toBe('全 100 台のうち 20 台');
    expect(() => fill('{{n}} 件', {})).toThrow(/n/);
  });
});
