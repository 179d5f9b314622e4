/**
 * Works out who is calling before any route runs: the operator API token
 * (`Authorization: Bearer …`, acts as operator-admin) or, later, a session cookie.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { ApiDeps } from '../api/deps.js';
import type { Principal } from './model.js';

function digest(s: string): Buffer {
  return createHash('sha256').update(s, 'utf8').digest();
}

export const TOKEN_PRINCIPAL: Principal = {
  userId: 'api-token',
  login: 'api-token',
  name: 'operator API token',
  role: 'operator-admin',
  tenant: null,
  via: 'token',
  assigned: [],
};

export function installPrincipal(app: FastifyInstance, deps: ApiDeps): void {
  // Comparing digests keeps the comparison constant-time whatever the presented length.
  const expected = digest(deps.adminToken);
  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (req) => {
    req.principal = null;
    const h = req.headers.authorization;
    if (typeof h === 'string') {
      // Other bearer tokens (device ingest tokens) are checked by their own routes.
      const m = /^Bearer ([\x21-\x7e]{1,512})$/i.exec(h);
      if (m && timingSafeEqual(digest(m[1]), expected)) req.principal = TOKEN_PRINCIPAL;
    }
  });
}
