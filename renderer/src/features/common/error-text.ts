import type { TFunction } from 'i18next';
import { isWrapUpIncomplete, type UserFacingError } from '../../store';

/** The translated words for a failed hub call or an ended session; the raw message goes to the log. */
export function errorText(t: TFunction, error: UserFacingError): string {
  switch (error.code) {
    case 'unauthorized':
      return t('errors.unauthorized');
    case 'rate_limited':
      return error.retryAfterSeconds
        ? t('errors.rateLimitedFor', { seconds: error.retryAfterSeconds })
        : t('errors.rateLimited');
    case 'network':
      return t('errors.network');
    case 'timeout':
      return t('errors.timeout');
    case 'validation':
      return t('errors.validation', { detail: error.message });
    case 'forbidden':
      return t('errors.forbidden');
    case 'bad_response':
      return t('errors.badResponse');
    case 'session_expired':
      return t('errors.sessionExpired');
    case 'wrap_up_incomplete': {
      const missing = isWrapUpIncomplete(error) ? error.missing : [];
      const which = missing.length === 1 ? missing[0]! : 'both';
      return t(`errors.wrapUpIncomplete.${which}`);
    }
    case 'illegal_transition':
    case 'authority_exceeded':
    case 'unsupported_media_type':
    case 'survey_required':
    case 'outside_calling_hours':
    case 'read_only':
    case 'recording_not_ready':
      return t('errors.refused', { detail: error.message });
    case 'already_claimed':
      return t('errors.alreadyClaimed', { detail: error.message });
    case 'stale_version':
      return t('errors.staleVersion');
    case 'internal':
    case 'not_found':
    case 'conflict':
    case 'payload_too_large':
      return t('errors.server');
    case 'aborted':
    case 'unexpected':
      return t('errors.unexpected', { detail: error.message });
  }
}
