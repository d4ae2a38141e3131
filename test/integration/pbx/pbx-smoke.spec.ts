/**
 * Smoke test of the development PBX with the real pieces: Kamailio 5.6 (+ rtpengine) from
 * pbx/dev-pbx.ts and sip.js 0.21.2 test phones in Debian's Chromium. It proves what the
 * console relies on: digest registration over WebSocket, a call that carries X-IVR-Choice to the
 * agent, audio both ways, and registering again after the PBX crashed and came back.
 */
import { test, expect, chromium, type Browser, type BrowserContext } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_TRUNK } from '../../../pbx/demo-trunk';
import { startPbx, type Pbx } from '../../../pbx/dev-pbx';
import { startBaresipPhone, wavLevel, writeToneWav, type BaresipPhone } from '../../../pbx/baresip-phone';
import { startTestPhoneServer } from '../../../pbx/test-phone/page-server';
import { TestPhone } from '../../../pbx/test-phone/test-phone';
import { CHROMIUM_PATH, chromiumArgs } from '../../support/chromium';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../../..');
const logDir = path.join(repoRoot, 'test-results', 'pbx-logs');

const PASSWORDS = {
  '1001': 'agent-1001-secret',
  '1002': 'agent-1002-secret',
  '9001': 'customer-9001-secret',
  '9002': 'phone-9002-secret',
  [DEMO_TRUNK.username]: DEMO_TRUNK.password,
} as const;
type Extension = keyof typeof PASSWORDS;

let pbx: Pbx;
let pageServer: Awaited<ReturnType<typeof startTestPhoneServer>>;
let browser: Browser;
let context: BrowserContext;
const phones = new Map<string, TestPhone>();
const timings: Record<string, number> = {};

async function openPhone(name: string, extension: Extension, password: string = PASSWORDS[extension]): Promise<TestPhone> {
  const phone = await TestPhone.open(context, name, {
    pageUrl: pageServer.url,
    wsUrl: pbx.wsUrl,
    aor: pbx.sipUri(extension),
    username: extension,
    password,
    log: console.log,
  });
  phones.set(name, phone);
  return phone;
}

function phoneOf(name: string): TestPhone {
  const phone = phones.get(name);
  if (!phone) throw new Error(`phone ${name} not open`);
  return phone;
}

const inbound = (name: string) => phoneOf(name).inboundAudio();

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
  pageServer = await startTestPhoneServer();
  t = Date.now();
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: chromiumArgs });
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
  const agent = await openPhone('agent', '1001');
  const customer = await openPhone('customer', '9001');

  const agentReg = await agent.register();
  const customerReg = await customer.register();
  expect(agentReg).toMatchObject({ state: 'Registered', code: 200 });
  expect(customerReg).toMatchObject({ state: 'Registered', code: 200 });
  timings.registerMs = agentReg.ms;

  const intruder = await openPhone('intruder', '1002', 'not-the-password');
  const refused = await intruder.register();
  expect(refused).toMatchObject({ state: 'Unregistered', code: 401 });
  await intruder.close();
  phones.delete('intruder');
});

test('answers 404 for an unknown extension and 480 for a known one that is not registered', async () => {
  const customer = phoneOf('customer');
  await customer.call(pbx.sipUri('7777'));
  expect(await customer.callOutcome(5000)).toMatchObject({ state: 'Terminated', code: 404 });
  await customer.call(pbx.sipUri('1002'));
  expect(await customer.callOutcome(5000)).toMatchObject({ state: 'Terminated', code: 480 });
});

test('sends a call to a public number out through the carrier trunk, the number dialled in To', async () => {
  const agent = phoneOf('agent');
  // While the trunk is down the number cannot be reached for now (480), as for an agent logged out.
  await agent.call(pbx.sipUri('+8613901390000'));
  expect(await agent.callOutcome(5000)).toMatchObject({ state: 'Terminated', code: 480 });

  const trunk = await openPhone('trunk', DEMO_TRUNK.username as Extension);
  expect(await trunk.register()).toMatchObject({ state: 'Registered' });
  await agent.call(pbx.sipUri('+8613901390000'));
  const invite = await trunk.waitForInvite();
  expect(invite).toMatchObject({ fromUser: '1001', toUser: '+8613901390000' });
  expect(await trunk.answer()).toBe('Established');
  expect(await agent.callOutcome()).toMatchObject({ state: 'Established', code: 200 });
  expect(await trunk.hangUp()).toBe('Terminated');
  await trunk.close();
  phones.delete('trunk');
});

