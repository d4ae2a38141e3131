import { Input } from 'antd';
import { useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { HotkeyAction, Hotkeys } from '../../../../shared/ipc/contract';
import { KEY_CAPTURE_ATTRIBUTE } from '../phone/shortcuts';
import { captureKey } from './key-capture';
import { duplicateHotkey } from './settings-model';

export interface HotkeyFieldProps {
  id: string;
  action: HotkeyAction;
  /** Every action's key as the form holds it now: a combination another action has is refused here. */
  hotkeys: Hotkeys;
  onChange(accelerator: string): void;
  /** Ids of texts that describe the field (the instructions, the status). */
  describedBy: string;
  errorId: string;
  /** A refusal the platform named for this field on Save. */
  saveError: string | null;
}

/**
 * Records a key combination: the agent presses it rather than types it. Backspace clears (no
 * hotkey), Esc puts back what was there when the field got focus, Tab leaves as usual. A
 * combination that is not valid, or that another action has, is refused with the reason and the
 * field keeps its value.
 */
export function HotkeyField({ id, action, hotkeys, onChange, describedBy, errorId, saveError }: HotkeyFieldProps) {
  const { t } = useTranslation();
  const value = hotkeys[action];
  const [partial, setPartial] = useState<string | null>(null);
  const [refusal, setRefusal] = useState<string | null>(null);
  const atFocus = useRef(value);

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    const capture = captureKey(event);
    if (capture.kind === 'pass') return;
    event.preventDefault();
    event.stopPropagation();
    switch (capture.kind) {
      case 'cancel':
        setRefusal(null);
        setPartial(null);
        onChange(atFocus.current);
        return;
      case 'clear':
        setRefusal(null);
        setPartial(null);
        onChange('');
        return;
      case 'partial':
        setPartial(capture.text);
        return;
      case 'combination': {
        setPartial(null);
        if (!capture.check.ok) {
          const reason = capture.check.reason === 'no_modifier' || capture.check.reason === 'unknown_key' ? capture.check.reason : 'invalid';
          setRefusal(t(`settings.hotkeys.errors.${reason}`, { keys: capture.text }));
          return;
        }
        const { accelerator } = capture.check;
        const other = duplicateHotkey(hotkeys, action, accelerator);
        if (other) {
          setRefusal(t('settings.hotkeys.errors.duplicate', { keys: accelerator, action: t(`settings.hotkeys.actions.${other}`) }));
          return;
        }
        setRefusal(null);
        onChange(accelerator);
        return;
      }
    }
  };

  const error = refusal ?? saveError;
  return (
    <>
      <Input
        id={id}
        {...{ [KEY_CAPTURE_ATTRIBUTE]: '' }}
        value={partial ?? value}
        placeholder={t('settings.hotkeys.none')}
        autoComplete="off"
        spellCheck={false}
        // Pressed, not typed: nothing a key would insert may land here (an IME included).
        onChange={() => undefined}
        onKeyDown={onKeyDown}
        onKeyUp={() => setPartial(null)}
        onFocus={() => {
          atFocus.current = value;
        }}
        onBlur={() => setPartial(null)}
        status={error ? 'error' : undefined}
        aria-invalid={error !== null}
        aria-describedby={error ? `${describedBy} ${errorId}` : describedBy}
        style={{ fontVariantNumeric: 'tabular-nums' }}
      />
      {error && (
        <div id={errorId} role="alert" style={{ color: '#cf1322', marginTop: 4 }}>
          {error}
        </div>
      )}
    </>
  );
}
