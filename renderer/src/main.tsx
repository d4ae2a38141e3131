import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app';
import { loadStartupValues } from './app/startup';
import { createBrowserMediaDevices } from './features/phone/media-devices';
import { applyLanguage, i18n, initI18n, reflectInDocument } from './i18n';
import { bridge } from './platform/bridge';
import { createHubClient } from './services/hub';
import { AppDb, appDbName } from './services/local-db/app-db';
import { createPushClient } from './services/push';
import { createSipPhone } from './services/sip';
import { configureStoreDeps, useConsoleStore } from './store';
import './app/global.css';

async function start(): Promise<void> {
  configureStoreDeps({
    bridge,
    createHubClient: (baseUrl) => createHubClient({ baseUrl }),
    createSipPhone: () => createSipPhone(),
    createPushClient: (options) => createPushClient({ ...options, fetch: (input, init) => fetch(input, init) }),
    mediaDevices: createBrowserMediaDevices(),
    openAppDb: (userId) => new AppDb(appDbName(userId)),
    storage: navigator.storage,
    translate: (key, values) => i18n.t(key, values),
  });

  const { hubUrl, language, mode } = await loadStartupValues(bridge, window.location, window.history);
  await initI18n(language);
  reflectInDocument(language);
  useConsoleStore.getState().initUi({ language, mode });
  useConsoleStore.subscribe((state, previous) => {
    if (state.ui.language !== previous.ui.language) void applyLanguage(state.ui.language);
  });

  const container = document.getElementById('root');
  if (!container) throw new Error('index.html has no #root element.');
  createRoot(container).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
  await useConsoleStore.getState().restoreSession(hubUrl);
}

void start();
