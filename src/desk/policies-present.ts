/** The fields of an insurance policy that leave the server (`policy` of docs/api.md). */
import { japanDate } from './insurance-model.js';
import type { CostKind } from './model.js';
import type { PolicyRow } from './policies-repo.js';

export interface PolicyView {
  id: string;
  tenant: string;
  insurer: string;
  policyNumber: string;
  product: string | null;
  limitTotalYen: number;
  limitPerIncidentYen: number | null;
  deductibleYen: number;
  covered: CostKind[];
  periodStart: string;
  periodEnd: string;
  insurerContact: string | null;
  notes: string | null;
  /** today (Japan) falls within the period */
  active: boolean;
}

export function coveredKinds(r: Pick<PolicyRow, 'covered'>): CostKind[] {
  const v: unknown = JSON.parse(r.covered);
  return Array.isArray(v) ? (v.filter((k) => typeof k === 'string') as CostKind[]) : [];
}

export function presentPolicy(r: PolicyRow, nowMs: number): PolicyView {
  const today = japanDate(nowMs);
  return {
    id: r.id,
    tenant: r.tenant,
    insurer: r.insurer,
    policyNumber: r.policy_number,
    product: r.product,
    limitTotalYen: r.limit_total_yen,
    limitPerIncidentYen: r.limit_per_incident_yen,
    deductibleYen: r.deductible_yen,
    covered: coveredKinds(r),
    periodStart: r.period_start,
    periodEnd: r.period_end,
    insurerContact: r.insurer_contact,
    notes: r.notes,
    active: r.period_start <= today && today <= r.period_end,
  };
}
