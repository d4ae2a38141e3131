import type { PhoneConfig } from '../../../../shared/api/phone';

/** The hub's phone configuration for agent1 (extension 1001), as the store tests' fake hub hands it out. */
export const AGENT_PHONE_CONFIG: PhoneConfig = {
  sip: {
    wsUrl: 'ws://127.0.0.1:8088',
    domain: 'callcenter.local',
    extension: '1001',
    authorizationUsername: '1001',
    ha1: '0123456789abcdef0123456789abcdef',
    displayName: '张敏',
    iceServers: [],
    ivrHeader: 'X-IVR-Choice',
  },
  reasonCodes: [{ code: 'break', label: { 'zh-CN': '小休', 'en-US': 'Break' } }],
  dispositionCodes: [{ code: 'consult-answered', label: { 'zh-CN': '咨询已解答', 'en-US': 'Question answered' } }],
  queueDispositions: [],
  // Off here, so that the store tests about the phone need no wrap-up before Ready; the wrap-up gate has its own tests.
  wrapUp: { seconds: 30, autoReady: false, dispositionRequired: false },
};
