/**
 * Request schemas of the alert and case routes (docs/api.md "Desk") and the rules for
 * observables linked to a case. Ids in paths are loose on purpose: an id that does not
 * exist is "not found" (404), never a validation error that would tell ids apart.
 */
import { isIP } from 'node:net';
import { z } from 'zod';
import { idSchema } from '../devices/model.js';
import {
  ALERT_CLOSE_REASONS,
  ALERT_STATUSES,
  CASE_CATEGORIES,
  CASE_STATUSES,
  OBSERVABLE_TYPES,
  type ObservableType,
  PRIORITIES,
  RULE_LEVELS,
  URGENCIES,
  VISIBILITIES,
} from './model.js';

export const LIST_MAX = 200;
const text = (max: number) => z.string().trim().min(1).max(max);
const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();
/** Epoch ms between 2000 and 2100. */
const epochMs = z.number().int().min(946_684_800_000).max(4_102_444_800_000);
const limit = z.coerce.number().int().min(1).max(LIST_MAX).default(50);
const cursor = z.string().min(1).max(200).optional();

export const objectIdParams = z.strictObject({ id: z.string().min(1).max(128) });
export const companyParams = z.strictObject({ tenant: idSchema });
export const companyObjectParams = z.strictObject({ tenant: idSchema, id: z.string().min(1).max(128) });

// ---- alert queue ----

export const alertsListQuery = z.strictObject({
  status: z.enum([...ALERT_STATUSES, 'open', 'all']).default('open'),
  level: z.enum(RULE_LEVELS).optional(),
  tenant: idSchema.optional(),
  rule: z.string().min(1).max(200).optional(),
  q: z.string().trim().max(200).optional(),
  cursor,
  limit,
});

export const acknowledgeBody = z.strictObject({ note: optionalText(4000) });
export const closeBody = z.strictObject({ reason: z.enum(ALERT_CLOSE_REASONS), note: optionalText(4000) });
export const escalateBody = z.strictObject({
  caseId: z.string().min(1).max(128).optional(),
  priority: z.enum(PRIORITIES).optional(),
  title: text(200).optional(),
});
export const bulkBody = z.strictObject({
  ids: z
    .array(z.string().min(1).max(128))
    .min(1)
    .max(LIST_MAX)
    .refine((a) => new Set(a).size === a.length, 'no duplicates'),
  action: z.enum(['acknowledge', 'close', 'escalate']),
  reason: z.enum(ALERT_CLOSE_REASONS).optional(),
  note: optionalText(4000),
});

export const companyAlertsQuery = z.strictObject({
  status: z.enum(['open', 'all']).default('open'),
  lang: z.enum(['ja', 'en']).optional(),
});

// ---- cases ----

/** `status=new,triage` or `status=open` (the open statuses). */
const statusList = z
  .string()
  .max(200)
  .transform((s, ctx) => {
    const parts = s.split(',').map((p) => p.trim());
    for (const p of parts)
      if (p !== 'open' && !(CASE_STATUSES as readonly string[]).includes(p)) {
        ctx.addIssue({ code: 'custom', message: `unknown status "${p}"` });
        return z.NEVER;
      }
    return parts;
  });

export const casesListQuery = z.strictObject({
  status: statusList.optional(),
  tenant: idSchema.optional(),
  assignee: z.string().min(1).max(128).optional(),
  priority: z.enum(PRIORITIES).optional(),
  category: z.enum(CASE_CATEGORIES).optional(),
  channel: z.enum(['web', 'phone', 'mail', 'alert', 'visit']).optional(),
  sla: z.enum(['breached', 'at-risk']).optional(),
  q: z.string().trim().max(200).optional(),
  cursor,
  limit,
});

export const caseCreateBody = z.strictObject({
  tenant: idSchema,
  title: text(200),
  description: z.string().trim().max(20_000),
  category: z.enum(CASE_CATEGORIES),
  channel: z.enum(['phone', 'mail', 'visit', 'web']),
  priority: z.enum(PRIORITIES).optional(),
  template: z.string().min(1).max(64).optional(),
  occurredAt: epochMs.nullable().optional(),
  affectedHost: optionalText(200),
  reporterName: optionalText(200),
  reporterContact: optionalText(200),
  assigneeId: z.string().min(1).max(128).nullable().optional(),
});
export type CaseCreateInput = z.output<typeof caseCreateBody>;

