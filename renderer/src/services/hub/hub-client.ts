import { z } from 'zod';
import {
  LoginResponseSchema,
  MeResponseSchema,
  type LoginRequest,
  type LoginResponse,
  type MeResponse,
} from '../../../../shared/api/auth';
import { API_ERROR_CODES, ApiErrorSchema, type ApiErrorCode } from '../../../../shared/api/errors';
import {
  CallLogBatchResponseSchema,
  CallLogPageSchema,
  type CallLogBatchRequest,
  type CallLogBatchResponse,
  type CallLogPage,
  type CallLogQuery,
} from '../../../../shared/api/call-logs';
import {
  CustomerAccessLogSchema,
  CustomerChangesPageSchema,
  CustomerCreateRequestSchema,
  CustomerDetailSchema,
  CustomerLookupResponseSchema,
  CustomerSearchResponseSchema,
  CustomerUpdateRequestSchema,
  type AccessReason,
  type CustomerAccessLog,
  type CustomerChangesPage,
  type CustomerChangesQuery,
  type CustomerCreateRequest,
  type CustomerDetail,
  type CustomerLookupQuery,
  type CustomerLookupResponse,
  type CustomerSearchQuery,
  type CustomerSearchResponse,
  type CustomerUpdateRequest,
} from '../../../../shared/api/customers';
import {
  AttachmentSchema,
  ComplaintActionRequestSchema,
  ComplaintDetailSchema,
  ComplaintListResponseSchema,
  ComplaintReportSchema,
  type Attachment,
  type ComplaintActionRequest,
  type ComplaintDetail,
  type ComplaintListQuery,
  type ComplaintListResponse,
  type ComplaintReport,
  type ComplaintReportQuery,
} from '../../../../shared/api/complaints';
import { ComplaintConfigSchema, type ComplaintConfig } from '../../../../shared/complaints/complaint-config';
import { OrgDesignSchema, type OrgDesign } from '../../../../shared/api/org';
import {
  FlowListResponseSchema,
  FlowRejectedSchema,
  FlowUploadRequestSchema,
  FlowVersionListSchema,
  StoredFlowSchema,
  type FlowListResponse,
  type FlowUploadRequest,
  type FlowVersionList,
  type StoredFlow,
} from '../../../../shared/api/flows';
import {
  CallbackCreateRequestSchema,
  CallbackTaskSchema,
  NotificationCreateRequestSchema,
  NotificationSchema,
  TicketCreateRequestSchema,
  TicketEscalationRequestSchema,
  TicketNoteRequestSchema,
  TicketSchema,
  type CallbackCreateRequest,
  type CallbackTask,
  type Notification,
  type NotificationCreateRequest,
  type Ticket,
  type TicketCreateRequest,
  type TicketEscalationRequest,
  type TicketNoteRequest,
} from '../../../../shared/api/tickets';
import {
  AgentStateReportSchema,
  PhoneConfigSchema,
  type AgentStateReport,
  type PhoneConfig,
} from '../../../../shared/api/phone';
import { MyNotificationListSchema, type MyNotificationList, type MyNotificationsQuery } from '../../../../shared/api/notifications';
import {
  CallbackAttemptRequestSchema,
  CallbackManualRequestSchema,
  CallbackReportSchema,
  CallbackSettingsSchema,
  CallbackSurveyRequestSchema,
  CallbackWorkItemSchema,
  CallbackWorklistResponseSchema,
  type CallbackAttemptRequest,
  type CallbackManualRequest,
  type CallbackReport,
  type CallbackSettings,
  type CallbackSurveyRequest,
  type CallbackWorkItem,
  type CallbackWorklistQuery,
  type CallbackWorklistResponse,
} from '../../../../shared/api/callbacks';
import { BoardSchema, CallReportSchema, type Board, type CallReport, type CallReportQuery } from '../../../../shared/api/board';
import { HubError } from './hub-error';
import { createQaMethods, type QaHubMethods } from './qa-hub-methods';

export { HubError, isHubError, type HubErrorCode } from './hub-error';

export const DEFAULT_HUB_TIMEOUT_MS = 10_000;

