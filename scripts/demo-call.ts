/**
 * `npm run demo:call -- --to agent1 --from 13800138000 --ivr complaint`
 *
 * Places a real SIP call to an agent through the dev PBX that `npm start` runs: a headless Chromium
 * test phone registers as the demo trunk and presents --from as the caller's number, with the IVR
 * choice in the header the console reads. It speaks (espeak-ng when installed, else a tone pattern)
 * until the agent hangs up or --seconds pass.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { DEMO_TRUNK, DEV_PBX_WS_PORT } from '../pbx/demo-trunk';
import { writeToneWav } from '../pbx/baresip-phone';
import { startTestPhoneServer } from '../pbx/test-phone/page-server';
import { TestPhone } from '../pbx/test-phone/test-phone';
import { DEMO_USERS } from '../hub/src/seed/demo-users';
import { CHROMIUM_PATH, chromiumArgs } from '../test/support/chromium';

const USAGE =
  'usage: npm run demo:call -- --to <agent1|1001> [--from 13800138000] [--ivr consult|complaint] [--seconds 60] [--ws ws://127.0.0.1:8088] [--domain callcenter.local]\n' +
  '       npm run demo:call -- --answer [--seconds 60]   (the customer: answers the next call the center makes to a public number)';

function fail(message: string): never {
  console.error(`demo:call: ${message}\n${USAGE}`);
  process.exit(2);
}

let values;
try {
  ({ values } = parseArgs({
    options: {
      to: { type: 'string' },
      answer: { type: 'boolean', default: false },
      from: { type: 'string', default: '13800138000' },
      ivr: { type: 'string', default: 'consult' },
      seconds: { type: 'string', default: '60' },
      ws: { type: 'string', default: `ws://127.0.0.1:${DEV_PBX_WS_PORT}` },
      domain: { type: 'string', default: process.env.HUB_SIP_REALM ?? 'callcenter.local' },
    },
  }));
} catch (error) {
  fail((error as Error).message);
}
if (!values.answer && !values.to) fail('--to (or --answer) is required');
if (values.answer && values.to) fail('--answer takes calls; --to makes one: give one of them');
const extension = values.answer ? '' : (DEMO_USERS.find((u) => u.username === values.to)?.extension ?? values.to ?? '');
if (!values.answer && !/^[0-9]{3,6}$/.test(extension)) fail(`--to ${values.to}: not a demo user with a phone, nor an extension`);
if (!/^\+?[0-9]{3,20}$/.test(values.from)) fail(`--from ${values.from}: digits only, optionally with a leading +`);
if (!/^[a-z0-9_-]{1,32}$/.test(values.ivr)) fail(`--ivr ${values.ivr}: letters, digits, - and _ only`);
const seconds = Number(values.seconds);
if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 3600) fail('--seconds must be between 1 and 3600');

const workDir = mkdtempSync(join(tmpdir(), 'demo-call-'));
const voice = join(workDir, 'voice.wav');
try {
  const words = values.answer ? '喂，您好，我是李梅。' : values.ivr === 'complaint' ? '您好，我上周买的洗衣机坏了，我要投诉。' : '您好，我想咨询一下订单的发货时间。';
  execFileSync('espeak-ng', ['-v', 'cmn', '-s', '150', '-w', voice, words], { stdio: 'ignore' });
  console.log('voice: espeak-ng');
} catch {
  writeToneWav(voice, { seconds: 120, hz: 440 });
  console.log('voice: a 440 Hz tone (apt-get install espeak-ng for a spoken voice)');
}

const server = await startTestPhoneServer();
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...chromiumArgs, `--use-file-for-fake-audio-capture=${voice}`] });
let phone: TestPhone | undefined;
const finish = async (code: number) => {
  await phone?.hangUp().catch(() => undefined);
  await browser.close().catch(() => undefined);
  await server.close();
  process.exit(code);
};
process.on('SIGINT', () => void finish(0));

try {
  const context = await browser.newContext({ permissions: ['microphone'] });
  console.log(`▶ connecting to the PBX at ${values.ws} as the demo trunk…`);
  phone = await TestPhone.open(context, 'caller', {
    pageUrl: server.url,
    wsUrl: values.ws,
    aor: `sip:${DEMO_TRUNK.username}@${values.domain}`,
    username: DEMO_TRUNK.username,
    password: DEMO_TRUNK.password,
    displayName: '',
  });
  const registration = await phone.register();
  if (registration.state !== 'Registered') {
    console.error(`✖ the PBX refused the demo trunk (${registration.code ?? 'no answer'}). Is \`npm start\` running with the dev PBX?`);
    await finish(1);
  }
  if (values.answer) {
    // The dev PBX sends calls to public numbers out through the trunk: this phone is the customer.
    console.log('▶ waiting for the center to call a customer (call from the worklist or the dial pad)…');
    const invite = await phone.waitForInvite(30 * 60_000);
    console.log(`☎ ${invite.fromUser} calls ${invite.toUser}; answering.`);
    await phone.answer();
  } else {
    console.log(`▶ calling ${values.to} (extension ${extension}) from ${values.from}, IVR choice "${values.ivr}"…`);
    await phone.call(`sip:${extension}@${values.domain}`, [
      `P-Asserted-Identity: <sip:${values.from}@${values.domain}>`,
      `X-IVR-Choice: ${values.ivr}`,
    ]);
    const outcome = await phone.callOutcome(60_000);
    if (outcome.state !== 'Established') {
      console.error(`✖ the call ended without an answer (${outcome.code ?? 'no final response'}${outcome.code === 480 ? ': the agent is not registered' : outcome.code === 486 ? ': busy — is the agent Ready?' : ''}).`);
      await finish(1);
    }
    console.log(`✔ answered after ${(outcome.ms / 1000).toFixed(1)} s; talking for up to ${seconds} s (Ctrl-C hangs up)…`);
  }
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline && (await phone.sessionState()) === 'Established') {
    await new Promise((r) => setTimeout(r, 500));
  }
  console.log((await phone.sessionState()) === 'Established' ? '▶ hanging up.' : '✔ the center hung up.');
  await finish(0);
} catch (error) {
  console.error(`✖ ${(error as Error).message}`);
  await finish(1);
}
