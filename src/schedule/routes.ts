/**
 * /api/schedule/runs: what the scheduler did, for provider staff who see every company
 * (a run's error may name the company it failed on). Read from the state database, so
 * any API process answers for the runs of every process.
 */
import type { FastifyInstance } from 'fastify';
import { ALL_COMPANY_READERS } from '../accounts/model.js';
import type { ApiDeps } from '../api/deps.js';
import { requireOperator } from '../api/guard.js';
import { validate } from '../api/validate.js';
import { runsQuery } from './model.js';
import { presentRun } from './present.js';
import { listRuns } from './runs-repo.js';

export async function scheduleRoutes(app: FastifyInstance, deps: ApiDeps): Promise<void> {
  app.get('/api/schedule/runs', async (req) => {
    requireOperator(req, ALL_COMPANY_READERS);
    const q = validate(runsQuery, req.query, 'query');
    const rows = await listRuns(deps.db, q);
    return { runs: rows.map(presentRun) };
  });
}
