import { describe, expect, it } from 'vitest';
import type { BoardFiguresEvent, HubEvent } from '../../../shared/api/events';
import { boardFigures, withBoardFigures, type Timers } from '../../../hub/src/board/board-figures';
import { inProcessEventBus } from '../../../hub/src/events/event-bus';
import { FakeClock } from '../../support/hub-clock';

/** Timers that fire only when the test moves time. */
function fakeTimers(): Timers & { advance(ms: number): void; pending(): number } {
  let now = 0;
  let next = 0;
  const due = new Map<number, { at: number; callback: () => void }>();
  return {
    now: () => now,
    setTimeout(callback, ms) {
      next += 1;
      due.set(next, { at: now + ms, callback });
      return next;
    },
    clearTimeout: (handle) => void due.delete(handle as number),
    advance(ms) {
      now += ms;
      for (const [handle, timer] of [...due].sort((a, b) => a[1].at - b[1].at)) {
        if (timer.at > now) continue;
        due.delete(handle);
        timer.callback();
      }
    },
    pending: () => due.size,
  };
}

function coalescer() {
  const timers = fakeTimers();
  const clock = new FakeClock();
  const sent: BoardFiguresEvent[] = [];
  const figures = boardFigures({ publish: (event) => sent.push(event), clock, timers, intervalMs: 1000 });
  return { timers, clock, sent, figures };
}

describe('boardFigures', () => {
  it('sends the first change at once, stamped by the hub clock', () => {
    const { sent, figures, clock } = coalescer();

    figures.changed();

    expect(sent).toEqual([{ type: 'board.figures', at: clock.now().toISOString() }]);
  });

  it('sends the changes of the following second as one event at its end', () => {
    const { sent, figures, timers } = coalescer();
    figures.changed();

    timers.advance(100);
    figures.changed();
    timers.advance(300);
    figures.changed();
    figures.changed();
    expect(sent).toHaveLength(1);

    timers.advance(599);
    expect(sent).toHaveLength(1);
    timers.advance(1);
    expect(sent).toHaveLength(2);
  });

  it('sends nothing more when nothing changed after the last event', () => {
    const { sent, figures, timers } = coalescer();
    figures.changed();

    timers.advance(5000);

    expect(sent).toHaveLength(1);
    expect(timers.pending()).toBe(0);
  });

  it('sends at once again after a quiet second', () => {
    const { sent, figures, timers } = coalescer();
    figures.changed();

    timers.advance(1500);
    figures.changed();

    expect(sent).toHaveLength(2);
  });

  it('keeps a second between events under a steady stream of changes, and reports the last change', () => {
    const { figures, timers, clock } = coalescer();
    const sentAt: number[] = [];
    const timed = boardFigures({ publish: () => sentAt.push(timers.now()), clock, timers, intervalMs: 1000 });
    figures.close();

    // Ten seconds of a change every 50 ms.
    for (let i = 0; i < 200; i += 1) {
      timed.changed();
      timers.advance(50);
    }
    const lastChange = timers.now() - 50;
    timers.advance(1000);

    const gaps = sentAt.slice(1).map((t, i) => t - sentAt[i]!);
    expect(gaps.every((gap) => gap >= 1000)).toBe(true);
    expect(sentAt).toHaveLength(11);
    expect(sentAt.at(-1)).toBeGreaterThanOrEqual(lastChange);
  });

  it('drops the pending event when closed and ignores changes after', () => {
    const { sent, figures, timers } = coalescer();
    figures.changed();
    figures.changed();

    figures.close();
    timers.advance(2000);
    figures.changed();

    expect(sent).toHaveLength(1);
    expect(timers.pending()).toBe(0);
  });
});

describe('withBoardFigures', () => {
  const at = '2026-03-02T09:00:00.000Z';
  const events: Record<string, HubEvent> = {
    complaint: { type: 'ticket.changed', ticketId: crypto.randomUUID(), ticketNo: 'TS-2026-000001', kind: 'complaint', status: 'registered', waitingOn: 'service', version: 1, at, by: 'agent1' },
    consultation: { type: 'ticket.changed', ticketId: crypto.randomUUID(), ticketNo: 'ZX-2026-000001', kind: 'consult', status: 'open', waitingOn: null, version: 1, at, by: 'agent1' },
    callback: { type: 'callback.changed', callbackId: crypto.randomUUID(), status: 'done', assignee: 'callback1', ticketId: null, version: 2, at, by: 'callback1' },
    notification: { type: 'notification.created', notificationId: crypto.randomUUID(), departmentCode: 'logistics', username: null, ticketId: null, urgent: false, at },
  };

  it.each([
    ['complaint', true],
    ['callback', true],
    ['consultation', false],
    ['notification', false],
  ])('passes a %s event on and moves the figures: %s', (name, moves) => {
    const bus = inProcessEventBus();
    const heard: HubEvent[] = [];
    bus.subscribe((event) => heard.push(event));
    let changes = 0;
    const wrapped = withBoardFigures(bus, { changed: () => void (changes += 1), close: () => {} });

    wrapped.publish(events[name]!);

    expect(heard).toEqual([events[name]]);
    expect(changes).toBe(moves ? 1 : 0);
  });
});
