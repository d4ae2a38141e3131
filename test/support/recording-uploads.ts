import type { FastifyInstance } from 'fastify';
import { RECORDING_UPLOAD_PATH } from '../../shared/api/recordings';

/*
 * Raw tus 1.0 requests against a listening hub, so that tests can cut an upload where they like and
 * see every offset. (tus-js-client drives one whole upload in recording-upload.test.ts.)
 */

export async function listen(app: FastifyInstance): Promise<string> {
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  return address;
}

const b64 = (text: string) => Buffer.from(text).toString('base64');

export async function createUpload(
  base: string,
  token: string,
  options: { callId?: string; length: number; metadata?: string },
): Promise<Response> {
  const metadata = options.metadata ?? `callId ${b64(options.callId ?? '')},filetype ${b64('audio/webm')}`;
  return fetch(`${base}${RECORDING_UPLOAD_PATH}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'tus-resumable': '1.0.0', 'upload-length': String(options.length), 'upload-metadata': metadata },
  });
}

export async function patchUpload(base: string, token: string, location: string, offset: number, bytes: Uint8Array): Promise<Response> {
  return fetch(new URL(location, base), {
    method: 'PATCH',
    headers: {
      authorization: `Bearer ${token}`,
      'tus-resumable': '1.0.0',
      'upload-offset': String(offset),
      'content-type': 'application/offset+octet-stream',
    },
    body: Buffer.from(bytes),
  });
}

export async function headUpload(base: string, token: string, location: string): Promise<Response> {
  return fetch(new URL(location, base), { method: 'HEAD', headers: { authorization: `Bearer ${token}`, 'tus-resumable': '1.0.0' } });
}

/** Creates and sends the whole file in one PATCH; returns the upload's address. */
export async function uploadWhole(base: string, token: string, callId: string, bytes: Uint8Array): Promise<string> {
  const created = await createUpload(base, token, { callId, length: bytes.byteLength });
  if (created.status !== 201) throw new Error(`creation answered ${created.status}: ${await created.text()}`);
  const location = created.headers.get('location') ?? '';
  const patched = await patchUpload(base, token, location, 0, bytes);
  if (patched.status !== 204) throw new Error(`PATCH answered ${patched.status}: ${await patched.text()}`);
  return location;
}
