/** Server-side message catalogs (Japanese default, English). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import i18next, { type TFunction } from 'i18next';
import { contentDir } from '../core/paths.js';

const catalog = (lang: string) =>
  JSON.parse(readFileSync(join(contentDir('i18n'), `${lang}.json`), 'utf8')) as Record<string, unknown>;
const ja = catalog('ja');
const en = catalog('en');

export const LANGUAGES = ['ja', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

const instance = i18next.createInstance();
await instance.init({
  lng: 'ja',
  fallbackLng: 'ja',
  resources: { ja: { translation: ja }, en: { translation: en } },
  interpolation: { escapeValue: true },
  initAsync: false,
});

export function translator(lang: Language): TFunction {
  return instance.getFixedT(lang);
}

/** `?lang=` first, then the browser's Accept-Language; Japanese by default. */
export function pickLanguage(query: unknown, acceptLanguage: string | undefined): Language {
  const q = (query as { lang?: unknown } | null)?.lang;
  if (q === 'en' || q === 'ja') return q;
  const first = acceptLanguage?.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'ja';
}
