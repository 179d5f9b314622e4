import type {
  AlertCloseReason,
  CaseCategory,
  CaseChannel,
  CaseStatus,
  ClaimDocument,
  ClaimStatus,
  CostKind,
  DeskAlertStatus,
  DispatchStatus,
  ObservableType,
  Priority,
  RuleLevel,
  TimelineKind,
  Urgency,
  Visibility,
} from '../desk/model.js';
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

/** Programme settings (GET / PUT /api/settings). */
export interface Settings {
  require_operator_totp: boolean;
  /** the lowest alert level mailed to staff */
  'notify.alert_min_level': 'informational' | 'low' | 'medium' | 'high' | 'critical';
}

/** One of the provider's people, as the desk's pickers list them (GET /api/desk/staff). */
export interface StaffMember {
  id: string;
  name: string;
  role: Role;
  login?: string;
}

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

// ---------------------------------------------------------------------------
// Desk (docs/api.md "Desk"): alert queue, cases, consultations, dispatches, insurance.
// Times go out as epoch ms and come back as ISO strings.

export interface DeskAlert {
  id: string;
  tenant: string;
  companyName: string;
  ruleId: string;
  title: string;
  titleJa: string;
  level: RuleLevel;
  tags: string[];
  groupKey: string;
  groupFields: Record<string, string | null>;
  device: string | null;
  status: DeskAlertStatus;
  firstSeenAt: string;
  lastSeenAt: string;
  count: number;
  acknowledgedBy: string | null;
  acknowledgedAt: string | null;
  closedBy: string | null;
  closedAt: string | null;
  closeReason: AlertCloseReason | null;
  closeNote: string | null;
  caseId: string | null;
  caseNumber: string | null;
}

export interface DeskAlertList {
  alerts: DeskAlert[];
  nextCursor: string | null;
  counts: Record<DeskAlertStatus, number>;
}

export interface DeskRule {
  id: string;
  title: string;
  titleJa: string;
  description: string | null;
  descriptionJa: string | null;
  tags: string[];
  falsepositives: string[];
  falsepositivesJa?: string[];
}

/** A sample event of an alert: the normalized event (SPEC §3), shown by the fields the search also shows. */
export type DeskAlertEvent = Partial<EventRow> & Record<string, unknown>;

export interface DeskAlertDetail {
  alert: DeskAlert;
  events: DeskAlertEvent[];
  rule: DeskRule | null;
}

/** An alert as the company reads it: plain language, no rule internals. */
export interface CompanyAlert {
  id: string;
  ruleId: string;
  level: RuleLevel;
  title: string;
  explain: string | null;
  advice: string | null;
  firstSeenAt: string;
  lastSeenAt: string;
  count: number;
  state: 'checking' | 'handled' | 'case';
  caseNumber: string | null;
  caseId: string | null;
}

export type SlaState = 'ok' | 'at-risk' | 'breached';

export interface CaseSummary {
  id: string;
  number: string;
  tenant: string;
  companyName: string;
  title: string;
  category: CaseCategory;
  channel: CaseChannel;
  priority: Priority;
  status: CaseStatus;
  assignee: { id: string; name: string } | null;
  createdAt: string;
  updatedAt: string;
  sla: { state: SlaState; nextDueAt: string | null };
}

export interface ChecklistStep {
  id: string;
  title: { ja: string; en: string };
  done: boolean;
  at: string | null;
  by: string | null;
}

export interface DeskCase extends CaseSummary {
  description: string;
  template: string | null;
  occurredAt: string | null;
  affectedHost: string | null;
  urgency: Urgency | null;
  reporterName: string | null;
  reporterContact: string | null;
  firstResponseAt: string | null;
  lastUpdateAt: string | null;
  resolvedAt: string | null;
  closedAt: string | null;
  resolution: string | null;
  reopened: boolean | number;
  checklist: ChecklistStep[];
}

/** src/desk/sla.ts TimerState with the due time as an ISO string. */
export interface SlaTimer {
  dueAt: string;
  usedMinutes: number;
  limitMinutes: number;
  state: 'met' | 'breached' | 'running' | 'overdue' | 'paused';
}

export interface CaseSla {
  firstResponse: SlaTimer;
  update: SlaTimer | null;
  resolution: SlaTimer;
}

export interface TimelineEntry {
  id: string;
  at: string;
  actor: { id: string | null; name: string | null; role: string | null } | null;
  kind: TimelineKind;
  visibility: Visibility;
  body: string | null;
  detail: Record<string, unknown> | null;
}

export interface CaseLink {
  kind: 'alert' | 'event' | 'observable';
  type: string;
  value: string;
  note: string | null;
  detail: unknown;
  createdAt: string;
}

