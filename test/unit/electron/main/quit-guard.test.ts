import { beforeEach, describe, expect, it, vi } from 'vitest';
import { messagesFor } from '../../../../electron/main/i18n';
import { confirmQuitInCall, createQuitGuard } from '../../../../electron/main/quit-guard';
import { dialog, FakeEvent, resetFakeElectron } from '../../../support/fake-electron';
import { recordingLogger } from '../recording-logger';

beforeEach(() => resetFakeElectron());

function setup({ inCall = false, tray = true, answer = false } = {}) {
  const state = { inCall, tray };
  let resolveAnswer: (ok: boolean) => void = () => {};
  const confirmQuit = vi.fn(
    () =>
      new Promise<boolean>((resolve) => {
        resolveAnswer = resolve;
        if (answer) resolve(true);
      }),
  );
  const guard = createQuitGuard({
    isInCall: () => state.inCall,
    hasTray: () => state.tray,
    confirmQuit,
    quit: vi.fn(() => guard.beforeQuit(new FakeEvent())),
    log: recordingLogger(),
  });
  return { guard, state, confirmQuit, answer: (ok: boolean) => resolveAnswer(ok) };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('quit guard', () => {
  it('lets the quit go on without asking when no call is up', () => {
    const { guard, confirmQuit } = setup();
    const event = new FakeEvent();
    guard.beforeQuit(event);
    expect(event.defaultPrevented).toBe(false);
    expect(confirmQuit).not.toHaveBeenCalled();
    expect(guard.isQuitting()).toBe(true);
  });

  it('stops the quit and asks when a call is up', () => {
    const { guard, confirmQuit } = setup({ inCall: true });
    const event = new FakeEvent();
    guard.beforeQuit(event);
    expect(event.defaultPrevented).toBe(true);
    expect(confirmQuit).toHaveBeenCalledTimes(1);
    expect(guard.isQuitting()).toBe(false);
  });

  it('quits after all when the agent confirms', async () => {
    const { guard, answer } = setup({ inCall: true });
    guard.beforeQuit(new FakeEvent());
    answer(true);
    await flush();
    expect(guard.isQuitting()).toBe(true);
  });

  it('stays running when the agent cancels, and asks again at the next quit', async () => {
    const { guard, answer, confirmQuit } = setup({ inCall: true });
    guard.beforeQuit(new FakeEvent());
    answer(false);
    await flush();
    expect(guard.isQuitting()).toBe(false);
    const again = new FakeEvent();
    guard.beforeQuit(again);
    expect(again.defaultPrevented).toBe(true);
    expect(confirmQuit).toHaveBeenCalledTimes(2);
  });

  it('shows one question when quit is asked for twice while it is open', () => {
    const { guard, confirmQuit } = setup({ inCall: true });
    guard.beforeQuit(new FakeEvent());
    guard.beforeQuit(new FakeEvent());
    expect(confirmQuit).toHaveBeenCalledTimes(1);
  });

  it('hides the window instead of closing it when a tray icon is there', () => {
    const { guard } = setup();
    const window = { hide: vi.fn() };
    const event = new FakeEvent();
    guard.windowClose(event, window);
    expect(event.defaultPrevented).toBe(true);
    expect(window.hide).toHaveBeenCalledTimes(1);
  });

  it('lets the window close when the app is quitting', () => {
    const { guard } = setup();
    guard.beforeQuit(new FakeEvent());
    const event = new FakeEvent();
    guard.windowClose(event, { hide: vi.fn() });
    expect(event.defaultPrevented).toBe(false);
  });

  it('lets the window close without asking when Windows ends the session, even in a call', () => {
    const { guard, confirmQuit } = setup({ inCall: true });
    guard.sessionEnding();
    const event = new FakeEvent();
    guard.windowClose(event, { hide: vi.fn() });
    expect(event.defaultPrevented).toBe(false);
    expect(confirmQuit).not.toHaveBeenCalled();
  });

  it('asks before closing the window in a call when there is no tray to hide it in', () => {
    const { guard, confirmQuit } = setup({ inCall: true, tray: false });
    const event = new FakeEvent();
    guard.windowClose(event, { hide: vi.fn() });
    expect(event.defaultPrevented).toBe(true);
    expect(confirmQuit).toHaveBeenCalledTimes(1);
  });

  it('lets the window close without asking when there is no tray and no call', () => {
    const { guard, confirmQuit } = setup({ tray: false });
    const event = new FakeEvent();
    guard.windowClose(event, { hide: vi.fn() });
    expect(event.defaultPrevented).toBe(false);
    expect(confirmQuit).not.toHaveBeenCalled();
  });
});

describe('confirmQuitInCall', () => {
  it('asks in the agent language with Cancel as the default and answers false when cancelled', async () => {
    await expect(confirmQuitInCall(dialog, messagesFor('zh-CN'))).resolves.toBe(false);
    expect(dialog.shown[0]).toMatchObject({ message: '正在通话中，确定退出？', buttons: ['取消', '退出'], defaultId: 0, cancelId: 0 });
  });

  it('answers true when the agent presses Quit', async () => {
    dialog.respond = () => 1;
    await expect(confirmQuitInCall(dialog, messagesFor('en-US'))).resolves.toBe(true);
    expect(dialog.shown[0]?.buttons).toEqual(['Cancel', 'Quit']);
  });
});
