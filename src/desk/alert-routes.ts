/**
 * The alert queue (staff) and a company's own alerts in plain language (docs/api.md
 * "Alert queue", "A company's own alerts"). Every route: auth → validation → authorize
 * → command → presenter.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { auditChange, auditCompanyRead, auditOperatorRead } from '../accounts/audit.js';
import { readableTenants } from '../accounts/scope.js';
import type { ApiDeps } from '../api/deps.js';
import { ApiError } from '../api/errors.js';
import { canReadCompany, principalOf, requireCompany, requireOperator } from '../api/guard.js';
import { validate } from '../api/validate.js';
import { pickLanguage } from '../i18n/index.js';
import { ALERT_WORKERS, acknowledgeAlert, closeAlert, escalateAlerts } from './alerts-commands.js';
import {
  type AlertRow,
  alertSamples,
  alertsOfCompany,
  countAlerts,
  getAlert,
  getAlerts,
  listAlerts,
} from './alerts-repo.js';
import {
  acknowledgeBody,
  alertsListQuery,
  bulkBody,
  closeBody,
  companyAlertsQuery,
  companyParams,
  escalateBody,
  objectIdParams,
} from './case-model.js';
import { caseCreatedEvent, tell } from './case-notify.js';
import { pageOf } from './case-paging.js';
import { getCaseView } from './cases-repo.js';
import type { DeskAlertStatus } from './model.js';
import { presentAlert, presentCase, presentCompanyAlert, presentRule } from './present.js';
import { ruleTexts } from './rule-texts.js';

const OPEN: readonly DeskAlertStatus[] = ['new', 'acknowledged'];

export async function alertRoutes(app: FastifyInstance, deps: ApiDeps): Promise<void> {
  const { db, audit } = deps;
  const now = deps.now ?? Date.now;

  /** An alert the caller may work on, or 404 (another company's alert is never confirmed). */
  async function loadAlert(req: FastifyRequest, id: string): Promise<AlertRow> {
    const p = requireOperator(req);
    const a = await getAlert(db, null, id);
    if (!a || !canReadCompany(p, a.tenant)) throw new ApiError(404, 'not-found', 'no such alert');
    return a;
  }

  async function fresh(a: AlertRow) {
    return presentAlert((await getAlert(db, a.tenant, a.id)) ?? a);
  }

  app.get('/api/desk/alerts', async (req) => {
    const p = requireOperator(req);
    const q = validate(alertsListQuery, req.query, 'query');
    if (q.tenant !== undefined) requireCompany(req, q.tenant);
    const scope = readableTenants(p);
    const filter = { level: q.level, tenant: q.tenant, rule: q.rule, q: q.q };
    const statuses = q.status === 'open' ? OPEN : q.status === 'all' ? undefined : [q.status];
    const rows = await listAlerts(db, scope, { ...filter, statuses }, { cursor: q.cursor, limit: q.limit });
    const { page, nextCursor } = pageOf(rows, q.limit, (r) => ({ at: r.last_seen_at, id: r.id }));
    const counts = await countAlerts(db, scope, filter);
    await auditOperatorRead(audit, req, q.tenant ?? null, 'desk.alerts.read', { count: page.length });
    return { alerts: page.map(presentAlert), nextCursor, counts };
  });

  app.get('/api/desk/alerts/:id', async (req) => {
    requireOperator(req);
    const { id } = validate(objectIdParams, req.params, 'params');
    const a = await loadAlert(req, id);
    await auditCompanyRead(audit, req, a.tenant, 'desk.alert.read', { alertId: a.id });
    return {
      alert: presentAlert(a),
      events: await alertSamples(db, a.tenant, a.id),
      rule: presentRule(a, ruleTexts().get(a.rule_id)),
    };
  });

  app.post('/api/desk/alerts/:id/acknowledge', async (req) => {
    const p = requireOperator(req, ALERT_WORKERS);
    const { id } = validate(objectIdParams, req.params, 'params');
    const body = validate(acknowledgeBody, req.body, 'body');
    const a = await loadAlert(req, id);
    await acknowledgeAlert(db, p, a, now());
    await auditChange(audit, req, {
      action: 'desk.alert.acknowledge',
      tenant: a.tenant,
      target: a.id,
      detail: body.note ? { note: body.note } : {},
    });
    return { alert: await fresh(a) };
  });

  app.post('/api/desk/alerts/:id/close', async (req) => {
    const p = requireOperator(req, ALERT_WORKERS);
    const { id } = validate(objectIdParams, req.params, 'params');
    const body = validate(closeBody, req.body, 'body');
    const a = await loadAlert(req, id);
    await closeAlert(db, p, a, body.reason, body.note ?? null, now());
    await auditChange(audit, req, {
      action: 'desk.alert.close',
      tenant: a.tenant,
      target: a.id,
      detail: { reason: body.reason },
    });
    return { alert: await fresh(a) };
  });

  app.post('/api/desk/alerts/:id/escalate', async (req) => {
    const p = requireOperator(req, ALERT_WORKERS);
    const { id } = validate(objectIdParams, req.params, 'params');
    const body = validate(escalateBody, req.body, 'body');
    const a = await loadAlert(req, id);
    const at = now();
    const { kase, created } = await escalateAlerts(db, p, [a], body, at);
    await auditChange(audit, req, {
      action: 'desk.alert.escalate',
      tenant: a.tenant,
      target: a.id,
      detail: { caseId: kase.id, caseNumber: kase.number, created },
    });
    if (created) await tell(deps, caseCreatedEvent(kase));
    const view = await getCaseView(db, kase.tenant, kase.id);
    return { alert: await fresh(a), case: view ? presentCase(view, at) : null };
  });

  app.post('/api/desk/alerts/bulk', async (req) => {
    const p = requireOperator(req, ALERT_WORKERS);
    const body = validate(bulkBody, req.body, 'body');
    if (body.action === 'close' && body.reason === undefined)
      throw new ApiError(400, 'invalid-input', 'reason: required to close alerts', 'reason');
    const at = now();
    const found = new Map((await getAlerts(db, null, body.ids)).map((a) => [a.id, a]));
    const results: { id: string; ok: boolean; error?: string }[] = [];
    const escalate = new Map<string, AlertRow[]>();
    for (const id of body.ids) {
      const a = found.get(id);
      if (!a || !canReadCompany(p, a.tenant)) {
        results.push({ id, ok: false, error: 'not-found' });
        continue;
      }
      try {
        if (body.action === 'acknowledge') await acknowledgeAlert(db, p, a, at);
        else if (body.action === 'close')
          await closeAlert(db, p, a, body.reason ?? 'benign', body.note ?? null, at);
        else {
          if (a.status !== 'new' && a.status !== 'acknowledged')
            throw new ApiError(409, 'invalid-transition', 'not open');
          escalate.set(a.tenant, [...(escalate.get(a.tenant) ?? []), a]);
          continue;
        }
        await auditChange(audit, req, {
          action: `desk.alert.${body.action}`,
          tenant: a.tenant,
          target: a.id,
          detail: { bulk: true, ...(body.reason ? { reason: body.reason } : {}) },
        });
        results.push({ id, ok: true });
      } catch (e) {
        results.push({ id, ok: false, error: e instanceof ApiError ? e.code : 'internal' });
      }
    }
    // one new case per company for everything escalated together
    for (const alerts of escalate.values()) {
      try {
        const { kase } = await escalateAlerts(db, p, alerts, {}, at);
        for (const a of alerts) {
          await auditChange(audit, req, {
            action: 'desk.alert.escalate',
            tenant: a.tenant,
            target: a.id,
            detail: { bulk: true, caseId: kase.id, caseNumber: kase.number, created: true },
          });
          results.push({ id: a.id, ok: true });
        }
        await tell(deps, caseCreatedEvent(kase));
      } catch (e) {
        for (const a of alerts)
          results.push({ id: a.id, ok: false, error: e instanceof ApiError ? e.code : 'internal' });
      }
    }
    const order = new Map(body.ids.map((id, i) => [id, i]));
    results.sort((x, y) => (order.get(x.id) ?? 0) - (order.get(y.id) ?? 0));
    return { results };
  });

  app.get('/api/companies/:tenant/alerts', async (req) => {
    principalOf(req);
    const { tenant } = validate(companyParams, req.params, 'params');
    requireCompany(req, tenant);
    const q = validate(companyAlertsQuery, req.query, 'query');
    const lang = pickLanguage(q, req.headers['accept-language']);
    const rows = await alertsOfCompany(db, tenant, q.status === 'open', 200);
    await auditCompanyRead(audit, req, tenant, 'desk.company-alerts.read', { count: rows.length });
    const texts = ruleTexts();
    return { alerts: rows.map((r) => presentCompanyAlert(r, texts.get(r.rule_id), lang)) };
  });
}
