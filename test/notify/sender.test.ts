/**
 * The sender against a real SMTP server: back-off while the server is down, giving up,
 * refused recipients, two processes on one database sending each mail once, a stop that
 * waits for the mail in flight, and the one-call start-up.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { PG_URL } from '../../src/devices/backends.test-helper.js';
import { startMail } from '../../src/notify/index.js';
import { MailSender } from '../../src/notify/mailer.js';
import type { NotificationEvent } from '../../src/notify/model.js';
import { backoffMs, claimRow, dueRows, MailNotifier } from '../../src/notify/outbox.js';
import { openStateDb, openStateDbPostgres, type StateDb } from '../../src/storage/state/state-db.js';
import { freePort } from '../helpers/ports.js';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtp.js';
import { ALPHA, seedPeople } from './fixtures.js';

const FROM = 'Otasuke <no-reply@example.jp>';
const PORTAL = 'https://portal.example.jp';
const T0 = Date.UTC(2026, 3, 1, 2, 0);
const MINUTE = 60_000;

function reported(n: number): NotificationEvent {
  return {
    kind: 'dispatch-reported',
    tenant: ALPHA,
    caseId: 'case-1',
    caseNumber: 'C-2026-0001',
    dispatchId: `d-${n}`,
    number: `D-2026-${String(n).padStart(4, '0')}`,
  };
}

/** Everything a test opened, closed after it in reverse order. */
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

async function sqliteDb(): Promise<{ db: StateDb; file: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'otasuke-mail-'));
  const file = join(dir, 'state.sqlite');
  const db = await openStateDb(file);
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  cleanups.push(() => db.destroy());
  return { db, file };
}

async function smtpServer(opts: Parameters<typeof startSmtpServer>[0] = {}): Promise<TestSmtpServer> {
  const s = await startSmtpServer(opts);
  cleanups.push(() => s.close());
  return s;
}

function newSender(db: StateDb, transport: string, clock: { now: number }, logs: string[] = []): MailSender {
  const s = new MailSender({ db, transport, from: FROM, now: () => clock.now, log: (l) => logs.push(l) });
  cleanups.push(() => s.stop());
  return s;
}

