import type { TicketSummary } from '../../../shared/api/customers';
import type { StoredFlow } from '../../../shared/api/flows';
import type { LocalizedText, OrgDesign } from '../../../shared/api/org';
import type { FlowCategory, FlowDefinition, FlowTriggers } from '../../../shared/flows/flow-schema';
import type { AnswerError, AnswerValue, FlowFacts, FlowRun } from '../../../shared/flows/flow-run';
import type { LocalFlowAction, LocalFlowRun } from '../services/local-db/app-db';
import type { UserFacingError } from './user-facing-error';

/*
 * Scripts (flows) in the console: the local copy of the hub's flows, and the script followed on
 * each call. Durable data (runs, actions, flow versions) lives in IndexedDB; this is the view of it
 * the screens render.
 */

/** One flow as the script picker lists it: the version in force in the local copy. */
export interface FlowCatalogEntry {
  id: string;
  version: number;
  title: LocalizedText;
  category: FlowCategory;
  triggers: FlowTriggers;
  /** A callback, or a flow that acts on or reads the case the call is about: the picker asks which case (shared/flows/flow-context.ts). */
  needsContextTicket: boolean;
}

export interface FlowSyncStatus {
  /** `offline`: the hub could not be reached; the local copy (if any) is in use. */
  state: 'idle' | 'syncing' | 'ok' | 'offline' | 'error';
  /** When the local copy last matched the hub. */
  lastSyncedAt: number | null;
  error: UserFacingError | null;
  /** While versions are being downloaded: how many of how many. */
  progress: { done: number; total: number } | null;
}

/** The context ticket of a run: the case a callback is about (`ticket: context` actions, `{{ticket.*}}`). */
export type ContextTicket = NonNullable<LocalFlowRun['contextTicket']>;

/**
 * The cases (tickets) of a call's customer, for "which case is this call about?" when a script needs
 * one. From the customer's record on the hub: with the hub down it is an error, and the script may
 * start without a case.
 */
export type CallerCases =
  | { customerId: string; status: 'loading' }
  | { customerId: string; status: 'ready'; tickets: TicketSummary[] }
  | { customerId: string; status: 'error'; error: UserFacingError };

/** An action a run requested, as the runner lists it (what was done, what waits for the hub, what failed). */
export type FlowActionView = Pick<LocalFlowAction, 'id' | 'key' | 'seq' | 'action' | 'status' | 'attempts' | 'lastError' | 'result'> & {
  /** A scheduled callback's promised time (ISO), fixed when it was requested. */
  dueAt: string | null;
};

/** The script followed on one call. */
export interface FlowRunView {
  callId: string;
  /** The exact version the run follows, whatever has been published since (a call finishes on its version). */
  flow: FlowDefinition;
  flowVersion: number;
  run: FlowRun;
  /**
   * The call's facts as the run's templates and conditions see them (customer, order, ticket, …):
   * the runner fills the step's texts from them, so they grow here as the customer's detail arrives.
   */
  facts: FlowFacts;
  contextTicket: ContextTicket | null;
  /** The callback task the call was dialled from, where the script's survey is recorded; null for other calls. */
  callbackTaskId: string | null;
  actions: FlowActionView[];
  /** The current step's answer problems from the last Next (or the last answer given), by question id. */
  errors: Record<string, AnswerError>;
}

/** The local copy as the script library shows it, offline too. */
export interface FlowLibraryCopy {
  /** The version in force of every flow, whole (steps, and when and by whom it was published). */
  flows: StoredFlow[];
  /** The org design as last fetched, for queue and department names; null before it ever came. */
  org: OrgDesign | null;
}

export interface FlowSliceState {
  flows: {
    catalog: FlowCatalogEntry[];
    sync: FlowSyncStatus;
    /** By call id: runs of calls on the phone or still in wrap-up. */
    runs: Record<string, FlowRunView>;
    /** By call id: the cases of the call's customer, once a picker asked for them (`loadCallerCases`). */
    callerCases: Record<string, CallerCases>;
    /** Hub actions of any run still waiting to be delivered (the header can show it). */
    pendingActions: number;
    /** A failure of the runner itself (IndexedDB full or unavailable): shown, nothing already saved is lost. */
    error: UserFacingError | null;
  };
}

export interface FlowSliceActions {
  /** After login, for roles that take calls; called by the session slice. Loads the local copy, syncs with the hub, resumes saved runs. */
  startFlows(): Promise<void>;
  stopFlows(): Promise<void>;
  syncFlowsNow(): void;
  /**
   * Starts (or switches to) a script on a call; a running script of that call is abandoned first
   * (reason `switched`). `callbackTaskId`: the worklist's task the call was dialled from; when not
   * given, a switch keeps the task of the call's previous run (the call is still that task's).
   */
  startFlow(callId: string, flowId: string, options?: { contextTicket?: ContextTicket | null; callbackTaskId?: string | null }): Promise<void>;
  /**
   * Reads the cases of the customer the call's screen pop settled on into `callerCases`, from the
   * record the script's facts use (one read of the hub for both). Nothing without a chosen customer.
   * Again for the same customer only with `again` (Retry after an error).
   */
  loadCallerCases(callId: string, options?: { again?: boolean }): Promise<void>;
  /** Saves an answer at once (null clears it); an invalid value is not saved and its error is shown. */
  answerFlow(callId: string, questionId: string, value: AnswerValue | null): Promise<void>;
  /** Next (or Finish on the last step): false, with `errors` set, when an answer is missing or invalid. */
  completeFlowStep(callId: string): Promise<boolean>;
  backFlow(callId: string): Promise<void>;
  abandonFlow(callId: string, reason: string): Promise<void>;
  /** Sends waiting hub actions now (and retries failed deliveries that may succeed). */
  retryFlowActions(): void;
  /** The call's wrap-up is done: its script leaves the screen (it stays saved). Called by the call-log slice. */
  closeFlowRun(callId: string): void;
  /** The local copy of the flows in force (`catalog` says when it changes) with the org design kept beside it. */
  flowLibrary(): FlowLibraryCopy;
}

export type FlowSlice = FlowSliceState & FlowSliceActions;
