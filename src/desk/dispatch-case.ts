/** The case a dispatch belongs to, as `caseSummary` (docs/api.md "Cases") for the dispatch detail. */
import type { Transaction } from 'kysely';
import type { StateDb, StateTables } from '../storage/state/state-db.js';
import { getCaseView } from './cases-repo.js';
import { presentCaseSummary } from './present.js';

export async function caseSummaryFor(
  db: StateDb | Transaction<StateTables>,
  tenant: string,
  caseId: string,
  nowMs: number,
): Promise<ReturnType<typeof presentCaseSummary> | null> {
  const c = await getCaseView(db, tenant, caseId);
  return c ? presentCaseSummary(c, nowMs) : null;
}
