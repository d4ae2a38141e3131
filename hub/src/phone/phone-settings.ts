import { DEFAULT_IVR_HEADER, DEFAULT_SIP_WS_URL, type IceServer } from '../config';
import { DEFAULT_SIP_REALM } from '../seed/demo-users';

/** What the hub tells every console about the PBX; from the environment (see hub/README.md). */
export interface PhoneSettings {
  wsUrl: string;
  /** The SIP domain, which is also the digest realm the users' HA1 were made with. */
  realm: string;
  iceServers: IceServer[];
  ivrHeader: string;
}

export const DEFAULT_PHONE_SETTINGS: PhoneSettings = {
  wsUrl: DEFAULT_SIP_WS_URL,
  realm: DEFAULT_SIP_REALM,
  iceServers: [],
  ivrHeader: DEFAULT_IVR_HEADER,
};
