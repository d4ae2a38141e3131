import type { WrapUpGap } from '../services/call-log/wrap-up-gate';
import type { ConsoleStore } from './console-store-types';

/**
 * What a call's wrap-up lacks, when the store alone can tell: without a required disposition only
 * the script matters, and the flow slice shows every run as it is saved (write-ahead). Null when
 * the saved disposition has to be read (`checkWrapUp`). Lets Ready and the wrap-up timer decide at
 * once in the common case instead of waiting on IndexedDB.
 */
export function wrapUpGapsNow(state: ConsoleStore, callId: string): WrapUpGap[] | null {
  if (state.phone.dispositionRequired) return null;
  return state.flows.runs[callId]?.run.status === 'running' ? ['script'] : [];
}
