/**
 * GET /api/programme/export — the anonymised export for the programme office as a file
 * download (docs/api.md, docs/sharing.md). Data leaving the provider: operator-admin
 * only. 401 → 403 → 400 naming the field → one export at a time (429) → export into a
 * temporary file in the data folder → audit → streamed as an attachment → deleted.
 */
import { createReadStream, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { auditOperatorRead } from '../accounts/audit.js';
import type { ApiDeps } from '../api/deps.js';
import { ApiError } from '../api/errors.js';
import { requireOperator } from '../api/guard.js';
import { validate } from '../api/validate.js';
import { iso, MAX_SPAN_MS, resolvePeriod, tokyoDate, tokyoMidnight } from '../portal/period.js';
import { runShareExport } from './export.js';
import { companyWords } from './known-words.js';
import { DEFAULT_K, MAX_K, MIN_K, SHARE_BUCKETS, SHARE_FORMATS, SHARE_LEVELS } from './model.js';
import { deriveKeys } from './pseudonym.js';
import { loadExportSecret } from './secret.js';

/** An ISO-8601 instant; a bare date (2026-01-01) is midnight in Japan. */
const instant = z
  .string()
  .max(40)
  .refine(
    (v) => /^\d{4}-\d{2}-\d{2}([T ][0-9:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(v) && !Number.isNaN(Date.parse(v)),
    { message: 'not an ISO-8601 date/time (e.g. 2026-01-31T15:00:00Z)' },
  )
  .transform((v) => {
    if (/^\d{4}-\d{2}-\d{2}$/.test(v)) {
      const [y, m, d] = v.split('-').map(Number);
      return tokyoMidnight(y, m, d);
    }
    return Date.parse(v);
  });

const exportQuery = z.strictObject({
  from: instant.optional(),
  to: instant.optional(),
  level: z.enum(SHARE_LEVELS).default('events'),
  format: z.enum(SHARE_FORMATS).default('csv'),
  k: z.coerce.number().int().min(MIN_K).max(MAX_K).default(DEFAULT_K),
  bucket: z.enum(SHARE_BUCKETS).default('day'),
});

/** A second export while one is prepared: the first takes tens of seconds for a long period. */
const RETRY = { 'retry-after': '30' };

const CONTENT_TYPES = { csv: 'text/csv; charset=utf-8', parquet: 'application/vnd.apache.parquet' } as const;

function ymd(ms: number): string {
  const { y, m, d } = tokyoDate(ms);
  return `${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}`;
}

export interface SharingRouteOptions {
  /**
   * The data folder: the export secret (DATA/secrets/export.key, shared with
   * `otasuke export`) and the temporary files live there. Default: the folder holding
   * the attachments folder.
   */
  dataDir?: string;
  /** Where OTASUKE_EXPORT_SECRET is read (default: the process environment). */
  env?: NodeJS.ProcessEnv;
}

export async function sharingRoutes(
  app: FastifyInstance,
  deps: ApiDeps,
  opts: SharingRouteOptions = {},
): Promise<void> {
  const now = deps.now ?? Date.now;
  const dataDir = opts.dataDir ?? (deps.attachmentsDir ? dirname(deps.attachmentsDir) : null);
  const tmpRoot = dataDir ? join(dataDir, 'tmp') : null;
  // files of exports a crash interrupted
  if (tmpRoot && existsSync(tmpRoot))
    for (const f of readdirSync(tmpRoot, { withFileTypes: true }).filter((d) => d.name.startsWith('export-')))
      rmSync(join(tmpRoot, f.name), { recursive: true, force: true });
  let running = false;

  app.get('/api/programme/export', async (req, reply) => {
    requireOperator(req, ['operator-admin']);
    const q = validate(exportQuery, req.query, 'query');
    const period = resolvePeriod(q.from, q.to, now());
    if (!(period.from < period.to)) throw new ApiError(400, 'invalid-input', 'to: must be after from', 'to');
    if (period.to - period.from > MAX_SPAN_MS)
      throw new ApiError(400, 'invalid-input', 'to: a period is at most 3 years', 'to');
    if (!dataDir || !tmpRoot) throw new Error('exports need a data folder (attachmentsDir or dataDir)');
    if (running)
      throw new ApiError(
        429,
        'rate-limited',
        'an export is being prepared; try again when it is done',
        undefined,
        RETRY,
      );
    running = true;
    let tmp: string | null = null;
    try {
      mkdirSync(tmpRoot, { recursive: true, mode: 0o700 });
      tmp = mkdtempSync(join(tmpRoot, 'export-'));
      const { secret } = loadExportSecret({ dataDir, env: opts.env ?? process.env });
      const name = `otasuke-programme-${q.level}-${ymd(period.from)}-${ymd(period.to - 1)}.${q.format}`;
      const summary = await runShareExport(deps.store, deriveKeys(secret), {
        from: iso(period.from),
        to: iso(period.to),
        level: q.level,
        format: q.format,
        k: q.k,
        bucket: q.bucket,
        file: join(tmp, name),
        knownIdentifiers: await companyWords(deps.db),
      });
      await auditOperatorRead(deps.audit, req, null, 'programme.export', {
        from: summary.from,
        to: summary.to,
        level: summary.level,
        format: summary.format,
        k: summary.k,
        bucket: summary.bucket,
        events: summary.events,
        companies: summary.companies,
        withheld: summary.withheld,
      });
      const dir = tmp;
      const stream = createReadStream(summary.file);
      // the file goes once it is sent, or once the client gives up
      stream.on('close', () => rmSync(dir, { recursive: true, force: true }));
      reply.raw.on('close', () => stream.destroy());
      tmp = null;
      return reply
        .header('content-type', CONTENT_TYPES[q.format])
        .header('content-length', String(summary.bytes))
        .header('content-disposition', `attachment; filename="${name}"`)
        .header('cache-control', 'no-store')
        .header('x-export-events', String(summary.events))
        .header('x-export-companies', String(summary.companies))
        .header('x-export-withheld-cells', String(summary.withheld?.cells ?? 0))
        .header('x-export-withheld-events', String(summary.withheld?.events ?? 0))
        .send(stream);
    } finally {
      running = false;
      if (tmp) rmSync(tmp, { recursive: true, force: true });
    }
  });
}
