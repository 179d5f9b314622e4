/**
 * Notifications end to end: notify → outbox → sender → a real SMTP server → the parsed
 * message, for every kind, on SQLite and (when OTASUKE_TEST_PG_URL is set) PostgreSQL.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { putSettings } from '../../src/accounts/settings-repo.js';
import { mailQueued, mailSent } from '../../src/core/metrics.js';
import { MailSender } from '../../src/notify/mailer.js';
import type { NotificationEvent } from '../../src/notify/model.js';
import { MailNotifier } from '../../src/notify/outbox.js';
import type { StateDb } from '../../src/storage/state/state-db.js';
import { STATE_BACKENDS } from '../helpers/accounts.js';
import { type ReceivedMail, startSmtpServer, type TestSmtpServer } from '../helpers/smtp.js';
import { ALPHA, BETA, type People, seedPeople } from './fixtures.js';

const PORTAL = 'https://portal.example.jp';
const FROM = 'Otasuke <no-reply@example.jp>';
const T0 = Date.UTC(2026, 3, 1, 2, 0); // 11:00 JST

function alert(
  level: string,
  alertId = 'al-1',
  tenant = ALPHA,
): Extract<NotificationEvent, { kind: 'alert-new' }> {
  return {
    kind: 'alert-new',
    tenant,
    alertId,
    ruleId: 'c2-repeated',
    level,
    title: 'Repeated connections to a known C&C server',
    titleJa: '既知の不審なサーバーへの繰り返し通信',
    count: 12,
    firstSeenMs: Date.UTC(2026, 3, 1, 1, 0),
    explain: {
      ja: 'あなたの会社のネットワークで、外部の不審なサーバーへの通信が見つかりました。',
      en: 'A computer in your company talked to a server known to be used by attackers.',
    },
  };
}

function to(m: ReceivedMail): string {
  return m.envelope.to.join(',').toLowerCase();
}

function byAddress(ms: readonly ReceivedMail[]): Map<string, ReceivedMail> {
  return new Map(ms.map((m) => [to(m), m]));
}

function header(m: ReceivedMail, name: string): string {
  const v = m.parsed.headers.get(name.toLowerCase());
  return typeof v === 'string' ? v : JSON.stringify(v);
}

for (const backend of STATE_BACKENDS) {
  describe.skipIf(backend.skip !== null)(`mail notifications on ${backend.name}`, () => {
    let db: StateDb;
    let dispose: () => Promise<void>;
    let smtp: TestSmtpServer;
    let notifier: MailNotifier;
    let sender: MailSender;
    let people: People;
    const clock = { now: T0 };
    const logs: string[] = [];

    beforeEach(async () => {
      const opened = await backend.open();
      db = opened.db;
      dispose = opened.dispose;
      people = await seedPeople(db);
      smtp = await startSmtpServer();
      clock.now = T0;
      logs.length = 0;
      notifier = new MailNotifier({
        db,
        portalUrl: `${PORTAL}/`,
        now: () => clock.now,
        log: (l) => logs.push(l),
      });
      sender = new MailSender({
        db,
        transport: smtp.url,
        from: FROM,
        now: () => clock.now,
        log: (l) => logs.push(l),
      });
    });

    afterEach(async () => {
      await sender.stop();
      await smtp.close();
      await dispose();
    });

    /** notify, send what is due, and return the mails this produced */
    async function deliver(event: NotificationEvent): Promise<ReceivedMail[]> {
      const before = smtp.messages.length;
      await notifier.notify(event);
      await sender.runOnce();
      return smtp.messages.slice(before);
    }

    it('alert-new (high): plain Japanese to the company, terse to the SOC and the assigned engineer', async () => {
      const ms = await deliver(alert('high'));
      const got = byAddress(ms);
      expect([...got.keys()].sort()).toEqual([
        'boss@alpha.example.jp',
        'eng-a@otasuke.example.jp',
        'expert-a@otasuke.example.jp',
        'it@alpha.example.jp',
        'op@otasuke.example.jp',
        'owner@alpha.example.jp',
        'soc@otasuke.example.jp',
      ]);
      const owner = got.get('owner@alpha.example.jp')!;
      expect(owner.parsed.subject).toBe(
        '【要確認】アルファ工業株式会社のネットワークで注意が必要な通信が見つかりました',
      );
      // Japanese in a header travels as an RFC 2047 encoded word, never raw 8-bit
      expect(owner.raw).toMatch(/^Subject: =\?UTF-8\?[BQ]\?/im);
      expect(owner.parsed.from?.value).toEqual([{ name: 'Otasuke', address: 'no-reply@example.jp' }]);
      expect(owner.parsed.messageId).toMatch(/^<[0-9a-f-]{36}@example\.jp>$/);
      expect(header(owner, 'Auto-Submitted')).toBe('auto-generated');
      expect(owner.parsed.text).toContain('山田太郎 様');
      expect(owner.parsed.text).toContain(
        'あなたの会社のネットワークで、外部の不審なサーバーへの通信が見つかりました。',
      );
      expect(owner.parsed.text).toContain('2026年4月1日(水) 10:00');
      expect(owner.parsed.text).toContain(`${PORTAL}/companies/alpha-kogyo/alerts`);
      expect(owner.parsed.html).toContain(`href="${PORTAL}/companies/alpha-kogyo/alerts"`);
      expect(owner.parsed.html).toContain('電源は切らずに');
      // the owner's mail names no staff and no rule internals
      expect(owner.parsed.text).not.toContain('c2-repeated');
      expect(owner.parsed.text).not.toContain('/desk/');

      const it_ = got.get('it@alpha.example.jp')!;
      expect(it_.parsed.subject).toBe(
        '[Please check] Suspicious traffic found on the network of Alpha Kogyo Co., Ltd.',
      );
      expect(it_.parsed.text).toContain('Dear Ken Ito,');
      expect(it_.parsed.text).toContain(
        'A computer in your company talked to a server known to be used by attackers.',
      );

      const op = got.get('op@otasuke.example.jp')!;
      expect(op.parsed.subject).toBe(
        '[アラート 高] アルファ工業株式会社: 既知の不審なサーバーへの繰り返し通信',
      );
      expect(op.parsed.text).toContain('ルール: c2-repeated');
      expect(op.parsed.text).toContain(`${PORTAL}/desk/alerts/al-1`);
      const soc = got.get('soc@otasuke.example.jp')!;
      expect(soc.parsed.subject).toBe(
        '[Alert High] Alpha Kogyo Co., Ltd.: Repeated connections to a known C&C server',
      );

      const rows = await db.selectFrom('mail_outbox').selectAll().execute();
      expect(rows).toHaveLength(7);
      expect(rows.every((r) => r.status === 'sent' && r.attempts === 1 && r.sent_at === T0)).toBe(true);
      expect(new Set(rows.map((r) => r.tenant))).toEqual(new Set([ALPHA]));
    });

    it('alert-new follows the threshold setting; companies only ever hear of high and critical', async () => {
      expect(await deliver(alert('medium', 'm1'))).toHaveLength(0);
      expect(await deliver(alert('critical', 'c1'))).toHaveLength(7);
      const critical = smtp.messages.find((m) => to(m) === 'boss@alpha.example.jp')!;
      expect(critical.parsed.subject).toMatch(/^【至急】/);

      await putSettings(db, { 'notify.alert_min_level': 'medium' }, T0);
      const medium = await deliver(alert('medium', 'm2'));
      expect(medium.map(to).sort()).toEqual([
        'eng-a@otasuke.example.jp',
        'expert-a@otasuke.example.jp',
        'op@otasuke.example.jp',
        'soc@otasuke.example.jp',
      ]);
      expect(await deliver(alert('low', 'l1'))).toHaveLength(0);
      expect(await deliver(alert('no-such-level', 'x1'))).toHaveLength(0);

      await putSettings(db, { 'notify.alert_min_level': 'critical' }, T0);
      expect(await deliver(alert('high', 'h2'))).toHaveLength(0);
    });

    it('case-created: the desk hears of every case, the company gets a receipt for its web consultation', async () => {
      const web = await deliver({
        kind: 'case-created',
        tenant: ALPHA,
        caseId: 'case-1',
        number: 'C-2026-0001',
        title: 'パソコンの画面に身代金を要求するメッセージ',
        channel: 'web',
        priority: 'critical',
      });
      const got = byAddress(web);
      expect([...got.keys()].sort()).toEqual([
        'boss@alpha.example.jp',
        'desk@otasuke.example.jp',
        'it@alpha.example.jp',
        'op@otasuke.example.jp',
        'owner@alpha.example.jp',
      ]);
      const receipt = got.get('boss@alpha.example.jp')!;
      expect(receipt.parsed.subject).toBe('【受付】ご相談を受け付けました（受付番号 C-2026-0001）');
      expect(receipt.parsed.text).toContain('佐藤花子 様');
      expect(receipt.parsed.text).toContain(`${PORTAL}/companies/alpha-kogyo/consultations/case-1`);
      const desk = got.get('desk@otasuke.example.jp')!;
      expect(desk.parsed.subject).toBe(
        '[新規相談 C-2026-0001] アルファ工業株式会社: パソコンの画面に身代金を要求するメッセージ',
      );
      expect(desk.parsed.text).toContain('受付経路: ポータル');
      expect(desk.parsed.text).toContain('優先度: 緊急');
      expect(desk.parsed.text).toContain(`${PORTAL}/desk/cases/case-1`);

      const phone = await deliver({
        kind: 'case-created',
        tenant: ALPHA,
        caseId: 'case-2',
        number: 'C-2026-0002',
        title: '不審なメール',
        channel: 'phone',
        priority: 'normal',
      });
      expect(phone.map(to).sort()).toEqual(['desk@otasuke.example.jp', 'op@otasuke.example.jp']);
    });

    it('case-updated: the company hears of waiting / resolved / closed and of staff messages; the desk of company messages', async () => {
      const update = (
        change: Extract<NotificationEvent, { kind: 'case-updated' }>['change'],
      ): NotificationEvent => ({
        kind: 'case-updated',
        tenant: ALPHA,
        caseId: 'case-1',
        number: 'C-2026-0001',
        title: '不審なメール',
        change,
      });
      const waiting = await deliver(update({ status: 'waiting', entryId: 'e1' }));
      expect(waiting.map(to).sort()).toEqual([
        'boss@alpha.example.jp',
        'it@alpha.example.jp',
        'owner@alpha.example.jp',
      ]);
      const w = byAddress(waiting).get('owner@alpha.example.jp')!;
      expect(w.parsed.subject).toBe('【C-2026-0001】ご相談についてのお知らせ');
      expect(w.parsed.text).toContain('いまの状況: お客さまのご返答待ち');
      expect(w.parsed.text).toContain('ポータルの相談画面から返信してください');
      expect(byAddress(waiting).get('it@alpha.example.jp')!.parsed.text).toContain(
        'Status: Waiting for your reply',
      );

      expect(await deliver(update({ status: 'in-progress', entryId: 'e2' }))).toHaveLength(0);
      expect(await deliver(update({ status: 'triage' }))).toHaveLength(0);

      const message = await deliver(
        update({
          message: '添付ファイルは開かずに、そのメールを削除してください。\n<b>念のため</b>',
          entryId: 'e3',
        }),
      );
      expect(message).toHaveLength(3);
      const m = byAddress(message).get('boss@alpha.example.jp')!;
      expect(m.parsed.text).toContain(
        '担当者からのメッセージ:\n添付ファイルは開かずに、そのメールを削除してください。\n<b>念のため</b>',
      );
      expect(m.parsed.html).toContain('&lt;b&gt;念のため&lt;/b&gt;');
      expect(m.parsed.text).not.toContain('いまの状況');

      // a company message goes to the desk and the case's assignee, not back to the company
      const now = Date.now();
      await db
        .insertInto('desk_cases')
        .values({
          id: 'case-1',
          number: 'C-2026-0001',
          tenant: ALPHA,
          title: '不審なメール',
          description: '',
          category: 'suspicious-mail',
          channel: 'web',
          priority: 'normal',
          status: 'in-progress',
          template: null,
          occurred_at: null,
          affected_host: null,
          urgency: null,
          reporter_user_id: null,
          reporter_name: null,
          reporter_contact: null,
          assignee_id: people.engineerA,
          created_by: null,
          created_at: now,
          updated_at: now,
          first_response_at: null,
          last_update_at: null,
          resolved_at: null,
          closed_at: null,
          resolution: null,
          waiting: '[]',
          reopened: 0,
          checklist: '{}',
        })
        .execute();
      const fromCompany = await deliver(
        update({
          message: '削除しました。ほかの社員にも届いていました。',
          status: 'in-progress',
          by: 'company',
          entryId: 'e4',
        }),
      );
      expect(fromCompany.map(to).sort()).toEqual([
        'desk@otasuke.example.jp',
        'eng-a@otasuke.example.jp',
        'op@otasuke.example.jp',
      ]);
      const d = byAddress(fromCompany).get('desk@otasuke.example.jp')!;
      expect(d.parsed.subject).toBe('[C-2026-0001] アルファ工業株式会社 からメッセージ: 不審なメール');
      expect(d.parsed.text).toContain('削除しました。ほかの社員にも届いていました。');
      expect(d.parsed.text).toContain(`${PORTAL}/desk/cases/case-1`);

      const resolved = await deliver(update({ status: 'resolved', entryId: 'e5' }));
      expect(byAddress(resolved).get('owner@alpha.example.jp')!.parsed.text).toContain('対応が完了しました');
      const closed = await deliver(update({ status: 'closed', entryId: 'e6' }));
      expect(byAddress(closed).get('owner@alpha.example.jp')!.parsed.text).toContain(
        'このご相談は終了しました',
      );
    });

    it('dispatch-scheduled: the company and the engineer; a new time is a new mail, the same one is not', async () => {
      const scheduled = (start: number): NotificationEvent => ({
        kind: 'dispatch-scheduled',
        tenant: ALPHA,
        caseId: 'case-1',
        caseNumber: 'C-2026-0001',
        dispatchId: 'd-1',
        number: 'D-2026-0001',
        engineerId: people.engineerA,
        scheduledStart: start,
        scheduledEnd: start + 2 * 3_600_000,
        siteAddress: '東京都千代田区丸の内1-1-1 <3F>',
      });
      const start = Date.UTC(2026, 3, 2, 0, 30); // 09:30 JST
      const ms = await deliver(scheduled(start));
      const got = byAddress(ms);
      expect([...got.keys()].sort()).toEqual([
        'boss@alpha.example.jp',
        'eng-a@otasuke.example.jp',
        'it@alpha.example.jp',
        'owner@alpha.example.jp',
      ]);
      const owner = got.get('owner@alpha.example.jp')!;
      expect(owner.parsed.subject).toBe('【C-2026-0001】エンジニアがおうかがいする日時が決まりました');
      expect(owner.parsed.text).toContain('・訪問日時: 2026年4月2日(木) 09:30 〜 11:30');
      expect(owner.parsed.text).toContain('・訪問先: 東京都千代田区丸の内1-1-1 <3F>');
      expect(owner.parsed.text).toContain('・担当エンジニア: 鈴木一郎');
      expect(owner.parsed.html).toContain('東京都千代田区丸の内1-1-1 &lt;3F&gt;');
      const eng = got.get('eng-a@otasuke.example.jp')!;
      expect(eng.parsed.subject).toBe('[駆け付け D-2026-0001] アルファ工業株式会社 2026年4月2日(木) 09:30');
      expect(eng.parsed.text).toContain(`${PORTAL}/desk/dispatches/d-1`);

      expect(await deliver(scheduled(start))).toHaveLength(0);
      expect(await deliver(scheduled(start + 86_400_000))).toHaveLength(4);
    });

    it('case-assigned: the assignee hears of it, unless they took it themself', async () => {
      const event = {
        kind: 'case-assigned' as const,
        tenant: ALPHA,
        caseId: 'case-1',
        number: 'C-2026-0001',
        title: 'PCが重い',
        priority: 'high',
        assigneeId: people.agent,
        byUserId: people.engineerA,
        at: T0,
      };
      const ms = await deliver(event);
      expect(ms.map(to)).toEqual(['desk@otasuke.example.jp']);
      expect(ms[0].parsed.subject).toBe('[相談 C-2026-0001] 担当になりました: PCが重い');
      expect(ms[0].parsed.html).toContain(`href="${PORTAL}/desk/cases/case-1"`);
      // the same assignment again queues nothing; taking a case yourself mails no one
      expect(await deliver(event)).toEqual([]);
      expect(await deliver({ ...event, byUserId: people.agent, at: T0 + 60_000 })).toEqual([]);
    });

    it('dispatch-reported: the company is asked to sign off in the portal', async () => {
      const ms = await deliver({
        kind: 'dispatch-reported',
        tenant: ALPHA,
        caseId: 'case-1',
        caseNumber: 'C-2026-0001',
        dispatchId: 'd-1',
        number: 'D-2026-0001',
      });
      expect(ms.map(to).sort()).toEqual([
        'boss@alpha.example.jp',
        'it@alpha.example.jp',
        'owner@alpha.example.jp',
      ]);
      const owner = byAddress(ms).get('owner@alpha.example.jp')!;
      expect(owner.parsed.subject).toBe('【C-2026-0001】訪問作業の報告をご確認ください');
      expect(owner.parsed.text).toContain('サインオフ');
      expect(owner.parsed.html).toContain(`href="${PORTAL}/companies/alpha-kogyo/consultations/case-1"`);
      expect(byAddress(ms).get('it@alpha.example.jp')!.parsed.text).toContain('sign it off');
    });

    it('a repeated trigger queues nothing new', async () => {
      const queuedBefore = (await mailQueued.get()).values.reduce((n, v) => n + v.value, 0);
      await notifier.notify(alert('high'));
      await notifier.notify(alert('high'));
      expect(await notifier.queue(alert('high'))).toBe(0);
      const rows = await db.selectFrom('mail_outbox').select(['dedup_key']).execute();
      expect(rows).toHaveLength(7);
      expect(rows.map((r) => r.dedup_key)).toContain('alert-new:al-1:owner@alpha.example.jp');
      const queuedAfter = (await mailQueued.get()).values.reduce((n, v) => n + v.value, 0);
      expect(queuedAfter - queuedBefore).toBe(7);
      await sender.runOnce();
      expect(smtp.messages).toHaveLength(7);
    });

    it("never mails one company's data to another company", async () => {
      const events: NotificationEvent[] = [
        alert('critical', 'a-alpha'),
        {
          kind: 'case-created',
          tenant: ALPHA,
          caseId: 'c-alpha',
          number: 'C-2026-0009',
          title: 'アルファの秘密',
          channel: 'web',
          priority: 'high',
        },
        {
          kind: 'case-updated',
          tenant: ALPHA,
          caseId: 'c-alpha',
          number: 'C-2026-0009',
          title: 'アルファの秘密',
          change: { status: 'waiting', message: 'アルファへの質問' },
        },
        {
          kind: 'dispatch-scheduled',
          tenant: ALPHA,
          caseId: 'c-alpha',
          caseNumber: 'C-2026-0009',
          dispatchId: 'd-alpha',
          number: 'D-2026-0009',
          engineerId: people.engineerB,
          scheduledStart: T0 + 86_400_000,
          scheduledEnd: null,
          siteAddress: null,
        },
        {
          kind: 'dispatch-reported',
          tenant: ALPHA,
          caseId: 'c-alpha',
          caseNumber: 'C-2026-0009',
          dispatchId: 'd-alpha',
          number: 'D-2026-0009',
        },
      ];
      for (const e of events) await deliver(e);
      await deliver({ ...alert('critical', 'a-beta', BETA), titleJa: 'ベータの件', title: 'Beta matter' });
      const betaCompanyMails = smtp.messages.filter((m) => /@beta\.example\.jp$/.test(to(m)));
      expect(betaCompanyMails.map(to).sort()).toEqual(['boss@beta.example.jp', 'owner@beta.example.jp']);
      for (const m of betaCompanyMails) {
        const all = `${m.parsed.subject} ${m.parsed.text} ${m.parsed.html}`;
        expect(all).not.toMatch(/アルファ|Alpha|alpha-kogyo|C-2026-0009/);
      }
      for (const m of smtp.messages.filter((x) => /@alpha\.example\.jp$/.test(to(x)))) {
        const all = `${m.parsed.subject} ${m.parsed.text} ${m.parsed.html}`;
        expect(all).not.toMatch(/ベータ|beta-shoji|Beta/);
        // staff-only details: rule ids, desk links, other staff's names
        expect(all).not.toMatch(/c2-repeated|\/desk\/|運用責任者|窓口担当/);
      }
      // the engineer assigned to beta only heard of alpha's dispatch (assigned to them), not of its alerts
      const engB = smtp.messages.filter((m) => to(m) === 'eng-b@otasuke.example.jp');
      expect(engB.map((m) => m.parsed.subject)).toEqual([
        '[駆け付け D-2026-0009] アルファ工業株式会社 2026年4月2日(木) 11:00',
        '[アラート 緊急] ベータ商事: ベータの件',
      ]);
    });

    it('counts what it sends', async () => {
      const sentBefore =
        (await mailSent.get()).values.find((v) => v.labels.kind === 'dispatch-reported')?.value ?? 0;
      await deliver({
        kind: 'dispatch-reported',
        tenant: ALPHA,
        caseId: 'case-1',
        caseNumber: 'C-2026-0001',
        dispatchId: 'd-9',
        number: 'D-2026-0009',
      });
      const sentAfter =
        (await mailSent.get()).values.find((v) => v.labels.kind === 'dispatch-reported')?.value ?? 0;
      expect(sentAfter - sentBefore).toBe(3);
    });

    it("an alert without its own explanation borrows the rule's plain-language text", async () => {
      const withRules = new MailNotifier({
        db,
        portalUrl: PORTAL,
        now: () => clock.now,
        ruleExplain: (ruleId) =>
          ruleId === 'c2-repeated'
            ? {
                ja: '社内のパソコンが指令サーバーと通信しようとしました。',
                en: 'A PC tried to reach a C&C server.',
              }
            : null,
      });
      const { explain: _drop, ...bare } = alert('high', 'al-bare');
      await withRules.notify(bare);
      await withRules.notify({ ...bare, alertId: 'al-other', ruleId: 'other-rule' });
      await sender.runOnce();
      const texts = (addr: string) =>
        smtp.messages.filter((m) => to(m) === addr).map((m) => m.parsed.text ?? '');
      const owner = texts('owner@alpha.example.jp');
      expect(owner).toHaveLength(2);
      expect(
        owner.filter((t) => t.includes('社内のパソコンが指令サーバーと通信しようとしました。')),
      ).toHaveLength(1);
      expect(
        owner.filter((t) => t.includes('あなたの会社のネットワークで、注意が必要な通信が見つかりました。')),
      ).toHaveLength(1);
      expect(
        texts('it@alpha.example.jp').filter((t) => t.includes('A PC tried to reach a C&C server.')),
      ).toHaveLength(1);
    });

    it('a notifier that cannot queue logs and does not throw', async () => {
      const broken = new MailNotifier({
        db,
        portalUrl: PORTAL,
        log: (l) => logs.push(l),
        templates: {
          layout: { ja: { html: '', textFooter: '' }, en: { html: '', textFooter: '' } },
          labels: {
            defaultName: { ja: 'x', en: 'x' },
            level: {},
            levelPlain: {},
            priority: {},
            channel: {},
            caseStatus: {},
            caseStatusText: {},
          },
          get() {
            throw new Error('template store exploded');
          },
        },
      });
      await expect(broken.notify(alert('high'))).resolves.toBeUndefined();
      expect(logs.join('\n')).toMatch(
        /mail: could not queue alert-new for alpha-kogyo: template store exploded/,
      );
    });
  });
}
