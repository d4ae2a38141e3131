import { describe, expect, it } from 'vitest';
import { createHubClient, HubError } from '../../../../../renderer/src/services/hub';
import { filtersToQuery, NO_FILTERS } from '../../../../../renderer/src/services/cases/case-filters';
import { fakeFetch } from '../../support/fake-fetch';
import { attachment, caseId, config, detail, summary } from '../../features/cases/case-fixtures';

/*
 * The hub client's complaint routes: what it asks, how it reads the answers, and the evidence
 * upload through XMLHttpRequest with its progress and its refusals.
 */

const requestId = '0193a1b2-0000-7000-8000-00000000abcd';

/** Enough of XMLHttpRequest for the upload: records what was set and sent, and is driven by the test. */
class FakeXhr {
  static last: FakeXhr | null = null;
  method = '';
  url = '';
  headers: Record<string, string> = {};
  body: unknown = null;
  timeout = 0;
  withCredentials = true;
  status = 0;
  statusText = '';
  responseText = '';
  aborted = false;
  upload: { onprogress: ((event: { loaded: number; total: number; lengthComputable: boolean }) => void) | null } = { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  ontimeout: (() => void) | null = null;
  onabort: (() => void) | null = null;
  constructor() {
    FakeXhr.last = this;
  }
  open(method: string, url: string) {
    this.method = method;
    this.url = url;
  }
  setRequestHeader(name: string, value: string) {
    this.headers[name] = value;
  }
  send(body: unknown) {
    this.body = body;
  }
  abort() {
    this.aborted = true;
    this.onabort?.();
  }
  answer(status: number, body: unknown) {
    this.status = status;
    this.responseText = typeof body === 'string' ? body : JSON.stringify(body);
    this.onload?.();
  }
}

const client = (fetchImpl?: typeof fetch) =>
  createHubClient({ baseUrl: 'http://hub.test', ...(fetchImpl ? { fetch: fetchImpl } : {}), createXhr: () => new FakeXhr() as unknown as XMLHttpRequest });

const file = () => new Blob([new Uint8Array([0xff, 0xd8, 0xff, 0xe0])], { type: 'image/jpeg' });

describe('complaint routes of the hub client', () => {
  it('lists cases with the filters as the query and reads the page', async () => {
    const { fetch, requests } = fakeFetch({ status: 200, body: { items: [summary(1)], nextCursor: 'next' } });
    const page = await client(fetch).listComplaints('tok', filtersToQuery({ ...NO_FILTERS, status: ['queried', 'returned'], overdue: true }, { cursor: 'c1' }));
    expect(page.nextCursor).toBe('next');
    expect(page.items[0]!.ticketNo).toBe('TS-2026-000001');
    expect(requests[0]!.url).toBe('http://hub.test/api/v1/complaints?limit=50&status=queried%2Creturned&overdue=true&cursor=c1');
    expect(requests[0]!.headers.authorization).toBe('Bearer tok');
  });

  it('reads a case and the configuration', async () => {
    const { fetch, requests } = fakeFetch({ status: 200, body: detail(1) }, { status: 200, body: config });
    const hub = client(fetch);
    expect((await hub.getComplaint('tok', caseId(1))).case.version).toBe(3);
    expect((await hub.complaintConfig('tok')).routing.fieldDepartment).toBe('market-service');
    expect(requests.map((r) => r.url)).toEqual([`http://hub.test/api/v1/complaints/${caseId(1)}`, 'http://hub.test/api/v1/complaint-config']);
  });

  it('posts an action with its id and version, and gives the refusal its code and reason', async () => {
    const { fetch, requests } = fakeFetch({ status: 409, body: { error: 'stale_version', message: 'changed by supervisor1 at 10:02 (sign off); reload it' } });
    const error = await client(fetch)
      .complaintAction('tok', caseId(1), { id: requestId, expectedVersion: 3, action: { type: 'accept', note: '' } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HubError);
    expect(error).toMatchObject({ code: 'stale_version', status: 409, message: 'changed by supervisor1 at 10:02 (sign off); reload it' });
    expect(requests[0]!.url).toBe(`http://hub.test/api/v1/tickets/${caseId(1)}/actions`);
    expect(JSON.parse(requests[0]!.body!)).toEqual({ id: requestId, expectedVersion: 3, action: { type: 'accept', note: '' } });
  });

  it('refuses to send an action its schema refuses, naming the field', async () => {
    const { fetch, requests } = fakeFetch();
    const error = await client(fetch)
      .complaintAction('tok', caseId(1), { id: requestId, expectedVersion: 3, action: { type: 'query', note: '' } })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'validation', field: 'action.note' });
    expect(requests).toEqual([]);
  });

  it('uploads evidence as raw bytes with its id and name, reporting progress, and reads the stored record', async () => {
    const progress: [number, number][] = [];
    const pending = client().uploadAttachment('tok', caseId(1), { id: requestId, fileName: '现场 照片.jpg', body: file() }, { onProgress: (sent, total) => progress.push([sent, total]) });
    const xhr = FakeXhr.last!;
    expect(xhr.method).toBe('POST');
    expect(xhr.url).toBe(`http://hub.test/api/v1/tickets/${caseId(1)}/attachments?id=${requestId}&fileName=%E7%8E%B0%E5%9C%BA+%E7%85%A7%E7%89%87.jpg`);
    expect(xhr.headers).toMatchObject({ authorization: 'Bearer tok', 'content-type': 'application/octet-stream' });
    expect(xhr.withCredentials).toBe(false);
    xhr.upload.onprogress!({ loaded: 2, total: 4, lengthComputable: true });
    xhr.upload.onprogress!({ loaded: 4, total: 4, lengthComputable: true });
    xhr.answer(201, attachment(1, '现场 照片.jpg'));
    expect((await pending).fileName).toBe('现场 照片.jpg');
    expect(progress).toEqual([
      [2, 4],
      [4, 4],
    ]);
  });

  it('says a file is too large (413) or of a kind the hub does not take (415), with the hub’s words', async () => {
    const hub = client();
    const tooLarge = hub.uploadAttachment('tok', caseId(1), { id: requestId, fileName: 'a.mp4', body: file() }).catch((e: unknown) => e);
    FakeXhr.last!.answer(413, '<html>Request Entity Too Large</html>');
    expect(await tooLarge).toMatchObject({ code: 'payload_too_large', status: 413 });

    const refused = hub.uploadAttachment('tok', caseId(1), { id: requestId, fileName: 'setup.jpg', body: file() }).catch((e: unknown) => e);
    FakeXhr.last!.answer(415, { error: 'unsupported_media_type', message: 'an executable; accepted: photos, video, audio, PDF' });
    expect(await refused).toMatchObject({ code: 'unsupported_media_type', message: 'an executable; accepted: photos, video, audio, PDF' });
  });

  it('tells a broken connection from a cancelled upload', async () => {
    const hub = client();
    const broken = hub.uploadAttachment('tok', caseId(1), { id: requestId, fileName: 'a.jpg', body: file() }).catch((e: unknown) => e);
    FakeXhr.last!.onerror!();
    expect(await broken).toMatchObject({ code: 'network', status: 0 });

    const controller = new AbortController();
    const cancelled = hub.uploadAttachment('tok', caseId(1), { id: requestId, fileName: 'a.jpg', body: file() }, { signal: controller.signal }).catch((e: unknown) => e);
    controller.abort();
    expect(FakeXhr.last!.aborted).toBe(true);
    expect(await cancelled).toMatchObject({ code: 'aborted' });
  });

  it('downloads an evidence file with the token', async () => {
    const { fetch, requests } = fakeFetch({ status: 200, rawBody: 'PDF-bytes' });
    const blob = await client(fetch).downloadAttachment('tok', caseId(1), attachment(2, 'x.pdf').id);
    expect(await blob.text()).toBe('PDF-bytes');
    expect(requests[0]!.url).toBe(`http://hub.test/api/v1/tickets/${caseId(1)}/attachments/${attachment(2, 'x.pdf').id}`);
    expect(requests[0]!.headers.authorization).toBe('Bearer tok');
  });
});
