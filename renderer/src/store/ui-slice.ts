import type { StateCreator } from 'zustand';
import { DEFAULT_LANGUAGE, type Language } from '../../../shared/domain/i18n';
import { createLogger } from '../logger';
import { unwrap } from '../platform/ipc-result';
import type { ConsoleStore } from './console-store-types';
import { getStoreDeps } from './store-deps';

const log = createLogger('store/ui');

export type AppMode = 'desktop' | 'web';

export interface UiSliceState {
  ui: { language: Language; mode: AppMode };
}

export interface UiSliceActions {
  /** Start-up values, already persisted or read from settings: nothing is written back. */
  initUi(values: { language: Language; mode: AppMode }): void;
  /** The user's choice: shown at once and persisted through the bridge for the next start. */
  setLanguage(language: Language): Promise<void>;
}

export type UiSlice = UiSliceState & UiSliceActions;

export const initialUiState = (): UiSliceState => ({ ui: { language: DEFAULT_LANGUAGE, mode: 'web' } });

export const createUiSlice: StateCreator<ConsoleStore, [], [], UiSlice> = (set, get) => ({
  ...initialUiState(),
  initUi: (values) => set({ ui: { ...values } }),
  setLanguage: async (language) => {
    if (get().ui.language === language) return;
    set({ ui: { ...get().ui, language } });
    try {
      await unwrap(getStoreDeps().bridge.updateSettings({ language }));
    } catch (error) {
      // The switch already happened on screen; only the next start falls back to the old language.
      log.warn('could not persist the language', error);
    }
  },
});
