import type { FastifyRequest } from 'fastify';
import type { HubEvent } from '../../../shared/api/events';
import { sessionOf } from '../auth/authenticate';
import { toUser } from '../auth/users';
import type { Clock } from '../clock';
import type { Db, Queryable } from '../db/db';
import type { EventBus } from '../events/event-bus';
import type { CaseActor } from './case-repo';

/** The person a request acts as, with their department, at the hub's time. */
export function caseActorOf(request: FastifyRequest, clock: Clock): CaseActor {
  const user = toUser(sessionOf(request).user);
  return { username: user.username, role: user.role, departmentCode: user.departmentCode, now: clock.now() };
}

/**
 * Runs a write and, once it committed, announces what it collected: consoles told of a change read
 * it at once, so nothing of a rolled-back write may be announced.
 */
export function announcer(db: Db, events: EventBus) {
  return async <T>(write: (tx: Queryable, pending: HubEvent[]) => Promise<T>): Promise<T> => {
    const pending: HubEvent[] = [];
    const result = await db.transaction((tx) => write(tx, pending));
    for (const event of pending) events.publish(event);
    return result;
  };
}
