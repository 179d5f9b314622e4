/**
 * POST /api/ingest — bulk upload from a device or a relay, authenticated by the
 * device's own ingest token (`Authorization: Bearer <token>`).
 *
 * Body: raw log lines (text/plain, or no type) or NDJSON (application/x-ndjson: each
 * line a JSON string, or an object with a `message` or `raw` string); optionally
 * gzip-compressed (Content-Encoding: gzip). The answer 202 {accepted, batch} is sent
 * only once the records are fdatasync'ed in the spool: a client that got 202 never
 * needs to resend. Order of checks: backlog (503) → token (401) → size (413) →
 * body (400/415) → device rate limit (429) → spool.
 */
import { gunzip } from 'node:zlib';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { recordsReceived } from '../core/metrics.js';
import type { ResolvedDevice } from '../devices/directory.js';
import { drop, type LivePipeline } from '../ingest/live/pipeline.js';

export interface IngestRouteDeps {
  pipeline: LivePipeline;
  /** Largest body, compressed or not (default 32 MiB). */
  maxBodyBytes?: number;
  /** Retry-After for 503 while the store is behind (default 5 s). */
  retryAfterSec?: number;
}

/** Codes shared with the API catalogue (api/errors.ts) plus the ingest-only ones. */
type Code =
  | 'unauthorized'
  | 'device-disabled'
  | 'body-too-large'
  | 'invalid-body'
  | 'unsupported-media-type'
  | 'ingest-busy'
  | 'rate-limited'
  | 'ingest-unavailable';

function fail(reply: FastifyReply, status: number, code: Code, message: string): FastifyReply {
  return reply.code(status).send({ error: { code, message } });
}

class BodyError extends Error {}

function splitLines(buf: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let from = 0;
  while (from < buf.length) {
    let nl = buf.indexOf(10, from);
    if (nl < 0) nl = buf.length;
    let end = nl;
    if (end > from && buf[end - 1] === 13) end--;
    if (end > from) out.push(buf.subarray(from, end));
    from = nl + 1;
  }
  return out;
}

function ndjsonRecords(buf: Buffer): Buffer[] {
  const out: Buffer[] = [];
  const lines = splitLines(buf);
  lines.forEach((line, i) => {
    const text = line.toString('utf8');
    if (text.trim() === '') return;
    let v: unknown;
    try {
      v = JSON.parse(text);
    } catch {
      throw new BodyError(`line ${i + 1}: not JSON`);
    }
    let msg: unknown = v;
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      const o = v as Record<string, unknown>;
      msg = typeof o.message === 'string' ? o.message : o.raw;
    }
    if (typeof msg !== 'string')
      throw new BodyError(
        `line ${i + 1}: expected a JSON string or an object with a "message" or "raw" string`,
      );
    if (msg.length > 0) out.push(Buffer.from(msg));
  });
  return out;
}

function gunzipLimited(buf: Buffer, max: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    gunzip(buf, { maxOutputLength: max }, (err, out) => (err ? reject(err) : resolve(out)));
  });
}

const bearer = (h: string | undefined): string | null => {
  const m = h ? /^Bearer\s+(\S+)\s*$/i.exec(h) : null;
  return m ? m[1] : null;
};

export async function registerIngestRoute(app: FastifyInstance, deps: IngestRouteDeps): Promise<void> {
  const maxBody = deps.maxBodyBytes ?? 32 * 1024 * 1024;
  const retryAfter = String(deps.retryAfterSec ?? 5);
  const devices = new WeakMap<FastifyRequest, ResolvedDevice>();
  const p = deps.pipeline;

  await app.register(async (scope) => {
    // raw bytes whatever the type: the handler decides (gzip, text, NDJSON)
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: maxBody }, (_req, body, done) =>
      done(null, body),
    );
    scope.setErrorHandler((err: FastifyError, _req, reply) => {
      if (err.statusCode === 413)
        return fail(reply, 413, 'body-too-large', `body larger than ${maxBody} bytes`);
      if (err.statusCode !== undefined && err.statusCode >= 400 && err.statusCode < 500) {
        return fail(reply, 400, 'invalid-body', 'the request body could not be read');
      }
      scope.log.error({ err }, 'ingest failed');
      return fail(reply, 503, 'ingest-unavailable', 'could not store the batch; retry later');
    });

    // before the body is read: a client that cannot be served does not upload 32 MiB
    scope.addHook('onRequest', async (req, reply) => {
      if (p.behind) {
        reply.header('Retry-After', retryAfter);
        return fail(reply, 503, 'ingest-busy', 'ingest is behind; retry later');
      }
      const token = bearer(req.headers.authorization);
      const dev = token ? p.resolve({ address: req.ip, hostname: null, token }) : null;
      if (!dev)
        return fail(
          reply,
          401,
          'unauthorized',
          'a valid device ingest token is required (Authorization: Bearer …)',
        );
      if (!dev.enabled) return fail(reply, 403, 'device-disabled', 'this device is disabled');
      const len = Number(req.headers['content-length']);
      if (Number.isFinite(len) && len > maxBody)
        return fail(reply, 413, 'body-too-large', `body larger than ${maxBody} bytes`);
      devices.set(req, dev);
    });

    scope.post('/api/ingest', { bodyLimit: maxBody }, async (req, reply) => {
      const dev = devices.get(req) as ResolvedDevice;
      let body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const encoding = String(req.headers['content-encoding'] ?? 'identity').toLowerCase();
      if (encoding === 'gzip' || encoding === 'x-gzip') {
        try {
          body = await gunzipLimited(body, maxBody);
        } catch (err) {
          if (err instanceof RangeError || (err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
            return fail(reply, 413, 'body-too-large', `decompressed body larger than ${maxBody} bytes`);
          }
          return fail(reply, 400, 'invalid-body', 'Content-Encoding is gzip but the body is not valid gzip');
        }
      } else if (encoding !== 'identity') {
        return fail(reply, 415, 'unsupported-media-type', 'Content-Encoding must be gzip or absent');
      }
      const type = String(req.headers['content-type'] ?? 'text/plain')
        .split(';')[0]
        .trim()
        .toLowerCase();
      let records: Buffer[];
      if (type === 'application/x-ndjson' || type === 'application/ndjson') {
        try {
          records = ndjsonRecords(body);
        } catch (err) {
          if (err instanceof BodyError) return fail(reply, 400, 'invalid-body', err.message);
          throw err;
        }
      } else if (type === 'text/plain' || type === 'application/octet-stream') {
        records = splitLines(body);
      } else {
        return fail(
          reply,
          415,
          'unsupported-media-type',
          'Content-Type must be text/plain or application/x-ndjson',
        );
      }
      recordsReceived.inc({ source: 'http', device: dev.id }, records.length);
      if (records.length === 0) return reply.code(202).send({ accepted: 0, batch: null });
      const wait = p.limiter.takeAll(dev.id, records.length, Date.now());
      if (wait > 0) {
        drop('http', dev.id, 'rate-limit', records.length);
        reply.header('Retry-After', String(Math.ceil(wait / 1000)));
        return fail(reply, 429, 'rate-limited', 'this device is over its record rate; retry later');
      }
      const batch = await p.spoolRecords(dev, records, 'http');
      return reply.code(202).send({ accepted: records.length, batch: batch.meta.id });
    });
  });
}
