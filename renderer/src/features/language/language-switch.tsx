import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, type Language } from '../../../../shared/domain/i18n';
import { useConsoleStore } from '../../store';

/** Each language is named in itself, so someone who cannot read the current one still finds theirs. */
export function LanguageSwitch() {
  const { t } = useTranslation();
  const language = useConsoleStore((s) => s.ui.language);
  const setLanguage = useConsoleStore((s) => s.setLanguage);
  return (
    <Select<Language>
      aria-label={t('language.label')}
      value={language}
      // Not virtual: rc-select then puts role=option on the visible items instead of on hidden copies.
      virtual={false}
      onChange={(next) => void setLanguage(next)}
      options={LANGUAGES.map((value) => ({
        value,
        label: <span lang={value}>{t(`language.options.${value}`)}</span>,
      }))}
      style={{ width: 104 }}
    />
  );
}
