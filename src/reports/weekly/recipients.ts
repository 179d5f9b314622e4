/**
 * Who gets a company's weekly summary, and the mail that its monthly report is ready
 * (src/reports/archive/report-mail.ts): its contacts (the contact address and the
 * company-admins, as for every company mail) and its company-viewers, who read the
 * company's reports too. Enabled users with an address only; each address once; the
 * tenant's own people only.
 */
import { companyContacts, dedupe, type Recipient, usableAddress } from '../../notify/recipients.js';
import type { StateDb } from '../../storage/state/state-db.js';

export async function weeklyRecipients(db: StateDb, tenant: string): Promise<Recipient[]> {
  const viewers = await db
    .selectFrom('users')
    .select(['email', 'name', 'locale'])
    .where('tenant', '=', tenant)
    .where('role', '=', 'company-viewer')
    .where('disabled', '=', 0)
    .where('email', 'is not', null)
    .orderBy('login')
    .execute();
  const out: Recipient[] = [];
  for (const v of viewers) {
    const address = usableAddress(v.email);
    if (address)
      out.push({ address, locale: v.locale === 'en' ? 'en' : 'ja', name: v.name, audience: 'company' });
  }
  return dedupe([...(await companyContacts(db, tenant)), ...out]);
}
