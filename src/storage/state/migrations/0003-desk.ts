/**
 * The incident desk (issue 5): detection alerts, cases with their timeline, links and
 * attachments, on-site dispatches, insurance policies and claims. Schema builder only,
 * like 0001, so SQLite and PostgreSQL run the same migration. Times are epoch ms;
 * calendar dates (policy periods, cost dates) are 'YYYY-MM-DD' text; JSON is text.
 * Every table carries `tenant` so each query can be scoped to one company.
 */
import type { Kysely, Migration } from 'kysely';

export const m0003Desk: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    // Detection alerts: one row per (rule, company, group) episode; repeats bump count.
    await db.schema
      .createTable('desk_alerts')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('tenant', 'text', (c) => c.notNull())
      .addColumn('rule_id', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('title_ja', 'text', (c) => c.notNull())
      .addColumn('level', 'text', (c) => c.notNull())
      .addColumn('tags', 'text', (c) => c.notNull())
      .addColumn('group_key', 'text', (c) => c.notNull())
      .addColumn('group_fields', 'text', (c) => c.notNull())
      .addColumn('device_id', 'text')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('first_seen_at', 'bigint', (c) => c.notNull())
      .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
      .addColumn('count', 'bigint', (c) => c.notNull())
      .addColumn('suppress_ms', 'bigint', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addColumn('acknowledged_by', 'text')
      .addColumn('acknowledged_at', 'bigint')
      .addColumn('closed_by', 'text')
      .addColumn('closed_at', 'bigint')
      .addColumn('close_reason', 'text')
      .addColumn('close_note', 'text')
      .addColumn('case_id', 'text')
      .addColumn('notified_at', 'bigint')
      .execute();
    await db.schema
      .createIndex('desk_alerts_dedup')
      .on('desk_alerts')
      .columns(['tenant', 'rule_id', 'group_key', 'last_seen_at'])
      .execute();
    await db.schema
      .createIndex('desk_alerts_queue')
      .on('desk_alerts')
      .columns(['status', 'last_seen_at'])
      .execute();
    await db.schema
      .createIndex('desk_alerts_tenant')
      .on('desk_alerts')
      .columns(['tenant', 'last_seen_at'])
      .execute();

    // Sample events kept with an alert (the first few and the latest few), as JSON.
    await db.schema
      .createTable('desk_alert_events')
      .addColumn('alert_id', 'text', (c) => c.notNull().references('desk_alerts.id').onDelete('cascade'))
      .addColumn('tenant', 'text', (c) => c.notNull())
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('ts', 'bigint', (c) => c.notNull())
      .addColumn('event', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('desk_alert_events_pk', ['alert_id', 'seq'])
      .execute();

    // Human case / dispatch / claim numbers ("2026-0042"), one counter per name and year.
    await db.schema
      .createTable('desk_counters')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('value', 'bigint', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('desk_cases')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('number', 'text', (c) => c.notNull().unique())
      .addColumn('tenant', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('category', 'text', (c) => c.notNull())
      .addColumn('channel', 'text', (c) => c.notNull())
      .addColumn('priority', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('template', 'text')
      // what the company said: when it happened, which PC, how urgent it feels
      .addColumn('occurred_at', 'bigint')
      .addColumn('affected_host', 'text')
      .addColumn('urgency', 'text')
      .addColumn('reporter_user_id', 'text')
      .addColumn('reporter_name', 'text')
      .addColumn('reporter_contact', 'text')
      .addColumn('assignee_id', 'text')
      .addColumn('created_by', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addColumn('first_response_at', 'bigint')
      .addColumn('last_update_at', 'bigint')
      .addColumn('resolved_at', 'bigint')
      .addColumn('closed_at', 'bigint')
      .addColumn('resolution', 'text')
      // JSON [[from, to|null], …]: time spent waiting for the customer (SLA pause)
      .addColumn('waiting', 'text', (c) => c.notNull())
      .addColumn('reopened', 'integer', (c) => c.notNull())
      // JSON checklist state of the template's steps
      .addColumn('checklist', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('desk_cases_tenant')
      .on('desk_cases')
      .columns(['tenant', 'created_at'])
      .execute();
    await db.schema
      .createIndex('desk_cases_status')
      .on('desk_cases')
      .columns(['status', 'created_at'])
      .execute();

    // Everything that happened on a case; `visibility` 'company' entries are shown to the company.
    await db.schema
      .createTable('desk_case_timeline')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('case_id', 'text', (c) => c.notNull().references('desk_cases.id').onDelete('cascade'))
      .addColumn('tenant', 'text', (c) => c.notNull())
      .addColumn('at', 'bigint', (c) => c.notNull())
      .addColumn('actor_id', 'text')
      .addColumn('actor_name', 'text')
      .addColumn('actor_role', 'text')
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('visibility', 'text', (c) => c.notNull())
      .addColumn('body', 'text')
      .addColumn('detail', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('desk_case_timeline_case')
      .on('desk_case_timeline')
      .columns(['case_id', 'at'])
      .execute();

    // Linked alerts, events and observables (addresses, domains, hashes, URLs, mail addresses, hosts).
    await db.schema
      .createTable('desk_case_links')
      .addColumn('case_id', 'text', (c) => c.notNull().references('desk_cases.id').onDelete('cascade'))
      .addColumn('tenant', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('value', 'text', (c) => c.notNull())
      .addColumn('note', 'text')
      .addColumn('detail', 'text')
      .addColumn('created_by', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('desk_case_links_pk', ['case_id', 'kind', 'type', 'value'])
      .execute();
    await db.schema
      .createIndex('desk_case_links_value')
      .on('desk_case_links')
      .columns(['tenant', 'type', 'value'])
      .execute();

    // Files on a case live under DATA/attachments/<tenant>/<id>; this row is their index.
    await db.schema
      .createTable('desk_attachments')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('case_id', 'text', (c) => c.notNull().references('desk_cases.id').onDelete('cascade'))
      .addColumn('tenant', 'text', (c) => c.notNull())
      .addColumn('file_name', 'text', (c) => c.notNull())
      .addColumn('content_type', 'text', (c) => c.notNull())
      .addColumn('size', 'bigint', (c) => c.notNull())
      .addColumn('sha256', 'text', (c) => c.notNull())
      .addColumn('visibility', 'text', (c) => c.notNull())
      .addColumn('uploaded_by', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('desk_attachments_case')
      .on('desk_attachments')
      .columns(['case_id'])
      .execute();

    // On-site dispatch (駆け付け): request → scheduled → en route → on site → reported → signed off.
    await db.schema
      .createTable('desk_dispatches')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('number', 'text', (c) => c.notNull().unique())
      .addColumn('case_id', 'text', (c) => c.notNull().references('desk_cases.id').onDelete('cascade'))
      .addColumn('tenant', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('site_address', 'text')
      .addColumn('site_contact', 'text')
      .addColumn('requested_by', 'text')
      .addColumn('requested_at', 'bigint', (c) => c.notNull())
      .addColumn('engineer_id', 'text')
      .addColumn('scheduled_start', 'bigint')
      .addColumn('scheduled_end', 'bigint')
      .addColumn('departed_at', 'bigint')
      .addColumn('arrived_at', 'bigint')
      .addColumn('left_at', 'bigint')
      .addColumn('returned_at', 'bigint')
      .addColumn('findings', 'text')
      .addColumn('actions_taken', 'text')
      .addColumn('advice', 'text')
      .addColumn('report_filed_at', 'bigint')
      .addColumn('report_filed_by', 'text')
      .addColumn('signed_off_at', 'bigint')
      .addColumn('signed_off_by', 'text')
      .addColumn('sign_off_name', 'text')
      .addColumn('sign_off_comment', 'text')
      .addColumn('cancel_reason', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('desk_dispatches_tenant')
      .on('desk_dispatches')
      .columns(['tenant', 'requested_at'])
      .execute();
    await db.schema
      .createIndex('desk_dispatches_engineer')
      .on('desk_dispatches')
      .columns(['engineer_id', 'scheduled_start'])
      .execute();

    // A company's simple cyber-insurance policy (first-response cost cover).
    await db.schema
      .createTable('desk_policies')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('tenant', 'text', (c) => c.notNull())
      .addColumn('insurer', 'text', (c) => c.notNull())
      .addColumn('policy_number', 'text', (c) => c.notNull())
      .addColumn('product', 'text')
      // yen; JSON list of covered cost kinds ("dispatch", "investigation", "recovery", …)
      .addColumn('limit_total_yen', 'bigint', (c) => c.notNull())
      .addColumn('limit_per_incident_yen', 'bigint')
      .addColumn('deductible_yen', 'bigint', (c) => c.notNull())
      .addColumn('covered', 'text', (c) => c.notNull())
      .addColumn('period_start', 'text', (c) => c.notNull())
      .addColumn('period_end', 'text', (c) => c.notNull())
      .addColumn('insurer_contact', 'text')
      .addColumn('notes', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('desk_policies_tenant')
      .on('desk_policies')
      .columns(['tenant', 'period_start'])
      .execute();

    await db.schema
      .createTable('desk_claims')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('number', 'text', (c) => c.notNull().unique())
      .addColumn('case_id', 'text', (c) => c.notNull().references('desk_cases.id').onDelete('cascade'))
      .addColumn('tenant', 'text', (c) => c.notNull())
      .addColumn('policy_id', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('incident_date', 'text', (c) => c.notNull())
      .addColumn('notified_insurer_at', 'bigint')
      .addColumn('submitted_at', 'bigint')
      .addColumn('decided_at', 'bigint')
      .addColumn('approved_yen', 'bigint')
      .addColumn('paid_yen', 'bigint')
      .addColumn('notes', 'text')
      .addColumn('created_by', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('desk_claims_tenant')
      .on('desk_claims')
      .columns(['tenant', 'created_at'])
      .execute();

    await db.schema
      .createTable('desk_claim_items')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('claim_id', 'text', (c) => c.notNull().references('desk_claims.id').onDelete('cascade'))
      .addColumn('tenant', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('amount_yen', 'bigint', (c) => c.notNull())
      .addColumn('incurred_on', 'text', (c) => c.notNull())
      .addColumn('dispatch_id', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('desk_claim_items_claim')
      .on('desk_claim_items')
      .columns(['claim_id'])
      .execute();

    // The documents an insurer asks for, per claim: a checklist, each ticked by an attachment.
    await db.schema
      .createTable('desk_claim_documents')
      .addColumn('claim_id', 'text', (c) => c.notNull().references('desk_claims.id').onDelete('cascade'))
      .addColumn('tenant', 'text', (c) => c.notNull())
      .addColumn('doc_type', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('attachment_id', 'text')
      .addColumn('note', 'text')
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('desk_claim_documents_pk', ['claim_id', 'doc_type'])
      .execute();
  },
};
