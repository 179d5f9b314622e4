/**
 * Cases for staff (docs/api.md "Cases"): list, open, detail, change, status, notes,
 * links, templates and the month's statistics. A company's own view of its cases and
 * the attachment routes live in case-company-routes.ts and case-files-routes.ts.
 * Every route: auth → validation → authorize → command → presenter.
 */
import type { FastifyInstance } from 'fastify';
import { auditChange, auditCompanyRead, auditOperatorRead } from '../accounts/audit.js';
import { readableTenants } from '../accounts/scope.js';
import type { ApiDeps } from '../api/deps.js';
import { ApiError } from '../api/errors.js';
import { requireCompany, requireOperator } from '../api/guard.js';
import { validate } from '../api/validate.js';
import { type AlertRow, alertsOfCase, getAlerts } from './alerts-repo.js';
import { caseCompanyRoutes } from './case-company-routes.js';
import { caseFilesRoutes } from './case-files-routes.js';
import { addLink, removeLink } from './case-links.js';
import {
  caseCreateBody,
  casePatchBody,
  caseStatusBody,
  casesListQuery,
  linkBody,
  linkDeleteQuery,
  noteBody,
  objectIdParams,
  statsQuery,
} from './case-model.js';
import { caseCreatedEvent, caseUpdatedEvent, tell } from './case-notify.js';
import { decodeCursor, encodeCursor, type Keyset } from './case-paging.js';
import { caseSla, caseSlaSummary, presentSla } from './case-sla.js';
import { addNote, changeStatus, createCase, patchCase } from './cases-commands.js';
import {
  attachmentsOf,
  CASE_WRITERS,
  type CaseFilter,
  type CaseView,
  countCases,
  getCaseView,
  linksOf,
  listCases,
  loadCaseFor,
  timelineOf,
} from './cases-repo.js';
import { listClaimsForCase } from './claims-repo.js';
import { listDispatchesForCase } from './dispatch-repo.js';
import { OPEN_CASE_STATUSES } from './model.js';
import {
  presentAlert,
  presentAttachment,
  presentCase,
  presentCaseSummary,
  presentEntry,
  presentLink,
} from './present.js';
import { deskStats } from './stats.js';
import { caseTemplates } from './templates.js';

/** Rows read per round while filtering a list by SLA state (computed, not stored). */
const SLA_SCAN_BATCH = 500;

