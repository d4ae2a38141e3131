import { existsSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { HubError } from './hub-error';

export const isApiPath = (path: string): boolean => path === '/api' || path.startsWith('/api/');

/**
 * Serves the web console when its build directory exists at startup. Returns the path of its
 * index.html for the SPA fallback, or null when there is no console to serve.
 */
export async function registerConsole(app: FastifyInstance, staticDir: string | undefined): Promise<string | null> {
  if (staticDir === undefined || !existsSync(staticDir)) return null;
  const root = resolve(staticDir);
  await app.register(fastifyStatic, { root, wildcard: true, index: 'index.html' });
  return join(root, 'index.html');
}

/**
 * Client-side routes (`/calls/42`) get index.html; a missing `/assets/x.js` stays a 404 so a
 * browser never runs HTML as a script. index.html is looked for on each request because a
 * rebuild of the console replaces it while the hub runs.
 */
export function notFoundHandler(indexHtml: string | null) {
  return (request: FastifyRequest, reply: FastifyReply): FastifyReply => {
    const path = request.url.split('?')[0] ?? '/';
    const wantsPage = (request.method === 'GET' || request.method === 'HEAD') && !isApiPath(path) && extname(path) === '';
    if (wantsPage && indexHtml !== null && existsSync(indexHtml)) {
      return reply.type('text/html; charset=utf-8').sendFile('index.html');
    }
    const error = new HubError('not_found', 404, `No route for ${request.method} ${path.slice(0, 200)}`);
    return reply.code(404).send(error.toBody());
  };
}
