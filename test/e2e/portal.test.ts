/**
 * Portal journeys in a real browser on a freshly started service (demo on):
 * the operator's first login (forced password change), companies list, programme
 * table, a company dashboard; a demo company user's dashboard with charts and threat
 * scenarios in Japanese and English; another company's address refused.
 * Screenshots of every page go to test-artifacts/e2e/.
 */
import { URI } from 'otpauth';
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
/** Console errors and CSP refusals seen by any page: the portal must run under its own policy. */
const problems: string[] = [];

function newPage(): Promise<Page> {
  return openPage(browser, { contexts, problems });
}

function logIn(page: Page, who: Login): Promise<void> {
  return logInAs(page, svc.url, who);
}

/** The first login with a temporary password leads to the forced change. */
async function changePasswordIfAsked(page: Page, who: Login, shot?: string): Promise<boolean> {
  const forced = page.getByRole('heading', { name: 'パスワードの変更' });
  const other = page.locator('main h1').filter({ hasNotText: 'ログイン' });
  await other.first().waitFor();
  if (!(await forced.isVisible())) return false;
  if (shot) await screenshot(page, shot);
  const next = `${who.login}-new-passphrase-2026`;
  await page.getByLabel('今のパスワード').fill(who.password);
  await page.getByLabel('新しいパスワード', { exact: true }).fill(next);
  await page.getByLabel('新しいパスワード（確認のためもう一度）').fill(next);
  await page.getByRole('button', { name: '変更する' }).click();
  await forced.waitFor({ state: 'detached' });
  who.password = next;
  return true;
}

