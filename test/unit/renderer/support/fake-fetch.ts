/** A scripted `fetch`: each call takes the next answer, and every request is kept for assertions. */
export interface RecordedRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string | null;
}

export type FakeAnswer =
  | { status: number; body?: unknown; rawBody?: string; headers?: Record<string, string> }
  | { error: Error }
  | { hang: true };

export function fakeFetch(...answers: FakeAnswer[]) {
  const requests: RecordedRequest[] = [];
  const fetchImpl = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const headers = Object.fromEntries(new Headers(init?.headers).entries());
    requests.push({
      url: String(input),
      method: init?.method ?? 'GET',
      headers,
      body: typeof init?.body === 'string' ? init.body : null,
    });
    const answer = answers.shift();
    if (!answer) throw new Error(`fakeFetch: no answer scripted for ${String(input)}`);
    if ('error' in answer) throw answer.error;
    if ('hang' in answer) {
      // Like a hub that accepted the connection and never answered: only the abort ends it.
      return new Promise<Response>((_, reject) => {
        const signal = init?.signal;
        signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
      });
    }
    const text = answer.rawBody ?? (answer.body === undefined ? '' : JSON.stringify(answer.body));
    return new Response(answer.status === 204 ? null : text, {
      status: answer.status,
      headers: { 'content-type': 'application/json', ...answer.headers },
    });
  };
  return { fetch: fetchImpl as typeof fetch, requests };
}
