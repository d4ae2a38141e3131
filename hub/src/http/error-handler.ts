import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, ResponseSerializationError } from 'fastify-type-provider-zod';
import type { ApiErrorCode } from '../../../shared/api/errors';
import { HubError } from './hub-error';

const CODE_BY_STATUS: Readonly<Record<number, ApiErrorCode>> = {
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'payload_too_large',
  429: 'rate_limited',
};

function validationError(error: FastifyError & { validation: { instancePath: string; message?: string }[] }): HubError {
  const issue = error.validation[0];
  // instancePath is `/a/0/b`; clients get the dotted path `a.0.b` (ApiErrorSchema.field).
  const field = issue?.instancePath.split('/').filter(Boolean).join('.') || undefined;
  const what = field ?? error.validationContext ?? 'request';
  return new HubError('validation', 400, `${what}: ${issue?.message ?? 'invalid'}`, field);
}

/** Maps every failure to an ApiError body; only expected (4xx) failures keep their message. */
function toHubError(error: FastifyError): HubError | null {
  if (error instanceof HubError) return error;
  if (hasZodFastifySchemaValidationErrors(error)) return validationError(error);
  if (error instanceof ResponseSerializationError) return null;
  const status = error.statusCode ?? 500;
  if (status < 400 || status >= 500) return null;
  return new HubError(CODE_BY_STATUS[status] ?? 'validation', status, error.message);
}

export function errorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const expected = toHubError(error);
  if (expected !== null) return reply.code(expected.statusCode).send(expected.toBody());
  request.log.error({ err: error }, 'request failed');
  return reply.code(500).send({ error: 'internal', message: 'Internal server error' });
}
