import Dexie, { type EntityTable, type Table, type Transaction } from 'dexie';
import type { CallLogRecord } from '../../../../shared/api/call-logs';
import type { CustomerCard } from '../../../../shared/api/customers';
import type { FlowFacts, FlowRun, ResolvedAction } from '../../../../shared/flows/flow-run';
import type { RecordingPause } from '../../../../shared/api/recordings';

/*
 * The console's one IndexedDB database (STYLE.md: one Dexie schema file). Everything written during a
 * call lands here first and reaches the hub from here, so a hub that is down, a dropped network or a
 * crash loses nothing. Every schema version stays in SCHEMA_VERSIONS forever: a console that has not
 * run for months upgrades through each of them in turn, and test/unit/renderer/services/local-db
 * opens the database at every earlier version and upgrades it.
 *
 * One database per user (`callcenter-console.<userId>`): a call-center PC is shared between shifts, and
 * neither the hub's rules (an agent uploads only their own calls) nor confidentiality allow one
 * agent's records in another's session.
 */

export type SyncState = 'pending' | 'uploaded' | 'rejected';

export interface SyncRejection {
  /** 400 (malformed) or 409 (the id belongs to another call); the hub's code and words. */
  status: number;
  code: string;
  message: string;
  field?: string;
  /** ms since epoch, this console's clock. */
  at: number;
}

/** A call log as this console keeps it: the upload shape plus its local bookkeeping. */
export interface LocalCallLog extends CallLogRecord {
  syncState: SyncState;
  /** Highest version the hub confirmed (0: never uploaded). */
  uploadedVersion: number;
  rejection: SyncRejection | null;
  /** Heartbeat of a live call (ms): how long it is known to have been up, should the console die. */
  lastSeenAt: number;
  /** ms since epoch of the last local change. */
  updatedAt: number;
  /** Every suffix of the number and of the lower-cased name: `startsWith` on them is a substring search. */
  searchKeys: string[];
}

export const OUTBOX_KINDS = ['call-log'] as const;
export type OutboxKind = (typeof OUTBOX_KINDS)[number];

/**
 * One entry per record waiting for the hub. Changes coalesce: the entry names the newest version,
 * and the uploader reads the record itself when it sends, so ten quick edits are one upload.
 */
export interface OutboxEntry {
  kind: OutboxKind;
  key: string;
  version: number;
  /** ms; the order of upload, oldest first: when the call started, so a late edit keeps its call's place. */
  enqueuedAt: number;
}

/** A half-filled form (wrap-up notes, a script's answers in progress), restored after a reload. */
export interface Draft {
  key: string;
  value: unknown;
  updatedAt: number;
}

/** Reference data kept for offline use (org design, disposition and reason codes, …), by name. */
export interface ReferenceEntry {
  key: string;
  value: unknown;
  fetchedAt: number;
}

/**
 * A customer as cached for the screen pop; filled from the hub by the customer sync
 * (services/customers/customer-cache.ts). The columns beside `value` are what the indexes need.
 */
export interface CachedCustomer {
  id: string;
  /** E.164 numbers: the pop's look-up key. */
  phones: string[];
  name: string;
  updatedAt: string;
  value: CustomerCard;
}

/** A script (flow) version as cached for offline calls: the hub's StoredFlow, checked again when read. */
export interface CachedFlow {
  id: string;
  version: number;
  value: unknown;
}

/**
 * A script followed on a call, saved after every answer and step: a reload or crash resumes it at
 * the same step with every answer.
 */
export interface LocalFlowRun {
  /** The call's id: one run per call. */
  runId: string;
  callId: string;
  status: FlowRun['status'];
  run: FlowRun;
  /** The case the call is about (a callback's ticket), for `ticket: context` actions and `{{ticket.*}}`. */
  contextTicket: { id: string; ticketNo: string; title: string; status: string } | null;
  /**
   * The call's facts as last known (customer, order, callback time): a run resumed after a reload
   * reads as it did, though the screen pop and the customer's record are not fetched again.
   */
  facts?: FlowFacts;
  /**
   * The callback task the call was dialled from (the worklist), for `record_survey`; null for any
   * other call. Absent in rows written before issue 8, which read as null (flow-run-store.ts `callbackTaskOf`). Not
   * indexed, so no schema version was needed for it.
   */
  callbackTaskId?: string | null;
  updatedAt: number;
}

