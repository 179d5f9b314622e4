/**
 * Threat-scenario levels (SPEC §5) from one company's own evidence. Pure functions of
 * the per-item counts; the rules are written out for people in docs/scenarios.md.
 */
import type { Category } from '../event/event.js';
import type { Level, ScenarioId } from './content.js';

/** Actions that mean the UTM kept the thing from getting through. */
export const STOPPED_ACTIONS: ReadonlySet<string> = new Set([
  'block',
  'drop',
  'reset',
  'quarantine',
  'redirect',
]);

/**
 * Families that are ransomware, or loaders / tools that today's ransomware gangs use as
 * the step before encryption (Emotet, QakBot, Cobalt Strike …).
 */
export const RANSOMWARE_FAMILIES: ReadonlySet<string> = new Set([
  'wannacry',
  'lockbit',
  'ryuk',
  'conti',
  'revil',
  'blackcat',
  'phobos',
  'akira',
  'stop-djvu',
  'emotet',
  'trickbot',
  'qakbot',
  'icedid',
  'bazarloader',
  'cobalt-strike',
]);

export interface ItemEvidence {
  count: number;
  /** Events the UTM stopped (STOPPED_ACTIONS). */
  stopped: number;
  /** Threat families seen (virus, malicious-outbound). */
  families: readonly string[];
  /** Virus events per channel. */
  channels?: Readonly<Record<string, number>>;
}

export type Evidence = Partial<Record<Category, ItemEvidence>>;

export interface ScenarioRating {
  id: ScenarioId;
  level: Level;
  /** Which rule decided the level (docs/scenarios.md), for the help text and tests. */
  reason: string;
  evidence: { item: Category; count: number }[];
}

const ZERO: ItemEvidence = { count: 0, stopped: 0, families: [] };

function ev(e: Evidence, item: Category): ItemEvidence {
  return e[item] ?? ZERO;
}
function passed(x: ItemEvidence): number {
  return Math.max(0, x.count - x.stopped);
}
/** Virus evidence of the targeted-attack scenario: viruses in received mail only. */
function mailVirus(e: Evidence): ItemEvidence {
  const v = ev(e, 'virus');
  const n = v.channels?.['mail-receive'] ?? 0;
  if (n === 0 || v.count === 0) return ZERO;
  // the stopped share of mail viruses is taken to be the virus item's overall share
  return { count: n, stopped: Math.round((v.stopped * n) / v.count), families: v.families };
}

function rateRansomware(e: Evidence): [Level, string] {
  const virus = ev(e, 'virus');
  const out = ev(e, 'malicious-outbound');
  const fams = [...virus.families, ...out.families];
  if (fams.some((f) => RANSOMWARE_FAMILIES.has(f))) return ['high', 'ransomware-family'];
  if (passed(virus) > 0 || passed(out) > 0) return ['high', 'not-stopped'];
  if (virus.count > 0 || out.count > 0 || ev(e, 'intrusion-inbound').count > 0)
    return ['medium', 'stopped-inside-chain'];
  if (ev(e, 'spam').count > 0 || ev(e, 'harmful-web').count > 0) return ['low', 'entry-routes-only'];
  return ['none', 'no-evidence'];
}

function rateTargeted(e: Evidence): [Level, string] {
  const mail = mailVirus(e);
  const out = ev(e, 'malicious-outbound');
  const intr = ev(e, 'intrusion-inbound');
  if (passed(mail) > 0 || passed(out) > 0) return ['high', 'not-stopped'];
  const steps = [mail, out, intr].filter((x) => x.count > 0).length;
  if (steps >= 2) return ['medium', 'several-steps'];
  if (steps === 1) return ['low', 'one-step'];
  return ['none', 'no-evidence'];
}

/** Usage scenarios: what was seen and not stopped, per item. */
function rateUsage(e: Evidence, a: Category, b: Category): [Level, string] {
  const pa = passed(ev(e, a)) > 0;
  const pb = passed(ev(e, b)) > 0;
  if (pa && pb) return ['high', 'both-in-use'];
  if (pa || pb) return ['medium', 'one-in-use'];
  if (ev(e, a).count > 0 || ev(e, b).count > 0) return ['low', 'stopped-only'];
  return ['none', 'no-evidence'];
}

export const SCENARIO_EVIDENCE: Record<ScenarioId, readonly Category[]> = {
  ransomware: ['spam', 'harmful-web', 'virus', 'malicious-outbound', 'intrusion-inbound'],
  'targeted-attack': ['virus', 'malicious-outbound', 'intrusion-inbound'],
  'insider-leak': ['online-storage', 'remote-access'],
  'careless-leak': ['risky-input-tool', 'sns-webmail'],
};

export function rateScenario(id: ScenarioId, e: Evidence): ScenarioRating {
  const [level, reason] =
    id === 'ransomware'
      ? rateRansomware(e)
      : id === 'targeted-attack'
        ? rateTargeted(e)
        : id === 'insider-leak'
          ? rateUsage(e, 'online-storage', 'remote-access')
          : rateUsage(e, 'risky-input-tool', 'sns-webmail');
  const evidence = SCENARIO_EVIDENCE[id].map((item) => ({
    item,
    count: id === 'targeted-attack' && item === 'virus' ? mailVirus(e).count : ev(e, item).count,
  }));
  return { id, level, reason, evidence };
}
