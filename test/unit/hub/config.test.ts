import { describe, expect, it } from 'vitest';
import { ConfigError, loadSettings, redactUrl } from '../../../hub/src/config';

const ROOT = '/srv/console';

describe('loadSettings', () => {
  it('uses the documented defaults when nothing is set', () => {
    expect(loadSettings({}, [], ROOT)).toEqual({
      port: 8790,
      host: '127.0.0.1',
      dataDir: '/srv/console/.data/hub',
      databaseUrl: null,
      staticDir: '/srv/console/out/renderer',
      sipRealm: 'callcenter.local',
      logLevel: 'info',
      demoCustomers: null,
    });
  });

  it('reads every variable and flag when they are set', () => {
    const settings = loadSettings(
      {
        HUB_PORT: '0',
        HUB_HOST: '0.0.0.0',
        HUB_DATA_DIR: '/var/lib/hub',
        HUB_DATABASE_URL: 'postgres://hub:pw@db:5432/hub',
        HUB_STATIC_DIR: 'dist/console',
        HUB_SIP_REALM: 'pbx.example',
      },
      ['--demo', '--customers', '20000'],
      ROOT,
    );

    expect(settings).toMatchObject({
      port: 0,
      host: '0.0.0.0',
      dataDir: '/var/lib/hub',
      databaseUrl: 'postgres://hub:pw@db:5432/hub',
      staticDir: '/srv/console/dist/console',
      sipRealm: 'pbx.example',
      demoCustomers: 20000,
    });
  });

  it('seeds 3000 customers when --demo comes alone', () => {
    expect(loadSettings({}, ['--demo'], ROOT).demoCustomers).toBe(3000);
  });

  it.each([
    [{ HUB_PORT: 'eighty' }, [], /HUB_PORT/],
    [{ HUB_PORT: '70000' }, [], /HUB_PORT/],
    [{ HUB_PORT: '-1' }, [], /HUB_PORT/],
    [{ HUB_DATABASE_URL: 'mysql://x' }, [], /HUB_DATABASE_URL/],
    [{}, ['--customers', '5'], /--demo/],
    [{}, ['--demo', '--customers', 'many'], /--customers/],
    [{}, ['--verbose'], /usage/],
  ])('throws a ConfigError when the settings are %j %j', (env, argv, message) => {
    expect(() => loadSettings(env, argv, ROOT)).toThrow(ConfigError);
    expect(() => loadSettings(env, argv, ROOT)).toThrow(message);
  });
});

describe('redactUrl', () => {
  it('hides the password when the URL has one', () => {
    expect(redactUrl('postgres://hub:secret@db:5432/hub')).toBe('postgres://hub:***@db:5432/hub');
  });
});
