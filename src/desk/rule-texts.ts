/**
 * The people-facing texts of detection rules (title, description, advice, known false
 * positives), read from content/rules/*.yml for the alert views. Only these fields are
 * read, and missing ones are tolerated: the rule loader of src/detect is the place that
 * validates rules; this module only has to show what is there, falling back to the
 * alert's own stored title.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { contentDir } from '../core/paths.js';

export interface RuleTexts {
  id: string;
  title: string | null;
  titleJa: string | null;
  description: string | null;
  descriptionJa: string | null;
  advice: string | null;
  adviceJa: string | null;
  tags: string[];
  falsepositives: string[];
  falsepositivesJa: string[];
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);
const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : [];

/** Texts by rule id, from every *.yml / *.yaml rule file of `dir` (cases files left out). */
export function readRuleTexts(dir: string = contentDir('rules')): Map<string, RuleTexts> {
  const out = new Map<string, RuleTexts>();
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f) && !/\.cases\.ya?ml$/.test(f));
  } catch {
    return out;
  }
  for (const f of files.sort()) {
    let doc: unknown;
    try {
      doc = parse(readFileSync(join(dir, f), 'utf8'));
    } catch {
      continue; // a broken file is the rule loader's to report
    }
    if (!doc || typeof doc !== 'object') continue;
    const r = doc as Record<string, unknown>;
    const id = str(r.id);
    if (!id) continue;
    out.set(id, {
      id,
      title: str(r.title),
      titleJa: str(r.title_ja),
      description: str(r.description),
      descriptionJa: str(r.description_ja),
      advice: str(r.advice),
      adviceJa: str(r.advice_ja),
      tags: strings(r.tags),
      falsepositives: strings(r.falsepositives),
      falsepositivesJa: strings(r.falsepositives_ja),
    });
  }
  return out;
}

let cached: Map<string, RuleTexts> | null = null;

/** The rule texts of content/rules, read once per process. */
export function ruleTexts(): Map<string, RuleTexts> {
  cached ??= readRuleTexts();
  return cached;
}

const LEVEL_ADVICE = z.record(z.string(), z.strictObject({ ja: z.string().min(1), en: z.string().min(1) }));
let advice: z.output<typeof LEVEL_ADVICE> | null = null;

/**
 * What a company should do about an alert of `level` when its rule has no advice of its
 * own (content/desk/alert-advice.json).
 */
export function levelAdvice(level: string, lang: 'ja' | 'en'): string | null {
  advice ??= z
    .strictObject({ advice: LEVEL_ADVICE })
    .parse(JSON.parse(readFileSync(contentDir('desk', 'alert-advice.json'), 'utf8'))).advice;
  return advice[level]?.[lang] ?? null;
}
