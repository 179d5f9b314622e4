/**
 * The figures of one company's week, from the event store's rollups (two counts: the
 * week and the week before) and the desk's open alerts. Tenant first everywhere: the
 * figures of one company are computed from that company's rows only.
 *
 * What the events cannot tell is left null rather than guessed. Mails received are the
 * mail events, spam and viruses whose channel is `mail-receive`; but a UTM logs clean mail only
 * when told to — many log just the spam and viruses they catch — so the count is known
 * only when the week has clean received mail in it, and the spam ratio with it. Mail
 * events stored before the classifier set a channel on them count nowhere.
 */
import { countAlerts } from '../../desk/alerts-repo.js';
import { type Category, CHANNELS, type Channel } from '../../event/event.js';
import { USAGE_ITEMS } from '../../portal/dashboard.js';
import { iso, type Period } from '../../portal/period.js';
import { STOPPED_ACTIONS } from '../../portal/scenarios.js';
import type { CountRow, EventStore } from '../../storage/events/event-store.js';
import type { StateDb } from '../../storage/state/state-db.js';
import { weekBefore } from './period.js';

export interface ItemFigure {
  count: number;
  /** events the UTM stopped (blocked, dropped, reset, quarantined …) */
  stopped: number;
  /** the week before */
  previous: number;
}

/**
 * What the UTM logged about mail in the week: every mail (clean ones too), only its
 * verdicts (spam, viruses in mail), or nothing at all.
 */
export type MailLogging = 'every-mail' | 'verdicts-only' | 'none';

export interface WeeklyFigures {
  week: Period;
  previousWeek: Period;
  /** every event of the company in the week, monitoring item or not (0 = the UTM sent nothing) */
  events: number;
  /** pings and port scans from outside */
  recon: ItemFigure;
  /** intrusion attempts the IPS saw coming in */
  intrusion: ItemFigure;
  /** suspicious traffic from inside out (C&C and the like), also an IPS finding */
  outbound: ItemFigure;
  virus: ItemFigure & { byChannel: Record<Channel, number> };
  /** use of applications and services the UTM's policy stopped (the usage items, stopped only) */
  blockedApps: { count: number; previous: number; byItem: Partial<Record<Category, number>> };
  spam: { count: number; previous: number };
  mailLogging: MailLogging;
  /** mails received, spam and viruses in mail included; null unless the UTM logs every mail */
  mailsReceived: number | null;
  /** the same for the week before (null when not known then) */
  mailsReceivedPrevious: number | null;
  /** received spam / mails received; null while mails received is unknown */
  spamRatio: number | null;
  /** the company's alerts of level medium and above not yet closed, at the time of the run */
  openAlerts: number;
}

/** Spam as a share of the mails received, when those are known and not zero. */
export function spamRatio(spam: number, received: number | null): number | null {
  return received === null || received <= 0 ? null : Math.min(1, spam / received);
}

interface Tally {
  count: number;
  stopped: number;
  byChannel: Record<string, number>;
}

/** The week's mail, from the events of kind `mail`, the spam and the viruses in mail. */
interface MailTally {
  /** any mail event or spam at all */
  any: number;
  received: number;
  /** received with no verdict: present only when the UTM logs every mail */
  clean: number;
  spamReceived: number;
}

function tallyMail(m: MailTally, r: CountRow): void {
  const c = r.keys.category ?? null;
  const ch = r.keys.channel;
  // an antivirus verdict on SMTP / POP3 is a mail record too, whatever its kind
  const mailVirus = c === 'virus' && (ch === 'mail-receive' || ch === 'mail-send');
  if (r.keys.kind !== 'mail' && c !== 'spam' && !mailVirus) return;
  m.any += r.n;
  if (ch !== 'mail-receive') return;
  m.received += r.n;
  if (c === null) m.clean += r.n;
  else if (c === 'spam') m.spamReceived += r.n;
}

function mailLogging(m: MailTally): MailLogging {
  if (m.clean > 0) return 'every-mail';
  return m.any > 0 ? 'verdicts-only' : 'none';
}

