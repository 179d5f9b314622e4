/**
 * A small programme for the programme-report tests, on real storage (DuckDB events,
 * SQLite or PostgreSQL state through openTestApp): four companies with distinctive
 * names and ids (so a test can prove none of them reaches the report), five UTMs of
 * which four send records in December 2025 – January 2026 (Tokyo), desk cases, one
 * on-site visit and one insurance claim. The expected figures are worked out by hand
 * in the comments next to the events.
 */
import { randomUUID } from 'node:crypto';
import { createCompany, type TestApp } from '../../../test/helpers/accounts.js';
import { createCase } from '../../../test/helpers/desk.js';
import { makeEvent } from '../../../test/helpers/events.js';
import type { NormalizedEvent } from '../../event/event.js';

/** 1 Dec 2025 00:00 – 1 Feb 2026 00:00 in Tokyo. */
export const FROM = Date.parse('2025-11-30T15:00:00.000Z');
export const TO = Date.parse('2026-01-31T15:00:00.000Z');
/** After the period: every day of it counts (62 days). */
export const NOW = Date.parse('2026-02-10T03:00:00.000Z');

export const COMPANIES = [
  { id: 'co-sakura', name: 'さくら精機株式会社', devices: ['fw-sakura-1', 'fw-sakura-2'] },
  { id: 'co-momiji', name: 'もみじ商事合同会社', devices: ['fw-momiji-1'] },
  { id: 'co-kaede', name: 'かえで運輸株式会社', devices: ['fw-kaede-1'] },
  // registered, but its UTM sends nothing in the period
  { id: 'co-tsubaki', name: 'つばき印刷有限会社', devices: ['fw-tsubaki-1'] },
] as const;

/** Strings that must never appear in the programme report. */
export const SECRETS = [
  ...COMPANIES.flatMap((c) => [c.id, c.name, ...c.devices]),
  'sakura',
  'momiji',
  'kaede',
  'tsubaki',
  '192.168.',
  '203.0.113.',
  'secret-share.example',
  'taro.yamada',
];

const DEC = '2025-12-10T01:00:00.000Z';
const JAN = '2026-01-15T01:00:00.000Z';

function ev(tenant: string, device: string, n: number, over: Partial<NormalizedEvent>): NormalizedEvent[] {
  return Array.from({ length: n }, (_, i) =>
    makeEvent({
      tenant,
      device,
      ts: new Date(Date.parse(over.ts ?? JAN) + i * 1000).toISOString(),
      user: 'taro.yamada',
      ...over,
    }),
  );
}

const S = 'co-sakura';
const M = 'co-momiji';
const K = 'co-kaede';

export const EVENTS: NormalizedEvent[] = [
  // recon: sakura-1 ×3 (one exactly at 1 Dec 00:00 Tokyo), momiji-1 ×2 → 5 on 2 UTMs, 2 companies
  ...ev(S, 'fw-sakura-1', 1, {
    ts: '2025-11-30T15:00:00.000Z',
    kind: 'anomaly',
    category: 'recon',
    action: 'block',
  }),
  ...ev(S, 'fw-sakura-1', 2, { ts: DEC, kind: 'anomaly', category: 'recon', action: 'block' }),
  ...ev(M, 'fw-momiji-1', 2, { kind: 'anomaly', category: 'recon', action: 'block' }),
  // malicious-outbound: kaede-1, WannaCry C&C, blocked
  ...ev(K, 'fw-kaede-1', 1, {
    kind: 'threat',
    category: 'malicious-outbound',
    action: 'block',
    threat: 'WannaCry.KillSwitch',
    threat_family: 'wannacry',
  }),
  // intrusion-inbound: sakura-2, detected only
  ...ev(S, 'fw-sakura-2', 1, {
    kind: 'threat',
    category: 'intrusion-inbound',
    action: 'detect',
    direction: 'inbound',
  }),
  // viruses: web ×2 (sakura-1) + ftp ×1 (momiji-1) → virus-web 3 on 2 UTMs; mail-receive ×1 (momiji-1);
  // mail-send ×1 (kaede-1) → virus-other
  ...ev(S, 'fw-sakura-1', 2, { ts: DEC, kind: 'threat', category: 'virus', channel: 'web', action: 'block' }),
  ...ev(M, 'fw-momiji-1', 1, { kind: 'threat', category: 'virus', channel: 'ftp', action: 'block' }),
  ...ev(M, 'fw-momiji-1', 1, { kind: 'mail', category: 'virus', channel: 'mail-receive', action: 'block' }),
  ...ev(K, 'fw-kaede-1', 1, { kind: 'mail', category: 'virus', channel: 'mail-send', action: 'block' }),
  // spam: 4 + 2 + 1 = 7 on 3 UTMs
  ...ev(S, 'fw-sakura-1', 4, { kind: 'mail', category: 'spam', action: 'block' }),
  ...ev(M, 'fw-momiji-1', 2, { ts: DEC, kind: 'mail', category: 'spam', action: 'block' }),
  ...ev(K, 'fw-kaede-1', 1, { kind: 'mail', category: 'spam', action: 'block' }),
  // harmful-web: sakura-2, let through
  ...ev(S, 'fw-sakura-2', 1, {
    kind: 'web',
    category: 'harmful-web',
    action: 'allow',
    domain: 'secret-share.example',
  }),
  // online-storage: sakura-1 ×2 + sakura-2 ×1 (allowed), momiji-1 ×1 (blocked) → 4 on 3 of 4 UTMs, 2 companies
  ...ev(S, 'fw-sakura-1', 2, { kind: 'web', category: 'online-storage', action: 'allow', app: 'Dropbox' }),
  ...ev(S, 'fw-sakura-2', 1, { kind: 'web', category: 'online-storage', action: 'allow', app: 'Dropbox' }),
  ...ev(M, 'fw-momiji-1', 1, { kind: 'web', category: 'online-storage', action: 'block', app: 'Dropbox' }),
  // remote-access: kaede-1 → 1 of 4
  ...ev(K, 'fw-kaede-1', 1, {
    kind: 'traffic',
    category: 'remote-access',
    action: 'allow',
    app: 'TeamViewer',
  }),
  // sns-webmail: one on each of sakura-1, momiji-1, kaede-1 → 3 of 4
  ...ev(S, 'fw-sakura-1', 1, { kind: 'web', category: 'sns-webmail', action: 'allow', domain: 'x.com' }),
  ...ev(M, 'fw-momiji-1', 1, { kind: 'web', category: 'sns-webmail', action: 'allow', domain: 'x.com' }),
  ...ev(K, 'fw-kaede-1', 1, { kind: 'web', category: 'sns-webmail', action: 'allow', domain: 'x.com' }),
  // plain traffic without an item
  ...ev(S, 'fw-sakura-2', 3, { kind: 'traffic', category: null, action: 'allow' }),
  // outside the period: just before 1 Dec and at 1 Feb 00:00 Tokyo, and tsubaki's only records
  ...ev(S, 'fw-sakura-1', 1, {
    ts: '2025-11-30T14:59:59.000Z',
    kind: 'anomaly',
    category: 'recon',
    action: 'block',
  }),
  ...ev(M, 'fw-momiji-1', 1, {
    ts: '2026-01-31T15:00:00.000Z',
    kind: 'mail',
    category: 'spam',
    action: 'block',
  }),
  ...ev('co-tsubaki', 'fw-tsubaki-1', 5, {
    ts: '2026-02-02T01:00:00.000Z',
    kind: 'threat',
    category: 'virus',
    channel: 'web',
    action: 'allow',
  }),
];

