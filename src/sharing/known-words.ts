/**
 * Words of the provider's own records that name a company or a person (company names,
 * contacts): the export drops any threat or application name that contains one. The
 * event store does not know them; the state database does.
 */
import { listCompanies } from '../accounts/companies-repo.js';
import type { StateDb } from '../storage/state/state-db.js';

export async function companyWords(db: StateDb): Promise<string[]> {
  const words: string[] = [];
  for (const c of await listCompanies(db))
    for (const w of [c.name, c.name_en, c.contact_name, c.contact_email, c.contact_phone])
      if (w) words.push(w);
  return words;
}
