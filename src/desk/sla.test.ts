import { describe, expect, it } from 'vitest';
import { DEFAULT_SLA, slaStatus } from './sla.js';

const jst = (s: string) => Date.parse(`${s}+09:00`);
const iso = (ms: number) => new Date(ms).toISOString();

describe('SLA timers', () => {
  const normal = DEFAULT_SLA.normal; // 4 business hours to first response, 9 to update, 45 to resolve
  const opened = jst('2026-11-27T16:00:00'); // a Friday afternoon

  it('first response runs over the weekend in business hours only', () => {
    const s = slaStatus(
      normal,
      { openedAt: opened, firstResponseAt: null, lastUpdateAt: null, resolvedAt: null, waiting: [] },
      jst('2026-11-28T12:00:00'),
    );
    expect(s.firstResponse.state).toBe('running');
    expect(s.firstResponse.usedMinutes).toBe(120);
    expect(iso(s.firstResponse.dueAt)).toBe(iso(jst('2026-11-30T11:00:00')));
    expect(s.update).toBeNull();
  });

  it('a late first response is breached, an early one met', () => {
    const late = slaStatus(
      normal,
      {
        openedAt: opened,
        firstResponseAt: jst('2026-11-30T11:30:00'),
        lastUpdateAt: null,
        resolvedAt: null,
        waiting: [],
      },
      jst('2026-11-30T12:00:00'),
    );
    expect(late.firstResponse.state).toBe('breached');
    expect(late.firstResponse.usedMinutes).toBe(270);
    const early = slaStatus(
      normal,
      {
        openedAt: opened,
        firstResponseAt: jst('2026-11-27T16:20:00'),
        lastUpdateAt: null,
        resolvedAt: null,
        waiting: [],
      },
      jst('2026-11-30T12:00:00'),
    );
    expect(early.firstResponse.state).toBe('met');
    expect(early.update?.state).toBe('running');
  });

  it('waiting for the customer stops the resolution clock', () => {
    const times = {
      openedAt: opened,
      firstResponseAt: jst('2026-11-27T16:20:00'),
      lastUpdateAt: jst('2026-11-27T16:20:00'),
      resolvedAt: null,
      waiting: [[jst('2026-11-30T09:00:00'), null]] as const,
    };
    const now = jst('2026-12-02T09:00:00');
    const s = slaStatus(normal, times, now);
    expect(s.resolution.state).toBe('paused');
    expect(s.resolution.usedMinutes).toBe(120); // Friday 16:00–18:00 only
    expect(s.update?.state).toBe('paused');
  });

  it('an overdue case says so; critical cases run around the clock', () => {
    const crit = DEFAULT_SLA.critical;
    const at = jst('2026-11-28T02:00:00'); // Saturday night
    const s = slaStatus(
      crit,
      { openedAt: at, firstResponseAt: null, lastUpdateAt: null, resolvedAt: null, waiting: [] },
      at + 45 * 60_000,
    );
    expect(s.firstResponse.state).toBe('overdue');
    expect(s.firstResponse.usedMinutes).toBe(45);
    expect(s.resolution.state).toBe('running');
    expect(iso(s.resolution.dueAt)).toBe(iso(at + 24 * 3_600_000));
  });
});
