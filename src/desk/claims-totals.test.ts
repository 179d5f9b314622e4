import { describe, expect, it } from 'vitest';
import { claimTotals } from './claims-totals.js';

const policy = {
  covered: ['dispatch', 'investigation'],
  deductibleYen: 50_000,
  limitPerIncidentYen: null as number | null,
  limitTotalYen: 1_000_000,
};
const items = [
  { kind: 'dispatch', amountYen: 80_000 },
  { kind: 'investigation', amountYen: 300_000 },
  { kind: 'legal', amountYen: 120_000 },
];

describe('claim totals', () => {
  it.each([
    [
      'deductible off the covered part only',
      policy,
      0,
      {
        claimedYen: 500_000,
        coveredYen: 380_000,
        uncoveredYen: 120_000,
        deductibleYen: 50_000,
        payableYen: 330_000,
      },
    ],
    ['per-incident limit caps', { ...policy, limitPerIncidentYen: 200_000 }, 0, { payableYen: 200_000 }],
    ['what other claims used of the total limit', policy, 800_000, { payableYen: 200_000 }],
    ['total limit exhausted', policy, 1_200_000, { payableYen: 0 }],
    ['smallest cap wins', { ...policy, limitPerIncidentYen: 250_000 }, 900_000, { payableYen: 100_000 }],
    [
      'deductible larger than the covered costs',
      { ...policy, deductibleYen: 1_000_000 },
      0,
      { deductibleYen: 380_000, payableYen: 0 },
    ],
    [
      'nothing covered',
      { ...policy, covered: [] },
      0,
      { coveredYen: 0, uncoveredYen: 500_000, deductibleYen: 0, payableYen: 0 },
    ],
  ])('%s', (_n, p, used, expected) => {
    expect(claimTotals(items, p, used)).toMatchObject(expected);
  });

  it('an empty claim is all zero', () => {
    expect(claimTotals([], policy, 0)).toEqual({
      claimedYen: 0,
      coveredYen: 0,
      uncoveredYen: 0,
      deductibleYen: 0,
      payableYen: 0,
    });
  });
});
