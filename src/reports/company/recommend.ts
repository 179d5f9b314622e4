/**
 * Recommendations ranked by what this company's own records show. Each trigger reads
 * the report data and answers null (no evidence) or the figures it saw; the texts and
 * weights are data (content/reports/recommendations.json) and cite those figures. The
 * score is the weight, raised when something got past the UTM and a little with the
 * count, so "a PC sent mail with a virus" outranks "spam arrived" whatever the numbers,
 * while two comparable findings are ordered by how much of each was seen.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { contentDir } from '../../core/paths.js';
import type { Category } from '../../event/event.js';
import { portalContent } from '../../portal/content.js';
import { RANSOMWARE_FAMILIES } from '../../portal/scenarios.js';
import type { CompanyReportData, Recommendation, ReportItem, ReportLang } from './model.js';
import { fill, fmtNumber, fmtPct, placeholders, type Vars } from './texts.js';

export type RecommendInput = Omit<CompanyReportData, 'recommendations'>;

interface Finding {
  /** How many events back the finding (0 when it is not a count). */
  n: number;
  /** Something got past the UTM. */
  passed?: boolean;
  vars: Vars;
}

interface Trigger {
  /** The placeholders its texts may use. */
  vars: readonly string[];
  find(d: RecommendInput, lang: ReportLang): Finding | null;
}

const DAY_MS = 86_400_000;
/** Above this share of encrypted outbound traffic the report asks about TLS inspection. */
export const ENCRYPTED_SHARE_ASK = 0.5;

function item(d: RecommendInput, c: Category): ReportItem {
  return (
    d.items.find((i) => i.item === c) ?? {
      item: c,
      count: 0,
      previousCount: 0,
      change: null,
      stopped: 0,
      handled: 'none',
      families: [],
    }
  );
}
const passedOf = (i: ReportItem) => Math.max(0, i.count - i.stopped);
const sep = (lang: ReportLang) => (lang === 'ja' ? '、' : ', ');

function services(d: RecommendInput, c: Category, lang: ReportLang): string {
  const names = d.usage.find((u) => u.item === c)?.services.map((s) => s.name) ?? [];
  if (names.length === 0) return lang === 'ja' ? '名称は記録されていません' : 'names not logged';
  return names.slice(0, 3).join(sep(lang));
}

/**
 * A usage item: n and the top services. Usage is normally allowed through, so letting
 * it pass is no reason to rank it higher.
 */
function usageTrigger(c: Category): Trigger {
  return {
    vars: ['n', 'services'],
    find(d, lang) {
      const i = item(d, c);
      if (i.count === 0) return null;
      return { n: i.count, vars: { n: i.count, services: services(d, c, lang) } };
    },
  };
}

const virusChannel = (d: RecommendInput, ...chs: string[]) =>
  chs.reduce((n, ch) => n + (d.virus.byChannel[ch] ?? 0), 0);

/** Every recommendation's evidence rule, by the id used in the content file. */
export const TRIGGERS: Record<string, Trigger> = {
  'no-logs': {
    vars: [],
    find: (d) => (d.events === 0 ? { n: 0, vars: {} } : null),
  },
  'silent-device': {
    vars: ['devices'],
    find(d, lang) {
      if (d.events === 0) return null; // "no-logs" says it for the whole company
      const quiet = d.visibility.devices.filter((x) => x.enabled && (x.silent || x.eventsInPeriod === 0));
      if (quiet.length === 0) return null;
      return { n: quiet.length, vars: { devices: quiet.map((x) => x.id).join(sep(lang)) } };
    },
  },
  'mail-send-virus': {
    vars: ['n'],
    find(d) {
      const n = virusChannel(d, 'mail-send');
      return n > 0 ? { n, passed: true, vars: { n } } : null;
    },
  },
  cnc: {
    vars: ['n', 'passed'],
    find(d) {
      const i = item(d, 'malicious-outbound');
      if (i.count === 0) return null;
      return { n: i.count, passed: passedOf(i) > 0, vars: { n: i.count, passed: passedOf(i) } };
    },
  },
  'ransomware-family': {
    vars: ['families'],
    find(d, lang) {
      const fams = [
        ...new Set([...item(d, 'virus').families, ...item(d, 'malicious-outbound').families]),
      ].filter((f) => RANSOMWARE_FAMILIES.has(f));
      return fams.length > 0 ? { n: fams.length, vars: { families: fams.sort().join(sep(lang)) } } : null;
    },
  },
  'high-alerts': {
    vars: ['n'],
    find(d) {
      const n = d.alerts.byLevel.high + d.alerts.byLevel.critical;
      return n > 0 ? { n, passed: d.alerts.byLevel.critical > 0, vars: { n } } : null;
    },
  },
  'mail-attachments': {
    vars: ['n'],
    find(d) {
      const n = virusChannel(d, 'mail-receive');
      if (n === 0) return null;
      return { n, passed: passedOf(item(d, 'virus')) > 0, vars: { n } };
    },
  },
  'intrusion-patch': {
    vars: ['n', 'passed'],
    find(d) {
      const i = item(d, 'intrusion-inbound');
      if (i.count === 0) return null;
      return { n: i.count, passed: passedOf(i) > 0, vars: { n: i.count, passed: passedOf(i) } };
    },
  },
  'missing-logs': {
    vars: ['kinds'],
    find(d, lang) {
      if (d.events === 0 || d.visibility.uninspectedKinds.length === 0) return null;
      const kinds = portalContent().visibility.kinds;
      const names = d.visibility.uninspectedKinds.map((k) => kinds[k][lang].name);
      return { n: names.length, vars: { kinds: names.join(sep(lang)) } };
    },
  },
  'remote-access': usageTrigger('remote-access'),
  'input-tools': usageTrigger('risky-input-tool'),
  'online-storage': usageTrigger('online-storage'),
  'sns-webmail': usageTrigger('sns-webmail'),
  'tls-inspection': {
    vars: ['pct'],
    find(d) {
      const s = d.visibility.encryptedShare;
      return s !== null && s >= ENCRYPTED_SHARE_ASK ? { n: 0, vars: { pct: fmtPct(s) } } : null;
    },
  },
  'harmful-web': {
    vars: ['n'],
    find(d) {
      const i = item(d, 'harmful-web');
      return i.count > 0 ? { n: i.count, passed: passedOf(i) > 0, vars: { n: i.count } } : null;
    },
  },
  spam: {
    vars: ['n', 'perDay'],
    find(d) {
      const i = item(d, 'spam');
      if (i.count === 0) return null;
      const days = Math.max(1, (d.period.to - d.period.from) / DAY_MS);
      const perDay = i.count / days;
      return {
        n: i.count,
        vars: { n: i.count, perDay: perDay >= 10 ? fmtNumber(Math.round(perDay)) : perDay.toFixed(1) },
      };
    },
  },
  recon: {
    vars: ['n', 'passed'],
    find(d) {
      const i = item(d, 'recon');
      if (i.count === 0) return null;
      return { n: i.count, passed: passedOf(i) > 0, vars: { n: i.count, passed: passedOf(i) } };
    },
  },
  'keep-basics': {
    vars: [],
    find: () => ({ n: 0, vars: {} }),
  },
};

