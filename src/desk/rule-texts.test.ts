/** Rule texts for the alert views: read leniently from content/rules, with the level's advice as fallback. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULE_LEVELS } from './model.js';
import { levelAdvice, readRuleTexts, ruleTexts } from './rule-texts.js';

describe('rule texts', () => {
  it('reads the shipped rules', () => {
    const t = ruleTexts().get('botnet-cnc');
    expect(t?.titleJa).toContain('指令サーバー');
    expect(t?.descriptionJa).toBeTruthy();
    expect(t?.falsepositivesJa.length).toBeGreaterThan(0);
  });

  it('tolerates missing fields, broken files and cases files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'otasuke-rules-'));
    try {
      writeFileSync(join(dir, 'a.yml'), 'id: a\ntitle: A\nadvice_ja: 再起動してください\ntags: one\n');
      writeFileSync(join(dir, 'broken.yml'), 'id: [unclosed\n');
      writeFileSync(join(dir, 'noid.yml'), 'title: no id\n');
      writeFileSync(join(dir, 'a.cases.yml'), 'rule: a\ncases: []\n');
      const texts = readRuleTexts(dir);
      expect([...texts.keys()]).toEqual(['a']);
      expect(texts.get('a')).toMatchObject({
        title: 'A',
        titleJa: null,
        adviceJa: '再起動してください',
        tags: ['one'],
        falsepositives: [],
      });
      expect(readRuleTexts(join(dir, 'missing')).size).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('has general advice for every level in both languages', () => {
    for (const level of RULE_LEVELS) {
      expect(levelAdvice(level, 'ja')).toMatch(/[ぁ-ん]/);
      expect(levelAdvice(level, 'en')?.length).toBeGreaterThan(10);
    }
    expect(levelAdvice('unknown', 'ja')).toBeNull();
  });
});
