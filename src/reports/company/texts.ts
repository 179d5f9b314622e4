/**
 * The report's own texts (content/reports/company.json): headings and sentences in
 * Japanese and English, with {placeholders}. Read once per process and checked as a
 * whole — both languages with the same keys and placeholders — so a missing English
 * sentence is a content error listed with its key, not a blank in a customer's PDF.
 * Also the report's formatting of dates (Tokyo calendar), numbers and percentages.
 */
import { readFileSync } from 'node:fs';
import { contentDir } from '../../core/paths.js';
import { JST_OFFSET_MS } from '../../portal/period.js';
import type { ReportLang } from './model.js';

type Entry = string | string[];
export type Catalog = Map<string, Entry>;

/** Placeholders every date pattern may use (the patterns differ by language). */
export const DATE_VARS = ['y', 'yy', 'm', 'd', 'monthName', 'monthAbbr', 'hh', 'mm', 'from', 'to'];

export class ReportTextsError extends Error {
  constructor(readonly problems: string[]) {
    super(`content/reports/company.json is invalid:\n${problems.join('\n')}`);
    this.name = 'ReportTextsError';
  }
}

function flatten(v: unknown, prefix: string, out: Catalog, problems: string[]): void {
  if (typeof v === 'string') {
    if (v.trim() === '') problems.push(`${prefix}: empty`);
    out.set(prefix, v);
  } else if (Array.isArray(v)) {
    if (v.length === 0 || v.some((s) => typeof s !== 'string' || s.trim() === ''))
      problems.push(`${prefix}: a list of non-empty strings expected`);
    out.set(prefix, v as string[]);
  } else if (v && typeof v === 'object') {
    for (const [k, c] of Object.entries(v)) flatten(c, prefix ? `${prefix}.${k}` : k, out, problems);
  } else problems.push(`${prefix || '(root)'}: a text, a list of texts or an object expected`);
}

export function placeholders(e: Entry): string[] {
  const s = Array.isArray(e) ? e.join('\n') : e;
  return [...new Set([...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort();
}

/** Validates the parsed file; every problem is listed with its key. */
export function parseReportTexts(json: unknown): Record<ReportLang, Catalog> {
  const problems: string[] = [];
  const root = (json ?? {}) as Record<string, unknown>;
  const cats = { ja: new Map(), en: new Map() } as Record<ReportLang, Catalog>;
  for (const lang of ['ja', 'en'] as const) {
    if (!root[lang] || typeof root[lang] !== 'object') problems.push(`${lang}: missing`);
    else flatten(root[lang], '', cats[lang], problems);
  }
  for (const [a, b] of [
    ['ja', 'en'],
    ['en', 'ja'],
  ] as const)
    for (const k of cats[a].keys())
      if (!cats[b].has(k)) problems.push(`${b}.${k}: missing (present in ${a})`);
  for (const [k, ja] of cats.ja) {
    const en = cats.en.get(k);
    if (en === undefined) continue;
    if (Array.isArray(ja) !== Array.isArray(en)) problems.push(`${k}: a list in one language only`);
    const pj = placeholders(ja);
    const pe = placeholders(en);
    if (k.startsWith('date.')) {
      for (const p of [...pj, ...pe])
        if (!DATE_VARS.includes(p)) problems.push(`${k}: unknown date placeholder {${p}}`);
    } else if (pj.join() !== pe.join())
      problems.push(`${k}: placeholders differ (ja {${pj.join('} {')}}, en {${pe.join('} {')}})`);
  }
  if (problems.length > 0) throw new ReportTextsError(problems);
  return cats;
}

let cached: Record<ReportLang, Catalog> | null = null;

function catalogs(): Record<ReportLang, Catalog> {
  cached ??= parseReportTexts(JSON.parse(readFileSync(contentDir('reports', 'company.json'), 'utf8')));
  return cached;
}

export type Vars = Record<string, string | number>;

export function fill(s: string, vars: Vars = {}): string {
  return s.replace(/\{(\w+)\}/g, (whole, k: string) => {
    const v = vars[k];
    return v === undefined ? whole : typeof v === 'number' ? fmtNumber(v) : v;
  });
}

export function fmtNumber(n: number): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: 1 });
}

/** A ratio as a whole percentage (0.256 → "26"), one decimal below 1 %. */
export function fmtPct(ratio: number): string {
  const p = ratio * 100;
  if (p > 0 && p < 1) return p.toFixed(1);
  return String(Math.round(p));
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** The report's texts in one language, with its date formats. */
export interface ReportTexts {
  lang: ReportLang;
  t(key: string, vars?: Vars): string;
  list(key: string): string[];
  /** Whether a key exists (optional texts such as a case category). */
  has(key: string): boolean;
  date(ms: number, pattern: 'day' | 'dayTime' | 'month' | 'monthYearShort' | 'dateTime'): string;
  /** A period [from, to): "2026年3月" for one whole month, else first and last day. */
  period(p: { from: number; to: number }): string;
}

function tokyoParts(ms: number): Vars {
  const t = new Date(ms + JST_OFFSET_MS);
  const m = t.getUTCMonth();
  return {
    y: String(t.getUTCFullYear()),
    yy: String(t.getUTCFullYear() % 100).padStart(2, '0'),
    m: String(m + 1),
    d: String(t.getUTCDate()),
    monthName: MONTHS[m],
    monthAbbr: MONTHS[m].slice(0, 3),
    hh: String(t.getUTCHours()).padStart(2, '0'),
    mm: String(t.getUTCMinutes()).padStart(2, '0'),
  };
}

export function reportTexts(lang: ReportLang): ReportTexts {
  const cat = catalogs()[lang];
  const get = (key: string): Entry => {
    const e = cat.get(key);
    // a key the code asks for but the catalog lacks is a bug: the catalog test lists them all
    if (e === undefined) throw new Error(`report text ${lang}.${key} is missing`);
    return e;
  };
  const self: ReportTexts = {
    lang,
    t(key, vars) {
      const e = get(key);
      return fill(Array.isArray(e) ? e.join('\n') : e, vars);
    },
    list(key) {
      const e = get(key);
      return Array.isArray(e) ? [...e] : [e];
    },
    has: (key) => cat.has(key),
    date(ms, pattern) {
      return self.t(`date.${pattern}`, tokyoParts(ms));
    },
    period(p) {
      const a = tokyoParts(p.from);
      const last = tokyoParts(p.to - 1);
      const end = tokyoParts(p.to);
      const wholeMonth =
        a.d === '1' &&
        a.hh === '00' &&
        a.mm === '00' &&
        end.d === '1' &&
        end.hh === '00' &&
        end.mm === '00' &&
        a.y === last.y &&
        a.m === last.m;
      if (wholeMonth) return self.date(p.from, 'month');
      return self.t('date.range', { from: self.date(p.from, 'day'), to: self.date(p.to - 1, 'day') });
    },
  };
  return self;
}
