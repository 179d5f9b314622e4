/**
 * The portal's plain-language texts (content/portal/*.json): monitoring items, threat
 * scenarios, channels, actions and what the UTM cannot see, in Japanese and English.
 * Read once per process and validated with zod; every problem is reported with its
 * file and path, not just the first.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { contentDir } from '../core/paths.js';
import { CATEGORIES, CHANNELS } from '../event/event.js';

export const LANGS = ['ja', 'en'] as const;
export const SCENARIO_IDS = ['ransomware', 'targeted-attack', 'insider-leak', 'careless-leak'] as const;
export type ScenarioId = (typeof SCENARIO_IDS)[number];
export const LOG_KINDS = ['traffic', 'threat', 'web', 'mail'] as const;
export type LogKind = (typeof LOG_KINDS)[number];
export const HANDLED = ['blocked', 'detected', 'seen', 'none'] as const;
export type Handled = (typeof HANDLED)[number];
export const LEVELS = ['none', 'low', 'medium', 'high'] as const;
export type Level = (typeof LEVELS)[number];

const text = z.string().trim().min(1).max(600);
/** An object with exactly these keys, each holding `v`. */
function exactly<K extends string, V extends z.ZodType>(keys: readonly K[], v: V) {
  return z.strictObject(Object.fromEntries(keys.map((k) => [k, v])) as Record<K, V>);
}
function perLang<V extends z.ZodType>(v: V) {
  return exactly(LANGS, v);
}

const itemText = z.strictObject({
  name: text,
  explain: text,
  countermeasure: text,
  handled: exactly(HANDLED, text),
});

export const itemsFileSchema = z.strictObject({
  _doc: z.array(z.string()),
  items: exactly(CATEGORIES, perLang(itemText)),
  channels: exactly(CHANNELS, perLang(text)),
  actions: z.record(z.string().regex(/^[a-z]+$/), perLang(text)),
});

const scenarioText = z.strictObject({
  name: text,
  summary: text,
  steps: z.array(text).min(1).max(10),
  countermeasures: z.array(text).min(1).max(12),
  frequency: text,
  impact: text,
});

export const scenariosFileSchema = z.strictObject({
  _doc: z.array(z.string()),
  scenarios: exactly(
    SCENARIO_IDS,
    z.strictObject({
      evidence: z.array(z.enum(CATEGORIES)).min(1),
      frequency: z.enum(['low', 'high']),
      impact: z.enum(['low', 'high']),
      ja: scenarioText,
      en: scenarioText,
    }),
  ),
  levels: exactly(LEVELS, perLang(z.strictObject({ label: text, text }))),
  ratings: exactly(['low', 'high'] as const, perLang(text)),
});

export const visibilityFileSchema = z.strictObject({
  _doc: z.array(z.string()),
  general: perLang(text),
  encrypted: perLang(z.strictObject({ title: text, text })),
  kinds: exactly(LOG_KINDS, perLang(z.strictObject({ name: text, missing: text }))),
  silent: perLang(z.strictObject({ title: text, text })),
});

export type ItemsFile = z.output<typeof itemsFileSchema>;
export type ScenariosFile = z.output<typeof scenariosFileSchema>;
export type VisibilityFile = z.output<typeof visibilityFileSchema>;

export interface PortalContent {
  items: ItemsFile['items'];
  channels: ItemsFile['channels'];
  actions: ItemsFile['actions'];
  scenarios: ScenariosFile['scenarios'];
  levels: ScenariosFile['levels'];
  ratings: ScenariosFile['ratings'];
  visibility: Omit<VisibilityFile, '_doc'>;
}

export class PortalContentError extends Error {
  constructor(readonly problems: string[]) {
    super(`content/portal is invalid:\n${problems.join('\n')}`);
    this.name = 'PortalContentError';
  }
}

/** Validates the three files' parsed JSON; collects every problem. */
export function parsePortalContent(files: {
  items: unknown;
  scenarios: unknown;
  visibility: unknown;
}): PortalContent {
  const problems: string[] = [];
  const check = <S extends z.ZodType>(name: string, schema: S, v: unknown): z.output<S> | null => {
    const r = schema.safeParse(v);
    if (r.success) return r.data;
    for (const i of r.error.issues) {
      const path = i.code === 'unrecognized_keys' ? [...i.path, i.keys.join(',')] : i.path;
      problems.push(`${name}: ${path.map(String).join('.') || '(root)'}: ${i.message}`);
    }
    return null;
  };
  const items = check('items.json', itemsFileSchema, files.items);
  const scenarios = check('scenarios.json', scenariosFileSchema, files.scenarios);
  const visibility = check('visibility.json', visibilityFileSchema, files.visibility);
  if (items) {
    for (const a of ['block', 'allow', 'detect', 'unknown'])
      if (!(a in items.actions)) problems.push(`items.json: actions.${a}: missing`);
    // Japanese texts are for the owner: polite form, no half-width kana
    for (const [id, t] of Object.entries(items.items)) {
      if (!/です|ます|ません/.test(t.ja.explain))
        problems.push(`items.json: items.${id}.ja.explain: not in です・ます`);
      if (/[\uff61-\uff9f]/.test(JSON.stringify(t.ja)))
        problems.push(`items.json: items.${id}.ja: half-width kana`);
    }
  }
  if (!items || !scenarios || !visibility || problems.length > 0) throw new PortalContentError(problems);
  const { _doc, ...vis } = visibility;
  return {
    items: items.items,
    channels: items.channels,
    actions: items.actions,
    scenarios: scenarios.scenarios,
    levels: scenarios.levels,
    ratings: scenarios.ratings,
    visibility: vis,
  };
}

function readJson(file: string): unknown {
  return JSON.parse(readFileSync(contentDir('portal', file), 'utf8'));
}

let cached: PortalContent | null = null;

/** The portal texts, read and validated on first use. */
export function portalContent(): PortalContent {
  cached ??= parsePortalContent({
    items: readJson('items.json'),
    scenarios: readJson('scenarios.json'),
    visibility: readJson('visibility.json'),
  });
  return cached;
}
