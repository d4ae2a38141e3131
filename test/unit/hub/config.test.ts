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
      sipWsUrl: 'ws://127.0.0.1:8088',
      iceServers: [],
      ivrHeader: 'X-IVR-Choice',
      pbxDbTextDir: null,
      logLevel: 'info',
      trustProxy: [],
      demoCustomers: null,
      recordingsDir: '/srv/console/.data/hub/recordings',
    });
  });

  it('reads the load balancers to believe, and refuses anything but addresses and ranges', () => {
    expect(loadSettings({ HUB_TRUST_PROXY: '10.0.0.5, 10.1.0.0/16,fd00::/8' }, [], ROOT).trustProxy).toEqual(['10.0.0.5', '10.1.0.0/16', 'fd00::/8']);
    for (const bad of ['true', '*', '10.0.0.0/33', 'lb.example', '10.0.0.1/8/1']) {
      expect(() => loadSettings({ HUB_TRUST_PROXY: bad }, [], ROOT), bad).toThrow(ConfigError);
    }
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
        HUB_SIP_WS_URL: 'wss://pbx.example:8089/ws',
        HUB_ICE_SERVERS: '[{"urls":["stun:stun.pbx.example:3478"]},{"urls":"turns:turn.pbx.example","username":"u","credential":"c"}]',
        HUB_IVR_HEADER: 'X-Queue-Choice',
        HUB_PBX_DBTEXT_DIR: '.data/pbx-db',
        HUB_RECORDINGS_DIR: '/mnt/recordings',
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
      sipWsUrl: 'wss://pbx.example:8089/ws',
      iceServers: [{ urls: ['stun:stun.pbx.example:3478'] }, { urls: 'turns:turn.pbx.example', username: 'u', credential: 'c' }],
      ivrHeader: 'X-Queue-Choice',
      pbxDbTextDir: '/srv/console/.data/pbx-db',
      recordingsDir: '/mnt/recordings',
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
    [{ HUB_SIP_WS_URL: 'http://pbx:8088' }, [], /^HUB_SIP_WS_URL must be a ws:\/\/ or wss:\/\/ URL/],
    [{ HUB_SIP_WS_URL: 'pbx:8088' }, [], /^HUB_SIP_WS_URL/],
    [{ HUB_SIP_REALM: 'call:center' }, [], /^HUB_SIP_REALM/],
    [{ HUB_IVR_HEADER: 'X IVR' }, [], /^HUB_IVR_HEADER/],
    [{ HUB_IVR_HEADER: 'X-IVR:' }, [], /^HUB_IVR_HEADER/],
  ])('throws a ConfigError when the settings are %j %j', (env, argv, message) => {
    expect(() => loadSettings(env, argv, ROOT)).toThrow(ConfigError);
    expect(() => loadSettings(env, argv, ROOT)).toThrow(message);
  });
});

describe('loadSettings HUB_ICE_SERVERS', () => {
  it.each([
    ['[{urls: "stun:x"}]', /^HUB_ICE_SERVERS is not valid JSON at position 2; expected e\.g\. \[/],
    ['{"urls":"stun:x"}', /^HUB_ICE_SERVERS: .*array/],
    ['[{"url":"stun:x"}]', /^HUB_ICE_SERVERS\[0\]\.urls: /],
    ['[{"urls":"stun:x"},{"urls":["stun:y","stun.example.com"]}]', /^HUB_ICE_SERVERS\[1\]\.urls\[1\]: "stun\.example\.com" is not a stun:/],
    ['[{"urls":"turn:turn.example"}]', /^HUB_ICE_SERVERS\[0\]\.urls: a TURN server needs username and credential/],
    ['[{"urls":[]}]', /^HUB_ICE_SERVERS\[0\]\.urls: needs at least one URL/],
  ])('throws a ConfigError naming the mistake when it is %s', (value, message) => {
    expect(() => loadSettings({ HUB_ICE_SERVERS: value }, [], ROOT)).toThrow(ConfigError);
    expect(() => loadSettings({ HUB_ICE_SERVERS: value }, [], ROOT)).toThrow(message);
  });

  it('keeps a TURN credential out of the message when the JSON is broken', () => {
    expect(() => loadSettings({ HUB_ICE_SERVERS: '[{"urls":"turn:t","username":"u","credential":s3cret}]' }, [], ROOT)).toThrow(
      /^HUB_ICE_SERVERS is not valid JSON; expected/,
    );
    expect(() => loadSettings({ HUB_ICE_SERVERS: '[{"urls":"turn:t","username":"u","credential":s3cret}]' }, [], ROOT)).not.toThrow(/s3cret/);
  });

  it('reads an empty value as no ICE servers', () => {
    expect(loadSettings({ HUB_ICE_SERVERS: ' ' }, [], ROOT).iceServers).toEqual([]);
  });
});

describe('redactUrl', () => {
  it('hides the password when the URL has one', () => {
    expect(redactUrl('postgres://hub:secret@db:5432/hub')).toBe('postgres://hub:***@db:5432/hub');
  });
});
