/**
 * POST /api/ingest — bulk upload from a device or a relay, authenticated by the
 * device's own ingest token (`Authorization: Bearer <token>`).
 *
 * Body: raw log lines (text/plain, or no type) or NDJSON (application/x-ndjson: each
 * line a JSON string, or an object with a `message` or `raw` string); optionally
 * gzip-compressed (Content-Encoding: gzip). The answer 202 {accepted, batch} is sent
 * only once the records are fdatasync'ed in the spool: a client that got 202 never
 * needs to resend. Order of checks: backlog (503) → token (401, also for a disabled
 * device) → size (413) → body (400/415) → device rate limit (429) → spool.
 *
 * The tenant is the token's device's, always: nothing in the body (an NDJSON "tenant"
 * or "device" field) can route records elsewhere. Error messages name nothing but the
 * request's own problem, so a client learns nothing about other companies.
 *
 * A record longer than `maxRecordBytes` is kept cut to `maxRecordBytes + 1` bytes, as
 * the syslog stream receivers do, so the pipeline quarantines it as too long with its
 * text instead of dropping it.
 */
import { gunzip } from 'node:zlib';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { recordsReceived } from '../core/metrics.js';
import type { ResolvedDevice } from '../devices/directory.js';
import { looksLikeToken } from '../devices/token.js';
import { MAX_RECORD_BYTES } from '../event/event.js';
import { drop, type LivePipeline } from '../ingest/live/pipeline.js';

export interface IngestRouteDeps {
  pipeline: LivePipeline;
  /** Largest body, compressed or not (default 32 MiB). */
  maxBodyBytes?: number;
  /** Retry-After for 503 while the store is behind (default 5 s). */
  retryAfterSec?: number;
  /** Longest record kept whole (default 64 KiB, the store's record limit). */
  maxRecordBytes?: number;
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

/** Calls `each` with every non-empty line (CR LF or LF) and its 1-based line number. */
function forEachLine(buf: Buffer, each: (line: Buffer, lineNo: number) => void): void {
  let from = 0;
  let lineNo = 0;
  while (from < buf.length) {
    lineNo++;
    let nl = buf.indexOf(10, from);
    if (nl < 0) nl = buf.length;
    let end = nl;
    if (end > from && buf[end - 1] === 13) end--;
    if (end > from) each(buf.subarray(from, end), lineNo);
    from = nl + 1;
  }
}

function cut(rec: Buffer, max: number): Buffer {
  return rec.length > max + 1 ? rec.subarray(0, max + 1) : rec;
}

function textRecords(buf: Buffer, max: number): Buffer[] {
  const out: Buffer[] = [];
  forEachLine(buf, (line) => out.push(cut(line, max)));
  return out;
}

function ndjsonRecords(buf: Buffer, max: number): Buffer[] {
  const out: Buffer[] = [];
  forEachLine(buf, (line, lineNo) => {
    const text = line.toString('utf8');
    if (text.trim() === '') return;
    let v: unknown;
    try {
      v = JSON.parse(text);
    } catch {
      throw new BodyError(`line ${lineNo}: not JSON`);
    }
    let msg: unknown = v;
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      // only the text is taken: "tenant", "device" or any other field is ignored
      const o = v as Record<string, unknown>;
      msg = typeof o.message === 'string' ? o.message : o.raw;
    }
    if (typeof msg !== 'string')
      throw new BodyError(
        `line ${lineNo}: expected a JSON string or an object with a "message" or "raw" string`,
      );
    if (msg.length > 0) out.push(cut(Buffer.from(msg), max));
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
  const maxRecord = deps.maxRecordBytes ?? MAX_RECORD_BYTES;
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
      reply.header('Retry-After', retryAfter);
      return fail(reply, 503, 'ingest-unavailable', 'could not store the batch; retry later');
    });

    // before the body is read: a client that cannot be served does not upload 32 MiB
    scope.addHook('onRequest', async (req, reply) => {
      if (p.behind) {
        reply.header('Retry-After', retryAfter);
        return fail(reply, 503, 'ingest-busy', 'ingest is behind; retry later');
      }
      const token = bearer(req.headers.authorization);
      // Only well-formed tokens are looked up: anything else (a certificate fingerprint,
      // say) must not meet the pipeline's resolve cache, which is shared with syslog.
      const dev =
        token !== null && looksLikeToken(token)
          ? p.resolve({ address: req.ip, hostname: null, token })
          : null;
      if (!dev)
        return fail(
          reply,
          401,
          'unauthorized',
          'a valid device ingest token is required (Authorization: Bearer …)',
        );
      // A disabled device's token no longer authenticates (its holder may know why).
      if (!dev.enabled) return fail(reply, 401, 'device-disabled', 'this device is disabled');
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
          records = ndjsonRecords(body, maxRecord);
        } catch (err) {
          if (err instanceof BodyError) return fail(reply, 400, 'invalid-body', err.message);
          throw err;
        }
      } else if (type === 'text/plain' || type === 'application/octet-stream') {
        records = textRecords(body, maxRecord);
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
