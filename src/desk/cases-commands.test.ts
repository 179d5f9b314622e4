/** Status moves of a case: the columns each move writes (waiting intervals, resolution, reopen). */
import { describe, expect, it } from 'vitest';
import { canMoveCase, statusPatch, titleFrom, URGENCY_PRIORITY } from './cases-commands.js';
import type { CaseRow } from './cases-repo.js';

const NOW = 5_000;
const row = (over: Partial<CaseRow>): CaseRow =>
  ({ status: 'new', waiting: '[]', reopened: 0, resolved_at: null, closed_at: null, ...over }) as CaseRow;

describe('statusPatch', () => {
  it('entering waiting opens an interval; leaving it closes the interval', () => {
    const enter = statusPatch(row({ status: 'in-progress', waiting: '[[1000,2000]]' }), 'waiting', null, NOW);
    expect(JSON.parse(enter.waiting as string)).toEqual([
      [1000, 2000],
      [NOW, null],
    ]);
    const leave = statusPatch(row({ status: 'waiting', waiting: '[[1000,null]]' }), 'in-progress', null, NOW);
    expect(JSON.parse(leave.waiting as string)).toEqual([[1000, NOW]]);
    expect(statusPatch(row({ status: 'new' }), 'triage', null, NOW).waiting).toBeUndefined();
  });

  it('resolving records when and how; closing records when', () => {
    expect(statusPatch(row({ status: 'in-progress' }), 'resolved', 'fixed', NOW)).toMatchObject({
      status: 'resolved',
      resolved_at: NOW,
      resolution: 'fixed',
    });
    const closed = statusPatch(row({ status: 'resolved', resolved_at: 10 }), 'closed', null, NOW);
    expect(closed).toMatchObject({ status: 'closed', closed_at: NOW });
    expect(closed.resolved_at).toBeUndefined();
  });

  it('a reopen counts and clears the resolved and closed times', () => {
    for (const from of ['resolved', 'closed'] as const)
      expect(
        statusPatch(
          row({ status: from, reopened: 2, resolved_at: 10, closed_at: 20 }),
          'in-progress',
          null,
          NOW,
        ),
      ).toMatchObject({
        reopened: 3,
        resolved_at: null,
        closed_at: null,
      });
    expect(
      statusPatch(row({ status: 'waiting', waiting: '[[1,null]]' }), 'in-progress', null, NOW).reopened,
    ).toBeUndefined();
  });

  it('moves follow CASE_TRANSITIONS', () => {
    expect(canMoveCase('new', 'resolved')).toBe(true);
    expect(canMoveCase('resolved', 'waiting')).toBe(false);
    expect(canMoveCase('closed', 'in-progress')).toBe(true);
    expect(canMoveCase('in-progress', 'in-progress')).toBe(false);
  });
});

describe('consultation defaults', () => {
  it('a title from the first line, shortened', () => {
    expect(titleFrom('  PCが重い\n二行目')).toBe('PCが重い');
    expect(titleFrom('あ'.repeat(80))).toBe(`${'あ'.repeat(59)}…`);
  });
  it('priority from urgency', () => {
    expect(URGENCY_PRIORITY).toEqual({
      now: 'critical',
      today: 'high',
      'this-week': 'normal',
      question: 'low',
    });
  });
});
