import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentDir } from '../core/paths.js';
import { pickLanguage, translator } from './index.js';

function keys(o: unknown, prefix = ''): string[] {
  return Object.entries(o as Record<string, unknown>).flatMap(([k, v]) =>
    typeof v === 'object' && v !== null ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

describe('message catalogs', () => {
  const load = (l: string) => JSON.parse(readFileSync(join(contentDir('i18n'), `${l}.json`), 'utf8'));
  it('Japanese and English have the same keys, none empty', () => {
    const ja = load('ja');
    const en = load('en');
    expect(keys(ja).sort()).toEqual(keys(en).sort());
    for (const k of keys(ja)) expect(translator('ja')(k).length, k).toBeGreaterThan(0);
  });
  it('picks the language from ?lang, then Accept-Language, Japanese by default', () => {
    expect(pickLanguage({ lang: 'en' }, 'ja')).toBe('en');
    expect(pickLanguage({}, 'en-GB,en;q=0.8')).toBe('en');
    expect(pickLanguage({}, undefined)).toBe('ja');
    expect(pickLanguage({ lang: 'fr' }, 'fr-FR')).toBe('ja');
  });
});
