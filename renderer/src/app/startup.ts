import { DEFAULT_LANGUAGE, type Language } from '../../../shared/domain/i18n';
import type { ConsoleApi, Settings } from '../../../shared/ipc/contract';
import { languageFromSearch } from '../i18n';
import { createLogger } from '../logger';
import { unwrap } from '../platform/ipc-result';
import type { AppMode } from '../store';

const log = createLogger('app/startup');

export interface StartupValues {
  hubUrl: string;
  language: Language;
  mode: AppMode;
  /** The whole settings (audio devices, hotkeys…); null when the bridge could not read them. */
  settings: Settings | null;
}

/**
 * What the console needs before its first paint: where the hub is, which language to speak, and
 * whether it runs in the desktop app. A failing bridge must not leave a blank window, so every
 * read falls back to the web-mode defaults.
 */
export async function loadStartupValues(bridge: ConsoleApi, location: Location, history: History): Promise<StartupValues> {
  let mode: AppMode = 'web';
  try {
    mode = (await unwrap(bridge.getAppInfo())).mode;
  } catch (error) {
    log.error('could not read the app info', error);
  }

  let hubUrl = '';
  let language: Language = DEFAULT_LANGUAGE;
  let settings: Settings | null = null;
  try {
    settings = await unwrap(bridge.getSettings());
    ({ hubUrl, language } = settings);
  } catch (error) {
    log.error('could not read the settings', error);
  }

  if (mode === 'web') {
    const fromUrl = languageFromSearch(location.search);
    if (fromUrl) {
      language = fromUrl;
      try {
        settings = await unwrap(bridge.updateSettings({ language }));
        // Persisted now; dropping it from the address keeps a later switch from being undone by a reload.
        const url = new URL(location.href);
        url.searchParams.delete('lang');
        history.replaceState(history.state, '', url);
      } catch (error) {
        log.warn('could not persist the language from the URL', error);
      }
    }
  }
  return { hubUrl, language, mode, settings };
}
