import { create } from 'zustand';
import { initialAgentState } from './agent-slice';
import { createBoardSlice, initialBoardState } from './board-slice';
import { createCallLogSlice, initialCallLogState } from './call-log-slice';
import { createCaseSlice, initialCaseState } from './case-slice';
import type { ConsoleStore } from './console-store-types';
import { createCustomerSlice, initialCustomerState } from './customer-slice';
import { createDesktopSlice, initialDesktopState } from './desktop-slice';
import { createFlowSlice, initialFlowState } from './flow-slice';
import { createNotificationSlice, initialNotificationState } from './notification-slice';
import { createPhoneSlice } from './phone-slice';
import { createRecordingSlice, initialRecordingState } from './recording-slice';
import { createScriptLibrarySlice } from './script-library-slice';
import { initialPhoneData } from './phone-slice-state';
import { createSessionSlice, initialSessionState } from './session-slice';
import { createUiSlice, initialUiState } from './ui-slice';
import { createWorklistSlice, initialWorklistState } from './worklist-slice';

export type { ConsoleStore } from './console-store-types';
export { AGENT_STATES, AGENT_HISTORY_LIMIT, type AgentState, type AgentStateEntry } from './agent-slice';
export type { SessionStatus } from './session-slice';
export {
  isWrapUpIncomplete,
  toUserFacingError,
  type UserFacingError,
  type UserFacingErrorCode,
  type WrapUpIncomplete,
} from './user-facing-error';
export type { AppMode } from './ui-slice';
export {
  configureStoreDeps,
  systemClock,
  type AudioDeviceOption,
  type Clock,
  type MediaDeviceService,
  type StoreDeps,
  type Translate,
} from './store-deps';
export { PHONE_ROLES, takesCalls, type DialOutcome, type InvalidNumberReason } from './phone-slice';
export { PHONE_SHORTCUT_ACTIONS, shortcutTargets, visibleCalls, type PhoneShortcutAction, type ShortcutTargets } from './call-targets';
export { DESKTOP_NOTICE_KEYS, refusedSettingFields, type DesktopNotice, type DesktopNoticeKey, type SettingsSaveError, type SettingsSaveResult } from './desktop-slice';
export type { ConsultTransfer, PhoneDirectory, PhoneStatus } from './phone-slice-state';
export { PHONE_ACTIONS, PHONE_ERROR_CODES, type PhoneAction, type PhoneCommandError } from './phone-errors';
export { AGENT_TICK_MS } from './phone-controller';
export { DEFAULT_LOCAL_RETENTION_DAYS, type CallLogErrorCode } from './call-log-slice';
export type { CallRecordingView, RecordingSliceState } from './recording-slice';
export { MAX_KEPT_POPS, type NewCustomer, type ScreenPop } from './customer-slice';
export type { CallerCases, ContextTicket, FlowActionView, FlowCatalogEntry, FlowLibraryCopy, FlowRunView, FlowSyncStatus } from './flow-slice';
export type { FlowPublishResult } from './script-library-slice';
export { NOTIFICATION_LIST_LIMIT, type PushStatus } from './notification-slice';
export type { CaseActionError, CaseListState, OpenCaseState } from './case-slice';
export type { BoardSliceState } from './board-slice';
export type { ActiveCallbackCall, AttemptInput, CallbackSettingsState, CallTaskOutcome, ManualTaskInput, RowNotice, WorklistActionError, WorklistCounts, WorklistListState } from './worklist-slice';
export { dispositionOptions, WRAP_UP_GAPS, type WrapUpGap } from '../services/call-log/wrap-up-gate';

/** One store per window; components read it through narrow selectors. */
export const useConsoleStore = create<ConsoleStore>()((...args) => ({
  ...createSessionSlice(...args),
  ...createUiSlice(...args),
  ...initialAgentState(),
  ...createPhoneSlice(...args),
  ...createCallLogSlice(...args),
  ...createRecordingSlice(...args),
  ...createCustomerSlice(...args),
  ...createFlowSlice(...args),
  ...createScriptLibrarySlice(...args),
  ...createNotificationSlice(...args),
  ...createCaseSlice(...args),
  ...createWorklistSlice(...args),
  ...createBoardSlice(...args),
  ...createDesktopSlice(...args),
}));

/** Back to the state of a fresh start, actions untouched: for tests. A running phone is stopped. */
export function resetStore(): void {
  useConsoleStore.getState().stopDesktop();
  void useConsoleStore.getState().stopPhone();
  void useConsoleStore.getState().stopCallLog();
  void useConsoleStore.getState().stopCustomers();
  void useConsoleStore.getState().stopFlows();
  useConsoleStore.getState().stopNotifications();
  useConsoleStore.setState({
    ...initialSessionState(),
    ...initialUiState(),
    ...initialAgentState(),
    phone: initialPhoneData(),
    ...initialCallLogState(),
    ...initialRecordingState(),
    ...initialCustomerState(),
    ...initialFlowState(),
    ...initialNotificationState(),
    ...initialCaseState(),
    ...initialWorklistState(),
    ...initialBoardState(),
    ...initialDesktopState(),
  });
}
