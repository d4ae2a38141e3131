import { LANGUAGES, type Language } from '../../../shared/domain/i18n';

export type Messages = { [key: string]: string | Messages };

// Loaded through Vite rather than `import x from './x.json'`: the web tsconfig's `include` does not
// list .json files, which a composite project requires for a typed JSON import.
const modules = import.meta.glob<Messages>('./locales/*.json', { eager: true, import: 'default' });

function messagesFor(language: Language): Messages {
  const messages = modules[`./locales/${language}.json`];
  if (!messages) throw new Error(`No translation file for ${language}.`);
  return messages;
}

/** The translation files, one per supported language; a missing file fails at start-up, not later. */
export const localeMessages: Record<Language, Messages> = Object.fromEntries(
  LANGUAGES.map((language) => [language, messagesFor(language)]),
) as Record<Language, Messages>;