export type FlowActionStatus =
  /** Waits for the hub (or for its turn behind an earlier action of the same run). */
  | 'pending'
  | 'done'
  /** Refused for good (400/409, a transfer the phone could not make): shown, not retried. */
  | 'failed';

/**
 * An action a script requested (flow-run.ts), kept until it is done: the outbox of the actions
 * that need the hub, and the record of those done on the PC (disposition, transfer, recording).
 */
export interface LocalFlowAction {
  /** UUID made when the action was requested: the hub's idempotency key. */
  id: string;
  runId: string;
  callId: string;
  /** `<stepId>.<index>`, unique within the run. */
  key: string;
  /** Order of request within the run; actions of one run reach the hub in this order. */
  seq: number;
  action: ResolvedAction;
  /** What the request needs beyond the action: the ticket it concerns, the callback's due time, … */
  params: {
    ticketId?: string | null;
    dueAt?: string;
    customerId?: string | null;
    phone?: string | null;
    priority?: 'normal' | 'high';
    /** `record_survey`: the callback task it is recorded on. */
    callbackTaskId?: string | null;
    flow: { flowId: string; flowVersion: number };
  };
  status: FlowActionStatus;
  attempts: number;
  lastError: string | null;
  /** What the hub (or the phone) gave back: the ticket number, the callback's id. */
  result: { ticketNo?: string; escalationLevel?: number } | null;
  createdAt: number;
  updatedAt: number;
}

/**
 * A named set of filters of the complaint case list (Cases pane), kept on this PC for its user: the
 * database is the user's own, so every view here is theirs. `filters` is the shape of
 * services/cases/case-filters.ts, checked again when read.
 */
export interface SavedCaseView {
  id: string;
  name: string;
  filters: unknown;
  createdAt: number;
  updatedAt: number;
}

export type LocalRecordingStatus =
  /** MediaRecorder is running (or the console died while it was: recovered as `finished` at start-up). */
  | 'recording'
  /** Complete on this PC, waiting for its upload. */
  | 'finished'
  /** The tus upload has begun; `uploadUrl` is where it resumes. */
  | 'uploading'
  /** The hub has the whole file; the chunks may go (services/recording/recording-store.ts). */
  | 'uploaded'
  /** Refused for good (409: another agent's call, 413, 400): kept with its chunks, shown with Retry. */
  | 'failed';

/**
 * A call's recording (issue 9): one per call, keyed by the call log's id. The audio itself is in
 * `recordingChunks`, written as MediaRecorder hands it over, so a crash keeps all but the last second.
 */
export interface LocalRecording {
  callId: string;
  status: LocalRecordingStatus;
  /** ISO time of the first sample (this console's clock, like the call log's times). */
  startedAt: string;
  /** The recording clock at its end (AudioContext time); while recording, the last chunk's. */
  durationMs: number;
  mimeType: string;
  pauses: RecordingPause[];
  /** Sum of the chunks' sizes. */
  bytes: number;
  /** Chunks written; the next one's `seq`. */
  chunkCount: number;
  /** The tus upload's URL on the hub, once created: a cut-off upload resumes there, never from 0. */
  uploadUrl: string | null;
  /** What the hub confirmed it holds. */
  uploadedBytes: number;
  analysisSent: boolean;
  attempts: number;
  lastError: { status: number; message: string; at: number } | null;
  updatedAt: number;
}

/**
 * A piece of a recording as MediaRecorder handed it over (about a second), with the two channels'
 * levels that arrived since the previous piece: the analysis is these lists joined in `seq` order.
 */
export interface LocalRecordingChunk {
  callId: string;
  seq: number;
  blob: Blob;
  agent: number[];
  customer: number[];
}

/** Small facts of this console's own: sync cursors, the last prune. */
export interface MetaEntry {
  key: string;
  value: unknown;
}

export interface SchemaVersion {
  version: number;
  stores: Record<string, string | null>;
  /** Moves data written by the previous version into this one's shape. */
  upgrade?: (tx: Transaction) => Promise<void>;
}

