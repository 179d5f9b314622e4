import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CATEGORIES } from '../../event/event.js';
import {
  ClassificationContentError,
  CONTENT_FILES,
  defaultContentDir,
  loadClassificationTables,
  packageRoot,
  validateClassificationContent,
} from './content-loader.js';
import { USAGE_ITEMS } from './content-schema.js';

const dir = defaultContentDir();
const readJson = (f: string): Record<string, unknown> => JSON.parse(readFileSync(join(dir, f), 'utf8'));

describe('shipped classification content', () => {
  it('is found relative to the package root', () => {
    expect(readFileSync(join(packageRoot(), 'package.json'), 'utf8')).toContain('"name": "otasuke"');
  });

  it('loads every file without a problem', () => {
    const { tables, problems } = validateClassificationContent(dir);
    expect(problems).toEqual([]);
    expect(tables).not.toBeNull();
  });

  it('every file explains itself in _doc', () => {
    for (const f of Object.values(CONTENT_FILES)) expect(readJson(f)._doc, f).toBeTruthy();
  });

  it('every item id is a SPEC §4 usage item', () => {
    const usage = new Set<string>(USAGE_ITEMS);
    for (const id of USAGE_ITEMS) expect(CATEGORIES).toContain(id);
    const domains = readJson(CONTENT_FILES.domains) as { items: Record<string, unknown> };
    const apps = readJson(CONTENT_FILES.apps) as {
      names: Record<string, unknown>;
      categories: Record<string, Record<string, string>>;
      signatures: { keywords: Record<string, unknown> };
    };
    const urls = readJson(CONTENT_FILES.urlCategories) as { vendors: Record<string, Record<string, string>> };
    const ids = [
      ...Object.keys(domains.items),
      ...Object.keys(apps.names),
      ...Object.values(apps.categories).flatMap((m) => Object.values(m)),
      ...Object.keys(apps.signatures.keywords),
    ];
    for (const id of ids) expect(usage.has(id), id).toBe(true);
    for (const v of Object.values(urls.vendors).flatMap((m) => Object.values(m))) {
      expect(usage.has(v) || v === 'harmful' || v === 'c2', v).toBe(true);
    }
  });

  it('covers every usage item from every source', () => {
    const domains = readJson(CONTENT_FILES.domains) as { items: Record<string, unknown> };
    const apps = readJson(CONTENT_FILES.apps) as { names: Record<string, unknown> };
    for (const id of USAGE_ITEMS) {
      expect(Object.keys(domains.items), id).toContain(id);
      expect(Object.keys(apps.names), id).toContain(id);
    }
  });
});