export interface Attachment {
  id: string;
  fileName: string;
  contentType: string;
  size: number;
  sha256: string;
  visibility: Visibility;
  createdAt: string;
  url: string;
}

export interface VisitReport {
  findings: string;
  actionsTaken: string;
  advice: string;
  filedAt: string | null;
  /** staff: {id, name}; the company's view: {name} */
  filedBy: { id?: string; name: string } | null;
}

export interface Dispatch {
  id: string;
  number: string;
  caseId: string;
  caseNumber: string | null;
  tenant: string;
  companyName: string | null;
  status: DispatchStatus;
  reason: string;
  siteAddress: string | null;
  siteContact: string | null;
  requestedAt: string;
  requestedBy?: { id: string; name: string } | null;
  engineer: { id?: string; name: string } | null;
  scheduledStart: string | null;
  scheduledEnd: string | null;
  departedAt: string | null;
  arrivedAt: string | null;
  leftAt: string | null;
  returnedAt: string | null;
  travelMinutes: number | null;
  workMinutes: number | null;
  report: VisitReport | null;
  signOff: { name: string; comment: string | null; at: string } | null;
  cancelReason: string | null;
}

/** The company's view of a dispatch: the same without staff ids. */
export type CompanyDispatch = Omit<Dispatch, 'requestedBy'>;

export interface Policy {
  id: string;
  tenant: string;
  insurer: string;
  policyNumber: string;
  product: string | null;
  limitTotalYen: number;
  limitPerIncidentYen: number | null;
  deductibleYen: number;
  covered: CostKind[];
  periodStart: string;
  periodEnd: string;
  insurerContact: string | null;
  notes: string | null;
  active: boolean;
}

/** A policy to add or correct; null clears an optional field. */
export interface PolicyInput {
  insurer: string;
  policyNumber: string;
  product?: string | null;
  limitTotalYen: number;
  limitPerIncidentYen?: number | null;
  deductibleYen: number;
  covered: CostKind[];
  periodStart: string;
  periodEnd: string;
  insurerContact?: string | null;
  notes?: string | null;
}

export interface ClaimItem {
  id: string;
  kind: CostKind;
  description: string;
  amountYen: number;
  incurredOn: string;
  dispatchId: string | null;
  covered: boolean;
}

export interface ClaimDocumentRow {
  docType: ClaimDocument;
  status: 'missing' | 'attached' | 'not-needed';
  attachmentId: string | null;
  note: string | null;
}

export interface ClaimTotals {
  claimedYen: number;
  coveredYen: number;
  uncoveredYen: number;
  deductibleYen: number;
  payableYen: number;
}

export interface Claim {
  id: string;
  number: string;
  caseId: string;
  caseNumber: string;
  tenant: string;
  companyName: string;
  policy: Policy;
  status: ClaimStatus;
  incidentDate: string;
  notifiedInsurerAt: string | null;
  submittedAt: string | null;
  decidedAt: string | null;
  approvedYen: number | null;
  paidYen: number | null;
  notes: string | null;
  items: ClaimItem[];
  documents: ClaimDocumentRow[];
  totals: ClaimTotals;
}

export interface ClaimSummary {
  id: string;
  number: string;
  caseId: string;
  caseNumber: string;
  tenant: string;
  companyName: string;
  policyId: string;
  insurer: string;
  policyNumber: string;
  status: ClaimStatus;
  incidentDate: string;
  claimedYen: number;
  payableYen: number;
  approvedYen: number | null;
  paidYen: number | null;
  createdAt: string;
  updatedAt: string;
}

export interface CaseTemplate {
  id: string;
  category: CaseCategory;
  priority: Priority;
  title: { ja: string; en: string };
  description: { ja: string; en: string };
  steps: { id: string; ja: string; en: string }[];
}

export interface CaseDetail {
  case: DeskCase;
  sla: CaseSla;
  timeline: TimelineEntry[];
  links: CaseLink[];
  attachments: Attachment[];
  dispatches: Dispatch[];
  claims: ClaimSummary[];
  alerts: DeskAlert[];
}

export interface CaseInput {
  tenant: string;
  title: string;
  description: string;
  category: CaseCategory;
  channel: 'phone' | 'mail' | 'visit' | 'web';
  priority?: Priority;
  template?: string;
  occurredAt?: number;
  affectedHost?: string;
  reporterName?: string;
  reporterContact?: string;
  assigneeId?: string;
}

