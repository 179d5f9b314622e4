/**
 * What the desk tells the notifier about cases. The notifier promises not to throw; a
 * broken one must still not turn a saved change into an error answer.
 */
import type { ApiDeps } from '../api/deps.js';
import type { NotificationEvent } from '../notify/model.js';
import type { CaseRow } from './cases-repo.js';

export async function tell(deps: Pick<ApiDeps, 'notifier'>, event: NotificationEvent): Promise<void> {
  try {
    await deps.notifier?.notify(event);
  } catch {
    // the change is saved; the notifier logs and counts its own failures
  }
}

export function caseCreatedEvent(c: CaseRow): NotificationEvent {
  return {
    kind: 'case-created',
    tenant: c.tenant,
    caseId: c.id,
    number: c.number,
    title: c.title,
    channel: c.channel,
    priority: c.priority,
  };
}

export function caseUpdatedEvent(
  c: CaseRow,
  change: { status?: string; message?: string; by?: 'staff' | 'company'; entryId?: string },
): NotificationEvent {
  return { kind: 'case-updated', tenant: c.tenant, caseId: c.id, number: c.number, title: c.title, change };
}
