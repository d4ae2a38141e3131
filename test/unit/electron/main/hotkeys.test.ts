import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createHotkeys } from '../../../../electron/main/hotkeys';
import { DEFAULT_HOTKEYS, type Hotkeys } from '../../../../shared/ipc/contract';
import { globalShortcut, resetFakeElectron } from '../../../support/fake-electron';
import { recordingLogger } from '../recording-logger';

beforeEach(() => resetFakeElectron());

function setup() {
  const events = { send: vi.fn(() => 'sent' as const) };
  const log = recordingLogger();
  return { hotkeys: createHotkeys({ globalShortcut, events, log }), events, log };
}

const KEYS: Hotkeys = { answer: 'Ctrl+Alt+Enter', hangUp: 'Ctrl+Alt+H', hold: '', mute: 'F9' };

describe('hotkeys', () => {
  it('registers each set key system-wide and reports registered or off', () => {
    const { hotkeys } = setup();
    expect(hotkeys.apply(KEYS)).toEqual({
      answer: { accelerator: 'Ctrl+Alt+Enter', status: 'registered' },
      hangUp: { accelerator: 'Ctrl+Alt+H', status: 'registered' },
      hold: { accelerator: '', status: 'off' },
      mute: { accelerator: 'F9', status: 'registered' },
    });
    expect([...globalShortcut.registered.keys()].sort()).toEqual(['Ctrl+Alt+Enter', 'Ctrl+Alt+H', 'F9']);
    expect(hotkeys.status()).toEqual(hotkeys.apply(KEYS));
  });

  it('sends the action to the renderer when a registered key is pressed', () => {
    const { hotkeys, events } = setup();
    hotkeys.apply(KEYS);
    globalShortcut.press('Ctrl+Alt+H');
    expect(events.send).toHaveBeenCalledWith({ type: 'hotkey', action: 'hangUp' });
  });

  it('registers the normalised spelling of a key when the settings spell it loosely', () => {
    const { hotkeys } = setup();
    expect(hotkeys.apply({ ...KEYS, answer: 'control+alt+enter' }).answer).toEqual({ accelerator: 'control+alt+enter', status: 'registered' });
    expect(globalShortcut.isRegistered('Ctrl+Alt+Enter')).toBe(true);
  });

  it('reports conflict and warns when another program holds the key', () => {
    const { hotkeys, log } = setup();
    globalShortcut.heldByOthers.add('Ctrl+Alt+H');
    expect(hotkeys.apply(KEYS).hangUp).toEqual({ accelerator: 'Ctrl+Alt+H', status: 'conflict' });
    expect(hotkeys.status().answer.status).toBe('registered');
    expect(log.at('warn')).toHaveLength(1);
  });

  it('reports conflict for the second of two actions on the same key', () => {
    const { hotkeys } = setup();
    const statuses = hotkeys.apply({ ...KEYS, hold: 'alt+ctrl+h' });
    expect(statuses.hangUp.status).toBe('registered');
    expect(statuses.hold).toEqual({ accelerator: 'alt+ctrl+h', status: 'conflict' });
  });

  it('reports invalid when the key does not pass the check or the OS throws on it', () => {
    const { hotkeys, log } = setup();
    globalShortcut.unknownToOs.add('F9');
    const statuses = hotkeys.apply({ ...KEYS, hold: 'Ctrl+Nope' });
    expect(statuses.hold).toEqual({ accelerator: 'Ctrl+Nope', status: 'invalid' });
    expect(statuses.mute).toEqual({ accelerator: 'F9', status: 'invalid' });
    expect(log.at('warn')).toHaveLength(1);
  });

  it('unregisters only its own keys when the settings change', () => {
    const { hotkeys } = setup();
    globalShortcut.register('Ctrl+Shift+X', () => {});
    hotkeys.apply(KEYS);
    hotkeys.apply({ ...KEYS, hangUp: 'Ctrl+Alt+E' });
    expect([...globalShortcut.registered.keys()].sort()).toEqual(['Ctrl+Alt+E', 'Ctrl+Alt+Enter', 'Ctrl+Shift+X', 'F9']);
  });

  it('lets two actions swap keys when the settings change', () => {
    const { hotkeys, events } = setup();
    hotkeys.apply(KEYS);
    const statuses = hotkeys.apply({ ...KEYS, answer: 'Ctrl+Alt+H', hangUp: 'Ctrl+Alt+Enter' });
    expect(statuses.answer.status).toBe('registered');
    expect(statuses.hangUp.status).toBe('registered');
    globalShortcut.press('Ctrl+Alt+H');
    expect(events.send).toHaveBeenCalledWith({ type: 'hotkey', action: 'answer' });
  });

  it('needs applying when nothing was applied, the keys changed or a key was in conflict', () => {
    const { hotkeys } = setup();
    expect(hotkeys.needsApply(KEYS)).toBe(true);
    hotkeys.apply(KEYS);
    expect(hotkeys.needsApply({ ...KEYS })).toBe(false);
    expect(hotkeys.needsApply({ ...KEYS, mute: 'F10' })).toBe(true);
    globalShortcut.heldByOthers.add('F10');
    hotkeys.apply({ ...KEYS, mute: 'F10' });
    expect(hotkeys.needsApply({ ...KEYS, mute: 'F10' })).toBe(true);
  });

  it('registers a key again once the other program let it go', () => {
    const { hotkeys } = setup();
    globalShortcut.heldByOthers.add('Ctrl+Alt+M');
    expect(hotkeys.apply(DEFAULT_HOTKEYS).mute.status).toBe('conflict');
    globalShortcut.heldByOthers.clear();
    expect(hotkeys.apply(DEFAULT_HOTKEYS).mute.status).toBe('registered');
  });

  it('leaves no key of its own registered on quit', () => {
    const { hotkeys } = setup();
    globalShortcut.register('Ctrl+Shift+X', () => {});
    hotkeys.apply(KEYS);
    hotkeys.unregisterAll();
    expect([...globalShortcut.registered.keys()]).toEqual(['Ctrl+Shift+X']);
  });
});
