import { describe, expect, it } from 'vitest';
import { DEFAULT_HOTKEYS, type DesktopStatus, type Settings } from '../../../../../shared/ipc/contract';
import {
  checkHubUrl,
  draftOf,
  draftProblems,
  duplicateHotkey,
  hotkeyStatusOf,
  settingsPatch,
} from '../../../../../renderer/src/features/settings/settings-model';

const saved: Settings = {
  hubUrl: 'http://127.0.0.1:8790',
  language: 'zh-CN',
  audio: { microphoneId: null, speakerId: null, ringerId: null },
  hotkeys: DEFAULT_HOTKEYS,
  launchAtLogin: false,
  bringToFrontOnRing: true,
};

describe('checkHubUrl', () => {
  it('accepts an http or https address and drops trailing slashes', () => {
    expect(checkHubUrl(' https://hub.example.cn:8443/ ')).toEqual({ ok: true, url: 'https://hub.example.cn:8443' });
    expect(checkHubUrl('http://10.0.0.5:8790')).toEqual({ ok: true, url: 'http://10.0.0.5:8790' });
  });

  it('refuses an empty address, another scheme, script and credentials', () => {
    expect(checkHubUrl('  ')).toEqual({ ok: false, problem: 'required' });
    expect(checkHubUrl('hub.example.cn')).toEqual({ ok: false, problem: 'not_http' });
    expect(checkHubUrl('javascript:alert(1)')).toEqual({ ok: false, problem: 'not_http' });
    expect(checkHubUrl('file:///etc/passwd')).toEqual({ ok: false, problem: 'not_http' });
    expect(checkHubUrl('http://admin:secret@hub:8790')).toEqual({ ok: false, problem: 'not_http' });
    expect(checkHubUrl(`http://hub/${'x'.repeat(2048)}`)).toEqual({ ok: false, problem: 'too_long' });
  });
});

describe('duplicateHotkey', () => {
  it('names the action that already has the combination, however it is spelled', () => {
    expect(duplicateHotkey(DEFAULT_HOTKEYS, 'answer', 'alt+control+h')).toBe('hangUp');
    expect(duplicateHotkey(DEFAULT_HOTKEYS, 'hangUp', 'Ctrl+Alt+H')).toBeNull();
    expect(duplicateHotkey(DEFAULT_HOTKEYS, 'answer', 'F9')).toBeNull();
  });

  it('lets several actions have no hotkey', () => {
    expect(duplicateHotkey({ ...DEFAULT_HOTKEYS, hold: '' }, 'mute', '')).toBeNull();
  });
});

describe('settingsPatch', () => {
  it('holds only what changed', () => {
    const draft = { ...draftOf(saved), launchAtLogin: true };
    expect(settingsPatch(draft, saved, 'desktop')).toEqual({ launchAtLogin: true });
    expect(settingsPatch(draftOf(saved), saved, 'desktop')).toEqual({});
  });

  it('sends all four hotkeys when one changed, and the hub address as checked', () => {
    const draft = { ...draftOf(saved), hubUrl: 'http://hub.example.cn/', hotkeys: { ...DEFAULT_HOTKEYS, mute: '' } };
    expect(settingsPatch(draft, saved, 'desktop')).toEqual({ hubUrl: 'http://hub.example.cn', hotkeys: { ...DEFAULT_HOTKEYS, mute: '' } });
  });

  it('never sends a hub address from web mode, where the page’s own server is used', () => {
    const draft = { ...draftOf(saved), hubUrl: 'http://elsewhere' };
    expect(settingsPatch(draft, saved, 'web')).toEqual({});
    expect(draftProblems({ ...draft, hubUrl: '' }, 'web')).toEqual({});
    expect(draftProblems({ ...draft, hubUrl: '' }, 'desktop')).toEqual({ hubUrl: 'required' });
  });
});

describe('hotkeyStatusOf', () => {
  const status: DesktopStatus = {
    hotkeys: {
      answer: { accelerator: 'Ctrl+Alt+Enter', status: 'registered' },
      hangUp: { accelerator: 'Ctrl+Alt+H', status: 'conflict' },
      hold: { accelerator: '', status: 'off' },
      mute: { accelerator: 'Ctrl+Alt+M', status: 'unsupported' },
    },
    launchAtLogin: 'applied',
    secretProtection: 'os-encrypted',
    linkHandlers: { tel: true, app: true },
  };

  it('gives the platform’s word for the saved combination', () => {
    expect(hotkeyStatusOf(status, 'answer', 'Ctrl+Alt+Enter')).toBe('registered');
    expect(hotkeyStatusOf(status, 'hangUp', 'Alt+Ctrl+H')).toBe('conflict');
    expect(hotkeyStatusOf(status, 'hold', '')).toBe('off');
    expect(hotkeyStatusOf(status, 'mute', 'Ctrl+Alt+M')).toBe('unsupported');
  });

  it('says unsaved while the field holds another combination, and nothing before the status is known', () => {
    expect(hotkeyStatusOf(status, 'answer', 'F9')).toBe('unsaved');
    expect(hotkeyStatusOf(null, 'answer', 'Ctrl+Alt+Enter')).toBeNull();
  });
});
