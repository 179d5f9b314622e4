/**
 * The Monday summary end to end: the scheduler (fake clock) runs the weekly job over a
 * DuckDB store seeded with a known week, the mails go through the outbox and the sender
 * to a real SMTP server, and the parsed messages carry each company's own figures only.
 * State on SQLite and (when OTASUKE_TEST_PG_URL is set) PostgreSQL.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MailSender } from '../../src/notify/mailer.js';
import { MailNotifier } from '../../src/notify/outbox.js';
import { parseWeekKey, sendWeeklySummaries, weeklySummaryJob } from '../../src/reports/weekly/index.js';
import {
  jst,
  otherCompanyEvents,
  RUN_AT,
  seedAlerts,
  WEEK_KEY,
  weekEvents,
} from '../../src/reports/weekly/weekly.test-helper.js';
import { Scheduler } from '../../src/schedule/index.js';
import { DuckDbEventStore } from '../../src/storage/events/duckdb/duckdb-store.js';
import type { StateDb } from '../../src/storage/state/state-db.js';
import { STATE_BACKENDS } from '../helpers/accounts.js';
import { type ReceivedMail, startSmtpServer, type TestSmtpServer } from '../helpers/smtp.js';
import { ALPHA, addCompany, addDevice, BETA, seedPeople } from './fixtures.js';

const PORTAL = 'https://portal.example.jp';
const FROM = 'Otasuke <no-reply@example.jp>';

function byAddress(ms: readonly ReceivedMail[]): Map<string, ReceivedMail> {
  return new Map(ms.map((m) => [m.envelope.to.join(',').toLowerCase(), m]));
}

for (const backend of STATE_BACKENDS) {
  describe.skipIf(backend.skip !== null)(`the weekly summary mail on ${backend.name}`, () => {
    let db: StateDb;
    let dispose: () => Promise<void>;
    let dir: string;
    let store: DuckDbEventStore;
    let smtp: TestSmtpServer;
    let notifier: MailNotifier;
    let sender: MailSender;
    let scheduler: Scheduler;
    const clock = { now: jst(2026, 11, 10, 12) };

    beforeEach(async () => {
      const opened = await backend.open();
      db = opened.db;
      dispose = opened.dispose;
      dir = mkdtempSync(join(tmpdir(), 'otasuke-weekly-mail-'));
      store = await DuckDbEventStore.open({ path: join(dir, 'events.duckdb') });
      await store.append([...weekEvents(ALPHA), ...otherCompanyEvents(BETA)]);
      await seedPeople(db);
      await seedAlerts(db, ALPHA, BETA);
      const before = jst(2026, 10, 1);
      await addDevice(db, ALPHA, before);
      await addDevice(db, BETA, before);
      // a UTM that sent nothing all week
      await addCompany(db, { id: 'delta-denki', name: 'デルタ電機', contactEmail: 'owner@delta.example.jp' });
      await addDevice(db, 'delta-denki', before);
      // no UTM yet, and one installed only after the week: no summary for either
      await addCompany(db, { id: 'gamma-ya', name: 'ガンマ屋', contactEmail: 'owner@gamma.example.jp' });
      await addCompany(db, { id: 'epsilon', name: 'イプシロン', contactEmail: 'owner@epsilon.example.jp' });
      await addDevice(db, 'epsilon', jst(2026, 11, 23, 7));
      smtp = await startSmtpServer();
      clock.now = jst(2026, 11, 10, 12);
      sender = new MailSender({ db, transport: smtp.url, from: FROM, now: () => clock.now });
      notifier = new MailNotifier({ db, portalUrl: `${PORTAL}/`, now: () => clock.now });
      scheduler = new Scheduler({ db, now: () => clock.now, owner: 'test:1' });
      scheduler.add(weeklySummaryJob({ db, store, outbox: notifier }));
    });

    afterEach(async () => {
      await scheduler.stop();
      await sender.stop();
      await smtp.close();
      await store.close();
      await dispose();
      rmSync(dir, { recursive: true, force: true });
    });

    /** The scheduler's Monday: first sight the week before, then the run at 08:00 JST. */
    async function mondayRun(): Promise<ReceivedMail[]> {
      await scheduler.runDue();
      clock.now = RUN_AT;
      const outcomes = await scheduler.runDue();
      expect(outcomes).toMatchObject([
        {
          job: 'weekly-summary',
          key: WEEK_KEY,
          status: 'done',
          detail: { companies: 3, mailed: 3, mailsQueued: 7, noRecipients: 0 },
        },
      ]);
      await sender.runOnce();
      return smtp.messages.slice();
    }

    it("mails each company's people their own week, in their language", async () => {
      const got = byAddress(await mondayRun());
      expect([...got.keys()].sort()).toEqual([
        'boss@alpha.example.jp',
        'boss@beta.example.jp',
        'it@alpha.example.jp',
        'owner@alpha.example.jp',
        'owner@beta.example.jp',
        'owner@delta.example.jp',
        'viewer@alpha.example.jp',
      ]);

      const owner = got.get('owner@alpha.example.jp') as ReceivedMail;
      expect(owner.parsed.subject).toBe(
        '【週間レポート】アルファ工業株式会社のセキュリティの状況（11/16〜11/22）',
      );
      expect(owner.raw).toMatch(/^Subject: =\?UTF-8\?[BQ]\?/im);
      const text = owner.parsed.text ?? '';
      expect(text).toContain('山田太郎 様');
      expect(text).toContain('アルファ工業株式会社の先週（2026年11月16日(月)〜11月22日(日)）');
      for (const line of [
        '・偵察（ping・ポートスキャン）: 5 件（前週 4 件から 25% 増）',
        '・侵入の試み（IPS が検知）: 3 件（前週は 0 件）',
        '・社内から外部への不審な通信: 2 件（前週は 0 件）',
        '・ウイルス: 7 件（前週 2 件から 250% 増）',
        '  Web アクセス 2 件／メール受信 3 件／メール送信 1 件／FTP 0 件／その他 1 件',
        '・止めたアプリ・サービスの利用: 4 件（前週 2 件から 100% 増）',
        // the UTM logs every mail: 91 clean + 6 spam + 3 with a virus received, 40 sent
        '・受け取ったメール: 100 通（前週 80 通から 25% 増）',
        '・迷惑メール（スパム）: 6 通（前週 3 通から 100% 増）',
        '・迷惑メールの割合: 6%',
        '・アラート（重要度「中」以上）: 3 件',
      ])
        expect(text.split('\n')).toContain(line);
      const link = `${PORTAL}/companies/alpha-kogyo?period=custom&from=2026-11-16&to=2026-11-22`;
      expect(text).toContain(link);
      expect(text).toContain(`${PORTAL}/companies/alpha-kogyo/alerts`);

      const html = owner.parsed.html || '';
      for (const cell of [
        '<strong>5</strong> 件',
        '<strong>3</strong> 件',
        '<strong>7</strong> 件',
        '<strong>6</strong> 通',
        '<strong>100 通</strong>',
        '<strong>6%</strong>',
      ])
        expect(html).toContain(cell);
      expect(html).toContain('前週 80 通から 25% 増');
      expect(text).not.toContain('「—」としています');
      expect(html).toContain('前週 4 件から 25% 増');
      expect(html).toContain('メール受信 3 件');
      expect(html).toContain(`href="${link.replaceAll('&', '&amp;')}"`);

      // English for the user whose language is English; company viewers get it too
      const it_ = got.get('it@alpha.example.jp') as ReceivedMail;
      expect(it_.parsed.subject).toBe('Weekly security summary for Alpha Kogyo Co., Ltd. (16–22 Nov)');
      expect(it_.parsed.text).toContain('Dear Ken Ito,');
      expect(it_.parsed.text).toContain(
        '- Probing (pings and port scans): 5 (up 25% from 4 the week before)',
      );
      expect(it_.parsed.text).toContain('- Mails received: 100 (up 25% from 80 the week before)');
      expect(it_.parsed.text).toContain('- Share of spam: 6%');
      expect(got.get('viewer@alpha.example.jp')?.parsed.subject).toContain('アルファ工業株式会社');

      // a silent UTM is said plainly
      expect(got.get('owner@delta.example.jp')?.parsed.text).toContain('UTM');
      expect(got.get('owner@delta.example.jp')?.parsed.text).toContain('記録が届いていません');
    });

    it("never shows one company's data in another's mail", async () => {
      const ms = await mondayRun();
      const alpha = ms.filter((m) =>
        m.envelope.to.some((a) => a.toLowerCase().endsWith('@alpha.example.jp')),
      );
      const beta = ms.filter((m) => m.envelope.to.some((a) => a.toLowerCase().endsWith('@beta.example.jp')));
      expect(alpha).toHaveLength(4);
      expect(beta).toHaveLength(2);
      for (const m of ms) expect(m.envelope.to).toHaveLength(1);
      for (const m of alpha) {
        const all = `${m.parsed.subject}\n${m.parsed.text}\n${m.parsed.html}`;
        for (const foreign of ['ベータ', 'beta-shoji', '97 件', '41 件', '13 通', ': 97', 'デルタ', 'delta'])
          expect(all, foreign).not.toContain(foreign);
      }
      for (const m of beta) {
        const all = `${m.parsed.subject}\n${m.parsed.text}\n${m.parsed.html}`;
        expect(all).toContain('ベータ商事');
        expect(m.parsed.text).toContain('・偵察（ping・ポートスキャン）: 97 件（前週は 0 件）');
        expect(m.parsed.text).toContain('メール受信 41 件');
        expect(m.parsed.text).toContain('・迷惑メール（スパム）: 13 通（前週は 0 通）');
        // its UTM logs only spam and viruses: no count, and the reason in plain words
        expect(m.parsed.text).toContain('・受け取ったメール: —');
        expect(m.parsed.text).toContain('・迷惑メールの割合: —');
        expect(m.parsed.text).toContain('見つけた迷惑メールやウイルスだけを記録していて');
        expect(m.parsed.text).toContain('・アラート（重要度「中」以上）: 2 件');
        // 41 viruses arrived by mail and were let through: the opening line says so
        expect(m.parsed.text).toContain('止めずに通した攻撃・不審な通信・ウイルスが 41 件');
        for (const foreign of [
          'アルファ',
          'alpha-kogyo',
          'Dropbox',
          'オンラインストレージの利用 3 件',
          '100 通',
          '6%',
        ])
          expect(all, foreign).not.toContain(foreign);
      }
    });

    it('a second run of the same week mails nobody twice', async () => {
      await mondayRun();
      expect(smtp.messages).toHaveLength(7);
      // a retry, an operator's re-run or a second process: the outbox keys hold
      const again = await sendWeeklySummaries({ db, store, outbox: notifier }, parseWeekKey(WEEK_KEY));
      expect(again).toEqual({ companies: 3, mailed: 3, mailsQueued: 0, noRecipients: 0 });
      clock.now += 3_600_000;
      expect(await scheduler.runDue()).toEqual([]);
      await sender.runOnce();
      expect(smtp.messages).toHaveLength(7);
      const keys = await db
        .selectFrom('mail_outbox')
        .select(['dedup_key', 'kind', 'tenant', 'status'])
        .where('kind', '=', 'weekly-summary')
        .orderBy('dedup_key')
        .execute();
      expect(keys).toHaveLength(7);
      expect(keys.every((k) => k.status === 'sent')).toBe(true);
      expect(keys[0].dedup_key).toBe(`weekly-summary:${ALPHA}:${WEEK_KEY}:boss@alpha.example.jp`);
    });
  });
}
