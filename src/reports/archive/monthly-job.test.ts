import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCompany } from '../../../test/helpers/accounts.js';
import { openDeviceRegistry } from '../../devices/index.js';
import type { DeviceRegistry } from '../../devices/registry.js';
import { tokyoDate, tokyoMidnight } from '../../portal/period.js';
import type { JobContext } from '../../schedule/model.js';
import type { CompanyReportRequest } from './model.js';
import { MONTHLY_REPORTS_JOB, monthlyReportsJob, monthOfKey, reportMonthKey } from './monthly-job.js';

describe('monthly report periods (Tokyo calendar)', () => {
  it('covers the month before the run', () => {
    // 1 Nov 06:00 JST = 31 Oct 21:00 UTC: still November in Tokyo
    expect(reportMonthKey(Date.parse('2026-10-31T21:00:00Z'))).toBe('2026-10');
    expect(reportMonthKey(Date.parse('2027-01-01T00:00:00+09:00'))).toBe('2026-12');
    expect(monthOfKey('2026-12')).toEqual({
      from: Date.parse('2026-12-01T00:00:00+09:00'),
      to: Date.parse('2027-01-01T00:00:00+09:00'),
    });
    expect(() => monthOfKey('2026-1')).toThrow();
  });
});

describe('monthlyReportsJob', () => {
  let dir: string;
  let registry: DeviceRegistry;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'otasuke-monthly-'));
    registry = await openDeviceRegistry(join(dir, 'state.sqlite'), {
      flushIntervalMs: 0,
      refreshIntervalMs: 0,
    });
    for (const id of ['with-utm', 'no-utm']) await createCompany(registry.db, { id, name: id });
    await registry.addDevice({ id: 'fw-1', tenant: 'with-utm' });
  });
  afterAll(async () => {
    await registry.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('files one report per company with a UTM, keyed by company, month and language', async () => {
    const filed: CompanyReportRequest[] = [];
    const job = monthlyReportsJob({
      db: registry.db,
      reports: {
        request: async (r) => {
          filed.push(r);
          return {} as never;
        },
      },
    });
    expect(job.name).toBe(MONTHLY_REPORTS_JOB);
    // the 1st of next month (Tokyo): the month just ended began before the UTM was added
    const { y, m } = tokyoDate(Date.now());
    const dueAt = (m === 12 ? tokyoMidnight(y + 1, 1) : tokyoMidnight(y, m + 1)) + 6 * 3_600_000;
    const key = `${y}-${String(m).padStart(2, '0')}`;
    const ctx: JobContext = {
      dueAt,
      attempt: 1,
      signal: new AbortController().signal,
      now: () => dueAt,
      log: () => {},
    };
    const detail = await job.run(job.periodKey(dueAt), ctx);
    expect(detail).toEqual({ month: key, companies: 1 });
    expect(filed).toEqual([
      {
        tenant: 'with-utm',
        ...monthOfKey(key),
        lang: 'ja',
        kind: 'monthly',
        createdBy: null,
        dedupKey: `monthly:with-utm:${key}:ja`,
      },
    ]);
  });
});
