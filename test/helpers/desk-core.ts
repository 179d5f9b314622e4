/**
 * Desk fixtures for the alert, case and consultation suites: a test app with two
 * companies and one session per role, alerts raised through the real DeskAlertSink,
 * and a `call` helper that picks the safe or unsafe headers.
 *
 *   const d = await openDesk(backend.name);
 *   const [id] = await raise(d.t.db, [{ tenant: 'alpha' }]);
 *   await d.call('POST', `/api/desk/alerts/${id}/acknowledge`, d.s.agent, {});
 */
import type { LightMyRequestResponse } from 'fastify';
import type { ApiDeps } from '../../src/api/deps.js';
import { type AlertSignal, DeskAlertSink } from '../../src/desk/alerts-sink.js';
import type { NotificationEvent } from '../../src/notify/model.js';
import type { StateDb } from '../../src/storage/state/state-db.js';
import { createCompany, openTestApp, type TestApp, type TestSession, userSession } from './accounts.js';
import { makeEvent } from './events.js';

export type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export const ROLES_UNDER_TEST = [
  'admin',
  'analyst',
  'agent',
  'engineer',
  'expert',
  'alphaAdmin',
  'alphaViewer',
  'betaAdmin',
] as const;
export type Who = (typeof ROLES_UNDER_TEST)[number];

export interface Desk {
  t: TestApp;
  s: Record<Who, TestSession>;
  ids: Record<Who, string>;
  sent: NotificationEvent[];
  call(
    method: Method,
    url: string,
    who: TestSession | null,
    payload?: unknown,
  ): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

/**
 * Companies `alpha` and `beta`; staff of every role (the engineer and the expert are
 * assigned to `beta` only); alpha's admin and viewer; beta's admin.
 */
export async function openDesk(
  /** by default the one OTASUKE_TEST_STATE_BACKEND names (see openTestApp) */
  backend?: 'sqlite' | 'postgres',
  opts: { now?: number; deps?: Partial<ApiDeps> } = {},
): Promise<Desk> {
  const sent: NotificationEvent[] = [];
  const t = await openTestApp({
    backend,
    now: opts.now,
    deps: { notifier: { notify: async (e) => void sent.push(e) }, ...opts.deps },
  });
  await createCompany(t.db, { id: 'alpha', name: 'Alpha Seisakusho' });
  await createCompany(t.db, { id: 'beta', name: 'Beta Shoji' });
  const mk = async (login: string, role: Parameters<typeof userSession>[1]['role'], extra = {}) =>
    userSession(t, { login, role, name: `${login} name`, ...extra });
  const made = {
    admin: await mk('desk-admin', 'operator-admin'),
    analyst: await mk('desk-analyst', 'analyst'),
    agent: await mk('desk-agent', 'agent'),
    engineer: await mk('desk-engineer', 'engineer', { assigned: ['beta'] }),
    expert: await mk('desk-expert', 'expert', { assigned: ['beta'] }),
    alphaAdmin: await mk('alpha-admin', 'company-admin', { tenant: 'alpha' }),
    alphaViewer: await mk('alpha-viewer', 'company-viewer', { tenant: 'alpha' }),
    betaAdmin: await mk('beta-admin', 'company-admin', { tenant: 'beta' }),
  };
  const s = Object.fromEntries(Object.entries(made).map(([k, v]) => [k, v.session])) as Record<
    Who,
    TestSession
  >;
  const ids = Object.fromEntries(Object.entries(made).map(([k, v]) => [k, v.user.id])) as Record<Who, string>;
  return {
    t,
    s,
    ids,
    sent,
    call: (method, url, who, payload) =>
      t.app.inject({
        method,
        url,
        headers: who ? (method === 'GET' ? who.headers : who.unsafe) : {},
        ...(payload === undefined ? {} : { payload: payload as object }),
      }),
    close: () => t.close(),
  };
}

export function signal(over: Partial<AlertSignal> = {}): AlertSignal {
  const first = over.firstSeenMs ?? Date.parse('2026-03-02T01:00:00Z');
  return {
    ruleId: 'botnet-cnc',
    title: 'A PC is talking to a malware or botnet command server',
    titleJa: '社内のパソコンがウイルス（ボット）の指令サーバーと通信しています',
    level: 'high',
    tags: ['attack.command_and_control'],
    tenant: 'alpha',
    device: 'fw-alpha',
    groupKey: 'src_ip=192.168.1.23',
    groupFields: { src_ip: '192.168.1.23' },
    firstSeenMs: first,
    lastSeenMs: first + 60_000,
    count: 3,
    sampleEvents: [
      makeEvent({
        tenant: over.tenant ?? 'alpha',
        ts: new Date(first).toISOString(),
        src_ip: '192.168.1.23',
      }),
    ],
    suppressMs: 3_600_000,
    ...over,
  };
}

/** Raises alerts through the real sink; answers their ids in the order given. */
export async function raise(
  db: StateDb,
  signals: readonly Partial<AlertSignal>[],
  now = Date.now(),
): Promise<string[]> {
  const sink = new DeskAlertSink({ db, now: () => now });
  const full = signals.map((s, i) =>
    signal({ groupKey: `src_ip=192.168.1.${i + 1}`, groupFields: { src_ip: `192.168.1.${i + 1}` }, ...s }),
  );
  await sink.deliver(full);
  const ids: string[] = [];
  for (const s of full) {
    const r = await db
      .selectFrom('desk_alerts')
      .select('id')
      .where('tenant', '=', s.tenant)
      .where('rule_id', '=', s.ruleId)
      .where('group_key', '=', s.groupKey)
      .orderBy('created_at', 'desc')
      .executeTakeFirstOrThrow();
    ids.push(r.id);
  }
  return ids;
}

/** Audit actions recorded so far (oldest first). */
export async function auditActions(db: StateDb): Promise<string[]> {
  const rows = await db.selectFrom('audit_log').select('action').orderBy('at').execute();
  return rows.map((r) => r.action);
}

/** Empties the desk's tables and the audit log between tests of one app (logins are slow to repeat). */
export async function resetDesk(d: Desk): Promise<void> {
  const db = d.t.db;
  for (const table of [
    'desk_claim_documents',
    'desk_claim_items',
    'desk_claims',
    'desk_policies',
    'desk_dispatches',
    'desk_attachments',
    'desk_case_links',
    'desk_case_timeline',
    'desk_alert_events',
    'desk_alerts',
    'desk_cases',
    'desk_counters',
    'audit_log',
  ] as const)
    await db.deleteFrom(table).execute();
  d.sent.length = 0;
}

/** A multipart/form-data body with text fields and one file (field "file"). */
export function multipart(
  file: { name: string; type: string; data: Buffer },
  fields: Record<string, string> = {},
): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----otasuke${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields))
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`,
    ),
    file.data,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );
  return {
    payload: Buffer.concat(parts),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

/** Uploads a file to `url` as `who`. */
export function upload(
  d: Desk,
  url: string,
  who: TestSession,
  file: { name: string; type: string; data: Buffer },
  fields: Record<string, string> = {},
) {
  const m = multipart(file, fields);
  return d.t.app.inject({
    method: 'POST',
    url,
    headers: { ...who.unsafe, ...m.headers },
    payload: m.payload,
  });
}
