/**
 * Smoke test of the development PBX with the real pieces: Kamailio 5.6 (+ rtpengine) from
 * test/support/pbx.ts and sip.js 0.21.2 user agents in Debian's Chromium. It proves what the
 * console relies on: digest registration over WebSocket, a call that carries X-IVR-Choice to the
 * agent, audio both ways, and registering again after the PBX crashed and came back.
 */
import { test, expect, chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';
import fs from 'node:fs';
import http from 'node:http';
import type net from 'node:net';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startPbx, type Pbx } from '../../support/pbx';
import { startBaresipPhone, wavLevel, writeToneWav, type BaresipPhone } from '../../support/pbx-baresip';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../../..');
const logDir = path.join(repoRoot, 'test-results', 'pbx-logs');

const PASSWORDS = {
  '1001': 'agent-1001-secret',
  '1002': 'agent-1002-secret',
  '9001': 'customer-9001-secret',
  '9002': 'phone-9002-secret',
} as const;
type Extension = keyof typeof PASSWORDS;

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

/**
 * Serves the agent page and sip.js's ES modules from 127.0.0.1, which Chromium treats as a secure
 * context (getUserMedia and WebRTC work without TLS).
 */
async function startPageServer(): Promise<{ url: string; close: () => Promise<void> }> {
  const sipJsLib = path.dirname(createRequire(import.meta.url).resolve('sip.js'));
  const page = path.join(here, 'sip-agent-page.html');
  const sockets = new Set<net.Socket>();
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    let file: string | undefined;
    let type = 'text/html; charset=utf-8';
    if (url.pathname === '/') file = page;
    else if (url.pathname.startsWith('/sip.js/')) {
      const candidate = path.resolve(sipJsLib, `.${url.pathname.slice('/sip.js'.length)}`);
      if (candidate.startsWith(sipJsLib + path.sep) && candidate.endsWith('.js')) file = candidate;
      type = 'text/javascript; charset=utf-8';
    }
    if (url.pathname === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    if (!file || !fs.existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    // sip.js is ~190 ES module files; letting the browser cache them makes every page after the
    // first open in tens of milliseconds instead of more than a second.
    res.writeHead(200, { 'content-type': type, 'cache-control': file === page ? 'no-store' : 'max-age=3600' });
    fs.createReadStream(file).pipe(res);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

type PageApi = Record<string, (...args: unknown[]) => unknown>;

/** Calls window.pbxTest[method](...args) in the page and returns its (JSON) result. */
async function run<T>(page: Page, method: string, ...args: unknown[]): Promise<T> {
  return page.evaluate(
    async ([m, a]) => {
      const api = (window as unknown as { pbxTest: PageApi }).pbxTest;
      const fn = api[m];
      if (!fn) throw new Error(`pbxTest.${m} does not exist`);
      return (await fn(...a)) as T;
    },
    [method, args] as const,
  );
}

interface RegisterResult {
  state: string;
  code: number | string | null;
  ms: number;
}
interface InboundAudio {
  bytesReceived: number;
  packetsReceived: number;
  totalAudioEnergy: number;
  codec: string | null;
  iceState: string;
  connectionState: string;
}

let pbx: Pbx;
let pageServer: Awaited<ReturnType<typeof startPageServer>>;
let browser: Browser;
let context: BrowserContext;
const pages = new Map<string, Page>();
const timings: Record<string, number> = {};

async function openAgent(name: string, extension: Extension, password: string = PASSWORDS[extension]): Promise<Page> {
  const page = await context.newPage();
  page.on('console', (msg) => {
    if (msg.type() === 'error' || msg.type() === 'warning') console.log(`[${name}] ${msg.type()}: ${msg.text()}`);
  });
  await page.goto(pageServer.url);
  await page.waitForFunction(() => (window as unknown as { pbxTestReady?: boolean }).pbxTestReady === true);
  const transport = await run<string>(page, 'createAgent', {
    name,
    wsUrl: pbx.wsUrl,
    aor: pbx.sipUri(extension),
    username: extension,
    password,
  });
  expect(transport).toBe('Connected');
  pages.set(name, page);
  return page;
}

function agentPage(name: string): Page {
  const page = pages.get(name);
  if (!page) throw new Error(`agent ${name} not open`);
  return page;
}

async function inbound(name: string): Promise<InboundAudio | null> {
  return run<InboundAudio | null>(agentPage(name), 'inboundAudio', name);
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  fs.rmSync(logDir, { recursive: true, force: true });
  let t = Date.now();
  pbx = await startPbx({
    subscribers: (Object.keys(PASSWORDS) as Extension[]).map((username) => ({ username, password: PASSWORDS[username] })),
    withRtpengine: true,
    logDir,
  });
  timings.pbxStartMs = Date.now() - t;
  pageServer = await startPageServer();
  t = Date.now();
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  context = await browser.newContext({ permissions: ['microphone'] });
  timings.browserStartMs = Date.now() - t;
});

test.afterAll(async () => {
  console.log(`PBX smoke timings: ${JSON.stringify(timings)}`);
  await context?.close();
  await browser?.close();
  await pageServer?.close();
  await pbx?.stop();
});

test('registers agent 1001 and customer 9001 with digest auth and refuses a wrong password', async () => {
  const agent = await openAgent('agent', '1001');
  const customer = await openAgent('customer', '9001');

  const agentReg = await run<RegisterResult>(agent, 'register', 'agent');
  const customerReg = await run<RegisterResult>(customer, 'register', 'customer');
  expect(agentReg).toMatchObject({ state: 'Registered', code: 200 });
  expect(customerReg).toMatchObject({ state: 'Registered', code: 200 });
  timings.registerMs = agentReg.ms;

  const intruder = await openAgent('intruder', '1002', 'not-the-password');
  const refused = await run<RegisterResult>(intruder, 'register', 'intruder');
  expect(refused).toMatchObject({ state: 'Unregistered', code: 401 });
  await run(intruder, 'stop', 'intruder');
  await intruder.close();
  pages.delete('intruder');
});

test('answers 404 for an unknown extension and 480 for a known one that is not registered', async () => {
  const customer = agentPage('customer');
  await run(customer, 'call', 'customer', pbx.sipUri('7777'));
  expect(await run(customer, 'callOutcome', 'customer', 5000)).toMatchObject({ state: 'Terminated', code: 404 });
  await run(customer, 'call', 'customer', pbx.sipUri('1002'));
  expect(await run(customer, 'callOutcome', 'customer', 5000)).toMatchObject({ state: 'Terminated', code: 480 });
});

test('delivers a call with X-IVR-Choice to the agent, with audio both ways, and hangs up', async () => {
  const agent = agentPage('agent');
  const customer = agentPage('customer');

  const t0 = Date.now();
  await run(customer, 'call', 'customer', pbx.sipUri('1001'), ['X-IVR-Choice: complaint']);
  const invite = await run<{ fromUser: string; ivrChoice: string | null }>(agent, 'waitForInvite', 'agent');
  timings.inviteToAgentMs = Date.now() - t0;
  expect(invite).toMatchObject({ fromUser: '9001', ivrChoice: 'complaint' });

  expect(await run(agent, 'answer', 'agent')).toBe('Established');
  expect(await run(customer, 'callOutcome', 'customer')).toMatchObject({ state: 'Established', code: 200 });
  timings.bothEstablishedMs = Date.now() - t0;

  // Media must flow, not only signalling: inbound RTP bytes keep growing on both peer connections.
  await expect.poll(async () => (await inbound('agent'))?.bytesReceived ?? 0, { timeout: 10_000 }).toBeGreaterThan(0);
  await expect.poll(async () => (await inbound('customer'))?.bytesReceived ?? 0, { timeout: 10_000 }).toBeGreaterThan(0);
  timings.firstAudioMs = Date.now() - t0;
  const before = { agent: await inbound('agent'), customer: await inbound('customer') };
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const after = { agent: await inbound('agent'), customer: await inbound('customer') };
  console.log(`WebRTC<->WebRTC inbound audio: ${JSON.stringify({ before, after })}`);
  expect(after.agent!.bytesReceived).toBeGreaterThan(before.agent!.bytesReceived + 1000);
  expect(after.customer!.bytesReceived).toBeGreaterThan(before.customer!.bytesReceived + 1000);
  expect(after.agent!.totalAudioEnergy).toBeGreaterThan(0);
  expect(after.customer!.totalAudioEnergy).toBeGreaterThan(0);

  expect(await run(customer, 'hangup', 'customer')).toBe('Terminated');
  await expect.poll(() => run(agent, 'sessionState', 'agent')).toBe('Terminated');
});

test('lets an agent register again after Kamailio is killed and restarted', async () => {
  const agent = agentPage('agent');
  const customer = agentPage('customer');
  const oldPid = pbx.pids().kamailio;

  await pbx.kill();
  // sip.js notices the closed WebSocket by itself but does not reconnect (the console will).
  await expect.poll(async () => (await run<{ state: string }>(agent, 'transportState', 'agent')).state).toBe('Disconnected');

  const t = Date.now();
  await pbx.restart();
  timings.kamailioRestartMs = Date.now() - t;
  expect(pbx.pids().kamailio).not.toBe(oldPid);

  // Kamailio kept registrations in memory only, so everything is forgotten: reconnect and register.
  expect(await run(agent, 'reconnect', 'agent')).toBe('Connected');
  expect(await run<RegisterResult>(agent, 'register', 'agent')).toMatchObject({ state: 'Registered', code: 200 });
  timings.reconnectAndRegisterMs = Date.now() - t;

  // The new registration is real: a call reaches the agent through the restarted Kamailio.
  expect(await run(customer, 'reconnect', 'customer')).toBe('Connected');
  await run(customer, 'call', 'customer', pbx.sipUri('1001'), ['X-IVR-Choice: billing']);
  expect(await run(agent, 'waitForInvite', 'agent')).toMatchObject({ fromUser: '9001', ivrChoice: 'billing' });
  await run(customer, 'hangup', 'customer');
  await expect.poll(() => run(agent, 'sessionState', 'agent')).toBe('Terminated');
});

test.describe('with a plain UDP phone (baresip, PCMU)', () => {
  let phone: BaresipPhone;

  test.beforeAll(async () => {
    const tone = path.join(logDir, 'tone-440hz-8khz.wav');
    writeToneWav(tone, { seconds: 60, hz: 440 });
    const t = Date.now();
    phone = await startBaresipPhone({ extension: '9002', password: PASSWORDS['9002'], pbx, audioSource: tone, logDir, autoAnswer: true });
    timings.baresipStartAndRegisterMs = Date.now() - t;
  });

  test.afterAll(async () => {
    await phone?.stop();
  });

  /** Checks media on both sides of the current agent<->phone call, then hangs up from the agent. */
  async function expectAudioBothWays(label: string, since: { events: number; dumps: Set<string> }) {
    await expect.poll(async () => (await inbound('agent'))?.bytesReceived ?? 0, { timeout: 10_000 }).toBeGreaterThan(0);
    const before = await inbound('agent');
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const after = await inbound('agent');
    console.log(`${label}: agent inbound audio ${JSON.stringify({ before, after })}`);
    expect(after!.codec).toBe('audio/PCMU');
    expect(after!.bytesReceived).toBeGreaterThan(before!.bytesReceived + 8000);
    expect(after!.totalAudioEnergy).toBeGreaterThan(0);
    // The phone's side: it reported RTP and its decoder wrote what it heard.
    await phone.waitForEvent('CALL_RTPESTAB', { since: since.events, timeoutMs: 5000 });
    await run(agentPage('agent'), 'hangup', 'agent');
    await phone.waitForEvent('CALL_CLOSED', { since: since.events, timeoutMs: 5000 });
    const heard = fs.readdirSync(phone.dumpDir).filter((f) => f.endsWith('-dec.wav') && !since.dumps.has(f));
    expect(heard).toHaveLength(1);
    const level = wavLevel(path.join(phone.dumpDir, heard[0]!));
    console.log(`${label}: phone heard ${JSON.stringify(level)}`);
    expect(level.seconds).toBeGreaterThan(1.5);
    expect(level.rms).toBeGreaterThan(0.001);
  }

  test('bridges a call from the phone to the WebRTC agent through rtpengine, with audio both ways', async () => {
    const agent = agentPage('agent');
    const since = { events: phone.events.length, dumps: new Set(fs.readdirSync(phone.dumpDir)) };
    const t0 = Date.now();
    await phone.dial(pbx.sipUri('1001'));
    expect(await run(agent, 'waitForInvite', 'agent')).toMatchObject({ fromUser: '9002' });
    expect(await run(agent, 'answer', 'agent')).toBe('Established');
    await phone.waitForEvent('CALL_ESTABLISHED', { since: since.events, timeoutMs: 5000 });
    timings.phoneToAgentEstablishedMs = Date.now() - t0;
    await expectAudioBothWays('phone->agent', since);
  });

  test('bridges a call from the WebRTC agent to the phone through rtpengine, with audio both ways', async () => {
    const agent = agentPage('agent');
    const since = { events: phone.events.length, dumps: new Set(fs.readdirSync(phone.dumpDir)) };
    const t0 = Date.now();
    await run(agent, 'call', 'agent', pbx.sipUri('9002'));
    expect(await run(agent, 'callOutcome', 'agent')).toMatchObject({ state: 'Established', code: 200 });
    await phone.waitForEvent('CALL_ESTABLISHED', { since: since.events, timeoutMs: 5000 });
    timings.agentToPhoneEstablishedMs = Date.now() - t0;
    await expectAudioBothWays('agent->phone', since);
  });
});
