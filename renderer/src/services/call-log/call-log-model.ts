import type { CallLogCallback, CallLogEvent, CallLogEventType, CallLogRecord, ScriptAnswer, TransferRecord } from '../../../../shared/api/call-logs';
import type { LocalCallLog } from '../local-db/app-db';
import type { CallSnapshot } from '../sip/phone-types';

/*
 * Pure rules of the write-ahead call log: what a phone snapshot means for the record of its call.
 * The recorder (call-log-recorder.ts) only reads, applies these and writes.
 */

type EventDetail = NonNullable<CallLogEvent['detail']>;

export interface NewEvent {
  type: CallLogEventType;
  at: number;
  detail?: EventDetail;
}

const iso = (ms: number): string => new Date(ms).toISOString();

/*
 * The hub refuses a whole record over one field too long (shared/api/call-logs.ts), and a refused
 * record never reaches the supervisors: texts that come from outside (SIP reasons, error messages,
 * typed transfer targets) are cut to the contract's limits here rather than trusted to be short.
 */
const MAX_DETAIL_TEXT = 200;
const MAX_END_CAUSE = 200;
const MAX_TRANSFER_TARGET = 80;
const MAX_NUMBER = 40;
const MAX_DISPLAY_NAME = 120;
const MAX_IVR_CHOICE = 40;

const clip = (text: string, max: number): string => (text.length <= max ? text : text.slice(0, max));
const clipOrNull = (text: string | null, max: number): string | null => (text === null ? null : clip(text, max));
const remoteOf = (party: CallSnapshot['remote']): LocalCallLog['remote'] => ({
  number: clipOrNull(party.number, MAX_NUMBER),
  displayName: clip(party.displayName, MAX_DISPLAY_NAME),
});

/**
 * Search text as both the keys and the query see it: lower case, without spaces and dashes, so
 * that `138 0013 8000` finds `13800138000` and `wang li` finds `Wang Li`.
 */
export function normalizeSearchText(text: string): string {
  return text.toLowerCase().replace(/[\s-]/g, '');
}

/** Every suffix of the digits and of the normalised name, for substring search by index (`startsWith`). */
export function searchKeysOf(number: string | null, displayName: string): string[] {
  const keys = new Set<string>();
  const suffixes = (text: string) => {
    for (let i = 0; i < text.length; i += 1) keys.add(text.slice(i));
  };
  if (number) suffixes(normalizeSearchText(number));
  const name = normalizeSearchText(displayName);
  if (name) suffixes(name);
  return [...keys];
}

/** The record written the moment a call starts ringing or is dialled, before anything else happens. */
export function createCallLog(call: CallSnapshot, now: number): LocalCallLog {
  const first: CallLogEvent = {
    seq: 0,
    type: call.direction === 'inbound' ? 'ringing' : 'dialing',
    at: iso(call.startedAt),
  };
  const base: LocalCallLog = {
    id: call.id,
    version: 1,
    direction: call.direction,
    status: 'live',
    remote: remoteOf(call.remote),
    ivrChoice: clipOrNull(call.ivrChoice, MAX_IVR_CHOICE),
    startedAt: iso(call.startedAt),
    answeredAt: null,
    endedAt: null,
    endedBy: null,
    endCause: null,
    interruption: null,
    holdSeconds: 0,
    transfers: [],
    customerId: null,
    wrapUp: { dispositionCode: null, notes: '', doneAt: null },
    script: null,
    scriptAnswers: [],
    ticketIds: [],
    events: [first],
    callback: null,
    syncState: 'pending',
    uploadedVersion: 0,
    rejection: null,
    lastSeenAt: now,
    updatedAt: now,
    searchKeys: searchKeysOf(call.remote.number, call.remote.displayName),
  };
  // A call first seen past ringing (the phone skipped a snapshot) still gets its steps recorded.
  const { record } = applyCallSnapshot(base, undefined, call, now, { bumpVersion: false });
  return record;
}

