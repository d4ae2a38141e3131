import type { Handlers } from './register';

export interface AppInfoDeps {
  app: { getName(): string; getVersion(): string };
  platform: NodeJS.Platform;
}

export function createAppInfoHandlers({ app, platform }: AppInfoDeps): Pick<Handlers, 'getAppInfo'> {
  return {
    getAppInfo: () => ({ name: app.getName(), version: app.getVersion(), mode: 'desktop', platform }),
  };
}
