/** Operator authentication: `Authorization: Bearer <admin token>`, compared in constant time. */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { ApiError } from './errors.js';

function digest(s: string): Buffer {
  return createHash('sha256').update(s, 'utf8').digest();
}

/** Returns an onRequest hook that refuses requests without the admin token. */
export function requireAdmin(adminToken: string): (req: FastifyRequest) => Promise<void> {
  // Comparing digests keeps the comparison constant-time whatever the presented length.
  const expected = digest(adminToken);
  return async (req) => {
    const h = req.headers.authorization;
    const m = typeof h === 'string' ? /^Bearer ([\x21-\x7e]{1,512})$/i.exec(h) : null;
    if (!m || !timingSafeEqual(digest(m[1]), expected)) {
      throw new ApiError(401, 'unauthorized', 'a valid operator token is required (Authorization: Bearer …)');
    }
  };
}
