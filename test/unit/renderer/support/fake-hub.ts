import type { LoginResponse, MeResponse } from '../../../../shared/api/auth';
import type { OrgDesign } from '../../../../shared/api/org';
import type { AgentStateReport, PhoneConfig } from '../../../../shared/api/phone';
import type { CallLogBatchRequest, CallLogBatchResponse, CallLogPage } from '../../../../shared/api/call-logs';
import type {
  CustomerAccessLog,
  CustomerChangesPage,
  CustomerChangesQuery,
  CustomerCreateRequest,
  CustomerDetail,
  CustomerLookupQuery,
  CustomerLookupResponse,
  CustomerSearchQuery,
  CustomerSearchResponse,
  CustomerUpdateRequest,
} from '../../../../shared/api/customers';
import type { FlowListResponse, FlowUploadRequest, FlowVersionList, StoredFlow } from '../../../../shared/api/flows';
import type { MyNotificationList, MyNotificationsQuery } from '../../../../shared/api/notifications';
import type {
  Attachment,
  ComplaintActionRequest,
  ComplaintDetail,
  ComplaintListQuery,
  ComplaintListResponse,
  ComplaintReport,
  ComplaintReportQuery,
} from '../../../../shared/api/complaints';
import type { ComplaintConfig } from '../../../../shared/complaints/complaint-config';
import type { CallbackReport } from '../../../../shared/api/callbacks';
import type { Board, CallReport, CallReportQuery } from '../../../../shared/api/board';
import type {
  CallbackCreateRequest,
  CallbackTask,
  Notification,
  NotificationCreateRequest,
  Ticket,
  TicketCreateRequest,
  TicketEscalationRequest,
  TicketNoteRequest,
} from '../../../../shared/api/tickets';
import type { CallbackAttemptRequest, CallbackManualRequest, CallbackSurveyRequest, CallbackWorkItem, CallbackWorklistQuery, CallbackWorklistResponse } from '../../../../shared/api/callbacks';
import { DEFAULT_CALLBACK_CONFIG } from '../../../../shared/callbacks/callback-config';
import type { QaHubMethods } from '../../../../renderer/src/services/hub';
import { createQaMethods } from '../../../../renderer/src/services/hub/qa-hub-methods';
import { HubError, type AgentStateReportResult, type AttachmentUpload, type CallbackSettings, type CustomerReadOptions, type HubClient, type UploadOptions } from '../../../../renderer/src/services/hub';

type Handler<T> = (...args: unknown[]) => Promise<T>;

