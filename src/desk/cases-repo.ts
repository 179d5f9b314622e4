/**
 * SQL of desk cases (Kysely builder: SQLite and PostgreSQL). Every function takes the
 * tenant first; `null` is the staff lookup by id, whose row says which company it is.
 */
import type { FastifyRequest } from 'fastify';
import {
  type ExpressionBuilder,
  type Insertable,
  type Selectable,
  sql,
  type Transaction,
  type Updateable,
} from 'kysely';
import { ALL_COMPANY_READERS, type Principal } from '../accounts/model.js';
import type { ApiDeps } from '../api/deps.js';
import { ApiError } from '../api/errors.js';
import { canReadCompany, principalOf } from '../api/guard.js';
import type {
  DeskAttachmentsTable,
  DeskCaseLinksTable,
  DeskCasesTable,
  DeskCaseTimelineTable,
} from '../storage/state/desk-tables.js';
import type { StateDb, StateTables } from '../storage/state/state-db.js';
import { type Keyset, likePattern } from './case-paging.js';
import { CASE_STATUSES } from './model.js';

export type CaseRow = Selectable<DeskCasesTable>;
export type Db = StateDb | Transaction<StateTables>;
/** 'all', or the companies the caller may read. */
export type Scope = 'all' | readonly string[];

/** Staff roles that run cases (create, change, change status). */
export const CASE_WRITERS = ['operator-admin', 'analyst', 'agent'] as const;

/** A case by id, within `tenant` (or any company when `tenant` is null). */
export async function getCase(db: Db, tenant: string | null, id: string): Promise<CaseRow | undefined> {
  let q = db.selectFrom('desk_cases').selectAll().where('id', '=', id);
  if (tenant !== null) q = q.where('tenant', '=', tenant);
  return q.executeTakeFirst();
}

/** Whether engineer `userId` has a dispatch on case `caseId` (it lets them see and move the case). */
export async function hasDispatchOn(
  db: Db,
  tenant: string,
  caseId: string,
  userId: string,
): Promise<boolean> {
  const r = await db
    .selectFrom('desk_dispatches')
    .select('id')
    .where('tenant', '=', tenant)
    .where('case_id', '=', caseId)
    .where('engineer_id', '=', userId)
    .executeTakeFirst();
  return r !== undefined;
}

/** Whether `p` may see case `row`: its company's readers, or an engineer dispatched to it. */
export async function canReadCase(db: Db, p: Principal, row: CaseRow): Promise<boolean> {
  if (canReadCompany(p, row.tenant)) return true;
  if (p.tenant === null && p.role === 'engineer') return hasDispatchOn(db, row.tenant, row.id, p.userId);
  return false;
}

/**
 * Loads a case for the request's caller, or throws.
 *
 * - `read`: anyone who may see it (its company's users, staff reading that company, an
 *   engineer with a dispatch on it); anything else is 404 (never confirms it exists).
 * - `write`: staff changing it: `operator-admin`, `analyst`, `agent` (who read every
 *   company) and an engineer with a dispatch on it; a caller who may see it but not
 *   change it (company users, experts) gets 403.
 *
 * Call it after validating the id (routes check auth → validate → this).
 */
export async function loadCaseFor(
  req: FastifyRequest,
  deps: Pick<ApiDeps, 'db'>,
  id: string,
  mode: 'read' | 'write',
): Promise<CaseRow> {
  const p = principalOf(req);
  const row = await getCase(deps.db, null, id);
  if (!row || !(await canReadCase(deps.db, p, row))) throw new ApiError(404, 'not-found', 'no such case');
  if (mode === 'write' && !(await canWriteCase(deps.db, p, row)))
    throw new ApiError(403, 'forbidden', 'your role may not change this case');
  return row;
}

async function canWriteCase(db: Db, p: Principal, row: CaseRow): Promise<boolean> {
  if (p.tenant !== null) return false;
  // the case writers read every company, so seeing the case is enough
  if ((CASE_WRITERS as readonly string[]).includes(p.role)) return true;
  if (p.role === 'engineer') return hasDispatchOn(db, row.tenant, row.id, p.userId);
  return false;
}

export async function insertCase(db: Db, row: Insertable<DeskCasesTable>): Promise<void> {
  await db.insertInto('desk_cases').values(row).execute();
}

export async function updateCase(
  db: Db,
  tenant: string,
  id: string,
  patch: Updateable<DeskCasesTable>,
): Promise<void> {
  await db.updateTable('desk_cases').set(patch).where('tenant', '=', tenant).where('id', '=', id).execute();
}

// ---- lists and views ----

