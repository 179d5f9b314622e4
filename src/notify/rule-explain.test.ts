import { describe, expect, it } from 'vitest';
import { ruleTexts } from '../desk/rule-texts.js';
import { shippedRuleExplain } from './rule-explain.js';

describe('shippedRuleExplain', () => {
  it("gives the shipped rules' plain descriptions in both languages", () => {
    const withText = [...ruleTexts().values()].filter((t) => t.descriptionJa && t.description);
    expect(withText.length).toBeGreaterThan(0);
    for (const t of withText)
      expect(shippedRuleExplain(t.id)).toEqual({ ja: t.descriptionJa, en: t.description });
    expect(shippedRuleExplain('no-such-rule')).toBeNull();
  });
});
