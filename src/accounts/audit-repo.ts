/** Reading the audit log: filters and a keyset cursor, newest first. */
import type { AuditLogTable, StateDb } from '../storage/state/state-db.js';

export interface AuditFilter {
  from?: number;
  to?: number;
  /** a user id or a login */
  actor?: string;
  tenant?: string;
  action?: string;
  /** continue after this entry (from the previous page) */
  after?: { at: number; id: string };
  limit: number;
}

export async function queryAudit(db: StateDb, f: AuditFilter): Promise<AuditLogTable[]> {
  let q = db.selectFrom('audit_log').selectAll();
  if (f.from !== undefined) q = q.where('at', '>=', f.from);
  if (f.to !== undefined) q = q.where('at', '<', f.to);
  if (f.actor !== undefined) {
    const actor = f.actor;
    q = q.where((eb) => eb.or([eb('actor_id', '=', actor), eb('actor_login', '=', actor.toLowerCase())]));
  }
  if (f.tenant !== undefined) q = q.where('tenant', '=', f.tenant);
  if (f.action !== undefined) q = q.where('action', '=', f.action);
  if (f.after !== undefined) {
    const { at, id } = f.after;
    q = q.where((eb) => eb.or([eb('at', '<', at), eb.and([eb('at', '=', at), eb('id', '<', id)])]));
  }
  return q.orderBy('at', 'desc').orderBy('id', 'desc').limit(f.limit).execute();
}

export function encodeAuditCursor(at: number, id: string): string {
  return Buffer.from(`${at}:${id}`, 'utf8').toString('base64url');
}

export function decodeAuditCursor(cursor: string): { at: number; id: string } | null {
  const m = /^(\d{1,16}):([\w-]{1,64})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  return m ? { at: Number(m[1]), id: m[2] } : null;
}
