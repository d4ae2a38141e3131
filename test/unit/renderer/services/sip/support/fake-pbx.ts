import { EmitterImpl, TransportState, type Emitter, type Transport } from 'sip.js';

/**
 * A scripted registrar and call source for the phone's unit tests: sip.js runs for real (its
 * parser, transactions, Registerer and Invitation), only the WebSocket is replaced, following
 * SIP.js's own tests (test/support/api/transport-fake.ts). Its timers are the global ones, so a
 * test with vi.useFakeTimers() drives sip.js and the phone on one clock.
 */

export interface SipMessage {
  startLine: string;
  method: string | null;
  status: number | null;
  headers: Map<string, string[]>;
  body: string;
  raw: string;
}

export function parseSip(raw: string): SipMessage {
  const split = raw.indexOf('\r\n\r\n');
  const head = split < 0 ? raw : raw.slice(0, split);
  const body = split < 0 ? '' : raw.slice(split + 4);
  const [startLine = '', ...lines] = head.split('\r\n');
  const headers = new Map<string, string[]>();
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    headers.set(name, [...(headers.get(name) ?? []), line.slice(colon + 1).trim()]);
  }
  const status = /^SIP\/2\.0 (\d{3})/.exec(startLine);
  return {
    startLine,
    method: status ? null : (startLine.split(' ', 1)[0] ?? null),
    status: status ? Number(status[1]) : null,
    headers,
    body,
    raw,
  };
}

const header = (message: SipMessage, name: string): string => message.headers.get(name.toLowerCase())?.[0] ?? '';

export type RegisterBehaviour = 'ok' | 'forbidden' | 'challenge' | 'silent';

export const FAKE_DOMAIN = 'callcenter.local';
const NONCE = 'n0nce';

export interface InviteOptions {
  /** The whole From header value without its tag; default `"Customer" <sip:9001@callcenter.local>`. */
  from?: string;
  headers?: string[];
}

export interface FakeInvite {
  callId: string;
  cancel(): void;
  bye(): void;
}

export class FakePbx {
  /** Connections are refused while false. */
  reachable = true;
  /** Connections are accepted at the TCP level but never open (the transport times out). */
  silent = false;
  register: RegisterBehaviour = 'ok';
  /** The digest `response` a REGISTER must carry after the 401 (MD5 of HA1:nonce:HA2, no qop). */
  expectedDigest = '';
  readonly received: SipMessage[] = [];
  readonly transports: FakeTransport[] = [];
  connectAttempts = 0;
  private seq = 0;

  /** The sip.js `transportConstructor` bound to this PBX. */
  get Transport(): TransportConstructor {
    return transportFor(this);
  }

  get connected(): FakeTransport | undefined {
    return this.transports.find((t) => t.isConnected());
  }

  requests(method: string): SipMessage[] {
    return this.received.filter((m) => m.method === method);
  }

  responses(): SipMessage[] {
    return this.received.filter((m) => m.status !== null);
  }

  /** Closes every open connection from the server side, as a crash would. */
  drop(): void {
    for (const transport of this.transports) transport.drop();
  }

  receive(raw: string, from: FakeTransport): void {
    const message = parseSip(raw);
    this.received.push(message);
    if (message.method === 'REGISTER') this.onRegister(message, from);
  }

  private reply(request: SipMessage, to: FakeTransport, status: string, extra: string[] = []): void {
    const toHeader = header(request, 'to');
    const lines = [
      `SIP/2.0 ${status}`,
      ...(request.headers.get('via') ?? []).map((via) => `Via: ${via}`),
      `From: ${header(request, 'from')}`,
      `To: ${toHeader}${/;tag=/.test(toHeader) ? '' : `;tag=pbx${++this.seq}`}`,
      `Call-ID: ${header(request, 'call-id')}`,
      `CSeq: ${header(request, 'cseq')}`,
      ...extra,
      'Content-Length: 0',
      '',
      '',
    ];
    // Asynchronously, like a network: sip.js must not see the answer inside its own send().
    setTimeout(() => to.deliver(lines.join('\r\n')), 1);
  }

  private onRegister(request: SipMessage, from: FakeTransport): void {
    const contact = header(request, 'contact');
    const expires = /expires=(\d+)/.exec(contact)?.[1] ?? '300';
    const ok = () => this.reply(request, from, '200 OK', [`Contact: ${contact.replace(/;expires=\d+/, '')};expires=${expires}`]);
    switch (this.register) {
      case 'ok':
        ok();
        return;
      case 'forbidden':
        this.reply(request, from, '403 Forbidden');
        return;
      case 'silent':
        return;
      case 'challenge': {
        const authorization = header(request, 'authorization');
        const response = /response="([0-9a-f]+)"/.exec(authorization)?.[1];
        if (response && response === this.expectedDigest) ok();
        else this.reply(request, from, '401 Unauthorized', [`WWW-Authenticate: Digest realm="${FAKE_DOMAIN}", nonce="${NONCE}"`]);
        return;
      }
    }
  }

