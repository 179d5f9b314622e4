/**
 * The incident desk's vocabulary (issue 5, SPEC §6.3): the states, kinds and codes the
 * API, the database and the portal share. Texts for people live in the i18n catalogs.
 */
export { PRIORITIES, type Priority } from './priorities.js';

export const RULE_LEVELS = ['informational', 'low', 'medium', 'high', 'critical'] as const;
export type RuleLevel = (typeof RULE_LEVELS)[number];

/** Alert queue workflow: new → acknowledged → (escalated to a case | closed). */
export const ALERT_STATUSES = ['new', 'acknowledged', 'escalated', 'closed'] as const;
export type DeskAlertStatus = (typeof ALERT_STATUSES)[number];
export const ALERT_CLOSE_REASONS = ['benign', 'false-positive', 'duplicate', 'resolved'] as const;
export type AlertCloseReason = (typeof ALERT_CLOSE_REASONS)[number];

/** Case workflow (issue 5): new → triage → in-progress → waiting → resolved → closed, with reopen. */
export const CASE_STATUSES = ['new', 'triage', 'in-progress', 'waiting', 'resolved', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
/** Allowed moves; `resolved`/`closed` → `in-progress` is a reopen. */
export const CASE_TRANSITIONS: Readonly<Record<CaseStatus, readonly CaseStatus[]>> = {
  new: ['triage', 'in-progress', 'waiting', 'resolved', 'closed'],
  triage: ['in-progress', 'waiting', 'resolved', 'closed'],
  'in-progress': ['waiting', 'resolved', 'closed'],
  waiting: ['in-progress', 'resolved', 'closed'],
  resolved: ['closed', 'in-progress'],
  closed: ['in-progress'],
};
export const OPEN_CASE_STATUSES: readonly CaseStatus[] = ['new', 'triage', 'in-progress', 'waiting'];

export const CASE_CATEGORIES = [
  'ransomware',
  'virus',
  'suspicious-mail',
  'unauthorized-access',
  'information-leak',
  'lost-device',
  'web-defacement',
  'dos',
  'alert',
  'question',
  'other',
] as const;
export type CaseCategory = (typeof CASE_CATEGORIES)[number];

/** How the consultation reached the desk. */
export const CASE_CHANNELS = ['web', 'phone', 'mail', 'alert', 'visit'] as const;
export type CaseChannel = (typeof CASE_CHANNELS)[number];

/** How urgent it feels to the company (the web form's choice). */
export const URGENCIES = ['now', 'today', 'this-week', 'question'] as const;
export type Urgency = (typeof URGENCIES)[number];

export const TIMELINE_KINDS = [
  'created',
  'status',
  'note',
  'message',
  'assign',
  'priority',
  'update',
  'link',
  'attachment',
  'alert',
  'dispatch',
  'claim',
  'mail',
  'checklist',
] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];
export const VISIBILITIES = ['internal', 'company'] as const;
export type Visibility = (typeof VISIBILITIES)[number];

export const OBSERVABLE_TYPES = ['ip', 'domain', 'url', 'hash', 'email', 'host', 'file'] as const;
export type ObservableType = (typeof OBSERVABLE_TYPES)[number];

/** On-site dispatch (駆け付け). `reported` = visit report filed; `signed-off` = the company confirmed it. */
export const DISPATCH_STATUSES = [
  'requested',
  'scheduled',
  'en-route',
  'on-site',
  'reported',
  'signed-off',
  'cancelled',
] as const;
export type DispatchStatus = (typeof DISPATCH_STATUSES)[number];

export const CLAIM_STATUSES = ['draft', 'submitted', 'approved', 'rejected', 'paid'] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];
/** First-response cost items an insurer pays (SPEC §6.3). */
export const COST_KINDS = [
  'dispatch',
  'investigation',
  'recovery',
  'legal',
  'notification',
  'other',
] as const;
export type CostKind = (typeof COST_KINDS)[number];
/** The documents an insurer asks for with a first-response claim. */
export const CLAIM_DOCUMENTS = [
  'incident-report',
  'timeline',
  'visit-report',
  'invoices',
  'police-report',
  'policy-certificate',
] as const;
export type ClaimDocument = (typeof CLAIM_DOCUMENTS)[number];
export const CLAIM_DOCUMENT_STATUSES = ['missing', 'attached', 'not-needed'] as const;

/** Attachment limits: one file, and all files of one case. */
export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;
export const CASE_ATTACHMENTS_MAX_BYTES = 50 * 1024 * 1024;