/** Sum of the numeric cells of a figure's table (opened with its "表で見る" toggle). */
async function tableSum(figure: ReturnType<Page['locator']>): Promise<number> {
  await figure.getByRole('button', { name: '表で見る' }).click();
  const cells = await figure.locator('table td.num').allTextContents();
  return cells.reduce((n, c) => n + (Number(c.replace(/[^\d]/g, '')) || 0), 0);
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

describe('portal in a browser', () => {
  let companies: { id: string; name: string }[] = [];
  let demoUser: Login;
  let ownTenant = '';

  it('serves the SPA with a strict CSP and keeps /api 404s as JSON', async () => {
    const r = await fetch(svc.url + '/companies/anything');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(r.headers.get('x-frame-options')).toBe('DENY');
    expect(r.headers.get('cache-control')).toBe('no-cache');
    const api = await fetch(svc.url + '/api/nothing-here');
    expect(api.status).toBe(404);
    expect(((await api.json()) as { error: { code: string } }).error.code).toBe('not-found');
    const status = await fetch(svc.url + '/status');
    expect(status.status).toBe(200);
  });

  it('operator: first login forces a password change, then companies and the programme table', async () => {
    const page = await newPage();
    await page.goto(svc.url + '/');
    await page.getByRole('heading', { name: 'ログイン' }).waitFor();
    await screenshot(page, '01-login');
    // a wrong password says so plainly
    await page.getByLabel('ログイン名').fill(svc.admin.login);
    await page.getByLabel('パスワード').fill('wrong-password-123');
    await page.getByRole('button', { name: 'ログイン', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: 'ログイン名またはパスワードが違います' }).waitFor();

    await logIn(page, svc.admin);
    expect(await changePasswordIfAsked(page, svc.admin, '02-forced-password')).toBe(true);
    await page.getByRole('heading', { name: '会社一覧', level: 1 }).waitFor();
    await waitForDemo(page, svc.url);
    await page.reload();

    const r = await page.request.get(svc.url + '/api/companies');
    companies = ((await r.json()) as { companies: { id: string; name: string }[] }).companies;
    expect(companies.length).toBeGreaterThanOrEqual(3);
    const table = page.getByRole('table');
    for (const c of companies) await table.getByRole('link', { name: c.name, exact: true }).waitFor();
    await screenshot(page, '03-operator-companies');

    await page
      .getByRole('navigation', { name: 'メインメニュー' })
      .getByRole('link', { name: '事業全体の集計' })
      .click();
    await page.getByRole('heading', { name: '事業全体の集計', level: 1 }).waitFor();
    const programme = page.getByRole('table');
    await programme.getByRole('columnheader', { name: '発生件数（合計）' }).waitFor();
    expect(await programme.locator('tbody tr').count()).toBe(10);
    // usage items in the seed's wording: "seen on N of M UTMs"
    expect(await programme.getByText(/全 \d+ 台のUTMのうち \d+ 台で検知/).count()).toBe(4);
    await screenshot(page, '04-programme');

    // a device's new ingest token is shown once
    await page
      .getByRole('navigation', { name: 'メインメニュー' })
      .getByRole('link', { name: '機器（UTM）' })
      .click();
    page.once('dialog', (d) => void d.accept());
    await page
      .getByRole('button', { name: /^取込トークンを作り直す / })
      .first()
      .click();
    await page.getByRole('status').filter({ hasText: '新しい取込トークン' }).locator('code').waitFor();

    for (const [link, heading, shot] of [
      ['機器（UTM）', '機器（UTM）', '05-devices'],
      ['利用者', '利用者', '06-users'],
      ['監査ログ', '監査ログ', '07-audit'],
      ['設定', '設定', '08-settings'],
      ['アカウント', 'アカウント', '09-account'],
    ]) {
      await page
        .getByRole('navigation', { name: 'メインメニュー' })
        .getByRole('link', { name: link })
        .click();
      await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
      await settle(page);
      await screenshot(page, shot);
    }

    // drill down from the list to a company's dashboard
    await page
      .getByRole('navigation', { name: 'メインメニュー' })
      .getByRole('link', { name: '会社一覧' })
      .click();
    await page.getByRole('table').getByRole('link', { name: companies[0].name, exact: true }).click();
    await page.getByRole('heading', { name: `${companies[0].name} のセキュリティ状況` }).waitFor();
    await page.getByRole('heading', { name: 'ウイルス検知状況' }).waitFor();
    await settle(page);
    await screenshot(page, '10-operator-dashboard');
  });

  it('company user: dashboard with non-zero charts and the threat scenarios, in Japanese and English', async () => {
    const page = await newPage();
    demoUser = svc.demo.find((d) => /company-admin/.test(d.note)) ?? svc.demo[0];
    await logIn(page, demoUser);
    await changePasswordIfAsked(page, demoUser);
    const me = (await (await page.request.get(svc.url + '/api/auth/me')).json()) as {
      user: { tenant: string; tenantName: string | null };
    };
    ownTenant = me.user.tenant;
    expect(ownTenant).toBeTruthy();
    await page.getByRole('heading', { name: /のセキュリティ状況$/ }).waitFor();
    // company users never see operator links
    const nav = page.getByRole('navigation', { name: 'メインメニュー' });
    expect(await nav.getByRole('link', { name: '会社一覧' }).count()).toBe(0);
    expect(await nav.getByRole('link', { name: '機器（UTM）' }).count()).toBe(0);

    await page.getByRole('button', { name: '直近7か月' }).click();
    await settle(page);
    await page.getByRole('heading', { name: '監視している10の項目' }).waitFor();
    const cards = page.locator('#items article');
    await cards.first().waitFor();
    expect(await cards.count()).toBe(10);

    const trend = page.locator('figure').filter({ has: page.getByRole('img', { name: /件数の移り変わり/ }) });
    await trend.locator('canvas').first().waitFor();
    expect(await tableSum(trend)).toBeGreaterThan(0);

    const virus = page.locator('#virus');
    await virus.getByRole('heading', { name: '通信内容別ウイルス検知件数' }).waitFor();
    expect(await virus.locator('canvas').count()).toBeGreaterThanOrEqual(3);
    const overTime = virus.locator('figure').first();
    const virusTotal = await tableSum(overTime);
    // the demo company with a login sees a few viruses (src/demo/companies.ts SHOWCASE_TENANTS)
    expect(virusTotal).toBeGreaterThan(0);

    const scenarios = page.locator('#scenarios article');
    expect(await scenarios.count()).toBe(4);
    await page.locator('#scenarios').getByRole('heading', { name: 'ランサムウェアによる被害' }).waitFor();
    await page.getByRole('heading', { name: 'UTMでは見えないこと' }).waitFor();
    await settle(page);
    await screenshot(page, '11-company-dashboard');

    // event search: a first page of records, the next page by cursor, and the CSV export
    const events = page.locator('#events');
    await events.getByLabel('UTMの対応').selectOption('block');
    await events.getByRole('button', { name: '検索' }).click();
    await events.getByRole('button', { name: '次のページ' }).click();
    await events.getByText('2 ページ目').first().waitFor();
    expect(await events.locator('table tbody tr').count()).toBe(50);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      events.getByRole('button', { name: 'CSVでダウンロード' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    await events
      .getByRole('status')
      .filter({ hasText: /CSVをダウンロードしました（[\d,]+ 行）/ })
      .waitFor();
    await screenshot(page, '12-company-events');

    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: /^Security at / }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.getByRole('heading', { name: 'The four threat scenarios' }).waitFor();
    await settle(page);
    await screenshot(page, '13-company-dashboard-en');
    await page.getByRole('button', { name: '日本語' }).click();
    await page.getByRole('heading', { name: /のセキュリティ状況$/ }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('ja');
  });

  it("company user: another company's dashboard address shows not found and no data", async () => {
    const other = companies.find((c) => c.id !== ownTenant);
    expect(other).toBeDefined();
    const page = await newPage();
    await logIn(page, demoUser);
    await page.getByRole('heading', { name: /のセキュリティ状況$/ }).waitFor();
    const answer = page.waitForResponse((r) => r.url().includes(`/api/companies/${other?.id}`));
    await page.goto(`${svc.url}/companies/${other?.id}`);
    expect((await answer).status()).toBe(404);
    await page.getByRole('heading', { name: '見つかりません' }).waitFor();
    expect(await page.getByRole('heading', { name: 'ウイルス検知状況' }).count()).toBe(0);
    expect(await page.getByText(other?.name ?? '-').count()).toBe(0);
    await screenshot(page, '14-other-company-refused');
  });

  it('company admin: adds a user (temporary password shown once); two-step login with a code', async () => {
    const page = await newPage();
    await logIn(page, demoUser);
    await page.getByRole('heading', { name: /のセキュリティ状況$/ }).waitFor();
    const nav = page.getByRole('navigation', { name: 'メインメニュー' });
    await nav.getByRole('link', { name: '利用者' }).click();
    await page.getByRole('heading', { name: '利用者', level: 1 }).waitFor();
    await page.locator('summary', { hasText: '利用者を追加' }).click();
    await page.getByLabel('ログイン名', { exact: true }).fill('e2e-staff');
    await page.getByLabel('お名前').fill('検証 花子');
    await page.getByLabel('役割', { exact: true }).selectOption('company-viewer');
    await page.getByRole('button', { name: '利用者を追加' }).click();
    const created = page.getByRole('status').filter({ hasText: 'e2e-staff を追加しました' });
    await created.waitFor();
    expect((await created.locator('code').textContent())?.length ?? 0).toBeGreaterThanOrEqual(12);
    await page
      .getByRole('table')
      .getByRole('rowheader', { name: /e2e-staff/ })
      .waitFor();
    await screenshot(page, '15-company-users');

    // two-step verification: set up on the account page, then log in with a code
    await nav.getByRole('link', { name: 'アカウント' }).click();
    await page.getByRole('button', { name: '設定を始める' }).click();
    const url = await page.getByLabel('設定用URL（otpauth）').inputValue();
    const totp = URI.parse(url);
    await page.getByLabel('確認コード（6桁）').fill(totp.generate());
    await page.getByRole('button', { name: '有効にする' }).click();
    await page.getByRole('status').filter({ hasText: '2段階認証を有効にしました' }).waitFor();
    await screenshot(page, '16-account-totp');
    await page.getByRole('button', { name: 'ログアウト' }).click();
    await logIn(page, demoUser);
    await page.getByRole('heading', { name: '確認コードの入力' }).waitFor();
    await screenshot(page, '17-login-totp');
    await page.getByLabel('確認コード（6桁）').fill('000000');
    await page.getByRole('button', { name: '確認する' }).click();
    await page.getByRole('alert').filter({ hasText: '確認コードが違います' }).waitFor();
    // the code of the next 30-second step: the one used to enable may not be replayed
    await page.getByLabel('確認コード（6桁）').fill(totp.generate({ timestamp: Date.now() + 30_000 }));
    await page.getByRole('button', { name: '確認する' }).click();
    await page.getByRole('heading', { name: /のセキュリティ状況$/ }).waitFor();
  });

  it('ran without script errors or CSP refusals', () => {
    expect(problems).toEqual([]);
  });
});