/** A case with the names the presenters show (company, assignee) and the last message time. */
export type CaseView = CaseRow & {
  company_name: string | null;
  assignee_name: string | null;
  last_message_at: number | null;
};

function views(db: Db) {
  return db
    .selectFrom('desk_cases as c')
    .leftJoin('companies as co', 'co.id', 'c.tenant')
    .leftJoin('users as u', 'u.id', 'c.assignee_id')
    .selectAll('c')
    .select((eb) => [
      'co.name as company_name',
      'u.name as assignee_name',
      eb
        .selectFrom('desk_case_timeline as t')
        .select((e) => e.fn.max('t.at').as('m'))
        .whereRef('t.case_id', '=', 'c.id')
        .where('t.visibility', '=', 'company')
        .where('t.kind', 'in', ['note', 'message'])
        .as('last_message_at'),
    ]);
}

export async function getCaseView(db: Db, tenant: string, id: string): Promise<CaseView | undefined> {
  return views(db).where('c.tenant', '=', tenant).where('c.id', '=', id).executeTakeFirst() as Promise<
    CaseView | undefined
  >;
}

export interface CaseFilter {
  statuses?: readonly string[];
  tenant?: string;
  /** a user id, or null for unassigned */
  assignee?: string | null;
  priority?: string;
  category?: string;
  channel?: string;
  q?: string;
  /** An engineer: the cases of their visits count as readable whatever the companies assigned. */
  visitsOf?: string;
}

function caseConds(
  eb: ExpressionBuilder<StateTables & { c: DeskCasesTable }, 'c'>,
  scope: Scope,
  f: CaseFilter,
  withStatus: boolean,
) {
  const conds = [];
  if (scope !== 'all') {
    // an empty scope (an engineer with no companies) matches nothing but their visits' cases
    const inScope = scope.length === 0 ? eb('c.id', '=', '') : eb('c.tenant', 'in', [...scope]);
    conds.push(
      f.visitsOf === undefined
        ? inScope
        : eb.or([
            inScope,
            eb.exists(
              eb
                .selectFrom('desk_dispatches as d')
                .select('d.id')
                .whereRef('d.case_id', '=', 'c.id')
                .where('d.engineer_id', '=', f.visitsOf),
            ),
          ]),
    );
  }
  if (withStatus && f.statuses) conds.push(eb('c.status', 'in', [...f.statuses]));
  if (f.tenant !== undefined) conds.push(eb('c.tenant', '=', f.tenant));
  if (f.assignee === null) conds.push(eb('c.assignee_id', 'is', null));
  else if (f.assignee !== undefined) conds.push(eb('c.assignee_id', '=', f.assignee));
  if (f.priority !== undefined) conds.push(eb('c.priority', '=', f.priority));
  if (f.category !== undefined) conds.push(eb('c.category', '=', f.category));
  if (f.channel !== undefined) conds.push(eb('c.channel', '=', f.channel));
  if (f.q !== undefined && f.q !== '') {
    const p = likePattern(f.q);
    conds.push(
      eb.or([
        sql<boolean>`lower(c.title) like ${p} escape '!'`,
        sql<boolean>`lower(c.number) like ${p} escape '!'`,
        sql<boolean>`lower(c.description) like ${p} escape '!'`,
      ]),
    );
  }
  return conds;
}

/** Cases newest first after the keyset `after`, at most `limit` rows. */
export async function listCases(
  db: Db,
  scope: Scope,
  f: CaseFilter,
  after: Keyset | null,
  limit: number,
): Promise<CaseView[]> {
  return views(db)
    .where((eb) => {
      const conds = caseConds(eb as never, scope, f, true);
      if (after)
        conds.push(
          eb.or([
            eb('c.created_at', '<', after.at),
            eb.and([eb('c.created_at', '=', after.at), eb('c.id', '<', after.id)]),
          ]),
        );
      return eb.and(conds);
    })
    .orderBy('c.created_at', 'desc')
    .orderBy('c.id', 'desc')
    .limit(limit)
    .execute() as Promise<CaseView[]>;
}

/** Cases per status under the filters (status aside). */
export async function countCases(db: Db, scope: Scope, f: CaseFilter): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('desk_cases as c')
    .select(['c.status', (eb) => eb.fn.countAll<number>().as('n')])
    .where((eb) => eb.and(caseConds(eb as never, scope, f, false)))
    .groupBy('c.status')
    .execute();
  const out: Record<string, number> = Object.fromEntries(CASE_STATUSES.map((s) => [s, 0]));
  for (const r of rows) out[r.status] = Number(r.n);
  return out;
}

