/**
 * GET /status — a public status page (the portal SPA is served at /): the service is up, where logs come in, device counts.
 * No company data is shown here (that needs an operator or company login).
 */
import type { FastifyInstance } from 'fastify';
import { pickLanguage, translator } from '../i18n/index.js';
import type { ApiDeps } from './deps.js';

const esc = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

const API_ROUTES = [
  'GET /api/health',
  'POST /api/ingest',
  'GET /api/stats?tenant=…',
  'GET /api/devices',
  'GET /api/health/devices',
  'GET /api/unassigned',
  'GET /api/alerts',
  'GET /metrics',
];

export async function homeRoute(app: FastifyInstance, deps: ApiDeps): Promise<void> {
  app.get('/status', async (req, reply) => {
    const lang = pickLanguage(req.query, req.headers['accept-language']);
    const t = translator(lang);
    const devices = await deps.registry.listDevices();
    const health = await deps.registry.health();
    const unassigned = await deps.registry.listUnassigned();
    const companies = new Set(devices.map((d) => d.tenant)).size;
    const silent = health.filter((h) => h.silent).length;
    const listeners = deps.listeners?.() ?? [];
    const other = lang === 'ja' ? 'en' : 'ja';
    const html = `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(t('home.title'))}</title>
<style>body{font-family:system-ui,"Noto Sans JP",sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;line-height:1.6;color:#1f2933}
h1{font-size:1.4rem}.ok{color:#0b7a3e;font-weight:600}code{background:#f1f3f5;padding:0 .3rem;border-radius:3px}</style></head>
<body><nav><a href="?lang=${other}">${esc(t('home.lang'))}</a></nav>
<h1>${esc(t('home.title'))}</h1>
<p class="ok" role="status">${esc(t('home.running'))}</p>
<p>${esc(t('home.intro'))}</p>
<ul>
<li>${esc(t('home.devices', { count: devices.length, companies }))}</li>
<li>${esc(t('home.silent', { count: silent }))}</li>
<li>${esc(t('home.unassigned', { count: unassigned.length }))}</li>
</ul>
${listeners.length ? `<h2>${esc(t('home.listeners'))}</h2><ul>${listeners.map((l) => `<li><code>${esc(l)}</code></li>`).join('')}</ul>` : ''}
<p><a href="/">${esc(t('home.portal_soon'))}</a></p>
<p>${esc(t('home.operator'))}</p>
<h2>${esc(t('home.api'))}</h2><ul>${API_ROUTES.map((r) => `<li><code>${esc(r)}</code></li>`).join('')}</ul>
</body></html>`;
    return reply.type('text/html; charset=utf-8').send(html);
  });
}
