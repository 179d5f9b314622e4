/**
 * A known week for the weekly-summary tests: events of two companies in the week of
 * 2026-11-16 (Monday) to 2026-11-23 and the week before, with a few on the boundaries,
 * and desk alerts in every state; the expected figures are written out beside them.
 */
import { randomUUID } from 'node:crypto';
import { makeEvent } from '../../../test/helpers/events.js';
import type { NormalizedEvent } from '../../event/event.js';
import type { StateDb } from '../../storage/state/state-db.js';

/** An instant given as Japan wall-clock time. */
export function jst(y: number, m: number, d: number, h = 0, min = 0): number {
  return Date.UTC(y, m - 1, d, h - 9, min);
}

/** Monday 2026-11-23 08:00 JST: the run that covers 2026-11-16 … 2026-11-22. */
export const RUN_AT = jst(2026, 11, 23, 8);
export const WEEK_KEY = '2026-11-16/2026-11-23';

type Over = Partial<NormalizedEvent>;

function many(n: number, at: number, over: Over): NormalizedEvent[] {
  // one minute apart, so every event stays inside the day it was put in
  return Array.from({ length: n }, (_, i) =>
    makeEvent({ ts: new Date(at + i * 60_000).toISOString(), ...over }),
  );
}

const inbound: Over = { direction: 'inbound', src_ip: '198.51.100.7', dst_ip: '192.0.2.10' };
/** A received mail as the classifier marks it (docs/classification.md "Channel"). */
const received: Over = { kind: 'mail', channel: 'mail-receive' };

/** The week's events of `tenant` (see WEEK_FIGURES) plus the week before (see PREVIOUS_FIGURES). */
export function weekEvents(tenant: string): NormalizedEvent[] {
  const t = { tenant, device: `${tenant}-fw` };
  const tue = jst(2026, 11, 17, 10);
  const thu = jst(2026, 11, 19, 15);
  const prevWed = jst(2026, 11, 11, 9);
  return [
    // recon: 4 blocked, 1 only detected; two on the week's very edges
    ...many(1, jst(2026, 11, 16, 0, 0), {
      ...t,
      ...inbound,
      kind: 'anomaly',
      category: 'recon',
      action: 'block',
    }),
    ...many(2, tue, { ...t, ...inbound, kind: 'anomaly', category: 'recon', action: 'block' }),
    ...many(1, jst(2026, 11, 22, 23, 59), {
      ...t,
      ...inbound,
      kind: 'anomaly',
      category: 'recon',
      action: 'drop',
    }),
    ...many(1, thu, { ...t, ...inbound, kind: 'anomaly', category: 'recon', action: 'detect' }),
    // intrusion attempts: 2 blocked, 1 let through
    ...many(2, tue, {
      ...t,
      ...inbound,
      kind: 'threat',
      category: 'intrusion-inbound',
      action: 'block',
      severity: 3,
    }),
    ...many(1, thu, {
      ...t,
      ...inbound,
      kind: 'threat',
      category: 'intrusion-inbound',
      action: 'detect',
      severity: 3,
    }),
    // suspicious outbound, all dropped
    ...many(2, thu, {
      ...t,
      kind: 'threat',
      category: 'malicious-outbound',
      action: 'drop',
      threat_family: 'emotet',
    }),
    // viruses per channel; one without a channel counts as "other"
    ...many(2, tue, { ...t, kind: 'threat', category: 'virus', channel: 'web', action: 'block' }),
    ...many(3, thu, { ...t, ...received, category: 'virus', action: 'quarantine' }),
    ...many(1, thu, { ...t, kind: 'mail', category: 'virus', channel: 'mail-send', action: 'block' }),
    ...many(1, thu, { ...t, kind: 'threat', category: 'virus', channel: null, action: 'block' }),
    // applications: 3 + 1 stopped; allowed use is not "blocked"
    ...many(3, tue, { ...t, category: 'online-storage', action: 'block', app: 'Dropbox' }),
    ...many(1, tue, { ...t, category: 'online-storage', action: 'allow', app: 'Dropbox' }),
    ...many(1, thu, { ...t, category: 'remote-access', action: 'reset', app: 'TeamViewer' }),
    ...many(2, thu, { ...t, category: 'sns-webmail', action: 'allow', app: 'Facebook' }),
    // mail, as a UTM that logs every mail writes it: 91 clean received + 6 spam + 3 with a
    // virus = 100 received; mail sent never counts as received
    ...many(6, tue, { ...t, ...inbound, ...received, category: 'spam', action: 'block' }),
    ...many(91, thu, { ...t, ...inbound, ...received, category: null, action: 'allow' }),
    ...many(40, tue, { ...t, kind: 'mail', channel: 'mail-send', category: null, action: 'allow' }),
    // plain traffic: counted as records, no monitoring item
    ...many(10, tue, { ...t, category: null, action: 'allow' }),
    // the next week's first minute and the previous week's last: not this week
    ...many(1, jst(2026, 11, 23, 0, 0), {
      ...t,
      ...inbound,
      kind: 'anomaly',
      category: 'recon',
      action: 'block',
    }),
    ...many(1, jst(2026, 11, 15, 23, 59), {
      ...t,
      ...inbound,
      kind: 'anomaly',
      category: 'recon',
      action: 'block',
    }),
    // the week before: 3 more recon (4 with the boundary one), 2 viruses, 3 spam, 2 stopped
    // apps, 77 clean mails received (80 with the spam)
    ...many(3, prevWed, { ...t, ...inbound, kind: 'anomaly', category: 'recon', action: 'block' }),
    ...many(2, prevWed, { ...t, kind: 'threat', category: 'virus', channel: 'web', action: 'block' }),
    ...many(3, prevWed, { ...t, ...inbound, ...received, category: 'spam', action: 'block' }),
    ...many(77, prevWed, { ...t, ...inbound, ...received, category: null, action: 'allow' }),
    ...many(2, prevWed, { ...t, category: 'sns-webmail', action: 'block', app: 'Facebook' }),
  ];
}

