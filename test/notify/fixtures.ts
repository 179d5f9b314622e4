/**
 * People for the mail tests, written straight into the state database: two companies
 * (alpha-kogyo, beta-shoji) with contacts and company users, and provider staff of every
 * role, some with an address, one disabled, engineers assigned to one company each.
 */
import { randomUUID } from 'node:crypto';
import type { Role } from '../../src/accounts/model.js';
import type { StateDb } from '../../src/storage/state/state-db.js';

export const ALPHA = 'alpha-kogyo';
export const BETA = 'beta-shoji';

export async function addCompany(
  db: StateDb,
  c: { id: string; name: string; nameEn?: string; contactName?: string; contactEmail?: string },
): Promise<void> {
  const now = Date.now();
  await db
    .insertInto('companies')
    .values({
      id: c.id,
      name: c.name,
      name_en: c.nameEn ?? null,
      prefecture: 'Tokyo',
      city: null,
      industry: 'manufacturing',
      employees: 20,
      capital_yen: 10_000_000,
      contact_name: c.contactName ?? null,
      contact_phone: null,
      contact_email: c.contactEmail ?? null,
      created_at: now,
      updated_at: now,
    })
    .execute();
}

export async function addUser(
  db: StateDb,
  u: {
    login: string;
    role: Role;
    name?: string;
    tenant?: string;
    email?: string | null;
    locale?: 'ja' | 'en';
    disabled?: boolean;
    assigned?: readonly string[];
  },
): Promise<string> {
  const id = randomUUID();
  const now = Date.now();
  await db
    .insertInto('users')
    .values({
      id,
      login: u.login,
      name: u.name ?? u.login,
      email: u.email ?? null,
      role: u.role,
      tenant: u.tenant ?? null,
      // never logged in with: the mail tests need people, not sessions
      password_hash: 'x',
      must_change_password: 0,
      totp_secret: null,
      totp_enabled: 0,
      totp_last_step: null,
      failed_logins: 0,
      locked_until: null,
      disabled: u.disabled ? 1 : 0,
      locale: u.locale ?? null,
      last_login_at: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  for (const tenant of u.assigned ?? [])
    await db.insertInto('user_companies').values({ user_id: id, tenant }).execute();
  return id;
}

export interface People {
  engineerA: string;
  engineerB: string;
  agent: string;
}

/** The standard cast; addresses say who they are. */
export async function seedPeople(db: StateDb): Promise<People> {
  await addCompany(db, {
    id: ALPHA,
    name: 'アルファ工業株式会社',
    nameEn: 'Alpha Kogyo Co., Ltd.',
    contactName: '山田太郎',
    contactEmail: 'Owner@alpha.example.jp',
  });
  await addCompany(db, { id: BETA, name: 'ベータ商事', contactEmail: 'owner@beta.example.jp' });
  // the same person as the contact address: one mail, not two
  await addUser(db, {
    login: 'alpha-owner',
    role: 'company-admin',
    tenant: ALPHA,
    email: 'owner@alpha.example.jp',
  });
  await addUser(db, {
    login: 'alpha-boss',
    role: 'company-admin',
    tenant: ALPHA,
    name: '佐藤花子',
    email: 'boss@alpha.example.jp',
  });
  await addUser(db, {
    login: 'alpha-it',
    role: 'company-admin',
    tenant: ALPHA,
    name: 'Ken Ito',
    email: 'it@alpha.example.jp',
    locale: 'en',
  });
  await addUser(db, {
    login: 'alpha-viewer',
    role: 'company-viewer',
    tenant: ALPHA,
    email: 'viewer@alpha.example.jp',
  });
  await addUser(db, {
    login: 'alpha-gone',
    role: 'company-admin',
    tenant: ALPHA,
    email: 'gone@alpha.example.jp',
    disabled: true,
  });
  await addUser(db, {
    login: 'beta-boss',
    role: 'company-admin',
    tenant: BETA,
    email: 'boss@beta.example.jp',
  });
  await addUser(db, {
    login: 'op',
    role: 'operator-admin',
    name: '運用責任者',
    email: 'op@otasuke.example.jp',
  });
  await addUser(db, {
    login: 'soc',
    role: 'analyst',
    name: 'SOC Analyst',
    email: 'soc@otasuke.example.jp',
    locale: 'en',
  });
  await addUser(db, {
    login: 'soc-old',
    role: 'analyst',
    email: 'soc-old@otasuke.example.jp',
    disabled: true,
  });
  await addUser(db, { login: 'soc-nomail', role: 'analyst' });
  const agent = await addUser(db, {
    login: 'desk',
    role: 'agent',
    name: '窓口担当',
    email: 'desk@otasuke.example.jp',
  });
  const engineerA = await addUser(db, {
    login: 'eng-a',
    role: 'engineer',
    name: '鈴木一郎',
    email: 'eng-a@otasuke.example.jp',
    assigned: [ALPHA],
  });
  const engineerB = await addUser(db, {
    login: 'eng-b',
    role: 'engineer',
    name: '高橋次郎',
    email: 'eng-b@otasuke.example.jp',
    assigned: [BETA],
  });
  await addUser(db, {
    login: 'expert-a',
    role: 'expert',
    email: 'expert-a@otasuke.example.jp',
    assigned: [ALPHA],
  });
  return { engineerA, engineerB, agent };
}

/** An enabled UTM of `tenant` registered at `createdAt` (the scheduled mails look at that). */
export async function addDevice(db: StateDb, tenant: string, createdAt: number): Promise<void> {
  await db
    .insertInto('devices')
    .values({
      id: `${tenant}-fw`,
      tenant,
      format: 'fortigate',
      timezone: 'Asia/Tokyo',
      internal_networks: null,
      token_hash: null,
      tls_fingerprint: null,
      enabled: 1,
      silent_after_ms: 3_600_000,
      created_at: createdAt,
      updated_at: createdAt,
      last_seen_at: null,
    })
    .execute();
}
