/** Roles (SPEC §1), the authenticated principal every route sees, and the accounts API's input schemas. */
import { z } from 'zod';
import { RULE_LEVELS, type RuleLevel } from '../desk/model.js';
import { idSchema } from '../devices/model.js';

export const OPERATOR_ROLES = ['operator-admin', 'analyst', 'agent', 'engineer', 'expert'] as const;
export const COMPANY_ROLES = ['company-admin', 'company-viewer'] as const;
export const ROLES = [...OPERATOR_ROLES, ...COMPANY_ROLES] as const;

export type OperatorRole = (typeof OPERATOR_ROLES)[number];
export type CompanyRole = (typeof COMPANY_ROLES)[number];
export type Role = (typeof ROLES)[number];

/** Operator roles that read every company's data (the others see assigned companies only). */
export const ALL_COMPANY_READERS: readonly Role[] = ['operator-admin', 'analyst', 'agent'];

export function isOperatorRole(role: Role): role is OperatorRole {
  return (OPERATOR_ROLES as readonly string[]).includes(role);
}

export function isCompanyRole(role: Role): role is CompanyRole {
  return (COMPANY_ROLES as readonly string[]).includes(role);
}

/** Who is calling: a logged-in user (session cookie) or the operator API token. */
export interface Principal {
  userId: string;
  login: string;
  name: string;
  role: Role;
  /** The company of a company user; null for provider staff. */
  tenant: string | null;
  via: 'session' | 'token';
  /** Companies an engineer / expert is assigned to (empty for other roles). */
  assigned: readonly string[];
  /** Session only: the CSRF token unsafe requests must echo in `x-csrf-token`. */
  csrfToken?: string;
  /** Session only: the password must be changed before anything else is allowed. */
  mustChangePassword?: boolean;
  /** Session only: whether the user has a second factor (the TOTP policy gate reads it). */
  totpEnabled?: boolean;
  /** Session only: SHA-256 of the session cookie (logout and "end other sessions"). */
  sessionId?: string;
}

/** Password policy: long rather than complex (NIST SP 800-63B), never the login itself. */
export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 256;

// Logins are case-insensitive: stored and compared lower-case.
export const loginSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._@-]{2,63}$/, '3–64 letters, digits, ".", "_", "@" or "-"');

export const loginBody = z.strictObject({
  login: z.string().min(1).max(128),
  password: z.string().min(1).max(1024),
  totp: z
    .string()
    .regex(/^[0-9]{6}$/, '6 digits')
    .optional(),
});

export const passwordBody = z.strictObject({
  current: z.string().min(1).max(1024),
  next: z.string().min(PASSWORD_MIN).max(PASSWORD_MAX),
});

export const totpCodeBody = z.strictObject({ code: z.string().regex(/^[0-9]{6}$/, '6 digits') });
export const totpDisableBody = z.strictObject({ password: z.string().min(1).max(1024) });

const nameSchema = z.string().trim().min(1).max(200);
const emailSchema = z.email().max(254).nullable();

export const userCreateBody = z.strictObject({
  login: loginSchema,
  name: nameSchema,
  email: emailSchema.optional(),
  role: z.enum(ROLES),
  tenant: idSchema.optional(),
});

export const userPatchBody = z.strictObject({
  name: nameSchema.optional(),
  email: emailSchema.optional(),
  role: z.enum(ROLES).optional(),
  disabled: z.boolean().optional(),
});

export const assignmentsBody = z.strictObject({
  tenants: z
    .array(idSchema)
    .max(1000)
    .refine((a) => new Set(a).size === a.length, 'no duplicates'),
});

export const usersQuery = z.strictObject({ tenant: idSchema.optional() });
export const userIdParams = z.strictObject({ id: z.string().min(1).max(64) });

/** The settings keys; `notify.alert_min_level` may be left out of a PUT (kept as it is). */
export const settingsBody = z.strictObject({
  require_operator_totp: z.boolean(),
  'notify.alert_min_level': z.enum(RULE_LEVELS).optional(),
});

export interface Settings {
  require_operator_totp: boolean;
  /** Alert mails (issue 5) go out from this rule level up; company contacts only for high/critical. */
  'notify.alert_min_level': RuleLevel;
}

const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();

const companyFields = {
  name: z.string().trim().min(1).max(200),
  nameEn: optionalText(200),
  prefecture: optionalText(50),
  city: optionalText(100),
  // industry id of SPEC §7 (manufacturing, wholesale, services, retail, …)
  industry: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,63}$/, 'an industry id (lower-case letters, digits, "-")')
    .nullable()
    .optional(),
  employees: z.number().int().min(0).max(10_000_000).nullable().optional(),
  capitalYen: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).nullable().optional(),
  contact: z
    .strictObject({
      name: optionalText(200),
      phone: z
        .string()
        .regex(/^[0-9+()\- ]{0,32}$/, 'digits, spaces, "+", "-", "(" and ")"')
        .nullable()
        .optional(),
      email: z.email().max(254).nullable().optional(),
    })
    .optional(),
};

export const companyCreateBody = z.strictObject({ id: idSchema, ...companyFields });
export const companyPatchBody = z.strictObject({ ...companyFields, name: companyFields.name.optional() });
export const tenantParams = z.strictObject({ tenant: idSchema });
