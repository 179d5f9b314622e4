import { ACTIONS, CATEGORIES, CHANNELS, type Channel } from '../event/event.js';
/**
 * The one API client of the portal: typed answers of docs/api.md, errors as ApiError
 * (status + catalogued code), the session's CSRF token on every unsafe request.
 */

export type Role =
  | 'operator-admin'
  | 'analyst'
  | 'agent'
  | 'engineer'
  | 'expert'
  | 'company-admin'
  | 'company-viewer';

export const OPERATOR_ROLES: readonly Role[] = ['operator-admin', 'analyst', 'agent', 'engineer', 'expert'];
export const COMPANY_ROLES: readonly Role[] = ['company-admin', 'company-viewer'];
export const ALL_ROLES: readonly Role[] = [...OPERATOR_ROLES, ...COMPANY_ROLES];

export const isOperator = (role: Role): boolean => OPERATOR_ROLES.includes(role);

/** The monitoring items, channels and actions are the event contract's own lists (SPEC §3–4). */
export const ITEMS = CATEGORIES;
export type Item = (typeof ITEMS)[number];
export const USAGE_ITEMS: readonly Item[] = [
  'online-storage',
  'remote-access',
  'risky-input-tool',
  'sns-webmail',
];

export { ACTIONS, CHANNELS, type Channel };

export const SCENARIOS = ['ransomware', 'targeted-attack', 'insider-leak', 'careless-leak'] as const;

export interface User {
  id: string;
  login: string;
  name: string;
  email: string | null;
  role: Role;
  tenant: string | null;
  tenantName: string | null;
  mustChangePassword: boolean;
  totpEnabled: boolean;
  disabled: boolean;
  locked: boolean;
  lastLoginAt: string | null;
  assigned: string[];
}

export interface Session {
  user: User;
  csrfToken: string;
}

export interface Company {
  id: string;
  name: string;
  nameEn?: string | null;
  prefecture?: string | null;
  city?: string | null;
  industry?: string | null;
  employees?: number | null;
  capitalYen?: number | null;
  contact?: { name: string | null; phone: string | null; email: string | null };
}

export interface Period {
  from: string;
  to: string;
}

export interface ItemCount {
  item: Item;
  count: number;
  previousCount: number;
  change: number | null;
  actions: Record<string, number>;
  handled: 'blocked' | 'detected' | 'seen' | 'none';
}

export interface ItemsAnswer {
  period: Period;
  previous: Period;
  items: ItemCount[];
}

export interface TrendAnswer {
  /** The bucket the answer was computed for (labels follow it, not the picker's current state). */
  bucket: 'day' | 'week' | 'month';
  buckets: string[];
  series: Partial<Record<Item, number[]>>;
}

export interface VirusAnswer {
  bucket: 'day' | 'week' | 'month';
  buckets: string[];
  byChannelOverTime: Partial<Record<Channel, number[]>>;
  byChannel: Partial<Record<Channel, number>>;
  byChannelCumulative: Partial<Record<Channel, number[]>>;
  byFamily: { family: string; n: number }[];
}

export type Level = 'none' | 'low' | 'medium' | 'high';

export interface ScenarioAnswer {
  scenarios: {
    id: string;
    level: Level;
    evidence: { item: Item; count: number }[];
    frequency: string;
    impact: string;
  }[];
}

export interface UsageAnswer {
  items: {
    item: Item;
    count: number;
    services: { name: string; n: number }[];
    hosts: { host: string; n: number }[];
  }[];
}

export interface VisibilityAnswer {
  encryptedShare: number | null;
  uninspectedKinds: string[];
  devices: { id: string; vendor: string | null; lastSeenAt: string | null; silent: boolean }[];
}

export interface EventRow {
  ts: string;
  tenant: string | null;
  device: string | null;
  vendor: string;
  kind: string;
  action: string | null;
  direction: string;
  src_ip: string | null;
  src_port: number | null;
  dst_ip: string | null;
  dst_port: number | null;
  proto: string | null;
  category: Item | null;
  channel: Channel | null;
  threat: string | null;
  threat_family: string | null;
  url: string | null;
  domain: string | null;
  app: string | null;
  user: string | null;
  severity: number | null;
  rule: string | null;
}

export interface EventsAnswer {
  events: EventRow[];
  nextCursor: string | null;
}

type Lang = 'ja' | 'en';
type PerLang<T> = Partial<Record<Lang, T>>;

/** GET /api/content/portal: the plain-language texts (content/portal/*.json). */
export interface PortalContent {
  items: Partial<
    Record<
      string,
      PerLang<{
        name: string;
        explain: string;
        countermeasure?: string;
        handled: Partial<Record<ItemCount['handled'], string>> | string;
      }>
    >
  >;
  channels?: Partial<Record<string, PerLang<string>>>;
  actions?: Partial<Record<string, PerLang<string>>>;
  scenarios: Partial<
    Record<
      string,
      PerLang<{
        name: string;
        summary?: string;
        steps: string[];
        countermeasures: string[];
        frequency?: string;
        impact?: string;
      }>
    >
  >;
  levels?: Partial<Record<Level, PerLang<{ label: string; text: string }>>>;
  ratings?: Partial<Record<string, PerLang<string>>>;
  visibility?: {
    general?: PerLang<string>;
    encrypted?: PerLang<{ title: string; text: string }>;
    kinds?: Partial<Record<string, PerLang<{ name: string; missing: string }>>>;
    silent?: PerLang<{ title: string; text: string }>;
  };
}

