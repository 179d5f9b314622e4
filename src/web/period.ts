/**
 * Periods on the Asia/Tokyo calendar (UTC+9 all year, no summer time): a period is
 * [from, to) as UTC instants, the way the API takes them.
 */
export type PeriodKind = 'week' | 'month' | 'months7' | 'custom';

export interface PeriodChoice {
  kind: PeriodKind;
  /** custom only: calendar dates YYYY-MM-DD in Japan, both inclusive */
  fromDate?: string;
  toDate?: string;
}

export interface ResolvedPeriod {
  from: string;
  to: string;
  /** the dates shown to people (inclusive end) */
  fromDate: string;
  toDate: string;
  bucket: 'day' | 'week' | 'month';
}

const JST_MS = 9 * 3_600_000;
const DAY_MS = 86_400_000;

/** Japan calendar date parts of an instant. */
export function jstParts(ms: number): { y: number; m: number; d: number; dow: number } {
  const t = new Date(ms + JST_MS);
  return { y: t.getUTCFullYear(), m: t.getUTCMonth(), d: t.getUTCDate(), dow: t.getUTCDay() };
}

/** The instant of 00:00 Japan time of a calendar date (months may overflow, as Date.UTC allows). */
export function jstMidnight(y: number, m: number, d: number): number {
  return Date.UTC(y, m, d) - JST_MS;
}

export function jstDate(ms: number): string {
  const p = jstParts(ms);
  return `${p.y}-${String(p.m + 1).padStart(2, '0')}-${String(p.d).padStart(2, '0')}`;
}

function parseDate(s: string | undefined): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s ?? '');
  if (!m) return null;
  return jstMidnight(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
}

export function resolvePeriod(choice: PeriodChoice, nowMs = Date.now()): ResolvedPeriod {
  const p = jstParts(nowMs);
  let from: number;
  let to: number;
  switch (choice.kind) {
    case 'week': {
      // Weeks start on Monday.
      const back = (p.dow + 6) % 7;
      from = jstMidnight(p.y, p.m, p.d - back);
      to = from + 7 * DAY_MS;
      break;
    }
    case 'months7':
      from = jstMidnight(p.y, p.m - 6, 1);
      to = jstMidnight(p.y, p.m + 1, 1);
      break;
    case 'custom': {
      const f = parseDate(choice.fromDate);
      const t = parseDate(choice.toDate);
      if (f !== null && t !== null && t >= f) {
        from = f;
        to = t + DAY_MS;
        break;
      }
      from = jstMidnight(p.y, p.m, 1);
      to = jstMidnight(p.y, p.m + 1, 1);
      break;
    }
    default:
      from = jstMidnight(p.y, p.m, 1);
      to = jstMidnight(p.y, p.m + 1, 1);
  }
  const days = Math.round((to - from) / DAY_MS);
  const bucket = days <= 62 ? 'day' : days <= 190 && choice.kind === 'custom' ? 'week' : 'month';
  return {
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    fromDate: jstDate(from),
    toDate: jstDate(to - DAY_MS),
    bucket,
  };
}

/** Query-string form (?period=month or ?period=custom&from=…&to=…) so a view can be linked. */
export function choiceFromSearch(sp: URLSearchParams): PeriodChoice {
  const kind = sp.get('period');
  if (kind === 'week' || kind === 'month' || kind === 'months7') return { kind };
  if (kind === 'custom') return { kind, fromDate: sp.get('from') ?? '', toDate: sp.get('to') ?? '' };
  return { kind: 'month' };
}

export function choiceToSearch(c: PeriodChoice, sp: URLSearchParams): URLSearchParams {
  const next = new URLSearchParams(sp);
  next.set('period', c.kind);
  if (c.kind === 'custom') {
    next.set('from', c.fromDate ?? '');
    next.set('to', c.toDate ?? '');
  } else {
    next.delete('from');
    next.delete('to');
  }
  return next;
}

/** datetime-local value (Japan time) → ISO instant; '' → undefined. */
export function jstLocalToIso(v: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(v);
  if (!m) return undefined;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5])) - JST_MS;
  return new Date(ms).toISOString();
}
