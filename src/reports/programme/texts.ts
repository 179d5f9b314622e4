/**
 * The fixed wording of the programme report (content/reports/programme.json), Japanese
 * and English. Read once per process and validated with zod; a key missing in one
 * language is reported with its path, every problem at once.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { contentDir } from '../../core/paths.js';
import { CASE_CATEGORIES, CASE_CHANNELS } from '../../desk/model.js';
import { CATEGORIES } from '../../event/event.js';

export type Lang = 'ja' | 'en';
export const LANGS: readonly Lang[] = ['ja', 'en'];

const text = z.string().min(1).max(800);
/** An object with exactly these keys, each a text. */
function texts<K extends string>(keys: readonly K[]) {
  return z.strictObject(Object.fromEntries(keys.map((k) => [k, text])) as Record<K, typeof text>);
}

const langSchema = z.strictObject({
  title: text,
  kicker: text,
  docTitle: text,
  page: text,
  none: text,
  cover: texts([
    'period',
    'utms',
    'utmsValue',
    'companies',
    'companiesValue',
    'created',
    'audience',
    'audienceValue',
    'note',
  ]),
  summary: texts([
    'title',
    'intro',
    'utms',
    'utmsNote',
    'companies',
    'companiesNote',
    'threats',
    'threatsNote',
    'consultations',
    'consultationsNote',
    'dispatches',
    'dispatchesNote',
    'attention',
    'attentionNote',
    'perUtmDay',
    'virus',
    'seenOn',
    'ransomware',
    'noData',
  ]),
  monitoring: z.strictObject({
    ...texts([
      'title',
      'intro',
      'scope',
      'item',
      'total',
      'utms',
      'perUtmDay',
      'stopped',
      'countermeasure',
      'virusWeb',
      'virusMail',
      'virusOther',
      'monthlyTitle',
      'monthlyNote',
      'month',
      'monthUtms',
    ]).shape,
    counter: texts(CATEGORIES),
    short: texts(CATEGORIES),
  }),
  usage: texts([
    'title',
    'intro',
    'item',
    'seenOn',
    'share',
    'companies',
    'total',
    'stopped',
    'phraseFraction',
    'phrasePercent',
    'phraseNone',
    'about',
    'cell',
  ]),
  scenarios: texts([
    'title',
    'intro',
    'scenario',
    'frequency',
    'impact',
    'ratingLine',
    'findings',
    'levels',
    'attention',
    'evidenceLine',
    'evidenceNone',
    'families',
    'familiesNone',
    'mailVirus',
    'chartTitle',
    'count',
  ]),
  desk: z.strictObject({
    ...texts([
      'title',
      'intro',
      'consultations',
      'consultationsCompanies',
      'companiesShare',
      'byCategory',
      'byChannel',
      'category',
      'channel',
      'count',
      'noCases',
      'times',
      'measure',
      'cases',
      'median',
      'p90',
      'firstResponse',
      'resolution',
      'slaBreaches',
      'sla',
      'update',
      'dispatches',
      'requested',
      'completed',
      'dispatchCompanies',
      'onSite',
      'travel',
      'claims',
      'claimCount',
      'claimedYen',
      'paidYen',
      'alerts',
      'raised',
      'escalated',
      'closedBenign',
      'value',
    ]).shape,
    categories: texts(CASE_CATEGORIES),
    channels: texts(CASE_CHANNELS),
  }),
  method: texts([
    'title',
    'utm',
    'period',
    'perDay',
    'items',
    'stopped',
    'scenarios',
    'desk',
    'blind',
    'privacy',
  ]),
  csv: z.strictObject({
    ...texts([
      'section',
      'code',
      'item',
      'detail',
      'value',
      'unit',
      'utms',
      'utmsOf',
      'companies',
      'companiesOf',
      'share',
      'note',
      'from',
      'to',
      'scenarioSummary',
      'frequencyImpact',
    ]).shape,
    sections: texts(['scope', 'monitoring', 'usage', 'scenario', 'desk', 'monthly']),
    units: texts(['events', 'utms', 'companies', 'cases', 'minutes', 'yen']),
    scope: texts(['utmsReporting', 'utmsRegistered', 'companiesReporting', 'companiesRegistered', 'days']),
  }),
});

export const programmeTextsSchema = z.strictObject({
  _doc: z.array(z.string()),
  ja: langSchema,
  en: langSchema,
});

export type ProgrammeTexts = z.output<typeof langSchema>;

export class ProgrammeTextsError extends Error {
  constructor(readonly problems: string[]) {
    super(`content/reports/programme.json is invalid:\n${problems.join('\n')}`);
    this.name = 'ProgrammeTextsError';
  }
}

/** Validates the file's parsed JSON; collects every problem with its path. */
export function parseProgrammeTexts(json: unknown): Record<Lang, ProgrammeTexts> {
  const r = programmeTextsSchema.safeParse(json);
  if (r.success) return { ja: r.data.ja, en: r.data.en };
  throw new ProgrammeTextsError(
    r.error.issues.map((i) => {
      const path = i.code === 'unrecognized_keys' ? [...i.path, i.keys.join(',')] : i.path;
      return `${path.map(String).join('.') || '(root)'}: ${i.message}`;
    }),
  );
}

let cached: Record<Lang, ProgrammeTexts> | null = null;

export function programmeTexts(lang: Lang): ProgrammeTexts {
  cached ??= parseProgrammeTexts(JSON.parse(readFileSync(contentDir('reports', 'programme.json'), 'utf8')));
  return cached[lang];
}

/** Fills {{name}} placeholders; a placeholder without a value is a bug, so it throws. */
export function fill(template: string, vars: Readonly<Record<string, string | number>> = {}): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, k: string) => {
    const v = vars[k];
    if (v === undefined) throw new Error(`no value for {{${k}}} in "${template}"`);
    return String(v);
  });
}
