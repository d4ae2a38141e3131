import { hashPassword } from '../auth/password';
import type { Clock } from '../clock';
import type { Db, Queryable } from '../db/db';
import { recomputeWithStoredConfig } from '../complaints/config-repo';
import { insertDemoCallbacks } from './demo-callbacks';
import { insertDemoComplaints } from './demo-complaints';
import { demoCustomer, type DemoCustomer } from './demo-customers';
import { insertCustomerBatch, type CustomerInsertCounts } from './demo-customers-insert';
import { insertDemoDispositionCodes, insertDemoQueueDispositions } from './demo-disposition-codes';
import { insertDemoFloor } from './demo-floor';
import { insertDemoFlows, readFlowLibrary } from './demo-flows';
import { insertDemoOrg } from './demo-org-insert';
import { insertDemoQa } from './demo-qa';
import { insertDemoReasonCodes } from './demo-reason-codes';
import { showcaseCustomers } from './demo-showcase';
import { DEFAULT_SIP_REALM, DEMO_PASSWORD, DEMO_USERS, demoSipSecret, sipHa1 } from './demo-users';

export interface SeedDemoOptions {
  clock: Clock;
  /** How many customers the center has; 3000 unless the demo needs a bigger book. */
  customers?: number;
  /** Realm of the dev PBX, part of every SIP HA1. */
  sipRealm?: string;
  /** Where the flow library's YAML files are; the library beside the seed by default. */
  flowDir?: string;
}

export interface SeedSummary {
  users: number;
  /** Generated customers added; the showcase's are counted apart. */
  customers: number;
  /** Showcase customers added (demo-showcase.ts). */
  showcase: number;
  /** Phone numbers, orders, product units and tickets added, the showcase's included. */
  phones: number;
  /** Raw numbers that did not parse and were left out, as a CRM import would report them. */
  skippedPhones: number;
  orders: number;
  products: number;
  tickets: number;
  /** Library flows published (ids that had no version yet). */
  flows: number;
  /** Complaint cases opened and worked through the procedure (demo-complaints.ts); also counted in tickets. */
  complaints: number;
  /** Callback tasks added beside the complaint callbacks the demo complaints asked for (demo-callbacks.ts). */
  callbacks: number;
  /** Today's calls of the demo floor added (demo-floor.ts), for the supervisor board. */
  calls: number;
  /** QA evaluations added on some of those calls (demo-qa.ts), for the quality room and the agents. */
  evaluations: number;
}

export const DEFAULT_DEMO_CUSTOMERS = 3000;
const BATCH_SIZE = 1000;

interface NewUser {
  username: string;
  displayName: string;
  role: string;
  passwordHash: string;
  extension: string | null;
  ha1: string | null;
  departmentCode: string | null;
}

/** Hashed before the transaction opens: scrypt is slow on purpose and must not hold it open. */
async function prepareUsers(db: Db, realm: string): Promise<NewUser[]> {
  const { rows } = await db.query<{ username: string }>('select username from users where username = any($1::text[])', [
    DEMO_USERS.map((u) => u.username),
  ]);
  const existing = new Set(rows.map((row) => row.username));
  const missing = DEMO_USERS.filter((u) => !existing.has(u.username));
  return Promise.all(
    missing.map(async (user) => ({
      username: user.username,
      displayName: user.displayName,
      role: user.role,
      passwordHash: await hashPassword(DEMO_PASSWORD),
      extension: user.extension,
      ha1: user.extension === null ? null : sipHa1(user.extension, realm, demoSipSecret(user.extension)),
      departmentCode: user.departmentCode,
    })),
  );
}

async function insertUsers(tx: Queryable, users: readonly NewUser[]): Promise<number> {
  let inserted = 0;
  for (const user of users) {
    const result = await tx.query(
      `insert into users (username, display_name, role, password_hash, sip_extension, sip_ha1, department_code)
       values ($1, $2, $3, $4, $5, $6, $7) on conflict (username) do nothing`,
      [user.username, user.displayName, user.role, user.passwordHash, user.extension, user.ha1, user.departmentCode],
    );
    inserted += result.rowCount;
  }
  // Demo users seeded before departments existed (migration 0006) get theirs; one an administrator
  // set since is left alone.
  for (const user of DEMO_USERS) {
    if (user.departmentCode === null) continue;
    await tx.query('update users set department_code = $2 where username = $1 and department_code is null', [user.username, user.departmentCode]);
  }
  return inserted;
}

/** Generated in slices, yielding between them, so that the statements of the batch being written go out meanwhile. */
async function generateBatch(start: number, count: number, now: Date): Promise<DemoCustomer[]> {
  const batch: DemoCustomer[] = [];
  for (let index = start; index < Math.min(start + BATCH_SIZE, count); index += 1) {
    if (index % 100 === 0) await new Promise((resolve) => setImmediate(resolve));
    batch.push(demoCustomer(index, now));
  }
  return batch;
}

/**
 * The demo call center of DOMAIN.md §1. Idempotent: rows have stable keys, so a second run adds
 * only what is missing (e.g. more customers with a larger count) and duplicates nothing.
 */
export async function seedDemo(db: Db, options: SeedDemoOptions): Promise<SeedSummary> {
  const count = options.customers ?? DEFAULT_DEMO_CUSTOMERS;
  const realm = options.sipRealm ?? DEFAULT_SIP_REALM;
  const now = options.clock.now();
  const users = await prepareUsers(db, realm);
  const flowFiles = await readFlowLibrary(options.flowDir);
  return db.transaction(async (tx) => {
    const summary: SeedSummary = {
      users: await insertUsers(tx, users),
      customers: 0,
      showcase: 0,
      phones: 0,
      skippedPhones: 0,
      orders: 0,
      products: 0,
      tickets: 0,
      flows: 0,
      complaints: 0,
      callbacks: 0,
      calls: 0,
      evaluations: 0,
    };
    await insertDemoOrg(tx);
    await insertDemoReasonCodes(tx);
    await insertDemoDispositionCodes(tx);
    await insertDemoQueueDispositions(tx);
    // After the org and the codes: the flows are checked against them.
    summary.flows = await insertDemoFlows(tx, flowFiles, options.clock);
    const add = (counts: CustomerInsertCounts) => {
      summary.phones += counts.phones;
      summary.skippedPhones += counts.skippedPhones;
      summary.orders += counts.orders;
      summary.products += counts.products;
      summary.tickets += counts.tickets;
    };
    const showcase = await insertCustomerBatch(tx, showcaseCustomers(now));
    summary.showcase = showcase.customers;
    add(showcase);
    let batch = await generateBatch(0, count, now);
    for (let start = 0; start < count; start += BATCH_SIZE) {
      // The next batch is generated while the database writes this one: on PostgreSQL the two run
      // on two cores at once.
      const writing = insertCustomerBatch(tx, batch);
      const next = await generateBatch(start + BATCH_SIZE, count, now);
      const counts = await writing;
      summary.customers += counts.customers;
      add(counts);
      batch = next;
    }
    // The generated complaints arrive as rows, not through the procedure: their queues and time
    // limits are derived here, as a starting hub does for what it finds.
    await recomputeWithStoredConfig(tx, now);
    summary.complaints = await insertDemoComplaints(tx, count, now);
    summary.tickets += summary.complaints;
    summary.callbacks = await insertDemoCallbacks(tx, count, now);
    summary.calls = await insertDemoFloor(tx, count, now);
    // After the floor: the reviews are of its calls.
    summary.evaluations = await insertDemoQa(tx, now);
    return summary;
  });
}