export const casePatchBody = z.strictObject({
  title: text(200).optional(),
  description: z.string().trim().max(20_000).optional(),
  priority: z.enum(PRIORITIES).optional(),
  category: z.enum(CASE_CATEGORIES).optional(),
  assigneeId: z.string().min(1).max(128).nullable().optional(),
  checklist: z.record(z.string().min(1).max(64), z.boolean()).optional(),
});
export type CasePatchInput = z.output<typeof casePatchBody>;

export const caseStatusBody = z.strictObject({
  status: z.enum(CASE_STATUSES),
  note: optionalText(4000),
  resolution: optionalText(4000),
});

export const noteBody = z.strictObject({ body: text(20_000), visibility: z.enum(VISIBILITIES) });
export const messageBody = z.strictObject({ body: text(20_000) });

export const consultationBody = z.strictObject({
  whatHappened: text(4000),
  title: text(200).optional(),
  occurredAt: epochMs.nullable().optional(),
  affectedHost: optionalText(200),
  urgency: z.enum(URGENCIES),
  category: z.enum(CASE_CATEGORIES).optional(),
  contactName: optionalText(200),
  contactPhone: z
    .string()
    .regex(/^[0-9+()\- ]{0,32}$/, 'digits, spaces, "+", "-", "(" and ")"')
    .nullable()
    .optional(),
});
export type ConsultationInput = z.output<typeof consultationBody>;

/** A linked event must look like one (a time) and stay small. */
const eventJson = z
  .record(z.string(), z.unknown())
  .refine((e) => typeof e.ts === 'string' && !Number.isNaN(Date.parse(e.ts)), 'an event with a "ts" time')
  .refine((e) => JSON.stringify(e).length <= 32_768, 'at most 32 KiB of JSON');

export const linkBody = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('observable'),
    type: z.enum(OBSERVABLE_TYPES),
    value: z.string().trim().min(1).max(2048),
    note: optionalText(1000),
  }),
  z.strictObject({ kind: z.literal('alert'), alertId: z.string().min(1).max(128), note: optionalText(1000) }),
  z.strictObject({ kind: z.literal('event'), event: eventJson, note: optionalText(1000) }),
]);
export type LinkInput = z.output<typeof linkBody>;

export const linkDeleteQuery = z.strictObject({
  kind: z.enum(['observable', 'alert', 'event']),
  type: z.string().min(1).max(32),
  value: z.string().min(1).max(2048),
});

export const statsQuery = z.strictObject({
  month: z
    .string()
    .regex(/^[0-9]{4}-(0[1-9]|1[0-2])$/, 'a month YYYY-MM')
    .optional(),
});

// ---- observables ----

const LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
const DOMAIN_RE = new RegExp(`^(?:${LABEL}\\.)+[a-z][a-z0-9-]{0,62}$`);
const HOST_RE = /^[a-z0-9](?:[a-z0-9._-]{0,251}[a-z0-9])?$/;
const HASH_RE = /^(?:[0-9a-f]{32}|[0-9a-f]{40}|[0-9a-f]{64})$/;
const CONTROL_RE = /[\u0000-\u001f\u007f]/;

/**
 * The value in its canonical form (lower-case names and hashes, compressed addresses
 * left as typed), or an error text saying what a value of that type looks like.
 */
export function normalizeObservable(
  type: ObservableType,
  raw: string,
): { value: string } | { error: string } {
  const v = raw.trim();
  switch (type) {
    case 'ip':
      return isIP(v) ? { value: v.toLowerCase() } : { error: 'an IPv4 or IPv6 address' };
    case 'domain': {
      const d = v.toLowerCase().replace(/\.$/, '');
      return d.length <= 253 && DOMAIN_RE.test(d)
        ? { value: d }
        : { error: 'a domain name like example.com' };
    }
    case 'url': {
      try {
        const u = new URL(v);
        if (!['http:', 'https:', 'ftp:'].includes(u.protocol)) return { error: 'an http, https or ftp URL' };
        return { value: u.href };
      } catch {
        return { error: 'an http, https or ftp URL' };
      }
    }
    case 'hash': {
      const h = v.toLowerCase();
      return HASH_RE.test(h) ? { value: h } : { error: 'an MD5, SHA-1 or SHA-256 hash in hex' };
    }
    case 'email': {
      const e = v.toLowerCase();
      return z.email().safeParse(e).success && e.length <= 254 ? { value: e } : { error: 'a mail address' };
    }
    case 'host': {
      const h = v.toLowerCase();
      return HOST_RE.test(h) ? { value: h } : { error: 'a host name (letters, digits, ".", "-", "_")' };
    }
    case 'file':
      return v.length <= 1024 && !CONTROL_RE.test(v) ? { value: v } : { error: 'a file name or path' };
  }
}
