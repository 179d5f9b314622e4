/**
 * Reports in a real browser on a freshly started service (demo on): the company admin
 * finds last month's diagnostic report in 診断レポート (filed once the demo has loaded,
 * as the 1st of the month would), downloads the PDF, asks for a report of other dates
 * and watches it being made; the operator downloads the programme's results report.
 * Screenshots go to test-artifacts/e2e/reports-*.png; no script errors or CSP refusals.
 */
import { readFileSync } from 'node:fs';
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
const problems: string[] = [];

const TENANT = 'demo-sakura-kogyo';

function demoLogin(name: string): Login {
  const l = svc.demo.find((d) => d.login === name);
  if (!l) throw new Error(`demo login ${name} not printed`);
  return l;
}

const nav = (page: Page) => page.getByRole('navigation', { name: 'メインメニュー' });

/** Reloads the list until a row of `period` shows 完成 (the report queue works in the background). */
async function waitReady(page: Page, period: RegExp, timeoutMs = 240_000): Promise<void> {
  const row = page.locator('table.reports-table tbody tr').filter({ hasText: period }).first();
  await row.waitFor({ timeout: 60_000 });
  await row.getByText('完成').waitFor({ timeout: timeoutMs });
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

describe('reports', () => {
  it("the company admin downloads last month's report and makes one for other dates", async () => {
    const page = await openPage(browser, { contexts, problems });
    await logInAs(page, svc.url, demoLogin('sakura-admin'));
    await waitForDemo(page, svc.url);
    await nav(page).getByRole('link', { name: '診断レポート' }).click();
    await page.getByRole('heading', { level: 1, name: /診断レポート/ }).waitFor();
    expect(page.url()).toContain(`/companies/${TENANT}/reports`);

    // last month (Tokyo), as the 1st of this month files it
    const jst = new Date(Date.now() + 9 * 3_600_000);
    const last = new Date(Date.UTC(jst.getUTCFullYear(), jst.getUTCMonth() - 1, 1));
    const lastLabel = new RegExp(`${last.getUTCFullYear()}年${last.getUTCMonth() + 1}月`);
    await waitReady(page, lastLabel);
    const row = page.locator('table.reports-table tbody tr').filter({ hasText: lastLabel }).first();
    await expect(row.getByText('毎月のレポート').isVisible()).resolves.toBe(true);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      row.getByRole('link', { name: /ダウンロード/ }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(new RegExp(`^report-${TENANT}-\\d{8}-\\d{8}-ja\\.pdf$`));
    const file = await download.path();
    expect(readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-');
    await screenshot(page, 'reports-archive');

    // a report of chosen dates, followed until it is ready
    await page.getByRole('button', { name: '日付で選ぶ' }).click();
    const d = (days: number) =>
      new Date(Date.now() + 9 * 3_600_000 - days * 86_400_000).toISOString().slice(0, 10);
    await page.getByLabel('開始日').fill(d(20));
    await page.getByLabel('終了日 (この日を含む)').fill(d(6));
    await page.getByRole('button', { name: 'レポートを作る' }).click();
    const asked = page.locator('table.reports-table tbody tr').filter({ hasText: '依頼して作成' }).first();
    await asked.waitFor();
    await asked.getByText('完成').waitFor({ timeout: 240_000 });
    await expect(asked.getByRole('link', { name: /ダウンロード/ }).isVisible()).resolves.toBe(true);
    await screenshot(page, 'reports-requested');
  });

  it("the operator downloads the programme's results report", async () => {
    const page = await openPage(browser, { contexts, problems });
    await logInAs(page, svc.url, demoLogin('demo-analyst'));
    await page.locator('main h1').first().waitFor();
    await page.goto(`${svc.url}/programme`);
    await settle(page);
    // drawn while the demo's monthly reports are still being made: allow for a busy machine
    const [pdf] = await Promise.all([
      page.waitForEvent('download', { timeout: 120_000 }),
      page.getByRole('link', { name: /PDF/ }).first().click(),
    ]);
    expect(pdf.suggestedFilename()).toMatch(/^programme-report-\d{8}-\d{8}\.pdf$/);
    expect(
      readFileSync(await pdf.path())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: /CSV/ }).first().click(),
    ]);
    expect(csv.suggestedFilename()).toMatch(/^programme-report-\d{8}-\d{8}\.csv$/);
    await screenshot(page, 'reports-programme');
  });

  it('the operator-admin exports anonymised counts for the programme office', async () => {
    const page = await openPage(browser, { contexts, problems });
    const admin = { ...svc.admin };
    await logInAs(page, svc.url, admin);
    // the one-time password printed at the first start must be changed first
    const forced = page.getByRole('heading', { name: 'パスワードの変更' });
    await page.locator('main h1').filter({ hasNotText: 'ログイン' }).first().waitFor();
    if (await forced.isVisible()) {
      const next = `${admin.login}-reports-e2e-passphrase`;
      await page.getByLabel('今のパスワード').fill(admin.password);
      await page.getByLabel('新しいパスワード', { exact: true }).fill(next);
      await page.getByLabel('新しいパスワード（確認のためもう一度）').fill(next);
      await page.getByRole('button', { name: '変更する' }).click();
      await forced.waitFor({ state: 'detached' });
    }
    await page.goto(`${svc.url}/programme`);
    await settle(page);
    await page.getByRole('link', { name: '事業事務局に渡すデータを匿名化して出力する' }).click();
    await page.getByRole('heading', { level: 1, name: /匿名化/ }).waitFor();
    await page.getByLabel('集計（日ごと・月ごとの件数）').check();
    await page.getByLabel('CSV（Excelで開けます）').check();
    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'ファイルをダウンロード' }).click(),
    ]);
    expect(csv.suggestedFilename()).toMatch(/\.csv$/);
    const text = readFileSync(await csv.path(), 'utf8');
    expect(text.split('\n').length).toBeGreaterThan(2);
    // no company of the demo is named in what leaves for the programme office
    for (const marker of ['demo-sakura-kogyo', 'さくら工業', 'demo-midori'])
      expect(text).not.toContain(marker);
    await screenshot(page, 'reports-export');
  });

  it('ran without script errors or CSP refusals', () => {
    expect(problems).toEqual([]);
  });
});