export interface CompanyCase {
  id: string;
  number: string;
  title: string;
  category: CaseCategory;
  status: CaseStatus;
  priority: Priority;
  urgency: Urgency | null;
  createdAt: string;
  updatedAt: string;
  resolvedAt: string | null;
  lastMessageAt: string | null;
}

export interface CompanyCaseDetail {
  case: CompanyCase;
  timeline: TimelineEntry[];
  dispatches: CompanyDispatch[];
  attachments: Attachment[];
}

export interface ConsultationInput {
  whatHappened: string;
  title?: string;
  occurredAt?: number;
  affectedHost?: string;
  urgency: Urgency;
  category?: CaseCategory;
  contactName?: string;
  contactPhone?: string;
}

interface Durations {
  count: number;
  medianMinutes: number | null;
  p90Minutes: number | null;
}

export interface DeskStats {
  month: string;
  consultations: {
    total: number;
    byCategory: Partial<Record<CaseCategory, number>>;
    byChannel: Partial<Record<CaseChannel, number>>;
  };
  firstResponse: Durations;
  resolution: Durations;
  slaBreaches: { firstResponse: number; update: number; resolution: number };
  dispatches: {
    requested: number;
    completed: number;
    medianOnSiteMinutes: number | null;
    medianTravelMinutes: number | null;
  };
  claims: { count: number; claimedYen: number; paidYen: number };
  alerts: { raised: number; escalated: number; closedBenign: number };
}

export interface DispatchInput {
  reason: string;
  siteAddress?: string;
  siteContact?: string;
  engineerId?: string;
  scheduledStart?: number;
  scheduledEnd?: number;
}

export interface ReportInput {
  findings: string;
  actionsTaken: string;
  advice: string;
  departedAt?: number;
  arrivedAt?: number;
  leftAt?: number;
  returnedAt?: number;
}

export interface UploadProgress {
  loaded: number;
  total: number;
}

/**
 * A multipart upload with progress (fetch cannot report upload progress): the fields
 * go before the file so the server reads them with it. Errors as ApiError.
 */
export function upload(
  path: string,
  file: File,
  fields: Record<string, string>,
  opts: { onProgress?: (p: UploadProgress) => void; signal?: AbortSignal } = {},
): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.withCredentials = true;
    xhr.setRequestHeader('accept', 'application/json');
    if (csrfToken) xhr.setRequestHeader('x-csrf-token', csrfToken);
    xhr.upload.onprogress = (e) =>
      opts.onProgress?.({ loaded: e.loaded, total: e.lengthComputable ? e.total : file.size });
    xhr.onerror = () => reject(new ApiError(0, 'network', 'network error'));
    xhr.onabort = () => reject(new DOMException('aborted', 'AbortError'));
    xhr.onload = () => {
      let body: { error?: { code?: string; message?: string; field?: string } } | undefined;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300) return resolve(body);
      const code = body?.error?.code ?? (xhr.status === 413 ? 'too-large' : `http-${xhr.status}`);
      if (code === 'unauthorized' || code === 'password-change-required') onAuthProblem?.(code);
      reject(new ApiError(xhr.status, code, body?.error?.message ?? xhr.statusText, body?.error?.field));
    };
    opts.signal?.addEventListener('abort', () => xhr.abort());
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    form.append('file', file, file.name);
    xhr.send(form);
  });
}

type UploadOpts = { onProgress?: (p: UploadProgress) => void; signal?: AbortSignal };

