/**
 * Loads and validates content/classification/*.json and compiles them into
 * ClassificationTables. Validation collects every problem ("file: key: message")
 * before failing, so a provider fixing the data sees all mistakes in one run.
 */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import { contentDir } from '../../core/paths.js';
import {
  type AppsFile,
  appsFileSchema,
  type DomainsFile,
  domainsFileSchema,
  type FamiliesFile,
  familiesFileSchema,
  type UrlCategoriesFile,
  type UrlVerdict,
  type UsageItem,
  urlCategoriesFileSchema,
} from './content-schema.js';
import { ClassificationTables, type DomainHit, type FamilyInfo, normCategory } from './tables.js';

export const CONTENT_FILES = {
  domains: 'domains.json',
  apps: 'apps.json',
  urlCategories: 'url-categories.json',
  families: 'threat-families.json',
} as const;

export class ClassificationContentError extends Error {
  constructor(readonly problems: string[]) {
    super(`classification content has ${problems.length} problem(s):\n  ${problems.join('\n  ')}`);
    this.name = 'ClassificationContentError';
  }
}

export { packageRoot } from '../../core/paths.js';

export function defaultContentDir(): string {
  return contentDir('classification');
}

const DOMAIN_RE = /^[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*$/;
const VENDOR_RE = /^[a-z0-9]+(-[a-z0-9]+)*$/;

function keyPath(path: readonly PropertyKey[]): string {
  return path.length === 0 ? '(top level)' : path.map((k) => String(k)).join('.');
}

function readJson<S extends z.ZodType>(
  dir: string,
  file: string,
  schema: S,
  problems: string[],
): z.infer<S> | null {
  const path = join(dir, file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    problems.push(`${file}: cannot read: ${(e as Error).message}`);
    return null;
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    problems.push(`${file}: invalid JSON: ${(e as Error).message}`);
    return null;
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    for (const issue of parsed.error.issues)
      problems.push(`${file}: ${keyPath(issue.path)}: ${issue.message}`);
    return null;
  }
  return parsed.data;
}

function checkDomain(file: string, where: string, d: string, problems: string[]): boolean {
  if (!DOMAIN_RE.test(d) || d.length > 253) {
    problems.push(
      `${file}: ${where}: "${d}" is not a lower-case domain suffix (no scheme, path, port, wildcard, or leading/trailing dot)`,
    );
    return false;
  }
  return true;
}

export interface LoadResult {
  tables: ClassificationTables | null;
  problems: string[];
}

/** Reads, validates and compiles; `tables` is null when there is any problem. */
export function validateClassificationContent(dir: string = defaultContentDir()): LoadResult {
  const problems: string[] = [];
  const domainsFile = readJson(dir, CONTENT_FILES.domains, domainsFileSchema, problems);
  const appsFile = readJson(dir, CONTENT_FILES.apps, appsFileSchema, problems);
  const urlFile = readJson(dir, CONTENT_FILES.urlCategories, urlCategoriesFileSchema, problems);
  const famFile = readJson(dir, CONTENT_FILES.families, familiesFileSchema, problems);

  const domainOwner = new Map<string, string>();
  const domains = new Map<string, DomainHit>();
  if (domainsFile) compileDomains(domainsFile, domains, domainOwner, problems);
  const families = new Map<string, FamilyInfo>();
  const familyByPattern = new Map<string, FamilyInfo>();
  let familyRegex: RegExp | null = null;
  if (famFile)
    familyRegex = compileFamilies(famFile, families, familyByPattern, domains, domainOwner, problems);
  const apps = appsFile ? compileApps(appsFile, problems) : null;
  const urlCategories = urlFile ? compileUrlCategories(urlFile, problems) : null;

  if (problems.length > 0 || !apps || !urlCategories) return { tables: null, problems };
  return {
    tables: new ClassificationTables({
      domains,
      ...apps,
      urlCategories,
      familyRegex,
      familyByPattern,
      families,
    }),
    problems,
  };
}

function compileDomains(
  file: DomainsFile,
  out: Map<string, DomainHit>,
  owner: Map<string, string>,
  problems: string[],
): void {
  const f = CONTENT_FILES.domains;
  for (const [item, services] of Object.entries(file.items) as [UsageItem, Record<string, string[]>][]) {
    for (const [service, list] of Object.entries(services)) {
      list.forEach((d, i) => {
        const where = `items.${item}.${service}[${i}]`;
        if (!checkDomain(f, where, d, problems)) return;
        const prev = owner.get(d);
        if (prev !== undefined) {
          problems.push(`${f}: ${where}: "${d}" is already listed at ${prev}`);
          return;
        }
        owner.set(d, `${f} ${where}`);
        out.set(d, { item, family: null });
      });
    }
  }
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

function compileFamilies(
  file: FamiliesFile,
  families: Map<string, FamilyInfo>,
  byPattern: Map<string, FamilyInfo>,
  domains: Map<string, DomainHit>,
  domainOwner: Map<string, string>,
  problems: string[],
): RegExp | null {
  const f = CONTENT_FILES.families;
  const alternatives: { text: string; source: string }[] = [];
  const patternOwner = new Map<string, string>();
  for (const [id, fam] of Object.entries(file.families)) {
    const info: FamilyInfo = { id, label: fam.label, type: fam.type, c2: fam.c2 };
    families.set(id, info);
    if (fam.contains.length === 0 && fam.words.length === 0 && (fam.domains ?? []).length === 0) {
      problems.push(`${f}: families.${id}: needs at least one of contains, words, domains`);
    }
    const add = (kind: 'contains' | 'words', list: string[]): void => {
      list.forEach((raw, i) => {
        const p = raw.toLowerCase();
        const where = `families.${id}.${kind}[${i}]`;
        if (p.length < 3) {
          problems.push(`${f}: ${where}: "${raw}" is too short to match safely (3 characters or more)`);
          return;
        }
        const prev = patternOwner.get(p);
        if (prev !== undefined) {
          problems.push(`${f}: ${where}: "${raw}" is already a pattern of ${prev}`);
          return;
        }
        patternOwner.set(p, where);
        byPattern.set(p, info);
        const esc = escapeRegex(p);
        alternatives.push({ text: p, source: kind === 'words' ? `(?<![a-z0-9])${esc}(?![a-z0-9])` : esc });
      });
    };
    add('contains', fam.contains);
    add('words', fam.words);
    (fam.domains ?? []).forEach((d, i) => {
      const where = `families.${id}.domains[${i}]`;
      if (!checkDomain(f, where, d, problems)) return;
      const prev = domainOwner.get(d);
      if (prev !== undefined) {
        problems.push(`${f}: ${where}: "${d}" is already listed at ${prev}`);
        return;
      }
      domainOwner.set(d, `${f} ${where}`);
      domains.set(d, { item: null, family: info });
    });
  }
  if (alternatives.length === 0) return null;
  // Longest first, so at one position the most specific pattern wins.
  alternatives.sort((a, b) => b.text.length - a.text.length || (a.text < b.text ? -1 : 1));
  return new RegExp(alternatives.map((a) => a.source).join('|'), 'i');
}

function compileApps(file: AppsFile, problems: string[]) {
  const f = CONTENT_FILES.apps;
  const appExact = new Map<string, UsageItem>();
  const prefixes = new Map<string, UsageItem>();
  const owner = new Map<string, string>();
  for (const [item, vendors] of Object.entries(file.names) as [UsageItem, Record<string, string[]>][]) {
    for (const [vendor, names] of Object.entries(vendors)) {
      if (!VENDOR_RE.test(vendor))
        problems.push(`${f}: names.${item}.${vendor}: vendor ids are lower-case kebab-case`);
      names.forEach((raw, i) => {
        const where = `names.${item}.${vendor}[${i}]`;
        const lower = raw.trim().toLowerCase();
        const star = lower.indexOf('*');
        if (star >= 0 && star !== lower.length - 1) {
          problems.push(`${f}: ${where}: "${raw}": '*' is allowed only at the end (a prefix)`);
          return;
        }
        const isPrefix = star >= 0;
        const key = isPrefix ? lower.slice(0, -1) : lower;
        if (isPrefix && key.length < 3) {
          problems.push(`${f}: ${where}: "${raw}": a prefix needs 3 characters or more before '*'`);
          return;
        }
        const ownerKey = (isPrefix ? '*' : '=') + key;
        const prev = owner.get(ownerKey);
        const prevItem = isPrefix ? prefixes.get(key) : appExact.get(key);
        if (prev !== undefined && prevItem !== item) {
          problems.push(`${f}: ${where}: "${raw}" is already listed for ${prevItem} at ${prev}`);
          return;
        }
        owner.set(ownerKey, where);
        if (isPrefix) prefixes.set(key, item);
        else appExact.set(key, item);
      });
    }
  }
  const appCategories = new Map<string, Map<string, UsageItem>>();
  for (const [vendor, cats] of Object.entries(file.categories)) {
    if (!VENDOR_RE.test(vendor))
      problems.push(`${f}: categories.${vendor}: vendor ids are lower-case kebab-case`);
    const m = new Map<string, UsageItem>();
    for (const [name, item] of Object.entries(cats)) {
      const key = normCategory(name);
      const prev = m.get(key);
      if (prev !== undefined && prev !== item) {
        problems.push(
          `${f}: categories.${vendor}.${name}: same name (ignoring case/separators) as another entry mapped to ${prev}`,
        );
      }
      m.set(key, item);
    }
    appCategories.set(vendor, m);
  }
  const policyPrefixes = file.signatures.policyPrefixes.map((p) => p.toLowerCase());
  const signatureKeywords: [string, UsageItem][] = [];
  const kwOwner = new Map<string, string>();
  for (const [item, kws] of Object.entries(file.signatures.keywords) as [UsageItem, string[]][]) {
    kws.forEach((raw, i) => {
      const kw = raw.toLowerCase();
      const where = `signatures.keywords.${item}[${i}]`;
      const prev = kwOwner.get(kw);
      if (prev !== undefined) {
        problems.push(`${f}: ${where}: "${raw}" is already a keyword at ${prev}`);
        return;
      }
      kwOwner.set(kw, where);
      signatureKeywords.push([kw, item]);
    });
  }
  // Longer keywords first: "google drive" must win over a shorter, vaguer one.
  signatureKeywords.sort((a, b) => b[0].length - a[0].length);
  const appPrefixes = [...prefixes.entries()].sort((a, b) => b[0].length - a[0].length);
  return { appExact, appPrefixes, appCategories, policyPrefixes, signatureKeywords };
}

function compileUrlCategories(
  file: UrlCategoriesFile,
  problems: string[],
): Map<string, Map<string, UrlVerdict>> {
  const f = CONTENT_FILES.urlCategories;
  const out = new Map<string, Map<string, UrlVerdict>>();
  // '*': every vendor's names, used for vendors without a list of their own; a name
  // the vendors disagree on is left out rather than guessed.
  const any = new Map<string, UrlVerdict>();
  const conflicted = new Set<string>();
  for (const [vendor, cats] of Object.entries(file.vendors)) {
    if (!VENDOR_RE.test(vendor))
      problems.push(`${f}: vendors.${vendor}: vendor ids are lower-case kebab-case`);
    const m = new Map<string, UrlVerdict>();
    for (const [name, verdict] of Object.entries(cats)) {
      const key = normCategory(name);
      if (key.length === 0) {
        problems.push(`${f}: vendors.${vendor}.${name}: a category name needs letters or digits`);
        continue;
      }
      const prev = m.get(key);
      if (prev !== undefined && prev !== verdict) {
        problems.push(
          `${f}: vendors.${vendor}.${name}: same name (ignoring case/separators) as another entry mapped to ${prev}`,
        );
      }
      m.set(key, verdict);
      const seen = any.get(key);
      if (seen !== undefined && seen !== verdict) conflicted.add(key);
      else any.set(key, verdict);
    }
    out.set(vendor, m);
  }
  for (const key of conflicted) any.delete(key);
  out.set('*', any);
  return out;
}

let singleton: ClassificationTables | null = null;

/** The shipped content, loaded on first use. Throws ClassificationContentError on bad data. */
export function classificationTables(): ClassificationTables {
  if (singleton === null) singleton = loadClassificationTables();
  return singleton;
}

export function loadClassificationTables(dir: string = defaultContentDir()): ClassificationTables {
  const { tables, problems } = validateClassificationContent(dir);
  if (tables === null) throw new ClassificationContentError(problems);
  return tables;
}