export interface HubClientOptions {
  /** e.g. `http://127.0.0.1:8790`; empty for the origin that served the page (web mode). */
  baseUrl: string;
  /** Injected so tests need no server; defaults to the global fetch. */
  fetch?: typeof fetch;
  timeoutMs?: number;
  /** Uploads that report progress go through XMLHttpRequest; injected so tests need no browser. */
  createXhr?: () => XMLHttpRequest;
}

/**
 * `POST /api/v1/agent/state` answers `{applied}`: false when the hub already holds a newer change
 * (reports can arrive late after an outage). Kept here until shared/api/phone.ts exports it.
 */
export const AgentStateReportResultSchema = z.object({ applied: z.boolean() });
export type AgentStateReportResult = z.infer<typeof AgentStateReportResultSchema>;

export interface CallOptions {
  signal?: AbortSignal;
}

export interface HubClient extends QaHubMethods {
  login(request: LoginRequest, options?: CallOptions): Promise<LoginResponse>;
  logout(token: string, options?: CallOptions): Promise<void>;
  me(token: string, options?: CallOptions): Promise<MeResponse>;
  org(token: string, options?: CallOptions): Promise<OrgDesign>;
  /** The softphone's settings for the logged-in user (SIP account, reason codes, wrap-up). */
  phoneConfig(token: string, options?: CallOptions): Promise<PhoneConfig>;
  reportAgentState(token: string, report: AgentStateReport, options?: CallOptions): Promise<AgentStateReportResult>;
  /** Uploads call logs; the answer says per record what the hub did with it. */
  uploadCallLogs(token: string, batch: CallLogBatchRequest, options?: CallOptions): Promise<CallLogBatchResponse>;
  listCallLogs(token: string, query: CallLogQuery, options?: CallOptions): Promise<CallLogPage>;
  /** The screen pop's question when the local cache had nobody for the number; the hub logs the read. */
  lookupCustomers(token: string, query: CustomerLookupQuery, options?: CallOptions): Promise<CustomerLookupResponse>;
  searchCustomers(token: string, query: CustomerSearchQuery, options?: CallOptions): Promise<CustomerSearchResponse>;
  /** The whole record; `reason` (and the call, if any) goes into the hub's access log. */
  getCustomer(token: string, id: string, read: CustomerReadOptions, options?: CallOptions): Promise<CustomerDetail>;
  /** Checked before it leaves; the id is the console's, so a retry creates the customer once. */
  createCustomer(token: string, body: CustomerCreateRequest, options?: CallOptions): Promise<CustomerDetail>;
  /** Contact details on the version the editor saw: a `conflict` HubError when someone changed it first. */
  updateCustomer(token: string, id: string, body: CustomerUpdateRequest, options?: CallOptions): Promise<CustomerDetail>;
  /** One page of the change feed that keeps the local customer cache fresh. */
  customerChanges(token: string, query: CustomerChangesQuery, options?: CallOptions): Promise<CustomerChangesPage>;
  customerAccessLog(token: string, id: string, options?: CallOptions): Promise<CustomerAccessLog>;
  /** The version in force of every script, for the local copy. */
  listFlows(token: string, options?: CallOptions): Promise<FlowListResponse>;
  getFlowVersion(token: string, id: string, version: number, options?: CallOptions): Promise<StoredFlow>;
  /** Every published version of one flow, the one in force first. */
  listFlowVersions(token: string, id: string, options?: CallOptions): Promise<FlowVersionList>;
  /**
   * Publishes a flow file as the next version of its id. A file the hub's checks refuse is a
   * `validation` HubError whose `problems` lists every problem found, each naming its step.
   */
  uploadFlow(token: string, body: FlowUploadRequest, options?: CallOptions): Promise<StoredFlow>;
  /** Script actions: each carries the console's id, so a retry is done once. */
  createTicket(token: string, body: TicketCreateRequest, options?: CallOptions): Promise<Ticket>;
  getTicket(token: string, id: string, options?: CallOptions): Promise<Ticket>;
  addTicketNote(token: string, ticketId: string, body: TicketNoteRequest, options?: CallOptions): Promise<Ticket>;
  escalateTicket(token: string, ticketId: string, body: TicketEscalationRequest, options?: CallOptions): Promise<Ticket>;
  createCallback(token: string, body: CallbackCreateRequest, options?: CallOptions): Promise<CallbackTask>;
  createNotification(token: string, body: NotificationCreateRequest, options?: CallOptions): Promise<Notification>;
  /** The bell: the caller's notifications, newest first, and how many are unread in all. */
  myNotifications(token: string, query: MyNotificationsQuery, options?: CallOptions): Promise<MyNotificationList>;
  /** Read by the caller; again changes nothing; `not_found` for one that is not theirs. */
  markNotificationRead(token: string, id: string, options?: CallOptions): Promise<void>;
  /** The complaint section's statistics for complaints opened from `from` to `to` (both days, the center's time zone). */
  complaintReport(token: string, query: ComplaintReportQuery, options?: CallOptions): Promise<ComplaintReport>;
  /** The callback figures (due, done, overdue, reach and satisfaction) for `from` to `to`, in total, by type, by callback agent and by day. */
  callbackReport(token: string, query: { from: string; to: string }, options?: CallOptions): Promise<CallbackReport>;
  /** The complaint cases the caller may see, newest first; `cursor` is the previous page's `nextCursor`. */
  listComplaints(token: string, query: ComplaintListQuery, options?: CallOptions): Promise<ComplaintListResponse>;
  /** A case with everything its page shows and the actions the caller may take now. */
  getComplaint(token: string, id: string, options?: CallOptions): Promise<ComplaintDetail>;
  /**
   * One step of the procedure on the version the person saw: `stale_version` when someone acted
   * first, `illegal_transition` / `forbidden` / `authority_exceeded` with the hub's reason.
   */
  complaintAction(token: string, ticketId: string, body: ComplaintActionRequest, options?: CallOptions): Promise<ComplaintDetail>;
  /**
   * An evidence file, sent as it is; `onProgress` follows the upload (fetch cannot report it).
   * The hub decides the kind from the bytes: `unsupported_media_type` (415) or `payload_too_large` (413).
   */
  uploadAttachment(token: string, ticketId: string, upload: AttachmentUpload, options?: UploadOptions): Promise<Attachment>;
  /** The file's bytes, for the person to save: the hub needs the token, so a plain link cannot fetch it. */
  downloadAttachment(token: string, ticketId: string, attachmentId: string, options?: CallOptions): Promise<Blob>;
  /** How the center runs its complaint procedure: routing, authority limits, time limits. */
  complaintConfig(token: string, options?: CallOptions): Promise<ComplaintConfig>;
  /** The callback worklist: `scope`, `state`, filters; `cursor` is the previous page's `nextCursor`. */
  callbackWorklist(token: string, query: CallbackWorklistQuery, options?: CallOptions): Promise<CallbackWorklistResponse>;
  getCallback(token: string, id: string, options?: CallOptions): Promise<CallbackWorkItem>;
  /** From the pool to the caller: `already_claimed` (409) when someone else was first. */
  claimCallback(token: string, id: string, options?: CallOptions): Promise<CallbackWorkItem>;
  /** Back to the pool. */
  releaseCallback(token: string, id: string, options?: CallOptions): Promise<CallbackWorkItem>;
  /** One try at reaching the customer; idempotent by the attempt's id. `outside_calling_hours`, `survey_required` name the field. */
  recordCallbackAttempt(token: string, id: string, body: CallbackAttemptRequest, options?: CallOptions): Promise<CallbackWorkItem>;
  /** The customer's verdict from the survey script (a `record_survey` action); idempotent by its id. */
  recordCallbackSurvey(token: string, id: string, body: CallbackSurveyRequest, options?: CallOptions): Promise<CallbackWorkItem>;
  /** A callback made by hand; idempotent by its id. */
  createManualCallback(token: string, body: CallbackManualRequest, options?: CallOptions): Promise<CallbackWorkItem>;
  /** How the center works its callbacks, and its time zone when the hub names it (null: it did not). */
  callbackSettings(token: string, options?: CallOptions): Promise<CallbackSettings>;
  /** The supervisor board: every agent's state and today's totals (supervisors, managers, admins). */
  board(token: string, options?: CallOptions): Promise<Board>;
  callReport(token: string, query: CallReportQuery, options?: CallOptions): Promise<CallReport>;
}