describe('back-off and failure', () => {
  it('waits 1, 2, 4 … minutes, at most an hour', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => backoffMs(n) / MINUTE)).toEqual([
      1, 2, 4, 8, 16, 32, 60, 60, 60,
    ]);
  });

  it('retries after the SMTP server was down, on time and not before', async () => {
    const { db } = await sqliteDb();
    await seedPeople(db);
    const clock = { now: T0 };
    const port = await freePort();
    const logs: string[] = [];
    const notifier = new MailNotifier({ db, portalUrl: PORTAL, now: () => clock.now });
    const sender = newSender(db, `smtp://127.0.0.1:${port}`, clock, logs);
    await notifier.notify(reported(1));
    await sender.runOnce();
    let rows = await db.selectFrom('mail_outbox').selectAll().execute();
    expect(rows).toHaveLength(3);
    for (const r of rows) {
      expect(r).toMatchObject({
        status: 'pending',
        attempts: 1,
        next_attempt_at: T0 + MINUTE,
        sent_at: null,
      });
      expect(r.last_error).toMatch(/ECONNREFUSED|connect/i);
    }
    expect(logs.join('\n')).toMatch(/try 1 failed, will retry/);

    const smtp = await smtpServer({ port });
    clock.now = T0 + MINUTE - 1;
    await sender.runOnce();
    expect(smtp.messages).toHaveLength(0);
    clock.now = T0 + MINUTE;
    await sender.runOnce();
    expect(smtp.messages.map((m) => m.envelope.to[0]).sort()).toEqual([
      'Owner@alpha.example.jp',
      'boss@alpha.example.jp',
      'it@alpha.example.jp',
    ]);
    rows = await db.selectFrom('mail_outbox').selectAll().execute();
    for (const r of rows)
      expect(r).toMatchObject({ status: 'sent', attempts: 2, sent_at: T0 + MINUTE, last_error: null });
  });

  it('gives up after ten tries and keeps the last error', async () => {
    const { db } = await sqliteDb();
    await seedPeople(db);
    const clock = { now: T0 };
    const port = await freePort();
    const notifier = new MailNotifier({ db, portalUrl: PORTAL, now: () => clock.now });
    const sender = newSender(db, `smtp://127.0.0.1:${port}`, clock);
    await notifier.notify(reported(1));
    const waits: number[] = [];
    for (let i = 0; i < 12; i++) {
      await sender.runOnce();
      const r = await db
        .selectFrom('mail_outbox')
        .selectAll()
        .where('to_addr', '=', 'boss@alpha.example.jp')
        .executeTakeFirstOrThrow();
      if (r.status === 'pending') waits.push((r.next_attempt_at - clock.now) / MINUTE);
      clock.now += 2 * 60 * MINUTE;
    }
    expect(waits).toEqual([1, 2, 4, 8, 16, 32, 60, 60, 60]);
    const rows = await db.selectFrom('mail_outbox').selectAll().execute();
    for (const r of rows) {
      expect(r).toMatchObject({ status: 'failed', attempts: 10, sent_at: null });
      expect(r.last_error).toBeTruthy();
    }
  });

  it('a recipient the server refuses (5xx) fails at once; the others go out', async () => {
    const { db } = await sqliteDb();
    await seedPeople(db);
    const clock = { now: T0 };
    const smtp = await smtpServer({ rejectRecipient: (a) => a.startsWith('it@') });
    const notifier = new MailNotifier({ db, portalUrl: PORTAL, now: () => clock.now });
    const sender = newSender(db, smtp.url, clock);
    await notifier.notify(reported(1));
    await sender.runOnce();
    expect(smtp.messages).toHaveLength(2);
    const refused = await db
      .selectFrom('mail_outbox')
      .selectAll()
      .where('to_addr', '=', 'it@alpha.example.jp')
      .executeTakeFirstOrThrow();
    expect(refused).toMatchObject({ status: 'failed', attempts: 1 });
    expect(refused.last_error).toMatch(/550/);
  });
});