/** The events hidden in the step from one snapshot of a call to the next. DTMF never appears in snapshots. */
export function callEventsBetween(before: CallSnapshot | undefined, after: CallSnapshot, now: number): NewEvent[] {
  const events: NewEvent[] = [];
  const wasState = before?.state ?? (after.direction === 'inbound' ? 'ringing' : 'dialing');

  const answeredNow = after.answeredAt !== null && (before?.answeredAt ?? null) === null;
  if (answeredNow) events.push({ type: 'answered', at: after.answeredAt! });

  if (after.state === 'held' && wasState !== 'held') events.push({ type: 'held', at: now });
  if (after.state === 'talking' && wasState === 'held') events.push({ type: 'resumed', at: now });
  if (after.state === 'ended' && wasState === 'held') events.push({ type: 'resumed', at: after.endedAt ?? now, detail: { implied: true } });

  const wasRemoteHold = before?.remoteHold ?? false;
  if (after.remoteHold !== wasRemoteHold) events.push({ type: after.remoteHold ? 'remote_hold' : 'remote_resume', at: now });
  const wasMuted = before?.muted ?? false;
  if (after.muted !== wasMuted && after.state !== 'ended') events.push({ type: after.muted ? 'muted' : 'unmuted', at: now });

  const t0 = before?.transfer ?? null;
  const t1 = after.transfer;
  if (t1) {
    const target = clip(t1.target, MAX_TRANSFER_TARGET);
    // A new transfer: another target or kind, or the same one tried again after it settled (the
    // phone starts a transfer only when none is pending, reusing the slot of the settled one).
    const sameTransfer = t0 !== null && t0.target === t1.target && t0.kind === t1.kind;
    const started = !sameTransfer || (t0.state !== 'pending' && t1.state === 'pending');
    if (started) events.push({ type: 'transfer_requested', at: now, detail: { kind: t1.kind, target } });
    const wasTransferState = started ? 'pending' : t0!.state;
    if (t1.state !== wasTransferState) {
      if (t1.state === 'accepted') events.push({ type: 'transferred', at: now, detail: { kind: t1.kind, target } });
      if (t1.state === 'failed') {
        events.push({ type: 'transfer_failed', at: now, detail: { kind: t1.kind, target, error: clip(t1.error ?? '', MAX_DETAIL_TEXT) } });
      }
    }
  }

  if (after.state === 'ended' && wasState !== 'ended') {
    events.push({
      type: 'ended',
      at: after.endedAt ?? now,
      detail: { by: after.endedBy ?? 'system', cause: clip(after.endCause ?? '', MAX_DETAIL_TEXT) },
    });
  }
  return events;
}

/** Seconds the agent held the call: each `held` until the next `resumed` (or until `until` if still held). */
export function holdSecondsOf(events: readonly CallLogEvent[], until: number): number {
  let total = 0;
  let heldSince: number | null = null;
  for (const event of events) {
    const at = Date.parse(event.at);
    if (event.type === 'held' && heldSince === null) heldSince = at;
    if ((event.type === 'resumed' || event.type === 'ended' || event.type === 'interrupted') && heldSince !== null) {
      total += Math.max(0, at - heldSince);
      heldSince = null;
    }
  }
  if (heldSince !== null) total += Math.max(0, until - heldSince);
  return Math.round(total / 1000);
}

function transfersOf(record: LocalCallLog, events: readonly NewEvent[]): TransferRecord[] {
  let transfers = record.transfers;
  for (const event of events) {
    const kind: TransferRecord['kind'] = event.detail?.kind === 'attended' ? 'attended' : 'blind';
    const target = String(event.detail?.target ?? '');
    if (event.type === 'transfer_requested') {
      transfers = [...transfers, { kind, target, at: iso(event.at), outcome: 'pending' as const }].slice(-20);
    } else if (event.type === 'transferred' || event.type === 'transfer_failed') {
      const outcome: TransferRecord['outcome'] = event.type === 'transferred' ? 'accepted' : 'failed';
      const last = transfers.findLastIndex((t) => t.target === target && t.outcome === 'pending');
      transfers = last === -1 ? [...transfers, { kind, target, at: iso(event.at), outcome }].slice(-20) : transfers.map((t, i) => (i === last ? { ...t, outcome } : t));
    }
  }
  return transfers;
}

export function appendEvents(record: LocalCallLog, events: readonly NewEvent[]): CallLogEvent[] {
  let seq = record.events.length === 0 ? 0 : record.events[record.events.length - 1]!.seq + 1;
  const added = events.map((e) => ({ seq: seq++, type: e.type, at: iso(e.at), ...(e.detail ? { detail: e.detail } : {}) }));
  // The schema caps a call at 1000 events; a call that toggles mute all day keeps its first and latest.
  const all = [...record.events, ...added];
  return all.length <= 1000 ? all : [...all.slice(0, 500), ...all.slice(-500)];
}

/**
 * The record after a new snapshot of its call. `changed` is false when nothing worth a write
 * happened (a snapshot of another call, a repeated state), so the recorder skips the write.
 */
