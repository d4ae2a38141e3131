import type { ConfigProviderProps } from 'antd';
import enUS from 'antd/es/locale/en_US';
import zhCN from 'antd/es/locale/zh_CN';
import type { Language } from '../../../shared/domain/i18n';

// The ES build: antd/locale/* is CommonJS and drags antd's whole CommonJS build into the bundle.
type AntdLocale = NonNullable<ConfigProviderProps['locale']>;

/** antd's own strings (table sorting, empty states, pickers) follow the console's language. */
export const antdLocales: Record<Language, AntdLocale> = { 'zh-CN': zhCN, 'en-US': enUS };
