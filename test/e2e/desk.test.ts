/**
 * The incident desk in a real browser on a freshly started service (demo on), as one
 * journey: a company admin asks for help → the operator finds the consultation in
 * Cases, triages it, writes to the company and sends an engineer → the engineer, on
 * their first login, records the way there and files the visit report → the company
 * reads it, replies, attaches a file and signs the visit off → the operator resolves
 * the case and the company sees it resolved. Then the alert queue, desk statistics,
 * the company's insurance page and a claim. Screenshots of every desk page go to
 * test-artifacts/e2e/desk-*.png; no script errors or CSP refusals are allowed.
 *
 * Needs from the service: the demo login sakura-admin (company-admin of
 * demo-sakura-kogyo), the bootstrap operator login, and the desk routes of docs/api.md.
 * The engineer is created here through the Users page.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Login,
  launchBrowser,
  logInAs,
  openPage,
  type Service,
  screenshot,
  settle,
  startService,
  waitForDemo,
} from './harness.js';

let svc: Service;
let browser: Browser;
const contexts: BrowserContext[] = [];
/** Console errors and CSP refusals seen by any page. */
const problems: string[] = [];

const TENANT = 'demo-sakura-kogyo';
const STAMP = Date.now().toString(36);
const TITLE = `E2E 請求書メールの添付を開いてしまった ${STAMP}`;
const NOTE = `ご連絡ありがとうございます。該当のパソコンをLANから外してお待ちください（${STAMP}）。`;
const FINDINGS = `経理のパソコンで不審なマクロの実行跡を確認 ${STAMP}`;
const ENGINEER = { login: `e2e-engineer-${STAMP}`, name: '駆け付け 太郎' };

function newPage(): Promise<Page> {
  return openPage(browser, { contexts, problems }, { width: 1180, height: 900 });
}

function logIn(page: Page, who: Login): Promise<void> {
  return logInAs(page, svc.url, who);
}

/** The first login with a temporary password leads to the forced change. */
async function changePasswordIfAsked(page: Page, who: Login): Promise<void> {
  const forced = page.getByRole('heading', { name: 'パスワードの変更' });
  await page.locator('main h1').filter({ hasNotText: 'ログイン' }).first().waitFor();
  if (!(await forced.isVisible())) return;
  const next = `${who.login}-new-passphrase-2026`;
  await page.getByLabel('今のパスワード').fill(who.password);
  await page.getByLabel('新しいパスワード', { exact: true }).fill(next);
  await page.getByLabel('新しいパスワード（確認のためもう一度）').fill(next);
  await page.getByRole('button', { name: '変更する' }).click();
  await forced.waitFor({ state: 'detached' });
  who.password = next;
}

const nav = (page: Page) => page.getByRole('navigation', { name: 'メインメニュー' });

/** A datetime-local value in Japan time, `days` from today at `hour`:00. */
function jstLocal(days: number, hour: number): string {
  const d = new Date(Date.now() + 9 * 3_600_000 + days * 86_400_000);
  return `${d.toISOString().slice(0, 10)}T${String(hour).padStart(2, '0')}:00`;
}

beforeAll(async () => {
  svc = await startService();
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close().catch(() => {});
  await svc?.stop();
});

