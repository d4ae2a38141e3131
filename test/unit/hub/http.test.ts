import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiErrorSchema } from '../../../shared/api/errors';
import { createHub } from '../../../hub/src/app';
import type { Db } from '../../../hub/src/db/db';
import { CONSOLE_CSP } from '../../../hub/src/http/security-headers';
import { bearer, startTestHub, type TestHub } from '../../support/hub-app';
import { describeEachBackend } from '../../support/hub-db';

describeEachBackend('hub http', (backend) => {
  let hub: TestHub;
  let token: string;
  beforeAll(async () => {
    hub = await startTestHub(backend, { customers: 0 });
    token = await hub.login('admin');
  });
  afterAll(() => hub.close());

  it('reports the database kind without a token when /healthz is asked', async () => {
    const response = await hub.app.inject({ method: 'GET', url: '/healthz' });

    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok', db: backend });
  });

  it.each([
    ['GET', '/api/v1/nothing-here'],
    ['DELETE', '/api/v1/org'],
    ['GET', '/nothing-here'],
  ] as const)('answers 404 JSON when %s %s has no route', async (method, url) => {
    const response = await hub.app.inject({ method, url, headers: bearer(token) });

    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(ApiErrorSchema.parse(response.json()).error).toBe('not_found');
  });

  it('lists the login path in the OpenAPI document when it is asked with a token', async () => {
    const response = await hub.app.inject({ method: 'GET', url: '/api/docs/json', headers: bearer(token) });

    expect(response.statusCode).toBe(200);
    const doc = response.json<{ openapi: string; paths: Record<string, Record<string, { security?: unknown[]; requestBody?: unknown }>> }>();
    expect(doc.openapi).toMatch(/^3\./);
    const loginPath = doc.paths['/api/v1/auth/login']?.post;
    expect(loginPath?.security).toEqual([]);
    expect(JSON.stringify(loginPath?.requestBody)).toContain('username');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/me', '/api/v1/org', '/api/v1/auth/logout', '/healthz']));
    expect(doc.paths['/api/docs/json']).toBeUndefined();
  });

  it('answers 401 when the OpenAPI document is asked without a token', async () => {
    const response = await hub.app.inject({ method: 'GET', url: '/api/docs/json' });

    expect(response.statusCode).toBe(401);
  });

  it('logs the error and answers a generic 500 when the database fails', async () => {
    const logLines: string[] = [];
    const failing: Db = {
      ...hub.db,
      query: (sql, params) =>
        sql === 'select 1' ? Promise.reject(new Error('connection to 10.0.0.5 refused')) : hub.db.query(sql, params),
    };
    const app = await createHub({ db: failing, clock: hub.clock, logger: { level: 'error', stream: { write: (line: string) => logLines.push(line) } } });

    const response = await app.inject({ method: 'GET', url: '/healthz' });
    await app.close();

    expect(response.statusCode).toBe(500);
    expect(response.json()).toEqual({ error: 'internal', message: 'Internal server error' });
    expect(logLines.join('')).toContain('connection to 10.0.0.5 refused');
  });

  describe('static console', () => {
    let withConsole: FastifyInstance;
    let staticDir: string;
    beforeAll(async () => {
      staticDir = await mkdtemp(join(tmpdir(), 'hub-static-'));
      await writeFile(join(staticDir, 'index.html'), '<!doctype html><title>console</title>');
      await writeFile(join(staticDir, 'app.js'), 'console.log("console")');
      withConsole = await hub.another({ staticDir });
    });
    afterAll(() => rm(staticDir, { recursive: true, force: true }));

    it('serves index.html with the CSP when / is asked', async () => {
      const response = await withConsole.inject({ method: 'GET', url: '/' });

      expect(response.statusCode).toBe(200);
      expect(response.body).toContain('<title>console</title>');
      expect(response.headers['content-security-policy']).toBe(CONSOLE_CSP);
    });

    it('serves index.html when a client-side route is reloaded', async () => {
      const response = await withConsole.inject({ method: 'GET', url: '/calls/42?tab=notes' });

      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/html/);
      expect(response.headers['content-security-policy']).toBe(CONSOLE_CSP);
    });

    it('serves assets as they are and without the CSP when they exist', async () => {
      const response = await withConsole.inject({ method: 'GET', url: '/app.js' });

      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toMatch(/javascript/);
      expect(response.headers['content-security-policy']).toBeUndefined();
    });

    it.each(['/assets/missing.js', '/api/v1/unknown', '/api'])('answers 404 JSON when %s does not exist', async (url) => {
      const response = await withConsole.inject({ method: 'GET', url });

      expect(response.statusCode).toBe(404);
      expect(ApiErrorSchema.parse(response.json()).error).toBe('not_found');
    });

    it('answers 404 JSON for / when the static directory does not exist', async () => {
      const response = await hub.app.inject({ method: 'GET', url: '/' });

      expect(response.statusCode).toBe(404);
      expect(ApiErrorSchema.parse(response.json()).error).toBe('not_found');
    });
  });
});
