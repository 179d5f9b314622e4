/**
 * Users: operator-admin sees and manages everyone; a company-admin manages the users of
 * its own company (company roles only). Temporary passwords are shown once.
 */
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ALL_ROLES, api, COMPANY_ROLES, isOperator, type Role, type User } from '../api.js';
import { useUser } from '../auth.js';
import { type Flash, FlashMessage } from '../components/flash-message.js';
import { Field, FormError } from '../components/form-field.js';
import { DataStatus, errorText, NotFound } from '../components/status.js';
import { fmtDateTime, splitList } from '../format.js';
import { currentLang } from '../i18n/index.js';
import { useData } from '../use-data.js';
import { useTitle } from '../use-title.js';

function CreateUser({
  roles,
  fixedTenant,
  onDone,
}: {
  roles: readonly Role[];
  fixedTenant: string | null;
  onDone: (m: Flash) => void;
}) {
  const { t } = useTranslation();
  const [login, setLogin] = useState('');
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>(roles[0]);
  const [tenant, setTenant] = useState(fixedTenant ?? '');
  const [error, setError] = useState<string | null>(null);
  const needsTenant = COMPANY_ROLES.includes(role);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const r = await api.createUser({
        login,
        name,
        ...(email ? { email } : {}),
        role,
        ...(needsTenant ? { tenant: fixedTenant ?? tenant } : {}),
      });
      setLogin('');
      setName('');
      setEmail('');
      onDone({
        ok: true,
        text: `${t('users.created', { login: r.user.login })} ${t('users.tempPassword')}`,
        secret: r.temporaryPassword,
      });
    } catch (err) {
      setError(errorText(t, err));
    }
  };
  return (
    <details className="panel">
      <summary>{t('users.create')}</summary>
      <form onSubmit={submit} className="form-grid">
        <Field
          id="nu-login"
          label={t('users.login')}
          required
          autoComplete="off"
          value={login}
          onValue={setLogin}
        />
        <Field id="nu-name" label={t('users.name')} required value={name} onValue={setName} />
        <Field id="nu-email" label={t('users.email')} type="email" value={email} onValue={setEmail} />
        <div className="field">
          <label htmlFor="nu-role">{t('users.role')}</label>
          <select id="nu-role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {roles.map((r) => (
              <option key={r} value={r}>
                {t(`roles.${r}`)}
              </option>
            ))}
          </select>
        </div>
        {needsTenant && !fixedTenant ? (
          <Field id="nu-tenant" label={t('users.tenant')} required value={tenant} onValue={setTenant} />
        ) : null}
        <FormError error={error} />
        <div className="buttons">
          <button type="submit" className="primary">
            {t('users.create')}
          </button>
        </div>
      </form>
    </details>
  );
}

/** Engineers and experts see only the companies assigned to them (operator-admin sets them). */
function Assigned({ u, onMsg, reload }: { u: User; onMsg: (m: Flash) => void; reload: () => void }) {
  const { t } = useTranslation();
  const me = useUser();
  const [value, setValue] = useState(u.assigned.join(', '));
  if (me.role !== 'operator-admin') return <>{u.assigned.join(', ') || '–'}</>;
  const save = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await api.assignCompanies(u.id, splitList(value));
      onMsg({ ok: true, text: t('app.saved') });
      reload();
    } catch (err) {
      onMsg({ ok: false, text: errorText(t, err) });
    }
  };
  return (
    <form onSubmit={save} className="inline-form">
      <label htmlFor={`asg-${u.id}`} className="small">
        {t('users.assigned')}
      </label>
      <input id={`asg-${u.id}`} value={value} onChange={(e) => setValue(e.target.value)} />
      <button type="submit">{t('app.save')}</button>
    </form>
  );
}