/** A HubClient whose answers each test scripts; it records the base URL and tokens it was given. */
export function fakeHub() {
  const calls: string[] = [];
  const handlers: {
    login: Handler<LoginResponse>;
    logout: Handler<void>;
    me: Handler<MeResponse>;
    org: Handler<OrgDesign>;
    phoneConfig: Handler<PhoneConfig>;
    reportAgentState: (token: string, report: AgentStateReport) => Promise<AgentStateReportResult>;
    uploadCallLogs: (token: string, batch: CallLogBatchRequest) => Promise<CallLogBatchResponse>;
    listCallLogs: Handler<CallLogPage>;
    lookupCustomers: (token: string, query: CustomerLookupQuery) => Promise<CustomerLookupResponse>;
    searchCustomers: (token: string, query: CustomerSearchQuery) => Promise<CustomerSearchResponse>;
    getCustomer: (token: string, id: string, read: CustomerReadOptions) => Promise<CustomerDetail>;
    createCustomer: (token: string, body: CustomerCreateRequest) => Promise<CustomerDetail>;
    updateCustomer: (token: string, id: string, body: CustomerUpdateRequest) => Promise<CustomerDetail>;
    customerChanges: (token: string, query: CustomerChangesQuery) => Promise<CustomerChangesPage>;
    customerAccessLog: (token: string, id: string) => Promise<CustomerAccessLog>;
    listFlows: (token: string) => Promise<FlowListResponse>;
    getFlowVersion: (token: string, id: string, version: number) => Promise<StoredFlow>;
    listFlowVersions: (token: string, id: string) => Promise<FlowVersionList>;
    uploadFlow: (token: string, body: FlowUploadRequest) => Promise<StoredFlow>;
    createTicket: (token: string, body: TicketCreateRequest) => Promise<Ticket>;
    getTicket: (token: string, id: string) => Promise<Ticket>;
    addTicketNote: (token: string, ticketId: string, body: TicketNoteRequest) => Promise<Ticket>;
    escalateTicket: (token: string, ticketId: string, body: TicketEscalationRequest) => Promise<Ticket>;
    createCallback: (token: string, body: CallbackCreateRequest) => Promise<CallbackTask>;
    createNotification: (token: string, body: NotificationCreateRequest) => Promise<Notification>;
    myNotifications: (token: string, query: MyNotificationsQuery) => Promise<MyNotificationList>;
    markNotificationRead: (token: string, id: string) => Promise<void>;
    complaintReport: (token: string, query: ComplaintReportQuery) => Promise<ComplaintReport>;
    callbackReport: (token: string, query: { from: string; to: string }) => Promise<CallbackReport>;
    listComplaints: (token: string, query: ComplaintListQuery) => Promise<ComplaintListResponse>;
    getComplaint: (token: string, id: string) => Promise<ComplaintDetail>;
    complaintAction: (token: string, ticketId: string, body: ComplaintActionRequest) => Promise<ComplaintDetail>;
    uploadAttachment: (token: string, ticketId: string, upload: AttachmentUpload, options?: UploadOptions) => Promise<Attachment>;
    downloadAttachment: (token: string, ticketId: string, attachmentId: string) => Promise<Blob>;
    complaintConfig: (token: string) => Promise<ComplaintConfig>;
    callbackWorklist: (token: string, query: CallbackWorklistQuery) => Promise<CallbackWorklistResponse>;
    getCallback: (token: string, id: string) => Promise<CallbackWorkItem>;
    claimCallback: (token: string, id: string) => Promise<CallbackWorkItem>;
    releaseCallback: (token: string, id: string) => Promise<CallbackWorkItem>;
    recordCallbackAttempt: (token: string, id: string, body: CallbackAttemptRequest) => Promise<CallbackWorkItem>;
    recordCallbackSurvey: (token: string, id: string, body: CallbackSurveyRequest) => Promise<CallbackWorkItem>;
    createManualCallback: (token: string, body: CallbackManualRequest) => Promise<CallbackWorkItem>;
    callbackSettings: (token: string) => Promise<CallbackSettings>;
    board: (token: string) => Promise<Board>;
    callReport: (token: string, query: CallReportQuery) => Promise<CallReport>;
  } = {
    login: async () => Promise.reject(new Error('login not scripted')),
    logout: async () => undefined,
    me: async () => Promise.reject(new Error('me not scripted')),
    org: async () => Promise.reject(new Error('org not scripted')),
    phoneConfig: async () => Promise.reject(new Error('phoneConfig not scripted')),
    reportAgentState: async () => ({ applied: true }),
    // Accepts everything, as a hub that is up would: tests about uploads script their own answer.
    uploadCallLogs: async (_token, batch) => ({
      results: batch.records.map((record, index) => ({ index, id: record.id, outcome: 'created' as const, storedVersion: record.version })),
    }),
    listCallLogs: async () => ({ items: [], nextCursor: null }),
    // An empty customer book, so that tests about something else can log in and ring without scripting it.
    lookupCustomers: async () => ({ e164: null, items: [] }),
    searchCustomers: async () => ({ items: [] }),
    getCustomer: async () => Promise.reject(new Error('getCustomer not scripted')),
    createCustomer: async () => Promise.reject(new Error('createCustomer not scripted')),
    updateCustomer: async () => Promise.reject(new Error('updateCustomer not scripted')),
    customerChanges: async (_token, query) => ({ items: [], cursor: query.after ?? '0', more: false, remaining: 0 }),
    customerAccessLog: async () => ({ items: [] }),
    // No scripts on the hub, so that tests about something else start no flow.
    listFlows: async () => ({ flows: [] }),
    getFlowVersion: async () => Promise.reject(new HubError({ status: 404, code: 'not_found', message: 'no such flow version' })),
    listFlowVersions: async () => Promise.reject(new HubError({ status: 404, code: 'not_found', message: 'no such flow' })),
    uploadFlow: async () => Promise.reject(new Error('uploadFlow not scripted')),
    createTicket: async () => Promise.reject(new Error('createTicket not scripted')),
    getTicket: async () => Promise.reject(new Error('getTicket not scripted')),
    addTicketNote: async () => Promise.reject(new Error('addTicketNote not scripted')),
    escalateTicket: async () => Promise.reject(new Error('escalateTicket not scripted')),
    createCallback: async () => Promise.reject(new Error('createCallback not scripted')),
    createNotification: async () => Promise.reject(new Error('createNotification not scripted')),
    // Nobody has told this person anything, so that tests about something else can log in.
    myNotifications: async () => ({ items: [], unreadCount: 0 }),
    markNotificationRead: async () => undefined,
    complaintReport: async () => Promise.reject(new Error('complaintReport not scripted')),
    callbackReport: async () => Promise.reject(new Error('callbackReport not scripted')),
    listComplaints: async () => ({ items: [], nextCursor: null }),
    getComplaint: async () => Promise.reject(new HubError({ status: 404, code: 'not_found', message: 'no such case' })),
    complaintAction: async () => Promise.reject(new Error('complaintAction not scripted')),
    uploadAttachment: async () => Promise.reject(new Error('uploadAttachment not scripted')),
    downloadAttachment: async () => Promise.reject(new Error('downloadAttachment not scripted')),
    complaintConfig: async () => Promise.reject(new Error('complaintConfig not scripted')),
    // An empty worklist and the demo center's rules, so that tests about something else can show the pane.
    callbackWorklist: async () => ({ items: [], nextCursor: null, counts: { dueNow: 0, overdue: 0, pool: 0, mine: 0 } }),
    getCallback: async () => Promise.reject(new HubError({ status: 404, code: 'not_found', message: 'no such callback' })),
    claimCallback: async () => Promise.reject(new Error('claimCallback not scripted')),
    releaseCallback: async () => Promise.reject(new Error('releaseCallback not scripted')),
    recordCallbackAttempt: async () => Promise.reject(new Error('recordCallbackAttempt not scripted')),
    recordCallbackSurvey: async () => Promise.reject(new Error('recordCallbackSurvey not scripted')),
    createManualCallback: async () => Promise.reject(new Error('createManualCallback not scripted')),
    callbackSettings: async () => ({ config: DEFAULT_CALLBACK_CONFIG, timeZone: 'Asia/Shanghai' }),
    board: async () => Promise.reject(new Error('board not scripted')),
    callReport: async () => Promise.reject(new Error('callReport not scripted')),
  };
  // The quality assessment methods (issue 9), each unscripted until a test scripts it; a call is
  // written down as `<base> <method> <token> <first argument>`.
  const qaHandlers: { [K in keyof QaHubMethods]?: QaHubMethods[K] } = {};
  const qaMethodNames = Object.keys(createQaMethods({ request: async () => undefined as never, checked: (_schema, value) => value as never, withQuery: (path) => path }));
  const qaMethods = (baseUrl: string): QaHubMethods =>
    Object.fromEntries(
      qaMethodNames.map((name) => [
        name,
        (token: string, first?: unknown, ...rest: unknown[]) => {
          calls.push(`${baseUrl} ${name} ${token}${first === undefined ? '' : ` ${typeof first === 'string' ? first : JSON.stringify(first)}`}`);
          const handler = (qaHandlers as Record<string, ((...args: unknown[]) => Promise<unknown>) | undefined>)[name];
          return handler ? handler(token, first, ...rest) : Promise.reject(new Error(`${name} not scripted`));
        },
      ]),
    ) as unknown as QaHubMethods;
  const create = (baseUrl: string): HubClient => ({
    ...qaMethods(baseUrl),
    login: (request) => {
      calls.push(`${baseUrl} login ${request.username}`);
      return handlers.login(request);
    },
    logout: (token) => {
      calls.push(`${baseUrl} logout ${token}`);
      return handlers.logout(token);
    },
    me: (token) => {
      calls.push(`${baseUrl} me ${token}`);
      return handlers.me(token);
    },
    org: (token) => {
      calls.push(`${baseUrl} org ${token}`);
      return handlers.org(token);
    },
    phoneConfig: (token) => {
      calls.push(`${baseUrl} phoneConfig ${token}`);
      return handlers.phoneConfig(token);
    },
    reportAgentState: (token, report) => {
      calls.push(`${baseUrl} reportAgentState ${token} ${report.state}`);
      return handlers.reportAgentState(token, report);
    },
    uploadCallLogs: (token, batch) => {
      calls.push(`${baseUrl} uploadCallLogs ${token} ${batch.records.length}`);
      return handlers.uploadCallLogs(token, batch);
    },
    listCallLogs: (token, query) => {
      calls.push(`${baseUrl} listCallLogs ${token}`);
      return handlers.listCallLogs(token, query);
    },
    lookupCustomers: (token, query) => {
      calls.push(`${baseUrl} lookupCustomers ${token} ${query.phone}`);
      return handlers.lookupCustomers(token, query);
    },
    searchCustomers: (token, query) => {
      calls.push(`${baseUrl} searchCustomers ${token} ${query.q}`);
      return handlers.searchCustomers(token, query);
    },
    getCustomer: (token, id, read) => {
      calls.push(`${baseUrl} getCustomer ${token} ${id} ${read.reason}`);
      return handlers.getCustomer(token, id, read);
    },
    createCustomer: (token, body) => {
      calls.push(`${baseUrl} createCustomer ${token} ${body.id}`);
      return handlers.createCustomer(token, body);
    },
    updateCustomer: (token, id, body) => {
      calls.push(`${baseUrl} updateCustomer ${token} ${id} ${body.version}`);
      return handlers.updateCustomer(token, id, body);
    },
    customerChanges: (token, query) => {
      calls.push(`${baseUrl} customerChanges ${token} ${query.after ?? '-'}`);
      return handlers.customerChanges(token, query);
    },
    customerAccessLog: (token, id) => {
      calls.push(`${baseUrl} customerAccessLog ${token} ${id}`);
      return handlers.customerAccessLog(token, id);
    },
    listFlows: (token) => {
      calls.push(`${baseUrl} listFlows ${token}`);
      return handlers.listFlows(token);
    },
    getFlowVersion: (token, id, version) => {
      calls.push(`${baseUrl} getFlowVersion ${token} ${id} ${version}`);
      return handlers.getFlowVersion(token, id, version);
    },
    listFlowVersions: (token, id) => {
      calls.push(`${baseUrl} listFlowVersions ${token} ${id}`);
      return handlers.listFlowVersions(token, id);
    },
    uploadFlow: (token, body) => {
      calls.push(`${baseUrl} uploadFlow ${token} ${body.format}`);
      return handlers.uploadFlow(token, body);
    },
    createTicket: (token, body) => {
      calls.push(`${baseUrl} createTicket ${token} ${body.id}`);
      return handlers.createTicket(token, body);
    },
    getTicket: (token, id) => {
      calls.push(`${baseUrl} getTicket ${token} ${id}`);
      return handlers.getTicket(token, id);
    },
    addTicketNote: (token, ticketId, body) => {
      calls.push(`${baseUrl} addTicketNote ${token} ${ticketId} ${body.id}`);
      return handlers.addTicketNote(token, ticketId, body);
    },
    escalateTicket: (token, ticketId, body) => {
      calls.push(`${baseUrl} escalateTicket ${token} ${ticketId} ${body.id}`);
      return handlers.escalateTicket(token, ticketId, body);
    },
    createCallback: (token, body) => {
      calls.push(`${baseUrl} createCallback ${token} ${body.id}`);
      return handlers.createCallback(token, body);
    },
    createNotification: (token, body) => {
      calls.push(`${baseUrl} createNotification ${token} ${body.id}`);
      return handlers.createNotification(token, body);
    },
    myNotifications: (token, query) => {
      calls.push(`${baseUrl} myNotifications ${token}`);
      return handlers.myNotifications(token, query);
    },
    markNotificationRead: (token, id) => {
      calls.push(`${baseUrl} markNotificationRead ${token} ${id}`);
      return handlers.markNotificationRead(token, id);
    },
    complaintReport: (token, query) => {
      calls.push(`${baseUrl} complaintReport ${token} ${query.from} ${query.to}`);
      return handlers.complaintReport(token, query);
    },
    callbackReport: (token, query) => {
      calls.push(`${baseUrl} callbackReport ${token} ${query.from} ${query.to}`);
      return handlers.callbackReport(token, query);
    },
    listComplaints: (token, query) => {
      calls.push(`${baseUrl} listComplaints ${token} ${new URLSearchParams(query as Record<string, string>).toString()}`);
      return handlers.listComplaints(token, query);
    },
    getComplaint: (token, id) => {
      calls.push(`${baseUrl} getComplaint ${token} ${id}`);
      return handlers.getComplaint(token, id);
    },
    complaintAction: (token, ticketId, body) => {
      calls.push(`${baseUrl} complaintAction ${token} ${ticketId} ${body.id} v${body.expectedVersion} ${body.action.type}`);
      return handlers.complaintAction(token, ticketId, body);
    },
    uploadAttachment: (token, ticketId, upload, options) => {
      calls.push(`${baseUrl} uploadAttachment ${token} ${ticketId} ${upload.id} ${upload.fileName}`);
      return handlers.uploadAttachment(token, ticketId, upload, options);
    },
    downloadAttachment: (token, ticketId, attachmentId) => {
      calls.push(`${baseUrl} downloadAttachment ${token} ${ticketId} ${attachmentId}`);
      return handlers.downloadAttachment(token, ticketId, attachmentId);
    },
    complaintConfig: (token) => {
      calls.push(`${baseUrl} complaintConfig ${token}`);
      return handlers.complaintConfig(token);
    },
    callbackWorklist: (token, query) => {
      calls.push(`${baseUrl} callbackWorklist ${token} ${new URLSearchParams(Object.entries(query).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)])).toString()}`);
      return handlers.callbackWorklist(token, query);
    },
    getCallback: (token, id) => {
      calls.push(`${baseUrl} getCallback ${token} ${id}`);
      return handlers.getCallback(token, id);
    },
    claimCallback: (token, id) => {
      calls.push(`${baseUrl} claimCallback ${token} ${id}`);
      return handlers.claimCallback(token, id);
    },
    releaseCallback: (token, id) => {
      calls.push(`${baseUrl} releaseCallback ${token} ${id}`);
      return handlers.releaseCallback(token, id);
    },
    recordCallbackAttempt: (token, id, body) => {
      calls.push(`${baseUrl} recordCallbackAttempt ${token} ${id} ${body.outcome}`);
      return handlers.recordCallbackAttempt(token, id, body);
    },
    recordCallbackSurvey: (token, id, body) => {
      calls.push(`${baseUrl} recordCallbackSurvey ${token} ${id} ${body.id}`);
      return handlers.recordCallbackSurvey(token, id, body);
    },
    createManualCallback: (token, body) => {
      calls.push(`${baseUrl} createManualCallback ${token} ${body.id}`);
      return handlers.createManualCallback(token, body);
    },
    callbackSettings: (token) => {
      calls.push(`${baseUrl} callbackSettings ${token}`);
      return handlers.callbackSettings(token);
    },
    board: (token) => {
      calls.push(`${baseUrl} board ${token}`);
      return handlers.board(token);
    },
    callReport: (token, query) => {
      calls.push(`${baseUrl} callReport ${token} ${query.from} ${query.to} ${query.department ?? '-'}`);
      return handlers.callReport(token, query);
    },
  });
  return { create, handlers, qaHandlers, calls };
}

export const unauthorized = () => new HubError({ status: 401, code: 'unauthorized', message: 'Invalid token' });
export const networkDown = () => new HubError({ status: 0, code: 'network', message: 'Cannot reach the hub' });