const deskApi = {
  // alert queue (staff)
  alerts: (query: Query, o: Opt = {}) => json<DeskAlertList>('GET', '/api/desk/alerts', { ...o, query }),
  alert: (id: string, o: Opt = {}) => json<DeskAlertDetail>('GET', `/api/desk/alerts/${enc(id)}`, o),
  acknowledgeAlert: (id: string, body: { note?: string }) =>
    json<{ alert: DeskAlert }>('POST', `/api/desk/alerts/${enc(id)}/acknowledge`, { body }),
  closeAlert: (id: string, body: { reason: AlertCloseReason; note?: string }) =>
    json<{ alert: DeskAlert }>('POST', `/api/desk/alerts/${enc(id)}/close`, { body }),
  escalateAlert: (id: string, body: { caseId?: string; priority?: Priority; title?: string }) =>
    json<{ alert: DeskAlert; case: DeskCase }>('POST', `/api/desk/alerts/${enc(id)}/escalate`, { body }),
  bulkAlerts: (body: {
    ids: string[];
    action: 'acknowledge' | 'close' | 'escalate';
    reason?: AlertCloseReason;
    note?: string;
  }) =>
    json<{ results: { id: string; ok: boolean; error?: string }[] }>('POST', '/api/desk/alerts/bulk', {
      body,
    }),
  companyAlerts: (tenant: string, status: 'open' | 'all', o: Opt = {}) =>
    json<{ alerts: CompanyAlert[] }>('GET', `/api/companies/${enc(tenant)}/alerts`, {
      ...o,
      query: { status },
    }),
  // cases (staff)
  cases: (query: Query, o: Opt = {}) =>
    json<{ cases: CaseSummary[]; nextCursor: string | null; counts: Partial<Record<CaseStatus, number>> }>(
      'GET',
      '/api/desk/cases',
      { ...o, query },
    ),
  createCase: (body: CaseInput) => json<{ case: DeskCase }>('POST', '/api/desk/cases', { body }),
  case: (id: string, o: Opt = {}) => json<CaseDetail>('GET', `/api/desk/cases/${enc(id)}`, o),
  updateCase: (
    id: string,
    body: {
      title?: string;
      description?: string;
      priority?: Priority;
      category?: CaseCategory;
      assigneeId?: string | null;
      checklist?: Record<string, boolean>;
    },
  ) => json<{ case: DeskCase }>('PATCH', `/api/desk/cases/${enc(id)}`, { body }),
  caseStatus: (id: string, body: { status: CaseStatus; note?: string; resolution?: string }) =>
    json<{ case: DeskCase }>('POST', `/api/desk/cases/${enc(id)}/status`, { body }),
  addNote: (id: string, body: { body: string; visibility: Visibility }) =>
    json<{ entry: TimelineEntry }>('POST', `/api/desk/cases/${enc(id)}/notes`, { body }),
  addLink: (
    id: string,
    body:
      | { kind: 'observable'; type: ObservableType; value: string; note?: string }
      | { kind: 'alert'; alertId: string }
      | { kind: 'event'; event: Record<string, unknown>; note?: string },
  ) => json<{ link: CaseLink }>('POST', `/api/desk/cases/${enc(id)}/links`, { body }),
  removeLink: (id: string, link: { kind: string; type: string; value: string }) =>
    request('DELETE', `/api/desk/cases/${enc(id)}/links`, { query: link }),
  uploadCaseAttachment: (id: string, file: File, visibility: Visibility, o: UploadOpts = {}) =>
    upload(`/api/desk/cases/${enc(id)}/attachments`, file, { visibility }, o) as Promise<{
      attachment: Attachment;
    }>,
  templates: (o: Opt = {}) => json<{ templates: CaseTemplate[] }>('GET', '/api/desk/templates', o),
  staff: (o: Opt = {}) => json<{ staff: StaffMember[] }>('GET', '/api/desk/staff', o),
  stats: (month: string, o: Opt = {}) =>
    json<DeskStats>('GET', '/api/desk/stats', { ...o, query: { month } }),
  // a company's consultations
  consult: (tenant: string, body: ConsultationInput) =>
    json<{ case: CompanyCase }>('POST', `/api/companies/${enc(tenant)}/consultations`, { body }),
  companyCases: (tenant: string, o: Opt = {}) =>
    json<{ cases: CompanyCase[] }>('GET', `/api/companies/${enc(tenant)}/cases`, o),
  companyCase: (tenant: string, id: string, o: Opt = {}) =>
    json<CompanyCaseDetail>('GET', `/api/companies/${enc(tenant)}/cases/${enc(id)}`, o),
  companyMessage: (tenant: string, id: string, body: { body: string }) =>
    json<{ entry: TimelineEntry }>('POST', `/api/companies/${enc(tenant)}/cases/${enc(id)}/messages`, {
      body,
    }),
  uploadCompanyAttachment: (tenant: string, id: string, file: File, o: UploadOpts = {}) =>
    upload(`/api/companies/${enc(tenant)}/cases/${enc(id)}/attachments`, file, {}, o) as Promise<{
      attachment: Attachment;
    }>,
  companySignOff: (tenant: string, dispatchId: string, body: { name: string; comment?: string }) =>
    json<{ dispatch: CompanyDispatch }>(
      'POST',
      `/api/companies/${enc(tenant)}/dispatches/${enc(dispatchId)}/sign-off`,
      { body },
    ),
  // dispatches
  createDispatch: (caseId: string, body: DispatchInput) =>
    json<{ dispatch: Dispatch }>('POST', `/api/desk/cases/${enc(caseId)}/dispatches`, { body }),
  dispatches: (query: Query, o: Opt = {}) =>
    json<{ dispatches: Dispatch[]; nextCursor: string | null }>('GET', '/api/desk/dispatches', {
      ...o,
      query,
    }),
  dispatch: (id: string, o: Opt = {}) =>
    json<{ dispatch: Dispatch; case: CaseSummary }>('GET', `/api/desk/dispatches/${enc(id)}`, o),
  updateDispatch: (id: string, body: Partial<DispatchInput>) =>
    json<{ dispatch: Dispatch }>('PATCH', `/api/desk/dispatches/${enc(id)}`, { body }),
  dispatchStatus: (
    id: string,
    body: { status: 'en-route' | 'on-site' | 'cancelled'; at?: number; reason?: string },
  ) => json<{ dispatch: Dispatch }>('POST', `/api/desk/dispatches/${enc(id)}/status`, { body }),
  dispatchReport: (id: string, body: ReportInput) =>
    json<{ dispatch: Dispatch }>('POST', `/api/desk/dispatches/${enc(id)}/report`, { body }),
  dispatchSignOff: (id: string, body: { name: string; comment?: string }) =>
    json<{ dispatch: Dispatch }>('POST', `/api/desk/dispatches/${enc(id)}/sign-off`, { body }),
  // insurance
  policies: (tenant: string, o: Opt = {}) =>
    json<{ policies: Policy[] }>('GET', `/api/companies/${enc(tenant)}/policies`, o),
  createPolicy: (tenant: string, body: PolicyInput) =>
    json<{ policy: Policy }>('POST', `/api/companies/${enc(tenant)}/policies`, { body }),
  updatePolicy: (id: string, body: Partial<PolicyInput>) =>
    json<{ policy: Policy }>('PATCH', `/api/desk/policies/${enc(id)}`, { body }),
  createClaim: (caseId: string, body: { policyId: string; incidentDate: string; notes?: string }) =>
    json<{ claim: Claim }>('POST', `/api/desk/cases/${enc(caseId)}/claims`, { body }),
  claims: (query: Query, o: Opt = {}) =>
    json<{ claims: ClaimSummary[]; nextCursor: string | null }>('GET', '/api/desk/claims', { ...o, query }),
  claim: (id: string, o: Opt = {}) => json<{ claim: Claim }>('GET', `/api/desk/claims/${enc(id)}`, o),
  updateClaim: (
    id: string,
    body: {
      status?: ClaimStatus;
      notifiedInsurerAt?: number;
      submittedAt?: number;
      decidedAt?: number;
      approvedYen?: number;
      paidYen?: number;
      notes?: string;
    },
  ) => json<{ claim: Claim }>('PATCH', `/api/desk/claims/${enc(id)}`, { body }),
  addClaimItem: (
    id: string,
    body: { kind: CostKind; description: string; amountYen: number; incurredOn: string; dispatchId?: string },
  ) => json<{ item: ClaimItem }>('POST', `/api/desk/claims/${enc(id)}/items`, { body }),
  removeClaimItem: (id: string, itemId: string) =>
    request('DELETE', `/api/desk/claims/${enc(id)}/items/${enc(itemId)}`),
  setClaimDocument: (
    id: string,
    docType: ClaimDocument,
    body: { status: ClaimDocumentRow['status']; attachmentId?: string; note?: string },
  ) => json<{ claim: Claim }>('PUT', `/api/desk/claims/${enc(id)}/documents/${enc(docType)}`, { body }),
  claimExportUrl: (id: string, format: 'csv' | 'json') => `/api/desk/claims/${enc(id)}/export.${format}`,
};

