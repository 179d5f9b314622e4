/**
 * The week a Monday summary covers: the previous Monday 00:00 to this Monday 00:00,
 * Japan time (weeks start on Monday, as on Japanese business calendars and the portal's
 * "this week"). Keys name the days, `2026-11-16/2026-11-23`, the end exclusive.
 */
import { type Period, startOfWeek, tokyoDate, tokyoMidnight } from '../../portal/period.js';

const DAY_MS = 86_400_000;
export const WEEK_MS = 7 * DAY_MS;

/** The last whole week before the week holding `ms` (a run on Monday 08:00 covers the week just ended). */
export function summaryWeek(ms: number): Period {
  const to = startOfWeek(ms);
  return { from: to - WEEK_MS, to };
}

/** The week before `week`, to compare with. */
export function weekBefore(week: Period): Period {
  return { from: week.from - WEEK_MS, to: week.from };
}

/** YYYY-MM-DD of the Tokyo day holding `ms`. */
export function tokyoYmd(ms: number): string {
  const { y, m, d } = tokyoDate(ms);
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export function weekKey(week: Period): string {
  return `${tokyoYmd(week.from)}/${tokyoYmd(week.to)}`;
}

export class WeekKeyError extends Error {
  constructor(key: string) {
    super(`"${key}" is not a week (YYYY-MM-DD/YYYY-MM-DD, Monday to the next Monday)`);
    this.name = 'WeekKeyError';
  }
}

/** The week a key names; throws WeekKeyError unless it is Monday to the next Monday. */
export function parseWeekKey(key: string): Period {
  const m = /^(\d{4})-(\d{2})-(\d{2})\/(\d{4})-(\d{2})-(\d{2})$/.exec(key);
  if (!m) throw new WeekKeyError(key);
  const from = tokyoMidnight(Number(m[1]), Number(m[2]), Number(m[3]));
  const to = tokyoMidnight(Number(m[4]), Number(m[5]), Number(m[6]));
  // Date.UTC rolls 2026-02-30 over to March: the round trip catches impossible dates
  if (tokyoYmd(from) !== key.slice(0, 10) || tokyoYmd(to) !== key.slice(11)) throw new WeekKeyError(key);
  if (to - from !== WEEK_MS || startOfWeek(from) !== from) throw new WeekKeyError(key);
  return { from, to };
}

/** The last day of the week (Sunday), for people: the key's end is exclusive. */
export function lastDay(week: Period): number {
  return week.to - DAY_MS;
}
