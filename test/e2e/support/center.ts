import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';
import { startPbx, type Pbx, type PbxSubscriber } from '../../../pbx/dev-pbx';
import { DEMO_TRUNK } from '../../../pbx/demo-trunk';
import { readHubSubscribers } from '../../../pbx/hub-export';
import { startTestPhoneServer } from '../../../pbx/test-phone/page-server';
import { TestPhone } from '../../../pbx/test-phone/test-phone';
import { startHub, type HubProcess, type HubProcessOptions } from '../../support/hub-process';
import { freePort } from '../../support/managed-process';

/**
 * A whole call center on loopback: the real hub (which exports its agents' SIP accounts), the real
 * dev PBX started from that export, and a page server for customers' test phones.
 */
export interface Center {
  hub: HubProcess;
  pbx: Pbx;
  phonePageUrl: string;
  stop(): Promise<void>;
}

/** Subscribers the tests add beside the hub's agents: the trunk and desk phones of departments. */
export const TEST_PHONES = {
  trunk: DEMO_TRUNK,
  /** 技术服务部, a transfer target of the demo org design. */
  techService: { username: '2001', password: 'test-2001-secret' },
  /** 客服部经理, a person among the transfer targets. */
  manager: { username: '2010', password: 'test-2010-secret' },
  /** A plain UDP desk phone (baresip). */
  deskPhone: { username: '9002', password: 'test-9002-secret' },
} as const;

/** `hub`: how to run the hub, e.g. on a database seeded beforehand (the screen-pop benchmark's million customers). */
export async function startCenter(logDir: string, hub: Pick<HubProcessOptions, 'dataDir' | 'demo' | 'customers' | 'env'> = {}): Promise<Center> {
  const wsPort = await freePort();
  const exportDir = mkdtempSync(join(tmpdir(), 'hub-pbx-'));
  const hubProcess = await startHub({
    logDir,
    ...hub,
    env: { ...hub.env, HUB_SIP_WS_URL: `ws://127.0.0.1:${wsPort}`, HUB_PBX_DBTEXT_DIR: exportDir },
  });
  const subscribers: PbxSubscriber[] = [...readHubSubscribers(exportDir), ...Object.values(TEST_PHONES)];
  const pbx = await startPbx({ wsPort, subscribers, withRtpengine: true, logDir });
  const phoneServer = await startTestPhoneServer();
  return {
    hub: hubProcess,
    pbx,
    phonePageUrl: phoneServer.url,
    async stop() {
      await phoneServer.close();
      await pbx.stop();
      await hubProcess.stop();
    },
  };
}

/** A customer calling in through the trunk, presenting `number` as the carrier would. */
export async function openCustomerPhone(context: BrowserContext, center: Center, name: string, options: { displayName?: string; noTelephoneEvent?: boolean } = {}) {
  const phone = await TestPhone.open(context, name, {
    pageUrl: center.phonePageUrl,
    wsUrl: center.pbx.wsUrl,
    aor: center.pbx.sipUri(TEST_PHONES.trunk.username),
    username: TEST_PHONES.trunk.username,
    password: TEST_PHONES.trunk.password,
    ...options,
  });
  const registration = await phone.register();
  if (registration.state !== 'Registered') throw new Error(`customer phone ${name}: ${JSON.stringify(registration)}`);
  return phone;
}

export async function openDeskPhone(context: BrowserContext, center: Center, name: string, account: { username: string; password: string }) {
  const phone = await TestPhone.open(context, name, {
    pageUrl: center.phonePageUrl,
    wsUrl: center.pbx.wsUrl,
    aor: center.pbx.sipUri(account.username),
    username: account.username,
    password: account.password,
  });
  const registration = await phone.register();
  if (registration.state !== 'Registered') throw new Error(`desk phone ${name}: ${JSON.stringify(registration)}`);
  return phone;
}

export function customerCall(phone: TestPhone, center: Center, extension: string, from: string, ivr: string | null = 'consult') {
  const headers = [`P-Asserted-Identity: <sip:${from}@${center.pbx.domain}>`];
  if (ivr) headers.push(`X-IVR-Choice: ${ivr}`);
  return phone.call(center.pbx.sipUri(extension), headers);
}

/**
 * Keeps every RTCPeerConnection the console creates, so a test can read RTP statistics without a
 * test hook in the product: the console never knows it is observed.
 */
export async function trackPeerConnections(context: BrowserContext) {
  await context.addInitScript(() => {
    const Native = window.RTCPeerConnection;
    const all: RTCPeerConnection[] = [];
    (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs = all;
    window.RTCPeerConnection = class extends Native {
      constructor(...args: ConstructorParameters<typeof RTCPeerConnection>) {
        super(...args);
        all.push(this);
      }
    } as typeof RTCPeerConnection;
  });
}

/** inbound-rtp audio bytes of the console's newest live peer connection (0 when there is none). */
export async function consoleInboundBytes(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const pcs = ((window as unknown as { __pcs?: RTCPeerConnection[] }).__pcs ?? []).filter((pc) => pc.connectionState !== 'closed');
    const pc = pcs.at(-1);
    if (!pc) return 0;
    let bytes = 0;
    (await pc.getStats()).forEach((report: { type: string; kind?: string; bytesReceived?: number }) => {
      if (report.type === 'inbound-rtp' && report.kind === 'audio') bytes += report.bytesReceived ?? 0;
    });
    return bytes;
  });
}

/** Bytes received in a window of `ms`, from a function that reads a growing counter. */
export async function growth(read: () => Promise<number>, ms = 1500): Promise<number> {
  const before = await read();
  await new Promise((resolve) => setTimeout(resolve, ms));
  return (await read()) - before;
}
