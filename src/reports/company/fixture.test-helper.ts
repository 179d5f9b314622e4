/**
 * A seeded world for the company-report tests: real DuckDB events and a real state
 * database (SQLite, or PostgreSQL when OTASUKE_TEST_PG_URL is set) with two companies.
 * さくら工業 (`sakura`) has known figures for March 2026 (Tokyo) and the months before;
 * `noise` has different, larger figures in the same month so a leak would show.
 * Internal-only case texts carry SECRET, which no report may ever contain.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCompany } from '../../../test/helpers/accounts.js';
import { createCase } from '../../../test/helpers/desk.js';
import { raise } from '../../../test/helpers/desk-core.js';
import { makeEvent } from '../../../test/helpers/events.js';
import { BACKENDS, type Backend } from '../../devices/backends.test-helper.js';
import { openDeviceRegistryOn } from '../../devices/index.js';
import type { DeviceRegistry } from '../../devices/registry.js';
import type { NormalizedEvent } from '../../event/event.js';
import { tokyoMidnight } from '../../portal/period.js';
import { DuckDbEventStore } from '../../storage/events/duckdb/duckdb-store.js';
import type { StateDb } from '../../storage/state/state-db.js';

export const SECRET = 'SECRET-INTERNAL-7731';
export const MARCH = { from: tokyoMidnight(2026, 3), to: tokyoMidnight(2026, 4) };
/** Report time: the morning of 1 April 2026 in Tokyo. */
export const NOW = tokyoMidnight(2026, 4) + 9 * 3_600_000;

/** Noon in Tokyo on a day of a month of 2026 (or of another year). */
function at(m: number, d: number, y = 2026): string {
  return new Date(tokyoMidnight(y, m, d) + 12 * 3_600_000).toISOString();
}

function many(n: number, f: (i: number) => Partial<NormalizedEvent>): NormalizedEvent[] {
  return Array.from({ length: n }, (_, i) => makeEvent(f(i)));
}

const inbound = { direction: 'inbound' as const, src_ip: '198.51.100.7', dst_ip: '192.0.2.10', dst_port: 22 };

/** The figures of さくら工業 in March 2026 that tests assert. */
export const SAKURA_MARCH = {
  recon: 40,
  intrusion: 5,
  intrusionPassed: 1,
  virusMail: 12,
  virusWeb: 3,
  spam: 300,
  harmfulWeb: 7,
  remoteAccess: 4,
  onlineStorage: 2,
  /** outbound traffic in the last two days: 45 on 443, 15 on 80 */
  encryptedShare: 0.75,
  recentPrevMonthRecon: 20,
  febSpam: 100,
};

