import { beforeEach, describe, expect, it } from 'vitest';
import { createConsoleEvents } from '../../../../electron/main/events';
import { IPC_EVENT_CHANNEL, type ConsoleEvent } from '../../../../shared/ipc/contract';
import { FakeWebContents, resetFakeElectron } from '../../../support/fake-electron';
import { recordingLogger } from '../recording-logger';

beforeEach(() => resetFakeElectron());

const dial = (number: string): ConsoleEvent => ({ type: 'dial', number, source: 'tel' });
const payloads = (contents: FakeWebContents) => contents.sent.map(({ channel, args }) => [channel, ...args]);

function setup(limit?: number) {
  const log = recordingLogger();
  const events = createConsoleEvents({ log, ...(limit === undefined ? {} : { limit }) });
  return { log, events, contents: new FakeWebContents() };
}

describe('console events', () => {
  it('sends the event on the one event channel when the renderer listens', () => {
    const { events, contents } = setup();
    events.attach(contents);
    expect(events.ready()).toBe(0);
    expect(events.send({ type: 'hotkey', action: 'answer' })).toBe('sent');
    expect(payloads(contents)).toEqual([[IPC_EVENT_CHANNEL, { type: 'hotkey', action: 'answer' }]]);
  });

  it('holds events back until eventsReady and then sends them in order when there was no window', () => {
    const { events, contents } = setup();
    expect(events.send(dial('10086'))).toBe('queued');
    expect(events.send({ type: 'linkRefused', link: 'tel:abc', reason: 'not_a_number' })).toBe('queued');
    events.attach(contents);
    expect(contents.sent).toEqual([]);
    expect(events.ready()).toBe(2);
    expect(payloads(contents)).toEqual([
      [IPC_EVENT_CHANNEL, dial('10086')],
      [IPC_EVENT_CHANNEL, { type: 'linkRefused', link: 'tel:abc', reason: 'not_a_number' }],
    ]);
    expect(events.ready()).toBe(0);
  });

  it('holds events back again when the window is re-created until its renderer is ready', () => {
    const { events, contents } = setup();
    events.attach(contents);
    events.ready();
    const reloaded = new FakeWebContents();
    events.attach(reloaded);
    expect(events.send({ type: 'presenceRequested', state: 'ready' })).toBe('queued');
    expect(reloaded.sent).toEqual([]);
    expect(events.ready()).toBe(1);
    expect(payloads(reloaded)).toEqual([[IPC_EVENT_CHANNEL, { type: 'presenceRequested', state: 'ready' }]]);
    expect(contents.sent).toEqual([]);
  });

  it('holds events back when the attached page is destroyed', () => {
    const { events, contents } = setup();
    events.attach(contents);
    events.ready();
    contents.destroyed = true;
    expect(events.send(dial('1'))).toBe('queued');
    expect(events.ready()).toBe(0);
  });

  it('drops a hotkey press or a notification action when the renderer is not listening', () => {
    const { events, contents, log } = setup();
    expect(events.send({ type: 'hotkey', action: 'hangUp' })).toBe('dropped');
    expect(events.send({ type: 'incomingCall', callId: 'c1', action: 'answer' })).toBe('dropped');
    events.attach(contents);
    expect(events.ready()).toBe(0);
    expect(contents.sent).toEqual([]);
    expect(log.at('info')).toHaveLength(2);
  });

  it('keeps only the newest dial when several links arrive before the renderer listens', () => {
    const { events, contents } = setup();
    events.send(dial('111'));
    events.send({ type: 'linkRefused', link: 'tel:x', reason: 'not_a_number' });
    events.send(dial('222'));
    events.attach(contents);
    events.ready();
    expect(contents.sent.map(({ args }) => args[0])).toEqual([
      { type: 'linkRefused', link: 'tel:x', reason: 'not_a_number' },
      dial('222'),
    ]);
  });

  it('drops the oldest events but keeps the dial when the queue is full', () => {
    const { events, contents, log } = setup(3);
    events.send(dial('10086'));
    for (const link of ['tel:a', 'tel:b', 'tel:c', 'tel:d']) events.send({ type: 'linkRefused', link, reason: 'not_a_number' });
    events.attach(contents);
    expect(events.ready()).toBe(3);
    expect(contents.sent.map(({ args }) => args[0])).toEqual([
      dial('10086'),
      { type: 'linkRefused', link: 'tel:c', reason: 'not_a_number' },
      { type: 'linkRefused', link: 'tel:d', reason: 'not_a_number' },
    ]);
    expect(log.at('warn')).toHaveLength(2);
  });

  it('refuses and logs an event that does not match the contract', () => {
    const { events, contents, log } = setup();
    events.attach(contents);
    events.ready();
    const bad = { type: 'dial', number: '', source: 'tel' } as ConsoleEvent;
    expect(events.send(bad)).toBe('dropped');
    expect(events.send({ type: 'reboot' } as unknown as ConsoleEvent)).toBe('dropped');
    expect(contents.sent).toEqual([]);
    expect(log.at('error')).toHaveLength(2);
  });
});
