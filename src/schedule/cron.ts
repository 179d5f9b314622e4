/**
 * Cron expressions on the Japanese clock, through croner. Only the arithmetic is used
 * (paused patterns start no timers): the scheduler keeps its own tick, so an injected
 * clock drives it in tests and a process that slept or was down still finds what is due.
 */
import { Cron } from 'croner';

/** Every schedule is read in Japan time: the service and its customers are in Japan. */
export const SCHEDULE_TZ = 'Asia/Tokyo';

export class CronPatternError extends Error {
  readonly code = 'invalid-cron';
  constructor(
    readonly pattern: string,
    reason: string,
  ) {
    super(`"${pattern}" is not a cron pattern: ${reason}`);
    this.name = 'CronPatternError';
  }
}

export interface CronSchedule {
  readonly pattern: string;
  /** The latest occurrence at or before `nowMs`, or null when there is none. */
  latestDue(nowMs: number): number | null;
  /** The first occurrence after `nowMs`, or null when there is none. */
  nextDue(nowMs: number): number | null;
}

/**
 * Compiles a 5-field pattern (minute hour day month weekday), e.g. `0 8 * * 1` for
 * Mondays at 08:00 JST. Day of month and weekday both given means both must match
 * (`0 8 1-7 * 1`: the first Monday), which is what people reading it expect.
 */
export function cronSchedule(pattern: string): CronSchedule {
  let cron: Cron;
  try {
    if (pattern.trim().split(/\s+/).length !== 5) throw new Error('five fields expected');
    cron = new Cron(pattern, { timezone: SCHEDULE_TZ, paused: true, mode: '5-part', domAndDow: true });
  } catch (e) {
    throw new CronPatternError(pattern, (e as Error).message);
  }
  return {
    pattern,
    latestDue(nowMs) {
      // croner looks strictly before its reference and drops milliseconds: the next whole
      // second makes an occurrence at exactly `nowMs` count as due
      const ref = new Date(Math.floor(nowMs / 1000) * 1000 + 1000);
      const [d] = cron.previousRuns(1, ref);
      return d ? d.getTime() : null;
    },
    nextDue(nowMs) {
      const d = cron.nextRun(new Date(nowMs));
      return d ? d.getTime() : null;
    },
  };
}
