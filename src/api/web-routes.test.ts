import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiDeps } from './deps.js';
import { installErrorHandling } from './errors.js';
import { webRoutes } from './web-routes.js';

async function appWith(root: string): Promise<FastifyInstance> {
  const app = Fastify();
  installErrorHandling(app);
  app.get('/api/health', async () => ({ status: 'ok' }));
  await webRoutes(app, {} as ApiDeps, { root });
  return app;
}

describe('the portal SPA files', () => {
  let dir: string;
  let app: FastifyInstance;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'otasuke-web-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>portal</title><div id="root"></div>');
    writeFileSync(join(dir, 'assets', 'index-abc123.js'), 'console.log(1)');
    app = await appWith(dir);
  });
  afterAll(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves index.html at / with a strict policy and no caching', async () => {
    const r = await app.inject({ url: '/' });
    expect(r.statusCode).toBe(200);
    expect(r.body).toContain('portal');
    const csp = String(r.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(r.headers['x-frame-options']).toBe('DENY');
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['cache-control']).toBe('no-cache');
  });

  it('answers index.html for app paths (history fallback) but keeps 404 JSON under /api and /assets', async () => {
    const page = await app.inject({ url: '/companies/acme?period=month' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    for (const url of ['/api/nothing', '/api', '/assets/missing.js']) {
      const r = await app.inject({ url });
      expect(r.statusCode, url).toBe(404);
      expect(r.json().error.code).toBe('not-found');
    }
    expect((await app.inject({ url: '/api/health' })).json()).toEqual({ status: 'ok' });
  });

  it('caches hashed assets for a long time', async () => {
    const r = await app.inject({ url: '/assets/index-abc123.js' });
    expect(r.statusCode).toBe(200);
    expect(r.headers['cache-control']).toContain('immutable');
    expect(r.headers['x-content-type-options']).toBe('nosniff');
  });

  it('says to run the build when dist/web is missing', async () => {
    const empty = await appWith(join(dir, 'not-built'));
    const r = await empty.inject({ url: '/' });
    expect(r.statusCode).toBe(200);
    expect(r.body).toContain('npm run build');
    await empty.close();
  });
});
