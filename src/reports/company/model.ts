/**
 * The data of one company's diagnostic report: everything the PDF shows, gathered once
 * (gather.ts) and rendered elsewhere (render.ts, possibly in a worker thread), so it is
 * plain JSON — numbers, strings, arrays and records only. Times are epoch ms.
 */
import type { Category } from '../../event/event.js';
import type { Handled, Level, LogKind, ScenarioId } from '../../portal/content.js';
import type { Bucket } from '../../portal/period.js';

export type ReportLang = 'ja' | 'en';
export type ReportKind = 'monthly' | 'on-demand';

export interface CompanyReportRequest {
  tenant: string;
  /** Inclusive, epoch ms. */
  from: number;
  /** Exclusive, epoch ms. */
  to: number;
  lang: ReportLang;
  kind: ReportKind;
  /** The clock of the report (device silence, "created on"); default Date.now(). */
  now?: number;
  /** How the company reaches the desk, printed on the closing page when given. */
  contact?: DeskContact;
}

export interface DeskContact {
  phone?: string;
  email?: string;
  hours?: string;
  /** Portal address for consultations (e.g. https://otasuke.example.jp). */
  url?: string;
}

export interface ReportItem {
  item: Category;
  count: number;
  previousCount: number;
  /** Ratio against the previous period (0.25 = +25 %), null when there was nothing before. */
  change: number | null;
  stopped: number;
  handled: Handled;
  /** Threat families seen (viruses, unauthorized outbound). */
  families: string[];
}

export interface ReportTrend {
  bucket: Bucket;
  /** Bucket starts (epoch ms, Tokyo calendar). */
  buckets: number[];
  series: Record<Category, number[]>;
}

export interface ReportVirus {
  bucket: Bucket;
  buckets: number[];
  byChannelOverTime: Record<string, number[]>;
  byChannelCumulative: Record<string, number[]>;
  byChannel: Record<string, number>;
  byFamily: { family: string; n: number }[];
  total: number;
  stopped: number;
}

export interface ReportScenario {
  id: ScenarioId;
  level: Level;
  reason: string;
  evidence: { item: Category; count: number }[];
}

export interface ReportUsage {
  item: Category;
  count: number;
  services: { name: string; n: number }[];
}

export interface ReportDevice {
  id: string;
  vendor: string | null;
  enabled: boolean;
  /** Silent now (at report time) by the registry's health rule. */
  silent: boolean;
  lastSeenAt: number | null;
  /** Events this device sent during the period. */
  eventsInPeriod: number;
}

export interface ReportVisibility {
  encryptedShare: number | null;
  outbound: number;
  encrypted: number;
  uninspectedKinds: LogKind[];
  devices: ReportDevice[];
}

export interface ReportAlert {
  level: string;
  title: string;
  explain: string | null;
  advice: string | null;
  firstSeenAt: number;
  lastSeenAt: number;
  count: number;
  /** 'checking' (the desk is looking), 'case' (a consultation was opened), 'handled'. */
  state: 'checking' | 'case' | 'handled';
  caseNumber: string | null;
}

export interface ReportAlerts {
  total: number;
  byLevel: { medium: number; high: number; critical: number };
  /** The most important few, highest level first. */
  top: ReportAlert[];
}

/** Only what the company itself sees of a consultation: no description, notes or staff. */
export interface ReportCase {
  number: string;
  title: string;
  category: string;
  status: string;
  priority: string;
  createdAt: number;
  resolvedAt: number | null;
  closedAt: number | null;
}

export interface ReportCases {
  opened: number;
  closed: number;
  /** Still open at the end of the period. */
  open: number;
  list: ReportCase[];
}

export interface Recommendation {
  id: string;
  rank: number;
  score: number;
  title: string;
  /** The advice, citing this company's own figures. */
  text: string;
  /** The figures the text cites (for mails and tests). */
  evidence: Record<string, string | number>;
}

export interface CompanyReportData {
  version: 1;
  lang: ReportLang;
  kind: ReportKind;
  tenant: string;
  company: { name: string; nameEn: string | null };
  period: { from: number; to: number };
  previous: { from: number; to: number };
  generatedAt: number;
  /** Every event of the period, monitoring item or not (0 = the UTM sent nothing). */
  events: number;
  items: ReportItem[];
  trend: ReportTrend;
  /** The seven Tokyo calendar months ending with the period's last month. */
  months: { buckets: number[]; series: Record<Category, number[]> };
  virus: ReportVirus;
  scenarios: ReportScenario[];
  usage: ReportUsage[];
  visibility: ReportVisibility;
  alerts: ReportAlerts;
  cases: ReportCases;
  recommendations: Recommendation[];
  contact: DeskContact | null;
}