export function sakuraEvents(): NormalizedEvent[] {
  const s = { tenant: 'sakura', device: 'fw-sakura' };
  const day = (i: number) => 1 + (i % 27);
  return [
    ...many(40, (i) => ({
      ...s,
      ...inbound,
      ts: at(3, day(i)),
      kind: 'anomaly',
      category: 'recon',
      action: 'block',
    })),
    ...many(5, (i) => ({
      ...s,
      ...inbound,
      ts: at(3, 3 + i),
      kind: 'threat',
      category: 'intrusion-inbound',
      action: i === 0 ? 'detect' : 'block',
      threat: 'FortiOS.SSL.VPN.Heap.Buffer.Overflow',
      severity: 4,
    })),
    ...many(12, (i) => ({
      ...s,
      ts: at(3, 2 + i),
      kind: 'mail',
      direction: 'inbound',
      category: 'virus',
      channel: 'mail-receive',
      action: 'block',
      threat: i < 2 ? 'W32/Emotet.ABC!tr' : 'PDF/Phish.A!tr',
      threat_family: i < 2 ? 'emotet' : null,
    })),
    ...many(3, (i) => ({
      ...s,
      ts: at(3, 20 + i),
      kind: 'threat',
      category: 'virus',
      channel: 'web',
      action: 'block',
      threat: 'MSIL/AgentTesla.X!tr',
      threat_family: 'agenttesla',
    })),
    ...many(300, (i) => ({
      ...s,
      ts: at(3, day(i)),
      kind: 'mail',
      direction: 'inbound',
      category: 'spam',
      action: 'block',
    })),
    ...many(7, (i) => ({
      ...s,
      ts: at(3, 5 + i),
      kind: 'web',
      category: 'harmful-web',
      action: 'block',
      domain: 'phish.example.org',
    })),
    ...many(4, (i) => ({
      ...s,
      ts: at(3, 10 + i),
      kind: 'traffic',
      category: 'remote-access',
      action: 'allow',
      app: 'TeamViewer',
      dst_port: 5938,
    })),
    ...many(2, (i) => ({
      ...s,
      ts: at(3, 12 + i),
      kind: 'web',
      category: 'online-storage',
      action: 'allow',
      app: 'Dropbox',
    })),
    // plain outbound traffic in the period's last two days: 45 of 60 on TLS
    ...many(60, (i) => ({
      ...s,
      ts: at(3, 30 + (i % 2)),
      kind: 'traffic',
      action: 'allow',
      dst_port: i < 45 ? 443 : 80,
    })),
    // the month before
    ...many(20, (i) => ({
      ...s,
      ...inbound,
      ts: at(2, 1 + i),
      kind: 'anomaly',
      category: 'recon',
      action: 'block',
    })),
    ...many(100, (i) => ({
      ...s,
      ts: at(2, 1 + (i % 27)),
      kind: 'mail',
      direction: 'inbound',
      category: 'spam',
      action: 'block',
    })),
    // earlier months of the seven (October 2025 … January 2026) and one before them
    ...[10, 11, 12].flatMap((m) =>
      many(m - 5, () => ({
        ...s,
        ts: at(m, 15, 2025),
        kind: 'mail',
        direction: 'inbound',
        category: 'spam',
        action: 'block',
      })),
    ),
    ...many(9, () => ({
      ...s,
      ts: at(1, 15),
      kind: 'mail',
      direction: 'inbound',
      category: 'spam',
      action: 'block',
    })),
    ...many(50, () => ({
      ...s,
      ts: at(8, 15, 2025),
      kind: 'mail',
      direction: 'inbound',
      category: 'spam',
      action: 'block',
    })),
  ];
}

/** Another company in the same month: figures no さくら report may show. */
export function noiseEvents(): NormalizedEvent[] {
  const s = { tenant: 'noise', device: 'fw-noise' };
  return [
    ...many(77, (i) => ({
      ...s,
      ts: at(3, 1 + (i % 27)),
      kind: 'mail',
      category: 'virus',
      channel: 'mail-send',
      action: 'allow',
      threat_family: 'wannacry',
    })),
    ...many(33, (i) => ({
      ...s,
      ts: at(3, 1 + (i % 27)),
      kind: 'threat',
      category: 'malicious-outbound',
      action: 'allow',
      threat_family: 'lockbit',
    })),
    ...many(11, (i) => ({
      ...s,
      ts: at(3, 1 + i),
      kind: 'web',
      category: 'risky-input-tool',
      action: 'allow',
      app: 'Baidu IME',
    })),
  ];
}

export interface World {
  store: DuckDbEventStore;
  db: StateDb;
  registry: DeviceRegistry;
  close(): Promise<void>;
}

async function internalNote(db: StateDb, tenant: string, caseId: string, at: number): Promise<void> {
  await db
    .insertInto('desk_case_timeline')
    .values({
      id: randomUUID(),
      case_id: caseId,
      tenant,
      at,
      actor_id: null,
      actor_name: 'analyst',
      actor_role: 'analyst',
      kind: 'note',
      visibility: 'internal',
      body: `${SECRET}: customer seems careless, check firewall admin password`,
      detail: '{}',
    })
    .execute();
}

