import { z } from 'zod';
import { DispositionCodeSchema } from './call-logs';
import { LocalizedTextSchema } from './org';
import { AGENT_STATES } from '../telephony/agent-state';

/** ICE servers come from the center's configuration; none public by default (no internet on the floor). */
export const IceServerSchema = z.object({
  urls: z.union([z.string(), z.array(z.string())]),
  username: z.string().optional(),
  credential: z.string().optional(),
});

/**
 * What the console needs to register the logged-in user's extension. The hub hands out the digest
 * HA1 (md5 of extension:realm:secret), never a plaintext SIP password: the PBX stores the same HA1.
 */
export const SipConfigSchema = z.object({
  /** SIP over WebSocket, e.g. `wss://pbx.example.com:8089/ws` (ws:// only on loopback). */
  wsUrl: z.string().min(1),
  domain: z.string().min(1),
  extension: z.string().min(1),
  authorizationUsername: z.string().min(1),
  ha1: z.string().regex(/^[0-9a-f]{32}$/),
  displayName: z.string(),
  iceServers: z.array(IceServerSchema),
  /** Header the PBX's IVR puts the caller's choice in (DOMAIN.md §2). */
  ivrHeader: z.string().min(1),
});
export type SipConfig = z.infer<typeof SipConfigSchema>;

export const ReasonCodeSchema = z.object({ code: z.string().min(1).max(32), label: LocalizedTextSchema });
export type ReasonCode = z.infer<typeof ReasonCodeSchema>;

/** `GET /api/v1/phone/config`: everything the softphone needs after login. `sip` is null for a role without a phone. */
export const PhoneConfigSchema = z.object({
  sip: SipConfigSchema.nullable(),
  reasonCodes: z.array(ReasonCodeSchema),
  /** The active disposition codes for wrap-up, in menu order. */
  dispositionCodes: z.array(DispositionCodeSchema),
  /**
   * Per queue (by the IVR choice its calls carry), the codes offered at wrap-up, in menu order; a
   * queue not listed offers every active code. Codes here are always among `dispositionCodes`.
   */
  queueDispositions: z.array(z.object({ ivrChoice: z.string(), codes: z.array(z.string()) })),
  wrapUp: z.object({
    seconds: z.number().int().positive().nullable(),
    autoReady: z.boolean(),
    /** Ready is refused until an answered call's disposition is saved (and its script finished). */
    dispositionRequired: z.boolean(),
  }),
});
export type PhoneConfig = z.infer<typeof PhoneConfigSchema>;

export const AgentStateSchema = z.enum(AGENT_STATES);

/** `POST /api/v1/agent/state`: one change of the agent's state, stamped by the console when it happened. */
export const AgentStateReportSchema = z.object({
  state: AgentStateSchema,
  reasonCode: z.string().max(32).nullable(),
  at: z.iso.datetime(),
  callId: z.string().max(64).nullable(),
});
export type AgentStateReport = z.infer<typeof AgentStateReportSchema>;
