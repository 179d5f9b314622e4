/**
 * Desk rows for tests, written straight into the state database (real storage, no
 * routes involved), so a suite can start from a case, a policy or an attachment:
 *
 *   const c = await createCase(t.db, { tenant: 'acme' });            // C-TEST-… number
 *   const p = await createPolicy(t.db, { tenant: 'acme', covered: ['dispatch'] });
 *   const a = await createAttachment(t.db, { tenant: 'acme', caseId: c.id });
 */
import { randomUUID } from 'node:crypto';
import type { CaseStatus } from '../../src/desk/model.js';
import type { StateDb } from '../../src/storage/state/state-db.js';

let seq = 0;

export interface TestCase {
  id: string;
  number: string;
  tenant: string;
}

export async function createCase(
  db: StateDb,
  c: {
    tenant: string;
    title?: string;
    description?: string;
    category?: string;
    channel?: string;
    priority?: string;
    status?: CaseStatus;
    createdAt?: number;
    assigneeId?: string | null;
    number?: string;
  },
): Promise<TestCase> {
  const id = randomUUID();
  seq += 1;
  const number = c.number ?? `C-TEST-${String(seq).padStart(4, '0')}-${id.slice(0, 4)}`;
  const at = c.createdAt ?? Date.now();
  await db
    .insertInto('desk_cases')
    .values({
      id,
      number,
      tenant: c.tenant,
      title: c.title ?? 'PCの動作が遅い',
      description: c.description ?? '朝から社内PCが重く、不審なポップアップが出る。',
      category: c.category ?? 'virus',
      channel: c.channel ?? 'phone',
      priority: c.priority ?? 'high',
      status: c.status ?? 'in-progress',
      template: null,
      occurred_at: null,
      affected_host: null,
      urgency: null,
      reporter_user_id: null,
      reporter_name: null,
      reporter_contact: null,
      assignee_id: c.assigneeId ?? null,
      created_by: null,
      created_at: at,
      updated_at: at,
      first_response_at: null,
      last_update_at: null,
      resolved_at: null,
      closed_at: null,
      resolution: null,
      waiting: '[]',
      reopened: 0,
      checklist: '{}',
    })
    .execute();
  return { id, number, tenant: c.tenant };
}

export async function createPolicy(
  db: StateDb,
  p: {
    tenant: string;
    insurer?: string;
    policyNumber?: string;
    limitTotalYen?: number;
    limitPerIncidentYen?: number | null;
    deductibleYen?: number;
    covered?: readonly string[];
    periodStart?: string;
    periodEnd?: string;
  },
): Promise<{ id: string }> {
  const id = randomUUID();
  const at = Date.now();
  await db
    .insertInto('desk_policies')
    .values({
      id,
      tenant: p.tenant,
      insurer: p.insurer ?? 'Example Insurance',
      policy_number: p.policyNumber ?? `POL-${id.slice(0, 8)}`,
      product: null,
      limit_total_yen: p.limitTotalYen ?? 10_000_000,
      limit_per_incident_yen: p.limitPerIncidentYen ?? null,
      deductible_yen: p.deductibleYen ?? 0,
      covered: JSON.stringify(p.covered ?? ['dispatch', 'investigation', 'recovery']),
      period_start: p.periodStart ?? '2020-01-01',
      period_end: p.periodEnd ?? '2099-12-31',
      insurer_contact: null,
      notes: null,
      created_at: at,
      updated_at: at,
    })
    .execute();
  return { id };
}

/** The index row of a case attachment (no file on disk: enough for references to it). */
export async function createAttachment(
  db: StateDb,
  a: { tenant: string; caseId: string; fileName?: string; visibility?: 'internal' | 'company' },
): Promise<{ id: string }> {
  const id = randomUUID();
  await db
    .insertInto('desk_attachments')
    .values({
      id,
      case_id: a.caseId,
      tenant: a.tenant,
      file_name: a.fileName ?? 'report.pdf',
      content_type: 'application/pdf',
      size: 10,
      sha256: '0'.repeat(64),
      visibility: a.visibility ?? 'internal',
      uploaded_by: null,
      created_at: Date.now(),
    })
    .execute();
  return { id };
}
