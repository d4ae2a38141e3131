import { ApiErrorSchema } from '../../../shared/api/errors';

/** Error answers every protected route may give, listed so the OpenAPI document shows them. */
export const protectedErrors = { 401: ApiErrorSchema, 500: ApiErrorSchema } as const;

export const BEARER_SECURITY = [{ bearer: [] }];
/** Routes that need no token say so explicitly in the document. */
export const NO_SECURITY: { [name: string]: string[] }[] = [];
