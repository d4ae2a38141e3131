import type { FastifyInstance } from 'fastify';
import { createHub, type CreateHubOptions } from '../../hub/src/app';
import type { Db } from '../../hub/src/db/db';
import { seedDemo } from '../../hub/src/seed/demo';
import { DEMO_PASSWORD } from '../../hub/src/seed/demo-users';
import { FakeClock } from './hub-clock';
import { createTestDatabase, type Backend, type TestDatabase } from './hub-db';

export interface TestHub {
  app: FastifyInstance;
  db: Db;
  database: TestDatabase;
  clock: FakeClock;
  /** Signs a demo user in and returns the bearer token. */
  login(username: string, password?: string): Promise<string>;
  /** A second hub on the same database and clock, like another process serving the center. */
  another(options?: Partial<Omit<CreateHubOptions, 'db' | 'clock'>>): Promise<FastifyInstance>;
  close(): Promise<void>;
}

export interface TestHubOptions extends Partial<Omit<CreateHubOptions, 'db' | 'clock'>> {
  /** Demo customers to seed; few by default, since most tests only need the org and the users. */
  customers?: number;
}

/** A hub on a fresh database with the demo center seeded, driven in-process with `inject`. */
export async function startTestHub(backend: Backend, options: TestHubOptions = {}): Promise<TestHub> {
  const { customers = 20, ...hubOptions } = options;
  const database = await createTestDatabase(backend);
  const clock = new FakeClock();
  // Suites log in far more than ten times a minute; the rate-limit test sets its own limit.
  const base = { db: database.db, clock, loginRateLimit: { max: 1000, timeWindowMs: 60_000 }, ...hubOptions };
  const app = await createHub(base);
  await seedDemo(database.db, { clock, customers });
  const extraApps: FastifyInstance[] = [];
  return {
    app,
    db: database.db,
    database,
    clock,
    login: (username, password) => loginAs(app, username, password),
    async another(more = {}) {
      const other = await createHub({ ...base, ...more });
      extraApps.push(other);
      return other;
    },
    async close() {
      await Promise.all([app, ...extraApps].map((a) => a.close()));
      await database.dispose();
    },
  };
}

/** Signs a demo user in on any hub instance and returns the bearer token. */
export async function loginAs(app: FastifyInstance, username: string, password = DEMO_PASSWORD): Promise<string> {
  const response = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
  if (response.statusCode !== 200) throw new Error(`login of ${username} failed: ${response.body}`);
  return response.json<{ token: string }>().token;
}

export const bearer = (token: string): { authorization: string } => ({ authorization: `Bearer ${token}` });
