import { describe, expect, it } from 'vitest';
import type { CallSnapshot } from '../../../../../renderer/src/services/sip/phone-types';
import type { DesktopStatus } from '../../../../../shared/ipc/contract';
import { matchShortcut, PHONE_SHORTCUTS, shortcutTargets, takenByGlobalHotkey, type KeyPress } from '../../../../../renderer/src/features/phone/shortcuts';
import { callSnapshot } from '../../support/phone-snapshots';

const press = (patch: Partial<KeyPress>): KeyPress => ({
  code: 'KeyH',
  ctrlKey: true,
  altKey: true,
  shiftKey: false,
  metaKey: false,
  repeat: false,
  altGraph: false,
  typing: false,
  ...patch,
});

const call = (id: string, state: CallSnapshot['state']): CallSnapshot =>
  callSnapshot({ id, direction: 'inbound', state, remote: { number: null, displayName: '' }, ivrChoice: null, startedAt: 0 });

describe('matchShortcut', () => {
  it('matches Ctrl+Alt with each shortcut key', () => {
    for (const s of PHONE_SHORTCUTS) expect(matchShortcut(press({ code: s.code }))?.action).toBe(s.action);
    expect(matchShortcut(press({ code: 'NumpadEnter' }))?.action).toBe('answer');
  });

  it('ignores other modifiers, AltGr, key repeat and unknown keys', () => {
    expect(matchShortcut(press({ ctrlKey: false }))).toBeNull();
    expect(matchShortcut(press({ shiftKey: true }))).toBeNull();
    expect(matchShortcut(press({ metaKey: true }))).toBeNull();
    expect(matchShortcut(press({ altGraph: true }))).toBeNull();
    expect(matchShortcut(press({ repeat: true }))).toBeNull();
    expect(matchShortcut(press({ code: 'KeyQ' }))).toBeNull();
  });

  it('lets only answer and hang up fire while typing in a field', () => {
    const fired = PHONE_SHORTCUTS.filter((s) => matchShortcut(press({ code: s.code, typing: true }))).map((s) => s.action);
    expect(fired).toEqual(['answer', 'hangUp']);
  });

  it('uses none of the combinations taken by the browser or common desktop tools', () => {
    const taken = ['KeyA', 'KeyT', 'KeyL', 'KeyN', 'Delete', 'End', 'Backspace'];
    expect(PHONE_SHORTCUTS.filter((s) => taken.includes(s.code))).toEqual([]);
  });
});

describe('shortcutTargets', () => {
  it('answers the ringing call and acts on the talking one otherwise', () => {
    expect(shortcutTargets([call('a', 'talking'), call('b', 'ringing')])).toEqual({
      answer: 'b',
      hangUp: 'a',
      holdResume: { callId: 'a', resume: false },
      mute: 'a',
      transfer: 'a',
    });
  });

  it('resumes, hangs up or transfers a held call only when it is the one call', () => {
    expect(shortcutTargets([call('a', 'held')])).toEqual({
      answer: null,
      hangUp: 'a',
      holdResume: { callId: 'a', resume: true },
      mute: 'a',
      transfer: 'a',
    });
    expect(shortcutTargets([call('a', 'held'), call('b', 'dialing')])).toMatchObject({ hangUp: 'b', holdResume: null, transfer: null });
  });

  it('targets nothing when there are only ended calls', () => {
    expect(Object.values(shortcutTargets([call('a', 'ended')]))).toEqual([null, null, null, null, null]);
  });
});

describe('takenByGlobalHotkey', () => {
  const status = (hotkeys: Partial<Record<'answer' | 'hangUp' | 'hold' | 'mute', { accelerator: string; status: 'registered' | 'conflict' | 'off' | 'invalid' | 'unsupported' }>>): DesktopStatus => ({
    hotkeys: {
      answer: { accelerator: '', status: 'off' },
      hangUp: { accelerator: '', status: 'off' },
      hold: { accelerator: '', status: 'off' },
      mute: { accelerator: '', status: 'off' },
      ...hotkeys,
    },
    launchAtLogin: 'applied',
    secretProtection: 'os-encrypted',
    linkHandlers: { tel: true, app: true },
  });

  it('leaves a key to the global hotkey registered with the same combination, whatever its action', () => {
    const answer = PHONE_SHORTCUTS.find((s) => s.action === 'answer')!;
    const mute = PHONE_SHORTCUTS.find((s) => s.action === 'mute')!;
    expect(takenByGlobalHotkey(answer, status({ answer: { accelerator: 'Ctrl+Alt+Enter', status: 'registered' } }))).toBe(true);
    expect(takenByGlobalHotkey(mute, status({ hold: { accelerator: 'Alt+Ctrl+M', status: 'registered' } }))).toBe(true);
  });

  it('keeps the in-window key when the global one failed, is another combination or the status is unknown', () => {
    const answer = PHONE_SHORTCUTS.find((s) => s.action === 'answer')!;
    expect(takenByGlobalHotkey(answer, status({ answer: { accelerator: 'Ctrl+Alt+Enter', status: 'conflict' } }))).toBe(false);
    expect(takenByGlobalHotkey(answer, status({ answer: { accelerator: 'Ctrl+Alt+Enter', status: 'unsupported' } }))).toBe(false);
    expect(takenByGlobalHotkey(answer, status({ answer: { accelerator: 'F9', status: 'registered' } }))).toBe(false);
    expect(takenByGlobalHotkey(answer, null)).toBe(false);
  });
});
