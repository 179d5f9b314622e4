/** The forced password change after a temporary password (API answers 403 password-change-required). */
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate } from 'react-router';
import { useAuth } from '../auth.js';
import { AuthCard } from '../components/auth-card.js';
import { Loading } from '../components/status.js';
import { useTitle } from '../use-title.js';
import { PasswordForm } from './password-form.js';

export function ForcedPasswordPage() {
  const { t } = useTranslation();
  useTitle(t('password.title'));
  const { user, refresh } = useAuth();
  const navigate = useNavigate();
  if (user === undefined) return <Loading />;
  if (user === null) return <Navigate to="/login" replace />;
  return (
    <AuthCard>
      <h1>{user.mustChangePassword ? t('password.forcedTitle') : t('password.title')}</h1>
      {user.mustChangePassword ? <p>{t('password.forcedIntro')}</p> : null}
      <PasswordForm
        headingLevel={1}
        onDone={async () => {
          await refresh();
          navigate('/', { replace: true });
        }}
      />
    </AuthCard>
  );
}
