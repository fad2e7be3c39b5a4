import i18n from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import { locales, type Locale } from '../../../shared/contracts/locales.js';
import { translations } from '../locales/index.js';

const storageKey = 'vaalivahti.locale';
export const defaultLocale: Locale = 'fi';

export const isLocale = (value: unknown): value is Locale =>
  typeof value === 'string' && (locales as readonly string[]).includes(value);

/** BCP 47 tags for Intl and React Aria: Swedish as written in Finland. */
export const localeTags: Record<Locale, string> = { fi: 'fi-FI', sv: 'sv-FI', en: 'en-GB' };

export const languageNames: Record<Locale, string> = { fi: 'Suomi', sv: 'Svenska', en: 'English' };

const readStoredLocale = (): Locale | null => {
  try {
    const stored = localStorage.getItem(storageKey);
    return isLocale(stored) ? stored : null;
  } catch {
    return null;
  }
};

const browserLocale = (): Locale | null => {
  for (const tag of navigator.languages ?? [navigator.language]) {
    const base = tag.toLowerCase().split('-')[0];
    if (isLocale(base)) return base;
  }
  return null;
};

export const initialLocale = (): Locale => readStoredLocale() ?? browserLocale() ?? defaultLocale;

const applyLocale = (locale: string) => {
  document.documentElement.lang = locale;
  try {
    localStorage.setItem(storageKey, locale);
  } catch {
    // Storage may be disabled; the choice then lasts for this page only.
  }
};

export const setupI18n = () => {
  i18n.on('languageChanged', applyLocale);
  void i18n.use(initReactI18next).init({
    resources: {
      fi: { translation: translations.fi },
      sv: { translation: translations.sv },
      en: { translation: translations.en },
    },
    lng: initialLocale(),
    fallbackLng: defaultLocale,
    supportedLngs: [...locales],
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  applyLocale(i18n.language);
  return i18n;
};

export const useLocale = (): Locale => {
  const { i18n: instance } = useTranslation();
  return isLocale(instance.resolvedLanguage) ? instance.resolvedLanguage : defaultLocale;
};

export const changeLocale = (locale: Locale) => i18n.changeLanguage(locale);
