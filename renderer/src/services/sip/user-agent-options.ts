import { SIPExtension, UserAgent, type LogLevel, type SessionDescriptionHandlerFactory, type UserAgentDelegate, type UserAgentOptions } from 'sip.js';
import type { SipConfig } from '../../../../shared/api/phone';
import type { Logger } from '../../logger';

/** Seconds sip.js waits for the WebSocket to open; with REGISTER_TIMEOUT_MS it bounds a first try under 10 s. */
export const CONNECT_TIMEOUT_S = 5;
/** The default (5 s) would hold every offer and answer for 5 s when no ICE server answers. */
export const ICE_GATHERING_TIMEOUT_MS = 500;
export const USER_AGENT_STRING = 'callcenter-console (sip.js 0.21)';

export interface UserAgentHooks {
  delegate: UserAgentDelegate;
  sessionDescriptionHandlerFactory: SessionDescriptionHandlerFactory;
  log: Logger;
}

/** The longest sip.js log line passed on; its messages can quote whole SIP requests. */
const MAX_LOG_LINE = 300;

/**
 * The sip.js configuration for one extension. Digest auth uses the HA1 the hub hands out (never a
 * password); ICE servers come only from the center's configuration, because sip.js's default is
 * a public STUN server the call floor cannot reach, and waiting for it stalls every call setup.
 */
export function buildUserAgentOptions(config: SipConfig, hooks: UserAgentHooks): Partial<UserAgentOptions> {
  const uri = UserAgent.makeURI(`sip:${config.extension}@${config.domain}`);
  if (!uri) throw new Error(`sip:${config.extension}@${config.domain} is not a SIP URI`);
  const { log } = hooks;
  return {
    uri,
    displayName: config.displayName,
    authorizationUsername: config.authorizationUsername,
    authorizationHa1: config.ha1,
    transportOptions: { server: config.wsUrl, connectionTimeout: CONNECT_TIMEOUT_S, traceSip: false },
    userAgentString: USER_AGENT_STRING,
    // Only warnings and errors, through the console's logger: sip.js's `log` level prints every
    // SIP message, and INFO bodies carry DTMF digits (card numbers, PINs).
    logLevel: 'warn',
    logBuiltinEnabled: false,
    logConfiguration: false,
    logConnector: (level: LogLevel, category: string, _label: string | undefined, content: string) => {
      const line = content.length > MAX_LOG_LINE ? `${content.slice(0, MAX_LOG_LINE)}…` : content;
      if (level === 'error') log.error(`sip.js ${category}: ${line}`);
      else if (level === 'warn') log.warn(`sip.js ${category}: ${line}`);
    },
    // An attended transfer that picks this agent as its target arrives as an INVITE with Replaces.
    sipExtensionReplaces: SIPExtension.Supported,
    sessionDescriptionHandlerFactory: hooks.sessionDescriptionHandlerFactory,
    sessionDescriptionHandlerFactoryOptions: {
      peerConnectionConfiguration: { iceServers: config.iceServers.map((server) => ({ ...server })) },
      iceGatheringTimeout: ICE_GATHERING_TIMEOUT_MS,
    },
    delegate: hooks.delegate,
  };
}
