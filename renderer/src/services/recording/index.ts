// The recording service's public surface for the store and the app.
export { startCallRecorder, RECORDING_MIME_TYPE, type CallRecorder, type PauseAuthor } from './call-recorder';
export { planRecordings, isRecordable } from './recording-policy';
export {
  createRecordingUploader,
  initialRecordingUploadStatus,
  type CreateTusUpload,
  type RecordingUploader,
  type RecordingUploadStatus,
  type RecordingUploadFailure,
  type RecordingUploadProgress,
} from './recording-uploader';
export { putRecordingAnalysis, recordingUploadEndpoint } from './recording-hub';
export { pruneUploadedRecordings, recoverInterrupted } from './recording-store';
export type { RecorderMediaDeps } from './recorder-deps';