// ---------------------------------------------------------------------------
// Report archive (docs/api.md "Reports"): a company's diagnostic reports (PDF).

export interface ArchivedReport {
  id: string;
  kind: 'monthly' | 'on-demand';
  from: string;
  to: string;
  lang: 'ja' | 'en';
  status: 'queued' | 'running' | 'ready' | 'failed';
  progress: number;
  pages: number | null;
  bytes: number | null;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
  scheduled: boolean;
  /** the PDF's address once ready */
  download: string | null;
}

export const api = {
  // report archive
  reports: (tenant: string, o: Opt = {}) =>
    json<{ reports: ArchivedReport[]; canRequest: boolean }>(
      'GET',
      `/api/companies/${enc(tenant)}/reports`,
      o,
    ),
  report: (tenant: string, id: string, o: Opt = {}) =>
    json<{ report: ArchivedReport }>('GET', `/api/companies/${enc(tenant)}/reports/${enc(id)}`, o),
  requestReport: (tenant: string, body: { from: string; to: string; lang: 'ja' | 'en' }) =>
    json<{ report: ArchivedReport }>('POST', `/api/companies/${enc(tenant)}/reports`, { body }),
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
  settings: (o: Opt = {}) => json<Settings>('GET', '/api/settings', o),
  saveSettings: (body: Partial<Settings>) =>
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
  desk: deskApi,
};
