import i18next, { type i18n as I18n, type Resource } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { DEFAULT_LANGUAGE, LANGUAGES, LanguageSchema, type Language } from '../../../shared/domain/i18n';
import { localeMessages } from './locale-messages';

export const resources: Resource = Object.fromEntries(
  LANGUAGES.map((language) => [language, { translation: localeMessages[language] }]),
);

/** Our own instance, not the global default, so nothing else on the page can change its state. */
export const i18n: I18n = i18next.createInstance();

export async function initI18n(language: Language): Promise<void> {
  await i18n.use(initReactI18next).init({
    resources,
    lng: language,
    fallbackLng: DEFAULT_LANGUAGE,
    supportedLngs: [...LANGUAGES],
    // React escapes what it renders; escaping here too would show `&amp;` in names.
    interpolation: { escapeValue: false },
    returnNull: false,
  });
}

export async function applyLanguage(language: Language): Promise<void> {
  await i18n.changeLanguage(language);
  reflectInDocument(language);
}

/** `?lang=en-US` in a web-mode link picks the language; anything else is ignored. */
export function languageFromSearch(search: string): Language | null {
  const parsed = LanguageSchema.safeParse(new URLSearchParams(search).get('lang'));
  return parsed.success ? parsed.data : null;
}

// Screen readers pick their voice from <html lang>; the tab title follows the language too.
export function reflectInDocument(language: Language): void {
  document.documentElement.lang = language;
  document.title = i18n.t('app.name');
}