/**
 * Append only. Dexie keeps only the stores that change per version, but each entry here lists its
 * whole schema so that a reader sees every version as it was.
 */
export const SCHEMA_VERSIONS: readonly SchemaVersion[] = [
  {
    version: 1,
    stores: {
      callLogs: 'id, startedAt, status, syncState, *searchKeys',
      outbox: '[kind+key], enqueuedAt',
      drafts: 'key, updatedAt',
      reference: 'key',
      customers: 'id, *phones, updatedAt',
      flows: '[id+version], id',
      meta: 'key',
    },
  },
  {
    // Scripts (issue 6): the run of each call and the actions it requested.
    version: 2,
    stores: {
      callLogs: 'id, startedAt, status, syncState, *searchKeys',
      outbox: '[kind+key], enqueuedAt',
      drafts: 'key, updatedAt',
      reference: 'key',
      customers: 'id, *phones, updatedAt',
      flows: '[id+version], id',
      meta: 'key',
      flowRuns: 'runId, callId, status, updatedAt',
      flowActions: 'id, [runId+key], [runId+seq], status',
    },
  },
  {
    // Complaint cases (issue 7): the case list's saved views.
    version: 3,
    stores: {
      callLogs: 'id, startedAt, status, syncState, *searchKeys',
      outbox: '[kind+key], enqueuedAt',
      drafts: 'key, updatedAt',
      reference: 'key',
      customers: 'id, *phones, updatedAt',
      flows: '[id+version], id',
      meta: 'key',
      flowRuns: 'runId, callId, status, updatedAt',
      flowActions: 'id, [runId+key], [runId+seq], status',
      caseViews: 'id, name, updatedAt',
    },
  },
  {
    // Recordings (issue 9): each call's recording and its chunks, uploaded by tus after the call.
    version: 4,
    stores: {
      callLogs: 'id, startedAt, status, syncState, *searchKeys',
      outbox: '[kind+key], enqueuedAt',
      drafts: 'key, updatedAt',
      reference: 'key',
      customers: 'id, *phones, updatedAt',
      flows: '[id+version], id',
      meta: 'key',
      flowRuns: 'runId, callId, status, updatedAt',
      flowActions: 'id, [runId+key], [runId+seq], status',
      caseViews: 'id, name, updatedAt',
      recordings: 'callId, status, startedAt',
      recordingChunks: '[callId+seq]',
    },
  },
];

export const LATEST_SCHEMA_VERSION = SCHEMA_VERSIONS[SCHEMA_VERSIONS.length - 1]!.version;

export class AppDb extends Dexie {
  callLogs!: EntityTable<LocalCallLog, 'id'>;
  outbox!: Table<OutboxEntry, [OutboxKind, string]>;
  drafts!: EntityTable<Draft, 'key'>;
  reference!: EntityTable<ReferenceEntry, 'key'>;
  customers!: EntityTable<CachedCustomer, 'id'>;
  flows!: Table<CachedFlow, [string, number]>;
  meta!: EntityTable<MetaEntry, 'key'>;
  flowRuns!: EntityTable<LocalFlowRun, 'runId'>;
  flowActions!: EntityTable<LocalFlowAction, 'id'>;
  caseViews!: EntityTable<SavedCaseView, 'id'>;
  recordings!: EntityTable<LocalRecording, 'callId'>;
  recordingChunks!: Table<LocalRecordingChunk, [string, number]>;

  constructor(name: string, options?: { indexedDB?: IDBFactory; IDBKeyRange?: typeof IDBKeyRange; upTo?: number }) {
    super(name, options?.indexedDB ? { indexedDB: options.indexedDB, IDBKeyRange: options.IDBKeyRange } : undefined);
    const upTo = options?.upTo ?? LATEST_SCHEMA_VERSION;
    for (const schema of SCHEMA_VERSIONS) {
      if (schema.version > upTo) break;
      const version = this.version(schema.version).stores(schema.stores);
      if (schema.upgrade) version.upgrade(schema.upgrade);
    }
  }
}

export const appDbName = (userId: string): string => `callcenter-console.${userId}`;
