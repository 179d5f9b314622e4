/** Service-wide settings, one JSON value per key in the settings table. */
import { RULE_LEVELS, type RuleLevel } from '../desk/model.js';
import type { StateDb } from '../storage/state/state-db.js';
import type { Settings } from './model.js';

export const DEFAULT_SETTINGS: Settings = {
  require_operator_totp: false,
  'notify.alert_min_level': 'high',
};

export async function getSettings(db: StateDb): Promise<Settings> {
  const rows = await db.selectFrom('settings').select(['key', 'value']).execute();
  const out: Settings = { ...DEFAULT_SETTINGS };
  for (const r of rows) {
    // unknown or malformed values keep the default rather than breaking every request
    if (r.key === 'require_operator_totp') {
      try {
        out.require_operator_totp = JSON.parse(r.value) === true;
      } catch {
        out.require_operator_totp = DEFAULT_SETTINGS.require_operator_totp;
      }
    }
    if (r.key === 'notify.alert_min_level') {
      const v = parseJson(r.value);
      if ((RULE_LEVELS as readonly unknown[]).includes(v)) out['notify.alert_min_level'] = v as RuleLevel;
    }
  }
  return out;
}

function parseJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}

export async function putSettings(db: StateDb, s: Partial<Settings>, now: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const [key, v] of Object.entries(s)) {
      if (v === undefined) continue;
      const value = JSON.stringify(v);
      await trx
        .insertInto('settings')
        .values({ key, value, updated_at: now })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: now }))
        .execute();
    }
  });
}
