import { describe, expect, it, vi } from 'vitest';
import type { SipConfig } from '../../../../../shared/api/phone';
import { buildUserAgentOptions, ICE_GATHERING_TIMEOUT_MS } from '../../../../../renderer/src/services/sip/user-agent-options';

const config: SipConfig = {
  wsUrl: 'wss://pbx.example:8089/ws',
  domain: 'callcenter.local',
  extension: '1001',
  authorizationUsername: '1001',
  ha1: 'c9462f3021caa2acf29d80c415fc3bfa',
  displayName: '张敏',
  iceServers: [],
  ivrHeader: 'X-IVR-Choice',
};

function build(overrides: Partial<SipConfig> = {}) {
  const log = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
  const options = buildUserAgentOptions({ ...config, ...overrides }, { delegate: {}, sessionDescriptionHandlerFactory: vi.fn(), log });
  return { options, log };
}

describe('buildUserAgentOptions', () => {
  it('registers the AOR sip:EXT@domain with the HA1, never a password', () => {
    const { options } = build();
    expect(options.uri?.toString()).toBe('sip:1001@callcenter.local');
    expect(options.authorizationUsername).toBe('1001');
    expect(options.authorizationHa1).toBe(config.ha1);
    expect(options.authorizationPassword).toBeUndefined();
    expect(options.transportOptions).toMatchObject({ server: 'wss://pbx.example:8089/ws', connectionTimeout: 5, traceSip: false });
  });

  it('passes no ICE servers when the center has none (sip.js would use a public STUN server) and a short gathering timeout', () => {
    const { options } = build();
    expect(options.sessionDescriptionHandlerFactoryOptions).toEqual({
      peerConnectionConfiguration: { iceServers: [] },
      iceGatheringTimeout: ICE_GATHERING_TIMEOUT_MS,
    });
    expect(ICE_GATHERING_TIMEOUT_MS).toBeLessThanOrEqual(500);
  });

  it("passes the center's own ICE servers through", () => {
    const iceServers = [{ urls: 'turn:turn.callcenter.local:3478', username: 'u', credential: 'c' }];
    expect(build({ iceServers }).options.sessionDescriptionHandlerFactoryOptions).toMatchObject({ peerConnectionConfiguration: { iceServers } });
  });

  it("routes only sip.js's warnings and errors to the logger, shortened", () => {
    const { options, log } = build();
    expect(options.logLevel).toBe('warn');
    expect(options.logBuiltinEnabled).toBe(false);
    options.logConnector!('log', 'sip.Transport', undefined, 'INFO sip:x SIP/2.0 Signal=5');
    options.logConnector!('warn', 'sip.Transport', undefined, 'x'.repeat(1000));
    options.logConnector!('error', 'sip.Registerer', undefined, 'boom');
    expect(log.info).not.toHaveBeenCalled();
    expect(log.warn.mock.calls[0]![0].length).toBeLessThan(400);
    expect(log.error).toHaveBeenCalledWith('sip.js sip.Registerer: boom');
  });

  it('refuses settings that make no SIP URI', () => {
    expect(() => build({ extension: 'a b@c' })).toThrow(/not a SIP URI/);
  });
});
