import { checkAccelerator, type AcceleratorCheck } from '../../../../shared/desktop/accelerator';

/** The parts of a keydown the hotkey fields read, so the capture is testable without a DOM. */
export interface CapturedPress {
  /** `KeyboardEvent.code`: the physical key, whatever the layout or input method. */
  code: string;
  ctrlKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
  metaKey: boolean;
}

/**
 * What a key pressed in a hotkey field means: `pass` (Tab moves on, as everywhere), `cancel` (Esc:
 * back to the value before), `clear` (Backspace or Delete alone: no hotkey), `partial` (modifiers
 * held so far), or a `combination` with its check against the accelerator rules.
 */
export type KeyCapture =
  | { kind: 'pass' }
  | { kind: 'cancel' }
  | { kind: 'clear' }
  | { kind: 'partial'; text: string }
  | { kind: 'combination'; text: string; check: AcceleratorCheck };

const MODIFIER_CODES = /^(Control|Alt|Shift|Meta|OS)(Left|Right)?$/;

const NAMED_CODES: Record<string, string> = {
  Enter: 'Enter',
  NumpadEnter: 'Enter',
  Space: 'Space',
  Backspace: 'Backspace',
  Delete: 'Delete',
  Insert: 'Insert',
  Home: 'Home',
  End: 'End',
  PageUp: 'PageUp',
  PageDown: 'PageDown',
  ArrowUp: 'Up',
  ArrowDown: 'Down',
  ArrowLeft: 'Left',
  ArrowRight: 'Right',
  NumpadAdd: 'numadd',
  NumpadSubtract: 'numsub',
  NumpadMultiply: 'nummult',
  NumpadDivide: 'numdiv',
  NumpadDecimal: 'numdec',
};

/** Electron's name for the key, or the code itself (which the accelerator check then refuses as unknown). */
function keyName(code: string): string {
  const letter = /^Key([A-Z])$/.exec(code);
  if (letter) return letter[1]!;
  const digit = /^Digit([0-9])$/.exec(code);
  if (digit) return digit[1]!;
  const pad = /^Numpad([0-9])$/.exec(code);
  if (pad) return `num${pad[1]}`;
  if (/^F([1-9]|1[0-9]|2[0-4])$/.test(code)) return code;
  return NAMED_CODES[code] ?? code;
}

function modifiers(press: CapturedPress): string[] {
  const held: string[] = [];
  if (press.ctrlKey) held.push('Ctrl');
  if (press.altKey) held.push('Alt');
  if (press.shiftKey) held.push('Shift');
  // Electron's Super is the Windows key, and Cmd on a Mac.
  if (press.metaKey) held.push('Super');
  return held;
}

export function captureKey(press: CapturedPress): KeyCapture {
  const held = modifiers(press);
  const alone = held.length === 0;
  if (press.code === 'Tab' && (alone || (held.length === 1 && press.shiftKey))) return { kind: 'pass' };
  if (alone && press.code === 'Escape') return { kind: 'cancel' };
  if (alone && (press.code === 'Backspace' || press.code === 'Delete')) return { kind: 'clear' };
  if (MODIFIER_CODES.test(press.code)) return { kind: 'partial', text: held.map((m) => `${m}+`).join('') };
  const text = [...held, keyName(press.code)].join('+');
  return { kind: 'combination', text, check: checkAccelerator(text) };
}
