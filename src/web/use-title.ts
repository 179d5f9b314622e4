/** The browser tab's title follows the page (screen readers announce it on navigation). */
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

/** `null`: leave the title alone (the page is still loading, or a child page sets it). */
export function useTitle(title: string | null): void {
  const { t } = useTranslation();
  const app = t('app.name');
  useEffect(() => {
    if (title !== null) document.title = `${title} | ${app}`;
  }, [title, app]);
}
