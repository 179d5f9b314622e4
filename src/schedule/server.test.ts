/** The embedded service schedules the weekly mail, and `scheduler: false` leaves it out. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../ingest/live/server.js';
import { getRun } from './runs-repo.js';

describe('otasuke start and the scheduler', () => {
  const dirs: string[] = [];
  const servers: RunningServer[] = [];
  afterEach(async () => {
    for (const s of servers.splice(0)) await s.stop();
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  async function start(scheduler?: boolean): Promise<RunningServer> {
    const dir = mkdtempSync(join(tmpdir(), 'otasuke-start-schedule-'));
    dirs.push(dir);
    const logs: string[] = [];
    const s = await startServer({
      dataDir: dir,
      httpPort: null,
      syslogPort: null,
      tlsPort: null,
      demo: false,
      parseWorkers: 0,
      scheduler,
      print: () => undefined,
      log: (l) => logs.push(l),
    });
    servers.push(s);
    return s;
  }

  it('runs the weekly summary on Mondays at 08:00 Japan time and records its first sight', async () => {
    const s = await start();
    const jobs = s.scheduler?.jobs() ?? [];
    expect(jobs.map((j) => [j.name, j.cron])).toContainEqual(['weekly-summary', '0 8 * * 1']);
    const next = jobs.find((j) => j.name === 'weekly-summary')?.nextDueAt ?? 0;
    // Sunday 23:00 UTC is Monday 08:00 in Japan
    expect(new Date(next).getUTCDay()).toBe(0);
    expect(new Date(next).toISOString().slice(11)).toBe('23:00:00.000Z');
    // the first tick is in the background: the week already due is recorded as skipped
    let row = await s.registry.db.selectFrom('scheduled_runs').selectAll().executeTakeFirst();
    while (!row) {
      await new Promise((r) => setTimeout(r, 20));
      row = await s.registry.db.selectFrom('scheduled_runs').selectAll().executeTakeFirst();
    }
    expect(row).toMatchObject({ job: 'weekly-summary', status: 'skipped' });
    expect(await getRun(s.registry.db, 'weekly-summary', row.period_key)).toBeDefined();
  });

  it('starts without one when asked', async () => {
    const s = await start(false);
    expect(s.scheduler).toBeNull();
  });
});
