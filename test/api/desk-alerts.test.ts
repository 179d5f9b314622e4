/**
 * The alert queue (staff) and a company's own alerts: 401, 400 naming the field, 403 per
 * role, 404 for another company, the workflow (acknowledge, close, escalate, bulk) and
 * the plain-language company view.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { STATE_BACKENDS } from '../helpers/accounts.js';
import { auditActions, type Desk, type Method, openDesk, raise, resetDesk } from '../helpers/desk-core.js';

const X = 'fw-x';

for (const backend of STATE_BACKENDS) {
  describe.skipIf(backend.skip !== null)(`desk alerts on ${backend.name}`, () => {
    let d: Desk;
    beforeAll(async () => {
      d = await openDesk(backend.name);
    });
    beforeEach(async () => {
      await resetDesk(d);
    });
    afterAll(async () => {
      await d.close();
    });

    it.each<[Method, string]>([
      ['GET', '/api/desk/alerts'],
      ['GET', `/api/desk/alerts/${X}`],
      ['POST', `/api/desk/alerts/${X}/acknowledge`],
      ['POST', `/api/desk/alerts/${X}/close`],
      ['POST', `/api/desk/alerts/${X}/escalate`],
      ['POST', '/api/desk/alerts/bulk'],
      ['GET', '/api/companies/alpha/alerts'],
    ])('%s %s answers 401 when anonymous (before validation)', async (method, url) => {
      const r = await d.call(
        method,
        `${url}${method === 'GET' ? '?status=bogus' : ''}`,
        null,
        method === 'GET' ? undefined : { bogus: 1 },
      );
      expect(r.statusCode).toBe(401);
      expect(r.json().error.code).toBe('unauthorized');
    });

    it('company users may not use the staff queue (403)', async () => {
      const [id] = await raise(d.t.db, [{ tenant: 'alpha' }]);
      for (const who of [d.s.alphaAdmin, d.s.alphaViewer]) {
        expect((await d.call('GET', '/api/desk/alerts', who)).statusCode).toBe(403);
        expect((await d.call('GET', `/api/desk/alerts/${id}`, who)).statusCode).toBe(403);
        expect((await d.call('POST', `/api/desk/alerts/${id}/acknowledge`, who, {})).statusCode).toBe(403);
      }
    });

    it('engineers and experts read but may not work the queue (403)', async () => {
      const [id] = await raise(d.t.db, [{ tenant: 'beta' }]);
      for (const who of [d.s.engineer, d.s.expert]) {
        expect((await d.call('GET', `/api/desk/alerts/${id}`, who)).statusCode).toBe(200);
        for (const [url, body] of [
          [`/api/desk/alerts/${id}/acknowledge`, {}],
          [`/api/desk/alerts/${id}/close`, { reason: 'benign' }],
          [`/api/desk/alerts/${id}/escalate`, {}],
          ['/api/desk/alerts/bulk', { ids: [id], action: 'acknowledge' }],
        ] as const) {
          const r = await d.call('POST', url, who, body);
          expect(r.statusCode, url).toBe(403);
          expect(r.json().error.code).toBe('forbidden');
        }
      }
    });

    it('an engineer sees only the alerts of assigned companies; another company is 404', async () => {
      const [alphaId, betaId] = await raise(d.t.db, [{ tenant: 'alpha' }, { tenant: 'beta' }]);
      const list = await d.call('GET', '/api/desk/alerts', d.s.engineer);
      expect(list.statusCode).toBe(200);
      expect(list.json().alerts.map((a: { id: string }) => a.id)).toEqual([betaId]);
      expect(list.json().counts).toEqual({ new: 1, acknowledged: 0, escalated: 0, closed: 0 });
      const other = await d.call('GET', `/api/desk/alerts/${alphaId}`, d.s.engineer);
      expect(other.statusCode).toBe(404);
      expect(other.body).not.toContain('alpha');
      expect((await d.call('GET', '/api/desk/alerts?tenant=alpha', d.s.engineer)).statusCode).toBe(404);
    });

    it.each<[string, string]>([
      ['status=bogus', 'status'],
      ['level=severe', 'level'],
      ['limit=0', 'limit'],
      ['limit=201', 'limit'],
      ['cursor=%21%21', 'cursor'],
      ['unknown=1', 'unknown'],
    ])('GET /api/desk/alerts?%s is 400 naming %s', async (query, field) => {
      const r = await d.call('GET', `/api/desk/alerts?${query}`, d.s.agent);
      expect(r.statusCode).toBe(400);
      expect(r.json().error).toMatchObject({ code: 'invalid-input', field });
    });

    it.each<[string, unknown, string]>([
      ['close', {}, 'reason'],
      ['close', { reason: 'bored' }, 'reason'],
      ['acknowledge', { note: 5 }, 'note'],
      ['escalate', { priority: 'urgent' }, 'priority'],
      ['escalate', { title: '' }, 'title'],
      ['escalate', { extra: 1 }, 'extra'],
    ])('POST …/%s with %j is 400 naming %s', async (action, body, field) => {
      const [id] = await raise(d.t.db, [{ tenant: 'alpha' }]);
      const r = await d.call('POST', `/api/desk/alerts/${id}/${action}`, d.s.agent, body);
      expect(r.statusCode).toBe(400);
      expect(r.json().error).toMatchObject({ code: 'invalid-input', field });
    });

    it.each<[unknown, string]>([
      [{ ids: [], action: 'acknowledge' }, 'ids'],
      [{ ids: Array.from({ length: 201 }, (_, i) => `a${i}`), action: 'acknowledge' }, 'ids'],
      [{ ids: ['a', 'a'], action: 'acknowledge' }, 'ids'],
      [{ ids: ['a'], action: 'explode' }, 'action'],
      [{ ids: ['a'], action: 'close' }, 'reason'],
    ])('POST /api/desk/alerts/bulk with %j is 400 naming %s', async (body, field) => {
      const r = await d.call('POST', '/api/desk/alerts/bulk', d.s.agent, body);
      expect(r.statusCode).toBe(400);
      expect(r.json().error).toMatchObject({ code: 'invalid-input', field });
    });

    it('lists the open queue newest first with counts, filters and keyset pages', async () => {
      const base = Date.parse('2026-03-02T01:00:00Z');
      const ids = await raise(d.t.db, [
        { tenant: 'alpha', level: 'high', firstSeenMs: base, lastSeenMs: base + 1000 },
        {
          tenant: 'beta',
          level: 'critical',
          ruleId: 'ransomware-cnc',
          firstSeenMs: base,
          lastSeenMs: base + 3000,
        },
        {
          tenant: 'alpha',
          level: 'low',
          ruleId: 'harmful-web-burst',
          firstSeenMs: base,
          lastSeenMs: base + 2000,
        },
      ]);
      await d.call('POST', `/api/desk/alerts/${ids[2]}/close`, d.s.agent, { reason: 'benign' });

      const open = (await d.call('GET', '/api/desk/alerts', d.s.analyst)).json();
      expect(open.alerts.map((a: { id: string }) => a.id)).toEqual([ids[1], ids[0]]);
      expect(open.counts).toEqual({ new: 2, acknowledged: 0, escalated: 0, closed: 1 });
      expect(open.nextCursor).toBeNull();
      expect(open.alerts[0]).toMatchObject({
        tenant: 'beta',
        companyName: 'Beta Shoji',
        ruleId: 'ransomware-cnc',
        level: 'critical',
        status: 'new',
        count: 3,
        groupFields: { src_ip: '192.168.1.2' },
        caseId: null,
        caseNumber: null,
        lastSeenAt: new Date(base + 3000).toISOString(),
      });

      const all = (await d.call('GET', '/api/desk/alerts?status=all&limit=2', d.s.analyst)).json();
      expect(all.alerts.map((a: { id: string }) => a.id)).toEqual([ids[1], ids[2]]);
      const next = (
        await d.call('GET', `/api/desk/alerts?status=all&limit=2&cursor=${all.nextCursor}`, d.s.analyst)
      ).json();
      expect(next.alerts.map((a: { id: string }) => a.id)).toEqual([ids[0]]);
      expect(next.nextCursor).toBeNull();

      const high = (await d.call('GET', '/api/desk/alerts?status=all&level=high', d.s.analyst)).json();
      expect(high.alerts.map((a: { id: string }) => a.id).sort()).toEqual([ids[0], ids[1]].sort());
      const closed = (await d.call('GET', '/api/desk/alerts?status=closed', d.s.analyst)).json();
      expect(closed.alerts.map((a: { id: string }) => a.id)).toEqual([ids[2]]);
      const byTenant = (await d.call('GET', '/api/desk/alerts?tenant=alpha', d.s.analyst)).json();
      expect(byTenant.alerts.map((a: { id: string }) => a.id)).toEqual([ids[0]]);
      expect(byTenant.counts).toEqual({ new: 1, acknowledged: 0, escalated: 0, closed: 1 });
      const byRule = (
        await d.call('GET', '/api/desk/alerts?status=all&rule=harmful-web-burst', d.s.analyst)
      ).json();
      expect(byRule.alerts.map((a: { id: string }) => a.id)).toEqual([ids[2]]);
      // free text over titles, rule id and group key; LIKE wildcards are taken literally
      const q = (
        await d.call('GET', `/api/desk/alerts?status=all&q=${encodeURIComponent('192.168.1.3')}`, d.s.analyst)
      ).json();
      expect(q.alerts.map((a: { id: string }) => a.id)).toEqual([ids[2]]);
      const pct = (await d.call('GET', '/api/desk/alerts?status=all&q=%25', d.s.analyst)).json();
      expect(pct.alerts).toEqual([]);
      expect(await auditActions(d.t.db)).toContain('desk.alerts.read');
    });

    it('shows one alert with its sample events and its rule texts', async () => {
      const [id] = await raise(d.t.db, [{ tenant: 'alpha' }]);
      const r = await d.call('GET', `/api/desk/alerts/${id}`, d.s.agent);
      expect(r.statusCode).toBe(200);
      const body = r.json();
      expect(body.alert).toMatchObject({ id, tenant: 'alpha', status: 'new' });
      expect(body.events).toHaveLength(1);
      expect(body.events[0]).toMatchObject({ src_ip: '192.168.1.23' });
      expect(body.rule).toMatchObject({ id: 'botnet-cnc' });
      expect(body.rule.descriptionJa).toContain('指令サーバー');
      expect(body.rule.falsepositives.length).toBeGreaterThan(0);
      expect((await d.call('GET', '/api/desk/alerts/no-such-alert', d.s.agent)).statusCode).toBe(404);
    });

    it('acknowledge, then close with a reason; a closed alert cannot be acknowledged (409)', async () => {
      const [id] = await raise(d.t.db, [{ tenant: 'alpha' }]);
      const ack = await d.call('POST', `/api/desk/alerts/${id}/acknowledge`, d.s.agent, { note: 'looking' });
      expect(ack.statusCode).toBe(200);
      expect(ack.json().alert).toMatchObject({ status: 'acknowledged', acknowledgedBy: d.ids.agent });
      expect(ack.json().alert.acknowledgedAt).not.toBeNull();
      const close = await d.call('POST', `/api/desk/alerts/${id}/close`, d.s.analyst, {
        reason: 'false-positive',
        note: 'the admin testing',
      });
      expect(close.statusCode).toBe(200);
      expect(close.json().alert).toMatchObject({
        status: 'closed',
        closeReason: 'false-positive',
        closeNote: 'the admin testing',
        closedBy: d.ids.analyst,
      });
      const again = await d.call('POST', `/api/desk/alerts/${id}/acknowledge`, d.s.agent, {});
      expect(again.statusCode).toBe(409);
      expect(again.json().error.code).toBe('invalid-transition');
      const actions = await auditActions(d.t.db);
      expect(actions).toContain('desk.alert.acknowledge');
      expect(actions).toContain('desk.alert.close');
    });

    it('escalates into a new case (channel alert, priority from the level) and links it', async () => {
      const [id] = await raise(d.t.db, [{ tenant: 'alpha', level: 'critical' }]);
      const r = await d.call('POST', `/api/desk/alerts/${id}/escalate`, d.s.agent, {});
      expect(r.statusCode).toBe(200);
      const { alert, case: kase } = r.json();
      expect(kase).toMatchObject({
        tenant: 'alpha',
        channel: 'alert',
        category: 'alert',
        priority: 'critical',
        status: 'new',
        title: '社内のパソコンがウイルス（ボット）の指令サーバーと通信しています',
      });
      expect(kase.number).toMatch(/^C-\d{4}-\d{4}$/);
      expect(alert).toMatchObject({ status: 'escalated', caseId: kase.id, caseNumber: kase.number });
      expect(d.sent.map((e) => e.kind)).toEqual(['case-created']);
      const detail = (await d.call('GET', `/api/desk/cases/${kase.id}`, d.s.agent)).json();
      expect(detail.alerts.map((a: { id: string }) => a.id)).toEqual([id]);
      expect(detail.links).toEqual([expect.objectContaining({ kind: 'alert', type: 'alert', value: id })]);
      expect(detail.timeline.map((e: { kind: string }) => e.kind)).toEqual(['created', 'alert']);
      // escalated alerts leave the default queue and cannot be escalated twice
      expect((await d.call('GET', '/api/desk/alerts', d.s.agent)).json().alerts).toEqual([]);
      expect((await d.call('POST', `/api/desk/alerts/${id}/escalate`, d.s.agent, {})).statusCode).toBe(409);
    });

    it('escalates into an open case of the same company only', async () => {
      const [a1, a2, b1] = await raise(d.t.db, [
        { tenant: 'alpha' },
        { tenant: 'alpha' },
        { tenant: 'beta' },
      ]);
      const first = (
        await d.call('POST', `/api/desk/alerts/${a1}/escalate`, d.s.agent, { priority: 'low', title: 'Bots' })
      ).json();
      expect(first.case).toMatchObject({ priority: 'low', title: 'Bots' });
      const into = await d.call('POST', `/api/desk/alerts/${a2}/escalate`, d.s.agent, {
        caseId: first.case.id,
      });
      expect(into.statusCode).toBe(200);
      expect(into.json().case.id).toBe(first.case.id);
      const cross = await d.call('POST', `/api/desk/alerts/${b1}/escalate`, d.s.agent, {
        caseId: first.case.id,
      });
      expect(cross.statusCode).toBe(400);
      expect(cross.json().error.field).toBe('caseId');
      await d.call('POST', `/api/desk/cases/${first.case.id}/status`, d.s.agent, { status: 'closed' });
      const [a3] = await raise(d.t.db, [{ tenant: 'alpha', groupKey: 'src_ip=10.0.0.9' }]);
      const closed = await d.call('POST', `/api/desk/alerts/${a3}/escalate`, d.s.agent, {
        caseId: first.case.id,
      });
      expect(closed.statusCode).toBe(409);
      // closing the case closed its escalated alerts, so their repeats start a new episode
      const st = (await d.call('GET', `/api/desk/alerts/${a1}`, d.s.agent)).json().alert;
      expect(st).toMatchObject({ status: 'closed', closeReason: 'resolved' });
    });

    it('bulk: acknowledge and close per alert, escalate into one new case per company', async () => {
      const ids = await raise(d.t.db, [
        { tenant: 'alpha' },
        { tenant: 'alpha' },
        { tenant: 'beta' },
        { tenant: 'beta' },
      ]);
      const ack = await d.call('POST', '/api/desk/alerts/bulk', d.s.agent, {
        ids: [ids[0], 'nope'],
        action: 'acknowledge',
      });
      expect(ack.json().results).toEqual([
        { id: ids[0], ok: true },
        { id: 'nope', ok: false, error: 'not-found' },
      ]);
      const esc = await d.call('POST', '/api/desk/alerts/bulk', d.s.agent, { ids, action: 'escalate' });
      expect(esc.statusCode).toBe(200);
      expect(esc.json().results.every((r: { ok: boolean }) => r.ok)).toBe(true);
      const rows = await d.t.db.selectFrom('desk_alerts').select(['tenant', 'case_id', 'status']).execute();
      const byTenant = new Map<string, Set<string | null>>();
      for (const r of rows) byTenant.set(r.tenant, (byTenant.get(r.tenant) ?? new Set()).add(r.case_id));
      expect(byTenant.get('alpha')?.size).toBe(1);
      expect(byTenant.get('beta')?.size).toBe(1);
      expect(byTenant.get('alpha')).not.toEqual(byTenant.get('beta'));
      expect(rows.every((r) => r.status === 'escalated')).toBe(true);
      const close = await d.call('POST', '/api/desk/alerts/bulk', d.s.agent, {
        ids: [ids[0]],
        action: 'close',
        reason: 'benign',
      });
      expect(close.json().results).toEqual([{ id: ids[0], ok: false, error: 'invalid-transition' }]);
    });

    describe('a company’s own alerts', () => {
      it('are plain texts in the caller’s language with a state, and no staff names', async () => {
        const ids = await raise(d.t.db, [
          { tenant: 'alpha' },
          {
            tenant: 'alpha',
            ruleId: 'no-such-rule',
            level: 'medium',
            firstSeenMs: Date.parse('2026-03-02T02:00:00Z'),
          },
        ]);
        await d.call('POST', `/api/desk/alerts/${ids[0]}/escalate`, d.s.agent, {});
        const ja = await d.call('GET', '/api/companies/alpha/alerts', d.s.alphaViewer);
        expect(ja.statusCode).toBe(200);
        const [first, second] = ja.json().alerts;
        expect(first).toMatchObject({ ruleId: 'no-such-rule', state: 'checking', caseId: null });
        // no rule texts: the stored title and the level's general advice
        expect(first.title).toBe('社内のパソコンがウイルス（ボット）の指令サーバーと通信しています');
        expect(first.explain).toBeNull();
        expect(first.advice).toContain('相談窓口');
        expect(second).toMatchObject({ id: ids[0], state: 'case' });
        expect(second.caseNumber).toMatch(/^C-/);
        expect(second.explain).toContain('指令サーバー');
        expect(JSON.stringify(ja.json())).not.toContain('desk-agent');
        const en = await d.call('GET', '/api/companies/alpha/alerts', {
          ...d.s.alphaViewer,
          headers: { ...d.s.alphaViewer.headers, 'accept-language': 'en-US,en' } as never,
        });
        expect(en.json().alerts[1].title).toBe('A PC is talking to a malware or botnet command server');
        expect(en.json().alerts[1].explain).toContain('command-and-control');
        const enQuery = await d.call('GET', '/api/companies/alpha/alerts?lang=en', d.s.alphaViewer);
        expect(enQuery.json().alerts[0].advice).toContain('support desk');
      });

      it('open leaves the handled ones out; all shows them', async () => {
        const [id] = await raise(d.t.db, [{ tenant: 'alpha' }]);
        await d.call('POST', `/api/desk/alerts/${id}/close`, d.s.agent, { reason: 'benign' });
        expect((await d.call('GET', '/api/companies/alpha/alerts', d.s.alphaAdmin)).json().alerts).toEqual(
          [],
        );
        const all = (await d.call('GET', '/api/companies/alpha/alerts?status=all', d.s.alphaAdmin)).json();
        expect(all.alerts).toEqual([expect.objectContaining({ id, state: 'handled' })]);
      });

      it('another company’s alerts are 404; a bad status is 400', async () => {
        await raise(d.t.db, [{ tenant: 'alpha' }]);
        const r = await d.call('GET', '/api/companies/alpha/alerts', d.s.betaAdmin);
        expect(r.statusCode).toBe(404);
        expect(r.body).not.toContain('botnet');
        expect((await d.call('GET', '/api/companies/alpha/alerts', d.s.engineer)).statusCode).toBe(404);
        const bad = await d.call('GET', '/api/companies/alpha/alerts?status=closed', d.s.alphaAdmin);
        expect(bad.json().error).toMatchObject({ code: 'invalid-input', field: 'status' });
      });

      it('staff reads are audited', async () => {
        await d.call('GET', '/api/companies/alpha/alerts', d.s.agent);
        await d.call('GET', '/api/companies/alpha/alerts', d.s.alphaAdmin);
        const rows = await d.t.db.selectFrom('audit_log').select(['action', 'actor_id']).execute();
        expect(rows.filter((r) => r.action === 'desk.company-alerts.read').map((r) => r.actor_id)).toEqual([
          d.ids.agent,
        ]);
      });
    });
  });
}