/** A company's cases, newest first. */
export async function casesOfCompany(db: Db, tenant: string, limit: number): Promise<CaseView[]> {
  return views(db)
    .where('c.tenant', '=', tenant)
    .orderBy('c.created_at', 'desc')
    .orderBy('c.id', 'desc')
    .limit(limit)
    .execute() as Promise<CaseView[]>;
}

// ---- timeline, links, attachments ----

export type TimelineRow = Selectable<DeskCaseTimelineTable>;
export type LinkRow = Selectable<DeskCaseLinksTable>;
export type AttachmentRow = Selectable<DeskAttachmentsTable>;

export async function timelineOf(
  db: Db,
  tenant: string,
  caseId: string,
  visibility?: 'company',
): Promise<TimelineRow[]> {
  let q = db
    .selectFrom('desk_case_timeline')
    .selectAll()
    .where('tenant', '=', tenant)
    .where('case_id', '=', caseId);
  if (visibility) q = q.where('visibility', '=', visibility);
  return q.orderBy('at').orderBy('id').execute();
}

export async function getTimelineEntry(db: Db, tenant: string, id: string): Promise<TimelineRow | undefined> {
  return db
    .selectFrom('desk_case_timeline')
    .selectAll()
    .where('tenant', '=', tenant)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function linksOf(db: Db, tenant: string, caseId: string): Promise<LinkRow[]> {
  return db
    .selectFrom('desk_case_links')
    .selectAll()
    .where('tenant', '=', tenant)
    .where('case_id', '=', caseId)
    .orderBy('created_at')
    .execute();
}

export async function getLink(
  db: Db,
  tenant: string,
  caseId: string,
  key: { kind: LinkRow['kind']; type: string; value: string },
): Promise<LinkRow | undefined> {
  return db
    .selectFrom('desk_case_links')
    .selectAll()
    .where('tenant', '=', tenant)
    .where('case_id', '=', caseId)
    .where('kind', '=', key.kind)
    .where('type', '=', key.type)
    .where('value', '=', key.value)
    .executeTakeFirst();
}

export async function insertLink(db: Db, row: Insertable<DeskCaseLinksTable>): Promise<void> {
  await db.insertInto('desk_case_links').values(row).execute();
}

export async function deleteLink(
  db: Db,
  tenant: string,
  caseId: string,
  key: { kind: LinkRow['kind']; type: string; value: string },
): Promise<number> {
  const r = await db
    .deleteFrom('desk_case_links')
    .where('tenant', '=', tenant)
    .where('case_id', '=', caseId)
    .where('kind', '=', key.kind)
    .where('type', '=', key.type)
    .where('value', '=', key.value)
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function attachmentsOf(
  db: Db,
  tenant: string,
  caseId: string,
  visibility?: 'company',
): Promise<AttachmentRow[]> {
  let q = db
    .selectFrom('desk_attachments')
    .selectAll()
    .where('tenant', '=', tenant)
    .where('case_id', '=', caseId);
  if (visibility) q = q.where('visibility', '=', visibility);
  return q.orderBy('created_at').orderBy('id').execute();
}

/** An attachment by id (any company when `tenant` is null: the row says whose it is). */
export async function getAttachment(
  db: Db,
  tenant: string | null,
  id: string,
): Promise<AttachmentRow | undefined> {
  let q = db.selectFrom('desk_attachments').selectAll().where('id', '=', id);
  if (tenant !== null) q = q.where('tenant', '=', tenant);
  return q.executeTakeFirst();
}

export async function attachmentBytes(db: Db, tenant: string, caseId: string): Promise<number> {
  const r = await db
    .selectFrom('desk_attachments')
    .select((eb) => eb.fn.sum<number>('size').as('n'))
    .where('tenant', '=', tenant)
    .where('case_id', '=', caseId)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

export async function insertAttachment(db: Db, row: Insertable<DeskAttachmentsTable>): Promise<void> {
  await db.insertInto('desk_attachments').values(row).execute();
}

/** A staff user who may be given a case of `tenant` (active, and able to read that company). */
export async function assignableStaff(
  db: Db,
  tenant: string,
  userId: string,
): Promise<{ id: string; name: string } | undefined> {
  const u = await db
    .selectFrom('users')
    .select(['id', 'name', 'role'])
    .where('id', '=', userId)
    .where('tenant', 'is', null)
    .where('disabled', '=', 0)
    .executeTakeFirst();
  if (!u) return undefined;
  if ((ALL_COMPANY_READERS as readonly string[]).includes(u.role)) return u;
  const a = await db
    .selectFrom('user_companies')
    .select('tenant')
    .where('user_id', '=', userId)
    .where('tenant', '=', tenant)
    .executeTakeFirst();
  return a ? u : undefined;
}