export type { CallbackSettings };

export interface AttachmentUpload {
  /** Made by the console: a retry of the same upload stores the file once. */
  id: string;
  fileName: string;
  body: Blob;
}

export interface UploadOptions extends CallOptions {
  onProgress?: (sentBytes: number, totalBytes: number) => void;
}

export interface CustomerReadOptions {
  reason: AccessReason;
  callId?: string | undefined;
}

export interface RequestSpec {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT';
  path: string;
  /** Longer than the default for big uploads. */
  timeoutMs?: number;
  token?: string;
  body?: unknown;
  signal?: AbortSignal | undefined;
}

/**
 * Typed client of the hub's HTTP API. Every answer is parsed with the shared schemas, so a hub
 * that answers with the wrong shape surfaces as a `HubError` (`bad_response`) at this boundary
 * rather than as an undefined field deep inside a component.
 */
export function createHubClient(options: HubClientOptions): HubClient {
  const base = options.baseUrl.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? DEFAULT_HUB_TIMEOUT_MS;
  // Bound late so a test's or a polyfill's replacement of globalThis.fetch is honoured.
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  const createXhr = options.createXhr ?? (() => new XMLHttpRequest());

  async function send(spec: RequestSpec): Promise<Response> {
    const url = `${base}${spec.path}`;
    const headers: Record<string, string> = { accept: 'application/json' };
    if (spec.token) headers.authorization = `Bearer ${spec.token}`;
    // No content-type without a body: the hub rejects an empty body declared as JSON.
    if (spec.body !== undefined) headers['content-type'] = 'application/json';

    const timeout = new AbortController();
    const limitMs = spec.timeoutMs ?? timeoutMs;
    const timer = setTimeout(() => timeout.abort(), limitMs);
    const signal = spec.signal ? AbortSignal.any([spec.signal, timeout.signal]) : timeout.signal;
    try {
      const response = await doFetch(url, {
        method: spec.method,
        headers,
        body: spec.body === undefined ? undefined : JSON.stringify(spec.body),
        signal,
        // The token travels in the Authorization header; cookies are never part of the hub API.
        credentials: 'omit',
      });
      if (!response.ok) throw await errorFromResponse(response);
      return response;
    } catch (error) {
      if (error instanceof HubError) throw error;
      if (spec.signal?.aborted) {
        throw new HubError({ status: 0, code: 'aborted', message: 'The request was cancelled.' });
      }
      if (timeout.signal.aborted) {
        throw new HubError({
          status: 0,
          code: 'timeout',
          message: `The hub did not answer within ${Math.round(limitMs / 1000)} s (${describeBase(base)}).`,
        });
      }
      throw new HubError({
        status: 0,
        code: 'network',
        message: `Cannot reach the hub at ${describeBase(base)}: ${error instanceof Error ? error.message : String(error)}`,
      });
    } finally {
      clearTimeout(timer);
    }
  }

  async function request<S extends z.ZodType>(spec: RequestSpec, schema: S): Promise<z.output<S>> {
    const response = await send(spec);
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      throw badResponse(response.status, spec.path, 'the body is not JSON');
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
      throw badResponse(response.status, spec.path, `${issue?.message ?? 'schema mismatch'}${where}`);
    }
    return parsed.data;
  }

  /** A request body the hub would refuse is a bug here (or a form let it through), not something to retry. */
  function checked<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
    const parsed = schema.safeParse(value);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    throw new HubError({
      status: 0,
      code: 'validation',
      message: `Invalid ${what}: ${z.prettifyError(parsed.error)}`,
      field: issue && issue.path.length > 0 ? issue.path.join('.') : undefined,
    });
  }

  return {
    ...createQaMethods({ request, checked, withQuery }),
    login: (credentials, opts) =>
      request({ method: 'POST', path: '/api/v1/auth/login', body: credentials, signal: opts?.signal }, LoginResponseSchema),
    logout: async (token, opts) => {
      const response = await send({ method: 'POST', path: '/api/v1/auth/logout', token, signal: opts?.signal });
      // The body, if any, carries nothing the console needs; read it so the connection is released.
      await response.body?.cancel();
    },
    me: (token, opts) => request({ method: 'GET', path: '/api/v1/me', token, signal: opts?.signal }, MeResponseSchema),
    org: (token, opts) => request({ method: 'GET', path: '/api/v1/org', token, signal: opts?.signal }, OrgDesignSchema),
    phoneConfig: (token, opts) =>
      request({ method: 'GET', path: '/api/v1/phone/config', token, signal: opts?.signal }, PhoneConfigSchema),
    reportAgentState: async (token, report, opts) => {
      // Checked before it leaves: a report the hub would refuse is a bug here, not something to retry.
      const body = AgentStateReportSchema.safeParse(report);
      if (!body.success) {
        throw new HubError({
          status: 0,
          code: 'validation',
          message: `Invalid agent state report: ${z.prettifyError(body.error)}`,
        });
      }
      return request(
        { method: 'POST', path: '/api/v1/agent/state', token, body: body.data, signal: opts?.signal },
        AgentStateReportResultSchema,
      );
    },
    uploadCallLogs: (token, batch, opts) =>
      request(
        // A full batch is up to 2 MB: on a slow link that takes longer than an ordinary request.
        { method: 'POST', path: '/api/v1/call-logs/batch', token, body: batch, signal: opts?.signal, timeoutMs: Math.max(timeoutMs, 30_000) },
        CallLogBatchResponseSchema,
      ),
    listCallLogs: (token, query, opts) =>
      request({ method: 'GET', path: withQuery('/api/v1/call-logs', query), token, signal: opts?.signal }, CallLogPageSchema),
    lookupCustomers: (token, query, opts) =>
      request({ method: 'GET', path: withQuery('/api/v1/customers/lookup', query), token, signal: opts?.signal }, CustomerLookupResponseSchema),
    searchCustomers: (token, query, opts) =>
      request({ method: 'GET', path: withQuery('/api/v1/customers', query), token, signal: opts?.signal }, CustomerSearchResponseSchema),
    getCustomer: (token, id, read, opts) =>
      request(
        { method: 'GET', path: withQuery(customerPath(id), { reason: read.reason, callId: read.callId }), token, signal: opts?.signal },
        CustomerDetailSchema,
      ),
    createCustomer: async (token, body, opts) =>
      request(
        { method: 'POST', path: '/api/v1/customers', token, body: checked(CustomerCreateRequestSchema, body, 'new customer'), signal: opts?.signal },
        CustomerDetailSchema,
      ),
    updateCustomer: async (token, id, body, opts) =>
      request(
        { method: 'PATCH', path: customerPath(id), token, body: checked(CustomerUpdateRequestSchema, body, 'customer change'), signal: opts?.signal },
        CustomerDetailSchema,
      ),
    customerChanges: (token, query, opts) =>
      request(
        // A first sync's pages are thousands of cards: more than an ordinary request on a slow link.
        { method: 'GET', path: withQuery('/api/v1/customers/changes', query), token, signal: opts?.signal, timeoutMs: Math.max(timeoutMs, 30_000) },
        CustomerChangesPageSchema,
      ),
    customerAccessLog: (token, id, opts) =>
      request({ method: 'GET', path: `${customerPath(id)}/access-log`, token, signal: opts?.signal }, CustomerAccessLogSchema),
    listFlows: (token, opts) => request({ method: 'GET', path: '/api/v1/flows', token, signal: opts?.signal }, FlowListResponseSchema),
    getFlowVersion: (token, id, version, opts) =>
      request(
        { method: 'GET', path: `/api/v1/flows/${encodeURIComponent(id)}/versions/${encodeURIComponent(String(version))}`, token, signal: opts?.signal },
        StoredFlowSchema,
      ),
    listFlowVersions: (token, id, opts) =>
      request({ method: 'GET', path: `/api/v1/flows/${encodeURIComponent(id)}/versions`, token, signal: opts?.signal }, FlowVersionListSchema),
    uploadFlow: async (token, body, opts) =>
      request(
        // A flow file is up to 512 KB, and the hub checks it against the org design before it answers.
        { method: 'POST', path: '/api/v1/flows', token, body: checked(FlowUploadRequestSchema, body, 'flow upload'), signal: opts?.signal, timeoutMs: Math.max(timeoutMs, 30_000) },
        StoredFlowSchema,
      ),
    createTicket: async (token, body, opts) =>
      request({ method: 'POST', path: '/api/v1/tickets', token, body: checked(TicketCreateRequestSchema, body, 'ticket'), signal: opts?.signal }, TicketSchema),
    getTicket: (token, id, opts) => request({ method: 'GET', path: ticketPath(id), token, signal: opts?.signal }, TicketSchema),
    addTicketNote: async (token, ticketId, body, opts) =>
      request(
        { method: 'POST', path: `${ticketPath(ticketId)}/notes`, token, body: checked(TicketNoteRequestSchema, body, 'ticket note'), signal: opts?.signal },
        TicketSchema,
      ),
    escalateTicket: async (token, ticketId, body, opts) =>
      request(
        { method: 'POST', path: `${ticketPath(ticketId)}/escalations`, token, body: checked(TicketEscalationRequestSchema, body, 'escalation'), signal: opts?.signal },
        TicketSchema,
      ),
    createCallback: async (token, body, opts) =>
      request({ method: 'POST', path: '/api/v1/callbacks', token, body: checked(CallbackCreateRequestSchema, body, 'callback'), signal: opts?.signal }, CallbackTaskSchema),
    createNotification: async (token, body, opts) =>
      request(
        { method: 'POST', path: '/api/v1/notifications', token, body: checked(NotificationCreateRequestSchema, body, 'notification'), signal: opts?.signal },
        NotificationSchema,
      ),
    myNotifications: (token, query, opts) =>
      request({ method: 'GET', path: withQuery('/api/v1/notifications/mine', query), token, signal: opts?.signal }, MyNotificationListSchema),
    markNotificationRead: async (token, id, opts) => {
      const response = await send({ method: 'POST', path: `/api/v1/notifications/${encodeURIComponent(id)}/read`, token, signal: opts?.signal });
      await response.body?.cancel();
    },
    complaintReport: (token, query, opts) =>
      request(
        // Counted over the whole period on the hub: a year's complaints take longer than an ordinary request.
        { method: 'GET', path: withQuery('/api/v1/reports/complaints', { from: query.from, to: query.to }), token, signal: opts?.signal, timeoutMs: Math.max(timeoutMs, 30_000) },
        ComplaintReportSchema,
      ),
    callbackReport: (token, query, opts) =>
      request(
        // Counted over the whole period on the hub, as the complaint report is: allow it the same time.
        { method: 'GET', path: withQuery('/api/v1/reports/callbacks', { from: query.from, to: query.to }), token, signal: opts?.signal, timeoutMs: Math.max(timeoutMs, 30_000) },
        CallbackReportSchema,
      ),
    listComplaints: (token, query, opts) =>
      request({ method: 'GET', path: withQuery('/api/v1/complaints', query), token, signal: opts?.signal }, ComplaintListResponseSchema),
    getComplaint: (token, id, opts) =>
      request({ method: 'GET', path: `/api/v1/complaints/${encodeURIComponent(id)}`, token, signal: opts?.signal }, ComplaintDetailSchema),
    complaintAction: async (token, ticketId, body, opts) =>
      request(
        { method: 'POST', path: `${ticketPath(ticketId)}/actions`, token, body: checked(ComplaintActionRequestSchema, body, 'case action'), signal: opts?.signal },
        ComplaintDetailSchema,
      ),
    uploadAttachment: (token, ticketId, upload, opts) =>
      uploadWithProgress({
        createXhr,
        url: `${base}${withQuery(`${ticketPath(ticketId)}/attachments`, { id: upload.id, fileName: upload.fileName })}`,
        token,
        body: upload.body,
        // Up to 20 MB on a call center's shared uplink: minutes, not seconds.
        timeoutMs: Math.max(timeoutMs, 300_000),
        describe: describeBase(base),
        ...(opts?.signal ? { signal: opts.signal } : {}),
        ...(opts?.onProgress ? { onProgress: opts.onProgress } : {}),
      }),
    downloadAttachment: async (token, ticketId, attachmentId, opts) => {
      const response = await send({
        method: 'GET',
        path: `${ticketPath(ticketId)}/attachments/${encodeURIComponent(attachmentId)}`,
        token,
        signal: opts?.signal,
        timeoutMs: Math.max(timeoutMs, 300_000),
      });
      return response.blob();
    },
    complaintConfig: (token, opts) => request({ method: 'GET', path: '/api/v1/complaint-config', token, signal: opts?.signal }, ComplaintConfigSchema),
    callbackWorklist: (token, query, opts) =>
      request({ method: 'GET', path: withQuery('/api/v1/callbacks/worklist', query), token, signal: opts?.signal }, CallbackWorklistResponseSchema),
    getCallback: (token, id, opts) => request({ method: 'GET', path: callbackPath(id), token, signal: opts?.signal }, CallbackWorkItemSchema),
    claimCallback: (token, id, opts) => request({ method: 'POST', path: `${callbackPath(id)}/claim`, token, signal: opts?.signal }, CallbackWorkItemSchema),
    releaseCallback: (token, id, opts) => request({ method: 'POST', path: `${callbackPath(id)}/release`, token, signal: opts?.signal }, CallbackWorkItemSchema),
    recordCallbackAttempt: async (token, id, body, opts) =>
      request(
        { method: 'POST', path: `${callbackPath(id)}/attempts`, token, body: checked(CallbackAttemptRequestSchema, body, 'callback attempt'), signal: opts?.signal },
        CallbackWorkItemSchema,
      ),
    recordCallbackSurvey: async (token, id, body, opts) =>
      request(
        { method: 'POST', path: `${callbackPath(id)}/survey`, token, body: checked(CallbackSurveyRequestSchema, body, 'callback survey'), signal: opts?.signal },
        CallbackWorkItemSchema,
      ),
    createManualCallback: async (token, body, opts) =>
      request(
        { method: 'POST', path: '/api/v1/callbacks/manual', token, body: checked(CallbackManualRequestSchema, body, 'callback'), signal: opts?.signal },
        CallbackWorkItemSchema,
      ),
    callbackSettings: (token, opts) => request({ method: 'GET', path: '/api/v1/callback-config', token, signal: opts?.signal }, CallbackSettingsSchema),
    board: (token, opts) => request({ method: 'GET', path: '/api/v1/board', token, signal: opts?.signal }, BoardSchema),
    callReport: (token, query, opts) =>
      request(
        // Counted over the whole period on the hub, as the other reports are: allow it the same time.
        { method: 'GET', path: withQuery('/api/v1/reports/calls', query), token, signal: opts?.signal, timeoutMs: Math.max(timeoutMs, 30_000) },
        CallReportSchema,
      ),
  };
}

