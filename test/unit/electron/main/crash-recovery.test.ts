import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createCrashRecovery } from '../../../../electron/main/crash-recovery';
import { messagesFor } from '../../../../electron/main/i18n';
import { BrowserWindow, dialog, resetFakeElectron } from '../../../support/fake-electron';
import { recordingLogger } from '../recording-logger';

beforeEach(() => resetFakeElectron());

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

function setup() {
  let now = 1_000_000;
  const window = new BrowserWindow({});
  const deps = {
    now: () => now,
    dialog,
    messages: () => messagesFor('zh-CN'),
    reopenWindow: vi.fn(),
    onRendererGone: vi.fn(),
    quit: vi.fn(),
    log: recordingLogger(),
  };
  createCrashRecovery(deps).watch(window);
  return { window, deps, advance: (ms: number) => (now += ms) };
}

describe('crash recovery', () => {
  it('reloads the page, forgets what the renderer said and logs when the renderer crashes', () => {
    const { window, deps } = setup();
    window.webContents.crash('crashed');
    expect(window.webContents.reloads).toBe(1);
    expect(deps.onRendererGone).toHaveBeenCalledTimes(1);
    expect(deps.log.at('error')).toHaveLength(1);
  });

  it('does nothing when the renderer exits cleanly', () => {
    const { window, deps } = setup();
    window.webContents.crash('clean-exit', 0);
    expect(window.webContents.reloads).toBe(0);
    expect(deps.onRendererGone).not.toHaveBeenCalled();
  });

  it('opens a new window when the crashed one is destroyed', () => {
    const { window, deps } = setup();
    window.destroy();
    window.webContents.crash('oom');
    expect(deps.reopenWindow).toHaveBeenCalledTimes(1);
    expect(window.webContents.reloads).toBe(0);
  });

  it('keeps reloading when crashes are spread out in time', () => {
    const { window, advance } = setup();
    for (let i = 0; i < 5; i += 1) {
      window.webContents.crash();
      advance(30_001);
    }
    expect(window.webContents.reloads).toBe(5);
    expect(dialog.shown).toHaveLength(0);
  });

  it('stops reloading and asks when the page crashes three times within a minute', async () => {
    const { window, advance } = setup();
    window.webContents.crash();
    advance(10_000);
    window.webContents.crash();
    advance(10_000);
    window.webContents.crash();
    expect(window.webContents.reloads).toBe(2);
    expect(dialog.shown[0]).toMatchObject({ message: '控制台页面反复崩溃。', buttons: ['重试', '退出'], defaultId: 0 });
    await flush();
    // Cancelled (the default answer) means retry: the count starts again.
    expect(window.webContents.reloads).toBe(3);
    window.webContents.crash();
    expect(window.webContents.reloads).toBe(4);
  });

  it('quits when the agent chooses Quit in the crash-loop dialog', async () => {
    dialog.respond = () => 1;
    const { window, deps } = setup();
    for (let i = 0; i < 3; i += 1) window.webContents.crash();
    await flush();
    expect(deps.quit).toHaveBeenCalledTimes(1);
    expect(window.webContents.reloads).toBe(2);
  });

  it('asks once when the page crashes again while the question is open', async () => {
    let answer: (response: number) => void = () => {};
    dialog.respond = () => new Promise((resolve) => (answer = resolve));
    const { window } = setup();
    for (let i = 0; i < 5; i += 1) window.webContents.crash();
    expect(dialog.shown).toHaveLength(1);
    answer(0);
    await flush();
  });

  it('offers to wait or reload when the page hangs, and reloads through a kill when asked', async () => {
    dialog.respond = () => 1;
    const { window } = setup();
    window.emit('unresponsive');
    expect(dialog.shown[0]).toMatchObject({ message: '控制台页面没有响应。', buttons: ['等待', '重新加载'] });
    await flush();
    expect(window.webContents.crashedOnPurpose).toBe(1);
    expect(window.webContents.reloads).toBe(1);
  });

  it('waits when the agent chooses to', async () => {
    const { window } = setup();
    window.emit('unresponsive');
    await flush();
    expect(window.webContents.crashedOnPurpose).toBe(0);
  });

  it('closes the question and does nothing when the page responds again', async () => {
    let signal: AbortSignal | undefined;
    dialog.respond = (options) =>
      new Promise((resolve) => {
        signal = options.signal;
        options.signal?.addEventListener('abort', () => resolve(1));
      });
    const { window } = setup();
    window.emit('unresponsive');
    window.emit('unresponsive');
    expect(dialog.shown).toHaveLength(1);
    window.emit('responsive');
    expect(signal?.aborted).toBe(true);
    await flush();
    expect(window.webContents.crashedOnPurpose).toBe(0);
  });
});
