/**
 * The week's figures from a real DuckDB store and SQLite state database seeded with a
 * known week (weekly.test-helper.ts): the boundaries are Japan midnights, another
 * company's events and alerts never count.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDbEventStore } from '../../storage/events/duckdb/duckdb-store.js';
import { openStateDb, type StateDb } from '../../storage/state/state-db.js';
import { figuresFromCounts, gatherWeeklyFigures, letThrough, spamRatio } from './figures.js';
import { parseWeekKey, summaryWeek } from './period.js';
import {
  otherCompanyEvents,
  RUN_AT,
  seedAlerts,
  WEEK_FIGURES,
  WEEK_KEY,
  weekEvents,
} from './weekly.test-helper.js';

describe('weekly figures from the store and the desk', () => {
  let dir: string;
  let store: DuckDbEventStore;
  let db: StateDb;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'otasuke-weekly-'));
    store = await DuckDbEventStore.open({ path: join(dir, 'events.duckdb') });
    await store.append([...weekEvents('alpha'), ...otherCompanyEvents('beta')]);
    db = await openStateDb(join(dir, 'state.sqlite'));
    await seedAlerts(db, 'alpha', 'beta');
  });

  afterAll(async () => {
    await store?.close();
    await db?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('counts the known week of one company exactly', async () => {
    const week = summaryWeek(RUN_AT);
    const f = await gatherWeeklyFigures(store, db, 'alpha', week);
    expect(f.week).toEqual(parseWeekKey(WEEK_KEY));
    expect({ ...f, week: undefined, previousWeek: undefined }).toEqual({
      ...WEEK_FIGURES,
      week: undefined,
      previousWeek: undefined,
    });
    // one intrusion attempt was only detected, not stopped
    expect(letThrough(f)).toBe(1);
  });

  it("never counts another company's events or alerts", async () => {
    const f = await gatherWeeklyFigures(store, db, 'beta', summaryWeek(RUN_AT));
    expect(f.recon.count).toBe(97);
    expect(f.virus.byChannel['mail-receive']).toBe(41);
    expect(f.spam.count).toBe(13);
    expect(f.openAlerts).toBe(2);
    expect(f.blockedApps.count).toBe(0);
    const nobody = await gatherWeeklyFigures(store, db, 'gamma', summaryWeek(RUN_AT));
    expect(nobody.events).toBe(0);
    expect(nobody.openAlerts).toBe(0);
  });

  it('the week before is the previous Monday-to-Monday', async () => {
    const f = await gatherWeeklyFigures(store, db, 'alpha', parseWeekKey('2026-11-09/2026-11-16'));
    expect(f.recon.count).toBe(4);
    expect(f.virus.count).toBe(2);
    expect(f.spam.count).toBe(3);
    expect(f.blockedApps).toEqual({ count: 2, previous: 0, byItem: { 'sns-webmail': 2 } });
  });
});

describe('figures without a store', () => {
  it('leave what the events cannot tell unknown', () => {
    const f = figuresFromCounts(summaryWeek(RUN_AT), [], [], 0);
    expect(f.events).toBe(0);
    expect(f.mailsReceived).toBeNull();
    expect(f.spamRatio).toBeNull();
    expect(f.virus.byChannel).toEqual({ 'mail-send': 0, 'mail-receive': 0, web: 0, ftp: 0, other: 0 });
  });

  it('spam ratio once mails received are known', () => {
    expect(spamRatio(14, 200)).toBe(0.07);
    expect(spamRatio(3, 0)).toBeNull();
    expect(spamRatio(3, null)).toBeNull();
  });
});
