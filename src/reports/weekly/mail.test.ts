/** The weekly mail as rendered from the shipped templates, for known figures. */
import { describe, expect, it } from 'vitest';
import { mailTemplates, renderMail } from '../../notify/templates.js';
import { figuresFromCounts, type WeeklyFigures } from './figures.js';
import { weekDashboardLink, weeklyMailKey, weeklyMailPlan, weeklyVars } from './mail.js';
import { summaryWeek } from './period.js';
import { RUN_AT, WEEK_FIGURES } from './weekly.test-helper.js';

const PORTAL = 'https://portal.example.jp';
const week = summaryWeek(RUN_AT);

function figures(over: Partial<WeeklyFigures> = {}): WeeklyFigures {
  const base = figuresFromCounts(week, [], [], 0);
  return { ...base, ...structuredClone(WEEK_FIGURES), ...over } as WeeklyFigures;
}

function render(f: WeeklyFigures, locale: 'ja' | 'en', company = { ja: 'アルファ工業', en: 'Alpha Kogyo' }) {
  const vars = weeklyVars(
    { tenant: 'alpha', company, figures: f, recipients: [], portalUrl: PORTAL },
    locale,
  );
  return renderMail(mailTemplates(), 'weekly-summary', 'company', locale, { ...vars, name: '山田太郎' });
}

