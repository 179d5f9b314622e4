/** The public surface of accounts: roles and principal, audit, companies lookups, sessions, bootstrap. */
export {
  type AuditEntry,
  type AuditLog,
  auditChange,
  auditCompanyRead,
  auditLog,
  auditOperatorRead,
} from './audit.js';
export { type BootstrapAdmin, bootstrapAdminLine, ensureBootstrapAdmin } from './bootstrap.js';
export { type CompanyRow, companyNames, getCompany, listCompanies } from './companies-repo.js';
export {
  ALL_COMPANY_READERS,
  COMPANY_ROLES,
  type CompanyRole,
  isCompanyRole,
  isOperatorRole,
  OPERATOR_ROLES,
  type OperatorRole,
  type Principal,
  ROLES,
  type Role,
} from './model.js';
export { installPrincipal, TOKEN_PRINCIPAL } from './principal-hook.js';
export { accountsRoutes } from './routes.js';
export { filterReadable, readableTenants } from './scope.js';
export { SESSION_ABSOLUTE_MS, SESSION_COOKIE, SESSION_IDLE_MS } from './sessions.js';
