import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { PhoneConfigSchema, type SipConfig } from '../../../shared/api/phone';
import { sessionOf } from '../auth/authenticate';
import type { UserRow } from '../auth/users';
import { loadDispositionCodes } from '../call-logs/disposition-code-repo';
import type { Db, Queryable } from '../db/db';
import { protectedErrors } from '../http/schemas';
import { loadQueueDispositions, loadReasonCodes, loadWrapUp } from './phone-repo';
import type { PhoneSettings } from './phone-settings';

const HA1_PATTERN = /^[0-9a-f]{32}$/;

// The HA1 is read here only, not with the session's user: it is a password equivalent for the
// PBX and has no business travelling with every authenticated request.
async function loadSipConfig(db: Queryable, user: UserRow, phone: PhoneSettings, warn: (message: string) => void): Promise<SipConfig | null> {
  if (user.sip_extension === null) return null;
  const { rows } = await db.query<{ sip_ha1: string | null }>('select sip_ha1 from users where id = $1', [user.id]);
  const ha1 = rows[0]?.sip_ha1?.toLowerCase() ?? null;
  if (ha1 === null || !HA1_PATTERN.test(ha1)) {
    warn(`user ${user.username} has extension ${user.sip_extension} but no valid SIP HA1; the console gets no phone`);
    return null;
  }
  return {
    wsUrl: phone.wsUrl,
    domain: phone.realm,
    extension: user.sip_extension,
    authorizationUsername: user.sip_extension,
    ha1,
    displayName: user.display_name,
    iceServers: phone.iceServers,
    ivrHeader: phone.ivrHeader,
  };
}

export const phoneRoutes: FastifyPluginAsyncZod<{ db: Db; phone: PhoneSettings }> = async (app, { db, phone }) => {
  app.get('/api/v1/phone/config', {
    schema: {
      summary: "The softphone's configuration for the signed-in user: SIP account, Not-ready reasons, disposition codes (and each queue's), wrap-up rule",
      tags: ['phone'],
      response: { 200: PhoneConfigSchema, ...protectedErrors },
    },
    handler: async (request) => {
      const { user } = sessionOf(request);
      const [sip, reasonCodes, dispositionCodes, queueDispositions, wrapUp] = await Promise.all([
        loadSipConfig(db, user, phone, (message) => request.log.warn(message)),
        loadReasonCodes(db),
        loadDispositionCodes(db),
        loadQueueDispositions(db),
        loadWrapUp(db, (value) => request.log.warn({ value }, 'settings.wrap_up is invalid; using the default')),
      ]);
      return { sip, reasonCodes, dispositionCodes, queueDispositions, wrapUp };
    },
  });
};
