import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SipConfig } from '../../../../../shared/api/phone';
import { createSipPhone, type PhoneSnapshot, type SipPhone } from '../../../../../renderer/src/services/sip';
import { ENDED_CALL_RETENTION_MS } from '../../../../../renderer/src/services/sip/call-model';
import { REGISTER_TIMEOUT_MS } from '../../../../../renderer/src/services/sip/registration';
import type { SipPhoneDeps } from '../../../../../renderer/src/services/sip/sip-phone-deps';
import { fakeDeps, type FakeDeps } from './support/fake-deps';
import { FAKE_DOMAIN, FakePbx } from './support/fake-pbx';

/** Control characters and the right-to-left override: what sanitising must have removed. */
function hasUnsafeCharacters(text: string): boolean {
  return Array.from(text).some((ch) => ch.charCodeAt(0) < 0x20 || ch === '\u202e');
}

// md5("1001:callcenter.local:agent-1001-secret") and the digest response sip.js must send with it
// for nonce "n0nce" and REGISTER sip:callcenter.local (computed independently, with Python's hashlib).
const HA1 = 'c9462f3021caa2acf29d80c415fc3bfa';
const DIGEST_RESPONSE = '6452c239c05345c3ec41d1e09ee5548a';

const config: SipConfig = {
  wsUrl: 'wss://pbx.test/ws',
  domain: FAKE_DOMAIN,
  extension: '1001',
  authorizationUsername: '1001',
  ha1: HA1,
  displayName: 'Agent 1001',
  iceServers: [],
  ivrHeader: 'X-IVR-Choice',
};

interface Rig {
  pbx: FakePbx;
  phone: SipPhone;
  fake: FakeDeps;
  snapshots: PhoneSnapshot[];
}

function rig(configure: (pbx: FakePbx) => void = () => undefined, overrides: Partial<SipPhoneDeps> = {}): Rig {
  const pbx = new FakePbx();
  configure(pbx);
  const fake = fakeDeps(pbx, overrides);
  const phone = createSipPhone(fake.deps);
  const snapshots: PhoneSnapshot[] = [];
  phone.subscribe((snapshot) => snapshots.push(snapshot));
  return { pbx, phone, fake, snapshots };
}

const advance = (ms = 0) => vi.advanceTimersByTimeAsync(ms);

/** Starts the phone and lets the clock run until start() resolves; returns how long it took. */
async function start(r: Rig, cfg: SipConfig = config): Promise<number> {
  const began = Date.now();
  let done = false;
  const started = r.phone.start(cfg).then(() => {
    done = true;
  });
  await advance(0);
  for (let i = 0; i < 200 && !done; i += 1) await advance(50);
  await started;
  return Date.now() - began;
}

function registration(r: Rig) {
  return r.phone.getSnapshot().registration;
}

function liveCalls(r: Rig) {
  return r.phone.getSnapshot().calls.filter((c) => c.state !== 'ended');
}

async function caught(promise: Promise<unknown>): Promise<{ code: string; detail: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { code: string; detail: string };
  }
  throw new Error('expected a rejection');
}