  /** Sends an INVITE to extension 1001 over the open connection. */
  invite(options: InviteOptions = {}): FakeInvite {
    const transport = this.connected;
    if (!transport) throw new Error('no connected phone to call');
    const n = ++this.seq;
    const callId = `pbx-call-${n}`;
    const branch = `z9hG4bKpbx${n}`;
    const from = `${options.from ?? `"Customer" <sip:9001@${FAKE_DOMAIN}>`};tag=from${n}`;
    const to = `<sip:1001@${FAKE_DOMAIN}>`;
    const request = (method: string, cseq: string, extra: string[] = [], toHeader = to) =>
      [
        `${method} sip:1001@${FAKE_DOMAIN} SIP/2.0`,
        `Via: SIP/2.0/WSS 127.0.0.1:5060;branch=${branch}`,
        'Max-Forwards: 70',
        `From: ${from}`,
        `To: ${toHeader}`,
        `Call-ID: ${callId}`,
        `CSeq: ${cseq}`,
        `Contact: <sip:9001@127.0.0.1:5060;transport=ws>`,
        ...extra,
        'Content-Length: 0',
        '',
        '',
      ].join('\r\n');
    transport.deliver(request('INVITE', '1 INVITE', options.headers ?? []));
    return {
      callId,
      cancel: () => transport.deliver(request('CANCEL', '1 CANCEL')),
      bye: () => {
        const answer = this.responses().find((m) => header(m, 'call-id') === callId && m.status === 200);
        transport.deliver(request('BYE', '2 BYE', [], header(answer!, 'to')).replace(`branch=${branch}`, `branch=${branch}bye`));
      },
    };
  }

  /** The final (non-1xx) responses the phone sent to a call's requests of one method. */
  finalResponses(callId: string, method = 'INVITE'): number[] {
    return this.responses()
      .filter((m) => header(m, 'call-id') === callId && header(m, 'cseq').endsWith(` ${method}`) && (m.status ?? 0) >= 200)
      .map((m) => m.status!);
  }
}

type TransportConstructor = new (logger: unknown, options: { server: string; connectionTimeout?: number }) => FakeTransport;

function transportFor(pbx: FakePbx): TransportConstructor {
  return class extends FakeTransport {
    constructor(_logger: unknown, options: { server: string; connectionTimeout?: number }) {
      super(pbx, (options.connectionTimeout ?? 5) * 1000);
    }
  };
}

export class FakeTransport implements Transport {
  onConnect: (() => void) | undefined;
  onDisconnect: ((error?: Error) => void) | undefined;
  onMessage: ((message: string) => void) | undefined;
  readonly protocol = 'WSS';
  private _state = TransportState.Disconnected;
  private readonly emitter = new EmitterImpl<TransportState>();
  private pending: Promise<void> | undefined;

  constructor(
    private readonly pbx: FakePbx,
    private readonly connectTimeoutMs: number,
  ) {
    pbx.transports.push(this);
  }

  get state(): TransportState {
    return this._state;
  }

  get stateChange(): Emitter<TransportState> {
    return this.emitter;
  }

  isConnected(): boolean {
    return this._state === TransportState.Connected;
  }

  connect(): Promise<void> {
    if (this._state === TransportState.Connected) return Promise.resolve();
    if (this.pending) return this.pending;
    this.transition(TransportState.Connecting);
    this.pbx.connectAttempts += 1;
    const outcome = this.pbx.silent ? 'silent' : this.pbx.reachable ? 'open' : 'refused';
    this.pending = new Promise<void>((resolve, reject) => {
      setTimeout(
        () => {
          this.pending = undefined;
          if (outcome === 'open') {
            this.transition(TransportState.Connected);
            resolve();
          } else {
            this.transition(TransportState.Disconnected);
            reject(new Error(`WebSocket closed (code: 1006)`));
          }
        },
        outcome === 'silent' ? this.connectTimeoutMs : 1,
      );
    });
    return this.pending;
  }

  disconnect(): Promise<void> {
    if (this._state === TransportState.Connected) this.transition(TransportState.Disconnected);
    return Promise.resolve();
  }

  dispose(): Promise<void> {
    return this.disconnect();
  }

  send(message: string): Promise<void> {
    if (!this.isConnected()) return Promise.reject(new Error('Not connected.'));
    this.pbx.receive(message, this);
    return Promise.resolve();
  }

  /** A message from the PBX. */
  deliver(message: string): void {
    if (this.isConnected()) this.onMessage?.(message);
  }

  drop(): void {
    if (this.isConnected()) this.transition(TransportState.Disconnected, new Error('WebSocket closed (code: 1006)'));
  }

  private transition(next: TransportState, error?: Error): void {
    const previous = this._state;
    this._state = next;
    this.emitter.emit(next);
    if (next === TransportState.Connected) this.onConnect?.();
    if (previous === TransportState.Connected && next !== TransportState.Connected) this.onDisconnect?.(error);
  }
}
