/**
 * The console's SIP service (renderer/src/services/sip, createSipPhone) in real Chromium against
 * the real dev PBX (Kamailio + rtpengine from pbx/dev-pbx.ts). The service is bundled with
 * Vite's JS API exactly as the renderer imports it; each page is one SIP endpoint: agents 1001 and
 * 1002 run the service, the customer 9001 runs plain sip.js (it must follow a REFER, which the
 * console refuses to do). Assertions are on what crosses the wire and the media counters of the
 * peer connections, collected by an init script that wraps RTCPeerConnection.
 */
import { test, expect, chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ha1, PBX_DOMAIN, startPbx, type Pbx } from '../../../pbx/dev-pbx';
import { bundleService, instrumentPage, startPageServer } from './service-page';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../../..');
const logDir = path.join(repoRoot, 'test-results', 'sip-service-logs');

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-gpu',
  '--autoplay-policy=no-user-gesture-required',
  '--allow-loopback-in-peer-connection',
];

const PASSWORDS = {
  '1001': 'agent-1001-secret',
  '1002': 'agent-1002-secret',
  '9001': 'customer-9001-secret',
} as const;
type Extension = keyof typeof PASSWORDS;

interface SipConfig {
  wsUrl: string;
  domain: string;
  extension: string;
  authorizationUsername: string;
  ha1: string;
  displayName: string;
  iceServers: [];
  ivrHeader: string;
}

interface Registration {
  state: string;
  error: { code: string; detail: string } | null;
  attempt: number;
  nextRetryAt: number | null;
}
interface Call {
  id: string;
  direction: string;
  state: string;
  remote: { number: string | null; displayName: string };
  ivrChoice: string | null;
  muted: boolean;
  remoteHold: boolean;
  endedBy: string | null;
  endCause: string | null;
  transfer: { kind: string; target: string; state: string; error: string | null } | null;
  mediaRecovering: boolean;
}
interface Snapshot {
  registration: Registration;
  online: boolean;
  calls: Call[];
  devices: { microphoneId: string | null; speakerId: string | null; ringerId: string | null };
}
interface MediaElement {
  kind: 'stream' | 'blob' | 'other';
  paused: boolean;
  loop: boolean;
  currentTime: number;
  readyState: number;
  tracks: number;
}
interface Audio {
  inbound: { bytesReceived: number; packetsReceived: number; totalAudioEnergy: number } | null;
  outbound: { bytesSent: number; packetsSent: number } | null;
  connectionState: string;
  open: number;
}
type CommandResult<T = unknown> = { ok: true; value: T } | { ok: false; error: { name: string | null; code: string | null; detail: string | null; message: string } };

