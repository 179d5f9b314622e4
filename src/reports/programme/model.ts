/**
 * The programme-wide results report as data: plain JSON (it may be archived and rendered
 * in a worker), aggregate only. It goes to the programme office, so nothing in it names
 * a company or a device: no ids, no names, no addresses, only totals and counts.
 */
import type { Category, Channel } from '../../event/event.js';
import type { Level, ScenarioId } from '../../portal/content.js';
import type { Lang } from './texts.js';

export const REPORT_VERSION = 1;

/** Rows of the monitoring table: the seed's rows, viruses split by the way they came in. */
export const MONITORING_ROWS = [
  'recon',
  'malicious-outbound',
  'intrusion-inbound',
  'virus-web',
  'virus-mail',
  'virus-other',
  'spam',
  'harmful-web',
] as const;
export type MonitoringRowId = (typeof MONITORING_ROWS)[number];

/** Virus channels of each virus row (the seed: HTTP/FTP downloads; received mail). */
export const VIRUS_ROW_CHANNELS: Record<'virus-web' | 'virus-mail' | 'virus-other', readonly Channel[]> = {
  'virus-web': ['web', 'ftp'],
  'virus-mail': ['mail-receive'],
  'virus-other': ['mail-send', 'other'],
};

/** Counts of one item (or one part of it) across the programme. */
export interface Tally {
  /** Events in the period. */
  total: number;
  /** Of which the UTM blocked, dropped or quarantined. */
  stopped: number;
  /** Distinct UTMs with at least one such event. */
  utms: number;
  /** Distinct companies with at least one such event. */
  companies: number;
}

export interface MonitoringRow extends Tally {
  id: MonitoringRowId;
  item: Category;
  label: string;
  countermeasure: string;
  /** total / reporting UTMs / days: the seed's "about 14 a day per UTM"; null without UTMs. */
  perUtmPerDay: number | null;
}

export interface UsageRow extends Tally {
  item: Category;
  label: string;
  countermeasure: string;
  /** utms / reporting UTMs (0–1), null without UTMs. */
  share: number | null;
}

export interface ScenarioEvidence {
  item: Category;
  /** The targeted-attack scenario counts viruses in received mail only. */
  channel: Channel | null;
  label: string;
  total: number;
  utms: number;
  companies: number;
}

export interface ScenarioFinding {
  id: ScenarioId;
  name: string;
  /** The seed's ratings of the scenario and their wording. */
  frequency: 'low' | 'high';
  frequencyLabel: string;
  frequencyText: string;
  impact: 'low' | 'high';
  impactLabel: string;
  impactText: string;
  /** Companies rated at each level (of `rated`). */
  levels: Record<Level, number>;
  rated: number;
  /** Companies at medium or high. */
  attention: number;
  evidence: ScenarioEvidence[];
  /** Ransomware scenario: ransomware (or loader) families seen and at how many companies. */
  families: { family: string; companies: number }[];
  familyCompanies: number;
}

export interface Timing {
  count: number;
  medianMinutes: number | null;
  p90Minutes: number | null;
}

export interface DeskPeriodStats {
  consultations: {
    total: number;
    /** Distinct companies with a consultation. */
    companies: number;
    byCategory: { id: string; label: string; n: number }[];
    byChannel: { id: string; label: string; n: number }[];
  };
  firstResponse: Timing;
  resolution: Timing;
  slaBreaches: { firstResponse: number; update: number; resolution: number };
  dispatches: {
    requested: number;
    completed: number;
    /** Distinct companies with a completed visit. */
    companies: number;
    medianOnSiteMinutes: number | null;
    medianTravelMinutes: number | null;
  };
  claims: { count: number; claimedYen: number; paidYen: number };
  alerts: { raised: number; escalated: number; closedBenign: number };
}

export interface MonthTotals {
  /** 'YYYY-MM' on the Tokyo calendar. */
  month: string;
  /** The part of the month inside the period (ISO, `to` exclusive). */
  from: string;
  to: string;
  /** UTMs that sent any record that month. */
  utms: number;
  totals: Record<Category, number>;
}

export interface ProgrammeReportData {
  version: typeof REPORT_VERSION;
  lang: Lang;
  createdAt: string;
  period: {
    /** ISO instants, `to` exclusive. */
    from: string;
    to: string;
    /** First and last day on the Tokyo calendar, 'YYYY-MM-DD' (last inclusive). */
    firstDay: string;
    lastDay: string;
    /** Days of the period that have begun by `createdAt` (for per-day figures), at least 1. */
    days: number;
  };
  scope: {
    /** UTMs / companies registered (plus any that sent records without being registered). */
    utms: number;
    companies: number;
    /** UTMs / companies that sent at least one record in the period (the denominator of "N of M"). */
    reportingUtms: number;
    reportingCompanies: number;
  };
  /** Every monitoring item over the whole programme. */
  items: (Tally & { item: Category; label: string })[];
  monitoring: MonitoringRow[];
  usage: UsageRow[];
  scenarios: ScenarioFinding[];
  /** Companies with at least one scenario at medium or high. */
  attentionCompanies: number;
  levelLabels: Record<Level, string>;
  desk: DeskPeriodStats;
  monthly: MonthTotals[];
}
