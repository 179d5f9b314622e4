/**
 * The detection rules' plain-language descriptions (content/rules/*.yml, read by the
 * desk's rule-texts) as the explanation in a company's alert mail, for alert events that
 * bring none of their own.
 */
import { ruleTexts } from '../desk/rule-texts.js';
import type { RuleExplain } from './policy.js';

export const shippedRuleExplain: RuleExplain = (ruleId) => {
  try {
    const t = ruleTexts().get(ruleId);
    const ja = t?.descriptionJa ?? t?.description ?? null;
    const en = t?.description ?? t?.descriptionJa ?? null;
    return ja && en ? { ja, en } : null;
  } catch {
    // unreadable rule files cost the mail its explanation, never the mail itself
    return null;
  }
};