describe('validation reports every problem with file and key', () => {
  let tmp: string | null = null;
  afterEach(() => {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
    tmp = null;
  });

  function broken(edit: (files: Record<string, Record<string, unknown>>) => void): string[] {
    tmp = mkdtempSync(join(tmpdir(), 'otasuke-classify-'));
    cpSync(dir, tmp, { recursive: true });
    const files: Record<string, Record<string, unknown>> = {};
    for (const f of Object.values(CONTENT_FILES)) files[f] = JSON.parse(readFileSync(join(tmp, f), 'utf8'));
    edit(files);
    for (const [f, data] of Object.entries(files)) writeFileSync(join(tmp, f), JSON.stringify(data));
    return validateClassificationContent(tmp).problems;
  }

  it('collects problems from several files in one run', () => {
    const problems = broken((files) => {
      const domains = files[CONTENT_FILES.domains] as { items: Record<string, Record<string, string[]>> };
      domains.items['online-storage'].Bad = ['https://Example.com/path', 'dropbox.com'];
      (domains.items as Record<string, unknown>)['not-an-item'] = { X: ['x.example'] };
      const apps = files[CONTENT_FILES.apps] as { names: Record<string, Record<string, string[]>> };
      apps.names['sns-webmail'].fortigate.push('TeamViewer*', 'a*', 'mid*dle');
      const urls = files[CONTENT_FILES.urlCategories] as { vendors: Record<string, Record<string, string>> };
      urls.vendors.fortigate['Gambling '] = 'online-storage';
      urls.vendors.Bad_Vendor = { X: 'harmful' };
      urls.vendors.generic.Y = 'scary';
      const fam = files[CONTENT_FILES.families] as { families: Record<string, Record<string, unknown>> };
      fam.families['New Family'] = { label: 'x', type: 'malware', c2: true, contains: ['zz'], words: [] };
      fam.families.dup = { label: 'Dup', type: 'malware', c2: true, contains: ['emotet'], words: [] };
    });
    const text = problems.join('\n');
    // Zod shape errors stop that file's deeper checks, so the semantic ones are checked separately below.
    expect(text).toContain('domains.json: items: Unrecognized key: "not-an-item"');
    expect(text).toContain('url-categories.json: vendors.generic.Y');
    expect(text).toContain('threat-families.json: families.New Family');
    expect(text).toContain('apps.json: names.sns-webmail.fortigate');
    expect(problems.length).toBeGreaterThanOrEqual(4);
  });

  it('semantic checks: domain syntax, duplicates, conflicts, prefixes, short patterns', () => {
    const problems = broken((files) => {
      const domains = files[CONTENT_FILES.domains] as { items: Record<string, Record<string, string[]>> };
      domains.items['online-storage'].Bad = ['https://Example.com/path', 'dropbox.com', '*.wild.example'];
      const apps = files[CONTENT_FILES.apps] as { names: Record<string, Record<string, string[]>> };
      apps.names['sns-webmail'].fortigate.push('TeamViewer*', 'a*', 'mid*dle');
      const urls = files[CONTENT_FILES.urlCategories] as { vendors: Record<string, Record<string, string>> };
      urls.vendors.fortigate['gambling'] = 'online-storage';
      urls.vendors.Bad_Vendor = { X: 'harmful' };
      const fam = files[CONTENT_FILES.families] as { families: Record<string, Record<string, unknown>> };
      fam.families.short = { label: 'x', type: 'malware', c2: true, contains: ['zz'], words: [] };
      fam.families.dup = {
        label: 'Dup',
        type: 'malware',
        c2: true,
        contains: ['emotet'],
        words: [],
        domains: ['dropbox.com'],
      };
    });
    const expected = [
      'domains.json: items.online-storage.Bad[0]: "https://Example.com/path" is not a lower-case domain suffix',
      'domains.json: items.online-storage.Bad[1]: "dropbox.com" is already listed at domains.json items.online-storage.Dropbox[0]',
      'domains.json: items.online-storage.Bad[2]',
      'apps.json: names.sns-webmail.fortigate',
      'is already listed for remote-access',
      "a prefix needs 3 characters or more before '*'",
      "'*' is allowed only at the end",
      'url-categories.json: vendors.fortigate.gambling: same name',
      'url-categories.json: vendors.Bad_Vendor: vendor ids are lower-case kebab-case',
      'threat-families.json: families.short.contains[0]: "zz" is too short',
      'threat-families.json: families.dup.contains[0]: "emotet" is already a pattern of families.emotet.contains[0]',
      'threat-families.json: families.dup.domains[0]: "dropbox.com" is already listed at domains.json',
    ];
    const text = problems.join('\n');
    for (const e of expected) expect(text).toContain(e);
  });

  it('invalid JSON and missing files are reported, and loading throws with all problems', () => {
    tmp = mkdtempSync(join(tmpdir(), 'otasuke-classify-'));
    cpSync(dir, tmp, { recursive: true });
    writeFileSync(join(tmp, CONTENT_FILES.apps), '{ "names": ');
    rmSync(join(tmp, CONTENT_FILES.domains));
    const { problems } = validateClassificationContent(tmp);
    expect(problems.some((p) => p.startsWith('apps.json: invalid JSON'))).toBe(true);
    expect(problems.some((p) => p.startsWith('domains.json: cannot read'))).toBe(true);
    expect(() => loadClassificationTables(tmp!)).toThrow(ClassificationContentError);
  });
});