/** Opens the world on a state backend; `empty` adds a third company with nothing at all. */
export async function openWorld(backend: Backend = BACKENDS[0]): Promise<World> {
  const dir = mkdtempSync(join(tmpdir(), 'otasuke-report-'));
  const state = await backend.open();
  const db = state.db;
  const registry = await openDeviceRegistryOn(db, {
    flushIntervalMs: 0,
    refreshIntervalMs: 0,
    now: () => NOW,
  });
  const store = await DuckDbEventStore.open({ path: join(dir, 'events.duckdb') });
  await store.append([...sakuraEvents(), ...noiseEvents()]);

  await createCompany(db, { id: 'sakura', name: 'さくら工業株式会社' });
  await db
    .updateTable('companies')
    .set({ name_en: 'Sakura Industries Co., Ltd.' })
    .where('id', '=', 'sakura')
    .execute();
  await createCompany(db, { id: 'noise', name: 'ノイズ商事株式会社' });
  await createCompany(db, { id: 'empty', name: 'からっぽ工房' });
  await registry.addDevice({ id: 'fw-sakura', tenant: 'sakura' });
  await registry.addDevice({ id: 'fw-sakura-2', tenant: 'sakura' });
  await registry.addDevice({ id: 'fw-noise', tenant: 'noise' });
  // what ingest would have noted: fw-sakura sends all the time, fw-sakura-2 never did
  await db
    .updateTable('devices')
    .set({ last_seen_at: NOW - 60_000 })
    .where('id', '=', 'fw-sakura')
    .execute();

  // alerts: sakura two in March (one high with a case, one medium), one low (never shown),
  // one in January (outside); noise one critical in March
  const mar = (d: number) => Date.parse(at(3, d));
  await raise(
    db,
    [
      {
        tenant: 'sakura',
        device: 'fw-sakura',
        ruleId: 'intrusion-critical-inbound',
        level: 'high',
        titleJa: '外部からの重大な侵入の試み',
        title: 'Critical intrusion attempt',
        firstSeenMs: mar(3),
        lastSeenMs: mar(3) + 60_000,
        count: 4,
      },
      {
        tenant: 'sakura',
        device: 'fw-sakura',
        ruleId: 'virus-in-mail',
        level: 'medium',
        titleJa: '受信メールにウイルスが添付されていました',
        title: 'A virus arrived by e-mail',
        firstSeenMs: mar(4),
        lastSeenMs: mar(6),
        count: 12,
      },
      {
        tenant: 'sakura',
        device: 'fw-sakura',
        ruleId: 'recon-reported',
        level: 'low',
        firstSeenMs: mar(5),
        lastSeenMs: mar(5),
        count: 40,
      },
      {
        tenant: 'sakura',
        device: 'fw-sakura',
        ruleId: 'virus-in-mail',
        level: 'medium',
        firstSeenMs: Date.parse(at(1, 10)),
        lastSeenMs: Date.parse(at(1, 10)),
        count: 1,
      },
      {
        tenant: 'noise',
        device: 'fw-noise',
        ruleId: 'ransomware-cnc',
        level: 'critical',
        titleJa: 'ノイズの警報',
        title: 'Noise alert',
        firstSeenMs: mar(8),
        lastSeenMs: mar(9),
        count: 99,
      },
    ],
    NOW,
  );

  // cases: sakura opened and resolved in March (with an internal note), opened in March and
  // still open, closed in January (outside); noise one in March
  const c1 = await createCase(db, {
    tenant: 'sakura',
    number: 'C-2026-0001',
    title: '不審なメールの添付ファイルを開いてしまった',
    description: `${SECRET} reporter detail`,
    category: 'suspicious-mail',
    createdAt: mar(4),
    status: 'resolved',
  });
  await db
    .updateTable('desk_cases')
    .set({ resolved_at: mar(6), resolution: `${SECRET} resolution` })
    .where('id', '=', c1.id)
    .execute();
  await internalNote(db, 'sakura', c1.id, mar(5));
  await createCase(db, {
    tenant: 'sakura',
    number: 'C-2026-0002',
    title: 'パソコンの動作が遅い',
    category: 'virus',
    createdAt: mar(20),
    status: 'in-progress',
  });
  const old = await createCase(db, {
    tenant: 'sakura',
    number: 'C-2026-0000',
    title: '一月の相談',
    createdAt: Date.parse(at(1, 5)),
    status: 'closed',
  });
  await db
    .updateTable('desk_cases')
    .set({ closed_at: Date.parse(at(1, 7)) })
    .where('id', '=', old.id)
    .execute();
  await createCase(db, { tenant: 'noise', number: 'C-2026-0099', title: 'ノイズの相談', createdAt: mar(9) });

  return {
    store,
    db,
    registry,
    async close() {
      await registry.close();
      await store.close();
      await state.dispose();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
