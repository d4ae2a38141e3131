import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app';
import { loadStartupValues } from './app/startup';
import { createBrowserMediaDevices } from './features/phone/media-devices';
import { hashForPane, phonePaneOf } from './features/workspace/panes';
import { applyLanguage, i18n, initI18n, reflectInDocument } from './i18n';
import { bridge, registerTelHandler } from './platform/bridge';
import { createHubClient } from './services/hub';
import { AppDb, appDbName } from './services/local-db/app-db';
import { createPushClient } from './services/push';
import { createSipPhone } from './services/sip';
import { browserRecorderDeps } from './services/recording/browser-recorder-deps';
import { createBrowserTusUpload } from './services/recording/browser-tus';
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
    showPhonePane: () => {
      const role = useConsoleStore.getState().session.user?.role;
      const pane = role ? phonePaneOf(role) : null;
      if (pane) window.location.hash = hashForPane(pane);
    },
    ...(registerTelHandler ? { registerTelHandler } : {}),
    // Without MediaRecorder and AudioWorklet (an old embedded browser) calls are not recorded; nothing else changes.
    ...(typeof MediaRecorder !== 'undefined' && typeof AudioWorkletNode !== 'undefined'
      ? { recording: { media: browserRecorderDeps(), createUpload: createBrowserTusUpload, fetch: (input: RequestInfo | URL, init?: RequestInit) => fetch(input, init) } }
      : {}),
  });

  const { hubUrl, language, mode, settings } = await loadStartupValues(bridge, window.location, window.history);
  await initI18n(language);
  reflectInDocument(language);
  useConsoleStore.getState().initUi({ language, mode });
  if (settings) useConsoleStore.getState().initSettings(settings);
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
  // Before the session: a link that started the console waits for the login it finds.
  void useConsoleStore.getState().startDesktop();
  await useConsoleStore.getState().restoreSession(hubUrl);
}

void start();