const text = z.string().trim().min(1).max(800);
const langText = z.strictObject({ title: text.max(80), text });
export const recommendationsFileSchema = z.strictObject({
  _doc: z.array(z.string()),
  recommendations: z.record(
    z.string().regex(/^[a-z][a-z0-9-]*$/),
    z.strictObject({ weight: z.number().min(0).max(100), ja: langText, en: langText }),
  ),
});
export type RecommendationsFile = z.output<typeof recommendationsFileSchema>;

/** Checks the file against the triggers: every id has one, every placeholder is provided. */
export function recommendationProblems(file: unknown): string[] {
  const r = recommendationsFileSchema.safeParse(file);
  if (!r.success) return r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
  const problems: string[] = [];
  const ids = Object.keys(r.data.recommendations);
  for (const id of ids) if (!(id in TRIGGERS)) problems.push(`recommendations.${id}: no trigger in code`);
  for (const id of Object.keys(TRIGGERS))
    if (!ids.includes(id)) problems.push(`recommendations.${id}: trigger without texts`);
  for (const [id, rec] of Object.entries(r.data.recommendations)) {
    const allowed = TRIGGERS[id]?.vars;
    if (!allowed) continue; // already reported
    for (const lang of ['ja', 'en'] as const)
      for (const field of ['title', 'text'] as const)
        for (const p of placeholders(rec[lang][field]))
          if (!allowed.includes(p)) problems.push(`recommendations.${id}.${lang}.${field}: unknown {${p}}`);
  }
  return problems;
}

let cached: RecommendationsFile | null = null;

function recommendationsFile(): RecommendationsFile {
  if (!cached) {
    const raw: unknown = JSON.parse(readFileSync(contentDir('reports', 'recommendations.json'), 'utf8'));
    const problems = recommendationProblems(raw);
    if (problems.length > 0)
      throw new Error(`content/reports/recommendations.json is invalid:\n${problems.join('\n')}`);
    cached = recommendationsFileSchema.parse(raw);
  }
  return cached;
}

/** How much past-the-UTM findings and sheer counts raise a weight. */
export function scoreOf(weight: number, f: Pick<Finding, 'n' | 'passed'>): number {
  const countBoost = 1 + Math.min(0.2, Math.log10(1 + f.n) / 20);
  return Math.round(weight * (f.passed ? 1.25 : 1) * countBoost * 10) / 10;
}

/** At most this many, so the list stays one an owner reads to the end. */
export const MAX_RECOMMENDATIONS = 8;

export function recommend(d: RecommendInput, lang: ReportLang = d.lang): Recommendation[] {
  const file = recommendationsFile();
  const found: Omit<Recommendation, 'rank'>[] = [];
  for (const [id, rec] of Object.entries(file.recommendations)) {
    const f = TRIGGERS[id].find(d, lang);
    if (!f) continue;
    found.push({
      id,
      score: scoreOf(rec.weight, f),
      title: fill(rec[lang].title, f.vars),
      text: fill(rec[lang].text, f.vars),
      evidence: f.vars,
    });
  }
  const weight = (id: string) => file.recommendations[id].weight;
  found.sort((a, b) => b.score - a.score || weight(b.id) - weight(a.id) || a.id.localeCompare(b.id));
  return found.slice(0, MAX_RECOMMENDATIONS).map((r, i) => ({ ...r, rank: i + 1 }));
}