describe('createSipPhone', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: new Date('2026-11-24T09:00:00Z') });
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  describe('registration', () => {
    it('registers with digest auth computed from the HA1 when the registrar challenges', async () => {
      const r = rig((pbx) => {
        pbx.register = 'challenge';
        pbx.expectedDigest = DIGEST_RESPONSE;
      });
      await start(r);
      expect(registration(r)).toMatchObject({ state: 'registered', error: null, attempt: 0, nextRetryAt: null });
      const [first, second] = r.pbx.requests('REGISTER');
      expect(first!.startLine).toBe(`REGISTER sip:${FAKE_DOMAIN} SIP/2.0`);
      expect(first!.headers.get('to')![0]).toContain(`sip:1001@${FAKE_DOMAIN}`);
      expect(second!.headers.get('authorization')![0]).toContain(`username="1001"`);
      expect(second!.headers.get('authorization')![0]).toContain(`response="${DIGEST_RESPONSE}"`);
      expect(r.snapshots.map((s) => s.registration.state)).toEqual(['connecting', 'registered']);
    });

    it('reports 403 as failed/auth_failed and never retries it', async () => {
      const r = rig((pbx) => {
        pbx.register = 'forbidden';
      });
      const took = await start(r);
      expect(took).toBeLessThan(1_000);
      expect(registration(r)).toMatchObject({ state: 'failed', error: { code: 'auth_failed', detail: '403 Forbidden' }, attempt: 0 });
      await advance(10 * 60_000);
      r.fake.setOnline(false);
      r.fake.setOnline(true);
      await advance(60_000);
      expect(r.pbx.requests('REGISTER')).toHaveLength(1);
      expect(registration(r).state).toBe('failed');
    });

    it('reports a digest that the registrar keeps refusing as auth_failed (401)', async () => {
      const r = rig((pbx) => {
        pbx.register = 'challenge';
        pbx.expectedDigest = 'not-what-sip.js-will-send';
      });
      await start(r);
      expect(registration(r)).toMatchObject({ state: 'failed', error: { code: 'auth_failed', detail: '401 Unauthorized' } });
      await advance(60_000);
      expect(r.pbx.requests('REGISTER')).toHaveLength(2);
    });

    it('reports an unreachable server at once and registers when it comes up', async () => {
      const r = rig((pbx) => {
        pbx.reachable = false;
      });
      const took = await start(r);
      expect(took).toBeLessThan(1_000);
      expect(registration(r)).toMatchObject({ state: 'reconnecting', error: { code: 'unreachable' }, attempt: 1 });
      expect(registration(r).nextRetryAt).not.toBeNull();
      r.pbx.reachable = true;
      await advance(1_000);
      expect(registration(r).state).toBe('registered');
    });

    it('reports a server that never opens the connection as a timeout, and start() still resolves within 10 s', async () => {
      const r = rig((pbx) => {
        pbx.silent = true;
      });
      const took = await start(r);
      expect(took).toBeGreaterThanOrEqual(5_000);
      expect(took).toBeLessThan(10_000);
      expect(registration(r)).toMatchObject({ state: 'reconnecting', error: { code: 'timeout' } });
    });

    it('reports a REGISTER without an answer as a timeout and registers again with a fresh registerer', async () => {
      const r = rig((pbx) => {
        pbx.register = 'silent';
      });
      const took = await start(r);
      expect(took).toBeGreaterThanOrEqual(REGISTER_TIMEOUT_MS);
      expect(took).toBeLessThan(10_000);
      expect(registration(r)).toMatchObject({ state: 'reconnecting', error: { code: 'timeout' } });
      r.pbx.register = 'ok';
      await advance(2_000);
      expect(registration(r).state).toBe('registered');
    });

    it('reconnects with backoff after the connection drops and registers again', async () => {
      const r = rig();
      await start(r);
      r.pbx.reachable = false;
      r.pbx.drop();
      expect(registration(r)).toMatchObject({ state: 'reconnecting', error: { code: 'unreachable' }, attempt: 1 });
      await advance(5_000);
      const attempts = registration(r).attempt;
      expect(attempts).toBeGreaterThanOrEqual(4);
      expect(r.pbx.connectAttempts).toBe(attempts);
      r.pbx.reachable = true;
      await advance(4_000);
      expect(registration(r)).toMatchObject({ state: 'registered', error: null, attempt: 0 });
      expect(r.pbx.requests('REGISTER').length).toBe(2);
    });

    it('recovers from a PBX restart within 1 s when the first retries fail', async () => {
      const r = rig();
      await start(r);
      r.pbx.reachable = false;
      r.pbx.drop();
      await advance(1_500);
      r.pbx.reachable = true;
      const back = Date.now();
      for (let i = 0; i < 100 && registration(r).state !== 'registered'; i += 1) await advance(10);
      expect(Date.now() - back).toBeLessThanOrEqual(1_000);
    });

    it('stops retrying while offline and retries at once when back online', async () => {
      const r = rig();
      await start(r);
      r.fake.setOnline(false);
      expect(r.phone.getSnapshot().online).toBe(false);
      // Offline does not by itself tear down a connection that still works.
      expect(registration(r).state).toBe('registered');
      r.pbx.drop();
      expect(registration(r)).toMatchObject({ state: 'reconnecting', error: { code: 'offline' }, nextRetryAt: null });
      const attemptsBefore = r.pbx.connectAttempts;
      await advance(120_000);
      expect(r.pbx.connectAttempts).toBe(attemptsBefore);
      r.fake.setOnline(true);
      await advance(10);
      expect(r.pbx.connectAttempts).toBe(attemptsBefore + 1);
      await advance(50);
      expect(registration(r).state).toBe('registered');
      expect(r.phone.getSnapshot().online).toBe(true);
    });

    it('starts offline without trying and registers once online', async () => {
      const r = rig();
      r.fake.setOnline(false);
      const took = await start(r);
      expect(took).toBe(0);
      expect(registration(r)).toMatchObject({ state: 'reconnecting', error: { code: 'offline' }, nextRetryAt: null });
      expect(r.pbx.connectAttempts).toBe(0);
      r.fake.setOnline(true);
      await advance(50);
      expect(registration(r).state).toBe('registered');
    });

    it('registers again when a refresh fails while connected, and gives up if the refresh was refused', async () => {
      const r = rig();
      await start(r);
      r.pbx.register = 'forbidden';
      // sip.js refreshes at 99 % of the 300 s the registrar granted.
      await advance(298_000);
      expect(registration(r)).toMatchObject({ state: 'failed', error: { code: 'auth_failed', detail: '403 Forbidden' } });
      expect(r.pbx.requests('REGISTER')).toHaveLength(3);
    });

    it('unregisters on stop', async () => {
      const r = rig();
      await start(r);
      const stopped = r.phone.stop();
      await advance(100);
      await stopped;
      expect(registration(r).state).toBe('unregistered');
      const last = r.pbx.requests('REGISTER').at(-1)!;
      expect(last.headers.get('contact')![0]).toMatch(/expires=0/);
    });
  });

  describe('incoming calls', () => {
    async function registered(configure?: (pbx: FakePbx) => void, overrides?: Partial<SipPhoneDeps>): Promise<Rig> {
      const r = rig(configure, overrides);
      await start(r);
      return r;
    }

    it('rings with a UUIDv7 id, the caller number, the IVR choice and the ringtone', async () => {
      const r = await registered();
      r.pbx.invite({ headers: ['X-IVR-Choice: Complaint'] });
      await advance(10);
      const [call] = r.phone.getSnapshot().calls;
      expect(call).toMatchObject({ direction: 'inbound', state: 'ringing', ivrChoice: 'complaint', remote: { number: '9001', displayName: 'Customer' } });
      expect(call!.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      const ringtone = r.fake.audioElements[0]!;
      expect(ringtone).toMatchObject({ src: 'blob:ringtone', loop: true });
      expect(ringtone.play).toHaveBeenCalled();
    });

    it('takes the number from P-Asserted-Identity over From', async () => {
      const r = await registered();
      r.pbx.invite({ headers: ['P-Asserted-Identity: "Zhang Min" <sip:+8613800138000@trunk.example>'] });
      await advance(10);
      expect(r.phone.getSnapshot().calls[0]!.remote).toEqual({ number: '+8613800138000', displayName: 'Zhang Min' });
    });

    it('ends on CANCEL, stops the ringtone, and drops the call from the snapshot after 5 s', async () => {
      const r = await registered();
      const invite = r.pbx.invite();
      await advance(10);
      invite.cancel();
      await advance(10);
      expect(r.phone.getSnapshot().calls[0]).toMatchObject({ state: 'ended', endedBy: 'remote', endCause: 'CANCEL' });
      expect(r.fake.audioElements[0]!.pause).toHaveBeenCalled();
      expect(r.pbx.finalResponses(invite.callId)).toEqual([487]);
      expect(r.pbx.finalResponses(invite.callId, 'CANCEL')).toEqual([200]);
      await advance(ENDED_CALL_RETENTION_MS - 100);
      expect(r.phone.getSnapshot().calls).toHaveLength(1);
      await advance(200);
      expect(r.phone.getSnapshot().calls).toHaveLength(0);
    });

    it('rejects with 486 Busy Here by default, or 603 Decline', async () => {
      const r = await registered();
      const first = r.pbx.invite();
      await advance(10);
      await r.phone.reject(r.phone.getSnapshot().calls[0]!.id);
      await advance(10);
      expect(r.pbx.finalResponses(first.callId)).toEqual([486]);
      expect(r.phone.getSnapshot().calls[0]).toMatchObject({ state: 'ended', endedBy: 'local', endCause: '486 Busy Here' });

      const second = r.pbx.invite();
      await advance(10);
      await r.phone.reject(liveCalls(r)[0]!.id, 603);
      await advance(10);
      expect(r.pbx.finalResponses(second.callId)).toEqual([603]);
    });

    it('lets a second call ring while one is ringing, and rings until none is left', async () => {
      const r = await registered();
      const first = r.pbx.invite();
      r.pbx.invite();
      await advance(10);
      expect(liveCalls(r).map((c) => c.state)).toEqual(['ringing', 'ringing']);
      first.cancel();
      await advance(10);
      expect(r.fake.audioElements[0]!.pause).not.toHaveBeenCalled();
      await r.phone.hangUp(liveCalls(r)[0]!.id);
      await advance(10);
      expect(r.fake.audioElements[0]!.pause).toHaveBeenCalled();
    });

    it('refuses to mute, hold or send DTMF on a call that only rings', async () => {
      const r = await registered();
      r.pbx.invite();
      await advance(10);
      const id = liveCalls(r)[0]!.id;
      expect(() => r.phone.setMuted(id, true)).toThrow(/answer it first/);
      expect(await caught(r.phone.hold(id))).toMatchObject({ code: 'call_failed' });
      expect(await caught(r.phone.sendDtmf(id, '5'))).toMatchObject({ code: 'call_failed' });
      expect(await caught(r.phone.blindTransfer(id, '1002'))).toMatchObject({ code: 'call_failed' });
      expect(liveCalls(r)[0]).toMatchObject({ state: 'ringing', muted: false });
    });

    it('keeps a ringing call ringing when the microphone is denied on answer', async () => {
      const r = await registered();
      r.pbx.invite();
      await advance(10);
      const id = liveCalls(r)[0]!.id;
      const error = await caught(r.phone.answer(id));
      expect(error).toMatchObject({ code: 'microphone_denied' });
      expect(liveCalls(r)[0]).toMatchObject({ id, state: 'ringing' });
    });

    it('reports a missing microphone as no_microphone and falls back from a vanished chosen one', async () => {
      const getUserMedia = vi.fn(async (constraints: MediaStreamConstraints) => {
        throw Object.assign(new Error('gone'), { name: typeof constraints.audio === 'object' ? 'OverconstrainedError' : 'NotFoundError' });
      });
      const r = await registered(undefined, { getUserMedia });
      await r.phone.setDevices({ microphoneId: 'usb-headset' });
      r.pbx.invite();
      await advance(10);
      const error = await caught(r.phone.answer(liveCalls(r)[0]!.id));
      expect(error).toMatchObject({ code: 'no_microphone' });
      expect(getUserMedia.mock.calls.map(([c]) => c.audio)).toEqual([{ deviceId: { exact: 'usb-headset' } }, true]);
    });

    it('rings safely for a hostile INVITE: 2 KB markup name, escaped control characters, no user part', async () => {
      const r = await registered();
      const name = `<img src=x onerror=alert(1)>\\\u0007\u202e${'A'.repeat(2048)}`;
      r.pbx.invite({ from: `"${name}" <sip:${FAKE_DOMAIN}>`, headers: ['X-IVR-Choice: <script>', 'P-Asserted-Identity: <<<garbage'] });
      await advance(10);
      const [call] = r.phone.getSnapshot().calls;
      expect(call).toMatchObject({ state: 'ringing', ivrChoice: null, remote: { number: null } });
      expect(Array.from(call!.remote.displayName).length).toBeLessThanOrEqual(48);
      expect(hasUnsafeCharacters(call!.remote.displayName)).toBe(false);
      expect(r.fake.log.error).not.toHaveBeenCalled();
    });

    it('survives an INVITE sip.js cannot parse, and the next call rings', async () => {
      const r = await registered();
      r.pbx.invite({ from: '<<<>>> "' });
      await advance(10);
      expect(liveCalls(r)).toHaveLength(0);
      r.pbx.invite();
      await advance(10);
      expect(liveCalls(r)).toHaveLength(1);
    });

    it('catches and logs a failure inside its INVITE handler, answers 500, and takes the next call', async () => {
      let calls = 0;
      const r = await registered(undefined, {
        uuid: () => {
          calls += 1;
          if (calls === 1) throw new Error('no entropy');
          return `0190a000-0000-7000-8000-00000000000${calls}`;
        },
      });
      const broken = r.pbx.invite();
      await advance(10);
      expect(r.fake.log.error).toHaveBeenCalledWith('could not take an incoming INVITE', 'no entropy');
      expect(r.pbx.finalResponses(broken.callId)).toEqual([500]);
      r.pbx.invite();
      await advance(10);
      expect(liveCalls(r)).toHaveLength(1);
    });
  });

  describe('commands', () => {
    it('rejects commands for an unknown call id with the id in the message', async () => {
      const r = rig();
      await start(r);
      for (const command of [
        () => r.phone.answer('nope'),
        () => r.phone.reject('nope'),
        () => r.phone.hangUp('nope'),
        () => r.phone.hold('nope'),
        () => r.phone.resume('nope'),
        () => r.phone.sendDtmf('nope', '5'),
        () => r.phone.blindTransfer('nope', '1002'),
        () => r.phone.completeAttendedTransfer('nope', 'other'),
      ]) {
        const error = await caught(command());
        expect(error).toMatchObject({ code: 'call_failed' });
        expect(error.detail).toContain('nope');
      }
      expect(() => r.phone.setMuted('nope', true)).toThrow(/nope/);
    });

    it('refuses to dial what is not a number, with invalid_number', async () => {
      const r = rig();
      await start(r);
      for (const target of ['', 'abc', '1001; drop', '<sip:evil>']) {
        expect(await caught(r.phone.dial(target))).toMatchObject({ code: 'invalid_number' });
      }
    });

    it('refuses to dial before it is started or while disconnected', async () => {
      const r = rig();
      expect(await caught(r.phone.dial('1002'))).toMatchObject({ code: 'call_failed' });
      await start(r);
      r.pbx.reachable = false;
      r.pbx.drop();
      expect(await caught(r.phone.dial('1002'))).toMatchObject({ code: 'call_failed', detail: 'not connected to the PBX' });
    });

    it('refuses to dial when the microphone is denied, without placing a call', async () => {
      const r = rig();
      await start(r);
      expect(await caught(r.phone.dial('1002'))).toMatchObject({ code: 'microphone_denied' });
      expect(r.pbx.requests('INVITE')).toHaveLength(0);
      expect(r.phone.getSnapshot().calls).toHaveLength(0);
    });

    it('puts device choices in the snapshot and the ring device on the ringtone', async () => {
      const r = rig();
      await start(r);
      r.pbx.invite();
      await advance(10);
      await r.phone.setDevices({ ringerId: 'speakers', speakerId: 'headset' });
      expect(r.phone.getSnapshot().devices).toEqual({ microphoneId: null, speakerId: 'headset', ringerId: 'speakers' });
      expect(r.fake.audioElements[0]!.setSinkId).toHaveBeenCalledWith('speakers');
    });
  });

  describe('snapshots', () => {
    it('emits a new frozen snapshot on every change and none without one', async () => {
      const r = rig();
      await start(r);
      const count = r.snapshots.length;
      const before = r.phone.getSnapshot();
      r.pbx.invite();
      await advance(10);
      expect(r.snapshots.length).toBe(count + 1);
      const after = r.phone.getSnapshot();
      expect(after).not.toBe(before);
      expect(before.calls).toHaveLength(0);
      expect(Object.isFrozen(after)).toBe(true);
      expect(Object.isFrozen(after.calls)).toBe(true);
      expect(Object.isFrozen(after.calls[0])).toBe(true);
      expect(Object.isFrozen(after.calls[0]!.remote)).toBe(true);
      // Plain data: it survives a JSON round trip unchanged.
      expect(JSON.parse(JSON.stringify(after))).toEqual(after);
    });

    it('keeps notifying the other listeners when one throws, and stops after unsubscribe', async () => {
      const r = rig();
      const seen = vi.fn();
      r.phone.subscribe(() => {
        throw new Error('listener bug');
      });
      const unsubscribe = r.phone.subscribe(seen);
      await start(r);
      expect(seen).toHaveBeenCalled();
      expect(r.fake.log.error).toHaveBeenCalledWith('a phone snapshot listener threw', 'listener bug');
      unsubscribe();
      const calls = seen.mock.calls.length;
      r.pbx.invite();
      await advance(10);
      expect(seen.mock.calls.length).toBe(calls);
    });
  });
});
