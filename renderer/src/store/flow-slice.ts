import type { StateCreator, StoreApi } from 'zustand';
import type { StoredFlow } from '../../../shared/api/flows';
import type { CustomerCard, CustomerDetail } from '../../../shared/api/customers';
import { OrgDesignSchema, type OrgDesign } from '../../../shared/api/org';
import type { NewEvent } from '../services/call-log/call-log-model';
import { callerKey } from '../../../shared/customers/caller';
import { checkFlow, formatProblem } from '../../../shared/flows/flow-check';
import { needsContextTicket } from '../../../shared/flows/flow-context';
import {
  abandonRun,
  answerLines,
  checkAnswer,
  completeStep,
  goBack,
  normalizeAnswer,
  setAnswer,
  startRun,
  stepOf,
} from '../../../shared/flows/flow-engine';
import type { AnswerError, FlowFacts, FlowRun } from '../../../shared/flows/flow-run';
import type { FlowDefinition } from '../../../shared/flows/flow-schema';
import { createLogger } from '../logger';
import { actionRows, createdTicketOf, isHubAction } from '../services/flows/flow-actions';
import { createFlowActionOutbox, type FlowActionOutbox } from '../services/flows/flow-action-outbox';
import { cacheFlowVersion, readFlowVersion } from '../services/flows/flow-cache';
import { callFacts, mergeFacts, sameFacts } from '../services/flows/flow-facts';
import { callbackTaskOf, currentRunOfCall, putAction, resumableRuns, runActions, saveRun } from '../services/flows/flow-run-store';
import { createFlowSync, type FlowSync, type FlowSyncReport } from '../services/flows/flow-sync';
import type { AppDb, LocalFlowAction, LocalFlowRun } from '../services/local-db/app-db';
import type { PhoneSnapshot } from '../services/sip/phone-types';
import type { ConsoleStore } from './console-store-types';
import type { CallerCases, ContextTicket, FlowActionView, FlowCatalogEntry, FlowRunView, FlowSlice, FlowSliceState, FlowSyncStatus } from './flow-slice-state';
import { takesCalls } from './phone-slice';
import { clockOf, getStoreDeps, randomOf } from './store-deps';
import { toUserFacingError, type UserFacingError } from './user-facing-error';

export type { CallerCases, ContextTicket, FlowActionView, FlowCatalogEntry, FlowLibraryCopy, FlowRunView, FlowSlice, FlowSliceState, FlowSyncStatus } from './flow-slice-state';

const log = createLogger('store/flows');

/** `reference` key of the org design as last fetched: transfers to a department work with the hub down. */
const ORG_REFERENCE_KEY = 'org';

export const initialFlowSyncStatus = (): FlowSyncStatus => ({ state: 'idle', lastSyncedAt: null, error: null, progress: null });

export const initialFlowState = (): FlowSliceState => ({
  flows: { catalog: [], sync: initialFlowSyncStatus(), runs: {}, callerCases: {}, pendingActions: 0, error: null },
});

/** A call's script as the slice keeps it: the saved row, the version it follows, its actions. */
interface Live {
  row: LocalFlowRun;
  flow: FlowDefinition;
  actions: LocalFlowAction[];
  errors: Record<string, AnswerError>;
}

interface Running {
  token: string | null;
  db: AppDb;
  sync: FlowSync;
  outbox: FlowActionOutbox;
  /** The version in force of each flow, by id. */
  catalog: Map<string, StoredFlow>;
  org: OrgDesign | null;
  /** Saved runs whose flow version could not be read yet: tried again after each sync. */
  unresolved: Set<string>;
  /** Settles when the saved runs are back on screen: nothing starts a script on a call before. */
  resumed: Promise<void>;
  stop(): Promise<void>;
}

const catalogEntry = (flow: StoredFlow): FlowCatalogEntry => ({
  id: flow.id,
  version: flow.version,
  title: flow.title,
  category: flow.category,
  triggers: flow.triggers,
  needsContextTicket: needsContextTicket(flow.definition),
});

const actionView = (row: LocalFlowAction): FlowActionView => ({
  id: row.id,
  key: row.key,
  seq: row.seq,
  action: row.action,
  status: row.status,
  attempts: row.attempts,
  lastError: row.lastError,
  result: row.result,
  dueAt: row.params.dueAt ?? null,
});

/** `loadCustomer` throws a UserFacingError already (its code picks the words); anything else is made one. */
function readFailure(error: unknown): UserFacingError {
  const e = error as Partial<UserFacingError> | null;
  if (typeof e === 'object' && e !== null && typeof e.code === 'string' && typeof e.message === 'string') {
    return { code: e.code, message: e.message, retryAfterSeconds: typeof e.retryAfterSeconds === 'number' ? e.retryAfterSeconds : null };
  }
  return toUserFacingError(error);
}

/** A UserFacingError for the runner's own failures (IndexedDB full or gone, a flow the engine cannot follow). */
const runnerError = (error: unknown) => toUserFacingError(error);

