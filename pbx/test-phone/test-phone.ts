import type { BrowserContext, Page } from 'playwright-core';

/**
 * A customer's phone for tests and demos: one sip.js user agent in a Chromium page
 * (test-phone.html), driven from Node. It registers as a subscriber of the PBX and can present any
 * caller number in P-Asserted-Identity, as a carrier's trunk does.
 */
export interface TestPhoneOptions {
  /** The test phone page server's URL (startTestPhoneServer). */
  pageUrl: string;
  wsUrl: string;
  /** `sip:9001@callcenter.local` */
  aor: string;
  username: string;
  password: string;
  displayName?: string;
  /** Leave RFC 4733 out of the SDP, so DTMF to this phone arrives by SIP INFO (observable here). */
  noTelephoneEvent?: boolean;
  /** Echo warnings and errors of the page to this function. */
  log?: (line: string) => void;
}

export interface RegisterResult {
  state: string;
  code: number | string | null;
  ms: number;
}

export interface InboundAudio {
  bytesReceived: number;
  packetsReceived: number;
  totalAudioEnergy: number;
  codec: string | null;
  iceState: string;
  connectionState: string;
}

export interface IncomingInvite {
  from: string;
  fromUser: string;
  /** The number dialled (To): a customer's E.164 number for a call out through the trunk. */
  toUser: string;
  ivrChoice: string | null;
}

type PageApi = Record<string, (...args: unknown[]) => unknown>;

export class TestPhone {
  private constructor(
    readonly page: Page,
    readonly name: string,
  ) {}

  static async open(context: BrowserContext, name: string, options: TestPhoneOptions): Promise<TestPhone> {
    const page = await context.newPage();
    page.on('console', (msg) => {
      if (msg.type() === 'error' || msg.type() === 'warning') options.log?.(`[${name}] ${msg.type()}: ${msg.text()}`);
    });
    await page.goto(options.pageUrl);
    await page.waitForFunction(() => (globalThis as unknown as { pbxTestReady?: boolean }).pbxTestReady === true);
    const phone = new TestPhone(page, name);
    const { pageUrl: _pageUrl, log: _log, ...agent } = options;
    const transport = await phone.run<string>('createAgent', { name, ...agent });
    if (transport !== 'Connected') throw new Error(`test phone ${name}: transport ${transport}`);
    return phone;
  }

  /** Calls window.pbxTest[method](name, ...args) in the page and returns its JSON result. */
  private run<T>(method: string, ...args: unknown[]): Promise<T> {
    const withName = method === 'createAgent' ? args : [this.name, ...args];
    return this.page.evaluate(
      async ([m, a]) => {
        const api = (globalThis as unknown as { pbxTest: PageApi }).pbxTest;
        const fn = api[m];
        if (!fn) throw new Error(`pbxTest.${m} does not exist`);
        return (await fn(...a)) as T;
      },
      [method, withName] as const,
    );
  }

  register(timeoutMs?: number) {
    return this.run<RegisterResult>('register', ...(timeoutMs ? [timeoutMs] : []));
  }
  call(target: string, extraHeaders: string[] = [], fromDisplayName?: string) {
    return this.run<boolean>('call', target, extraHeaders, ...(fromDisplayName === undefined ? [] : [fromDisplayName]));
  }
  callOutcome(timeoutMs?: number) {
    return this.run<{ state: string; code: number | null; ms: number }>('callOutcome', ...(timeoutMs ? [timeoutMs] : []));
  }
  waitForInvite(timeoutMs?: number) {
    return this.run<IncomingInvite>('waitForInvite', ...(timeoutMs ? [timeoutMs] : []));
  }
  answer() {
    return this.run<string>('answer');
  }
  waitEstablished(timeoutMs?: number) {
    return this.run<string>('waitEstablished', ...(timeoutMs ? [timeoutMs] : []));
  }
  inboundAudio() {
    return this.run<InboundAudio | null>('inboundAudio');
  }
  hangUp() {
    return this.run<string>('hangup');
  }
  sessionState() {
    return this.run<string | null>('sessionState');
  }
  received() {
    return this.run<{ dtmf: string[]; refers: string[]; errors: string[] }>('received');
  }
  transportState() {
    return this.run<{ state: string; history: string[] }>('transportState');
  }
  reconnect() {
    return this.run<string>('reconnect');
  }
  async close() {
    await this.run('stop').catch(() => undefined);
    await this.page.close();
  }
}
