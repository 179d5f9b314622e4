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
import type { CountRow } from '../../storage/events/event-store.js';
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
    // its UTM logs only verdicts: 54 mail events, but how many mails came in is unknown
    expect(f.mailLogging).toBe('verdicts-only');
    expect(f.mailsReceived).toBeNull();
    expect(f.spamRatio).toBeNull();
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
    expect(f.mailsReceived).toBe(80);
    expect(f.spamRatio).toBeCloseTo(3 / 80, 10);
    // nothing the week before that: the change against it is unknown, not "from 0"
    expect(f.mailsReceivedPrevious).toBeNull();
  });
});

describe('figures without a store', () => {
  it('leave what the events cannot tell unknown', () => {
    const f = figuresFromCounts(summaryWeek(RUN_AT), [], [], 0);
    expect(f.events).toBe(0);
    expect(f.mailLogging).toBe('none');
    expect(f.mailsReceived).toBeNull();
    expect(f.spamRatio).toBeNull();
    expect(f.virus.byChannel).toEqual({ 'mail-send': 0, 'mail-receive': 0, web: 0, ftp: 0, other: 0 });
  });

  it('count received mail by kind and channel; spam share of received spam only', () => {
    const row = (n: number, kind: string, channel: string | null, category: string | null): CountRow => ({
      keys: { kind, channel, category, action: 'allow' },
      n,
    });
    const week = summaryWeek(RUN_AT);
    const f = figuresFromCounts(
      week,
      [
        row(148, 'mail', 'mail-receive', null),
        row(40, 'mail', 'mail-receive', 'spam'),
        row(10, 'mail', 'mail-receive', 'virus'),
        // the antivirus's verdict on incoming SMTP is a received mail too
        row(2, 'threat', 'mail-receive', 'virus'),
        // sent mail, spam sent by an infected PC, a virus on the web
        row(70, 'mail', 'mail-send', null),
        row(5, 'mail', 'mail-send', 'spam'),
        row(3, 'threat', 'web', 'virus'),
        row(500, 'traffic', null, null),
      ],
      [],
      0,
    );
    expect(f.mailLogging).toBe('every-mail');
    expect(f.mailsReceived).toBe(200);
    expect(f.spam.count).toBe(45);
    expect(f.spamRatio).toBe(0.2);
    // a UTM that sent traffic but no mail record at all
    const silent = figuresFromCounts(week, [row(500, 'traffic', null, null)], [], 0);
    expect(silent.mailLogging).toBe('none');
    expect(silent.mailsReceived).toBeNull();
    // spam and viruses only
    const verdicts = figuresFromCounts(week, [row(14, 'mail', 'mail-receive', 'spam')], [], 0);
    expect(verdicts.mailLogging).toBe('verdicts-only');
    expect(verdicts.spamRatio).toBeNull();
    // an antivirus on SMTP without any mail filter: not "no mail logged at all"
    const av = figuresFromCounts(
      week,
      [row(2, 'threat', 'mail-receive', 'virus'), row(9, 'traffic', null, null)],
      [],
      0,
    );
    expect(av.mailLogging).toBe('verdicts-only');
    // a virus from the web is no mail record
    const web = figuresFromCounts(week, [row(2, 'threat', 'web', 'virus')], [], 0);
    expect(web.mailLogging).toBe('none');
  });

  it('spam ratio once mails received are known', () => {
    expect(spamRatio(14, 200)).toBe(0.07);
    expect(spamRatio(3, 0)).toBeNull();
    expect(spamRatio(3, null)).toBeNull();
  });
});
