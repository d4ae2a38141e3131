import { z } from 'zod';

/**
 * Every non-2xx answer of the hub has this body, so that clients show one kind of message.
 * `field` names the offending input (dotted path) for validation errors.
 */
export const ApiErrorSchema = z.object({
  error: z.string(),
  message: z.string(),
  field: z.string().optional(),
});
export type ApiError = z.infer<typeof ApiErrorSchema>;

export const API_ERROR_CODES = [
  'validation',
  'unauthorized',
  'forbidden',
  'not_found',
  'rate_limited',
  'payload_too_large',
  'conflict',
  'internal',
  // The complaint procedure (shared/complaints/): an action the case's status does not allow, a
  // case someone else changed since it was read, an amount beyond the person's authority.
  'illegal_transition',
  'stale_version',
  'authority_exceeded',
  // An upload whose bytes are not one of the accepted kinds, whatever it claims to be.
  'unsupported_media_type',
  // The callback worklist: a task someone else claimed first; a time outside the center's calling
  // hours; a complaint callback ended without the customer's verdict.
  'already_claimed',
  'outside_calling_hours',
  'survey_required',
  // Quality assessment: a submitted evaluation changes only by a correction with a reason; a
  // recording still uploading (or unreadable) cannot be replayed.
  'read_only',
  'recording_not_ready',
] as const;
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];