export async function caseRoutes(app: FastifyInstance, deps: ApiDeps): Promise<void> {
  const { db, audit } = deps;
  const now = deps.now ?? Date.now;

  async function caseOut(tenant: string, id: string, at: number) {
    const v = await getCaseView(db, tenant, id);
    if (!v) throw new ApiError(404, 'not-found', 'no such case');
    return presentCase(v, at);
  }

  app.get('/api/desk/cases', async (req) => {
    const p = requireOperator(req);
    const q = validate(casesListQuery, req.query, 'query');
    if (q.tenant !== undefined) requireCompany(req, q.tenant);
    const scope = readableTenants(p);
    const statuses = q.status?.flatMap((s) => (s === 'open' ? [...OPEN_CASE_STATUSES] : [s]));
    const filter: CaseFilter = {
      statuses,
      tenant: q.tenant,
      assignee: q.assignee === 'me' ? p.userId : q.assignee === 'none' ? null : q.assignee,
      priority: q.priority,
      category: q.category,
      channel: q.channel,
      q: q.q,
      // loadCaseFor lets an engineer open the case of their visit: the list shows it too
      visitsOf: p.role === 'engineer' ? p.userId : undefined,
    };
    const at = now();
    let after: Keyset | null = q.cursor === undefined ? null : decodeCursor(q.cursor);
    const picked: CaseView[] = [];
    // one row more than a page says whether there is a next page
    for (;;) {
      const batch = await listCases(db, scope, filter, after, q.sla ? SLA_SCAN_BATCH : q.limit + 1);
      for (const r of batch)
        if (!q.sla || caseSlaSummary(r, at).state === q.sla) {
          picked.push(r);
          if (picked.length > q.limit) break;
        }
      if (!q.sla || picked.length > q.limit || batch.length < SLA_SCAN_BATCH) break;
      const last = batch[batch.length - 1];
      after = { at: last.created_at, id: last.id };
    }
    const page = picked.slice(0, q.limit);
    const last = page[page.length - 1];
    const nextCursor =
      picked.length > q.limit && last ? encodeCursor({ at: last.created_at, id: last.id }) : null;
    const counts = await countCases(db, scope, { ...filter, statuses: undefined });
    await auditOperatorRead(audit, req, q.tenant ?? null, 'desk.cases.read', { count: page.length });
    return { cases: page.map((r) => presentCaseSummary(r, at)), nextCursor, counts };
  });

  app.post('/api/desk/cases', async (req, reply) => {
    const p = requireOperator(req, CASE_WRITERS);
    const body = validate(caseCreateBody, req.body, 'body');
    requireCompany(req, body.tenant);
    const at = now();
    const row = await createCase(db, p, body, at);
    await auditChange(audit, req, {
      action: 'desk.case.create',
      tenant: row.tenant,
      target: row.id,
      detail: { number: row.number, channel: row.channel, priority: row.priority, template: row.template },
    });
    await tell(deps, caseCreatedEvent(row));
    return reply.status(201).send({ case: await caseOut(row.tenant, row.id, at) });
  });

  app.get('/api/desk/cases/:id', async (req) => {
    requireOperator(req);
    const { id } = validate(objectIdParams, req.params, 'params');
    const row = await loadCaseFor(req, deps, id, 'read');
    const at = now();
    const view = await getCaseView(db, row.tenant, row.id);
    if (!view) throw new ApiError(404, 'not-found', 'no such case');
    const links = await linksOf(db, row.tenant, row.id);
    const linked = links.filter((l) => l.kind === 'alert').map((l) => l.value);
    const alerts = new Map<string, AlertRow>();
    for (const a of [
      ...(await alertsOfCase(db, row.tenant, row.id)),
      ...(await getAlerts(db, row.tenant, linked)),
    ])
      alerts.set(a.id, a);
    await auditCompanyRead(audit, req, row.tenant, 'desk.case.read', { caseId: row.id });
    return {
      case: presentCase(view, at),
      sla: presentSla(caseSla(view, at)),
      timeline: (await timelineOf(db, row.tenant, row.id)).map(presentEntry),
      links: links.map(presentLink),
      attachments: (await attachmentsOf(db, row.tenant, row.id)).map(presentAttachment),
      dispatches: await listDispatchesForCase(db, row.tenant, row.id),
      claims: await listClaimsForCase(db, row.tenant, row.id),
      alerts: [...alerts.values()].map(presentAlert),
    };
  });

  app.patch('/api/desk/cases/:id', async (req) => {
    const p = requireOperator(req, CASE_WRITERS);
    const { id } = validate(objectIdParams, req.params, 'params');
    const body = validate(casePatchBody, req.body, 'body');
    const row = await loadCaseFor(req, deps, id, 'write');
    const at = now();
    const { changed, assigneeId } = await patchCase(db, p, row, body, at);
    if (changed.length > 0)
      await auditChange(audit, req, {
        action: 'desk.case.update',
        tenant: row.tenant,
        target: row.id,
        detail: { changed, priority: body.priority, assigneeId: body.assigneeId },
      });
    if (assigneeId)
      await tell(deps, {
        kind: 'case-assigned',
        tenant: row.tenant,
        caseId: row.id,
        number: row.number,
        title: body.title ?? row.title,
        priority: body.priority ?? row.priority,
        assigneeId,
        byUserId: p.userId,
        at,
      });
    return { case: await caseOut(row.tenant, row.id, at) };
  });

  app.post('/api/desk/cases/:id/status', async (req) => {
    const p = requireOperator(req);
    const { id } = validate(objectIdParams, req.params, 'params');
    const body = validate(caseStatusBody, req.body, 'body');
    const row = await loadCaseFor(req, deps, id, 'write');
    await changeStatus(db, p, row, body, now());
    await auditChange(audit, req, {
      action: 'desk.case.status',
      tenant: row.tenant,
      target: row.id,
      detail: { from: row.status, to: body.status },
    });
    await tell(deps, caseUpdatedEvent(row, { status: body.status }));
    return { case: await caseOut(row.tenant, row.id, now()) };
  });

  app.post('/api/desk/cases/:id/notes', async (req, reply) => {
    const p = requireOperator(req);
    const { id } = validate(objectIdParams, req.params, 'params');
    const body = validate(noteBody, req.body, 'body');
    const row = await loadCaseFor(req, deps, id, 'read');
    const entryId = await addNote(db, p, row, body, now());
    await auditChange(audit, req, {
      action: 'desk.case.note',
      tenant: row.tenant,
      target: row.id,
      detail: { entryId, visibility: body.visibility },
    });
    if (body.visibility === 'company')
      await tell(deps, caseUpdatedEvent(row, { message: body.body, entryId }));
    const entry = (await timelineOf(db, row.tenant, row.id)).find((e) => e.id === entryId);
    return reply.status(201).send({ entry: entry ? presentEntry(entry) : null });
  });

  app.post('/api/desk/cases/:id/links', async (req, reply) => {
    const p = requireOperator(req);
    const { id } = validate(objectIdParams, req.params, 'params');
    const body = validate(linkBody, req.body, 'body');
    const row = await loadCaseFor(req, deps, id, 'read');
    const { link, created } = await addLink(db, p, row, body, now());
    if (created)
      await auditChange(audit, req, {
        action: 'desk.case.link.add',
        tenant: row.tenant,
        target: row.id,
        detail: { kind: link.kind, type: link.type, value: link.value },
      });
    return reply.status(created ? 201 : 200).send({ link: presentLink(link) });
  });

  app.delete('/api/desk/cases/:id/links', async (req, reply) => {
    const p = requireOperator(req);
    const { id } = validate(objectIdParams, req.params, 'params');
    // the case first: a link query cannot tell another company's case ids apart
    const row = await loadCaseFor(req, deps, id, 'read');
    const q = validate(linkDeleteQuery, req.query, 'query');
    await removeLink(db, p, row, q, now());
    await auditChange(audit, req, {
      action: 'desk.case.link.remove',
      tenant: row.tenant,
      target: row.id,
      detail: { kind: q.kind, type: q.type, value: q.value },
    });
    return reply.status(204).send();
  });

  app.get('/api/desk/templates', async (req) => {
    requireOperator(req);
    return {
      templates: caseTemplates().map((t) => ({
        id: t.id,
        category: t.category,
        priority: t.priority,
        title: t.title,
        description: t.description,
        steps: t.steps,
      })),
    };
  });

  app.get('/api/desk/stats', async (req) => {
    const p = requireOperator(req);
    const q = validate(statsQuery, req.query, 'query');
    const stats = await deskStats(db, readableTenants(p), q.month, now());
    await auditOperatorRead(audit, req, null, 'desk.stats.read', { month: stats.month });
    return stats;
  });

  await caseCompanyRoutes(app, deps);
  await caseFilesRoutes(app, deps);
}