function tally(rows: readonly CountRow[]): { events: number; items: Map<string, Tally>; mail: MailTally } {
  let events = 0;
  const items = new Map<string, Tally>();
  const mail: MailTally = { any: 0, received: 0, clean: 0, spamReceived: 0 };
  for (const r of rows) {
    events += r.n;
    tallyMail(mail, r);
    const c = r.keys.category;
    if (!c) continue;
    let t = items.get(c);
    if (!t) items.set(c, (t = { count: 0, stopped: 0, byChannel: {} }));
    t.count += r.n;
    if (r.keys.action && STOPPED_ACTIONS.has(r.keys.action)) t.stopped += r.n;
    const ch =
      r.keys.channel && (CHANNELS as readonly string[]).includes(r.keys.channel) ? r.keys.channel : 'other';
    t.byChannel[ch] = (t.byChannel[ch] ?? 0) + r.n;
  }
  return { events, items, mail };
}

function blocked(items: Map<string, Tally>): { count: number; byItem: Partial<Record<Category, number>> } {
  let count = 0;
  const byItem: Partial<Record<Category, number>> = {};
  for (const item of USAGE_ITEMS) {
    const n = items.get(item)?.stopped ?? 0;
    if (n > 0) byItem[item] = n;
    count += n;
  }
  return { count, byItem };
}

/** The rollup dimensions the figures are counted by. */
export const WEEKLY_GROUP_BY = ['category', 'action', 'channel', 'kind'] as const;

/**
 * The figures from the rows of `counts(groupBy: WEEKLY_GROUP_BY)` for the week and the
 * week before (pure: the known-answer tests feed it directly).
 */
export function figuresFromCounts(
  week: Period,
  current: readonly CountRow[],
  previous: readonly CountRow[],
  openAlerts: number,
): WeeklyFigures {
  const cur = tally(current);
  const prev = tally(previous);
  const item = (c: Category): ItemFigure => ({
    count: cur.items.get(c)?.count ?? 0,
    stopped: cur.items.get(c)?.stopped ?? 0,
    previous: prev.items.get(c)?.count ?? 0,
  });
  const virusChannels = cur.items.get('virus')?.byChannel ?? {};
  const byChannel = Object.fromEntries(CHANNELS.map((ch) => [ch, virusChannels[ch] ?? 0])) as Record<
    Channel,
    number
  >;
  const apps = blocked(cur.items);
  const spam = { count: cur.items.get('spam')?.count ?? 0, previous: prev.items.get('spam')?.count ?? 0 };
  const logging = mailLogging(cur.mail);
  const received = logging === 'every-mail' ? cur.mail.received : null;
  return {
    week,
    previousWeek: weekBefore(week),
    events: cur.events,
    recon: item('recon'),
    intrusion: item('intrusion-inbound'),
    outbound: item('malicious-outbound'),
    virus: { ...item('virus'), byChannel },
    blockedApps: { count: apps.count, previous: blocked(prev.items).count, byItem: apps.byItem },
    spam,
    mailLogging: logging,
    mailsReceived: received,
    mailsReceivedPrevious: mailLogging(prev.mail) === 'every-mail' ? prev.mail.received : null,
    spamRatio: spamRatio(cur.mail.spamReceived, received),
    openAlerts,
  };
}

/** Reads one company's week from the store and the desk. */
export async function gatherWeeklyFigures(
  store: EventStore,
  db: StateDb,
  tenant: string,
  week: Period,
): Promise<WeeklyFigures> {
  const before = weekBefore(week);
  const groupBy = WEEKLY_GROUP_BY;
  const [current, previous, alerts] = await Promise.all([
    store.counts(tenant, { from: iso(week.from), to: iso(week.to), groupBy }),
    store.counts(tenant, { from: iso(before.from), to: iso(before.to), groupBy }),
    countAlerts(db, [tenant], { tenant, level: 'medium' }),
  ]);
  const open = alerts.new + alerts.acknowledged + alerts.escalated;
  return figuresFromCounts(week, current, previous, open);
}

/** Whether the UTM let through any attack, suspicious traffic or virus it saw. */
export function letThrough(f: WeeklyFigures): number {
  return [f.intrusion, f.outbound, f.virus].reduce((n, i) => n + Math.max(0, i.count - i.stopped), 0);
}
