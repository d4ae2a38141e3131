import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AgentStateReport } from '../../../../shared/api/phone';
import { createStateReportOutbox, STATE_REPORT_QUEUE_LIMIT } from '../../../../renderer/src/store/state-report-outbox';
import { fakeClock, settle } from '../support/fake-clock';
import { networkDown } from '../support/fake-hub';

const report = (n: number): AgentStateReport => ({
  state: n % 2 === 0 ? 'ready' : 'not_ready',
  reasonCode: null,
  at: new Date(Date.UTC(2026, 10, 24, 1, 0, n)).toISOString(),
  callId: null,
});

beforeEach(() => {
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
});
afterEach(() => vi.restoreAllMocks());

describe('state report outbox', () => {
  it('sends one report at a time, oldest first', async () => {
    const sent: string[] = [];
    let inFlight = 0;
    const outbox = createStateReportOutbox({
      clock: fakeClock().clock,
      random: () => 0.5,
      onPendingChange: () => undefined,
      send: async (r) => {
        inFlight += 1;
        expect(inFlight).toBe(1);
        await settle(1);
        sent.push(r.at);
        inFlight -= 1;
      },
    });
    [1, 2, 3].forEach((n) => outbox.enqueue(report(n)));
    await settle(10);
    expect(sent).toEqual([1, 2, 3].map((n) => report(n).at));
  });

  it('keeps the report in flight and the newest others when the hub stays away, and sends nothing after dispose', async () => {
    const clock = fakeClock();
    let sends = 0;
    const outbox = createStateReportOutbox({
      clock: clock.clock,
      random: () => 0.5,
      onPendingChange: () => undefined,
      send: async () => {
        sends += 1;
        throw networkDown();
      },
    });
    for (let n = 0; n < STATE_REPORT_QUEUE_LIMIT + 5; n++) outbox.enqueue(report(n));
    await settle();
    expect(outbox.pending()).toHaveLength(STATE_REPORT_QUEUE_LIMIT);
    expect(outbox.pending().slice(0, 2)).toEqual([report(0), report(6)]);
    outbox.dispose();
    const before = sends;
    await clock.advance(600_000);
    expect(sends).toBe(before);
    expect(clock.pendingTimers()).toBe(0);
  });
});
