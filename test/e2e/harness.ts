/**
 * E2E harness: starts the built service the way a newcomer does (`node bin/otasuke.js
 * start` on an empty temp data folder, demo on), reads the logins it prints, and
 * drives Debian's chromium through playwright-core (never a downloaded browser).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const ARTIFACTS = join(ROOT, 'test-artifacts', 'e2e');

export interface Login {
  login: string;
  password: string;
  note: string;
}

export interface Service {
  url: string;
  admin: Login;
  demo: Login[];
  output: () => string;
  stop: () => Promise<void>;
}

const LINE_HTTP = /listening: http (http:\/\/\S+)/;
const LINE_ADMIN = /operator login: (\S+) \/ (\S+)(.*)$/;
const LINE_DEMO = /demo login: (\S+) \/ (\S+)(.*)$/;

export async function startService(timeoutMs = 120_000): Promise<Service> {
  for (const f of ['dist/src/main.js', 'dist/web/index.html']) {
    if (!existsSync(join(ROOT, f))) throw new Error(`${f} is missing: run \`npm run build\` first`);
  }
  const data = mkdtempSync(join(tmpdir(), 'otasuke-e2e-'));
  // A newcomer's environment: the bootstrap admin gets a generated one-time password.
  const env = { ...process.env };
  delete env.OTASUKE_ADMIN_PASSWORD;
  const child: ChildProcess = spawn(
    process.execPath,
    ['bin/otasuke.js', 'start', '--data', data, '--http-port', '0', '--syslog-port', '0', '--tls-port', '0'],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env },
  );
  let out = '';
  let url: string | null = null;
  let admin: Login | null = null;
  const demo: Login[] = [];
  const onLine = (line: string) => {
    const h = LINE_HTTP.exec(line);
    if (h) url = h[1];
    const a = LINE_ADMIN.exec(line);
    if (a) admin = { login: a[1], password: a[2], note: a[3].trim() };
    const d = LINE_DEMO.exec(line);
    if (d) demo.push({ login: d[1], password: d[2], note: d[3].trim() });
  };
  let partial = '';
  child.stdout?.setEncoding('utf8').on('data', (s: string) => {
    out += s;
    partial += s;
    const lines = partial.split('\n');
    partial = lines.pop() ?? '';
    for (const l of lines) onLine(l);
  });
  child.stderr?.setEncoding('utf8').on('data', (s: string) => {
    out += s;
  });
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(t);
    }
    rmSync(data, { recursive: true, force: true });
  };
  const deadline = Date.now() + timeoutMs;
  // "ready" comes after the logins; the http line may come before them.
  while (!(url && admin && demo.length > 0 && /^ready$/m.test(out))) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`the service exited (${child.exitCode}):\n${out}`);
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the service did not print its address and logins in time:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { url: url as unknown as string, admin: admin as unknown as Login, demo, output: () => out, stop };
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/**
 * A fresh browser context (Japanese, Tokyo time) whose console errors and uncaught
 * exceptions land in `problems`: the portal must run under its own CSP without errors.
 */
export async function openPage(
  browser: Browser,
  track: { contexts: BrowserContext[]; problems: string[] },
  viewport = { width: 1280, height: 900 },
): Promise<Page> {
  const ctx = await browser.newContext({
    viewport,
    locale: 'ja-JP',
    timezoneId: 'Asia/Tokyo',
    acceptDownloads: true,
  });
  track.contexts.push(ctx);
  const page = await ctx.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error' && !/status of 40[134]/.test(m.text())) track.problems.push(m.text());
  });
  page.on('pageerror', (e) => track.problems.push(String(e)));
  return page;
}

/** The login form, filled and sent. */
export async function logInAs(page: Page, base: string, who: Login): Promise<void> {
  await page.goto(base + '/');
  await page.getByRole('heading', { name: 'ログイン' }).waitFor();
  await page.getByLabel('ログイン名').fill(who.login);
  await page.getByLabel('パスワード').fill(who.password);
  // the answer to the login is awaited: on a busy machine the next step must not find
  // the login page's own heading and go on before the session exists
  await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/auth/login') && r.request().method() === 'POST', {
      timeout: 60_000,
    }),
    page.getByRole('button', { name: 'ログイン', exact: true }).click(),
  ]);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** Polls GET /api/demo/status with the page's session until the demo is loaded. */
export async function waitForDemo(page: Page, base: string, timeoutMs = 240_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = await page.request.get(`${base}/api/demo/status`);
    const body = (await r.json()) as { demo?: { state: string; done: number; total: number } };
    const state = body.demo?.state;
    if (state === 'done' || state === 'off') return;
    if (state === 'failed') throw new Error(`demo loading failed: ${JSON.stringify(body)}`);
    if (Date.now() > deadline) throw new Error(`demo still loading: ${JSON.stringify(body)}`);
    await new Promise((res) => setTimeout(res, 1000));
  }
}

/** Waits until no section is loading or refreshing (every one answered), then a moment for charts. */
export async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.waitForFunction(() => document.querySelectorAll('.loading').length === 0, null, {
    timeout: 60_000,
  });
  await page.waitForTimeout(400);
}
