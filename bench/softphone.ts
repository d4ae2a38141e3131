/**
 * Softphone benchmarks on loopback, with the real dev PBX and the console's SIP service in Chromium:
 *  - call setup: the customer's INVITE sent → first inbound audio packet at the agent (auto-answer)
 *  - reconnect: Kamailio restarted → the agent's phone registered again
 */
import { chromium, type Page } from 'playwright-core';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ha1, PBX_DOMAIN, startPbx } from '../pbx/dev-pbx';
import { bundleService, instrumentPage, startPageServer } from '../test/integration/sip-service/service-page';
import { CHROMIUM_PATH, chromiumArgs } from '../test/support/chromium';
import { summarize, writeResult, type Summary } from './stats';

const PASSWORDS = { agent: 'bench-1001', customer: 'bench-9001' };

async function svc<T>(page: Page, method: string, ...args: unknown[]): Promise<T> {
  return page.evaluate(
    async ([m, a]) => {
      const api = (window as unknown as { svc: Record<string, (...x: unknown[]) => unknown> }).svc;
      return (await api[m]!(...a)) as T;
    },
    [method, args] as const,
  );
}

export async function benchSoftphone(options: { calls: number; restarts: number }): Promise<Record<string, Summary>> {
  const logDir = mkdtempSync(join(tmpdir(), 'bench-softphone-'));
  const pbx = await startPbx({
    subscribers: [
      { username: '1001', password: PASSWORDS.agent },
      { username: '9001', password: PASSWORDS.customer },
    ],
    logDir,
  });
  const bundleDir = join(logDir, 'bundle');
  await bundleService(bundleDir);
  const server = await startPageServer(bundleDir);
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: chromiumArgs });
  try {
    const context = await browser.newContext({ permissions: ['microphone'] });
    await instrumentPage(context);
    const open = async () => {
      const page = await context.newPage();
      await page.goto(server.url);
      await page.waitForFunction(() => (window as unknown as { svcReady?: boolean }).svcReady === true);
      return page;
    };
    const agent = await open();
    const customer = await open();
    await svc(agent, 'phoneStart', {
      wsUrl: pbx.wsUrl,
      domain: PBX_DOMAIN,
      extension: '1001',
      authorizationUsername: '1001',
      ha1: ha1('1001', PBX_DOMAIN, PASSWORDS.agent),
      displayName: 'Bench agent',
      iceServers: [],
      ivrHeader: 'X-IVR-Choice',
    });
    await svc(agent, 'setAutoAnswer', true);
    await svc(customer, 'customerStart', { wsUrl: pbx.wsUrl, aor: pbx.sipUri('9001'), username: '9001', password: PASSWORDS.customer });

    const setup: number[] = [];
    const warmup = 2;
    for (let i = 0; i < options.calls + warmup; i += 1) {
      // Both pages run in one browser on one machine, so Date.now() is one clock for both.
      const firstAudio = agent.evaluate(async () => {
        const api = (window as unknown as { svc: { audio(): Promise<{ inbound: { packetsReceived: number } | null } | null> } }).svc;
        for (;;) {
          const audio = await api.audio().catch(() => null);
          if ((audio?.inbound?.packetsReceived ?? 0) > 0) return Date.now();
          await new Promise((r) => setTimeout(r, 5));
        }
      });
      // Settled either way here, so a failure below is reported as itself, not as this page's.
      const heard = firstAudio.then((at) => ({ at }), (error: unknown) => ({ error }));
      const sentAt = await customer.evaluate(() => Date.now());
      const placed = await svc<{ ok?: boolean } | boolean | null>(customer, 'customerCall', pbx.sipUri('1001'), { headers: ['X-IVR-Choice: consult'] });
      const outcome = await Promise.race([heard, new Promise<{ error: unknown }>((r) => setTimeout(() => r({ error: new Error(`no audio within 10 s (call: ${JSON.stringify(placed)})`) }), 10_000))]);
      if ('error' in outcome) throw outcome.error;
      const heardAt = outcome.at;
      if (i >= warmup) setup.push(heardAt - sentAt);
      process.stdout.write(`\r  call setup ${i + 1}/${options.calls + warmup}`);
      await svc(customer, 'customerHangup');
      await agent.waitForFunction(() => {
        const s = (window as unknown as { svc: { snapshot(): { calls: { state: string }[] } | null } }).svc.snapshot();
        return (s?.calls ?? []).every((c) => c.state === 'ended');
      });
    }
    process.stdout.write('\n');

    const reconnect: number[] = [];
    for (let i = 0; i < options.restarts; i += 1) {
      await pbx.kill();
      await agent.waitForFunction(() => (window as unknown as { svc: { snapshot(): { registration: { state: string } } } }).svc.snapshot().registration.state !== 'registered');
      const restartedAt = Date.now();
      await pbx.restart();
      await agent.waitForFunction(() => (window as unknown as { svc: { snapshot(): { registration: { state: string } } } }).svc.snapshot().registration.state === 'registered', undefined, { timeout: 30_000, polling: 10 });
      reconnect.push(Date.now() - restartedAt);
      process.stdout.write(`\r  reconnect ${i + 1}/${options.restarts}`);
    }
    process.stdout.write('\n');
    const results = { callSetupMs: summarize(setup), reconnectAfterRestartMs: summarize(reconnect) };
    writeResult('softphone', { ...results, samples: { setup, reconnect }, notes: 'loopback; INVITE sent by the customer → first inbound RTP packet at the auto-answering agent; Kamailio SIGKILL + restart → REGISTER 200' });
    return results;
  } finally {
    await browser.close();
    await server.close();
    await pbx.stop();
  }
}
