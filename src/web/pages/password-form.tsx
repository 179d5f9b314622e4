/** Password change (POST /api/auth/password): used by the forced change and the account page. */
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api.js';
import { Field, FormError } from '../components/form-field.js';
import { errorText } from '../components/status.js';

export function PasswordForm({ onDone, headingLevel = 2 }: { onDone?: () => void; headingLevel?: 1 | 2 }) {
  const { t } = useTranslation();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setDone(false);
    if (next.length < 12) return setError(t('password.tooShort'));
    if (next !== confirm) return setError(t('password.mismatch'));
    setBusy(true);
    setError(null);
    try {
      await api.changePassword(current, next);
      setCurrent('');
      setNext('');
      setConfirm('');
      setDone(true);
      onDone?.();
    } catch (err) {
      setError(errorText(t, err));
    } finally {
      setBusy(false);
    }
  };

  const H = headingLevel === 1 ? 'h1' : 'h2';
  return (
    <form onSubmit={submit} noValidate className="stack">
      {headingLevel === 2 ? <H>{t('password.title')}</H> : null}
      <p className="help">{t('password.hint')}</p>
      <Field
        id="pw-current"
        label={t('password.current')}
        type="password"
        autoComplete="current-password"
        value={current}
        onValue={setCurrent}
      />
      <Field
        id="pw-next"
        label={t('password.next')}
        type="password"
        autoComplete="new-password"
        minLength={12}
        value={next}
        onValue={setNext}
      />
      <Field
        id="pw-confirm"
        label={t('password.confirm')}
        type="password"
        autoComplete="new-password"
        value={confirm}
        onValue={setConfirm}
      />
      <FormError error={error} />
      {done ? (
        <p className="ok" role="status">
          {t('password.done')}
        </p>
      ) : null}
      <button type="submit" className="primary" disabled={busy || !current || !next}>
        {t('password.submit')}
      </button>
    </form>
  );
}
