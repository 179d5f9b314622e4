/** The desk's HTTP routes (docs/api.md "Desk"): alert queue, cases, dispatches, insurance. */
import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import type { ApiDeps } from '../api/deps.js';
import { alertRoutes } from './alert-routes.js';
import { caseRoutes } from './case-routes.js';
import { dispatchRoutes } from './dispatch-routes.js';
import { insuranceRoutes } from './insurance-routes.js';
import { ATTACHMENT_MAX_BYTES } from './model.js';
import { staffRoutes } from './staff-routes.js';

export async function deskRoutes(app: FastifyInstance, deps: ApiDeps): Promise<void> {
  await app.register(async (desk) => {
    // multipart only where files are uploaded; one file per request, capped (413 above)
    await desk.register(multipart, { limits: { fileSize: ATTACHMENT_MAX_BYTES, files: 1, fields: 10 } });
    await alertRoutes(desk, deps);
    await caseRoutes(desk, deps);
    await dispatchRoutes(desk, deps);
    await insuranceRoutes(desk, deps);
    await staffRoutes(desk, deps);
  });
}