/**
 * Another company's much louder week: none of it may show in the first one's mail. Its UTM
 * logs only the spam and viruses it catches, so its mails received stay unknown.
 */
export function otherCompanyEvents(tenant: string): NormalizedEvent[] {
  const t = { tenant, device: `${tenant}-fw` };
  const wed = jst(2026, 11, 18, 11);
  return [
    ...many(97, wed, { ...t, ...inbound, kind: 'anomaly', category: 'recon', action: 'block' }),
    ...many(41, wed, { ...t, ...received, category: 'virus', action: 'allow' }),
    ...many(13, wed, { ...t, ...inbound, ...received, category: 'spam', action: 'block' }),
  ];
}

export const WEEK_FIGURES = {
  events: 5 + 3 + 2 + 7 + 4 + 1 + 2 + 6 + 91 + 40 + 10,
  recon: { count: 5, stopped: 4, previous: 4 },
  intrusion: { count: 3, stopped: 2, previous: 0 },
  outbound: { count: 2, stopped: 2, previous: 0 },
  virus: {
    count: 7,
    stopped: 7,
    previous: 2,
    byChannel: { 'mail-send': 1, 'mail-receive': 3, web: 2, ftp: 0, other: 1 },
  },
  blockedApps: { count: 4, previous: 2, byItem: { 'online-storage': 3, 'remote-access': 1 } },
  spam: { count: 6, previous: 3 },
  mailLogging: 'every-mail',
  mailsReceived: 100,
  mailsReceivedPrevious: 80,
  spamRatio: 0.06,
  openAlerts: 3,
};

/** Desk alerts: three open of medium level or above count; low, closed and the other company's do not. */
export async function seedAlerts(db: StateDb, tenant: string, otherTenant: string): Promise<void> {
  const rows: [string, string, string][] = [
    [tenant, 'medium', 'new'],
    [tenant, 'high', 'acknowledged'],
    [tenant, 'critical', 'escalated'],
    [tenant, 'low', 'new'],
    [tenant, 'high', 'closed'],
    [otherTenant, 'high', 'new'],
    [otherTenant, 'critical', 'new'],
  ];
  const at = jst(2026, 11, 20, 10);
  for (const [t, level, status] of rows)
    await db
      .insertInto('desk_alerts')
      .values({
        id: randomUUID(),
        tenant: t,
        rule_id: 'test-rule',
        title: 'Test alert',
        title_ja: 'テストのアラート',
        level,
        tags: '[]',
        group_key: randomUUID(),
        group_fields: '{}',
        device_id: null,
        status,
        first_seen_at: at,
        last_seen_at: at,
        count: 1,
        suppress_ms: 0,
        created_at: at,
        updated_at: at,
        acknowledged_by: null,
        acknowledged_at: null,
        closed_by: null,
        closed_at: status === 'closed' ? at : null,
        close_reason: status === 'closed' ? 'resolved' : null,
        close_note: null,
        case_id: null,
        notified_at: null,
      })
      .execute();
}
