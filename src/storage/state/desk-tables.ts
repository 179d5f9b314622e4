/** Row types of the desk and mail tables (migrations 0003-desk, 0004-mail). */

export interface DeskAlertsTable {
  id: string;
  tenant: string;
  rule_id: string;
  title: string;
  title_ja: string;
  level: string;
  /** JSON string[] */
  tags: string;
  group_key: string;
  /** JSON Record<string, string | null> */
  group_fields: string;
  device_id: string | null;
  status: string;
  first_seen_at: number;
  last_seen_at: number;
  count: number;
  suppress_ms: number;
  created_at: number;
  updated_at: number;
  acknowledged_by: string | null;
  acknowledged_at: number | null;
  closed_by: string | null;
  closed_at: number | null;
  close_reason: string | null;
  close_note: string | null;
  case_id: string | null;
  notified_at: number | null;
}

export interface DeskAlertEventsTable {
  alert_id: string;
  tenant: string;
  seq: number;
  ts: number;
  /** JSON NormalizedEvent */
  event: string;
}

export interface DeskCountersTable {
  name: string;
  value: number;
}

export interface DeskCasesTable {
  id: string;
  number: string;
  tenant: string;
  title: string;
  description: string;
  category: string;
  channel: string;
  priority: string;
  status: string;
  template: string | null;
  occurred_at: number | null;
  affected_host: string | null;
  urgency: string | null;
  reporter_user_id: string | null;
  reporter_name: string | null;
  reporter_contact: string | null;
  assignee_id: string | null;
  created_by: string | null;
  created_at: number;
  updated_at: number;
  first_response_at: number | null;
  last_update_at: number | null;
  resolved_at: number | null;
  closed_at: number | null;
  resolution: string | null;
  /** JSON [from, to | null][] */
  waiting: string;
  reopened: number;
  /** JSON Record<stepId, { done: boolean; at: number | null; by: string | null }> */
  checklist: string;
}

export interface DeskCaseTimelineTable {
  id: string;
  case_id: string;
  tenant: string;
  at: number;
  actor_id: string | null;
  actor_name: string | null;
  actor_role: string | null;
  kind: string;
  visibility: 'internal' | 'company';
  body: string | null;
  /** JSON object */
  detail: string;
}

export interface DeskCaseLinksTable {
  case_id: string;
  tenant: string;
  kind: 'alert' | 'event' | 'observable';
  type: string;
  value: string;
  note: string | null;
  /** JSON (e.g. the linked event itself) */
  detail: string | null;
  created_by: string | null;
  created_at: number;
}

export interface DeskAttachmentsTable {
  id: string;
  case_id: string;
  tenant: string;
  file_name: string;
  content_type: string;
  size: number;
  sha256: string;
  visibility: 'internal' | 'company';
  uploaded_by: string | null;
  created_at: number;
}

export interface DeskDispatchesTable {
  id: string;
  number: string;
  case_id: string;
  tenant: string;
  status: string;
  reason: string;
  site_address: string | null;
  site_contact: string | null;
  requested_by: string | null;
  requested_at: number;
  engineer_id: string | null;
  scheduled_start: number | null;
  scheduled_end: number | null;
  departed_at: number | null;
  arrived_at: number | null;
  left_at: number | null;
  returned_at: number | null;
  findings: string | null;
  actions_taken: string | null;
  advice: string | null;
  report_filed_at: number | null;
  report_filed_by: string | null;
  signed_off_at: number | null;
  signed_off_by: string | null;
  sign_off_name: string | null;
  sign_off_comment: string | null;
  cancel_reason: string | null;
  created_at: number;
  updated_at: number;
}

export interface DeskPoliciesTable {
  id: string;
  tenant: string;
  insurer: string;
  policy_number: string;
  product: string | null;
  limit_total_yen: number;
  limit_per_incident_yen: number | null;
  deductible_yen: number;
  /** JSON string[] of covered cost kinds */
  covered: string;
  period_start: string;
  period_end: string;
  insurer_contact: string | null;
  notes: string | null;
  created_at: number;
  updated_at: number;
}

export interface DeskClaimsTable {
  id: string;
  number: string;
  case_id: string;
  tenant: string;
  policy_id: string;
  status: string;
  incident_date: string;
  notified_insurer_at: number | null;
  submitted_at: number | null;
  decided_at: number | null;
  approved_yen: number | null;
  paid_yen: number | null;
  notes: string | null;
  created_by: string | null;
  created_at: number;
  updated_at: number;
}

export interface DeskClaimItemsTable {
  id: string;
  claim_id: string;
  tenant: string;
  kind: string;
  description: string;
  amount_yen: number;
  incurred_on: string;
  dispatch_id: string | null;
  created_at: number;
}

export interface DeskClaimDocumentsTable {
  claim_id: string;
  tenant: string;
  doc_type: string;
  status: string;
  attachment_id: string | null;
  note: string | null;
  updated_at: number;
}

export interface MailOutboxTable {
  id: string;
  tenant: string | null;
  kind: string;
  to_addr: string;
  locale: string;
  subject: string;
  text_body: string;
  html_body: string;
  dedup_key: string | null;
  status: 'pending' | 'sent' | 'failed';
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
  created_at: number;
  sent_at: number | null;
}

export interface DeskTables {
  desk_alerts: DeskAlertsTable;
  desk_alert_events: DeskAlertEventsTable;
  desk_counters: DeskCountersTable;
  desk_cases: DeskCasesTable;
  desk_case_timeline: DeskCaseTimelineTable;
  desk_case_links: DeskCaseLinksTable;
  desk_attachments: DeskAttachmentsTable;
  desk_dispatches: DeskDispatchesTable;
  desk_policies: DeskPoliciesTable;
  desk_claims: DeskClaimsTable;
  desk_claim_items: DeskClaimItemsTable;
  desk_claim_documents: DeskClaimDocumentsTable;
  mail_outbox: MailOutboxTable;
}
