/**
 * The anonymisation policy, column by column: what reaches the programme office and
 * how. A stored column not listed here (user, url, raw …) never reaches the file; the
 * backend copies nothing on its own. Change this list and docs/sharing.md together.
 *
 * | out column     | from                        | how                                              |
 * |----------------|-----------------------------|--------------------------------------------------|
 * | time           | ts                          | as is (UTC)                                      |
 * | company/device | tenant / device             | keyed pseudonym (c_… / d_…)                      |
 * | src_ip/dst_ip  | src_ip / dst_ip             | Crypto-PAn (prefix-preserving)                   |
 * | domain         | domain                      | registrable domain of public sites seen at ≥ k companies |
 * | threat, app    | threat / app                | catalogue names, identifying parts removed       |
 * | rule           | rule                        | number kept, a name becomes a pseudonym (r_…)    |
 * | vendor, proto, threat_family | same          | one-word codes only                              |
 * | kind … channel | same                        | only the values of the event catalogue           |
 * | ports, bytes, severity | same                | as is                                            |
 */
import { ACTIONS, CATEGORIES, CHANNELS, DIRECTIONS, KINDS } from '../event/event.js';
import type {
  ShareColumn,
  ShareCountQuery,
  ShareSession,
  ShareTextColumn,
} from '../storage/events/event-store.js';
import { parseIp } from './crypto-pan.js';
import { cryptoPanOf, pseudonym, type ShareKeys } from './pseudonym.js';
import { type IdentifierMatcher, isRuleNumber, registrableDomain, scrubText, scrubToken } from './scrub.js';

/** The value maps the columns below are replaced through. */
export type MapName = 'company' | 'device' | 'ip' | 'domain' | 'text' | 'token' | 'rule';

const map = (name: string, from: ShareTextColumn, m: MapName): ShareColumn => ({
  name,
  from,
  as: 'map',
  map: m,
});

export const EVENT_COLUMNS: readonly ShareColumn[] = [
  { name: 'time', from: 'ts', as: 'time' },
  map('company', 'tenant', 'company'),
  map('device', 'device', 'device'),
  map('vendor', 'vendor', 'token'),
  { name: 'kind', from: 'kind', as: 'enum', allowed: KINDS },
  { name: 'action', from: 'action', as: 'enum', allowed: ACTIONS },
  { name: 'direction', from: 'direction', as: 'enum', allowed: DIRECTIONS },
  map('src_ip', 'src_ip', 'ip'),
  { name: 'src_port', from: 'src_port', as: 'int' },
  map('dst_ip', 'dst_ip', 'ip'),
  { name: 'dst_port', from: 'dst_port', as: 'int' },
  map('proto', 'proto', 'token'),
  { name: 'category', from: 'category', as: 'enum', allowed: CATEGORIES },
  { name: 'channel', from: 'channel', as: 'enum', allowed: CHANNELS },
  map('threat', 'threat', 'text'),
  map('threat_family', 'threat_family', 'token'),
  map('domain', 'domain', 'domain'),
  map('app', 'app', 'text'),
  map('rule', 'rule', 'rule'),
  { name: 'bytes_in', from: 'bytes_in', as: 'int' },
  { name: 'bytes_out', from: 'bytes_out', as: 'int' },
  { name: 'severity', from: 'severity', as: 'int' },
];

/** Dimensions of the aggregate export (after the day or month column). */
export const COUNT_DIMS: ShareCountQuery['dims'] = [
  { name: 'category', from: 'category', as: 'enum', allowed: CATEGORIES },
  { name: 'action', from: 'action', as: 'enum', allowed: ACTIONS },
  { name: 'channel', from: 'channel', as: 'enum', allowed: CHANNELS },
  { name: 'threat_family', from: 'threat_family', as: 'map', map: 'token' },
  { name: 'vendor', from: 'vendor', as: 'map', map: 'token' },
];

/** Entries of a map: the replacement of each value, leaving out those that are removed. */
function entries(values: readonly string[], f: (v: string) => string | null): [string, string][] {
  const out: [string, string][] = [];
  for (const v of values) {
    const r = f(v);
    if (r !== null) out.push([v, r]);
  }
  return out;
}

export interface PolicyContext {
  session: ShareSession;
  keys: ShareKeys;
  /** Company ids, device ids and the caller's extra words: text naming one is dropped. */
  known: IdentifierMatcher;
  k: number;
  progress: (line: string) => void;
}

