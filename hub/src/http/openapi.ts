import fastifySwagger from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { BEARER_SECURITY } from './schemas';

/** Must be registered before any route: the document is collected as routes are added. */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Call-center hub', version: '1' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: BEARER_SECURITY,
    },
    transform: jsonSchemaTransform,
  });
}

/** The document is behind authentication like every other API route. */
export async function docsRoute(app: FastifyInstance): Promise<void> {
  app.get('/api/docs/json', { schema: { hide: true } }, async () => app.swagger());
}
