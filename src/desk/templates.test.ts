/** content/desk/templates.json: loads, covers the common consultations, every step in both languages. */
import { describe, expect, it } from 'vitest';
import { caseTemplates, newChecklist, parseTemplates } from './templates.js';

describe('case templates', () => {
  it('cover the common first responses with concrete steps', () => {
    const ids = caseTemplates().map((t) => t.id);
    for (const id of [
      'ransomware',
      'suspicious-mail',
      'lost-device',
      'virus-detected',
      'unauthorized-access',
      'web-defacement',
    ])
      expect(ids).toContain(id);
    for (const t of caseTemplates()) {
      expect(t.steps.length, t.id).toBeGreaterThanOrEqual(5);
      for (const s of t.steps) {
        // plain Japanese: no English left in the Japanese text beyond product names
        expect(s.ja, `${t.id}.${s.id}`).toMatch(/[ぁ-んァ-ヶ一-龠]/);
        expect(s.en.length, `${t.id}.${s.id}`).toBeGreaterThan(10);
      }
    }
  });

  it('ransomware is critical and starts by cutting the network, not the power', () => {
    const r = caseTemplates().find((t) => t.id === 'ransomware');
    expect(r?.priority).toBe('critical');
    expect(r?.steps[0].ja).toContain('電源は切らない');
  });

  it('a new checklist has every step open', () => {
    const t = caseTemplates()[0];
    const c = newChecklist(t);
    expect(Object.keys(c)).toEqual(t.steps.map((s) => s.id));
    expect(Object.values(c).every((s) => !s.done && s.at === null && s.by === null)).toBe(true);
  });

  it('a broken file names the problem', () => {
    const base = {
      id: 'x',
      category: 'virus',
      priority: 'high',
      title: { ja: 'a', en: 'a' },
      description: { ja: 'a', en: 'a' },
    };
    expect(() =>
      parseTemplates(
        JSON.stringify({
          templates: [{ ...base, category: 'fire', steps: [{ id: 'a', ja: 'a', en: 'a' }] }],
        }),
      ),
    ).toThrow(/templates\.0\.category/);
    const step = { id: 'a', ja: 'a', en: 'a' };
    expect(() => parseTemplates(JSON.stringify({ templates: [{ ...base, steps: [step, step] }] }))).toThrow(
      /unique/,
    );
  });
});