/** The identifying values of the period, read once: the maps are built from them and text is checked against them. */
export interface PeriodValues {
  tenants: string[];
  devices: string[];
  users: string[];
  /** Values of src_ip and dst_ip (events level only). */
  ips: string[];
  /** Values of domain (events level only). */
  hosts: string[];
}

export async function readPeriodValues(
  session: ShareSession,
  level: 'events' | 'aggregate',
): Promise<PeriodValues> {
  const all = level === 'events';
  return {
    tenants: await session.distinctValues(['tenant']),
    devices: await session.distinctValues(['device']),
    users: await session.distinctValues(['user']),
    ips: all ? await session.distinctValues(['src_ip', 'dst_ip']) : [],
    hosts: all ? await session.distinctValues(['domain']) : [],
  };
}

/** Account names that name nobody: a signature called "SSH.Root.Login" stays. */
const GENERIC_ACCOUNTS = new Set(
  (
    'admin administrator root guest user users test anonymous system unknown support operator service ' +
    'backup default nobody www ftp mail postmaster webmaster info none null'
  ).split(' '),
);

/**
 * Words that name a company, a device, a person or an internal host: company and device
 * ids, user names (also without their Windows domain or mail domain), host names found
 * in address fields, internal names in the domain field, and the caller's own words.
 * A threat or application name containing one is dropped.
 */
export function identifyingWords(v: PeriodValues, extra: readonly string[] = []): string[] {
  const words = [...v.tenants, ...v.devices, ...extra];
  for (const u of v.users) {
    const local = u.replace(/^.*\\/, '').replace(/@.*$/, '');
    for (const w of [u, local]) if (!GENERIC_ACCOUNTS.has(w.trim().toLowerCase())) words.push(w);
  }
  for (const ip of v.ips) if (!parseIp(ip)) words.push(ip);
  for (const h of v.hosts) if (registrableDomain(h) === null) words.push(h);
  return words;
}

/** Companies and devices: keyed pseudonyms. */
export async function loadIdentityMaps(ctx: PolicyContext, v: PeriodValues): Promise<void> {
  await ctx.session.loadMap(
    'company',
    entries(v.tenants, (t) => pseudonym(ctx.keys, 'company', t)),
  );
  await ctx.session.loadMap(
    'device',
    entries(v.devices, (d) => pseudonym(ctx.keys, 'device', d)),
  );
}

export async function loadTokenMap(ctx: PolicyContext): Promise<void> {
  const values = await ctx.session.distinctValues(['vendor', 'proto', 'threat_family']);
  await ctx.session.loadMap(
    'token',
    entries(values, (v) => scrubToken(v, ctx.known)),
  );
}

export async function loadIpMap(ctx: PolicyContext, ips: readonly string[]): Promise<void> {
  ctx.progress(`anonymising ${ips.length.toLocaleString('en-US')} IP addresses (Crypto-PAn)`);
  const anon = cryptoPanOf(ctx.keys).anonymizeAll(ips);
  await ctx.session.loadMap(
    'ip',
    entries(ips, (ip) => anon.get(ip) ?? null),
  );
}

export async function loadTextMaps(ctx: PolicyContext): Promise<void> {
  const texts = await ctx.session.distinctValues(['threat', 'app']);
  await ctx.session.loadMap(
    'text',
    entries(texts, (t) => scrubText(t, ctx.known)),
  );
  const rules = await ctx.session.distinctValues(['rule']);
  await ctx.session.loadMap(
    'rule',
    entries(rules, (r) => (isRuleNumber(r) ? r.trim() : pseudonym(ctx.keys, 'rule', r))),
  );
}

/**
 * Domains: the registrable domain of a public site, and only when at least k companies
 * visited it in the period — a domain few companies visit (a supplier's, the company's
 * own) tells who the company is. Resolves to the number of registrable domains removed.
 */
export async function loadDomainMap(ctx: PolicyContext, hosts: readonly string[]): Promise<number> {
  const reg = entries(hosts, (h) => {
    const d = registrableDomain(h);
    return d === null || ctx.known.test(d) ? null : d;
  });
  await ctx.session.loadMap('domain', reg);
  const companies = await ctx.session.tenantsPerMapped('domain', 'domain');
  const kept = reg.filter(([, d]) => (companies.get(d) ?? 0) >= ctx.k);
  await ctx.session.loadMap('domain', kept);
  let removed = 0;
  for (const n of companies.values()) if (n < ctx.k) removed++;
  return removed;
}
