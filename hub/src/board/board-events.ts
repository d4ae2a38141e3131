import type { Clock } from '../clock';
import type { Db } from '../db/db';
import type { EventBus } from '../events/event-bus';
import type { BoardFigures } from './board-figures';
import { agentStateEvent, isCurrentCall } from './board-repo';

/*
 * What the board hears of, published once the change committed (event-bus.ts). Reading the row
 * back rather than echoing the request means an event always says what the board would show, even
 * when two reports of one agent cross.
 */

/** The agent's board row changed: their state, or what is known of their current call. */
export async function announceAgentRow(db: Db, events: EventBus, userId: string, now: Date): Promise<void> {
  const event = await agentStateEvent(db, userId, now);
  if (event !== null) events.publish(event);
}

/**
 * A call-log batch of this agent created or updated `written` (ids): today's totals moved, and if
 * one of them is the call the agent is on, its number and customer are news for the agent's row.
 */
export async function announceCallLogs(db: Db, clock: Clock, events: EventBus, figures: BoardFigures, agentId: string, written: readonly string[]): Promise<void> {
  if (written.length === 0) return;
  figures.changed();
  if (await isCurrentCall(db, agentId, written)) await announceAgentRow(db, events, agentId, clock.now());
}
