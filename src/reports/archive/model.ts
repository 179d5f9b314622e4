/** The report archive's vocabulary and API input schemas. */
import { z } from 'zod';
import { idSchema } from '../../devices/model.js';

export const REPORT_KINDS = ['monthly', 'on-demand', 'programme'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];
export const REPORT_STATUSES = ['queued', 'running', 'ready', 'failed'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];
export const REPORT_LANGS = ['ja', 'en'] as const;
export type ReportLang = (typeof REPORT_LANGS)[number];

/** The longest period one report covers (a year and a month, so "last year" fits). */
export const MAX_REPORT_SPAN_MS = 400 * 86_400_000;

export interface CompanyReportRequest {
  tenant: string;
  from: number;
  to: number;
  lang: ReportLang;
  kind: Exclude<ReportKind, 'programme'>;
  createdBy: string | null;
  /** Scheduled runs: one report per company, month and language. */
  dedupKey?: string;
}

export const reportListQuery = z.strictObject({
  kind: z.enum(['monthly', 'on-demand']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

// any id shape answers "not found" alike: a malformed id says nothing about what exists
export const reportParams = z.strictObject({ tenant: idSchema, id: z.string().min(1).max(128) });
