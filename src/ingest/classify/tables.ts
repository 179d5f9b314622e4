/**
 * The classification content compiled for the hot path: lower-cased Maps built once at
 * load, suffix lookups by label boundary, one precompiled regex for threat families,
 * and small bounded caches for the low-cardinality strings (app names, categories,
 * signature names) so each distinct string is analysed once.
 */
import type { FamilyType, UrlVerdict, UsageItem } from './content-schema.js';

export interface FamilyInfo {
  id: string;
  label: string;
  type: FamilyType;
  /** Seeing it from an inside host (not as a file) means C&C traffic. */
  c2: boolean;
}

export interface DomainHit {
  item: UsageItem | null;
  family: FamilyInfo | null;
}

/** Category names as written vary in case and separators; compare on a canonical form. */
export function normCategory(s: string): string {
  return s
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
}

/**
 * A Map that forgets everything when full. Keys here are vendor vocabularies (a few
 * thousand distinct values), so clearing is rare and cheaper than LRU bookkeeping;
 * the cap only protects memory from a parser that puts unique text in these fields.
 */
class BoundedCache<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly max: number) {}
  get(key: string): V | undefined {
    return this.map.get(key);
  }
  set(key: string, value: V): void {
    if (this.map.size >= this.max) this.map.clear();
    this.map.set(key, value);
  }
}

const CACHE_MAX = 20_000;

export interface CompiledParts {
  domains: Map<string, DomainHit>;
  appExact: Map<string, UsageItem>;
  /** Lower-case prefixes, longest first. */
  appPrefixes: [string, UsageItem][];
  /** vendor → normalized category → item; 'generic' is the fallback vendor. */
  appCategories: Map<string, Map<string, UsageItem>>;
  /** vendor → normalized category → verdict; 'generic' then '*' (all vendors, where they agree). */
  urlCategories: Map<string, Map<string, UrlVerdict>>;
  policyPrefixes: string[];
  signatureKeywords: [string, UsageItem][];
  familyRegex: RegExp | null;
  familyByPattern: Map<string, FamilyInfo>;
  families: Map<string, FamilyInfo>;
}

export class ClassificationTables {
  private readonly appCache = new BoundedCache<UsageItem | null>(CACHE_MAX);
  private readonly appCatCache = new Map<string, BoundedCache<UsageItem | null>>();
  private readonly urlCache = new Map<string, BoundedCache<UrlVerdict | null>>();
  private readonly sigCache = new BoundedCache<UsageItem | null>(CACHE_MAX);
  private readonly familyCache = new BoundedCache<FamilyInfo | null>(CACHE_MAX);

  constructor(private readonly p: CompiledParts) {}

  /** Every family, by id (for the portal's labels). */
  get families(): ReadonlyMap<string, FamilyInfo> {
    return this.p.families;
  }

  /**
   * Longest matching suffix of a host name, on label boundaries, by Map lookups only.
   * The name is expected lower-case (parsers lower-case `domain`); a trailing dot
   * (DNS form) is ignored.
   */
  domain(name: string): DomainHit | null {
    let d = name;
    let end = d.length;
    if (end === 0) return null;
    if (d.charCodeAt(end - 1) === 46) {
      end--;
      d = d.slice(0, end);
    }
    const map = this.p.domains;
    const whole = map.get(d);
    if (whole !== undefined) return whole;
    let dot = d.indexOf('.');
    while (dot >= 0 && dot < end - 1) {
      const hit = map.get(d.slice(dot + 1));
      if (hit !== undefined) return hit;
      dot = d.indexOf('.', dot + 1);
    }
    return null;
  }

  /** Usage item of an application name (exact, then prefix), any vendor. */
  appItem(app: string): UsageItem | null {
    const cached = this.appCache.get(app);
    if (cached !== undefined) return cached;
    const lower = app.trim().toLowerCase();
    let item = this.p.appExact.get(lower) ?? null;
    if (item === null) {
      for (const [prefix, it] of this.p.appPrefixes) {
        if (lower.startsWith(prefix)) {
          item = it;
          break;
        }
      }
    }
    this.appCache.set(app, item);
    return item;
  }

  /** Usage item of a vendor's application category. */
  appCategoryItem(vendor: string, category: string): UsageItem | null {
    let cache = this.appCatCache.get(vendor);
    if (cache === undefined) this.appCatCache.set(vendor, (cache = new BoundedCache(CACHE_MAX)));
    const cached = cache.get(category);
    if (cached !== undefined) return cached;
    const key = normCategory(category);
    const maps = this.p.appCategories;
    const item = maps.get(vendor)?.get(key) ?? maps.get('generic')?.get(key) ?? null;
    cache.set(category, item);
    return item;
  }

  /**
   * What a web-filter category means. A comma-separated list (PAN-OS) is tried name
   * by name: a usage item beats c2, which beats harmful.
   */
  urlVerdict(vendor: string, category: string): UrlVerdict | null {
    let cache = this.urlCache.get(vendor);
    if (cache === undefined) this.urlCache.set(vendor, (cache = new BoundedCache(CACHE_MAX)));
    const cached = cache.get(category);
    if (cached !== undefined) return cached;
    let verdict = this.oneUrlVerdict(vendor, category);
    if (verdict === null && category.includes(',')) {
      for (const part of category.split(',')) {
        const v = this.oneUrlVerdict(vendor, part);
        if (v !== null && rank(v) > rank(verdict)) verdict = v;
      }
    }
    cache.set(category, verdict);
    return verdict;
  }

  private oneUrlVerdict(vendor: string, category: string): UrlVerdict | null {
    const key = normCategory(category);
    if (key.length === 0) return null;
    const maps = this.p.urlCategories;
    return maps.get(vendor)?.get(key) ?? maps.get('generic')?.get(key) ?? maps.get('*')?.get(key) ?? null;
  }

  /** Usage item of an IDS policy signature ("ET POLICY TeamViewer …"), else null. */
  signatureItem(threat: string): UsageItem | null {
    const cached = this.sigCache.get(threat);
    if (cached !== undefined) return cached;
    const lower = threat.toLowerCase();
    let item: UsageItem | null = null;
    if (this.p.policyPrefixes.some((p) => lower.startsWith(p))) {
      for (const [kw, it] of this.p.signatureKeywords) {
        if (lower.includes(kw)) {
          item = it;
          break;
        }
      }
    }
    this.sigCache.set(threat, item);
    return item;
  }

  /** Threat family named in a signature / virus / attack name. */
  family(threat: string): FamilyInfo | null {
    const re = this.p.familyRegex;
    if (re === null) return null;
    const cached = this.familyCache.get(threat);
    if (cached !== undefined) return cached;
    const m = re.exec(threat);
    const fam = m === null ? null : (this.p.familyByPattern.get(m[0].toLowerCase()) ?? null);
    this.familyCache.set(threat, fam);
    return fam;
  }
}

function rank(v: UrlVerdict | null): number {
  if (v === null) return 0;
  if (v === 'harmful') return 1;
  if (v === 'c2') return 2;
  return 3;
}
