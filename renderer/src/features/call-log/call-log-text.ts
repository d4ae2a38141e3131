import type { TFunction } from 'i18next';
import type { CallLogEvent, CallLogStatus, DispositionCode } from '../../../../shared/api/call-logs';
import type { Language } from '../../../../shared/domain/i18n';
import type { UploadStatus } from '../../services/call-log/call-log-uploader';
import type { LocalCallLog, SyncRejection } from '../../services/local-db/app-db';
import { formatDuration } from '../phone/call-format';
import { dispositionLabel, formatCount, formatDateTimeSeconds, formatTime, type CallLength } from './call-log-format';

/** Who the call was with, as the agent knows them: the number first (what they dial back), else the name. */
export function callerText(t: TFunction, remote: LocalCallLog['remote']): string {
  return remote.number || remote.displayName || t('phone.call.unknownCaller');
}

export function statusText(t: TFunction, status: CallLogStatus): string {
  switch (status) {
    case 'live':
      return t('callLog.status.live');
    case 'ended':
      return t('callLog.status.ended');
    case 'completed':
      return t('callLog.status.completed');
    case 'interrupted':
      return t('callLog.status.interrupted');
  }
}

export function lengthText(t: TFunction, length: CallLength): string {
  switch (length.kind) {
    case 'live':
      return t('callLog.length.live');
    case 'talked':
      return formatDuration(length.ms);
    case 'atLeast':
      return t('callLog.length.atLeast', { time: formatDuration(length.ms) });
    case 'missed':
      return t('callLog.length.missed');
    case 'notAnswered':
      return t('callLog.length.notAnswered');
  }
}

/**
 * Why the hub refused a record, in a few words for the tag. The hub's own message (English, for
 * whoever fixes it) goes in the tooltip and the details, not here.
 */
export function rejectionReason(t: TFunction, rejection: SyncRejection | null): string {
  if (!rejection) return t('callLog.sync.reasons.unknown');
  if (rejection.status === 413) return t('callLog.sync.reasons.tooLarge');
  if (rejection.status === 409) return t('callLog.sync.reasons.conflict');
  if (rejection.status === 400) return t('callLog.sync.reasons.invalid');
  return rejection.code;
}

export function syncText(t: TFunction, record: Pick<LocalCallLog, 'syncState' | 'rejection'>): string {
  switch (record.syncState) {
    case 'pending':
      return t('callLog.sync.pending');
    case 'uploaded':
      return t('callLog.sync.uploaded');
    case 'rejected':
      return t('callLog.sync.rejected', { reason: rejectionReason(t, record.rejection) });
  }
}

/** The hub's words and the field it objected to, for the tooltip and the details. */
export function rejectionDetail(t: TFunction, rejection: SyncRejection): string {
  const message = t('callLog.sync.hubMessage', { message: rejection.message });
  return rejection.field ? `${message} ${t('callLog.sync.field', { field: rejection.field })}` : message;
}

export function eventTypeText(t: TFunction, type: CallLogEvent['type']): string {
  return t(`callLog.events.${type}`);
}

/** What an event's detail adds, in words; null when there is nothing worth showing. */
export function eventDetailText(
  t: TFunction,
  event: CallLogEvent,
  context: { dispositionCodes: readonly DispositionCode[]; language: Language },
): string | null {
  const detail = event.detail ?? {};
  const text = (key: string) => (typeof detail[key] === 'string' && detail[key] !== '' ? (detail[key] as string) : null);
  switch (event.type) {
    case 'transfer_requested':
    case 'transferred':
    case 'transfer_failed': {
      const target = text('target');
      return target ? t('callLog.events.detail.target', { target }) : null;
    }
    case 'ended': {
      const by = text('by');
      const who = by === 'local' || by === 'remote' || by === 'system' ? t(`phone.call.endedBy.${by}`) : null;
      const cause = text('cause');
      // A plain hang-up's SIP words say nothing more than "hung up".
      const telling = cause && !['BYE', 'CANCEL'].includes(cause) ? cause : null;
      if (who && telling) return t('phone.call.endCause', { ended: who, cause: telling });
      return who ?? telling;
    }
    case 'interrupted': {
      const lastSeenAt = text('lastSeenAt');
      return lastSeenAt ? t('callLog.wrapUp.lastSeen', { time: formatDateTimeSeconds(lastSeenAt, context.language) }) : null;
    }
    case 'disposition_set': {
      const code = text('code');
      return code ? dispositionLabel(context.dispositionCodes, code, context.language) : t('callLog.details.noDisposition');
    }
    case 'resumed':
      return detail.implied === true ? t('callLog.events.detail.impliedResume') : null;
    default:
      return null;
  }
}

/** The upload's state in one line, and what to add below it (the last error while waiting). */
export function uploadStateText(t: TFunction, upload: UploadStatus, language: Language): { text: string; detail: string | null } {
  switch (upload.state) {
    case 'uploading':
      return { text: t('callLog.upload.uploading'), detail: null };
    case 'waiting':
      return {
        text: upload.nextAttemptAt !== null ? t('callLog.upload.waiting', { time: formatTime(upload.nextAttemptAt, language) }) : t('callLog.upload.waitingNoTime'),
        detail: upload.lastError ? t('callLog.upload.lastError', { error: upload.lastError }) : null,
      };
    case 'stopped':
      return { text: t('callLog.upload.stopped'), detail: null };
    case 'idle':
      break;
  }
  if (upload.pending > 0) return { text: t('callLog.upload.queued'), detail: null };
  const last = upload.lastUploadAt !== null ? formatTime(upload.lastUploadAt, language) : null;
  // "All uploaded" would be untrue while the hub has refused some: those stay here, counted apart.
  if (upload.rejected > 0) return { text: last ? t('callLog.upload.noneWaitingAt', { time: last }) : t('callLog.upload.noneWaiting'), detail: null };
  return { text: last ? t('callLog.upload.allUploadedAt', { time: last }) : t('callLog.upload.allUploaded'), detail: null };
}

/** "Call logs: 3 waiting to upload, 1 rejected" for the header, which announces it when it changes. */
export function headerSummary(t: TFunction, status: 'off' | 'opening' | 'ready' | 'failed', upload: UploadStatus, language: Language): string {
  if (status === 'failed') return t('callLog.header.unavailable');
  if (status !== 'ready') return t('callLog.header.opening');
  const pending = formatCount(upload.pending, language);
  const rejected = formatCount(upload.rejected, language);
  if (upload.pending > 0 && upload.rejected > 0) return t('callLog.header.pendingAndRejected', { pending, rejected });
  if (upload.pending > 0) return t('callLog.header.pending', { pending });
  if (upload.rejected > 0) return t('callLog.header.rejected', { rejected });
  return t('callLog.header.allUploaded');
}
