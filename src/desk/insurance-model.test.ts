import { describe, expect, it } from 'vitest';
import { isCalendarDate, japanDate, policyCreateBody, policyProblem } from './insurance-model.js';

describe('calendar dates', () => {
  it.each([
    ['2026-02-28', true],
    ['2028-02-29', true],
    ['2026-02-29', false],
    ['2026-13-01', false],
    ['2026-1-01', false],
    ['2026-01-01T00:00', false],
  ])('%s → %s', (v, ok) => {
    expect(isCalendarDate(v)).toBe(ok);
  });

  it('Japan has moved to the next day at 15:00 UTC', () => {
    expect(japanDate(Date.UTC(2026, 2, 31, 14, 59))).toBe('2026-03-31');
    expect(japanDate(Date.UTC(2026, 2, 31, 15, 0))).toBe('2026-04-01');
  });
});

describe('policy rules', () => {
  const base = {
    limitTotalYen: 1000,
    limitPerIncidentYen: null,
    periodStart: '2026-04-01',
    periodEnd: '2027-03-31',
  };
  it.each([
    [base, null],
    [{ ...base, periodEnd: '2026-03-31' }, 'periodEnd'],
    [{ ...base, periodEnd: '2026-04-01' }, null],
    [{ ...base, limitPerIncidentYen: 1001 }, 'limitPerIncidentYen'],
    [{ ...base, limitPerIncidentYen: 1000 }, null],
  ])('%j → %s', (p, field) => {
    expect(policyProblem(p)?.field ?? null).toBe(field);
  });

  it('covered kinds come from the catalogue, once each; amounts are whole non-negative yen', () => {
    const body = {
      insurer: 'X',
      policyNumber: 'P-1',
      limitTotalYen: 1,
      deductibleYen: 0,
      covered: ['dispatch'],
      periodStart: '2026-04-01',
      periodEnd: '2027-03-31',
    };
    expect(policyCreateBody.safeParse(body).success).toBe(true);
    expect(policyCreateBody.safeParse({ ...body, covered: ['dispatch', 'dispatch'] }).success).toBe(false);
    expect(policyCreateBody.safeParse({ ...body, covered: ['ransom'] }).success).toBe(false);
    expect(policyCreateBody.safeParse({ ...body, deductibleYen: -1 }).success).toBe(false);
    expect(policyCreateBody.safeParse({ ...body, limitTotalYen: 1.5 }).success).toBe(false);
  });
});
