import { describe, expect, it } from 'vitest';
import {
  canMove,
  dispatchCreateBody,
  dispatchStatusBody,
  misorderedTime,
  travelMinutes,
  type VisitTimes,
  workMinutes,
} from './dispatch-model.js';
import { DISPATCH_STATUSES } from './model.js';

const M = 60_000;
const T0 = Date.UTC(2026, 1, 10, 0, 0, 0);
const times = (d: number | null, a: number | null, l: number | null, r: number | null): VisitTimes => ({
  departedAt: d === null ? null : T0 + d * M,
  arrivedAt: a === null ? null : T0 + a * M,
  leftAt: l === null ? null : T0 + l * M,
  returnedAt: r === null ? null : T0 + r * M,
});

describe('visit minutes', () => {
  it.each([
    ['whole visit', times(0, 45, 135, 175), 85, 90],
    ['not back yet: the way there only', times(0, 45, 135, null), 45, 90],
    ['still on site', times(0, 30, null, null), 30, null],
    ['not departed', times(null, null, null, null), null, null],
    ['arrival without departure (no travel known)', times(null, 10, 70, 100), null, 60],
    [
      'rounded to the minute',
      { ...times(0, 0, 0, null), arrivedAt: T0 + 89_000, leftAt: T0 + 89_000 + 29_000 },
      1,
      0,
    ],
  ])('%s', (_name, t, travel, work) => {
    expect(travelMinutes(t)).toBe(travel);
    expect(workMinutes(t)).toBe(work);
  });
});

describe('dispatch status order', () => {
  const allowed: [string, string][] = [
    ['requested', 'scheduled'],
    ['requested', 'en-route'],
    ['requested', 'cancelled'],
    ['scheduled', 'requested'],
    ['scheduled', 'en-route'],
    ['scheduled', 'cancelled'],
    ['en-route', 'on-site'],
    ['en-route', 'cancelled'],
    ['on-site', 'reported'],
    ['on-site', 'cancelled'],
    ['reported', 'signed-off'],
  ];
  it('allows exactly the forward moves, and cancelling before the report', () => {
    for (const from of DISPATCH_STATUSES)
      for (const to of DISPATCH_STATUSES)
        expect(canMove(from, to), `${from} → ${to}`).toBe(allowed.some(([a, b]) => a === from && b === to));
  });
});

describe('misordered visit times', () => {
  it.each([
    ['in order', times(0, 10, 20, 30), [], null],
    ['left before arrival, left sent', times(0, 10, 5, null), ['leftAt'], 'leftAt'],
    ['left before arrival, arrival sent', times(0, 10, 5, null), ['arrivedAt'], 'arrivedAt'],
    ['return before leaving', times(0, 10, 20, 15), ['returnedAt'], 'returnedAt'],
    ['arrival before departure (both recorded)', times(10, 5, null, null), [], 'departedAt'],
    ['equal times are fine', times(0, 0, 0, 0), [], null],
  ] as const)('%s', (_n, t, sent, field) => {
    expect(misorderedTime(t, new Set(sent))).toBe(field);
  });
});

describe('request schemas', () => {
  it('an end needs a start not after it', () => {
    expect(dispatchCreateBody.safeParse({ reason: 'x', scheduledEnd: T0 }).success).toBe(false);
    expect(dispatchCreateBody.safeParse({ reason: 'x', scheduledStart: T0, scheduledEnd: T0 }).success).toBe(
      true,
    );
  });
  it('a cancellation needs a reason; seconds are not milliseconds', () => {
    expect(dispatchStatusBody.safeParse({ status: 'cancelled' }).success).toBe(false);
    expect(dispatchStatusBody.safeParse({ status: 'cancelled', reason: 'x' }).success).toBe(true);
    expect(dispatchStatusBody.safeParse({ status: 'en-route', at: 1_770_000_000 }).success).toBe(false);
  });
});
