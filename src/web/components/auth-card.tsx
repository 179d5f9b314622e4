/** The frame of the pages shown before the portal opens (login, forced password change). */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LangSwitch } from './layout.js';

export function AuthCard({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className="auth-page">
      <div className="auth-tools">
        <LangSwitch />
      </div>
      <main id="main" className="auth-card">
        <p className="brand">{t('app.name')}</p>
        {children}
      </main>
    </div>
  );
}
