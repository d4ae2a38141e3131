// The hub service's public surface: the rest of the renderer imports this folder, not its files.
export {
  AgentStateReportResultSchema,
  createHubClient,
  DEFAULT_HUB_TIMEOUT_MS,
  HubError,
  isHubError,
  type AgentStateReportResult,
  type AttachmentUpload,
  type CallbackSettings,
  type CallOptions,
  type CustomerReadOptions,
  type HubClient,
  type HubClientOptions,
  type HubErrorCode,
  type UploadOptions,
} from './hub-client';
export { type EvaluationListQuery, type QaHubMethods, type ReplayPurpose, type ReviewListQuery } from './qa-hub-methods';
