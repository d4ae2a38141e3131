import { useEffect } from 'react';
import { useConsoleStore } from '../../store';
import { KEY_CAPTURE_ATTRIBUTE, matchShortcut, takenByGlobalHotkey } from './shortcuts';

const NOT_TEXT_INPUTS = new Set(['button', 'checkbox', 'radio', 'range', 'submit', 'reset', 'file', 'color', 'image']);

function isTyping(target: EventTarget | null): boolean {
  // A read-only input is a select's combobox (antd's), where nothing is typed.
  if (target instanceof HTMLInputElement) return !target.readOnly && !NOT_TEXT_INPUTS.has(target.type);
  if (target instanceof HTMLTextAreaElement) return !target.readOnly;
  return target instanceof HTMLElement && target.isContentEditable;
}

/**
 * The phone's shortcuts (shortcuts.ts) in the console's own window. They act on the call
 * shortcutTargets() picks, the same one whose button shows the shortcut; a combination that is
 * also a registered system-wide hotkey is left to the hotkey.
 */
export function usePhoneShortcuts(enabled: boolean): void {
  useEffect(() => {
    if (!enabled) return;
    const onKeyDown = (event: KeyboardEvent) => {
      // The settings' hotkey fields record the combination pressed: that is no call to answer.
      if (event.target instanceof Element && event.target.closest(`[${KEY_CAPTURE_ATTRIBUTE}]`)) return;
      const shortcut = matchShortcut({
        code: event.code,
        ctrlKey: event.ctrlKey,
        altKey: event.altKey,
        shiftKey: event.shiftKey,
        metaKey: event.metaKey,
        repeat: event.repeat,
        altGraph: event.getModifierState('AltGraph'),
        typing: isTyping(event.target),
      });
      if (!shortcut) return;
      const store = useConsoleStore.getState();
      // The key is the phone's now: the focused control (a select opens on Enter) must not act on it too.
      event.preventDefault();
      event.stopPropagation();
      // The same keys registered system-wide reach the console as a hotkey event as well.
      if (takenByGlobalHotkey(shortcut, store.desktop.status)) return;
      store.phoneShortcut(shortcut.action);
    };
    // Capture: an input or a menu that handles the key itself must not swallow a ringing phone's answer.
    window.addEventListener('keydown', onKeyDown, true);
    return () => window.removeEventListener('keydown', onKeyDown, true);
  }, [enabled]);
}
