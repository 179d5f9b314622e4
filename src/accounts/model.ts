/** Roles (SPEC §1) and the authenticated principal every route sees. */

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
}
