/**
 * On-site dispatch (駆け付け) rules that need no database: the order of the statuses,
 * who counts as "on the job", the request schemas and the travel / work minutes.
 */
import { z } from 'zod';
import { idSchema } from '../devices/model.js';
import { DISPATCH_STATUSES, type DispatchStatus } from './model.js';

/**
 * The visit goes requested/scheduled → en-route → on-site → reported → signed-off; it
 * may be cancelled until the report is filed. `scheduled` ↔ `requested` follows the
 * engineer assignment (PATCH), not the status route.
 */
export const DISPATCH_MOVES: Readonly<Record<DispatchStatus, readonly DispatchStatus[]>> = {
  requested: ['scheduled', 'en-route', 'cancelled'],
  scheduled: ['requested', 'en-route', 'cancelled'],
  'en-route': ['on-site', 'cancelled'],
  'on-site': ['reported', 'cancelled'],
  reported: ['signed-off'],
  'signed-off': [],
  cancelled: [],
};

export function canMove(from: DispatchStatus, to: DispatchStatus): boolean {
  return DISPATCH_MOVES[from].includes(to);
}

/** Before departure the visit can still be re-planned (engineer, times, site). */
export const PLANNABLE: readonly DispatchStatus[] = ['requested', 'scheduled'];
/** Until the report is filed the site details may still change. */
export const OPEN_DISPATCH: readonly DispatchStatus[] = ['requested', 'scheduled', 'en-route', 'on-site'];

export interface VisitTimes {
  departedAt: number | null;
  arrivedAt: number | null;
  leftAt: number | null;
  returnedAt: number | null;
}

const MINUTE = 60_000;

/** Way there (departed → arrived) plus way back (left → returned) once the return is known. */
export function travelMinutes(t: VisitTimes): number | null {
  if (t.departedAt === null || t.arrivedAt === null) return null;
  let ms = t.arrivedAt - t.departedAt;
  if (t.leftAt !== null && t.returnedAt !== null) ms += t.returnedAt - t.leftAt;
  return Math.round(ms / MINUTE);
}

/** Time spent at the company. */
export function workMinutes(t: VisitTimes): number | null {
  if (t.arrivedAt === null || t.leftAt === null) return null;
  return Math.round((t.leftAt - t.arrivedAt) / MINUTE);
}

/**
 * The first pair of visit times out of order, named by the field to correct: the later
 * one when the caller sent it, else the earlier one (the caller sent that one).
 */
export function misorderedTime(t: VisitTimes, sent: ReadonlySet<keyof VisitTimes>): keyof VisitTimes | null {
  const order: (keyof VisitTimes)[] = ['departedAt', 'arrivedAt', 'leftAt', 'returnedAt'];
  for (let i = 0; i < order.length; i++) {
    for (let j = i + 1; j < order.length; j++) {
      const a = t[order[i]];
      const b = t[order[j]];
      if (a === null || b === null || a <= b) continue;
      return sent.has(order[j]) ? order[j] : order[i];
    }
  }
  return null;
}

// Epoch ms between 2000 and 2100: catches seconds-for-milliseconds mix-ups.
const epochMs = z.number().int().min(946_684_800_000).max(4_102_444_800_000);
const text = (max: number) => z.string().trim().min(1).max(max);
const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();

export const dispatchCreateBody = z
  .strictObject({
    reason: text(2000),
    siteAddress: optionalText(500),
    siteContact: optionalText(500),
    engineerId: z.string().min(1).max(64).nullable().optional(),
    scheduledStart: epochMs.nullable().optional(),
    scheduledEnd: epochMs.nullable().optional(),
  })
  .refine((b) => b.scheduledEnd == null || (b.scheduledStart != null && b.scheduledEnd >= b.scheduledStart), {
    message: 'must not be before scheduledStart (which it needs)',
    path: ['scheduledEnd'],
  });

export const dispatchPatchBody = z.strictObject({
  reason: text(2000).optional(),
  siteAddress: optionalText(500),
  siteContact: optionalText(500),
  engineerId: z.string().min(1).max(64).nullable().optional(),
  scheduledStart: epochMs.nullable().optional(),
  scheduledEnd: epochMs.nullable().optional(),
});

export const dispatchStatusBody = z
  .strictObject({
    status: z.enum(['en-route', 'on-site', 'cancelled']),
    at: epochMs.optional(),
    reason: z.string().trim().max(2000).optional(),
  })
  .refine((b) => b.status !== 'cancelled' || (b.reason !== undefined && b.reason.length > 0), {
    message: 'a cancellation needs a reason',
    path: ['reason'],
  });

export const dispatchReportBody = z.strictObject({
  findings: text(8000),
  actionsTaken: text(8000),
  advice: text(8000),
  departedAt: epochMs.optional(),
  arrivedAt: epochMs.optional(),
  leftAt: epochMs.optional(),
  returnedAt: epochMs.optional(),
});

export const signOffBody = z.strictObject({
  name: text(200),
  comment: z.string().trim().max(2000).nullable().optional(),
});

/** An instant in a query: epoch ms or an ISO-8601 string. */
const queryInstant = z
  .string()
  .max(40)
  .refine((v) => (/^\d{1,16}$/.test(v) ? true : !Number.isNaN(Date.parse(v))), 'epoch ms or ISO-8601')
  .transform((v) => (/^\d{1,16}$/.test(v) ? Number(v) : Date.parse(v)));

export const dispatchListQuery = z.strictObject({
  status: z
    .string()
    .max(200)
    .refine(
      (v) => v.split(',').every((s) => (DISPATCH_STATUSES as readonly string[]).includes(s)),
      'one or a comma list of dispatch statuses',
    )
    .transform((v) => v.split(',') as DispatchStatus[])
    .optional(),
  engineer: z.union([z.literal('me'), z.string().min(1).max(64)]).optional(),
  tenant: idSchema.optional(),
  from: queryInstant.optional(),
  to: queryInstant.optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