describe('the weekly summary mail', () => {
  it('says the week in plain Japanese with every figure and the change against the week before', () => {
    const m = render(figures(), 'ja');
    expect(m.subject).toBe('【週間レポート】アルファ工業のセキュリティの状況（11/16〜11/22）');
    const lines = m.text.split('\n');
    expect(lines[0]).toBe('山田太郎 様');
    expect(m.text).toContain('アルファ工業の先週（2026年11月16日(月)〜11月22日(日)）のセキュリティの状況');
    expect(lines).toContain('・偵察（ping・ポートスキャン）: 5 件（前週 4 件から 25% 増）');
    expect(lines).toContain('  → うち 1 件は記録だけで、止めてはいません。');
    expect(lines).toContain('・侵入の試み（IPS が検知）: 3 件（前週は 0 件）');
    expect(lines).toContain('  → うち 1 件は UTM が止めずに通しています。ポータルで内容をご確認ください。');
    expect(lines).toContain('・社内から外部への不審な通信: 2 件（前週は 0 件）');
    expect(lines).toContain('・ウイルス: 7 件（前週 2 件から 250% 増）');
    expect(lines).toContain('  Web アクセス 2 件／メール受信 3 件／メール送信 1 件／FTP 0 件／その他 1 件');
    expect(lines).toContain('・止めたアプリ・サービスの利用: 4 件（前週 2 件から 100% 増）');
    expect(lines).toContain(
      '  内訳: オンラインストレージの利用 3 件、遠隔操作（リモートアクセス）ツールの利用 1 件',
    );
    expect(lines).toContain('・受け取ったメール: 100 通（前週 80 通から 25% 増）');
    expect(lines).toContain('・迷惑メール（スパム）: 6 通（前週 3 通から 100% 増）');
    expect(lines).toContain('・迷惑メールの割合: 6%');
    expect(m.text).not.toContain('「—」としています');
    expect(lines).toContain('・アラート（重要度「中」以上）: 3 件');
    expect(m.text).toContain(`${PORTAL}/companies/alpha/alerts`);
    expect(m.text).toContain(`${PORTAL}/companies/alpha?period=custom&from=2026-11-16&to=2026-11-22`);
    // one intrusion got through: that is the opening line, not "all clear"
    expect(m.text).toContain('UTM が止めずに通した攻撃・不審な通信・ウイルスが 1 件ありました');
    expect(m.text).not.toContain('すべて UTM が止めました。いまのところ');
    expect(m.text).not.toContain('記録が届いていません');
    expect(m.text).not.toMatch(/\n\n\n/);
    expect(m.text).not.toMatch(/\{\{|\}\}/);
  });

  it('has the same figures in the HTML part, escaped, with the links', () => {
    const m = render(figures(), 'ja', { ja: '<b>アルファ</b> & 工業', en: 'Alpha' });
    expect(m.html).toContain('&lt;b&gt;アルファ&lt;/b&gt; &amp; 工業');
    expect(m.html).not.toContain('<b>アルファ');
    for (const cell of [
      '<strong>5</strong> 件',
      '<strong>3</strong> 件',
      '<strong>7</strong> 件',
      '<strong>6</strong> 通',
    ])
      expect(m.html).toContain(cell);
    expect(m.html).toContain('Web アクセス 2 件／メール受信 3 件／メール送信 1 件／FTP 0 件／その他 1 件');
    expect(m.html).toContain(
      `href="${PORTAL}/companies/alpha?period=custom&amp;from=2026-11-16&amp;to=2026-11-22"`,
    );
    expect(m.html).toContain(`href="${PORTAL}/companies/alpha/alerts"`);
    expect(m.html).toContain('<strong>100 通</strong>');
    expect(m.html).toContain('前週 80 通から 25% 増');
    expect(m.html).toContain('<strong>6%</strong>');
    expect(m.html).not.toContain('<strong>—</strong>');
    expect(m.html).toMatch(/^<!DOCTYPE html>/);
  });

  it('in English for English readers', () => {
    const m = render(figures(), 'en');
    expect(m.subject).toBe('Weekly security summary for Alpha Kogyo (16–22 Nov)');
    const lines = m.text.split('\n');
    expect(lines[0]).toBe('Dear 山田太郎,');
    expect(lines).toContain('- Probing (pings and port scans): 5 (up 25% from 4 the week before)');
    expect(lines).toContain('- Viruses: 7 (up 250% from 2 the week before)');
    expect(lines).toContain('  web 2 / mail received 3 / mail sent 1 / FTP 0 / other 1');
    expect(lines).toContain('- Mails received: 100 (up 25% from 80 the week before)');
    expect(lines).toContain('- Share of spam: 6%');
    expect(lines).toContain('- Alerts (medium severity and above): 3');
    expect(m.text).not.toMatch(/[\u3040-\u30ff]/);
  });

  it('opens with one of four lines: no records, let through, open alerts, all clear', () => {
    const quiet = { events: 0, recon: { count: 0, stopped: 0, previous: 0 } };
    const cases: [Partial<WeeklyFigures>, string][] = [
      [
        { ...quiet, intrusion: { count: 0, stopped: 0, previous: 0 } },
        'UTM（会社のネットワークの出入口に置いたセキュリティ機器）から記録が届いていません',
      ],
      [{}, '止めずに通した'],
      [
        { intrusion: { count: 3, stopped: 3, previous: 0 } },
        'まだ対応が終わっていないお知らせ（アラート）があります',
      ],
      [
        { intrusion: { count: 3, stopped: 3, previous: 0 }, openAlerts: 0 },
        'すべて UTM が止めました。いまのところ',
      ],
    ];
    const openers = [
      '記録が届いていません',
      '止めずに通した攻撃',
      'まだ対応が終わっていないお知らせ（アラート）があります',
      'いまのところ',
    ];
    for (const [over, expected] of cases) {
      const text = render(figures(over), 'ja').text;
      expect(text).toContain(expected);
      expect(openers.filter((o) => text.includes(o))).toHaveLength(1);
    }
  });

  it('says plainly why the mail count is a dash', () => {
    const unknown = { mailsReceived: null, mailsReceivedPrevious: null, spamRatio: null };
    const none = render(figures({ ...unknown, mailLogging: 'none' }), 'ja');
    const noneLines = none.text.split('\n');
    expect(noneLines).toContain('・受け取ったメール: —');
    expect(noneLines).toContain('・迷惑メールの割合: —');
    expect(none.text).toContain('UTM がメールを記録していません');
    expect(none.html).toContain('UTM がメールを記録していません');
    expect(none.html).toContain('<strong>—</strong>');
    const verdicts = render(figures({ ...unknown, mailLogging: 'verdicts-only' }), 'ja');
    expect(verdicts.text).toContain('見つけた迷惑メールやウイルスだけを記録していて');
    expect(verdicts.text).not.toContain('UTM がメールを記録していません');
    const en = render(figures({ ...unknown, mailLogging: 'none' }), 'en');
    expect(en.text).toContain('- Mails received: —');
    expect(en.text).toContain('your UTM is not logging mail');
    // a week with no record at all says so at the top; the mail note would repeat it
    const silent = render(figures({ ...unknown, mailLogging: 'none', events: 0 }), 'ja');
    expect(silent.text).toContain('記録が届いていません');
    expect(silent.text).not.toContain('UTM がメールを記録していません');
  });

  it('leaves out the change in mails received when the week before is unknown', () => {
    const m = render(figures({ mailsReceivedPrevious: null }), 'ja');
    expect(m.text.split('\n')).toContain('・受け取ったメール: 100 通');
  });

  it('one plan per company and week, keyed for the outbox', () => {
    const plan = weeklyMailPlan({
      tenant: 'alpha',
      company: { ja: 'アルファ工業', en: 'Alpha Kogyo' },
      figures: figures(),
      recipients: [{ address: 'a@example.jp', locale: 'ja', name: null, audience: 'company' }],
      portalUrl: PORTAL,
    });
    expect(plan.kind).toBe('weekly-summary');
    expect(plan.audience).toBe('company');
    expect(plan.key).toBe('weekly-summary:alpha:2026-11-16/2026-11-23');
    expect(weeklyMailKey('alpha', week)).toBe(plan.key);
    expect(weekDashboardLink(PORTAL, 'a/b', week)).toBe(
      `${PORTAL}/companies/a%2Fb?period=custom&from=2026-11-16&to=2026-11-22`,
    );
  });
});
