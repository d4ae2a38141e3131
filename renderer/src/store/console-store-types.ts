import type { AgentSliceState } from './agent-slice';
import type { BoardSlice } from './board-slice';
import type { CallLogSlice } from './call-log-slice';
import type { CaseSlice } from './case-slice';
import type { CustomerSlice } from './customer-slice-state';
import type { DesktopSlice } from './desktop-slice';
import type { FlowSlice } from './flow-slice-state';
import type { NotificationSlice } from './notification-slice';
import type { PhoneSlice } from './phone-slice';
import type { RecordingSlice } from './recording-slice';
import type { ScriptLibrarySlice } from './script-library-slice';
import type { SessionSlice } from './session-slice';
import type { UiSlice } from './ui-slice';
import type { WorklistSlice } from './worklist-slice';

/**
 * The whole store: every slice's state and actions side by side, as one object. The agent state has
 * no actions of its own: the phone slice changes it, through the agent-state reducer.
 */
export type ConsoleStore = SessionSlice & UiSlice & AgentSliceState & PhoneSlice & CallLogSlice & RecordingSlice & CustomerSlice & FlowSlice & ScriptLibrarySlice & CaseSlice & NotificationSlice & WorklistSlice & BoardSlice & DesktopSlice;