describe('several processes on one database', () => {
  async function bothSend(a: StateDb, b: StateDb): Promise<void> {
    await seedPeople(a);
    const clock = { now: T0 };
    // one server per sender shows that both did send, and that together they sent each mail once
    const smtp1 = await smtpServer();
    const smtp2 = await smtpServer();
    const notifier = new MailNotifier({ db: a, portalUrl: PORTAL, now: () => clock.now });
    for (let i = 1; i <= 8; i++) await notifier.notify(reported(i));
    const queued = await a.selectFrom('mail_outbox').select('id').execute();
    expect(queued).toHaveLength(24);
    const s1 = newSender(a, smtp1.url, clock);
    const s2 = newSender(b, smtp2.url, clock);
    await Promise.all([s1.runOnce(), s2.runOnce(), s1.runOnce(), s2.runOnce()]);
    const all = [...smtp1.messages, ...smtp2.messages];
    expect(all).toHaveLength(24);
    expect(smtp1.messages.length).toBeGreaterThan(0);
    expect(smtp2.messages.length).toBeGreaterThan(0);
    expect(new Set(all.map((m) => m.parsed.messageId)).size).toBe(24);
    const rows = await b.selectFrom('mail_outbox').selectAll().execute();
    expect(rows.every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true);

    // the claim itself: both read the same row, exactly one takes it
    await notifier.notify(reported(99));
    const [fromA, fromB] = await Promise.all([dueRows(a, T0, 10), dueRows(b, T0, 10)]);
    expect(fromA).toHaveLength(3);
    for (const row of fromA) {
      const same = fromB.find((r) => r.id === row.id)!;
      const won = await Promise.all([claimRow(a, row, T0 + MINUTE), claimRow(b, same, T0 + MINUTE)]);
      expect(won.filter(Boolean)).toHaveLength(1);
    }
  }

  it('two senders on one SQLite file send each mail once', async () => {
    const { db: a, file } = await sqliteDb();
    const b = await openStateDb(file);
    cleanups.push(() => b.destroy());
    await bothSend(a, b);
  });

  it.skipIf(!PG_URL)('two senders on one PostgreSQL schema send each mail once', async () => {
    const schema = `t_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    cleanups.push(async () => {
      await admin.query(`drop schema ${schema} cascade`);
      await admin.end();
    });
    const a = await openStateDbPostgres(PG_URL!, { schema });
    cleanups.push(() => a.destroy());
    const b = await openStateDbPostgres(PG_URL!, { schema });
    cleanups.push(() => b.destroy());
    await bothSend(a, b);
  });
});

describe('running', () => {
  it('polls for mails another process queued, and stop() waits for the mail in flight', async () => {
    const { db } = await sqliteDb();
    await seedPeople(db);
    const smtp = await smtpServer({ delayMs: 300 });
    const sender = new MailSender({ db, transport: smtp.url, from: FROM, pollIntervalMs: 50 });
    cleanups.push(() => sender.stop());
    sender.start();
    // queued without a kick: only the poll can find it
    await new MailNotifier({ db, portalUrl: PORTAL }).notify(reported(1));
    const deadline = Date.now() + 5_000;
    // the first mail is on the wire once the server has its data (held 300 ms before accepting)
    while (Date.now() < deadline) {
      const claimed = await db.selectFrom('mail_outbox').select('id').where('attempts', '>', 0).execute();
      if (claimed.length > 0) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    await new Promise((r) => setTimeout(r, 100));
    await sender.stop();
    const rows = await db.selectFrom('mail_outbox').selectAll().execute();
    const sent = rows.filter((r) => r.status === 'sent');
    expect(sent.length).toBeGreaterThanOrEqual(1);
    expect(sent).toHaveLength(smtp.messages.length);
    // nothing is left claimed-but-unfinished: what was not sent was never tried
    for (const r of rows.filter((x) => x.status !== 'sent')) expect(r.attempts).toBe(0);
  });

  it('startMail without an SMTP URL: says mail is off and keeps the mails in the outbox', async () => {
    const { db } = await sqliteDb();
    await seedPeople(db);
    const logs: string[] = [];
    const mail = startMail({ db, env: { OTASUKE_PORTAL_URL: PORTAL }, log: (l) => logs.push(l) });
    cleanups.push(() => mail.stop());
    expect(mail.sender).toBeNull();
    expect(logs.join('\n')).toMatch(/mail: off .*OTASUKE_SMTP_URL or --smtp-url/);
    await mail.notifier.notify(reported(1));
    const rows = await db.selectFrom('mail_outbox').selectAll().execute();
    expect(rows).toHaveLength(3);
    expect(rows.every((r) => r.status === 'pending')).toBe(true);
    expect(rows[0].text_body).toContain(`${PORTAL}/companies/alpha-kogyo/consultations/case-1`);
  });

  it('startMail with an SMTP URL: logs in, sends at once, never logs the password', async () => {
    const { db } = await sqliteDb();
    await seedPeople(db);
    const smtp = await smtpServer();
    const logs: string[] = [];
    const mail = startMail({
      db,
      env: { OTASUKE_SMTP_URL: 'smtp://ignored.invalid:25', OTASUKE_MAIL_FROM: FROM },
      flags: { smtpUrl: `smtp://mailer:s3cret-pw@127.0.0.1:${smtp.port}`, portalUrl: PORTAL },
      log: (l) => logs.push(l),
    });
    cleanups.push(() => mail.stop());
    expect(mail.sender).not.toBeNull();
    await mail.notifier.notify(reported(1));
    // the notifier kicks the sender: no waiting for the next poll
    const ms = await smtp.waitFor(3, 3_000);
    expect(ms.every((m) => m.user === 'mailer')).toBe(true);
    expect(ms[0].parsed.text).toContain(`${PORTAL}/companies/alpha-kogyo/consultations/case-1`);
    const log = logs.join('\n');
    expect(log).toContain(`mail: sending through smtp://mailer:***@127.0.0.1:${smtp.port}`);
    expect(log).not.toContain('s3cret-pw');
  });
});
