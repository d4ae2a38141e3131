import { describe, expect, it } from 'vitest';
import { checkAccelerator, sameAccelerator } from '../../../../shared/desktop/accelerator';

describe('checkAccelerator', () => {
  it('normalises the spelling of modifiers and keys', () => {
    expect(checkAccelerator('ctrl+alt+h')).toEqual({ ok: true, accelerator: 'Ctrl+Alt+H' });
    expect(checkAccelerator('Control + Alt + enter')).toEqual({ ok: true, accelerator: 'Ctrl+Alt+Enter' });
    expect(checkAccelerator('CmdOrCtrl+Shift+F5')).toEqual({ ok: true, accelerator: 'CommandOrControl+Shift+F5' });
  });

  it('lets a function key stand alone but no other key', () => {
    expect(checkAccelerator('F9')).toEqual({ ok: true, accelerator: 'F9' });
    expect(checkAccelerator('H')).toEqual({ ok: false, reason: 'no_modifier' });
    expect(checkAccelerator('Enter')).toEqual({ ok: false, reason: 'no_modifier' });
  });

  it('refuses combinations the OS could not register', () => {
    expect(checkAccelerator('')).toEqual({ ok: false, reason: 'empty' });
    expect(checkAccelerator('Ctrl++')).toEqual({ ok: false, reason: 'empty' });
    expect(checkAccelerator('Ctrl+Alt')).toEqual({ ok: false, reason: 'no_modifier' });
    expect(checkAccelerator('Hyper+H')).toEqual({ ok: false, reason: 'unknown_modifier' });
    expect(checkAccelerator('Ctrl+Ctrl+H')).toEqual({ ok: false, reason: 'repeated' });
    expect(checkAccelerator('Ctrl+<script>')).toEqual({ ok: false, reason: 'unknown_key' });
    expect(checkAccelerator(`Ctrl+${'A'.repeat(70)}`)).toEqual({ ok: false, reason: 'too_long' });
  });
});

describe('sameAccelerator', () => {
  it('treats two spellings and orders of one combination as the same hotkey', () => {
    expect(sameAccelerator('Ctrl+Alt+H', 'alt+control+h')).toBe(true);
    expect(sameAccelerator('Ctrl+Alt+H', 'Ctrl+Shift+H')).toBe(false);
    expect(sameAccelerator('Ctrl+Alt+H', 'not a key')).toBe(false);
  });
});
