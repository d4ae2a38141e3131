import { describe, expect, it } from 'vitest';
import { captureKey, type CapturedPress } from '../../../../../renderer/src/features/settings/key-capture';

const press = (code: string, held: Partial<Omit<CapturedPress, 'code'>> = {}): CapturedPress => ({
  code,
  ctrlKey: false,
  altKey: false,
  shiftKey: false,
  metaKey: false,
  ...held,
});

describe('captureKey', () => {
  it('records a combination in Electron spelling, modifiers first', () => {
    expect(captureKey(press('KeyH', { ctrlKey: true, altKey: true }))).toEqual({
      kind: 'combination',
      text: 'Ctrl+Alt+H',
      check: { ok: true, accelerator: 'Ctrl+Alt+H' },
    });
    expect(captureKey(press('NumpadEnter', { ctrlKey: true, shiftKey: true }))).toMatchObject({ check: { ok: true, accelerator: 'Ctrl+Shift+Enter' } });
    expect(captureKey(press('ArrowUp', { altKey: true, metaKey: true }))).toMatchObject({ check: { ok: true, accelerator: 'Alt+Super+Up' } });
    expect(captureKey(press('Numpad5', { ctrlKey: true }))).toMatchObject({ check: { ok: true, accelerator: 'Ctrl+num5' } });
    expect(captureKey(press('Digit7', { ctrlKey: true }))).toMatchObject({ check: { ok: true, accelerator: 'Ctrl+7' } });
  });

  it('takes a function key alone, and refuses any other key without a modifier', () => {
    expect(captureKey(press('F9'))).toMatchObject({ check: { ok: true, accelerator: 'F9' } });
    expect(captureKey(press('KeyQ'))).toMatchObject({ text: 'Q', check: { ok: false, reason: 'no_modifier' } });
  });

  it('refuses a key that cannot be a hotkey', () => {
    expect(captureKey(press('Semicolon', { ctrlKey: true }))).toMatchObject({ check: { ok: false, reason: 'unknown_key' } });
  });

  it('clears with Backspace or Delete alone, cancels with Esc and lets Tab move on', () => {
    expect(captureKey(press('Backspace'))).toEqual({ kind: 'clear' });
    expect(captureKey(press('Delete'))).toEqual({ kind: 'clear' });
    expect(captureKey(press('Escape'))).toEqual({ kind: 'cancel' });
    expect(captureKey(press('Tab'))).toEqual({ kind: 'pass' });
    expect(captureKey(press('Tab', { shiftKey: true }))).toEqual({ kind: 'pass' });
  });

  it('records Backspace, Delete and Tab held with a modifier as combinations', () => {
    expect(captureKey(press('Backspace', { ctrlKey: true, altKey: true }))).toMatchObject({ kind: 'combination', text: 'Ctrl+Alt+Backspace' });
    expect(captureKey(press('Tab', { ctrlKey: true }))).toMatchObject({ kind: 'combination', text: 'Ctrl+Tab' });
  });

  it('shows the modifiers held so far while no other key is down', () => {
    expect(captureKey(press('ControlLeft', { ctrlKey: true }))).toEqual({ kind: 'partial', text: 'Ctrl+' });
    expect(captureKey(press('AltRight', { ctrlKey: true, altKey: true }))).toEqual({ kind: 'partial', text: 'Ctrl+Alt+' });
  });
});