describe('incident desk in a browser', () => {
  let company: Page;
  let operator: Page;
  let companyUser: Login;
  let engineer: Login;
  let consultationUrl = '';
  let caseUrl = '';

  it('company admin: asks for help with the 相談する form and sees it received', async () => {
    const found = svc.demo.find((d) => d.login === 'sakura-admin');
    expect(found, 'the demo login sakura-admin').toBeDefined();
    companyUser = { ...(found as Login) };
    company = await newPage();
    await logIn(company, companyUser);
    await changePasswordIfAsked(company, companyUser);
    await company.getByRole('heading', { name: /のセキュリティ状況$/ }).waitFor();

    await nav(company).getByRole('link', { name: 'ご相談' }).click();
    await company.getByRole('heading', { name: /のご相談$/, level: 1 }).waitFor();
    await company.getByRole('link', { name: '相談する', exact: true }).click();
    await company.getByRole('heading', { name: '相談する', level: 1 }).waitFor();
    await company
      .getByLabel('何が起きましたか？')
      .fill('「請求書」という件名のメールの添付ファイルを開いたら、画面に英語のメッセージが出ました。');
    await company.getByLabel('ひとことで言うと（任意）').fill(TITLE);
    await company.getByLabel('どのパソコン・機器ですか？').fill('経理の山田さんのノートパソコン');
    await company.getByRole('radio', { name: /^今日中に/ }).check();
    await company.getByLabel('ご連絡先の電話番号').fill('043-000-0000');
    await screenshot(company, 'desk-01-company-consult-form');
    await company.getByRole('button', { name: 'この内容で相談する' }).click();

    await company.getByRole('status').filter({ hasText: 'ご相談を受け付けました' }).waitFor();
    await company.getByRole('heading', { name: TITLE, level: 1 }).waitFor();
    await company.locator('.status-panel').getByText('受付済み').waitFor();
    consultationUrl = company.url();
    expect(consultationUrl).toMatch(new RegExp(`/companies/${TENANT}/consultations/[^/]+$`));
    await settle(company);
    await screenshot(company, 'desk-02-company-consult-sent');

    await nav(company).getByRole('link', { name: 'ご相談' }).click();
    await company.getByRole('table').getByRole('link', { name: TITLE }).waitFor();
    await settle(company);
    await screenshot(company, 'desk-03-company-consultations');

    await nav(company).getByRole('link', { name: '警報のお知らせ' }).click();
    await company.getByRole('heading', { name: /への警報のお知らせ$/, level: 1 }).waitFor();
    await settle(company);
    await screenshot(company, 'desk-04-company-alerts');

    await nav(company).getByRole('link', { name: 'サイバー保険' }).click();
    await company.getByRole('heading', { name: /のサイバー保険$/, level: 1 }).waitFor();
    await settle(company);
    await screenshot(company, 'desk-05-company-insurance');
  });

  it('operator: adds an engineer, finds the consultation, triages it, writes to the company, sends the engineer', async () => {
    operator = await newPage();
    await logIn(operator, svc.admin);
    await changePasswordIfAsked(operator, svc.admin);
    await operator.getByRole('heading', { name: '会社一覧', level: 1 }).waitFor();
    // the company's step ran while the demo was loading (the portal is usable meanwhile);
    // the desk's long walk starts once the load no longer holds both cores
    await waitForDemo(operator, svc.url);

    // an engineer for the visit, assigned to the company
    await nav(operator).getByRole('link', { name: '利用者' }).click();
    await operator.getByRole('heading', { name: '利用者', level: 1 }).waitFor();
    await operator.locator('summary', { hasText: '利用者を追加' }).click();
    await operator.getByLabel('ログイン名', { exact: true }).fill(ENGINEER.login);
    await operator.getByLabel('お名前').fill(ENGINEER.name);
    await operator.getByLabel('役割', { exact: true }).selectOption('engineer');
    await operator.getByRole('button', { name: '利用者を追加' }).click();
    const created = operator.getByRole('status').filter({ hasText: `${ENGINEER.login} を追加しました` });
    await created.waitFor();
    engineer = {
      login: ENGINEER.login,
      password: (await created.locator('code').textContent()) ?? '',
      note: '',
    };
    expect(engineer.password.length).toBeGreaterThanOrEqual(12);
    const row = operator.getByRole('row', { name: new RegExp(ENGINEER.login) });
    await row.getByLabel('担当する会社ID（カンマ区切り）').fill(TENANT);
    await row.getByRole('button', { name: '保存' }).click();
    await operator.getByRole('status').filter({ hasText: '保存しました。' }).waitFor();

    // the consultation is waiting in Cases
    await nav(operator).getByRole('link', { name: '相談・案件' }).click();
    await operator.getByRole('heading', { name: '相談・案件', level: 1 }).waitFor();
    const link = operator.getByRole('table').getByRole('link', { name: TITLE });
    await link.waitFor();
    await settle(operator);
    await screenshot(operator, 'desk-06-cases');
    await link.click();
    await operator.getByRole('heading', { name: new RegExp(TITLE), level: 1 }).waitFor();
    caseUrl = operator.url();

    // triage
    await operator.getByRole('radio', { name: '確認中', exact: true }).check();
    await operator.getByRole('button', { name: '状態を変更' }).click();
    await operator.getByRole('status').filter({ hasText: '状態を「確認中」にしました' }).waitFor();
    await operator.locator('.head-badges').getByText('確認中').waitFor();

    // a message the company reads
    const note = operator.locator('form.note-form');
    await note.getByRole('radio', { name: /^お客様に送る/ }).check();
    await note.getByLabel('本文').fill(NOTE);
    await note.getByRole('button', { name: 'お客様に送る', exact: true }).click();
    await operator.getByRole('status').filter({ hasText: 'お客様に送りました。' }).waitFor();
    await operator.locator('ol.timeline').getByText(NOTE).waitFor();
    // and an internal one, marked as such
    await note.getByRole('radio', { name: /^社内メモ/ }).check();
    await note.getByLabel('本文').fill(`社内: 折り返し電話済み ${STAMP}`);
    await note.getByRole('button', { name: '社内メモを保存' }).click();
    await operator.locator('.tl-internal').getByText(`社内: 折り返し電話済み ${STAMP}`).waitFor();

    // an observable
    await operator.getByLabel('種類', { exact: true }).selectOption('domain');
    await operator.getByLabel('値', { exact: true }).fill('invoice-example.test');
    await operator.getByRole('button', { name: '追加する' }).click();
    await operator.getByRole('table').getByRole('rowheader', { name: 'invoice-example.test' }).waitFor();

    // the dispatch, scheduled at once with the engineer
    await operator.locator('summary', { hasText: '駆け付けを手配する' }).click();
    await operator.getByLabel('訪問の目的').fill('感染したおそれのあるパソコンの確認と隔離');
    await operator.getByLabel('駆け付け担当者').selectOption({ label: ENGINEER.name });
    await operator.getByLabel('開始予定').fill(jstLocal(1, 10));
    await operator.getByLabel('終了予定').fill(jstLocal(1, 12));
    await operator.getByRole('button', { name: '手配する', exact: true }).click();
    await operator.getByRole('status').filter({ hasText: '駆け付けを手配しました。' }).waitFor();
    await operator.locator('article.dispatch').getByText('訪問予定').waitFor();
    await settle(operator);
    await screenshot(operator, 'desk-07-case-operator');
  });

  it('engineer: first login, my visits, on the way, on site, files the visit report', async () => {
    const page = await newPage();
    await logIn(page, engineer);
    await changePasswordIfAsked(page, engineer);
    await nav(page).getByRole('link', { name: '自分の訪問予定' }).click();
    await page.getByRole('heading', { name: '自分の訪問予定', level: 1 }).waitFor();
    const visit = page.getByRole('table').getByRole('link', { name: /さくら工業.*への訪問/ });
    await visit.waitFor();
    await settle(page);
    await screenshot(page, 'desk-08-engineer-visits');
    await visit.click();
    await page.getByRole('heading', { name: /への訪問/, level: 1 }).waitFor();
    await page.getByRole('button', { name: '出発しました（移動中）' }).click();
    await page.getByRole('status').filter({ hasText: '出発を記録しました。' }).waitFor();
    await page.getByRole('button', { name: '到着しました（作業開始）' }).click();
    await page.getByRole('heading', { name: '訪問報告を書く' }).waitFor();
    await screenshot(page, 'desk-09-engineer-on-site');
    await page.getByLabel('分かったこと').fill(FINDINGS);
    await page
      .getByLabel('行った作業')
      .fill('パソコンをLANから外し、ウイルス対策ソフトで全体を検査しました。');
    await page
      .getByLabel('今後のお願い・アドバイス')
      .fill('見覚えのない添付ファイルは開かず、窓口にご相談ください。');
    await page.getByRole('button', { name: '訪問報告を提出' }).click();
    await page.locator('.facts-line').getByText('報告済み').waitFor();
    await page.getByText(FINDINGS).waitFor();
    await settle(page);
    await screenshot(page, 'desk-10-engineer-report');
  });

  it('company admin: reads the desk message and the visit report, replies, attaches a file, signs the visit off', async () => {
    await company.goto(consultationUrl);
    await company.getByRole('heading', { name: TITLE, level: 1 }).waitFor();
    await company.getByText(NOTE).waitFor();
    // internal notes never reach the company
    expect(await company.getByText(`社内: 折り返し電話済み ${STAMP}`).count()).toBe(0);
    // the report is shown with the visit (its findings are also the timeline entry's text)
    await company.locator('.visit-report').getByText(FINDINGS).waitFor();

    await company.getByLabel('窓口への返信').fill('LANケーブルを抜きました。よろしくお願いします。');
    await company.getByRole('button', { name: '返信する' }).click();
    await company.getByRole('status').filter({ hasText: '返信を送りました。' }).waitFor();

    // a file over the limit is refused before sending; a small one goes up
    const file = company.getByLabel('添付するファイル');
    await file.setInputFiles({
      name: 'too-big.bin',
      mimeType: 'application/octet-stream',
      buffer: Buffer.alloc(10 * 1024 * 1024 + 1),
    });
    await company.getByRole('alert').filter({ hasText: 'までのファイルにしてください' }).waitFor();
    await file.setInputFiles({
      name: 'screen-message.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('Your files are encrypted (e2e sample)\n'),
    });
    await company.getByRole('button', { name: 'アップロード' }).click();
    await company.getByRole('status').filter({ hasText: 'をアップロードしました' }).waitFor();
    await company.getByRole('link', { name: 'screen-message.txt' }).waitFor();

    await company.getByLabel('確認した方のお名前').fill('山田 花子');
    await company.getByLabel('ひとこと（任意）').fill('ありがとうございました。');
    await company.getByRole('button', { name: '内容を確認しました' }).click();
    await company.getByText(/山田 花子 様が .* に内容を確認しました/).waitFor();
    await settle(company);
    await screenshot(company, 'desk-11-company-visit-signed');
  });

  it('operator: resolves the case; the company sees it resolved', async () => {
    await operator.goto(caseUrl);
    await operator.getByRole('heading', { name: new RegExp(TITLE), level: 1 }).waitFor();
    await operator.locator('article.dispatch').getByText('確認済み').waitFor();
    await operator.getByRole('radio', { name: '解決', exact: true }).check();
    await operator
      .getByLabel('解決の内容')
      .fill('感染したパソコンを隔離・検査し、被害の広がりがないことを確認しました。');
    await operator.getByRole('button', { name: '状態を変更' }).click();
    await operator.getByRole('status').filter({ hasText: '状態を「解決」にしました' }).waitFor();
    await settle(operator);
    await screenshot(operator, 'desk-12-case-resolved');

    await company.goto(consultationUrl);
    await company.locator('.status-panel').getByText('解決', { exact: true }).waitFor();
    await company.getByText('対応が終わりました。', { exact: false }).first().waitFor();
    await settle(company);
    await screenshot(company, 'desk-13-company-resolved');
  });

  it('operator: the new-case form, the dispatch list, a policy and a claim', async () => {
    await nav(operator).getByRole('link', { name: '相談・案件' }).click();
    await operator.getByRole('link', { name: '電話・メールの相談を登録' }).click();
    await operator.getByRole('heading', { name: '電話・メールの相談を登録', level: 1 }).waitFor();
    await settle(operator);
    await screenshot(operator, 'desk-14-new-case-form');

    await nav(operator).getByRole('link', { name: '駆け付け' }).click();
    await operator.getByRole('heading', { name: '駆け付け', level: 1 }).waitFor();
    await operator
      .getByRole('table')
      .getByRole('link', { name: /への訪問/ })
      .first()
      .waitFor();
    await settle(operator);
    await screenshot(operator, 'desk-15-dispatches');

    // the company's policy, added by the desk on the company's insurance page
    await operator.goto(`${svc.url}/companies/${TENANT}/insurance`);
    await operator.getByRole('heading', { name: /のサイバー保険$/, level: 1 }).waitFor();
    await operator.locator('summary', { hasText: '保険契約を登録' }).click();
    await operator.getByLabel('保険会社', { exact: true }).fill('お助け損害保険株式会社');
    await operator.getByLabel('証券番号').fill(`CY-${STAMP}`);
    await operator.getByLabel('保険期間の開始日').fill(jstLocal(-30, 0).slice(0, 10));
    await operator.getByLabel('保険期間の終了日').fill(jstLocal(335, 0).slice(0, 10));
    await operator.getByLabel('支払限度額（期間合計・円）').fill('10000000');
    await operator.getByLabel('免責金額（円）').fill('100000');
    await operator.getByRole('button', { name: '保険契約を登録' }).click();
    await operator.getByRole('status').filter({ hasText: '保険契約を登録しました。' }).waitFor();
    await operator.getByRole('heading', { name: /お助け損害保険株式会社/ }).waitFor();
    // a policy is corrected in place
    const card = operator.locator('article.policy', { hasText: `CY-${STAMP}` });
    await card.getByRole('button', { name: '契約内容を直す' }).click();
    const edit = operator.getByRole('region', { name: '契約内容を直す' });
    await edit.getByLabel('商品名').fill('サイバー初動対応保険');
    await edit.getByRole('button', { name: '保存する' }).click();
    await operator.getByRole('status').filter({ hasText: '保険契約を直しました。' }).waitFor();
    await operator.getByRole('heading', { name: /お助け損害保険株式会社 サイバー初動対応保険/ }).waitFor();
    await settle(operator);
    await screenshot(operator, 'desk-16-insurance-staff');

    // a first-response claim on the case, with one cost item
    await operator.goto(caseUrl);
    await operator.getByRole('heading', { name: new RegExp(TITLE), level: 1 }).waitFor();
    await operator.locator('summary', { hasText: '請求を作る' }).click();
    await operator.getByRole('button', { name: '請求を作る' }).click();
    await operator.getByRole('status').filter({ hasText: '請求を作りました。' }).waitFor();
    const claim = operator.locator('#cd-claims');
    await claim.getByLabel('内容', { exact: true }).fill('駆け付け対応（1名・2時間）');
    await claim.getByLabel('金額（円）', { exact: true }).fill('50000');
    await claim.getByRole('button', { name: '費用を追加' }).click();
    await claim.getByRole('rowheader', { name: '駆け付け対応（1名・2時間）' }).waitFor();
    await claim.getByText('保険会社に出す書類').waitFor();
    await claim.getByRole('link', { name: '請求書類をCSVで出力' }).waitFor();
    await settle(operator);
    await screenshot(operator, 'desk-17-claim');

    // an event from a company's event search kept as evidence on its open case (the demo's
    // suspicious-mail case at みどり商店, waiting for the customer)
    await operator.goto(`${svc.url}/companies/demo-midori-shoten`);
    const picker = operator.getByLabel('証拠として記録を加える案件');
    const option = picker.locator('option', { hasText: '不審なメール' }).first();
    await option.waitFor({ state: 'attached' });
    const value = await option.getAttribute('value');
    await picker.selectOption(value ?? '');
    await operator.locator('table.events').getByRole('button', { name: '追加' }).first().click();
    await operator.getByText(/記録を案件 C-\d{4}-\d{4} に追加しました。/).waitFor();

    // every company's claims in one list, each opening its case
    await nav(operator).getByRole('link', { name: '保険の請求', exact: true }).click();
    await operator.getByRole('heading', { name: '保険の請求一覧', level: 1 }).waitFor();
    await operator
      .getByRole('link', { name: /さくら工業株式会社 — 請求/ })
      .first()
      .waitFor();
    await settle(operator);
    await screenshot(operator, 'desk-17b-claims');
  });

  it('operator: the alert queue (and an alert when there is one) and desk statistics', async () => {
    await waitForDemo(operator, svc.url);
    await nav(operator).getByRole('link', { name: '警報の確認' }).click();
    await operator.getByRole('heading', { name: '警報の確認（アラートキュー）', level: 1 }).waitFor();
    await operator.getByRole('table').waitFor();
    await settle(operator);
    await screenshot(operator, 'desk-18-alert-queue');
    const first = operator.getByRole('table').getByRole('rowheader').getByRole('link').first();
    if ((await first.count()) > 0) {
      await first.click();
      await operator.getByRole('heading', { name: '検知の内容' }).waitFor();
      await settle(operator);
      await screenshot(operator, 'desk-19-alert-detail');
    }

    await nav(operator).getByRole('link', { name: '窓口の集計' }).click();
    await operator.getByRole('heading', { name: '窓口の集計', level: 1 }).waitFor();
    const figure = operator.locator('figure').first();
    await figure.locator('canvas').first().waitFor();
    await figure.getByRole('button', { name: '表で見る' }).click();
    const cells = await figure.locator('table td.num').allTextContents();
    // this month's consultations include the one of this journey
    expect(cells.reduce((n, c) => n + (Number(c.replace(/[^\d]/g, '')) || 0), 0)).toBeGreaterThanOrEqual(1);
    await settle(operator);
    await screenshot(operator, 'desk-20-desk-stats');
  }, 300_000);

  it('ran without script errors or CSP refusals', () => {
    expect(problems).toEqual([]);
  });
});