function UserRow({
  u,
  roles,
  onMsg,
  reload,
}: {
  u: User;
  roles: readonly Role[];
  onMsg: (m: Flash) => void;
  reload: () => void;
}) {
  const { t } = useTranslation();
  const lang = currentLang();
  const me = useUser();
  const [role, setRole] = useState<Role>(u.role);
  const act = async (fn: () => Promise<Flash>) => {
    try {
      onMsg(await fn());
      reload();
    } catch (e) {
      onMsg({ ok: false, text: errorText(t, e) });
    }
  };
  const state = u.disabled
    ? t('users.disabled')
    : u.locked
      ? t('users.locked')
      : u.mustChangePassword
        ? t('users.mustChange')
        : t('users.active');
  const self = u.id === me.id;
  return (
    <tr>
      <th scope="row">
        {u.login}
        <div className="muted small">{u.name}</div>
      </th>
      <td>
        {self ? (
          t(`roles.${u.role}`)
        ) : (
          <>
            <label className="sr-only" htmlFor={`role-${u.id}`}>
              {t('users.role')} {u.login}
            </label>
            <select id={`role-${u.id}`} value={role} onChange={(e) => setRole(e.target.value as Role)}>
              {(roles.includes(u.role) ? roles : [u.role, ...roles]).map((r) => (
                <option key={r} value={r}>
                  {t(`roles.${r}`)}
                </option>
              ))}
            </select>
            {role !== u.role ? (
              <button
                type="button"
                onClick={() =>
                  act(async () => {
                    await api.updateUser(u.id, { role });
                    return { ok: true, text: t('app.saved') };
                  })
                }
              >
                {t('users.saveRole')}
              </button>
            ) : null}
          </>
        )}
      </td>
      <td>
        {u.role === 'engineer' || u.role === 'expert' ? (
          <Assigned u={u} onMsg={onMsg} reload={reload} />
        ) : (
          (u.tenantName ?? u.tenant ?? '–')
        )}
      </td>
      <td className={u.disabled || u.locked ? 'warn' : undefined}>{state}</td>
      <td>{u.totpEnabled ? t('app.yes') : t('app.no')}</td>
      <td className="nowrap">{fmtDateTime(u.lastLoginAt, lang)}</td>
      <td>
        <div className="buttons">
          {self ? null : (
            <>
              <button
                type="button"
                aria-label={`${u.disabled ? t('users.enable') : t('users.disable')} ${u.login}`}
                onClick={() =>
                  act(async () => {
                    await api.updateUser(u.id, { disabled: !u.disabled });
                    return { ok: true, text: t('app.saved') };
                  })
                }
              >
                {u.disabled ? t('users.enable') : t('users.disable')}
              </button>
              <button
                type="button"
                aria-label={`${t('users.reset')} ${u.login}`}
                onClick={() => {
                  if (!window.confirm(t('users.resetConfirm', { login: u.login }))) return;
                  void act(async () => {
                    const r = await api.resetPassword(u.id);
                    return {
                      ok: true,
                      text: t('users.resetDone', { login: u.login }),
                      secret: r.temporaryPassword,
                    };
                  });
                }}
              >
                {t('users.reset')}
              </button>
            </>
          )}
        </div>
      </td>
    </tr>
  );
}

export function UsersPage() {
  const { t } = useTranslation();
  useTitle(t('users.title'));
  const me = useUser();
  const allowed = me.role === 'operator-admin' || me.role === 'company-admin';
  const q = useData(
    (signal) => (allowed ? api.users(undefined, { signal }) : Promise.resolve({ users: [] })),
    'users',
  );
  const [msg, setMsg] = useState<Flash>(null);
  if (!allowed) return <NotFound />;
  const roles = isOperator(me.role) ? ALL_ROLES : COMPANY_ROLES;
  return (
    <div className="page">
      <h1>{t('users.title')}</h1>
      <p className="lead">{isOperator(me.role) ? t('users.introAll') : t('users.introCompany')}</p>
      <FlashMessage msg={msg} />
      <CreateUser
        roles={roles}
        fixedTenant={isOperator(me.role) ? null : me.tenant}
        onDone={(m) => {
          setMsg(m);
          q.reload();
        }}
      />
      <DataStatus state={q} />
      {q.data ? (
        <div className="table-wrap">
          <table className="data users">
            <caption className="sr-only">{t('users.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('users.login')}</th>
                <th scope="col">{t('users.role')}</th>
                <th scope="col">{t('users.company')}</th>
                <th scope="col">{t('users.state')}</th>
                <th scope="col">{t('users.totp')}</th>
                <th scope="col">{t('account.lastLogin')}</th>
                <th scope="col">{t('users.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {q.data.users.map((u) => (
                <UserRow
                  key={`${u.id}-${u.role}-${u.disabled}`}
                  u={u}
                  roles={roles}
                  onMsg={setMsg}
                  reload={q.reload}
                />
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
}