const MIN = 60_000;

/** Companies, devices and desk rows (events are given to openTestApp). */
export async function seedProgramme(t: TestApp): Promise<void> {
  let i = 0;
  for (const c of COMPANIES) {
    await createCompany(t.db, { id: c.id, name: c.name });
    for (const d of c.devices) {
      i++;
      await t.registry.addDevice({ id: d, tenant: c.id, sources: [`192.0.2.${i}`] });
    }
  }
  // consultations: three in the period (sakura ×2, momiji), one after it
  const c1 = await createCase(t.db, {
    tenant: S,
    category: 'virus',
    channel: 'phone',
    createdAt: Date.parse('2025-12-05T01:00:00Z'),
    title: 'さくら精機のPCがおかしい',
  });
  await createCase(t.db, {
    tenant: M,
    category: 'suspicious-mail',
    channel: 'mail',
    createdAt: Date.parse('2026-01-10T01:00:00Z'),
  });
  await createCase(t.db, {
    tenant: S,
    category: 'question',
    channel: 'web',
    createdAt: Date.parse('2026-01-12T01:00:00Z'),
  });
  await createCase(t.db, {
    tenant: K,
    category: 'dos',
    channel: 'phone',
    createdAt: Date.parse('2026-02-03T01:00:00Z'),
  });
  // one visit at sakura: 30 min there, 90 min on site, 30 min back; report filed in December
  const arrived = Date.parse('2025-12-06T01:00:00Z');
  await t.db
    .insertInto('desk_dispatches')
    .values({
      id: randomUUID(),
      number: 'D-TEST-1',
      case_id: c1.id,
      tenant: S,
      status: 'reported',
      reason: 'PC check on site',
      site_address: '東京都千代田区1-1',
      site_contact: null,
      requested_by: null,
      requested_at: arrived - 60 * MIN,
      engineer_id: null,
      scheduled_start: null,
      scheduled_end: null,
      departed_at: arrived - 30 * MIN,
      arrived_at: arrived,
      left_at: arrived + 90 * MIN,
      returned_at: arrived + 120 * MIN,
      findings: null,
      actions_taken: null,
      advice: null,
      report_filed_at: arrived + 180 * MIN,
      report_filed_by: null,
      signed_off_at: null,
      signed_off_by: null,
      sign_off_name: null,
      sign_off_comment: null,
      cancel_reason: null,
      created_at: arrived - 60 * MIN,
      updated_at: arrived + 180 * MIN,
    })
    .execute();
  // one claim of 55,000 yen (two items), 50,000 paid
  const claimId = randomUUID();
  const at = Date.parse('2025-12-20T01:00:00Z');
  await t.db
    .insertInto('desk_claims')
    .values({
      id: claimId,
      number: 'CL-TEST-1',
      case_id: c1.id,
      tenant: S,
      policy_id: 'p-1',
      status: 'paid',
      incident_date: '2025-12-05',
      notified_insurer_at: null,
      submitted_at: null,
      decided_at: null,
      approved_yen: 50_000,
      paid_yen: 50_000,
      notes: null,
      created_by: null,
      created_at: at,
      updated_at: at,
    })
    .execute();
  for (const [kind, yen] of [
    ['dispatch', 30_000],
    ['investigation', 25_000],
  ] as const)
    await t.db
      .insertInto('desk_claim_items')
      .values({
        id: randomUUID(),
        claim_id: claimId,
        tenant: S,
        kind,
        description: kind,
        amount_yen: yen,
        incurred_on: '2025-12-06',
        dispatch_id: null,
        created_at: at,
      })
      .execute();
}
