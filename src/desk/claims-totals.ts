/**
 * What a first-response claim asks for and what the policy would pay: covered cost
 * kinds only, less the deductible, capped by the per-incident limit and by what is left
 * of the total limit after the policy's other approved or paid claims.
 */
export interface ClaimTotals {
  claimedYen: number;
  coveredYen: number;
  uncoveredYen: number;
  /** the deductible actually taken off (never more than the covered amount) */
  deductibleYen: number;
  payableYen: number;
}

export interface TotalsPolicy {
  covered: readonly string[];
  deductibleYen: number;
  limitPerIncidentYen: number | null;
  limitTotalYen: number;
}

export function claimTotals(
  items: readonly { kind: string; amountYen: number }[],
  policy: TotalsPolicy,
  /** approved or paid yen of the policy's other claims */
  usedByOthersYen: number,
): ClaimTotals {
  const covered = new Set(policy.covered);
  let claimedYen = 0;
  let coveredYen = 0;
  for (const it of items) {
    claimedYen += it.amountYen;
    if (covered.has(it.kind)) coveredYen += it.amountYen;
  }
  const deductibleYen = Math.min(policy.deductibleYen, coveredYen);
  const remainingTotal = Math.max(0, policy.limitTotalYen - usedByOthersYen);
  const payableYen = Math.min(
    coveredYen - deductibleYen,
    policy.limitPerIncidentYen ?? Number.POSITIVE_INFINITY,
    remainingTotal,
  );
  return { claimedYen, coveredYen, uncoveredYen: claimedYen - coveredYen, deductibleYen, payableYen };
}