async function startSilentServer(): Promise<{ url: string; close: () => Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/**
 * A TCP relay in front of Kamailio: dropping its connections is an agent's network blip (Wi-Fi,
 * VPN) while the PBX and the customer stay up.
 */
async function startRelay(targetPort: number): Promise<{ url: string; dropAll: () => void; close: () => Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const track = (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.once('close', () => sockets.delete(socket));
  };
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    track(client);
    track(upstream);
    client.pipe(upstream);
    upstream.pipe(client);
    client.once('close', () => upstream.destroy());
    upstream.once('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  const dropAll = () => {
    for (const socket of sockets) socket.resetAndDestroy();
  };
  return {
    url: `ws://127.0.0.1:${port}`,
    dropAll,
    close: () =>
      new Promise<void>((resolve) => {
        dropAll();
        server.close(() => resolve());
      }),
  };
}

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

type PageApi = Record<string, (...args: unknown[]) => unknown>;

async function run<T>(page: Page, method: string, ...args: unknown[]): Promise<T> {
  return page.evaluate(
    async ([m, a]) => {
      const api = (window as unknown as { svc: PageApi }).svc;
      const fn = api[m];
      if (!fn) throw new Error(`svc.${m} does not exist`);
      return (await fn(...a)) as T;
    },
    [method, args] as const,
  );
}

let pbx: Pbx;
let pageServer: Awaited<ReturnType<typeof startPageServer>>;
let bundleDir: string;
let browser: Browser;
let context: BrowserContext;
const pages = new Map<string, Page>();
const figures: Record<string, unknown> = {};

function configFor(extension: Extension, overrides: Partial<SipConfig> = {}): SipConfig {
  return {
    wsUrl: pbx.wsUrl,
    domain: PBX_DOMAIN,
    extension,
    authorizationUsername: extension,
    ha1: ha1(extension, PBX_DOMAIN, PASSWORDS[extension]),
    displayName: `Agent ${extension}`,
    iceServers: [],
    ivrHeader: 'X-IVR-Choice',
    ...overrides,
  };
}

async function openPage(name: string): Promise<Page> {
  const page = await context.newPage();
  page.on('console', (msg) => {
    if (msg.type() === 'error' || msg.type() === 'warning') console.log(`[${name}] ${msg.type()}: ${msg.text()}`);
  });
  page.on('pageerror', (error) => console.log(`[${name}] page error: ${error.message}`));
  await page.goto(pageServer.url);
  await page.waitForFunction(() => (window as unknown as { svcReady?: boolean }).svcReady === true);
  pages.set(name, page);
  return page;
}

function pageOf(name: string): Page {
  const page = pages.get(name);
  if (!page) throw new Error(`page ${name} is not open`);
  return page;
}

const snapshot = (name: string) => run<Snapshot>(pageOf(name), 'snapshot');
const audio = (name: string) => run<Audio | null>(pageOf(name), 'audio');
const mediaElements = (name: string) => run<MediaElement[]>(pageOf(name), 'mediaElements');
const command = <T = unknown>(name: string, method: string, ...args: unknown[]) => run<CommandResult<T>>(pageOf(name), 'phone', method, ...args);
const customerState = () => run<{ state: string | null; code: number | null; sessions: number; refers: number; infos: { contentType: string | null; body: string }[] }>(pageOf('customer'), 'customerState');

async function liveCall(name: string): Promise<Call> {
  let call: Call | undefined;
  await expect.poll(async () => {
    call = (await snapshot(name)).calls.find((c) => c.state !== 'ended');
    return call?.state ?? 'none';
  }).not.toBe('none');
  return call!;
}

/** inbound audio bytes at `name` over `ms`: [before, after]. */
async function inboundGrowth(name: string, ms: number): Promise<[number, number]> {
  const before = (await audio(name))?.inbound?.bytesReceived ?? 0;
  await new Promise((resolve) => setTimeout(resolve, ms));
  const after = (await audio(name))?.inbound?.bytesReceived ?? 0;
  return [before, after];
}

async function callAgentFromCustomer(headers: string[] = ['X-IVR-Choice: complaint']): Promise<Call> {
  await run(pageOf('customer'), 'customerCall', pbx.sipUri('1001'), { headers });
  return liveCall('agent');
}

async function hangUpEverything(): Promise<void> {
  for (const name of ['agent', 'agent2']) {
    const page = pages.get(name);
    if (!page) continue;
    for (const call of (await snapshot(name)).calls.filter((c) => c.state !== 'ended')) await command(name, 'hangUp', call.id);
  }
  if (pages.has('customer')) await run(pageOf('customer'), 'customerHangup');
  await expect.poll(async () => (await snapshot('agent')).calls.filter((c) => c.state !== 'ended').length).toBe(0);
}

test.describe.configure({ mode: 'serial' });
// The browser context spans all tests (one registered phone per page, as in the console), so
// per-test traces and screenshots of it would be cut at test boundaries; the page logs are printed
// instead. Off also keeps a concurrent Playwright run that empties test-results/ from failing this one.
test.use({ trace: 'off', screenshot: 'off' });

test.beforeAll(async () => {
  test.setTimeout(120_000);
  fs.rmSync(logDir, { recursive: true, force: true });
  let t = Date.now();
  bundleDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sip-service-bundle-'));
  await bundleService(bundleDir);
  figures.bundleMs = Date.now() - t;
  t = Date.now();
  pbx = await startPbx({
    subscribers: (Object.keys(PASSWORDS) as Extension[]).map((username) => ({ username, password: PASSWORDS[username] })),
    withRtpengine: true,
    logDir,
  });
  figures.pbxStartMs = Date.now() - t;
  pageServer = await startPageServer(bundleDir);
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  context = await browser.newContext({ permissions: ['microphone'] });
  await instrumentPage(context);
});

test.afterAll(async () => {
  test.setTimeout(60_000);
  console.log(`SIP service figures: ${JSON.stringify(figures)}`);
  await context?.close();
  await browser?.close();
  await pageServer?.close();
  await pbx?.stop();
  if (bundleDir) fs.rmSync(bundleDir, { recursive: true, force: true });
});

test('registers agent 1001 with its digest HA1 and the customer with a password', async () => {
  const agent = await openPage('agent');
  const started = await run<{ ms: number; snapshot: Snapshot }>(agent, 'phoneStart', configFor('1001'));
  console.log(`agent 1001 start() resolved in ${started.ms} ms: ${JSON.stringify(started.snapshot.registration)}`);
  figures.registerMs = started.ms;
  expect(started.snapshot.registration).toMatchObject({ state: 'registered', error: null, attempt: 0 });
  expect(started.ms).toBeLessThan(10_000);

  const customer = await openPage('customer');
  expect(await run(customer, 'customerStart', { wsUrl: pbx.wsUrl, aor: pbx.sipUri('9001'), username: '9001', password: PASSWORDS['9001'] })).toBe(200);
});

test('rings the agent with the caller number and IVR choice, and answering gives audio both ways', async () => {
  const t0 = Date.now();
  const ringing = await callAgentFromCustomer(['X-IVR-Choice: complaint']);
  figures.inviteToRingingMs = Date.now() - t0;
  expect(ringing).toMatchObject({ direction: 'inbound', state: 'ringing', ivrChoice: 'complaint', remote: { number: '9001' } });
  expect(ringing.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  // The generated ringtone plays while the call rings: a looping blob: WAV whose playback advances.
  await expect.poll(async () => (await mediaElements('agent')).find((e) => e.kind === 'blob')?.currentTime ?? 0).toBeGreaterThan(0.2);
  expect((await mediaElements('agent')).find((e) => e.kind === 'blob')).toMatchObject({ paused: false, loop: true });

  expect(await command('agent', 'answer', ringing.id)).toEqual({ ok: true, value: null });
  await expect.poll(async () => (await customerState()).state).toBe('Established');
  await expect.poll(async () => (await snapshot('agent')).calls[0]?.state).toBe('talking');
  figures.answerToTalkingMs = Date.now() - t0;
  // Answering stops the ring; the caller plays through an autoplaying element of its own.
  await expect.poll(async () => (await mediaElements('agent')).map((e) => [e.kind, e.paused])).toEqual([
    ['blob', true],
    ['stream', false],
  ]);
  const remoteAudio = (await mediaElements('agent')).find((e) => e.kind === 'stream')!;
  await expect.poll(async () => (await mediaElements('agent')).find((e) => e.kind === 'stream')!.currentTime).toBeGreaterThan(remoteAudio.currentTime + 0.5);
  expect(remoteAudio.tracks).toBe(1);

  await expect.poll(async () => (await audio('agent'))?.inbound?.bytesReceived ?? 0, { timeout: 10_000 }).toBeGreaterThan(0);
  await expect.poll(async () => (await audio('customer'))?.inbound?.bytesReceived ?? 0, { timeout: 10_000 }).toBeGreaterThan(0);
  const [agentBefore, agentAfter] = await inboundGrowth('agent', 2000);
  const customerAfter = (await audio('customer'))!;
  console.log(`audio after answer: agent inbound ${agentBefore} -> ${agentAfter} bytes in 2 s; customer ${JSON.stringify(customerAfter.inbound)}`);
  expect(agentAfter - agentBefore).toBeGreaterThan(1000);
  const [customerBefore, customerLater] = await inboundGrowth('customer', 1000);
  expect(customerLater - customerBefore).toBeGreaterThan(500);
  figures.talkingAudio = { agentBytesIn2s: agentAfter - agentBefore, customerBytesIn1s: customerLater - customerBefore };
});

test('hold stops the media from the customer and resume restarts it', async () => {
  const call = await liveCall('agent');
  expect(await command('agent', 'hold', call.id)).toEqual({ ok: true, value: null });
  expect((await snapshot('agent')).calls[0]).toMatchObject({ state: 'held' });
  await new Promise((resolve) => setTimeout(resolve, 500));
  const [heldBefore, heldAfter] = await inboundGrowth('agent', 2000);

  expect(await command('agent', 'resume', call.id)).toEqual({ ok: true, value: null });
  expect((await snapshot('agent')).calls[0]).toMatchObject({ state: 'talking' });
  await new Promise((resolve) => setTimeout(resolve, 500));
  const [resumedBefore, resumedAfter] = await inboundGrowth('agent', 2000);
  console.log(`hold: agent inbound grew ${heldAfter - heldBefore} bytes in 2 s held, ${resumedAfter - resumedBefore} bytes in 2 s after resume`);
  figures.hold = { heldBytes: heldAfter - heldBefore, resumedBytes: resumedAfter - resumedBefore };
  expect(heldAfter - heldBefore).toBeLessThan(200);
  expect(resumedAfter - resumedBefore).toBeGreaterThan(1000);

  // The far end holding us shows as remoteHold; the call itself stays talking.
  await run(pageOf('customer'), 'customerHold', true);
  await expect.poll(async () => (await snapshot('agent')).calls[0]).toMatchObject({ state: 'talking', remoteHold: true });
  await run(pageOf('customer'), 'customerHold', false);
  await expect.poll(async () => (await snapshot('agent')).calls[0]).toMatchObject({ state: 'talking', remoteHold: false });
});

test('mute silences the agent for the customer and unmute brings the voice back', async () => {
  const call = await liveCall('agent');
  const energy = async () => (await audio('customer'))?.inbound?.totalAudioEnergy ?? 0;
  expect(await command('agent', 'setMuted', call.id, true)).toEqual({ ok: true, value: null });
  expect((await snapshot('agent')).calls[0]).toMatchObject({ state: 'talking', muted: true });
  await new Promise((resolve) => setTimeout(resolve, 500));
  const mutedStart = await energy();
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const mutedEnergy = (await energy()) - mutedStart;
  expect(await command('agent', 'setMuted', call.id, false)).toEqual({ ok: true, value: null });
  await new Promise((resolve) => setTimeout(resolve, 500));
  const openStart = await energy();
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const openEnergy = (await energy()) - openStart;
  console.log(`mute: audio energy the customer received in 2 s muted ${mutedEnergy.toFixed(4)}, unmuted ${openEnergy.toFixed(4)}`);
  figures.mute = { mutedEnergy, openEnergy };
  expect((await snapshot('agent')).calls[0]!.muted).toBe(false);
  expect(openEnergy).toBeGreaterThan(0.05);
  expect(mutedEnergy).toBeLessThan(openEnergy / 20);
});

test('switches the microphone of a live call without renegotiating', async () => {
  const call = await liveCall('agent');
  const before = await run<{ sending: { label: string; readyState: string } | null; inputs: { deviceId: string; label: string }[] }>(pageOf('agent'), 'microphone');
  const other = before.inputs.find((input) => input.deviceId !== 'default' && input.label !== before.sending?.label);
  expect(other, `a second fake microphone among ${JSON.stringify(before.inputs)}`).toBeDefined();
  expect(await command('agent', 'setDevices', { microphoneId: other!.deviceId })).toEqual({ ok: true, value: null });
  const after = await run<{ sending: { label: string; readyState: string; enabled: boolean } | null }>(pageOf('agent'), 'microphone');
  console.log(`microphone switch: sending ${before.sending?.label} -> ${after.sending?.label}`);
  expect(after.sending).toEqual({ label: other!.label, readyState: 'live', enabled: true });
  expect((await snapshot('agent')).devices.microphoneId).toBe(other!.deviceId);
  expect((await snapshot('agent')).calls[0]).toMatchObject({ id: call.id, state: 'talking' });
  const [cBefore, cAfter] = await inboundGrowth('customer', 1000);
  expect(cAfter - cBefore).toBeGreaterThan(500);
});

test('answers an INFO from the far end with 200 and declines its REFER with 603', async () => {
  await liveCall('agent');
  expect(await run(pageOf('customer'), 'customerRequest', 'INFO')).toBe(200);
  expect(await run(pageOf('customer'), 'customerRequest', 'REFER', pbx.sipUri('1002'))).toBe(603);
  expect((await snapshot('agent')).calls[0]).toMatchObject({ state: 'talking', transfer: null });
});

const KEY_5: [number, number] = [770, 1336];
const KEY_D: [number, number] = [941, 1633];

test('sends DTMF as RFC 4733 events when the customer offered telephone-event, and the customer hears the key', async () => {
  const call = await liveCall('agent');
  const quiet = await run<(number | null)[]>(pageOf('customer'), 'listenForTones', [KEY_5, KEY_D], 1500);
  const listening = run<(number | null)[]>(pageOf('customer'), 'listenForTones', [KEY_5, KEY_D], 2000);
  await new Promise((resolve) => setTimeout(resolve, 200));
  for (let i = 0; i < 3; i += 1) {
    expect(await command('agent', 'sendDtmf', call.id, '5')).toEqual({ ok: true, value: null });
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  const heard = await listening;
  console.log(`DTMF by RFC 4733: key 5 (770+1336 Hz) stood ${heard[0]} dB above other frequencies at the customer (${quiet[0]} dB without DTMF); key D ${heard[1]} dB`);
  figures.rfc4733 = { key5MarginDb: heard[0], quietMarginDb: quiet[0], keyDMarginDb: heard[1] };
  expect(heard[0]).toBeGreaterThan(20);
  expect(quiet[0] ?? -Infinity).toBeLessThan(10);
  expect(heard[1] ?? -Infinity).toBeLessThan(10);
  // No SIP INFO was needed.
  expect((await customerState()).infos).toEqual([]);
  await hangUpEverything();
});

test('falls back to SIP INFO for DTMF when the customer did not offer telephone-event', async () => {
  await run(pageOf('customer'), 'customerCall', pbx.sipUri('1001'), { headers: [], withoutTelephoneEvent: true });
  const ringing = await liveCall('agent');
  expect(await command('agent', 'answer', ringing.id)).toEqual({ ok: true, value: null });
  await expect.poll(async () => (await customerState()).state).toBe('Established');
  expect(await command('agent', 'sendDtmf', ringing.id, '5')).toEqual({ ok: true, value: null });
  expect(await command('agent', 'sendDtmf', ringing.id, '#')).toEqual({ ok: true, value: null });
  const infos = (await customerState()).infos;
  console.log(`DTMF by INFO: the customer received ${JSON.stringify(infos)}`);
  expect(infos.map((i) => [i.contentType, i.body])).toEqual([
    ['application/dtmf-relay', 'Signal=5\r\nDuration=160'],
    ['application/dtmf-relay', 'Signal=#\r\nDuration=160'],
  ]);
  expect((await command('agent', 'sendDtmf', ringing.id, 'x')).ok).toBe(false);
  await hangUpEverything();
});

test('a second call rings while the agent talks, and answering it holds the first', async () => {
  const agent2 = await openPage('agent2');
  const started = await run<{ snapshot: Snapshot }>(agent2, 'phoneStart', configFor('1002'));
  expect(started.snapshot.registration.state).toBe('registered');

  const first = await callAgentFromCustomer(['X-IVR-Choice: consult']);
  expect(await command('agent', 'answer', first.id)).toEqual({ ok: true, value: null });
  await expect.poll(async () => (await customerState()).state).toBe('Established');

  const dialed = await command<string>('agent2', 'dial', '1001');
  expect(dialed.ok).toBe(true);
  let second: Call | undefined;
  await expect.poll(async () => {
    second = (await snapshot('agent')).calls.find((c) => c.id !== first.id && c.state === 'ringing');
    return second?.remote.number ?? null;
  }).toBe('1002');
  // The first call is untouched while the second rings.
  expect((await snapshot('agent')).calls.find((c) => c.id === first.id)?.state).toBe('talking');

  expect(await command('agent', 'answer', second!.id)).toEqual({ ok: true, value: null });
  await expect.poll(async () => (await snapshot('agent')).calls.map((c) => [c.id === first.id ? 'first' : 'second', c.state])).toEqual([
    ['first', 'held'],
    ['second', 'talking'],
  ]);
  await expect.poll(async () => (await snapshot('agent2')).calls[0]?.state).toBe('talking');
  // Held, not dropped: the customer's call is still up.
  expect((await customerState()).state).toBe('Established');
  await hangUpEverything();
});

test('blind transfer hands the customer to agent 1002, with audio between them, and ends the agent\'s call', async () => {
  await run(pageOf('agent2'), 'setAutoAnswer', true);
  const call = await callAgentFromCustomer(['X-IVR-Choice: complaint']);
  expect(await command('agent', 'answer', call.id)).toEqual({ ok: true, value: null });
  await expect.poll(async () => (await customerState()).state).toBe('Established');

  const t0 = Date.now();
  const result = await command('agent', 'blindTransfer', call.id, '1002');
  figures.blindTransferMs = Date.now() - t0;
  expect(result).toEqual({ ok: true, value: null });
  await expect.poll(async () => (await snapshot('agent')).calls.find((c) => c.id === call.id)).toMatchObject({
    state: 'ended',
    endedBy: 'local',
    endCause: 'transferred',
    transfer: { kind: 'blind', target: '1002', state: 'accepted', error: null },
  });
  const taken = await liveCall('agent2');
  expect(taken).toMatchObject({ direction: 'inbound', remote: { number: '9001' } });
  await expect.poll(async () => (await snapshot('agent2')).calls.find((c) => c.id === taken.id)?.state).toBe('talking');
  expect(await customerState()).toMatchObject({ refers: 1, state: 'Established' });

  await expect.poll(async () => (await audio('agent2'))?.inbound?.bytesReceived ?? 0, { timeout: 10_000 }).toBeGreaterThan(0);
  const [a2Before, a2After] = await inboundGrowth('agent2', 2000);
  const [cBefore, cAfter] = await inboundGrowth('customer', 1000);
  console.log(`blind transfer settled in ${figures.blindTransferMs} ms; 1002 inbound +${a2After - a2Before} bytes in 2 s, customer inbound +${cAfter - cBefore} bytes in 1 s`);
  figures.blindTransferAudio = { agent2BytesIn2s: a2After - a2Before, customerBytesIn1s: cAfter - cBefore };
  expect(a2After - a2Before).toBeGreaterThan(1000);
  expect(cAfter - cBefore).toBeGreaterThan(500);

  await run(pageOf('customer'), 'customerHangup');
  await expect.poll(async () => (await snapshot('agent2')).calls.find((c) => c.id === taken.id)).toMatchObject({ state: 'ended', endedBy: 'remote', endCause: 'BYE' });
  await run(pageOf('agent2'), 'setAutoAnswer', false);
});

test('attended transfer: the agent consults 1002, then hands the customer over with REFER/Replaces', async () => {
  const customerCall = await callAgentFromCustomer(['X-IVR-Choice: complaint']);
  expect(await command('agent', 'answer', customerCall.id)).toEqual({ ok: true, value: null });
  await expect.poll(async () => (await customerState()).state).toBe('Established');

  // The consult call: dialing puts the customer on hold; 1002 answers.
  await run(pageOf('agent2'), 'setAutoAnswer', true);
  const dialed = await command<string>('agent', 'dial', '1002');
  expect(dialed.ok).toBe(true);
  const consultId = dialed.ok ? dialed.value : '';
  await expect.poll(async () => (await snapshot('agent')).calls.map((c) => [c.id === consultId ? 'consult' : 'customer', c.state])).toEqual([
    ['customer', 'held'],
    ['consult', 'talking'],
  ]);
  await run(pageOf('agent2'), 'setAutoAnswer', false);
  const consultAt1002 = await liveCall('agent2');
  expect(consultAt1002.remote.number).toBe('1001');

  const t0 = Date.now();
  expect(await command('agent', 'completeAttendedTransfer', customerCall.id, consultId)).toEqual({ ok: true, value: null });
  figures.attendedTransferMs = Date.now() - t0;
  await expect.poll(async () => (await snapshot('agent')).calls.map((c) => [c.id === consultId ? 'consult' : 'customer', c.state, c.endedBy, c.endCause])).toEqual([
    ['customer', 'ended', 'local', 'transferred'],
    ['consult', 'ended', 'remote', 'transferred'],
  ]);
  expect((await snapshot('agent')).calls.find((c) => c.id === customerCall.id)!.transfer).toEqual({ kind: 'attended', target: '1002', state: 'accepted', error: null });
  // At 1002 the customer's INVITE with Replaces took over the consult call without ringing for the agent to answer.
  await expect.poll(async () => (await snapshot('agent2')).calls.map((c) => [c.remote.number, c.state, c.endCause])).toEqual([
    ['9001', 'talking', null],
    ['1001', 'ended', 'transferred'],
  ]);
  await expect.poll(async () => (await audio('agent2'))?.inbound?.bytesReceived ?? 0, { timeout: 10_000 }).toBeGreaterThan(0);
  const [a2Before, a2After] = await inboundGrowth('agent2', 2000);
  const [cBefore, cAfter] = await inboundGrowth('customer', 1000);
  console.log(`attended transfer settled in ${figures.attendedTransferMs} ms; 1002 inbound +${a2After - a2Before} bytes in 2 s, customer inbound +${cAfter - cBefore} bytes in 1 s`);
  figures.attendedTransferAudio = { agent2BytesIn2s: a2After - a2Before, customerBytesIn1s: cAfter - cBefore };
  expect(a2After - a2Before).toBeGreaterThan(1000);
  expect(cAfter - cBefore).toBeGreaterThan(500);
  await run(pageOf('customer'), 'customerHangup');
  await expect.poll(async () => (await snapshot('agent2')).calls.filter((c) => c.state !== 'ended').length).toBe(0);
});

test('an outbound call shows the callee\'s refusal, and hanging up while it rings sends CANCEL', async () => {
  // The customer's plain sip.js has no handler for calls, so it answers 486.
  const busy = await command<string>('agent', 'dial', '9001');
  expect(busy.ok).toBe(true);
  await expect.poll(async () => (await snapshot('agent')).calls.find((c) => busy.ok && c.id === busy.value)).toMatchObject({
    direction: 'outbound',
    state: 'ended',
    endedBy: 'remote',
    endCause: '486 Busy Here',
    remote: { number: '9001' },
  });

  const dialed = await command<string>('agent', 'dial', '1002');
  const id = dialed.ok ? dialed.value : '';
  expect((await snapshot('agent')).calls.find((c) => c.id === id)?.state).toBe('dialing');
  const ringingAt1002 = await liveCall('agent2');
  expect(ringingAt1002).toMatchObject({ state: 'ringing', remote: { number: '1001' } });
  expect(await command('agent', 'hangUp', id)).toEqual({ ok: true, value: null });
  await expect.poll(async () => (await snapshot('agent')).calls.find((c) => c.id === id)).toMatchObject({ state: 'ended', endedBy: 'local', endCause: 'CANCEL' });
  await expect.poll(async () => (await snapshot('agent2')).calls.find((c) => c.id === ringingAt1002.id)).toMatchObject({ state: 'ended', endedBy: 'remote', endCause: 'CANCEL' });
  expect((await command('agent', 'dial', 'not a number')).ok).toBe(false);
});

test('rejecting a ringing call gives the caller 486 Busy Here', async () => {
  const call = await callAgentFromCustomer([]);
  expect(await command('agent', 'reject', call.id)).toEqual({ ok: true, value: null });
  await expect.poll(async () => (await customerState()).code).toBe(486);
  expect((await customerState()).state).toBe('Terminated');
  expect((await snapshot('agent')).calls.find((c) => c.id === call.id)).toMatchObject({ state: 'ended', endedBy: 'local', endCause: '486 Busy Here' });
  // An id the phone never issued is refused with a reason, not ignored.
  const unknown = await command('agent', 'answer', 'no-such-call');
  expect(unknown).toMatchObject({ ok: false, error: { code: 'call_failed' } });
  expect(!unknown.ok && unknown.error.detail).toContain('no-such-call');
  // The caller giving up shows as CANCEL.
  const cancelled = await callAgentFromCustomer([]);
  await run(pageOf('customer'), 'customerHangup');
  await expect.poll(async () => (await snapshot('agent')).calls.find((c) => c.id === cancelled.id)).toMatchObject({ state: 'ended', endedBy: 'remote', endCause: 'CANCEL' });
});

test('a hostile INVITE rings with a sanitised identity and the next call still works', async () => {
  const hostileName = `<img src=x onerror=alert(1)>\u202e${'A'.repeat(2048)}`;
  await run(pageOf('customer'), 'customerCall', pbx.sipUri('1001'), {
    fromDisplayName: hostileName,
    headers: ['X-IVR-Choice: <script>alert(1)</script>'],
  });
  const longName = await liveCall('agent');
  await run(pageOf('customer'), 'customerHangup');
  await expect.poll(async () => (await snapshot('agent')).calls.filter((c) => c.state !== 'ended').length).toBe(0);

  await run(pageOf('customer'), 'customerCall', pbx.sipUri('1001'), {
    headers: ['X-IVR-Choice: ' + 'x'.repeat(33), 'P-Asserted-Identity: "\u0007<b>Evil</b>\u0000" <sip:evil.example>'],
  });
  const noUser = await liveCall('agent');
  await run(pageOf('customer'), 'customerHangup');
  await expect.poll(async () => (await snapshot('agent')).calls.filter((c) => c.state !== 'ended').length).toBe(0);
  console.log(`hostile INVITEs became ${JSON.stringify([longName, noUser].map((c) => ({ state: c.state, remote: c.remote, ivrChoice: c.ivrChoice })))}`);

  expect(longName).toMatchObject({ state: 'ringing', ivrChoice: null, remote: { number: '9001' } });
  expect(Array.from(longName.remote.displayName)).toHaveLength(48);
  expect(longName.remote.displayName).toMatch(/^<img src=x onerror=alert\(1\)>A+…$/);
  // A PAI without a user part gives no number, so the From user is used; its name is made inert text.
  expect(noUser).toMatchObject({ state: 'ringing', ivrChoice: null, remote: { number: '9001', displayName: '<b>Evil</b>' } });

  const next = await callAgentFromCustomer(['X-IVR-Choice: Consult']);
  expect(next).toMatchObject({ state: 'ringing', ivrChoice: 'consult', remote: { number: '9001' } });
  await run(pageOf('customer'), 'customerHangup');
  await expect.poll(async () => (await snapshot('agent')).calls.filter((c) => c.state !== 'ended').length).toBe(0);
});

test('re-registers by itself within 5 s after Kamailio is killed and restarted', async () => {
  await pbx.kill();
  await expect.poll(async () => (await snapshot('agent')).registration.state).toBe('reconnecting');
  const lost = await snapshot('agent');
  console.log(`after the kill: ${JSON.stringify(lost.registration)}`);
  expect(lost.registration.error?.code).toBe('unreachable');
  // Down for 2 s, as a crash and a supervisor's restart would be: the first retries fail.
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const failedAttempts = (await snapshot('agent')).registration.attempt;

  const t = Date.now();
  await pbx.restart();
  const restartMs = Date.now() - t;
  const t1 = Date.now();
  await expect.poll(async () => (await snapshot('agent')).registration.state, { timeout: 10_000, intervals: [50] }).toBe('registered');
  const reregisterMs = Date.now() - t1;
  console.log(`Kamailio was down 2 s (${failedAttempts} failed retries), its restart took ${restartMs} ms; the service was registered again ${reregisterMs} ms after it was back`);
  console.log(`registration history: ${JSON.stringify(await run(pageOf('agent'), 'history'))}`);
  figures.kamailioRestart = { failedAttempts, restartMs, reregisterMs };
  expect(failedAttempts).toBeGreaterThan(1);
  expect(reregisterMs).toBeLessThan(5_000);

  // The registration is real: a call reaches the agent through the new Kamailio.
  expect(await run(pageOf('customer'), 'customerReconnect')).toBe(200);
  const call = await callAgentFromCustomer(['X-IVR-Choice: consult']);
  expect(call).toMatchObject({ state: 'ringing', ivrChoice: 'consult' });
  await run(pageOf('customer'), 'customerHangup');
  await expect.poll(async () => (await snapshot('agent')).calls.filter((c) => c.state !== 'ended').length).toBe(0);
});

test('keeps a call and its audio through a Kamailio restart', async () => {
  const call = await callAgentFromCustomer(['X-IVR-Choice: consult']);
  expect(await command('agent', 'answer', call.id)).toEqual({ ok: true, value: null });
  await expect.poll(async () => (await customerState()).state).toBe('Established');
  await expect.poll(async () => (await audio('agent'))?.inbound?.bytesReceived ?? 0, { timeout: 10_000 }).toBeGreaterThan(0);

  await pbx.kill();
  await expect.poll(async () => (await snapshot('agent')).calls[0]?.mediaRecovering).toBe(true);
  await pbx.restart();
  await expect.poll(async () => (await snapshot('agent')).registration.state, { timeout: 10_000 }).toBe('registered');
  // The ICE-restart re-INVITE goes out but cannot reach the customer: the customer's connection
  // died with Kamailio (its in-dialog route is an alias of that connection), so Kamailio answers
  // 500 and the call keeps the media it has, which runs browser to browser.
  await expect.poll(async () => (await snapshot('agent')).calls[0]?.mediaRecovering, { timeout: 15_000 }).toBe(false);
  expect((await snapshot('agent')).calls[0]).toMatchObject({ id: call.id, state: 'talking' });
  const [before, after] = await inboundGrowth('agent', 2000);
  const [cBefore, cAfter] = await inboundGrowth('customer', 1000);
  console.log(`after the restart: agent inbound +${after - before} bytes in 2 s, customer +${cAfter - cBefore} bytes in 1 s`);
  figures.callThroughRestart = { agentBytesIn2s: after - before, customerBytesIn1s: cAfter - cBefore };
  expect(after - before).toBeGreaterThan(1000);
  expect(cAfter - cBefore).toBeGreaterThan(500);
  await command('agent', 'hangUp', call.id);
  await expect.poll(async () => (await snapshot('agent')).calls.filter((c) => c.state !== 'ended').length).toBe(0);
  expect(await run(pageOf('customer'), 'customerReconnect')).toBe(200);
});

test('after its own connection drops mid-call, re-registers and renegotiates media with an ICE restart', async () => {
  // 1002 is registered from the agent2 page; the roaming agent takes over the extension.
  await run(pageOf('agent2'), 'phoneStop');
  const relay = await startRelay(pbx.wsPort);
  const page = await openPage('roamer');
  try {
    const started = await run<{ snapshot: Snapshot }>(page, 'phoneStart', configFor('1002', { wsUrl: relay.url }));
    expect(started.snapshot.registration.state).toBe('registered');
    await run(pageOf('customer'), 'customerCall', pbx.sipUri('1002'), { headers: ['X-IVR-Choice: consult'] });
    const call = await liveCall('roamer');
    expect(await command('roamer', 'answer', call.id)).toEqual({ ok: true, value: null });
    await expect.poll(async () => (await customerState()).state).toBe('Established');
    await expect.poll(async () => (await audio('roamer'))?.inbound?.bytesReceived ?? 0, { timeout: 10_000 }).toBeGreaterThan(0);
    const before = await run<{ local: string; remote: string }>(page, 'iceUfrags');

    const t = Date.now();
    relay.dropAll();
    await expect.poll(async () => (await snapshot('roamer')).calls[0]?.mediaRecovering, { intervals: [20] }).toBe(true);
    await expect.poll(async () => (await snapshot('roamer')).registration.state, { timeout: 10_000, intervals: [50] }).toBe('registered');
    const reregisterMs = Date.now() - t;
    await expect.poll(async () => (await snapshot('roamer')).calls[0]?.mediaRecovering, { timeout: 15_000, intervals: [50] }).toBe(false);
    const recoveredMs = Date.now() - t;
    const after = await run<{ local: string; remote: string }>(page, 'iceUfrags');
    const [aBefore, aAfter] = await inboundGrowth('roamer', 2000);
    const [cBefore, cAfter] = await inboundGrowth('customer', 1000);
    console.log(
      `connection drop mid-call: registered again after ${reregisterMs} ms, media renegotiated after ${recoveredMs} ms; ` +
        `ICE ufrags ${JSON.stringify(before)} -> ${JSON.stringify(after)}; agent inbound +${aAfter - aBefore} bytes in 2 s, customer +${cAfter - cBefore} bytes in 1 s`,
    );
    figures.connectionDropMidCall = { reregisterMs, recoveredMs, agentBytesIn2s: aAfter - aBefore, customerBytesIn1s: cAfter - cBefore };
    expect((await snapshot('roamer')).calls[0]).toMatchObject({ id: call.id, state: 'talking', mediaRecovering: false });
    // Both ends took new ICE credentials: the re-INVITE with iceRestart went out and was answered.
    expect(after.local).not.toBe(before.local);
    expect(after.remote).not.toBe(before.remote);
    expect(aAfter - aBefore).toBeGreaterThan(1000);
    expect(cAfter - cBefore).toBeGreaterThan(500);
    expect(await command('roamer', 'hangUp', call.id)).toEqual({ ok: true, value: null });
    await expect.poll(async () => (await customerState()).state).toBe('Terminated');
  } finally {
    await run(page, 'phoneStop');
    await page.close();
    await relay.close();
  }
});

test("follows the browser's offline and online events", async () => {
  await context.setOffline(true);
  await expect.poll(async () => (await snapshot('agent')).online).toBe(false);
  const offline = (await snapshot('agent')).registration;
  await context.setOffline(false);
  await expect.poll(async () => (await snapshot('agent')).online).toBe(true);
  const t = Date.now();
  await expect.poll(async () => (await snapshot('agent')).registration.state, { timeout: 10_000, intervals: [50] }).toBe('registered');
  console.log(`offline: registration ${JSON.stringify(offline)}; registered ${Date.now() - t} ms after coming back online`);
});

test('reports refused credentials as failed/auth_failed within 10 s and does not retry them', async () => {
  const page = await openPage('intruder');
  const started = await run<{ ms: number; snapshot: Snapshot }>(page, 'phoneStart', configFor('1002', { ha1: ha1('1002', PBX_DOMAIN, 'not-the-password') }));
  console.log(`wrong HA1: start() resolved in ${started.ms} ms with ${JSON.stringify(started.snapshot.registration)}`);
  figures.wrongHa1Ms = started.ms;
  expect(started.ms).toBeLessThan(10_000);
  expect(started.snapshot.registration).toMatchObject({ state: 'failed', error: { code: 'auth_failed' } });
  expect(started.snapshot.registration.error?.detail).toMatch(/^40[13] /);
  await new Promise((resolve) => setTimeout(resolve, 3000));
  const history = await run<{ state: string }[]>(page, 'history');
  expect(history.map((h) => h.state)).toEqual(['connecting', 'failed']);
  await run(page, 'phoneStop');
  await page.close();
});

test('reports an unreachable PBX within 10 s and keeps retrying', async () => {
  const page = await openPage('lost');
  const port = await closedPort();
  const started = await run<{ ms: number; snapshot: Snapshot }>(page, 'phoneStart', configFor('1002', { wsUrl: `ws://127.0.0.1:${port}` }));
  console.log(`unreachable: start() resolved in ${started.ms} ms with ${JSON.stringify(started.snapshot.registration)}`);
  figures.unreachableMs = started.ms;
  expect(started.ms).toBeLessThan(10_000);
  expect(started.snapshot.registration).toMatchObject({ state: 'reconnecting', error: { code: 'unreachable' }, attempt: 1 });
  await expect.poll(async () => (await run<Snapshot>(page, 'snapshot')).registration.attempt).toBeGreaterThan(2);
  await run(page, 'phoneStop');
  await page.close();
});

test('reports a PBX that accepts the connection but never answers within 10 s', async () => {
  const silent = await startSilentServer();
  const page = await openPage('silent');
  try {
    const started = await run<{ ms: number; snapshot: Snapshot }>(page, 'phoneStart', configFor('1002', { wsUrl: silent.url }));
    console.log(`silent server: start() resolved in ${started.ms} ms with ${JSON.stringify(started.snapshot.registration)}`);
    figures.silentServerMs = started.ms;
    expect(started.ms).toBeLessThan(10_000);
    expect(started.snapshot.registration).toMatchObject({ state: 'reconnecting', error: { code: 'timeout' } });
  } finally {
    await run(page, 'phoneStop');
    await page.close();
    await silent.close();
  }
});
