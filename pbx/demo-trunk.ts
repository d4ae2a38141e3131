/**
 * The dev PBX's stand-in for a carrier trunk. A real center's calls arrive through a trunk that
 * presents the customer's number in P-Asserted-Identity; the demo caller and the tests register as
 * this subscriber and do the same, so any caller number can ring an agent. Development only.
 */
export const DEMO_TRUNK = { username: '9000', password: 'demo-trunk-9000' } as const;

/** SIP WebSocket port of the dev PBX that `npm start` runs; the hub's default HUB_SIP_WS_URL points here. */
export const DEV_PBX_WS_PORT = 8088;
export const DEV_PBX_SIP_PORT = 5060;
