/**
 * The portal's single-page app (built by Vite into dist/web), served at / with history
 * fallback: any GET that is not under /api/ and not a file answers index.html, so
 * /companies/x can be reloaded. Hashed files under /assets/ are cached for a year;
 * index.html is never cached and carries a strict Content-Security-Policy (only our
 * own scripts, no inline code, not framable).
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ApiDeps } from './deps.js';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** The package root: the nearest folder above this file holding package.json (src/api or dist/src/api). */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    dir = dirname(dir);
  }
  return process.cwd();
}

export const DEFAULT_WEB_ROOT = join(packageRoot(), 'dist', 'web');

const NOT_BUILT = `<!doctype html>
<html lang="ja"><head><meta charset="utf-8"><title>Otasuke</title></head>
<body><h1>Otasuke</h1>
<p>ポータル画面はまだビルドされていません。<code>npm run build</code> を実行してから再起動してください。</p>
<p>The portal has not been built yet: run <code>npm run build</code>, then restart.</p>
<p><a href="/status">/status</a></p>
</body></html>
`;

function securityHeaders(reply: FastifyReply): FastifyReply {
  return reply
    .header('x-content-type-options', 'nosniff')
    .header('x-frame-options', 'DENY')
    .header('referrer-policy', 'same-origin');
}

export async function webRoutes(
  app: FastifyInstance,
  _deps: ApiDeps,
  opts: { root?: string } = {},
): Promise<void> {
  const root = opts.root ?? DEFAULT_WEB_ROOT;
  const assets = join(root, 'assets');

  if (existsSync(assets)) {
    await app.register(fastifyStatic, {
      root: assets,
      prefix: '/assets/',
      // File names carry a content hash: a changed file is a new name.
      cacheControl: false,
      index: false,
      setHeaders: (reply) => {
        reply.header('cache-control', 'public, max-age=31536000, immutable');
        reply.header('x-content-type-options', 'nosniff');
      },
    });
  }

  const sendIndex = async (reply: FastifyReply) => {
    let html: string;
    try {
      html = await readFile(join(root, 'index.html'), 'utf8');
    } catch {
      html = NOT_BUILT;
    }
    return securityHeaders(reply)
      .header('content-security-policy', CONTENT_SECURITY_POLICY)
      .header('cache-control', 'no-cache')
      .type('text/html; charset=utf-8')
      .send(html);
  };

  app.get('/', async (_req, reply) => sendIndex(reply));
  app.get('/*', async (req, reply) => {
    const path = req.url.split('?')[0];
    // The API and asset folders keep their 404s: a missing route or file is not a page.
    if (path === '/api' || path.startsWith('/api/') || path.startsWith('/assets/')) {
      return reply.status(404).send({ error: { code: 'not-found', message: 'no such route' } });
    }
    return sendIndex(reply);
  });
}