interface XhrUpload {
  createXhr: () => XMLHttpRequest;
  url: string;
  token: string;
  body: Blob;
  timeoutMs: number;
  describe: string;
  signal?: AbortSignal;
  onProgress?: (sentBytes: number, totalBytes: number) => void;
}

/** An evidence upload through XMLHttpRequest, whose upload events give the progress bar its figures. */
function uploadWithProgress(spec: XhrUpload): Promise<Attachment> {
  return new Promise((resolve, reject) => {
    const xhr = spec.createXhr();
    const fail = (code: 'network' | 'timeout' | 'aborted', message: string) => reject(new HubError({ status: 0, code, message }));
    const onAbort = () => xhr.abort();
    const done = () => spec.signal?.removeEventListener('abort', onAbort);
    xhr.open('POST', spec.url);
    xhr.timeout = spec.timeoutMs;
    xhr.withCredentials = false;
    xhr.setRequestHeader('accept', 'application/json');
    xhr.setRequestHeader('authorization', `Bearer ${spec.token}`);
    // The hub reads the kind from the bytes, never from a declared type.
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    xhr.upload.onprogress = (event) => spec.onProgress?.(event.loaded, event.lengthComputable ? event.total : spec.body.size);
    xhr.onload = () => {
      done();
      const text = typeof xhr.responseText === 'string' ? xhr.responseText : '';
      if (xhr.status < 200 || xhr.status >= 300) {
        void errorFromResponse(new Response(text === '' ? null : text, { status: xhr.status, statusText: xhr.statusText })).then(reject, reject);
        return;
      }
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        reject(badResponse(xhr.status, spec.url, 'the body is not JSON'));
        return;
      }
      const parsed = AttachmentSchema.safeParse(body);
      if (parsed.success) resolve(parsed.data);
      else reject(badResponse(xhr.status, spec.url, parsed.error.issues[0]?.message ?? 'schema mismatch'));
    };
    xhr.onerror = () => {
      done();
      fail('network', `Cannot reach the hub at ${spec.describe}: the upload was interrupted.`);
    };
    xhr.ontimeout = () => {
      done();
      fail('timeout', `The hub did not take the file within ${Math.round(spec.timeoutMs / 1000)} s (${spec.describe}).`);
    };
    xhr.onabort = () => {
      done();
      fail('aborted', 'The upload was cancelled.');
    };
    if (spec.signal?.aborted) {
      fail('aborted', 'The upload was cancelled.');
      return;
    }
    spec.signal?.addEventListener('abort', onAbort);
    xhr.send(spec.body);
  });
}