export interface OperatorCompany {
  id: string;
  name: string;
  prefecture: string | null;
  industry: string | null;
  employees: number | null;
  devices: { total: number; silent: number };
  lastLogAt: string | null;
  openAlerts: number;
  items: Partial<Record<Item, number>>;
}

export interface ProgrammeSummary {
  period: Period;
  utms: number;
  companies: number;
  items: { item: Item; total: number; utms: number }[];
}

export interface Device {
  id: string;
  tenant: string;
  format: string;
  timezone: string;
  sources: string[];
  hostnames: string[];
  internal_networks: string[] | null;
  tls_fingerprint: string | null;
  enabled: boolean;
  silent_after_minutes: number;
  has_token: boolean;
  created_at: string | null;
  updated_at: string | null;
  last_seen_at: string | null;
}

export interface DeviceHealth {
  device: string;
  tenant: string;
  enabled: boolean;
  last_seen_at: string | null;
  silent: boolean;
  records_24h: number;
  errors_24h: number;
}

export interface UnassignedSource {
  address: string;
  hostname: string | null;
  first_seen_at: string | null;
  last_seen_at: string | null;
  count: number;
  samples: string[];
}

export interface DeviceAlert {
  id: string;
  tenant: string;
  device: string;
  kind: string;
  status: 'open' | 'cleared';
  raised_at: string | null;
  cleared_at: string | null;
  detail: { last_seen_at: string | null; silent_after_minutes: number; reason?: string };
}

export interface AuditEntry {
  id: string;
  at: string;
  actor: { id: string | null; login: string | null; role: string | null } | null;
  action: string;
  tenant: string | null;
  target: string | null;
  ip: string | null;
  detail: unknown;
}

export interface DemoStatus {
  state: 'off' | 'loading' | 'done' | 'failed';
  done: number;
  total: number;
  companies: number;
  message?: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export type Query = Record<string, string | number | boolean | null | undefined>;

let csrfToken: string | null = null;
/** Called when the server says the session is gone (401) or the password must change first. */
let onAuthProblem: ((code: 'unauthorized' | 'password-change-required') => void) | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export function setAuthProblemHandler(fn: typeof onAuthProblem): void {
  onAuthProblem = fn;
}

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

/** Sends a request; returns the raw Response when it succeeded, throws ApiError otherwise. */
export async function request(
  method: string,
  path: string,
  opts: { query?: Query; body?: unknown; signal?: AbortSignal; quiet?: boolean } = {},
): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(withQuery(path, opts.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      signal: opts.signal,
    });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError(0, 'network', 'network error');
  }
  if (res.ok) return res;
  let code = 'http-' + res.status;
  let message = res.statusText;
  let field: string | undefined;
  try {
    const b = (await res.json()) as { error?: { code?: string; message?: string; field?: string } };
    if (b.error?.code) code = b.error.code;
    if (b.error?.message) message = b.error.message;
    field = b.error?.field;
  } catch {
    // not JSON: keep the status text
  }
  if (!opts.quiet && (code === 'unauthorized' || code === 'password-change-required')) onAuthProblem?.(code);
  throw new ApiError(res.status, code, message, field);
}

async function json<T>(
  method: string,
  path: string,
  opts: { query?: Query; body?: unknown; signal?: AbortSignal; quiet?: boolean } = {},
): Promise<T> {
  const res = await request(method, path, opts);
  return (await res.json()) as T;
}

const enc = encodeURIComponent;
type Opt = { signal?: AbortSignal };

