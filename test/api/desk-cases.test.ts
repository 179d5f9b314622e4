/**
 * Cases for staff: 401, 400 naming the field, 403 per role, 404 for another company,
 * creating (templates, checklist), listing (filters, counts, keyset pages, SLA), the
 * status workflow table, notes, links, attachments and templates.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CASE_STATUSES, CASE_TRANSITIONS, type CaseStatus } from '../../src/desk/model.js';
import { STATE_BACKENDS } from '../helpers/accounts.js';
import { createCase } from '../helpers/desk.js';
import {
  auditActions,
  type Desk,
  type Method,
  openDesk,
  raise,
  resetDesk,
  upload,
} from '../helpers/desk-core.js';

const X = 'fw-x';
const T0 = Date.parse('2026-03-03T01:00:00Z'); // Tuesday 10:00 in Tokyo
const MIN = 60_000;

const newCase = (over: Record<string, unknown> = {}) => ({
  tenant: 'alpha',
  title: 'PCが重い',
  description: '朝から社内PCが重い',
  category: 'virus',
  channel: 'phone',
  ...over,
});

for (const backend of STATE_BACKENDS) {
  describe.skipIf(backend.skip !== null)(`desk cases on ${backend.name}`, () => {
    let d: Desk;
    let files: string;
    beforeAll(async () => {
      files = mkdtempSync(join(tmpdir(), 'otasuke-att-'));
      d = await openDesk(backend.name, { now: T0, deps: { attachmentsDir: files } });
    });
    beforeEach(async () => {
      await resetDesk(d);
      d.t.clock.now = T0;
    });
    afterAll(async () => {
      await d.close();
      rmSync(files, { recursive: true, force: true });
    });

    const create = async (over: Record<string, unknown> = {}) => {
      const r = await d.call('POST', '/api/desk/cases', d.s.agent, newCase(over));
      expect(r.statusCode, r.body).toBe(201);
      return r.json().case as { id: string; number: string; [k: string]: unknown };
    };

    describe('authentication and roles', () => {
      it.each<[Method, string]>([
        ['GET', '/api/desk/cases'],
        ['POST', '/api/desk/cases'],
        ['GET', `/api/desk/cases/${X}`],
        ['PATCH', `/api/desk/cases/${X}`],
        ['POST', `/api/desk/cases/${X}/status`],
        ['POST', `/api/desk/cases/${X}/notes`],
        ['POST', `/api/desk/cases/${X}/links`],
        ['DELETE', `/api/desk/cases/${X}/links`],
        ['POST', `/api/desk/cases/${X}/attachments`],
        ['GET', `/api/desk/attachments/${X}`],
        ['GET', '/api/desk/templates'],
        ['GET', '/api/desk/stats'],
      ])('%s %s answers 401 when anonymous', async (method, url) => {
        const r = await d.call(
          method,
          url,
          null,
          method === 'GET' || method === 'DELETE' ? undefined : { x: 1 },
        );
        expect(r.statusCode).toBe(401);
      });

      it('company users may not use the staff routes (403)', async () => {
        const c = await create();
        for (const who of [d.s.alphaAdmin, d.s.alphaViewer]) {
          for (const [method, url, body] of [
            ['GET', '/api/desk/cases', undefined],
            ['POST', '/api/desk/cases', newCase()],
            ['GET', `/api/desk/cases/${c.id}`, undefined],
            ['PATCH', `/api/desk/cases/${c.id}`, { title: 'x' }],
            ['POST', `/api/desk/cases/${c.id}/status`, { status: 'triage' }],
            ['POST', `/api/desk/cases/${c.id}/notes`, { body: 'x', visibility: 'company' }],
            ['POST', `/api/desk/cases/${c.id}/links`, { kind: 'observable', type: 'ip', value: '192.0.2.1' }],
            ['GET', '/api/desk/templates', undefined],
            ['GET', '/api/desk/stats', undefined],
          ] as const) {
            const r = await d.call(method, url, who, body);
            expect(r.statusCode, `${method} ${url}`).toBe(403);
          }
        }
      });

      it('engineers and experts may not open or edit cases (403)', async () => {
        for (const who of [d.s.engineer, d.s.expert]) {
          expect((await d.call('POST', '/api/desk/cases', who, newCase({ tenant: 'beta' }))).statusCode).toBe(
            403,
          );
        }
        const c = await createCase(d.t.db, { tenant: 'beta' });
        expect(
          (await d.call('PATCH', `/api/desk/cases/${c.id}`, d.s.expert, { title: 'x' })).statusCode,
        ).toBe(403);
        expect(
          (await d.call('POST', `/api/desk/cases/${c.id}/status`, d.s.expert, { status: 'waiting' }))
            .statusCode,
        ).toBe(403);
      });

      it('an engineer moves a case only with a dispatch on it', async () => {
        const c = await createCase(d.t.db, { tenant: 'beta', status: 'in-progress' });
        const move = () =>
          d.call('POST', `/api/desk/cases/${c.id}/status`, d.s.engineer, { status: 'waiting' });
        expect((await move()).statusCode).toBe(403);
        await d.t.db
          .insertInto('desk_dispatches')
          .values({
            id: 'd1',
            number: 'D-2026-0001',
            case_id: c.id,
            tenant: 'beta',
            status: 'on-site',
            reason: 'x',
            site_address: null,
            site_contact: null,
            requested_by: null,
            requested_at: T0,
            engineer_id: d.ids.engineer,
            scheduled_start: null,
            scheduled_end: null,
            departed_at: null,
            arrived_at: null,
            left_at: null,
            returned_at: null,
            findings: null,
            actions_taken: null,
            advice: null,
            report_filed_at: null,
            report_filed_by: null,
            signed_off_at: null,
            signed_off_by: null,
            sign_off_name: null,
            sign_off_comment: null,
            cancel_reason: null,
            created_at: T0,
            updated_at: T0,
          })
          .execute();
        const r = await move();
        expect(r.statusCode, r.body).toBe(200);
        expect(r.json().case.status).toBe('waiting');
      });

      it('another company’s case is 404 for an engineer, and creating for it too', async () => {
        const c = await create();
        for (const [method, url, body] of [
          ['GET', `/api/desk/cases/${c.id}`, undefined],
          ['POST', `/api/desk/cases/${c.id}/status`, { status: 'triage' }],
          ['POST', `/api/desk/cases/${c.id}/notes`, { body: 'x', visibility: 'internal' }],
          ['POST', `/api/desk/cases/${c.id}/links`, { kind: 'observable', type: 'ip', value: '192.0.2.1' }],
          ['DELETE', `/api/desk/cases/${c.id}/links`, undefined],
        ] as const) {
          const r = await d.call(method, url, d.s.engineer, body);
          expect(r.statusCode, `${method} ${url}`).toBe(404);
          expect(r.body).not.toContain('PCが重い');
        }
        expect((await d.call('GET', '/api/desk/cases?tenant=alpha', d.s.engineer)).statusCode).toBe(404);
        const list = await d.call('GET', '/api/desk/cases', d.s.engineer);
        expect(list.json().cases).toEqual([]);
      });
    });

    describe('validation', () => {
      it.each<[Record<string, unknown>, string]>([
        [{ title: '' }, 'title'],
        [{ title: undefined }, 'title'],
        [{ category: 'fire' }, 'category'],
        [{ channel: 'alert' }, 'channel'],
        [{ priority: 'urgent' }, 'priority'],
        [{ tenant: 'Not A Tenant!' }, 'tenant'],
        [{ occurredAt: 'yesterday' }, 'occurredAt'],
        [{ template: 'no-such-template' }, 'template'],
        [{ extra: true }, 'extra'],
      ])('POST /api/desk/cases with %j is 400 naming %s', async (over, field) => {
        const r = await d.call('POST', '/api/desk/cases', d.s.agent, newCase(over));
        expect(r.statusCode).toBe(400);
        expect(r.json().error).toMatchObject({ code: 'invalid-input', field });
      });

      it('the assignee must be a staff user who may work on the company', async () => {
        for (const id of [d.ids.alphaAdmin, d.ids.engineer, 'nobody']) {
          const r = await d.call('POST', '/api/desk/cases', d.s.agent, newCase({ assigneeId: id }));
          expect(r.statusCode).toBe(400);
          expect(r.json().error.field).toBe('assigneeId');
        }
        const c = await create({ assigneeId: d.ids.analyst });
        expect(c.assignee).toEqual({ id: d.ids.analyst, name: 'desk-analyst name' });
      });

      it('a company that does not exist is 404', async () => {
        const r = await d.call('POST', '/api/desk/cases', d.s.agent, newCase({ tenant: 'gamma' }));
        expect(r.statusCode).toBe(404);
      });

      it.each<[string, string]>([
        ['status=bogus', 'status'],
        ['status=new,bogus', 'status'],
        ['sla=late', 'sla'],
        ['priority=urgent', 'priority'],
        ['channel=fax', 'channel'],
        ['limit=500', 'limit'],
        ['cursor=zzz', 'cursor'],
      ])('GET /api/desk/cases?%s is 400 naming %s', async (query, field) => {
        const r = await d.call('GET', `/api/desk/cases?${query}`, d.s.agent);
        expect(r.statusCode).toBe(400);
        expect(r.json().error).toMatchObject({ code: 'invalid-input', field });
      });

      it.each<[string, Method, string, unknown, string]>([
        ['patch', 'PATCH', '', { priority: 'urgent' }, 'priority'],
        ['patch', 'PATCH', '', { assigneeId: 5 }, 'assigneeId'],
        ['patch', 'PATCH', '', { checklist: { 'no-step': true } }, 'checklist.no-step'],
        ['status', 'POST', '/status', { status: 'done' }, 'status'],
        ['status', 'POST', '/status', { status: 'resolved' }, 'resolution'],
        ['note', 'POST', '/notes', { body: 'x', visibility: 'public' }, 'visibility'],
        ['note', 'POST', '/notes', { body: '', visibility: 'internal' }, 'body'],
        ['link', 'POST', '/links', { kind: 'observable', type: 'ip', value: '999.1.1.1' }, 'value'],
        ['link', 'POST', '/links', { kind: 'observable', type: 'hash', value: 'abc' }, 'value'],
        ['link', 'POST', '/links', { kind: 'observable', type: 'phone', value: '1' }, 'type'],
        ['link', 'POST', '/links', { kind: 'event', event: { no: 'time' } }, 'event'],
        ['link', 'POST', '/links', { kind: 'thing' }, 'kind'],
        ['unlink', 'DELETE', '/links?kind=observable', undefined, 'type'],
      ])('%s with %j is 400 naming %s', async (_what, method, path, body, field) => {
        const c = await create({ template: 'ransomware' });
        const r = await d.call(method, `/api/desk/cases/${c.id}${path}`, d.s.agent, body);
        expect(r.statusCode, r.body).toBe(400);
        expect(r.json().error).toMatchObject({ code: 'invalid-input', field });
      });

      it('an alert link must be an alert of the same company', async () => {
        const c = await create();
        const [betaAlert] = await raise(d.t.db, [{ tenant: 'beta' }]);
        const r = await d.call('POST', `/api/desk/cases/${c.id}/links`, d.s.agent, {
          kind: 'alert',
          alertId: betaAlert,
        });
        expect(r.statusCode).toBe(400);
        expect(r.json().error.field).toBe('alertId');
      });
    });

    describe('creating and listing', () => {
      it('a template fills priority and the checklist; the timeline starts; the notifier hears of it', async () => {
        const c = await create({ template: 'ransomware', category: 'ransomware' });
        expect(c).toMatchObject({
          tenant: 'alpha',
          companyName: 'Alpha Seisakusho',
          channel: 'phone',
          priority: 'critical',
          status: 'new',
          template: 'ransomware',
          reopened: 0,
          resolvedAt: null,
          createdAt: new Date(T0).toISOString(),
        });
        expect(c.number).toBe('C-2026-0001');
        const checklist = c.checklist as { id: string; title: { ja: string }; done: boolean }[];
        expect(checklist.length).toBeGreaterThanOrEqual(5);
        expect(checklist[0]).toMatchObject({ id: 'unplug', done: false, at: null, by: null });
        expect(checklist[0].title.ja).toContain('LANケーブル');
        expect(d.sent).toEqual([
          expect.objectContaining({
            kind: 'case-created',
            tenant: 'alpha',
            number: 'C-2026-0001',
            priority: 'critical',
          }),
        ]);
        const second = await create({ priority: 'low' });
        expect(second.number).toBe('C-2026-0002');
        expect(second.priority).toBe('low');
        expect(second.checklist).toEqual([]);
        expect(await auditActions(d.t.db)).toContain('desk.case.create');
      });

      it('lists newest first with filters, counts and keyset pages', async () => {
        const a = await create({ title: 'Alpha one' });
        d.t.clock.now += MIN;
        const b = await create({
          tenant: 'beta',
          title: 'Beta one',
          priority: 'high',
          assigneeId: d.ids.agent,
        });
        d.t.clock.now += MIN;
        const c = await create({ title: 'Alpha ransom', category: 'ransomware', channel: 'mail' });
        await d.call('POST', `/api/desk/cases/${c.id}/status`, d.s.agent, {
          status: 'resolved',
          resolution: 'done',
        });

        const all = (await d.call('GET', '/api/desk/cases', d.s.agent)).json();
        expect(all.cases.map((x: { id: string }) => x.id)).toEqual([c.id, b.id, a.id]);
        expect(all.counts).toMatchObject({ new: 2, resolved: 1, triage: 0 });
        expect(all.cases[1]).toMatchObject({
          number: b.number,
          tenant: 'beta',
          companyName: 'Beta Shoji',
          assignee: { id: d.ids.agent, name: 'desk-agent name' },
          sla: { state: 'ok' },
        });
        const ids = async (q: string) =>
          (await d.call('GET', `/api/desk/cases?${q}`, d.s.agent))
            .json()
            .cases.map((x: { id: string }) => x.id);
        expect(await ids('status=open')).toEqual([b.id, a.id]);
        expect(await ids('status=resolved,closed')).toEqual([c.id]);
        expect(await ids('tenant=beta')).toEqual([b.id]);
        expect(await ids('assignee=me')).toEqual([b.id]);
        expect(await ids('assignee=none')).toEqual([c.id, a.id]);
        expect(await ids(`assignee=${d.ids.agent}`)).toEqual([b.id]);
        expect(await ids('priority=high')).toEqual([b.id]);
        expect(await ids('category=ransomware')).toEqual([c.id]);
        expect(await ids('channel=mail')).toEqual([c.id]);
        expect(await ids('q=ALPHA')).toEqual([c.id, a.id]);
        expect(await ids(`q=${c.number}`)).toEqual([c.id]);
        const p1 = (await d.call('GET', '/api/desk/cases?limit=2', d.s.agent)).json();
        expect(p1.cases).toHaveLength(2);
        const p2 = (await d.call('GET', `/api/desk/cases?limit=2&cursor=${p1.nextCursor}`, d.s.agent)).json();
        expect(p2.cases.map((x: { id: string }) => x.id)).toEqual([a.id]);
        expect(p2.nextCursor).toBeNull();
        expect(await auditActions(d.t.db)).toContain('desk.cases.read');
      });

      it('SLA: a critical case is at risk with a quarter of its first response left, then breached', async () => {
        const c = await create({ priority: 'critical' });
        const slaOf = async () =>
          (await d.call('GET', '/api/desk/cases', d.s.agent))
            .json()
            .cases.find((x: { id: string }) => x.id === c.id).sla;
        expect(await slaOf()).toEqual({ state: 'ok', nextDueAt: new Date(T0 + 30 * MIN).toISOString() });
        d.t.clock.now = T0 + 25 * MIN;
        expect((await slaOf()).state).toBe('at-risk');
        expect(
          await (async () =>
            (await d.call('GET', '/api/desk/cases?sla=at-risk', d.s.agent)).json().cases.length)(),
        ).toBe(1);
        d.t.clock.now = T0 + 31 * MIN;
        expect((await slaOf()).state).toBe('breached');
        const breached = (await d.call('GET', '/api/desk/cases?sla=breached', d.s.agent)).json();
        expect(breached.cases.map((x: { id: string }) => x.id)).toEqual([c.id]);
        expect((await d.call('GET', '/api/desk/cases?sla=at-risk', d.s.agent)).json().cases).toEqual([]);
        const detail = (await d.call('GET', `/api/desk/cases/${c.id}`, d.s.agent)).json();
        expect(detail.sla.firstResponse).toMatchObject({
          state: 'overdue',
          limitMinutes: 30,
          usedMinutes: 31,
        });
        expect(detail.sla.resolution.dueAt).toBe(new Date(T0 + 24 * 60 * MIN).toISOString());
        // a company-visible answer meets the first response (late) and starts the update timer
        await d.call('POST', `/api/desk/cases/${c.id}/notes`, d.s.agent, {
          body: '確認します',
          visibility: 'company',
        });
        const after = (await d.call('GET', `/api/desk/cases/${c.id}`, d.s.agent)).json();
        expect(after.sla.firstResponse.state).toBe('breached');
        expect(after.sla.update).toMatchObject({ state: 'running', limitMinutes: 120 });
        expect(after.case.firstResponseAt).toBe(new Date(T0 + 31 * MIN).toISOString());
      });

      it('the SLA filter pages through more rows than one batch', async () => {
        for (let i = 0; i < 3; i++) await create({ priority: 'critical' });
        d.t.clock.now = T0 + 40 * MIN;
        const p1 = (await d.call('GET', '/api/desk/cases?sla=breached&limit=2', d.s.agent)).json();
        expect(p1.cases).toHaveLength(2);
        const p2 = (
          await d.call('GET', `/api/desk/cases?sla=breached&limit=2&cursor=${p1.nextCursor}`, d.s.agent)
        ).json();
        expect(p2.cases).toHaveLength(1);
        expect(p2.nextCursor).toBeNull();
      });
    });

    describe('detail and changes', () => {
      it('shows the whole case to staff and audits the read', async () => {
        const c = await create({ template: 'suspicious-mail', category: 'suspicious-mail' });
        const r = await d.call('GET', `/api/desk/cases/${c.id}`, d.s.analyst);
        expect(r.statusCode).toBe(200);
        const body = r.json();
        expect(Object.keys(body).sort()).toEqual(
          ['alerts', 'attachments', 'case', 'claims', 'dispatches', 'links', 'sla', 'timeline'].sort(),
        );
        expect(body.timeline).toEqual([
          expect.objectContaining({
            kind: 'created',
            visibility: 'company',
            actor: { id: d.ids.agent, name: 'desk-agent name', role: 'agent' },
          }),
        ]);
        expect(body.dispatches).toEqual([]);
        expect(body.claims).toEqual([]);
        expect(await auditActions(d.t.db)).toContain('desk.case.read');
        expect((await d.call('GET', '/api/desk/cases/nope', d.s.analyst)).statusCode).toBe(404);
      });

      it('PATCH changes fields, assigns, ticks the checklist; each change is on the timeline', async () => {
        const c = await create({ template: 'lost-device', category: 'lost-device' });
        const r = await d.call('PATCH', `/api/desk/cases/${c.id}`, d.s.agent, {
          title: 'ノートPC紛失',
          priority: 'critical',
          assigneeId: d.ids.analyst,
          checklist: { 'when-where': true, lock: true },
        });
        expect(r.statusCode, r.body).toBe(200);
        const kase = r.json().case;
        expect(kase).toMatchObject({
          title: 'ノートPC紛失',
          priority: 'critical',
          assignee: { id: d.ids.analyst },
        });
        const ticked = kase.checklist.filter((s: { done: boolean }) => s.done);
        expect(ticked.map((s: { id: string }) => s.id)).toEqual(['when-where', 'lock']);
        expect(ticked[0]).toMatchObject({ by: 'desk-agent name', at: new Date(T0).toISOString() });
        const untick = await d.call('PATCH', `/api/desk/cases/${c.id}`, d.s.agent, {
          assigneeId: null,
          checklist: { lock: false },
        });
        expect(untick.json().case.assignee).toBeNull();
        const detail = (await d.call('GET', `/api/desk/cases/${c.id}`, d.s.agent)).json();
        expect(detail.timeline.map((e: { kind: string }) => e.kind)).toEqual([
          'created',
          'update',
          'priority',
          'assign',
          'checklist',
          'assign',
          'checklist',
        ]);
        expect(
          detail.timeline.slice(1).every((e: { visibility: string }) => e.visibility === 'internal'),
        ).toBe(true);
        expect(await auditActions(d.t.db)).toContain('desk.case.update');
        // nothing changed: no entry
        await d.call('PATCH', `/api/desk/cases/${c.id}`, d.s.agent, { title: 'ノートPC紛失' });
        expect((await d.call('GET', `/api/desk/cases/${c.id}`, d.s.agent)).json().timeline).toHaveLength(7);
      });

      const cases: [CaseStatus, CaseStatus, boolean][] = [];
      for (const from of CASE_STATUSES)
        for (const to of CASE_STATUSES) cases.push([from, to, CASE_TRANSITIONS[from].includes(to)]);
      it.each(cases)('status %s → %s allowed: %s', async (from, to, allowed) => {
        const c = await createCase(d.t.db, { tenant: 'alpha', status: from });
        const r = await d.call('POST', `/api/desk/cases/${c.id}/status`, d.s.agent, {
          status: to,
          resolution: 'fixed',
        });
        if (allowed) {
          expect(r.statusCode, r.body).toBe(200);
          expect(r.json().case.status).toBe(to);
        } else {
          expect(r.statusCode).toBe(409);
          expect(r.json().error.code).toBe('invalid-transition');
        }
      });

      it('waiting pauses the SLA; leaving it closes the interval; resolve and reopen', async () => {
        const c = await create({ priority: 'normal' });
        const move = (status: string, extra = {}) =>
          d.call('POST', `/api/desk/cases/${c.id}/status`, d.s.agent, { status, ...extra });
        expect((await move('triage')).statusCode).toBe(200);
        d.t.clock.now = T0 + 10 * MIN;
        await move('waiting', { note: 'お客様の返事待ち' });
        let row = await d.t.db
          .selectFrom('desk_cases')
          .selectAll()
          .where('id', '=', c.id)
          .executeTakeFirstOrThrow();
        expect(JSON.parse(row.waiting)).toEqual([[T0 + 10 * MIN, null]]);
        d.t.clock.now = T0 + 70 * MIN;
        const paused = (await d.call('GET', `/api/desk/cases/${c.id}`, d.s.agent)).json();
        expect(paused.sla.firstResponse).toMatchObject({ state: 'paused', usedMinutes: 10 });
        await move('in-progress');
        row = await d.t.db
          .selectFrom('desk_cases')
          .selectAll()
          .where('id', '=', c.id)
          .executeTakeFirstOrThrow();
        expect(JSON.parse(row.waiting)).toEqual([[T0 + 10 * MIN, T0 + 70 * MIN]]);
        const resolved = (await move('resolved', { resolution: '再起動で解消' })).json().case;
        expect(resolved).toMatchObject({ status: 'resolved', resolution: '再起動で解消' });
        expect(resolved.resolvedAt).toBe(new Date(T0 + 70 * MIN).toISOString());
        const reopened = (await move('in-progress')).json().case;
        expect(reopened).toMatchObject({ status: 'in-progress', reopened: 1, resolvedAt: null });
        const closed = (await move('closed')).json().case;
        expect(closed.closedAt).not.toBeNull();
        expect((await move('in-progress')).json().case).toMatchObject({ reopened: 2, closedAt: null });
        const detail = (await d.call('GET', `/api/desk/cases/${c.id}`, d.s.agent)).json();
        const kinds = detail.timeline.map(
          (e: { kind: string; visibility: string }) => `${e.kind}:${e.visibility}`,
        );
        expect(kinds).toEqual([
          'created:company',
          'status:company',
          'status:company',
          'note:internal',
          'status:company',
          'status:company',
          'status:company',
          'status:company',
          'status:company',
        ]);
        expect(
          d.sent
            .filter((e) => e.kind === 'case-updated')
            .map((e) => (e as { change: { status?: string } }).change.status),
        ).toEqual(['triage', 'waiting', 'in-progress', 'resolved', 'in-progress', 'closed', 'in-progress']);
        expect(await auditActions(d.t.db)).toContain('desk.case.status');
      });

      it('notes: internal notes change no SLA time; company notes are the first response and updates', async () => {
        const c = await create();
        const note = (visibility: string, body: string) =>
          d.call('POST', `/api/desk/cases/${c.id}/notes`, d.s.agent, { body, visibility });
        const internal = await note('internal', '社内メモ');
        expect(internal.statusCode).toBe(201);
        expect(internal.json().entry).toMatchObject({
          kind: 'note',
          visibility: 'internal',
          body: '社内メモ',
        });
        let kase = (await d.call('GET', `/api/desk/cases/${c.id}`, d.s.agent)).json().case;
        expect(kase.firstResponseAt).toBeNull();
        d.t.clock.now = T0 + 5 * MIN;
        await note('company', 'ご連絡ありがとうございます');
        d.t.clock.now = T0 + 9 * MIN;
        await note('company', '確認中です');
        kase = (await d.call('GET', `/api/desk/cases/${c.id}`, d.s.agent)).json().case;
        expect(kase.firstResponseAt).toBe(new Date(T0 + 5 * MIN).toISOString());
        expect(kase.lastUpdateAt).toBe(new Date(T0 + 9 * MIN).toISOString());
        const updates = d.sent.filter((e) => e.kind === 'case-updated');
        expect(updates).toHaveLength(2);
        expect(updates[0]).toMatchObject({ change: { message: 'ご連絡ありがとうございます' } });
        // an engineer of another company's case may not add notes; an assigned expert may
        const b = await createCase(d.t.db, { tenant: 'beta' });
        const ex = await d.call('POST', `/api/desk/cases/${b.id}/notes`, d.s.expert, {
          body: '助言',
          visibility: 'internal',
        });
        expect(ex.statusCode).toBe(201);
      });

      it('links: observables in canonical form, alerts, events; duplicates answered as they are; delete', async () => {
        const c = await create();
        const link = (body: unknown) => d.call('POST', `/api/desk/cases/${c.id}/links`, d.s.analyst, body);
        const ip = await link({ kind: 'observable', type: 'ip', value: ' 2001:DB8::1 ', note: '攻撃元' });
        expect(ip.statusCode).toBe(201);
        expect(ip.json().link).toMatchObject({
          kind: 'observable',
          type: 'ip',
          value: '2001:db8::1',
          note: '攻撃元',
        });
        expect(
          (await link({ kind: 'observable', type: 'domain', value: 'Evil.Example.' })).json().link.value,
        ).toBe('evil.example');
        const dup = await link({ kind: 'observable', type: 'domain', value: 'evil.example' });
        expect(dup.statusCode).toBe(200);
        const hash = 'D41D8CD98F00B204E9800998ECF8427E';
        expect((await link({ kind: 'observable', type: 'hash', value: hash })).json().link.value).toBe(
          hash.toLowerCase(),
        );
        const [alertId] = await raise(d.t.db, [{ tenant: 'alpha' }]);
        expect((await link({ kind: 'alert', alertId })).statusCode).toBe(201);
        const ev = await link({
          kind: 'event',
          event: { ts: '2026-03-03T00:59:00Z', src_ip: '192.0.2.9', action: 'block' },
        });
        expect(ev.statusCode).toBe(201);
        expect(ev.json().link).toMatchObject({
          kind: 'event',
          type: 'event',
          detail: { src_ip: '192.0.2.9' },
        });
        const detail = (await d.call('GET', `/api/desk/cases/${c.id}`, d.s.analyst)).json();
        expect(detail.links).toHaveLength(5);
        expect(detail.alerts.map((a: { id: string }) => a.id)).toEqual([alertId]);
        const del = await d.call(
          'DELETE',
          `/api/desk/cases/${c.id}/links?kind=observable&type=domain&value=EVIL.example`,
          d.s.analyst,
        );
        expect(del.statusCode).toBe(204);
        const again = await d.call(
          'DELETE',
          `/api/desk/cases/${c.id}/links?kind=observable&type=domain&value=evil.example`,
          d.s.analyst,
        );
        expect(again.statusCode).toBe(404);
        const actions = await auditActions(d.t.db);
        expect(actions).toContain('desk.case.link.add');
        expect(actions).toContain('desk.case.link.remove');
      });
    });

    describe('attachments', () => {
      const png = Buffer.concat([
        Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
        Buffer.alloc(100, 1),
      ]);

      it('staff upload a file; it is stored with its SHA-256 and downloaded as an attachment', async () => {
        const c = await create();
        const r = await upload(d, `/api/desk/cases/${c.id}/attachments`, d.s.agent, {
          name: '画面 写真.png',
          type: 'image/png',
          data: png,
        });
        expect(r.statusCode, r.body).toBe(201);
        const a = r.json().attachment;
        expect(a).toMatchObject({
          fileName: '画面 写真.png',
          contentType: 'image/png',
          size: png.length,
          visibility: 'internal',
        });
        expect(a.sha256).toMatch(/^[0-9a-f]{64}$/);
        expect(a.url).toBe(`/api/desk/attachments/${a.id}`);
        const dl = await d.call('GET', a.url, d.s.analyst);
        expect(dl.statusCode).toBe(200);
        expect(dl.rawPayload.equals(png)).toBe(true);
        expect(dl.headers['content-type']).toBe('image/png');
        expect(dl.headers['x-content-type-options']).toBe('nosniff');
        expect(dl.headers['content-disposition']).toBe(
          `attachment; filename="__ __.png"; filename*=UTF-8''${encodeURIComponent('画面 写真.png')}`,
        );
        const detail = (await d.call('GET', `/api/desk/cases/${c.id}`, d.s.agent)).json();
        expect(detail.attachments).toEqual([a]);
        expect(detail.timeline.at(-1)).toMatchObject({ kind: 'attachment', visibility: 'internal' });
        expect(await auditActions(d.t.db)).toContain('desk.case.attachment.add');
        expect(await auditActions(d.t.db)).toContain('desk.attachment.read');
      });

      it('refuses files over 10 MiB and cases over 50 MiB with 413 too-large', async () => {
        const c = await create();
        const big = await upload(d, `/api/desk/cases/${c.id}/attachments`, d.s.agent, {
          name: 'big.pdf',
          type: 'application/pdf',
          data: Buffer.alloc(10 * 1024 * 1024 + 1, 0x20),
        });
        expect(big.statusCode).toBe(413);
        expect(big.json().error.code).toBe('too-large');
        // the case already holds 49 MiB
        await d.t.db
          .insertInto('desk_attachments')
          .values({
            id: 'old',
            case_id: c.id,
            tenant: 'alpha',
            file_name: 'old.zip',
            content_type: 'application/zip',
            size: 49 * 1024 * 1024,
            sha256: '0'.repeat(64),
            visibility: 'internal',
            uploaded_by: null,
            created_at: T0,
          })
          .execute();
        const over = await upload(d, `/api/desk/cases/${c.id}/attachments`, d.s.agent, {
          name: 'more.pdf',
          type: 'application/pdf',
          data: Buffer.alloc(2 * 1024 * 1024, 0x20),
        });
        expect(over.statusCode).toBe(413);
        expect(over.json().error.code).toBe('too-large');
        const rows = await d.t.db
          .selectFrom('desk_attachments')
          .select('id')
          .where('case_id', '=', c.id)
          .execute();
        expect(rows.map((r) => r.id)).toEqual(['old']);
      });

      it.each<[string, string]>([
        ['run.exe', 'application/octet-stream'],
        ['page.html', 'text/html'],
        ['logo.svg', 'image/svg+xml'],
        ['photo.png', 'text/html'],
        ['noextension', 'image/png'],
      ])('refuses %s (%s) with 415', async (name, type) => {
        const c = await create();
        const r = await upload(d, `/api/desk/cases/${c.id}/attachments`, d.s.agent, {
          name,
          type,
          data: png,
        });
        expect(r.statusCode).toBe(415);
        expect(r.json().error.code).toBe('unsupported-media-type');
      });

      it.each<[string, string]>([
        ['mail.eml', 'message/rfc822'],
        ['mail.msg', 'application/octet-stream'],
        ['logs.zip', 'application/x-zip-compressed'],
        ['report.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
        ['list.xlsx', 'application/octet-stream'],
        ['notes.txt', 'text/plain; charset=utf-8'],
      ])('takes %s (%s)', async (name, type) => {
        const c = await create();
        const r = await upload(d, `/api/desk/cases/${c.id}/attachments`, d.s.agent, {
          name,
          type,
          data: png,
        });
        expect(r.statusCode, r.body).toBe(201);
      });

      it('a bad visibility field is 400; JSON instead of a file is 415', async () => {
        const c = await create();
        const bad = await upload(
          d,
          `/api/desk/cases/${c.id}/attachments`,
          d.s.agent,
          { name: 'a.png', type: 'image/png', data: png },
          { visibility: 'public' },
        );
        expect(bad.statusCode).toBe(400);
        expect(bad.json().error.field).toBe('visibility');
        const json = await d.call('POST', `/api/desk/cases/${c.id}/attachments`, d.s.agent, { file: 'x' });
        expect(json.statusCode).toBe(415);
      });

      it('company users download only their company-visible files; other companies get 404', async () => {
        const c = await create();
        const up = (visibility: string) =>
          upload(
            d,
            `/api/desk/cases/${c.id}/attachments`,
            d.s.agent,
            { name: 'a.pdf', type: 'application/pdf', data: png },
            { visibility },
          );
        const shared = (await up('company')).json().attachment;
        const internal = (await up('internal')).json().attachment;
        expect((await d.call('GET', shared.url, d.s.alphaViewer)).statusCode).toBe(200);
        expect((await d.call('GET', internal.url, d.s.alphaViewer)).statusCode).toBe(404);
        for (const who of [d.s.betaAdmin, d.s.engineer]) {
          expect((await d.call('GET', shared.url, who)).statusCode).toBe(404);
          expect((await d.call('GET', internal.url, who)).statusCode).toBe(404);
        }
        const company = (await d.call('GET', `/api/companies/alpha/cases/${c.id}`, d.s.alphaViewer)).json();
        expect(company.attachments.map((a: { id: string }) => a.id)).toEqual([shared.id]);
      });

      it('without an attachments folder uploads are 503', async () => {
        const other = await openDesk(backend.name, { now: T0, deps: { attachmentsDir: undefined } });
        try {
          const c = await createCase(other.t.db, { tenant: 'alpha' });
          const r = await upload(other, `/api/desk/cases/${c.id}/attachments`, other.s.agent, {
            name: 'a.png',
            type: 'image/png',
            data: png,
          });
          expect(r.statusCode).toBe(503);
          expect(r.json().error.code).toBe('attachments-unavailable');
        } finally {
          await other.close();
        }
      });
    });

    it('GET /api/desk/templates lists every template with steps in both languages', async () => {
      const r = await d.call('GET', '/api/desk/templates', d.s.engineer);
      expect(r.statusCode).toBe(200);
      const ids = r.json().templates.map((t: { id: string }) => t.id);
      for (const id of [
        'ransomware',
        'suspicious-mail',
        'lost-device',
        'virus-detected',
        'unauthorized-access',
        'web-defacement',
      ])
        expect(ids).toContain(id);
      for (const t of r.json().templates) {
        expect(t.title.ja && t.title.en && t.description.ja && t.description.en).toBeTruthy();
        expect(t.steps.length).toBeGreaterThan(3);
      }
    });
  });
}
