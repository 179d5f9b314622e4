/**
 * API error catalogue and mapping. Every error leaves as {error: {code, message}}
 * (plus `field` for validation) with a safe message; internal errors are logged with
 * their details and answered with a generic 500.
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import { DeviceError, type DeviceErrorCode } from '../devices/errors.js';

export const API_ERROR_CODES = {
  unauthorized: 401,
  'invalid-credentials': 401,
  'totp-required': 401,
  'totp-invalid': 401,
  forbidden: 403,
  'csrf-failed': 403,
  'password-change-required': 403,
  'totp-setup-required': 403,
  'totp-required-by-policy': 403,
  'wrong-password': 403,
  'not-found': 404,
  'login-taken': 409,
  'company-exists': 409,
  'policy-not-applicable': 409,
  'claim-locked': 409,
  'last-admin': 409,
  'totp-already-enabled': 409,
  'totp-not-set-up': 409,
  'invalid-transition': 409,
  // an archived report still queued, being made, or failed
  'report-not-ready': 409,
  'account-locked': 423,
  'rate-limited': 429,
  'invalid-input': 400,
  'invalid-body': 400,
  'body-too-large': 413,
  'unsupported-media-type': 415,
  // desk attachments: over 10 MiB a file or 50 MiB a case
  'too-large': 413,
  internal: 500,
  // the process has no attachments folder configured
  'attachments-unavailable': 503,
  // the process has no reports folder (no report queue)
  'reports-unavailable': 503,
} as const;

/** Statuses of the device registry's error codes (they leave the API as they are). */
export const DEVICE_STATUS: Record<DeviceErrorCode, number> = {
  'invalid-input': 400,
  'device-exists': 409,
  'device-not-found': 404,
  'source-taken': 409,
  'fingerprint-taken': 409,
  'unassigned-not-found': 404,
};

export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    /** Extra response headers (Retry-After of a rate limit or lock-out). */
    readonly headers?: Readonly<Record<string, string>>,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface ErrorBody {
  error: { code: string; message: string; field?: string };
}

function body(code: string, message: string, field?: string): ErrorBody {
  return { error: field === undefined ? { code, message } : { code, message, field } };
}

function isFastifyError(e: unknown): e is FastifyError {
  return e instanceof Error && typeof (e as FastifyError).code === 'string' && 'statusCode' in e;
}

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: unknown, req, reply) => {
    if (err instanceof ApiError) {
      if (err.headers) reply.headers(err.headers);
      return reply.status(err.statusCode).send(body(err.code, err.message, err.field));
    }
    if (err instanceof DeviceError) {
      return reply.status(DEVICE_STATUS[err.code]).send(body(err.code, err.message, err.field));
    }
    if (isFastifyError(err) && err.statusCode !== undefined && err.statusCode < 500) {
      // Fastify's own refusals (bad JSON, body limit, content type): its messages are safe.
      const code =
        err.statusCode === 413
          ? 'body-too-large'
          : err.statusCode === 415
            ? 'unsupported-media-type'
            : err.statusCode === 404
              ? 'not-found'
              : 'invalid-body';
      return reply.status(err.statusCode).send(body(code, err.message));
    }
    req.log.error({ err }, 'request failed');
    return reply.status(500).send(body('internal', 'internal error'));
  });
  app.setNotFoundHandler((_req, reply) => reply.status(404).send(body('not-found', 'no such route')));
}
