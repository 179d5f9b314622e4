/** The one-word SLA summary of a case for lists: ok / at-risk / breached and the next due time. */
import { describe, expect, it } from 'vitest';
import { AT_RISK_SHARE, caseSla, caseSlaSummary, parseWaiting, summarize } from './case-sla.js';
import type { CaseRow } from './cases-repo.js';
import type { SlaStatus, TimerState } from './sla.js';

const t = (state: TimerState['state'], used: number, limit: number, dueAt = 1000): TimerState => ({
  state,
  usedMinutes: used,
  limitMinutes: limit,
  dueAt,
});

describe('summarize', () => {
  it.each<[string, SlaStatus, { state: string; nextDueAt: number | null }]>([
    [
      'fresh',
      { firstResponse: t('running', 0, 60, 10), update: null, resolution: t('running', 0, 600, 50) },
      { state: 'ok', nextDueAt: 10 },
    ],
    [
      'exactly a quarter left is still ok',
      { firstResponse: t('running', 45, 60, 10), update: null, resolution: t('running', 45, 600, 50) },
      { state: 'ok', nextDueAt: 10 },
    ],
    [
      'less than a quarter left',
      { firstResponse: t('running', 46, 60, 10), update: null, resolution: t('running', 46, 600, 50) },
      { state: 'at-risk', nextDueAt: 10 },
    ],
    [
      'running late',
      { firstResponse: t('overdue', 61, 60, 5), update: null, resolution: t('running', 61, 600, 50) },
      { state: 'breached', nextDueAt: 5 },
    ],
    [
      'met late stays breached',
      {
        firstResponse: t('breached', 70, 60),
        update: t('running', 0, 240, 80),
        resolution: t('running', 70, 600, 90),
      },
      { state: 'breached', nextDueAt: 80 },
    ],
    [
      'paused timers are not due',
      { firstResponse: t('paused', 50, 60, 10), update: null, resolution: t('paused', 50, 600, 50) },
      { state: 'ok', nextDueAt: null },
    ],
    [
      'all met',
      { firstResponse: t('met', 5, 60), update: null, resolution: t('met', 50, 600) },
      { state: 'ok', nextDueAt: null },
    ],
  ])('%s', (_name, s, expected) => {
    expect(summarize(s)).toEqual(expected);
  });

  it('uses a quarter as the at-risk share', () => {
    expect(AT_RISK_SHARE).toBe(0.25);
  });
});

describe('case rows', () => {
  const T0 = Date.parse('2026-03-03T01:00:00Z');
  const row = (over: Partial<CaseRow>): CaseRow =>
    ({
      priority: 'critical',
      status: 'new',
      created_at: T0,
      first_response_at: null,
      last_update_at: null,
      resolved_at: null,
      closed_at: null,
      waiting: '[]',
      ...over,
    }) as CaseRow;

  it('a closed case stops its clocks when it closed and owes nothing more', () => {
    const closed = row({ status: 'closed', closed_at: T0 + 10 * 60_000 });
    const s = caseSla(closed, T0 + 1000 * 60_000);
    expect(s.firstResponse).toMatchObject({ state: 'running', usedMinutes: 10 });
    expect(s.resolution.state).toBe('met');
    expect(caseSlaSummary(closed, T0 + 1000 * 60_000)).toEqual({ state: 'ok', nextDueAt: null });
    const late = row({ status: 'closed', closed_at: T0 + 40 * 60_000 });
    expect(caseSlaSummary(late, T0 + 1000 * 60_000)).toEqual({ state: 'breached', nextDueAt: null });
  });

  it('an unknown priority counts as normal; broken waiting JSON as none', () => {
    expect(caseSlaSummary(row({ priority: 'weird', waiting: 'not json' }), T0).state).toBe('ok');
    expect(parseWaiting('[[1,2],[3,null],["x",1],5]')).toEqual([
      [1, 2],
      [3, null],
    ]);
  });
});
