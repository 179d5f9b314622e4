/** react-i18next setup: Japanese by default, English on request; the choice is kept in localStorage. */
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en.json';
import ja from './ja.json';

export type Lang = 'ja' | 'en';
const KEY = 'otasuke.lang';

function storedLang(): Lang {
  try {
    return localStorage.getItem(KEY) === 'en' ? 'en' : 'ja';
  } catch {
    return 'ja';
  }
}

export function currentLang(): Lang {
  return i18next.language === 'en' ? 'en' : 'ja';
}

export function setLang(lang: Lang): void {
  try {
    localStorage.setItem(KEY, lang);
  } catch {
    // private mode: the choice lasts for this page only
  }
  void i18next.changeLanguage(lang);
}

i18next.on('languageChanged', (lng) => {
  document.documentElement.lang = lng === 'en' ? 'en' : 'ja';
});

void i18next.use(initReactI18next).init({
  // The catalogs are bundled: initialise synchronously so the first render has them.
  initAsync: false,
  resources: { ja: { translation: ja }, en: { translation: en } },
  lng: storedLang(),
  fallbackLng: 'ja',
  interpolation: { escapeValue: false },
  returnNull: false,
});
document.documentElement.lang = currentLang();

export default i18next;