test('delivers a call with X-IVR-Choice to the agent, with audio both ways, and hangs up', async () => {
  const agent = phoneOf('agent');
  const customer = phoneOf('customer');

  const t0 = Date.now();
  await customer.call(pbx.sipUri('1001'), ['X-IVR-Choice: complaint']);
  const invite = await agent.waitForInvite();
  timings.inviteToAgentMs = Date.now() - t0;
  expect(invite).toMatchObject({ fromUser: '9001', ivrChoice: 'complaint' });

  expect(await agent.answer()).toBe('Established');
  expect(await customer.callOutcome()).toMatchObject({ state: 'Established', code: 200 });
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

  expect(await customer.hangUp()).toBe('Terminated');
  await expect.poll(() => agent.sessionState()).toBe('Terminated');
});

test('lets an agent register again after Kamailio is killed and restarted', async () => {
  const agent = phoneOf('agent');
  const customer = phoneOf('customer');
  const oldPid = pbx.pids().kamailio;

  await pbx.kill();
  // sip.js notices the closed WebSocket by itself but does not reconnect (the console will).
  await expect.poll(async () => (await agent.transportState()).state).toBe('Disconnected');

  const t = Date.now();
  await pbx.restart();
  timings.kamailioRestartMs = Date.now() - t;
  expect(pbx.pids().kamailio).not.toBe(oldPid);

  // Kamailio kept registrations in memory only, so everything is forgotten: reconnect and register.
  expect(await agent.reconnect()).toBe('Connected');
  expect(await agent.register()).toMatchObject({ state: 'Registered', code: 200 });
  timings.reconnectAndRegisterMs = Date.now() - t;

  // The new registration is real: a call reaches the agent through the restarted Kamailio.
  expect(await customer.reconnect()).toBe('Connected');
  await customer.call(pbx.sipUri('1001'), ['X-IVR-Choice: billing']);
  expect(await agent.waitForInvite()).toMatchObject({ fromUser: '9001', ivrChoice: 'billing' });
  await customer.hangUp();
  await expect.poll(() => agent.sessionState()).toBe('Terminated');
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
    await phoneOf('agent').hangUp();
    await phone.waitForEvent('CALL_CLOSED', { since: since.events, timeoutMs: 5000 });
    const heard = fs.readdirSync(phone.dumpDir).filter((f) => f.endsWith('-dec.wav') && !since.dumps.has(f));
    expect(heard).toHaveLength(1);
    const level = wavLevel(path.join(phone.dumpDir, heard[0]!));
    console.log(`${label}: phone heard ${JSON.stringify(level)}`);
    expect(level.seconds).toBeGreaterThan(1.5);
    expect(level.rms).toBeGreaterThan(0.001);
  }

  test('bridges a call from the phone to the WebRTC agent through rtpengine, with audio both ways', async () => {
    const agent = phoneOf('agent');
    const since = { events: phone.events.length, dumps: new Set(fs.readdirSync(phone.dumpDir)) };
    const t0 = Date.now();
    await phone.dial(pbx.sipUri('1001'));
    expect(await agent.waitForInvite()).toMatchObject({ fromUser: '9002' });
    expect(await agent.answer()).toBe('Established');
    await phone.waitForEvent('CALL_ESTABLISHED', { since: since.events, timeoutMs: 5000 });
    timings.phoneToAgentEstablishedMs = Date.now() - t0;
    await expectAudioBothWays('phone->agent', since);
  });

  test('bridges a call from the WebRTC agent to the phone through rtpengine, with audio both ways', async () => {
    const agent = phoneOf('agent');
    const since = { events: phone.events.length, dumps: new Set(fs.readdirSync(phone.dumpDir)) };
    const t0 = Date.now();
    await agent.call(pbx.sipUri('9002'));
    expect(await agent.callOutcome()).toMatchObject({ state: 'Established', code: 200 });
    await phone.waitForEvent('CALL_ESTABLISHED', { since: since.events, timeoutMs: 5000 });
    timings.agentToPhoneEstablishedMs = Date.now() - t0;
    await expectAudioBothWays('agent->phone', since);
  });
});
