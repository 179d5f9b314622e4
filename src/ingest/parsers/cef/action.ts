/**
 * Action words of CEF / LEEF producers beyond the shared table in fields.ts, e.g.
 *   act=IDS:Reset        Trend Micro Deep Security in detect-only (IDS) mode → detect
 *   act=HTTPS Bypass     Check Point HTTPS Inspection let the session through → allow
 *   act=clear_session    FortiGate DoS policy cleared the flooding session → block
 *   act=DELIVERED        Cisco ESA delivered the message → allow
 *   action=Refuse        Forcepoint NGFW refused the connection → block
 * Unknown non-empty words become `other`, never null, so a present action is never lost.
 */
import type { Action } from '../../../event/event.js';
import { normAction, str } from '../fields.js';

const EXTRA: Record<string, Action> = {
  delivered: 'allow',
  bypass: 'allow',
  'https bypass': 'allow',
  inspect: 'allow',
  inform: 'allow',
  forward: 'allow',
  'force allow': 'allow',
  clear_session: 'block',
  delete: 'block',
  deleted: 'block',
  clean: 'block',
  cleaned: 'block',
  'deny access': 'block',
  refuse: 'block',
  refused: 'block',
  terminate: 'reset',
  terminated: 'reset',
  detectonly: 'detect',
  'log only': 'detect',
  'drop-all': 'drop',
};

export function vendorAction(v: string | undefined | null): Action | null {
  const s = str(v);
  if (s === null) return null;
  const a = normAction(s);
  if (a) return a;
  const l = s.toLowerCase();
  const e = EXTRA[l];
  if (e) return e;
  // Trend Micro: "IDS:Reset", "IDS:Deny" = would have acted; detect-only mode
  if (l.startsWith('ids:')) return 'detect';
  if (l.startsWith('drop')) return 'drop';
  if (l.startsWith('reset')) return 'reset';
  if (l.startsWith('block') || l.startsWith('deny')) return 'block';
  return 'other';
}