export const api = {
  // accounts
  me: (o: Opt = {}) => json<Session>('GET', '/api/auth/me', { ...o, quiet: true }),
  login: (body: { login: string; password: string; totp?: string }) =>
    json<Session>('POST', '/api/auth/login', { body, quiet: true }),
  logout: () => json<{ ok: true }>('POST', '/api/auth/logout', { body: {}, quiet: true }),
  changePassword: (current: string, next: string) =>
    json<{ ok: true }>('POST', '/api/auth/password', { body: { current, next } }),
  totpSetup: () => json<{ secret: string; otpauthUrl: string }>('POST', '/api/auth/totp/setup', { body: {} }),
  totpEnable: (code: string) => json<{ ok: true }>('POST', '/api/auth/totp/enable', { body: { code } }),
  totpDisable: (password: string) =>
    json<{ ok: true }>('POST', '/api/auth/totp/disable', { body: { password } }),
  users: (tenant?: string, o: Opt = {}) =>
    json<{ users: User[] }>('GET', '/api/users', { ...o, query: { tenant } }),
  createUser: (body: { login: string; name: string; email?: string; role: Role; tenant?: string }) =>
    json<{ user: User; temporaryPassword: string }>('POST', '/api/users', { body }),
  updateUser: (id: string, body: { name?: string; email?: string; role?: Role; disabled?: boolean }) =>
    json<{ user: User }>('PATCH', `/api/users/${enc(id)}`, { body }),
  resetPassword: (id: string) =>
    json<{ temporaryPassword: string }>('POST', `/api/users/${enc(id)}/reset-password`, { body: {} }),
  assignCompanies: (id: string, tenants: string[]) =>
    json<{ user: User }>('PUT', `/api/users/${enc(id)}/companies`, { body: { tenants } }),
  audit: (query: Query, o: Opt = {}) =>
    json<{ entries: AuditEntry[]; nextCursor: string | null }>('GET', '/api/audit', { ...o, query }),
  settings: (o: Opt = {}) => json<{ require_operator_totp: boolean }>('GET', '/api/settings', o),
  saveSettings: (body: { require_operator_totp: boolean }) =>
    json<{ require_operator_totp: boolean }>('PUT', '/api/settings', { body }),
  // companies
  companies: (o: Opt = {}) => json<{ companies: Company[] }>('GET', '/api/companies', o),
  company: (tenant: string, o: Opt = {}) =>
    json<{ company: Company }>('GET', `/api/companies/${enc(tenant)}`, o),
  // dashboard
  items: (tenant: string, p: Period, o: Opt = {}) =>
    json<ItemsAnswer>('GET', `/api/companies/${enc(tenant)}/dashboard/items`, {
      ...o,
      query: { from: p.from, to: p.to },
    }),
  trend: (tenant: string, p: Period, bucket: string, o: Opt = {}) =>
    json<TrendAnswer>('GET', `/api/companies/${enc(tenant)}/dashboard/trend`, {
      ...o,
      query: { from: p.from, to: p.to, bucket },
    }),
  virus: (tenant: string, p: Period, bucket: string, o: Opt = {}) =>
    json<VirusAnswer>('GET', `/api/companies/${enc(tenant)}/dashboard/virus`, {
      ...o,
      query: { from: p.from, to: p.to, bucket },
    }),
  scenarios: (tenant: string, p: Period, o: Opt = {}) =>
    json<ScenarioAnswer>('GET', `/api/companies/${enc(tenant)}/dashboard/scenarios`, {
      ...o,
      query: { from: p.from, to: p.to },
    }),
  usage: (tenant: string, p: Period, o: Opt = {}) =>
    json<UsageAnswer>('GET', `/api/companies/${enc(tenant)}/dashboard/usage`, {
      ...o,
      query: { from: p.from, to: p.to },
    }),
  visibility: (tenant: string, p: Period, o: Opt = {}) =>
    json<VisibilityAnswer>('GET', `/api/companies/${enc(tenant)}/dashboard/visibility`, {
      ...o,
      query: { from: p.from, to: p.to },
    }),
  events: (tenant: string, query: Query, o: Opt = {}) =>
    json<EventsAnswer>('GET', `/api/companies/${enc(tenant)}/events`, { ...o, query }),
  eventsCsv: (tenant: string, query: Query, o: Opt = {}) =>
    request('GET', `/api/companies/${enc(tenant)}/events.csv`, { ...o, query }),
  content: (o: Opt = {}) => json<PortalContent>('GET', '/api/content/portal', o),
  // operator views
  operatorCompanies: (p: Period, o: Opt = {}) =>
    json<{ companies: OperatorCompany[] }>('GET', '/api/operator/companies', {
      ...o,
      query: { from: p.from, to: p.to },
    }),
  programme: (p: Period, o: Opt = {}) =>
    json<ProgrammeSummary>('GET', '/api/programme/summary', { ...o, query: { from: p.from, to: p.to } }),
  devices: (o: Opt = {}) => json<{ devices: Device[] }>('GET', '/api/devices', o),
  deviceHealth: (o: Opt = {}) => json<{ devices: DeviceHealth[] }>('GET', '/api/health/devices', o),
  addDevice: (body: Partial<Device> & { id: string; tenant: string }) =>
    json<{ device: Device; token: string }>('POST', '/api/devices', { body }),
  updateDevice: (id: string, body: Partial<Device>) =>
    json<{ device: Device }>('PATCH', `/api/devices/${enc(id)}`, { body }),
  rotateToken: (id: string) => json<{ token: string }>('POST', `/api/devices/${enc(id)}/token`, { body: {} }),
  openAlerts: (o: Opt = {}) =>
    json<{ alerts: DeviceAlert[] }>('GET', '/api/alerts', { ...o, query: { status: 'open' } }),
  unassigned: (o: Opt = {}) => json<{ sources: UnassignedSource[] }>('GET', '/api/unassigned', o),
  assign: (address: string, device: string) =>
    json<{ device: Device; replayed: number | null }>('POST', `/api/unassigned/${enc(address)}/assign`, {
      body: { device },
    }),
  demoStatus: (o: Opt = {}) => json<{ demo: DemoStatus }>('GET', '/api/demo/status', { ...o, quiet: true }),
};
