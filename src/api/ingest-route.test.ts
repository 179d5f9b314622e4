/**
 * POST /api/ingest through fastify.inject over the real pipeline (registry, spool,
 * DuckDB store in a temp folder): 202 only once durable, every refusal with its code,
 * and the tenant always the token's.
 */

import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type LiveHarness,
  fortigateLine as line,
  openLiveHarness,
  tags,
} from '../../test/helpers/live-harness.js';
import { auditLog } from '../accounts/audit.js';
import type { RateLimit } from '../ingest/live/rate-limiter.js';
import { buildApp } from './app.js';
import { registerIngestRoute } from './ingest-route.js';

const ADMIN = 'ota_' + 'a'.repeat(43);
const MAX_BODY = 64 * 1024;

interface Setup {
  h: LiveHarness;
  app: FastifyInstance;
  /** acme's device fw-a, beta's device fw-b. */
  tokenA: string;
  tokenB: string;
}

let current: Setup | null = null;
afterEach(async () => {
  if (!current) return;
  await current.app.close();
  await current.h.close();
  current = null;
});

async function setup(
  o: { rate?: RateLimit; maxBacklogBytes?: number; maxRecordBytes?: number } = {},
): Promise<Setup> {
  const h = await openLiveHarness(o);
  const { token: tokenA } = await h.registry.addDevice({ id: 'fw-a', tenant: 'acme', format: 'fortigate' });
  const { token: tokenB } = await h.registry.addDevice({ id: 'fw-b', tenant: 'beta', format: 'fortigate' });
  const app = await buildApp({
    registry: h.registry,
    db: h.registry.db,
    audit: auditLog(h.registry.db),
    store: h.store,
    adminToken: ADMIN,
  });
  await registerIngestRoute(app, {
    pipeline: h.pipeline,
    maxBodyBytes: MAX_BODY,
    retryAfterSec: 7,
    maxRecordBytes: o.maxRecordBytes,
  });
  current = { h, app, tokenA, tokenB };
  return current;
}

function post(
  app: FastifyInstance,
  token: string | null,
  payload: string | Buffer,
  headers: Record<string, string> = {},
  url = '/api/ingest',
) {
  return app.inject({
    method: 'POST',
    url,
    headers: {
      ...(token === null ? {} : { authorization: `Bearer ${token}` }),
      'content-type': 'text/plain',
      ...headers,
    },
    payload,
  });
}

const ndjson = { 'content-type': 'application/x-ndjson' };