export function applyCallSnapshot(
  record: LocalCallLog,
  before: CallSnapshot | undefined,
  after: CallSnapshot,
  now: number,
  options: { bumpVersion?: boolean } = {},
): { record: LocalCallLog; changed: boolean } {
  // Once the call is over or was written off, later snapshots of it say nothing new.
  if (record.status !== 'live') return { record, changed: false };
  const events = callEventsBetween(before, after, now);
  const remote = remoteOf(after.remote);
  const remoteChanged = remote.number !== record.remote.number || remote.displayName !== record.remote.displayName;
  if (events.length === 0 && !remoteChanged) return { record, changed: false };

  const allEvents = appendEvents(record, events);
  const ended = after.state === 'ended';
  const next: LocalCallLog = {
    ...record,
    version: options.bumpVersion === false ? record.version : record.version + 1,
    // An unanswered call (missed, refused busy, not picked up) has nothing to wrap up: it is complete as it ends.
    status: ended ? (after.answeredAt === null && record.answeredAt === null ? 'completed' : 'ended') : 'live',
    remote,
    answeredAt: after.answeredAt === null ? record.answeredAt : iso(after.answeredAt),
    endedAt: ended ? iso(after.endedAt ?? now) : null,
    endedBy: ended ? (after.endedBy ?? 'system') : null,
    endCause: ended ? clipOrNull(after.endCause, MAX_END_CAUSE) : null,
    transfers: transfersOf(record, events),
    events: allEvents,
    holdSeconds: holdSecondsOf(allEvents, ended ? (after.endedAt ?? now) : now),
    syncState: 'pending',
    lastSeenAt: now,
    updatedAt: now,
    searchKeys: remoteChanged ? searchKeysOf(remote.number, remote.displayName) : record.searchKeys,
  };
  return { record: next, changed: true };
}

/**
 * A call the console found still live when it started again: it died mid-call (crash, reload,
 * shut laptop). The record keeps what it knew and says the end is unknown, rather than invent one.
 */
export function markInterrupted(record: LocalCallLog, now: number): LocalCallLog {
  const lastSeenAt = Math.max(record.lastSeenAt, Date.parse(record.startedAt));
  const events = appendEvents(record, [{ type: 'interrupted', at: now, detail: { lastSeenAt: iso(lastSeenAt) } }]);
  return {
    ...record,
    version: record.version + 1,
    status: 'interrupted',
    endedBy: 'system',
    endCause: 'console closed during the call',
    interruption: { lastSeenAt: iso(lastSeenAt), detectedAt: iso(now) },
    events,
    // Up to the last moment the call was known to be up: the `interrupted` event is stamped when the
    // console came back (maybe the next morning), which would otherwise close a hold left open then.
    holdSeconds: holdSecondsOf(record.events, lastSeenAt),
    syncState: 'pending',
    updatedAt: now,
  };
}

export interface WrapUpPatch {
  dispositionCode?: string | null;
  notes?: string;
}

/** Disposition and notes, which the agent may change until wrap-up is done (and after, as a correction). */
export function applyWrapUp(record: LocalCallLog, patch: WrapUpPatch, now: number): LocalCallLog {
  // Field by field: `{ dispositionCode: undefined }` (a form with nothing chosen) must not spread an
  // `undefined` into the record, which the hub's schema (nullable, not optional) would refuse.
  const wrapUp = {
    ...record.wrapUp,
    ...(patch.dispositionCode !== undefined ? { dispositionCode: patch.dispositionCode } : {}),
    ...(patch.notes !== undefined ? { notes: patch.notes } : {}),
  };
  if (wrapUp.dispositionCode === record.wrapUp.dispositionCode && wrapUp.notes === record.wrapUp.notes) return record;
  const events =
    wrapUp.dispositionCode !== record.wrapUp.dispositionCode
      ? appendEvents(record, [{ type: 'disposition_set', at: now, detail: { code: wrapUp.dispositionCode } }])
      : record.events;
  return { ...record, wrapUp, events, version: record.version + 1, syncState: 'pending', updatedAt: now };
}

/** Wrap-up done: the call's record is complete. A call that is still live cannot be wrapped up. */
export function finishWrapUp(record: LocalCallLog, patch: WrapUpPatch, now: number): LocalCallLog {
  if (record.status === 'live') throw new Error(`call ${record.id} is still live`);
  if (record.wrapUp.doneAt !== null && record.status === 'completed') return applyWrapUp(record, patch, now);
  const withPatch = applyWrapUp(record, patch, now);
  return {
    ...withPatch,
    status: 'completed',
    wrapUp: { ...withPatch.wrapUp, doneAt: iso(now) },
    events: appendEvents(withPatch, [{ type: 'wrap_up_done', at: now }]),
    version: record.version + 1,
    syncState: 'pending',
    updatedAt: now,
  };
}

/**
 * The customer the screen pop settled on (the only match, the one the agent chose, or the one just
 * created). A later choice replaces an earlier one: the agent may correct a wrong pick.
 */
export function linkCustomer(record: LocalCallLog, customerId: string, now: number): LocalCallLog {
  if (record.customerId === customerId) return record;
  return { ...record, customerId, version: record.version + 1, syncState: 'pending', updatedAt: now };
}

