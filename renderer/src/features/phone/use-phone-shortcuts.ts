import { useEffect } from 'react';
import { useConsoleStore } from '../../store';
import { visibleCalls } from './call-format';
import { matchShortcut, shortcutTargets } from './shortcuts';

const NOT_TEXT_INPUTS = new Set(['button', 'checkbox', 'radio', 'range', 'submit', 'reset', 'file', 'color', 'image']);

function isTyping(target: EventTarget | null): boolean {
  // A read-only input is a select's combobox (antd's), where nothing is typed.
  if (target instanceof HTMLInputElement) return !target.readOnly && !NOT_TEXT_INPUTS.has(target.type);
  if (target instanceof HTMLTextAreaElement) return !target.readOnly;
  return target instanceof HTMLElement && target.isContentEditable;
}

/**
 * The phone's shortcuts (shortcuts.ts), for the console's own window only: nothing global. They act
 * on the call shortcutTargets() picks, the same one whose button shows the shortcut.
 */
export function usePhoneShortcuts(enabled: boolean): void {
  useEffect(() => {
    if (!enabled) return;
    const onKeyDown = (event: KeyboardEvent) => {
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
      const targets = shortcutTargets(visibleCalls(store.phone.snapshot?.calls ?? [], store.phone.refusedCallIds));
      // The key is the phone's now: the focused control (a select opens on Enter) must not act on it too.
      event.preventDefault();
      event.stopPropagation();
      switch (shortcut.action) {
        case 'answer':
          if (targets.answer) void store.answer(targets.answer);
          break;
        case 'hangUp':
          if (targets.hangUp) void store.hangUp(targets.hangUp);
          break;
        case 'holdResume':
          if (targets.holdResume) {
            const { callId, resume } = targets.holdResume;
            void (resume ? store.resume(callId) : store.hold(callId));
          }
          break;
        case 'mute':
          if (targets.mute) void store.toggleMute(targets.mute);
          break;
        case 'transfer':
          if (targets.transfer) store.openTransfer(targets.transfer);
          break;
      }
    };
    // Capture: an input or a menu that handles the key itself must not swallow a ringing phone's answer.
    window.addEventListener('keydown', onKeyDown, true);
    return () => window.removeEventListener('keydown', onKeyDown, true);
  }, [enabled]);
}
