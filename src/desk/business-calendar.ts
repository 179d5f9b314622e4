/**
 * Business-hour calendars for the desk's SLA timers (issue 5): "first response within
 * 4 business hours" counts only the desk's opening hours on Japanese working days.
 * Japan has one time zone without daylight saving, so local time is UTC+9 throughout.
 * Public holidays (振替休日 and 国民の休日 included) come from @holiday-jp/holiday_jp.
 */
import holidayJp from '@holiday-jp/holiday_jp';

const JST_MS = 9 * 3_600_000;
const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

export interface BusinessCalendar {
  /** Days of the week the desk works, 0 = Sunday … 6 = Saturday. */
  workdays: readonly number[];
  /** Opening and closing time, minutes after local midnight (9:00 = 540). */
  openMinute: number;
  closeMinute: number;
  /** Closed on Japan's national holidays. */
  japaneseHolidays: boolean;
  /** Further closed days, "MM-DD" every year (e.g. the year-end break) or "YYYY-MM-DD". */
  closedDays: readonly string[];
}

/** Weekdays 9:00–18:00, closed on national holidays and over the New Year (12/29–1/3). */
export const STANDARD_CALENDAR: BusinessCalendar = {
  workdays: [1, 2, 3, 4, 5],
  openMinute: 9 * 60,
  closeMinute: 18 * 60,
  japaneseHolidays: true,
  closedDays: ['12-29', '12-30', '12-31', '01-01', '01-02', '01-03'],
};

/** Around the clock, every day (the 24-hour monitoring's own calendar). */
export const ALWAYS_OPEN: BusinessCalendar = {
  workdays: [0, 1, 2, 3, 4, 5, 6],
  openMinute: 0,
  closeMinute: 24 * 60,
  japaneseHolidays: false,
  closedDays: [],
};

const HOLIDAYS: Readonly<Record<string, unknown>> = holidayJp.holidays;

/** "YYYY-MM-DD" of the local day starting at `dayStartLocal` (ms, local clock as if UTC). */
function ymd(dayStartLocal: number): string {
  return new Date(dayStartLocal).toISOString().slice(0, 10);
}

export function isBusinessDay(cal: BusinessCalendar, dayStartLocal: number): boolean {
  const weekday = new Date(dayStartLocal).getUTCDay();
  if (!cal.workdays.includes(weekday)) return false;
  const date = ymd(dayStartLocal);
  if (cal.japaneseHolidays && Object.hasOwn(HOLIDAYS, date)) return false;
  return !cal.closedDays.includes(date) && !cal.closedDays.includes(date.slice(5));
}

/** The open interval [start, end) (epoch ms) of the local day holding `localMs`, or null when closed. */
function openHours(cal: BusinessCalendar, dayStartLocal: number): [number, number] | null {
  if (!isBusinessDay(cal, dayStartLocal)) return null;
  return [
    dayStartLocal - JST_MS + cal.openMinute * MINUTE_MS,
    dayStartLocal - JST_MS + cal.closeMinute * MINUTE_MS,
  ];
}

function localDayStart(ms: number): number {
  return Math.floor((ms + JST_MS) / DAY_MS) * DAY_MS;
}

/** A calendar that never opens would loop for ever: give up after ten years. */
const MAX_DAYS = 3660;

/** The instant `minutes` business minutes after `startMs` (the SLA deadline). */
export function addBusinessMinutes(cal: BusinessCalendar, startMs: number, minutes: number): number {
  let left = minutes * MINUTE_MS;
  let day = localDayStart(startMs);
  for (let i = 0; i < MAX_DAYS; i++, day += DAY_MS) {
    const hours = openHours(cal, day);
    if (!hours) continue;
    const from = Math.max(hours[0], startMs);
    if (from >= hours[1]) continue;
    if (from + left <= hours[1]) return from + left;
    left -= hours[1] - from;
  }
  throw new Error('the calendar has no business hours in ten years');
}

/** Business minutes between two instants (time the desk was open); 0 when `toMs` ≤ `fromMs`. */
export function businessMinutesBetween(cal: BusinessCalendar, fromMs: number, toMs: number): number {
  let total = 0;
  for (let day = localDayStart(fromMs); day - JST_MS < toMs; day += DAY_MS) {
    const hours = openHours(cal, day);
    if (!hours) continue;
    const a = Math.max(hours[0], fromMs);
    const b = Math.min(hours[1], toMs);
    if (b > a) total += b - a;
  }
  return total / MINUTE_MS;
}