/** What a call's script (flow run) adds to its record; every field is optional, and each says the whole truth. */
export interface ScriptPatch {
  /** The flow and version the call follows; null when it follows none (the script was abandoned before any other). */
  script?: { flowId: string; flowVersion: number } | null;
  /** The answers on the path taken, as they are now (replaces the previous list). */
  answers?: readonly ScriptAnswer[];
  /** Tickets the script created; each new one is added once, with a `ticket_linked` event. */
  ticketIds?: readonly string[];
  /** `script_*` and `recording_*` events, in the order they happened. */
  events?: readonly NewEvent[];
  /** The worklist task the call was made for (the worklist links it when it dials). */
  callback?: CallLogCallback;
  /** The survey's verdict, as the script took it: kept with the task the call is linked to (none: nothing to keep it with). */
  survey?: NonNullable<CallLogCallback['survey']>;
}

const MAX_SCRIPT_ANSWERS = 500;
const MAX_TICKET_IDS = 50;
const MAX_ANSWER_TEXT = 4000;
const MAX_ANSWER_KEY = 80;
const MAX_SURVEY_REASONS = 2000;

function clipAnswer(answer: ScriptAnswer): ScriptAnswer {
  return {
    stepId: clip(answer.stepId, MAX_ANSWER_KEY),
    questionId: clip(answer.questionId, MAX_ANSWER_KEY),
    value: typeof answer.value === 'string' ? clip(answer.value, MAX_ANSWER_TEXT) : answer.value,
    answeredAt: answer.answeredAt,
  };
}

function clipDetail(detail: EventDetail | undefined): EventDetail | undefined {
  if (!detail) return undefined;
  return Object.fromEntries(Object.entries(detail).map(([k, v]) => [k, typeof v === 'string' ? clip(v, MAX_DETAIL_TEXT) : v]));
}

const sameAnswers = (a: readonly ScriptAnswer[], b: readonly ScriptAnswer[]): boolean =>
  a.length === b.length && a.every((x, i) => JSON.stringify(x) === JSON.stringify(b[i]));

/**
 * A script's progress on its call's record: which flow, the answers so far, the tickets it opened.
 * Allowed after wrap-up too: a ticket the hub confirms late is still linked to its call. Returns the
 * record itself when nothing changes, so the recorder skips the write.
 */
export function applyScript(record: LocalCallLog, patch: ScriptPatch, now: number): LocalCallLog {
  const script = patch.script === undefined ? record.script : patch.script === null ? null : { flowId: clip(patch.script.flowId, MAX_ANSWER_KEY), flowVersion: patch.script.flowVersion };
  const answers = patch.answers === undefined ? record.scriptAnswers : patch.answers.slice(0, MAX_SCRIPT_ANSWERS).map(clipAnswer);
  const newTickets = [...new Set(patch.ticketIds ?? [])].filter((id) => !record.ticketIds.includes(id));
  const ticketIds = [...record.ticketIds, ...newTickets].slice(0, MAX_TICKET_IDS);
  const newlyLinked = newTickets.filter((id) => ticketIds.includes(id));
  const events: NewEvent[] = [
    ...(patch.events ?? []).map((e) => {
      const detail = clipDetail(e.detail);
      return detail ? { ...e, detail } : { type: e.type, at: e.at };
    }),
    ...newlyLinked.map((ticketId) => ({ type: 'ticket_linked' as const, at: now, detail: { ticketId } })),
  ];
  const scriptChanged = JSON.stringify(script) !== JSON.stringify(record.script);
  const linked = patch.callback === undefined ? (record.callback ?? null) : patch.callback;
  const survey = patch.survey ?? linked?.survey ?? null;
  const callback = linked === null ? null : { ...linked, survey: survey === null ? null : { ...survey, reasons: clip(survey.reasons, MAX_SURVEY_REASONS) } };
  const callbackChanged = JSON.stringify(callback) !== JSON.stringify(record.callback ?? null);
  if (!scriptChanged && !callbackChanged && sameAnswers(answers, record.scriptAnswers) && newlyLinked.length === 0 && events.length === 0) return record;
  return {
    ...record,
    callback,
    script,
    scriptAnswers: answers,
    ticketIds,
    events: events.length > 0 ? appendEvents(record, events) : record.events,
    version: record.version + 1,
    syncState: 'pending',
    updatedAt: now,
  };
}

const LOCAL_FIELDS = ['syncState', 'uploadedVersion', 'rejection', 'lastSeenAt', 'updatedAt', 'searchKeys'] as const;

/** The record as the hub receives it: the local bookkeeping stays on this machine. */
export function toUploadRecord(local: LocalCallLog): CallLogRecord {
  const copy: Record<string, unknown> = { ...local };
  for (const field of LOCAL_FIELDS) delete copy[field];
  return copy as unknown as CallLogRecord;
}