/**
 * The scripts of calls (issue 6): the local copy of the hub's flows, and each call's run of one,
 * moved on by the pure engine (shared/flows/flow-engine.ts). Every change is written to IndexedDB
 * before the screen shows it, with the actions it requested in the same transaction; hub actions
 * then leave through the action outbox, local ones (disposition, transfer, recording) are done here.
 * Changes to one call's script run one after another, in the order they were asked for.
 */
export const createFlowSlice: StateCreator<ConsoleStore, [], [], FlowSlice> = (set, get, api: StoreApi<ConsoleStore>) => {
  let running: Running | null = null;
  let generation = 0;
  const live = new Map<string, Live>();
  const queues = new Map<string, Promise<unknown>>();
  /** Calls whose script was started by itself (or resumed): one abandoned is not started again. */
  const autoConsidered = new Set<string>();
  /** Customer records fetched for scripts this session, by customer id. */
  const details = new Map<string, CustomerDetail>();
  const detailAsked = new Set<string>();
  /** Reads of a customer's record for a call, by `<call>:<customer>`: the facts and the case picker share one. */
  const detailReads = new Map<string, Promise<CustomerDetail>>();
  /** Tickets already linked to their call's record. */
  const linkedTickets = new Set<string>();

  const patch = (p: Partial<FlowSliceState['flows']>) => set({ flows: { ...get().flows, ...p } });
  const now = () => clockOf(getStoreDeps()).now();
  const iso = (ms: number) => new Date(ms).toISOString();

  function viewOf(entry: Live): FlowRunView {
    return {
      callId: entry.row.callId,
      flow: entry.flow,
      flowVersion: entry.row.run.flowVersion,
      run: entry.row.run,
      facts: entry.row.facts ?? {},
      contextTicket: entry.row.contextTicket,
      callbackTaskId: callbackTaskOf(entry.row),
      actions: entry.actions.map(actionView),
      errors: entry.errors,
    };
  }

  function show(callId: string, entry: Live, mine: number): void {
    if (mine !== generation) return;
    live.set(callId, entry);
    patch({ runs: { ...get().flows.runs, [callId]: viewOf(entry) } });
  }

  /** One call's changes, one after another: an answer typed just before Next is saved before Next reads the run. */
  function serial<T>(callId: string, task: () => Promise<T>): Promise<T> {
    const previous = queues.get(callId) ?? Promise.resolve();
    const next = previous.then(task, task);
    const settled = next.then(
      () => undefined,
      () => undefined,
    );
    queues.set(callId, settled);
    void settled.then(() => {
      if (queues.get(callId) === settled) queues.delete(callId);
    });
    return next;
  }

  /** Writes before showing; a failed write is shown as the runner's error and the change is not made. */
  async function write(db: AppDb, row: LocalFlowRun, actions: LocalFlowAction[] = []): Promise<boolean> {
    try {
      await saveRun(db, row, actions);
      if (get().flows.error) patch({ error: null });
      return true;
    } catch (error) {
      log.error('a script change was not saved', error);
      patch({ error: runnerError(error) });
      return false;
    }
  }

  // ——— facts ———

  function chosenCard(callId: string): CustomerCard | null {
    const pop = get().customers.pops[callId];
    if (pop?.status !== 'found' || pop.chosenId === null) return null;
    return pop.customers.find((c) => c.id === pop.chosenId) ?? null;
  }

  function callbackDueAt(actions: readonly LocalFlowAction[]): string | null {
    const scheduled = actions.filter((a) => a.action.type === 'schedule_callback' && a.params.dueAt).sort((a, b) => b.seq - a.seq)[0];
    return scheduled?.params.dueAt ?? null;
  }

  function factsOf(callId: string, before: FlowFacts | undefined, contextTicket: ContextTicket | null, actions: readonly LocalFlowAction[]): FlowFacts {
    const card = chosenCard(callId);
    const call = get().phone.snapshot?.calls.find((c) => c.id === callId);
    return mergeFacts(
      before,
      callFacts({
        card,
        detail: card ? (details.get(card.id) ?? null) : null,
        callNumber: call?.remote.number ?? null,
        ivrChoice: call?.ivrChoice ?? null,
        agentName: get().session.user?.displayName ?? null,
        contextTicket,
        callbackDueAt: callbackDueAt(actions),
      }),
    );
  }

  /**
   * Facts that arrived after the step was shown (the pop's card, the customer's record) fill the
   * current step's questions that are still empty and say they may be prefilled.
   */
  function prefillCurrent(flow: FlowDefinition, run: FlowRun, facts: FlowFacts, at: string): FlowRun {
    if (run.status !== 'running') return run;
    let answers = run.answers;
    for (const q of stepOf(flow, run.stepId).questions ?? []) {
      if (!q.prefill || q.id in answers) continue;
      const fact = facts[q.prefill];
      if (fact === null || fact === undefined) continue;
      const value = normalizeAnswer(q, q.type === 'text' ? String(fact) : fact);
      if (value === null || checkAnswer(q, value) !== null) continue;
      answers = { ...answers, [q.id]: { value, stepId: run.stepId, at, prefilled: true } };
    }
    return answers === run.answers ? run : { ...run, answers, updatedAt: at };
  }

  async function refreshFacts(callId: string, mine: number): Promise<void> {
    await serial(callId, async () => {
      const m = running;
      const entry = live.get(callId);
      if (!m || !entry || mine !== generation) return;
      const facts = factsOf(callId, entry.row.facts, entry.row.contextTicket, entry.actions);
      if (sameFacts(facts, entry.row.facts ?? {})) return;
      const at = now();
      const run = prefillCurrent(entry.flow, entry.row.run, facts, iso(at));
      const row: LocalFlowRun = { ...entry.row, run, facts, updatedAt: at };
      if (!(await write(m.db, row))) return;
      show(callId, { ...entry, row }, mine);
      if (run !== entry.row.run) recordScript(callId, entry.flow, run, []);
    });
  }

  /** The customer's record, read for the call once; a failed read is forgotten, so the next asks again. */
  function readDetail(callId: string, customerId: string, mine: number, again = false): Promise<CustomerDetail> {
    const key = `${callId}:${customerId}`;
    const known = detailReads.get(key);
    if (known && !again) return known;
    const read = get()
      .loadCustomer(customerId, 'screen-pop', callId)
      .then((detail) => {
        if (mine === generation) details.set(customerId, detail);
        return detail;
      });
    detailReads.set(key, read);
    read.catch(() => {
      if (detailReads.get(key) === read) detailReads.delete(key);
    });
    return read;
  }

  /**
   * The customer's record (newest order, product) for `{{order.*}}` and `{{product.*}}`, beside the
   * call: the script never waits for it, and with the hub down it simply does not come.
   */
  function fetchDetail(callId: string, mine: number): void {
    const card = chosenCard(callId);
    if (!card || detailAsked.has(`${callId}:${card.id}`)) return;
    detailAsked.add(`${callId}:${card.id}`);
    readDetail(callId, card.id, mine)
      .then(
        () => {
          if (mine !== generation) return;
          return refreshFacts(callId, mine);
        },
        (error: unknown) => log.info('the customer record did not come for the script; it goes on without it', error),
      )
      .catch((error: unknown) => log.warn('could not add the customer record to the script', error));
  }

  // ——— the call log ———

  /**
   * The path taken; for an abandoned run every answer given besides, since the agent may have gone
   * Back before giving up and what the customer said on the later steps is still worth keeping.
   */
  function scriptAnswers(flow: FlowDefinition, run: FlowRun) {
    const onPath = answerLines(flow, run, get().ui.language).map((line) => ({
      stepId: line.stepId,
      questionId: line.questionId,
      value: line.value,
      answeredAt: run.answers[line.questionId]?.at ?? run.updatedAt,
    }));
    if (run.status !== 'abandoned') return onPath;
    const listed = new Set(onPath.map((a) => a.questionId));
    const rest = Object.entries(run.answers)
      .filter(([questionId]) => !listed.has(questionId))
      .map(([questionId, given]) => ({ stepId: given.stepId, questionId, value: given.value, answeredAt: given.at }));
    return [...onPath, ...rest];
  }

  /** The run as the call's record tells it; the call log slice writes it in its own write-ahead queue. */
  function recordScript(callId: string, flow: FlowDefinition, run: FlowRun, events: NewEvent[]): void {
    get()
      .recordCallScript(callId, { script: { flowId: run.flowId, flowVersion: run.flowVersion }, answers: scriptAnswers(flow, run), events })
      .catch((error: unknown) => log.warn('could not note the script in the call log', error));
  }

  /** The verdict goes into the call's record as the customer gave it, whenever the hub hears of it. */
  function recordSurvey(callId: string, rows: readonly LocalFlowAction[]): void {
    for (const row of rows) {
      if (row.action.type !== 'record_survey') continue;
      const { score, satisfied, reasons } = row.action;
      get()
        .recordCallScript(callId, { survey: { score, satisfied, reasons } })
        .catch((error: unknown) => log.warn('could not note the survey in the call log', error));
    }
  }

  function linkTickets(rows: readonly LocalFlowAction[]): void {
    for (const row of rows) {
      if (row.action.type !== 'create_ticket' || row.status !== 'done' || linkedTickets.has(row.id)) continue;
      linkedTickets.add(row.id);
      get()
        .recordCallScript(row.callId, { ticketIds: [row.id] })
        .catch((error: unknown) => log.warn('could not link the ticket to its call', error));
    }
  }

  // ——— local actions ———

  async function loadOrg(m: Running, mine: number): Promise<OrgDesign | null> {
    try {
      const org = await get().callHub((hub, token) => hub.org(token));
      if (mine !== generation) return null;
      m.org = org;
      await m.db.reference.put({ key: ORG_REFERENCE_KEY, value: org, fetchedAt: now() }).catch((error: unknown) => log.warn('could not keep the org design for offline transfers', error));
      return org;
    } catch (error) {
      log.info('the org design did not come from the hub; using the local copy', error);
      const kept = await m.db.reference.get(ORG_REFERENCE_KEY).catch(() => undefined);
      const parsed = OrgDesignSchema.safeParse(kept?.value);
      if (parsed.success && mine === generation) m.org = parsed.data;
      return m.org;
    }
  }

  /** The extension a department takes transfers on (the org design's department transfer target). */
  function transferExtension(org: OrgDesign | null, departmentCode: string): { extension: string } | { error: string } {
    if (!org) return { error: 'The org design is not available, so the department has no known extension.' };
    const department = org.departments.find((d) => d.code === departmentCode);
    if (!department) return { error: `No department "${departmentCode}" in the org design.` };
    const target = org.transferTargets.find((t) => t.kind === 'department' && t.departmentId === department.id);
    if (!target) return { error: `Department "${departmentCode}" takes no transferred calls.` };
    return { extension: target.extension };
  }

  async function runLocal(m: Running, row: LocalFlowAction, mine: number): Promise<LocalFlowAction> {
    const action = row.action;
    const done = (): LocalFlowAction => ({ ...row, status: 'done', attempts: row.attempts + 1, lastError: null, updatedAt: now() });
    const failed = (reason: string): LocalFlowAction => ({ ...row, status: 'failed', attempts: row.attempts + 1, lastError: reason, updatedAt: now() });
    switch (action.type) {
      case 'set_disposition':
        return (await get().setCallDisposition(row.callId, action.code)) ? done() : failed('The call log could not be written.');
      // The recorder is silenced (or sounds again) and the call log gets the event, in one place.
      case 'pause_recording':
        await get().pauseRecording(row.callId, action.reason, 'script');
        return done();
      case 'resume_recording':
        await get().resumeRecording(row.callId, 'script');
        return done();
      case 'transfer': {
        const call = get().phone.snapshot?.calls.find((c) => c.id === row.callId);
        if (!call || (call.state !== 'talking' && call.state !== 'held')) return failed('The call is no longer on the phone.');
        const org = m.org ?? (await loadOrg(m, mine));
        const target = transferExtension(org, action.department);
        if ('error' in target) return failed(target.error);
        const outcome = await get().blindTransfer(row.callId, target.extension);
        if (outcome.ok) return done();
        const phoneError = get().phone.error;
        return failed(phoneError ? `${phoneError.code}: ${phoneError.detail}` : `The phone could not transfer the call to ${target.extension}.`);
      }
      default:
        return row;
    }
  }

  /** Local actions, in order, each recorded done or failed once it has run. */
  async function runLocalActions(m: Running, callId: string, rows: readonly LocalFlowAction[], mine: number): Promise<void> {
    for (const row of rows) {
      if (row.status !== 'pending' || isHubAction(row.action)) continue;
      let result: LocalFlowAction;
      try {
        result = await runLocal(m, row, mine);
      } catch (error) {
        log.warn(`the script's ${row.action.type} failed`, error);
        result = { ...row, status: 'failed', attempts: row.attempts + 1, lastError: error instanceof Error ? error.message : String(error), updatedAt: now() };
      }
      if (mine !== generation) return;
      try {
        await putAction(m.db, result);
      } catch (error) {
        log.error('the outcome of a script action was not saved', error);
        patch({ error: runnerError(error) });
      }
      updateActions([result]);
    }
  }

  /** Rows whose state changed (the outbox, a local action) replace their old selves on screen. */
  function updateActions(rows: readonly LocalFlowAction[]): void {
    const byCall = new Map<string, LocalFlowAction[]>();
    for (const row of rows) byCall.set(row.callId, [...(byCall.get(row.callId) ?? []), row]);
    const runs = { ...get().flows.runs };
    let changed = false;
    for (const [callId, changedRows] of byCall) {
      const entry = live.get(callId);
      if (!entry) continue;
      const mineRows = changedRows.filter((r) => r.runId === entry.row.runId);
      if (mineRows.length === 0) continue;
      const actions = entry.actions.map((a) => mineRows.find((r) => r.id === a.id) ?? a);
      const next = { ...entry, actions };
      live.set(callId, next);
      runs[callId] = viewOf(next);
      changed = true;
    }
    if (changed) patch({ runs });
    linkTickets(rows);
  }

  // ——— runs ———

  function engineFailure(callId: string, error: unknown): void {
    // A flow the engine cannot follow (a step it names is missing): the run stays as saved.
    log.error(`the script of call ${callId} cannot go on`, error);
    patch({ error: runnerError(error) });
  }

  async function callRecord(m: Running, callId: string) {
    return m.db.callLogs.get(callId).catch(() => undefined);
  }

  async function abandonRow(m: Running, callId: string, row: LocalFlowRun, flow: FlowDefinition | null, reason: string, mine: number): Promise<LocalFlowRun | null> {
    const at = now();
    const run = abandonRun(row.run, reason, iso(at));
    if (run === row.run) return row;
    const next: LocalFlowRun = { ...row, run, status: run.status, updatedAt: at };
    if (!(await write(m.db, next))) return null;
    const entry = live.get(callId);
    if (entry && entry.row.runId === row.runId) show(callId, { ...entry, row: next, errors: {} }, mine);
    get()
      .recordCallScript(callId, { events: [{ type: 'script_abandoned', at, detail: { flowId: run.flowId, reason } }], ...(flow ? { answers: scriptAnswers(flow, run) } : {}) })
      .catch((error: unknown) => log.warn('could not note the abandoned script in the call log', error));
    return next;
  }

  async function begin(
    callId: string,
    flowId: string,
    start: { contextTicket: ContextTicket | null; callbackTaskId?: string | null | undefined },
    onlyIfNone: boolean,
    mine: number,
  ): Promise<void> {
    const { contextTicket } = start;
    const m = running;
    if (!m || mine !== generation) return;
    const stored = m.catalog.get(flowId);
    if (!stored) {
      log.warn(`no script "${flowId}" in the local copy`);
      patch({ error: { code: 'not_found', message: `No script "${flowId}" on this PC.`, retryAfterSeconds: null } });
      return;
    }
    const previous = live.get(callId)?.row ?? (await currentRunOfCall(m.db, callId));
    if (onlyIfNone && previous) return;
    if (previous?.status === 'running') {
      const abandoned = await abandonRow(m, callId, previous, live.get(callId)?.flow ?? null, 'switched', mine);
      if (!abandoned) return;
    }
    const at = now();
    // The first script of a call has the call's id; a switch starts a run of its own beside the abandoned one.
    const runId = previous ? crypto.randomUUID() : callId;
    const facts = factsOf(callId, previous?.facts, contextTicket, []);
    let run: FlowRun;
    try {
      run = startRun(stored.definition, { runId, now: iso(at), facts, flowVersion: stored.version });
    } catch (error) {
      engineFailure(callId, error);
      return;
    }
    // The task belongs to the call, not to the script: another script chosen on the same call still records on it.
    const callbackTaskId = start.callbackTaskId !== undefined ? start.callbackTaskId : previous ? callbackTaskOf(previous) : null;
    const row: LocalFlowRun = { runId, callId, status: run.status, run, contextTicket, callbackTaskId, facts, updatedAt: at };
    if (!(await write(m.db, row))) return;
    show(callId, { row, flow: stored.definition, actions: [], errors: {} }, mine);
    recordScript(callId, stored.definition, run, [
      { type: 'script_started', at, detail: { flowId: stored.id, version: stored.version } },
    ]);
    fetchDetail(callId, mine);
  }

  // ——— the cases a callback may be about ———

  function setCallerCases(callId: string, cases: CallerCases | null): void {
    const { [callId]: _before, ...others } = get().flows.callerCases;
    patch({ callerCases: cases ? { ...others, [callId]: cases } : others });
  }

  /** A call off the phone needs no case picked for it any more. */
  function forgetCasesOfGoneCalls(snapshot: PhoneSnapshot): void {
    const cases = get().flows.callerCases;
    const gone = Object.keys(cases).filter((id) => !snapshot.calls.some((c) => c.id === id));
    if (gone.length === 0) return;
    patch({ callerCases: Object.fromEntries(Object.entries(cases).filter(([id]) => !gone.includes(id))) });
  }

  // ——— starting and stopping ———

  function observe(snapshot: PhoneSnapshot, mine: number): void {
    const m = running;
    if (!m) return;
    forgetCasesOfGoneCalls(snapshot);
    for (const call of snapshot.calls) {
      // Answered: a call that rings and is never taken has no script.
      if (call.direction !== 'inbound' || call.state !== 'talking' || !call.ivrChoice || autoConsidered.has(call.id)) continue;
      if (live.has(call.id)) continue;
      const choice = call.ivrChoice;
      // No script for the queue yet (a first login whose copy is still on its way): the catalog's arrival looks again.
      const flow = [...m.catalog.values()].find((f) => f.triggers.ivrChoices?.includes(choice));
      if (!flow) continue;
      autoConsidered.add(call.id);
      void m.resumed
        .then(() => serial(call.id, () => begin(call.id, flow.id, { contextTicket: null }, true, mine)))
        .catch((error: unknown) => log.error(`the script of call ${call.id} did not start`, error));
    }
  }

  function onPops(pops: ConsoleStore['customers']['pops'], before: ConsoleStore['customers']['pops'], mine: number): void {
    for (const callId of live.keys()) {
      if (pops[callId] === before[callId]) continue;
      void refreshFacts(callId, mine).catch((error: unknown) => log.warn('could not update the script with the caller', error));
      fetchDetail(callId, mine);
    }
  }

  async function resolveFlow(m: Running, flowId: string, version: number): Promise<StoredFlow | null> {
    const cached = await readFlowVersion(m.db, flowId, version);
    if (cached.corrupt) log.warn(`the local copy of ${flowId} version ${version} is damaged (${cached.corrupt.message}); asking the hub`);
    if (cached.flow) return cached.flow;
    try {
      const fetched = await get().callHub((hub, token) => hub.getFlowVersion(token, flowId, version));
      await cacheFlowVersion(m.db, fetched).catch((error: unknown) => log.warn('could not keep the fetched script version', error));
      return fetched;
    } catch (error) {
      log.warn(`script ${flowId} version ${version} is not on this PC and the hub did not give it`, error);
      return null;
    }
  }

  /** Saved runs come back as they were; their unfinished local actions are settled. */
  async function resume(m: Running, rows: readonly LocalFlowRun[], mine: number): Promise<void> {
    for (const row of rows) {
      autoConsidered.add(row.callId);
      const stored = await resolveFlow(m, row.run.flowId, row.run.flowVersion);
      if (mine !== generation) return;
      if (!stored) {
        m.unresolved.add(row.callId);
        patch({ error: { code: 'not_found', message: `Script ${row.run.flowId} version ${row.run.flowVersion} of call ${row.callId} is not on this PC; it comes back when the hub is reachable.`, retryAfterSeconds: null } });
        continue;
      }
      m.unresolved.delete(row.callId);
      const actions = await runActions(m.db, row.runId);
      for (const a of actions) if (a.action.type === 'create_ticket' && a.status === 'done') linkedTickets.add(a.id);
      show(row.callId, { row, flow: stored.definition, actions, errors: {} }, mine);
      // A transfer belonged to its moment on the phone, which the reload ended; the call log's part is simply done again.
      const unfinished = actions.filter((a) => a.status === 'pending' && !isHubAction(a.action));
      const transfers = unfinished.filter((a) => a.action.type === 'transfer');
      for (const t of transfers) {
        const failedRow: LocalFlowAction = { ...t, status: 'failed', lastError: 'The console restarted before the transfer.', updatedAt: now() };
        await putAction(m.db, failedRow).catch((error: unknown) => log.warn('could not mark an interrupted transfer', error));
        updateActions([failedRow]);
      }
      await runLocalActions(m, row.callId, unfinished.filter((a) => a.action.type !== 'transfer'), mine);
    }
  }

  async function open(userId: string, token: string | null, mine: number): Promise<void> {
    const deps = getStoreDeps();
    const clock = clockOf(deps);
    const db = deps.openAppDb(userId);
    try {
      await db.open();
    } catch (error) {
      log.error('the local database cannot be opened: no scripts on this PC', error);
      db.close();
      if (mine === generation) patch({ error: runnerError(error) });
      return;
    }
    if (mine !== generation) {
      db.close();
      return;
    }

    let markResumed: () => void = () => undefined;
    const resumed = new Promise<void>((resolve) => (markResumed = resolve));
    const sync = createFlowSync({
      db,
      clock,
      random: randomOf(deps),
      fetchFlows: () => get().callHub((hub, t) => hub.listFlows(t)),
      check: (flow) => checkFlow(flow.definition).map(formatProblem),
      onStatus: (report: FlowSyncReport) => {
        if (mine !== generation) return;
        patch({ sync: { state: report.state, lastSyncedAt: report.lastSyncedAt, error: report.error ? toUserFacingError(report.error) : null, progress: null } });
      },
      onCatalog: (flows) => {
        if (mine !== generation || !running) return;
        running.catalog = new Map(flows.map((f) => [f.id, f]));
        patch({ catalog: flows.map(catalogEntry) });
        const snapshot = get().phone.snapshot;
        if (snapshot) observe(snapshot, mine);
        if (running.unresolved.size > 0) void retryUnresolved(running, mine);
      },
      onCorrupt: (rows) => {
        for (const r of rows) log.warn(`skipped a damaged local copy of script ${r.id} version ${r.version}: ${r.message}`);
      },
    });
    const outbox = createFlowActionOutbox({
      db,
      clock,
      random: randomOf(deps),
      hub: {
        createTicket: (body) => get().callHub((hub, t) => hub.createTicket(t, body)),
        addTicketNote: (ticketId, body) => get().callHub((hub, t) => hub.addTicketNote(t, ticketId, body)),
        escalateTicket: (ticketId, body) => get().callHub((hub, t) => hub.escalateTicket(t, ticketId, body)),
        createCallback: (body) => get().callHub((hub, t) => hub.createCallback(t, body)),
        createNotification: (body) => get().callHub((hub, t) => hub.createNotification(t, body)),
        recordCallbackSurvey: (callbackId, body) => get().callHub((hub, t) => hub.recordCallbackSurvey(t, callbackId, body)),
      },
      onStatus: (status) => {
        if (mine === generation && get().flows.pendingActions !== status.pending) patch({ pendingActions: status.pending });
      },
      onSettled: (rows) => {
        if (mine === generation) updateActions(rows);
      },
    });

    let lastSnapshot: PhoneSnapshot | null = null;
    let lastPops = get().customers.pops;
    let online = true;
    const onState = (state: ConsoleStore) => {
      if (state.customers.pops !== lastPops) {
        const before = lastPops;
        lastPops = state.customers.pops;
        onPops(lastPops, before, mine);
      }
      const snapshot = state.phone.snapshot;
      if (!snapshot || snapshot === lastSnapshot) return;
      lastSnapshot = snapshot;
      // Back online: waiting tickets and the catalog need not wait out their backoff.
      if (snapshot.online && !online) {
        outbox.retryNow();
        sync.syncNow();
      }
      online = snapshot.online;
      observe(snapshot, mine);
    };
    const unsubscribe = api.subscribe(onState);

    const m: Running = {
      token,
      db,
      sync,
      outbox,
      catalog: new Map(),
      org: null,
      unresolved: new Set(),
      resumed,
      async stop() {
        unsubscribe();
        sync.stop();
        outbox.stop();
        markResumed();
        // What is being written lands before the database closes.
        await Promise.all([sync.idle(), outbox.idle(), ...queues.values()]).catch(() => undefined);
        db.close();
      },
    };
    running = m;
    // The catalog from the local copy before any call is looked at: a call answered now finds its script.
    await sync.start();
    if (mine !== generation) return;
    onState(get());
    try {
      const rows = await resumableRuns(db);
      await resume(m, rows, mine);
    } catch (error) {
      log.error('the saved scripts could not be read', error);
      if (mine === generation) patch({ error: runnerError(error) });
    } finally {
      markResumed();
    }
    void loadOrg(m, mine);
  }

  async function retryUnresolved(m: Running, mine: number): Promise<void> {
    const callIds = [...m.unresolved];
    const rows = (await Promise.all(callIds.map((id) => currentRunOfCall(m.db, id)))).filter((r): r is LocalFlowRun => r !== null);
    await resume(m, rows, mine);
    if (m.unresolved.size === 0 && get().flows.error?.code === 'not_found') patch({ error: null });
  }

  /** A change to a call's run: engine step, write, show, call log, actions. */
  function change(callId: string, task: (m: Running, entry: Live, mine: number) => Promise<boolean>): Promise<boolean> {
    const mine = generation;
    return serial(callId, async () => {
      const m = running;
      const entry = live.get(callId);
      if (!m || !entry || mine !== generation) return false;
      return task(m, entry, mine);
    });
  }

  return {
    ...initialFlowState(),

    startFlows: async () => {
      const { user, token } = get().session;
      if (!user || !takesCalls(user.role)) return;
      if (running?.token === token) return;
      const previous = running;
      running = null;
      generation += 1;
      const mine = generation;
      live.clear();
      autoConsidered.clear();
      details.clear();
      detailAsked.clear();
      detailReads.clear();
      linkedTickets.clear();
      set(initialFlowState());
      await previous?.stop();
      if (mine !== generation) return;
      await open(user.id, token, mine);
    },

    stopFlows: async () => {
      generation += 1;
      const closing = running;
      running = null;
      live.clear();
      autoConsidered.clear();
      details.clear();
      detailAsked.clear();
      detailReads.clear();
      linkedTickets.clear();
      set(initialFlowState());
      await closing?.stop();
    },

    syncFlowsNow: () => running?.sync.syncNow(),

    startFlow: async (callId, flowId, options) => {
      const m = running;
      if (!m) return;
      const mine = generation;
      await m.resumed;
      await serial(callId, async () => {
        try {
          await begin(callId, flowId, { contextTicket: options?.contextTicket ?? null, callbackTaskId: options?.callbackTaskId }, false, mine);
        } catch (error) {
          log.error(`the script of call ${callId} did not start`, error);
          if (mine === generation) patch({ error: runnerError(error) });
        }
      });
    },

    loadCallerCases: async (callId, options) => {
      const mine = generation;
      const card = chosenCard(callId);
      const current = get().flows.callerCases[callId];
      if (!card) {
        if (current) setCallerCases(callId, null);
        return;
      }
      if (current?.customerId === card.id && !options?.again) return;
      setCallerCases(callId, { customerId: card.id, status: 'loading' });
      // Only the read still asked for lands: the caller may have changed, or the call left, meanwhile.
      const stillAsked = () => {
        const now = get().flows.callerCases[callId];
        return mine === generation && now?.customerId === card.id && now.status === 'loading';
      };
      try {
        const detail = await readDetail(callId, card.id, mine, options?.again);
        if (stillAsked()) setCallerCases(callId, { customerId: card.id, status: 'ready', tickets: detail.tickets });
      } catch (error) {
        log.info('the caller’s cases did not come; a script may start without one', error);
        if (stillAsked()) setCallerCases(callId, { customerId: card.id, status: 'error', error: readFailure(error) });
      }
    },

    answerFlow: async (callId, questionId, value) => {
      await change(callId, async (m, entry, mine) => {
        const at = now();
        let result: ReturnType<typeof setAnswer>;
        try {
          result = setAnswer(entry.flow, entry.row.run, questionId, value, iso(at));
        } catch (error) {
          engineFailure(callId, error);
          return false;
        }
        const { [questionId]: _shown, ...others } = entry.errors;
        if (result.error) {
          show(callId, { ...entry, errors: { ...others, [questionId]: result.error } }, mine);
          return false;
        }
        if (result.run === entry.row.run) {
          if (_shown) show(callId, { ...entry, errors: others }, mine);
          return true;
        }
        const row: LocalFlowRun = { ...entry.row, run: result.run, status: result.run.status, updatedAt: at };
        if (!(await write(m.db, row))) return false;
        show(callId, { ...entry, row, errors: others }, mine);
        recordScript(callId, entry.flow, result.run, []);
        return true;
      });
    },

    completeFlowStep: async (callId) =>
      change(callId, async (m, entry, mine) => {
        const at = now();
        const before = entry.row.run;
        const facts = entry.row.facts ?? {};
        let result: ReturnType<typeof completeStep>;
        try {
          result = completeStep(entry.flow, before, { facts, lang: get().ui.language, now: iso(at) });
        } catch (error) {
          engineFailure(callId, error);
          return false;
        }
        if (!result.ok) {
          show(callId, { ...entry, errors: Object.fromEntries(result.errors.map((e) => [e.questionId, e])) }, mine);
          return false;
        }
        const record = await callRecord(m, callId);
        const card = chosenCard(callId);
        const callerNumber = get().phone.snapshot?.calls.find((c) => c.id === callId)?.remote.number ?? record?.remote.number ?? null;
        const caller = callerKey(callerNumber);
        const rows = actionRows(result.actions, {
          runId: entry.row.runId,
          callId,
          now: at,
          flow: { flowId: before.flowId, flowVersion: before.flowVersion },
          customerId: card?.id ?? record?.customerId ?? null,
          vip: (card?.vipLevel ?? 0) > 0 || card?.keyAccount === true,
          phone: card?.phones[0]?.e164 ?? (caller.kind === 'customer' ? caller.e164 : null),
          contextTicketId: entry.row.contextTicket?.id ?? null,
          callbackTaskId: callbackTaskOf(entry.row),
          createdTicketId: createdTicketOf(entry.actions),
          nextSeq: entry.actions.reduce((max, a) => Math.max(max, a.seq + 1), 0),
          newId: () => crypto.randomUUID(),
        });
        const actions = [...entry.actions, ...rows];
        const nextFacts = factsOf(callId, facts, entry.row.contextTicket, actions);
        const row: LocalFlowRun = { ...entry.row, run: result.run, status: result.run.status, facts: nextFacts, updatedAt: at };
        if (!(await write(m.db, row, rows))) return false;
        show(callId, { ...entry, row, actions, errors: {} }, mine);
        const event: NewEvent =
          result.run.status === 'completed'
            ? { type: 'script_completed', at, detail: { flowId: result.run.flowId, outcome: result.run.outcome } }
            : { type: 'script_step', at, detail: { stepId: result.run.stepId } };
        recordScript(callId, entry.flow, result.run, [event]);
        recordSurvey(callId, rows);
        if (rows.some((r) => isHubAction(r.action) && r.status === 'pending')) m.outbox.trigger();
        await runLocalActions(m, callId, rows, mine);
        return true;
      }),

    backFlow: async (callId) => {
      await change(callId, async (m, entry, mine) => {
        const at = now();
        const run = goBack(entry.flow, entry.row.run, iso(at));
        if (run === entry.row.run) return false;
        const row: LocalFlowRun = { ...entry.row, run, updatedAt: at };
        if (!(await write(m.db, row))) return false;
        show(callId, { ...entry, row, errors: {} }, mine);
        recordScript(callId, entry.flow, run, [{ type: 'script_step', at, detail: { stepId: run.stepId, back: true } }]);
        return true;
      });
    },

    abandonFlow: async (callId, reason) => {
      const m = running;
      if (!m) return;
      const mine = generation;
      await serial(callId, async () => {
        if (running !== m || mine !== generation) return;
        // Also a run whose script version could not be read: the agent must be able to end it.
        const row = live.get(callId)?.row ?? (await currentRunOfCall(m.db, callId));
        if (!row) return;
        await abandonRow(m, callId, row, live.get(callId)?.flow ?? null, reason, mine);
      });
    },

    retryFlowActions: () => {
      const m = running;
      if (!m) return;
      m.outbox.retryFailed().catch((error: unknown) => log.warn('could not queue the refused script actions again', error));
    },

    closeFlowRun: (callId) => {
      if (get().flows.callerCases[callId]) setCallerCases(callId, null);
      if (!live.has(callId) && !get().flows.runs[callId]) return;
      live.delete(callId);
      const { [callId]: _closed, ...runs } = get().flows.runs;
      patch({ runs });
    },

    flowLibrary: () => ({ flows: running ? [...running.catalog.values()] : [], org: running?.org ?? null }),
  };
};
