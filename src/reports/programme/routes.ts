/**
 * The programme-wide results report for download (docs/api.md "Programme report"):
 * GET /api/programme/report.pdf and /api/programme/report.csv, `?from&to&lang`.
 * Provider staff only, like the programme table it extends: who is calling (401) →
 * operator role (403) → validation (400 naming the field) → audit → gather → render.
 * The answer names no company, so any operator role may read it.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { auditOperatorRead } from '../../accounts/audit.js';
import type { ApiDeps } from '../../api/deps.js';
import { ApiError } from '../../api/errors.js';
import { requireOperator } from '../../api/guard.js';
import { validate } from '../../api/validate.js';
import { MAX_SPAN_MS, type Period, resolvePeriod } from '../../portal/period.js';
import { instant } from '../../portal/period-input.js';
import { programmeReportCsv } from './csv.js';
import { tokyoDay } from './format.js';
import { gatherProgrammeReport } from './gather.js';
import { renderProgrammeReport } from './render.js';

export const programmeReportQuery = z.strictObject({
  from: instant.optional(),
  to: instant.optional(),
  lang: z.enum(['ja', 'en']).default('ja'),
});

/** The period asked for; without `from`/`to` the current Tokyo month, as on the programme page. */
function periodOf(q: { from?: number; to?: number }, nowMs: number): Period {
  const p = resolvePeriod(q.from, q.to, nowMs);
  if (!(p.from < p.to)) throw new ApiError(400, 'invalid-input', 'to: must be after from', 'to');
  if (p.to - p.from > MAX_SPAN_MS)
    throw new ApiError(400, 'invalid-input', 'to: a period is at most 3 years', 'to');
  return p;
}

/** programme-report-20260101-20260131.pdf: the first and last day on the Tokyo calendar. */
export function reportFileName(p: Period, ext: 'pdf' | 'csv'): string {
  const day = (ms: number) => tokyoDay(ms).replace(/-/g, '');
  return `programme-report-${day(p.from)}-${day(p.to - 1)}.${ext}`;
}

export async function programmeReportRoutes(app: FastifyInstance, deps: ApiDeps): Promise<void> {
  const now = deps.now ?? Date.now;
  const { store, db, registry, audit } = deps;

  async function prepare(req: FastifyRequest, format: 'pdf' | 'csv') {
    requireOperator(req);
    const q = validate(programmeReportQuery, req.query, 'query');
    const period = periodOf(q, now());
    await auditOperatorRead(audit, req, null, 'programme.report.export', {
      from: new Date(period.from).toISOString(),
      to: new Date(period.to).toISOString(),
      lang: q.lang,
      format,
    });
    const data = await gatherProgrammeReport(
      { store, db, registry },
      { ...period, lang: q.lang, now: now() },
    );
    return { period, data };
  }

  const attachment = (reply: FastifyReply, type: string, name: string) =>
    reply
      .header('content-type', type)
      .header('content-disposition', `attachment; filename="${name}"`)
      .header('cache-control', 'no-store');

  app.get('/api/programme/report.pdf', async (req, reply) => {
    const { period, data } = await prepare(req, 'pdf');
    // in the report worker when the process has one: a few seconds of drawing stay off the API's thread
    const { pdf, pages } = deps.reports
      ? await deps.reports.render({ kind: 'programme', data, createdAt: now() })
      : await renderProgrammeReport(data);
    return attachment(reply, 'application/pdf', reportFileName(period, 'pdf'))
      .header('x-report-pages', String(pages))
      .send(Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength));
  });

  app.get('/api/programme/report.csv', async (req, reply) => {
    const { period, data } = await prepare(req, 'csv');
    return attachment(reply, 'text/csv; charset=utf-8', reportFileName(period, 'csv')).send(
      programmeReportCsv(data),
    );
  });
}
