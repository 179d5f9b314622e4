/**
 * A company's consultations: the web form, its cases and messages. The whole path: the
 * company submits → an agent triages → a note to the company → the company replies →
 * resolved → the company sees it resolved. Plus 401, 400 per field, 403 per role and
 * 404 for another company (also another company's case under one's own tenant).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { STATE_BACKENDS } from '../helpers/accounts.js';
import { createCase } from '../helpers/desk.js';
import { type Desk, type Method, openDesk, resetDesk, upload } from '../helpers/desk-core.js';

const T0 = Date.parse('2026-03-03T01:00:00Z');
const MIN = 60_000;
const form = (over: Record<string, unknown> = {}) => ({
  whatHappened: '画面に「ファイルを暗号化した」と表示された。\n共有フォルダも開けない。',
  urgency: 'now',
  ...over,
});

for (const backend of STATE_BACKENDS) {
  describe.skipIf(backend.skip !== null)(`consultations on ${backend.name}`, () => {
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

    const submit = async (over: Record<string, unknown> = {}) => {
      const r = await d.call('POST', '/api/companies/alpha/consultations', d.s.alphaAdmin, form(over));
      expect(r.statusCode, r.body).toBe(201);
      return r.json().case as { id: string; number: string; [k: string]: unknown };
    };

    it.each<[Method, string]>([
      ['POST', '/api/companies/alpha/consultations'],
      ['GET', '/api/companies/alpha/cases'],
      ['GET', '/api/companies/alpha/cases/x'],
      ['POST', '/api/companies/alpha/cases/x/messages'],
      ['POST', '/api/companies/alpha/cases/x/attachments'],
    ])('%s %s answers 401 when anonymous', async (method, url) => {
      const r = await d.call(method, url, null, method === 'GET' ? undefined : {});
      expect(r.statusCode).toBe(401);
    });

    it.each<[Record<string, unknown>, string]>([
      [{ whatHappened: undefined }, 'whatHappened'],
      [{ whatHappened: '' }, 'whatHappened'],
      [{ whatHappened: 'あ'.repeat(4001) }, 'whatHappened'],
      [{ urgency: 'yesterday' }, 'urgency'],
      [{ urgency: undefined }, 'urgency'],
      [{ category: 'fire' }, 'category'],
      [{ contactPhone: 'call me' }, 'contactPhone'],
      [{ occurredAt: -1 }, 'occurredAt'],
      [{ title: 'x'.repeat(201) }, 'title'],
      [{ priority: 'critical' }, 'priority'],
    ])('the form with %j is 400 naming %s', async (over, field) => {
      const r = await d.call('POST', '/api/companies/alpha/consultations', d.s.alphaAdmin, form(over));
      expect(r.statusCode).toBe(400);
      expect(r.json().error).toMatchObject({ code: 'invalid-input', field });
    });

    it('viewers, engineers and experts may not send consultations (403); other companies 404', async () => {
      expect(
        (await d.call('POST', '/api/companies/alpha/consultations', d.s.alphaViewer, form())).statusCode,
      ).toBe(403);
      expect(
        (await d.call('POST', '/api/companies/beta/consultations', d.s.engineer, form())).statusCode,
      ).toBe(403);
      expect((await d.call('POST', '/api/companies/beta/consultations', d.s.expert, form())).statusCode).toBe(
        403,
      );
      const other = await d.call('POST', '/api/companies/alpha/consultations', d.s.betaAdmin, form());
      expect(other.statusCode).toBe(404);
      expect(await d.t.db.selectFrom('desk_cases').select('id').execute()).toEqual([]);
    });

    it.each<[string, string]>([
      ['now', 'critical'],
      ['today', 'high'],
      ['this-week', 'normal'],
      ['question', 'low'],
    ])('urgency %s gives priority %s, channel web', async (urgency, priority) => {
      const c = await submit({ urgency });
      expect(c).toMatchObject({ urgency, priority, status: 'new' });
      const staff = (await d.call('GET', `/api/desk/cases/${c.id}`, d.s.agent)).json().case;
      expect(staff).toMatchObject({ channel: 'web', priority, reporterName: 'alpha-admin name' });
    });

    it('the title is the first line when none is given; staff may send one for the company', async () => {
      const c = await submit();
      expect(c.title).toBe('画面に「ファイルを暗号化した」と表示された。');
      const byAgent = await d.call(
        'POST',
        '/api/companies/alpha/consultations',
        d.s.agent,
        form({ title: '電話の代理入力', urgency: 'today' }),
      );
      expect(byAgent.statusCode).toBe(201);
      expect(byAgent.json().case.title).toBe('電話の代理入力');
    });

    it('the whole path: submit → triage → note → reply → resolved, seen by the company', async () => {
      // 1. the company submits
      const c = await submit({
        affectedHost: 'PC-KEIRI-01',
        contactName: '総務 田中',
        contactPhone: '03-0000-0000',
        category: 'ransomware',
      });
      expect(c).toMatchObject({
        category: 'ransomware',
        priority: 'critical',
        urgency: 'now',
        lastMessageAt: null,
        resolvedAt: null,
      });
      expect(d.sent).toEqual([
        expect.objectContaining({ kind: 'case-created', caseId: c.id, channel: 'web' }),
      ]);

      // 2. the agent finds it in the queue and triages it, assigned to self
      d.t.clock.now = T0 + 3 * MIN;
      const queue = (await d.call('GET', '/api/desk/cases?status=new&channel=web', d.s.agent)).json();
      expect(queue.cases.map((x: { id: string }) => x.id)).toEqual([c.id]);
      expect(queue.cases[0].sla.state).toBe('ok');
      await d.call('PATCH', `/api/desk/cases/${c.id}`, d.s.agent, { assigneeId: d.ids.agent });
      expect(
        (await d.call('POST', `/api/desk/cases/${c.id}/status`, d.s.agent, { status: 'triage' })).statusCode,
      ).toBe(200);
      await d.call('POST', `/api/desk/cases/${c.id}/notes`, d.s.agent, {
        body: '社内メモ: 感染疑い濃厚',
        visibility: 'internal',
      });

      // 3. a note to the company (the first response), then waiting for the company
      d.t.clock.now = T0 + 8 * MIN;
      const note = await d.call('POST', `/api/desk/cases/${c.id}/notes`, d.s.agent, {
        body: 'LANケーブルを抜いてください。電源は切らないでください。',
        visibility: 'company',
      });
      expect(note.statusCode).toBe(201);
      await d.call('POST', `/api/desk/cases/${c.id}/status`, d.s.agent, { status: 'waiting' });

      const seen = (await d.call('GET', `/api/companies/alpha/cases/${c.id}`, d.s.alphaViewer)).json();
      expect(seen.case).toMatchObject({
        status: 'waiting',
        lastMessageAt: new Date(T0 + 8 * MIN).toISOString(),
      });
      const kinds = seen.timeline.map((e: { kind: string }) => e.kind);
      expect(kinds).toEqual(['created', 'status', 'note', 'status']);
      const staffNote = seen.timeline[2];
      expect(staffNote).toMatchObject({
        body: 'LANケーブルを抜いてください。電源は切らないでください。',
        actor: { id: null, name: 'desk-agent name', role: 'staff' },
        visibility: 'company',
      });
      const text = JSON.stringify(seen);
      expect(text).not.toContain('社内メモ');
      expect(text).not.toContain(d.ids.agent);
      expect(seen.dispatches).toEqual([]);

      // 4. the company replies: the case goes back to in-progress
      d.t.clock.now = T0 + 20 * MIN;
      const reply = await d.call('POST', `/api/companies/alpha/cases/${c.id}/messages`, d.s.alphaAdmin, {
        body: '抜きました。ほかのPCは大丈夫そうです。',
      });
      expect(reply.statusCode).toBe(201);
      expect(reply.json().entry).toMatchObject({
        kind: 'message',
        visibility: 'company',
        actor: { id: d.ids.alphaAdmin, role: 'company-admin' },
      });
      const staffView = (await d.call('GET', `/api/desk/cases/${c.id}`, d.s.agent)).json();
      expect(staffView.case.status).toBe('in-progress');
      const row = await d.t.db
        .selectFrom('desk_cases')
        .select('waiting')
        .where('id', '=', c.id)
        .executeTakeFirstOrThrow();
      expect(JSON.parse(row.waiting)).toEqual([[T0 + 8 * MIN, T0 + 20 * MIN]]);
      expect(staffView.case.firstResponseAt).toBe(new Date(T0 + 8 * MIN).toISOString());

      // 5. resolved
      d.t.clock.now = T0 + 90 * MIN;
      const done = await d.call('POST', `/api/desk/cases/${c.id}/status`, d.s.agent, {
        status: 'resolved',
        resolution: '感染端末を隔離し、バックアップから復旧しました。',
      });
      expect(done.statusCode).toBe(200);

      // 6. the company sees it resolved, with the resolution on its timeline
      const list = (await d.call('GET', '/api/companies/alpha/cases', d.s.alphaViewer)).json();
      expect(list.cases).toEqual([
        expect.objectContaining({
          id: c.id,
          status: 'resolved',
          resolvedAt: new Date(T0 + 90 * MIN).toISOString(),
          lastMessageAt: new Date(T0 + 20 * MIN).toISOString(),
        }),
      ]);
      const final = (await d.call('GET', `/api/companies/alpha/cases/${c.id}`, d.s.alphaViewer)).json();
      expect(final.timeline.at(-1)).toMatchObject({
        kind: 'status',
        body: '感染端末を隔離し、バックアップから復旧しました。',
        detail: { from: 'in-progress', to: 'resolved' },
      });
      expect(Object.keys(final.case).sort()).toEqual(
        [
          'id',
          'number',
          'title',
          'category',
          'status',
          'priority',
          'urgency',
          'createdAt',
          'updatedAt',
          'resolvedAt',
          'lastMessageAt',
        ].sort(),
      );
      const updates = d.sent
        .filter((e) => e.kind === 'case-updated')
        .map((e) => (e as { change: object }).change);
      const anyId = expect.any(String);
      expect(updates).toEqual([
        { status: 'triage' },
        { message: 'LANケーブルを抜いてください。電源は切らないでください。', entryId: anyId },
        { status: 'waiting' },
        // the company's own message goes to the desk, not back to the company
        {
          status: 'in-progress',
          message: '抜きました。ほかのPCは大丈夫そうです。',
          by: 'company',
          entryId: anyId,
        },
        { status: 'resolved' },
      ]);
      const audit = await d.t.db.selectFrom('audit_log').select(['action', 'actor_id']).execute();
      expect(audit.filter((a) => a.action === 'desk.consultation.create').map((a) => a.actor_id)).toEqual([
        d.ids.alphaAdmin,
      ]);
      expect(audit.filter((a) => a.action === 'desk.case.message')).toHaveLength(1);
      // company users reading their own cases are not audited
      expect(audit.filter((a) => a.action === 'desk.company-case.read')).toEqual([]);
    });

    it('messages: only the company admin, only its own cases, a body is required', async () => {
      const c = await submit();
      const msg = (who: Parameters<Desk['call']>[2], tenant: string, id: string, body: unknown) =>
        d.call('POST', `/api/companies/${tenant}/cases/${id}/messages`, who, body);
      expect((await msg(d.s.alphaViewer, 'alpha', c.id, { body: 'x' })).statusCode).toBe(403);
      expect((await msg(d.s.agent, 'alpha', c.id, { body: 'x' })).statusCode).toBe(403);
      expect((await msg(d.s.betaAdmin, 'alpha', c.id, { body: 'x' })).statusCode).toBe(404);
      // another company's case under one's own tenant
      const other = await msg(d.s.betaAdmin, 'beta', c.id, { body: 'x' });
      expect(other.statusCode).toBe(404);
      expect(other.body).not.toContain(c.number);
      const empty = await msg(d.s.alphaAdmin, 'alpha', c.id, { body: '  ' });
      expect(empty.statusCode).toBe(400);
      expect(empty.json().error.field).toBe('body');
      expect((await msg(d.s.alphaAdmin, 'alpha', 'no-such-case', { body: 'x' })).statusCode).toBe(404);
    });

    it('reading: own company only; another company’s case id under one’s own tenant is 404', async () => {
      const c = await submit();
      const b = await createCase(d.t.db, { tenant: 'beta', title: 'Beta secret' });
      expect((await d.call('GET', '/api/companies/alpha/cases', d.s.betaAdmin)).statusCode).toBe(404);
      expect((await d.call('GET', `/api/companies/alpha/cases/${c.id}`, d.s.betaAdmin)).statusCode).toBe(404);
      expect((await d.call('GET', `/api/companies/beta/cases/${c.id}`, d.s.betaAdmin)).statusCode).toBe(404);
      const own = (await d.call('GET', '/api/companies/beta/cases', d.s.betaAdmin)).json();
      expect(own.cases.map((x: { id: string }) => x.id)).toEqual([b.id]);
      // assigned staff read it, audited
      expect((await d.call('GET', `/api/companies/beta/cases/${b.id}`, d.s.engineer)).statusCode).toBe(200);
      expect((await d.call('GET', `/api/companies/alpha/cases/${c.id}`, d.s.engineer)).statusCode).toBe(404);
      const audit = await d.t.db
        .selectFrom('audit_log')
        .select('action')
        .where('actor_id', '=', d.ids.engineer)
        .execute();
      expect(audit.map((a) => a.action)).toEqual(['desk.company-case.read']);
    });

    it('the company admin attaches files (company-visible); viewers may not', async () => {
      const c = await submit();
      const file = { name: 'スクリーンショット.png', type: 'image/png', data: Buffer.from('png-ish') };
      const r = await upload(d, `/api/companies/alpha/cases/${c.id}/attachments`, d.s.alphaAdmin, file, {
        visibility: 'internal',
      });
      expect(r.statusCode, r.body).toBe(201);
      expect(r.json().attachment).toMatchObject({
        visibility: 'company',
        fileName: 'スクリーンショット.png',
      });
      expect(
        (await upload(d, `/api/companies/alpha/cases/${c.id}/attachments`, d.s.alphaViewer, file)).statusCode,
      ).toBe(403);
      expect(
        (await upload(d, `/api/companies/beta/cases/${c.id}/attachments`, d.s.betaAdmin, file)).statusCode,
      ).toBe(404);
      const seen = (await d.call('GET', `/api/companies/alpha/cases/${c.id}`, d.s.alphaViewer)).json();
      expect(seen.attachments).toHaveLength(1);
      expect(seen.timeline.at(-1)).toMatchObject({
        kind: 'attachment',
        detail: { fileName: 'スクリーンショット.png' },
      });
      const dl = await d.call('GET', seen.attachments[0].url, d.s.alphaViewer);
      expect(dl.statusCode).toBe(200);
      expect(dl.body).toBe('png-ish');
    });
  });
}
