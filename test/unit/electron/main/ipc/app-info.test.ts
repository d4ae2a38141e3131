import { describe, expect, it } from 'vitest';
import { AppInfoSchema } from '../../../../../shared/ipc/contract';
import { createAppInfoHandlers } from '../../../../../electron/main/ipc/app-info';

describe('app info', () => {
  it('answers name, version, desktop mode and platform when asked', async () => {
    const { getAppInfo } = createAppInfoHandlers({
      app: { getName: () => 'callcenter-console', getVersion: () => '0.1.0' },
      platform: 'win32',
    });
    const info = await getAppInfo(undefined);
    expect(info).toEqual({ name: 'callcenter-console', version: '0.1.0', mode: 'desktop', platform: 'win32' });
    expect(AppInfoSchema.parse(info)).toEqual(info);
  });
});