describe('POST /api/ingest', () => {
  it('answers 202 with counts once durable, and the records reach the store under the device', async () => {
    const { app, h, tokenA } = await setup();
    const body = `${line('t1')}\r\n\n${line('t2')}\n${line('t3')}`;
    const r = await post(app, tokenA, body);
    expect(r.statusCode, r.body).toBe(202);
    expect(r.json()).toEqual({ accepted: 3, batch: expect.any(String) });
    // 202 means spooled: accepted before the store has necessarily taken it
    expect(h.pipeline.stats.accepted).toBe(3);
    const acme = await h.stored('acme');
    expect(tags(acme.events)).toEqual(['t1', 't2', 't3']);
    expect(acme.quarantined).toEqual([]);
  });

  it('takes text without a content type and an empty body', async () => {
    const { app, h, tokenA } = await setup();
    const r = await app.inject({
      method: 'POST',
      url: '/api/ingest',
      headers: { authorization: `Bearer ${tokenA}` },
      payload: line('bare'),
    });
    expect(r.statusCode, r.body).toBe(202);
    expect(r.json().accepted).toBe(1);
    const empty = await post(app, tokenA, '');
    expect(empty.statusCode).toBe(202);
    expect(empty.json()).toEqual({ accepted: 0, batch: null });
    expect(tags((await h.stored('acme')).events)).toEqual(['bare']);
  });

  it('takes NDJSON: JSON strings and objects with "message" or "raw"', async () => {
    const { app, h, tokenA } = await setup();
    const body = [
      JSON.stringify(line('n1')),
      JSON.stringify({ message: line('n2'), host: 'x' }),
      '',
      JSON.stringify({ raw: line('n3') }),
      JSON.stringify({ message: 42, raw: line('n4') }),
    ].join('\n');
    const r = await post(app, tokenA, body, ndjson);
    expect(r.statusCode, r.body).toBe(202);
    expect(r.json().accepted).toBe(4);
    expect(tags((await h.stored('acme')).events)).toEqual(['n1', 'n2', 'n3', 'n4']);
  });

  it('takes a gzip body, text or NDJSON', async () => {
    const { app, h, tokenA } = await setup();
    const text = await post(app, tokenA, gzipSync(`${line('g1')}\n${line('g2')}\n`), {
      'content-encoding': 'gzip',
    });
    expect(text.statusCode, text.body).toBe(202);
    expect(text.json().accepted).toBe(2);
    const nd = await post(app, tokenA, gzipSync(JSON.stringify({ message: line('g3') })), {
      ...ndjson,
      'content-encoding': 'gzip',
    });
    expect(nd.statusCode, nd.body).toBe(202);
    expect(tags((await h.stored('acme')).events)).toEqual(['g1', 'g2', 'g3']);
  });

  it('keeps an over-long record cut, to be quarantined with its text', async () => {
    const { app, h, tokenA } = await setup({ maxRecordBytes: 1024 });
    const long = line('long') + ' x'.repeat(1000);
    const r = await post(app, tokenA, `${long}\n${line('ok')}`);
    expect(r.statusCode, r.body).toBe(202);
    expect(r.json().accepted).toBe(2);
    const acme = await h.stored('acme');
    expect(tags(acme.events)).toEqual(['ok']);
    expect(acme.quarantined).toHaveLength(1);
    expect(Buffer.byteLength(acme.quarantined[0])).toBeLessThanOrEqual(1025);
  });

  describe('401', () => {
    it.each([
      ['no Authorization', null, {}],
      ['a wrong token', 'otk_' + 'x'.repeat(32), {}],
      ['a malformed token', 'not-a-token', {}],
      ['a certificate fingerprint', 'ab'.repeat(32), {}],
    ] as const)('for %s', async (_name, token, headers) => {
      const { app, h } = await setup();
      const r = await post(app, token, line('no'), headers);
      expect(r.statusCode).toBe(401);
      expect(r.json()).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
      expect(h.pipeline.stats.accepted).toBe(0);
    });

    it('for the operator token, a Basic scheme, and a rotated token', async () => {
      const { app, h, tokenA } = await setup();
      expect((await post(app, ADMIN, line('no'))).statusCode).toBe(401);
      const basic = await post(app, null, line('no'), { authorization: `Basic ${tokenA}` });
      expect(basic.statusCode).toBe(401);
      await h.registry.rotateToken('fw-a');
      await new Promise((r) => setTimeout(r, 2100)); // the pipeline's resolve cache lives 2 s
      expect((await post(app, tokenA, line('no'))).statusCode).toBe(401);
    });

    it('for a disabled device', async () => {
      const { app, h, tokenA } = await setup();
      await h.registry.updateDevice('fw-a', { enabled: false });
      const r = await post(app, tokenA, line('no'));
      expect(r.statusCode).toBe(401);
      expect(r.json().error.code).toBe('device-disabled');
      expect(h.pipeline.stats.accepted).toBe(0);
    });
  });

  describe('413', () => {
    it('for a body over the limit, announced or not', async () => {
      const { app, h, tokenA } = await setup();
      const big = `${line('big')}\n`.repeat(Math.ceil(MAX_BODY / 200) + 10);
      const r = await post(app, tokenA, big);
      expect(r.statusCode).toBe(413);
      expect(r.json().error.code).toBe('body-too-large');
      expect(h.pipeline.stats.accepted).toBe(0);
    });

    it('for a chunked upload without Content-Length, over a real socket', async () => {
      const { app, h, tokenA } = await setup();
      await app.listen({ host: '127.0.0.1', port: 0 });
      const port = (app.server.address() as AddressInfo).port;
      const status = await new Promise<number>((resolve, reject) => {
        const req = request(
          {
            host: '127.0.0.1',
            port,
            method: 'POST',
            path: '/api/ingest',
            headers: { authorization: `Bearer ${tokenA}`, 'content-type': 'text/plain' },
          },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        );
        req.on('error', reject);
        const chunk = `${line('c')}\n`.repeat(100);
        for (let sent = 0; sent <= MAX_BODY; sent += chunk.length) req.write(chunk);
        req.end();
      });
      expect(status).toBe(413);
      expect(h.pipeline.stats.accepted).toBe(0);
    });

    it('for a gzip body that inflates past the limit', async () => {
      const { app, h, tokenA } = await setup();
      const bomb = gzipSync(Buffer.alloc(MAX_BODY * 4, 'a'));
      expect(bomb.length).toBeLessThan(MAX_BODY);
      const r = await post(app, tokenA, bomb, { 'content-encoding': 'gzip' });
      expect(r.statusCode).toBe(413);
      expect(r.json().error.code).toBe('body-too-large');
      expect(h.pipeline.stats.accepted).toBe(0);
    });
  });

  describe('400 with the reason, nothing stored', () => {
    it.each([
      ['a line that is not JSON', `${JSON.stringify(line('a'))}\n\n{"message":`, 'line 3: not JSON'],
      ['a number', `${JSON.stringify(line('a'))}\n42`, 'line 2: expected a JSON string'],
      ['an object without text', '{"msg":"x"}', 'line 1: expected a JSON string'],
      ['an array', '["x"]', 'line 1: expected a JSON string'],
      ['null', 'null', 'line 1: expected a JSON string'],
    ])('malformed NDJSON: %s', async (_name, body, reason) => {
      const { app, h, tokenA } = await setup();
      const r = await post(app, tokenA, body, ndjson);
      expect(r.statusCode).toBe(400);
      expect(r.json().error.code).toBe('invalid-body');
      expect(r.json().error.message).toContain(reason);
      expect(h.pipeline.stats.accepted).toBe(0);
      expect((await h.stored('acme')).events).toEqual([]);
    });

    it('a body that is not gzip although it says so', async () => {
      const { app, h, tokenA } = await setup();
      const r = await post(app, tokenA, line('x'), { 'content-encoding': 'gzip' });
      expect(r.statusCode).toBe(400);
      expect(r.json().error).toMatchObject({
        code: 'invalid-body',
        message: expect.stringContaining('gzip'),
      });
      const cut = gzipSync(`${line('x')}\n`.repeat(50)).subarray(0, 40);
      const r2 = await post(app, tokenA, cut, { 'content-encoding': 'gzip' });
      expect(r2.statusCode).toBe(400);
      expect(h.pipeline.stats.accepted).toBe(0);
    });
  });

  it.each([
    [{ 'content-type': 'application/json' }],
    [{ 'content-type': 'multipart/form-data; boundary=x' }],
    [{ 'content-encoding': 'br' }],
    [{ 'content-encoding': 'deflate' }],
  ])('415 for %j', async (headers) => {
    const { app, h, tokenA } = await setup();
    const r = await post(app, tokenA, line('x'), headers);
    expect(r.statusCode).toBe(415);
    expect(r.json().error.code).toBe('unsupported-media-type');
    expect(h.pipeline.stats.accepted).toBe(0);
  });

  it("429 with Retry-After when over the device's rate; other devices unaffected", async () => {
    const { app, h, tokenA, tokenB } = await setup({ rate: { perSec: 1, burst: 5 } });
    const five = Array.from({ length: 5 }, (_, i) => line(`r${i}`)).join('\n');
    expect((await post(app, tokenA, five)).statusCode).toBe(202);
    const over = await post(app, tokenA, line('r5'));
    expect(over.statusCode).toBe(429);
    expect(over.json().error.code).toBe('rate-limited');
    expect(Number(over.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect((await post(app, tokenB, line('b0'))).statusCode).toBe(202);
    expect(tags((await h.stored('acme')).events)).toEqual(['r0', 'r1', 'r2', 'r3', 'r4']);
  });

  it('503 with Retry-After while the store is behind, 202 again once it caught up', async () => {
    const { app, h, tokenA } = await setup({ maxBacklogBytes: 4096 });
    h.holdStore();
    const batch = Array.from({ length: 40 }, (_, i) => line(`s${i}`)).join('\n');
    const first = await post(app, tokenA, batch);
    expect(first.statusCode).toBe(202); // durable in the spool, store not yet written
    expect(h.pipeline.behind).toBe(true);
    const busy = await post(app, tokenA, line('late'));
    expect(busy.statusCode).toBe(503);
    expect(busy.headers['retry-after']).toBe('7');
    expect(busy.json().error.code).toBe('ingest-busy');
    h.releaseStore();
    await h.pipeline.drained();
    expect(h.pipeline.behind).toBe(false);
    expect((await post(app, tokenA, line('late'))).statusCode).toBe(202);
    expect((await h.stored('acme')).events).toHaveLength(41);
  });

  describe('tenant isolation', () => {
    it("a device's token writes only into its own tenant, whatever the body or URL says", async () => {
      const { app, h, tokenA } = await setup();
      const body = [
        JSON.stringify({ tenant: 'beta', device: 'fw-b', message: line('i1') }),
        JSON.stringify({ raw: line('i2'), tenant: 'beta' }),
      ].join('\n');
      const r = await post(app, tokenA, body, { ...ndjson, 'x-tenant': 'beta' }, '/api/ingest?tenant=beta');
      expect(r.statusCode, r.body).toBe(202);
      expect(r.body).not.toContain('beta');
      expect(tags((await h.stored('acme')).events)).toEqual(['i1', 'i2']);
      expect(await h.stored('beta')).toEqual({ events: [], quarantined: [] });
      for await (const e of h.store.search('acme', {}))
        expect(e).toMatchObject({ tenant: 'acme', device: 'fw-a' });
    });

    it('errors name nothing of another tenant', async () => {
      const { app, h, tokenA, tokenB } = await setup({ rate: { perSec: 1, burst: 1 } });
      await h.registry.updateDevice('fw-b', { enabled: false });
      const answers = [
        await post(app, tokenB, line('x')), // disabled
        await post(app, tokenA, '{"tenant":"beta"', ndjson), // malformed
        await post(app, tokenA, line('x'), { 'content-type': 'application/json' }),
        await post(app, `${tokenB.slice(0, -1)}A`, line('x')),
      ];
      await post(app, tokenA, line('x'));
      answers.push(await post(app, tokenA, line('x'))); // rate-limited
      for (const r of answers) {
        expect(r.statusCode).toBeGreaterThanOrEqual(400);
        for (const secret of ['beta', 'fw-b', 'fw-a', 'acme', tokenB]) expect(r.body).not.toContain(secret);
      }
    });
  });
});
