import { API_ERROR_CODES, ApiErrorSchema, type ApiErrorCode } from '../../../../shared/api/errors';
import { RECORDING_UPLOAD_PATH, type RecordingAnalysis } from '../../../../shared/api/recordings';
import { HubError } from '../hub';

/*
 * The two hub addresses the recorder needs. Kept beside the uploader rather than in the hub client:
 * the tus upload goes through tus-js-client anyway, and this PUT is the recording agent's alone.
 */

const ANALYSIS_TIMEOUT_MS = 30_000;

const trimBase = (baseUrl: string): string => baseUrl.replace(/\/+$/, '');

/** The tus endpoint; relative in web mode, where the hub served the page. */
export function recordingUploadEndpoint(baseUrl: string): string {
  const base = trimBase(baseUrl);
  return base ? `${base}${RECORDING_UPLOAD_PATH}` : new URL(RECORDING_UPLOAD_PATH, globalThis.location?.href ?? 'http://localhost/').href;
}

const isApiCode = (code: string): code is ApiErrorCode => (API_ERROR_CODES as readonly string[]).includes(code);

/** `PUT /api/v1/recordings/:callId/analysis`. Throws HubError (status 0 for no answer). */
export async function putRecordingAnalysis(
  fetchFn: typeof fetch,
  baseUrl: string,
  token: string,
  callId: string,
  analysis: RecordingAnalysis,
): Promise<void> {
  const url = `${trimBase(baseUrl)}/api/v1/recordings/${encodeURIComponent(callId)}/analysis`;
  const timeout = AbortSignal.timeout(ANALYSIS_TIMEOUT_MS);
  let response: Response;
  try {
    response = await fetchFn(url, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(analysis),
      credentials: 'omit',
      signal: timeout,
    });
  } catch (error) {
    throw new HubError({ status: 0, code: timeout.aborted ? 'timeout' : 'network', message: `The hub could not be reached: ${error instanceof Error ? error.message : String(error)}` });
  }
  if (response.ok) return;
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // A proxy's page: the status says enough.
  }
  const parsed = ApiErrorSchema.safeParse(body);
  const code = parsed.success && isApiCode(parsed.data.error) ? parsed.data.error : response.status === 401 ? 'unauthorized' : 'bad_response';
  throw new HubError({
    status: response.status,
    code,
    message: parsed.success ? parsed.data.message : `The hub answered ${response.status} to the recording's analysis.`,
    field: parsed.success ? parsed.data.field : undefined,
  });
}