/** `path?a=1&b=2`, leaving out what is undefined: an absent cursor is not the string "undefined". */
export function withQuery(path: string, query: object): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

const customerPath = (id: string): string => `/api/v1/customers/${encodeURIComponent(id)}`;
const ticketPath = (id: string): string => `/api/v1/tickets/${encodeURIComponent(id)}`;
const callbackPath = (id: string): string => `/api/v1/callbacks/${encodeURIComponent(id)}`;

async function errorFromResponse(response: Response): Promise<HubError> {
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // A proxy's HTML error page, say: the status alone has to tell what happened.
  }
  const parsed = ApiErrorSchema.safeParse(body);
  // A refused flow upload lists every problem beside the usual fields.
  const rejectedFlow = FlowRejectedSchema.safeParse(body);
  const retryAfterSeconds = parseRetryAfter(response.headers.get('retry-after'));
  // Some answers (the rate limiter's, a proxy's) carry a generic `error` such as "Too Many Requests":
  // the status is the reliable part then.
  const code = parsed.success && isApiErrorCode(parsed.data.error) ? parsed.data.error : codeForStatus(response.status);
  return new HubError({
    status: response.status,
    code,
    message: parsed.success ? parsed.data.message : `The hub answered ${response.status} ${response.statusText}`.trim(),
    field: parsed.success ? parsed.data.field : undefined,
    retryAfterSeconds,
    problems: rejectedFlow.success ? rejectedFlow.data.problems : undefined,
  });
}

function codeForStatus(status: number): ApiErrorCode {
  switch (status) {
    case 400:
    case 422:
      return 'validation';
    case 401:
      return 'unauthorized';
    case 403:
      return 'forbidden';
    case 404:
      return 'not_found';
    case 409:
      return 'conflict';
    case 413:
      return 'payload_too_large';
    case 415:
      return 'unsupported_media_type';
    case 429:
      return 'rate_limited';
    default:
      return 'internal';
  }
}

const isApiErrorCode = (value: string): value is ApiErrorCode => (API_ERROR_CODES as readonly string[]).includes(value);

function parseRetryAfter(header: string | null): number | undefined {
  if (header === null) return undefined;
  const seconds = Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? Math.ceil(seconds) : undefined;
}

function badResponse(status: number, path: string, detail: string): HubError {
  return new HubError({ status, code: 'bad_response', message: `Unexpected answer from the hub for ${path}: ${detail}.` });
}

function describeBase(base: string): string {
  return base === '' ? 'this site' : base;
}
