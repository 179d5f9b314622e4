/**
 * The small phrases of the weekly mail that depend on the numbers: counts, the change
 * against the week before, what the UTM did, the dates. The sentences around them are
 * in content/mail/templates.json (weekly-summary).
 */

import type { MailLocale } from '../../notify/templates.js';
import type { Period } from '../../portal/period.js';
import { lastDay } from './period.js';

const NUMBER: Record<MailLocale, Intl.NumberFormat> = {
  ja: new Intl.NumberFormat('ja-JP'),
  en: new Intl.NumberFormat('en-GB'),
};

export function num(n: number, locale: MailLocale): string {
  return NUMBER[locale].format(n);
}

/** "1,234" with the counter word of the language: 件 / 通 in Japanese, nothing in English. */
function counted(n: number, locale: MailLocale, unit: '件' | '通'): string {
  return locale === 'ja' ? `${num(n, locale)} ${unit}` : num(n, locale);
}

/**
 * The week against the one before, in words: "前週 1,000 件から 23% 増",
 * "down 40% from 50 the week before"; a percentage only when the week before had any.
 */
export function versus(
  count: number,
  previous: number,
  locale: MailLocale,
  unit: '件' | '通' = '件',
): string {
  const ja = locale === 'ja';
  if (previous === 0) {
    if (count === 0) return ja ? '前週も 0 件' : 'none the week before either';
    return ja ? `前週は 0 ${unit}` : 'none the week before';
  }
  if (count === previous) return ja ? '前週と同じ' : 'the same as the week before';
  const up = count > previous;
  const pct = Math.round((Math.abs(count - previous) / previous) * 100);
  const before = counted(previous, locale, unit);
  if (ja) return `前週 ${before}から${pct === 0 ? 'わずかに' : ` ${num(pct, locale)}% `}${up ? '増' : '減'}`;
  const how = pct === 0 ? `slightly ${up ? 'up' : 'down'}` : `${up ? 'up' : 'down'} ${num(pct, locale)}%`;
  return `${how} from ${before} the week before`;
}

/**
 * What the UTM did about what it saw: nothing to say when nothing was seen. `recorded`
 * items (scans) are mostly logged, not stopped, and that is no cause for alarm.
 */
export function handled(
  f: { count: number; stopped: number },
  locale: MailLocale,
  style: 'stopped' | 'recorded',
): string {
  if (f.count === 0) return '';
  const open = Math.max(0, f.count - f.stopped);
  const ja = locale === 'ja';
  if (open === 0) return ja ? 'すべて UTM が止めました。' : 'The UTM stopped all of them.';
  if (style === 'recorded')
    return ja
      ? `うち ${num(open, locale)} 件は記録だけで、止めてはいません。`
      : `${num(open, locale)} of them ${open === 1 ? 'was' : 'were'} recorded but not stopped.`;
  return ja
    ? `うち ${num(open, locale)} 件は UTM が止めずに通しています。ポータルで内容をご確認ください。`
    : `${num(open, locale)} of them got past the UTM. Please look at them in the portal.`;
}

/** A share as a percentage with one decimal: "12.3%". */
export function percent(ratio: number, locale: MailLocale): string {
  return `${new Intl.NumberFormat(locale === 'ja' ? 'ja-JP' : 'en-GB', { maximumFractionDigits: 1 }).format(ratio * 100)}%`;
}

const JA_WEEKDAY = ['日', '月', '火', '水', '木', '金', '土'];
const EN_WEEKDAY = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const EN_MONTH = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const JST_MS = 9 * 3_600_000;

function parts(ms: number): { y: number; m: number; d: number; w: number } {
  const t = new Date(ms + JST_MS);
  return { y: t.getUTCFullYear(), m: t.getUTCMonth(), d: t.getUTCDate(), w: t.getUTCDay() };
}

/** "2026年11月16日(月)〜11月22日(日)" / "Mon 16 Nov – Sun 22 Nov 2026" (the year once unless it changes). */
export function weekLabel(week: Period, locale: MailLocale): string {
  const a = parts(week.from);
  const b = parts(lastDay(week));
  if (locale === 'ja') {
    const start = `${a.y}年${a.m + 1}月${a.d}日(${JA_WEEKDAY[a.w]})`;
    const end = `${a.y === b.y ? '' : `${b.y}年`}${b.m + 1}月${b.d}日(${JA_WEEKDAY[b.w]})`;
    return `${start}〜${end}`;
  }
  const start = `${EN_WEEKDAY[a.w]} ${a.d} ${EN_MONTH[a.m]}${a.y === b.y ? '' : ` ${a.y}`}`;
  return `${start} – ${EN_WEEKDAY[b.w]} ${b.d} ${EN_MONTH[b.m]} ${b.y}`;
}

/** "11/16〜11/22" / "16–22 Nov", for the subject line. */
export function weekShort(week: Period, locale: MailLocale): string {
  const a = parts(week.from);
  const b = parts(lastDay(week));
  if (locale === 'ja') return `${a.m + 1}/${a.d}〜${b.m + 1}/${b.d}`;
  return a.m === b.m ? `${a.d}–${b.d} ${EN_MONTH[b.m]}` : `${a.d} ${EN_MONTH[a.m]} – ${b.d} ${EN_MONTH[b.m]}`;
}

/** "オンラインストレージの利用 3 件、SNS・Webメールの利用 1 件" — the items in the given order. */
export function itemList(entries: readonly { name: string; n: number }[], locale: MailLocale): string {
  return entries
    .filter((e) => e.n > 0)
    .map((e) =>
      locale === 'ja'
        ? `${e.name} ${num(e.n, locale)} 件`
        : `${e.name.charAt(0).toLowerCase()}${e.name.slice(1)}: ${num(e.n, locale)}`,
    )
    .join(locale === 'ja' ? '、' : '; ');
}
