import { z } from 'zod';
import { ComplaintStatusSchema } from '../complaints/complaint-config';
import { AGENT_STATES } from '../telephony/agent-state';
import { BoardCallSchema } from './board';
import { TicketKindSchema } from './customers';

/*
 * What the hub pushes to consoles (`GET /api/v1/events`, server-sent events): something changed
 * that a list or a bell on screen should show now rather than at the next refresh. An event says
 * what changed, not all of it: the console reads the record through the API, which checks who may
 * see it. The supervisor board reads `agent.state` and `board.figures`.
 */

const isoTime = z.iso.datetime({ offset: true });

export const TicketChangedEventSchema = z.object({
  type: z.literal('ticket.changed'),
  ticketId: z.uuid(),
  ticketNo: z.string(),
  kind: TicketKindSchema,
  /** A complaint's status (shared/complaints); other kinds' free text. */
  status: z.union([ComplaintStatusSchema, z.string()]),
  waitingOn: z.string().nullable(),
  /** The queue it left, when this change moved it: that department's lists must drop it. */
  previousWaitingOn: z.string().nullable().optional(),
  version: z.number().int(),
  at: isoTime,
  by: z.string(),
});
export type TicketChangedEvent = z.infer<typeof TicketChangedEventSchema>;

export const NotificationCreatedEventSchema = z.object({
  type: z.literal('notification.created'),
  notificationId: z.uuid(),
  /** Who it is for: a department's staff, or one person. */
  departmentCode: z.string(),
  username: z.string().nullable(),
  ticketId: z.uuid().nullable(),
  urgent: z.boolean(),
  at: isoTime,
});
export type NotificationCreatedEvent = z.infer<typeof NotificationCreatedEventSchema>;

/** A callback task was made, claimed, released, assigned, attempted, surveyed or cancelled: worklists refresh. */
export const CallbackChangedEventSchema = z.object({
  type: z.literal('callback.changed'),
  callbackId: z.uuid(),
  status: z.string(),
  assignee: z.string().nullable(),
  /** Who held it before this change, when it changed hands: that person's list must drop it. */
  previousAssignee: z.string().nullable().optional(),
  ticketId: z.uuid().nullable(),
  version: z.number().int(),
  at: isoTime,
  by: z.string(),
});
export type CallbackChangedEvent = z.infer<typeof CallbackChangedEventSchema>;

/**
 * An agent's board row changed (the board patches that row); for supervisors, managers and admins.
 * Sent when the state changed, and again when the log of the agent's current call arrives (the
 * console reports the state first, the call's number and customer a moment later with its log).
 * A row patched with an event whose `since` is older than the row's own is out of order: ignore it.
 */
export const AgentStateChangedEventSchema = z.object({
  type: z.literal('agent.state'),
  userId: z.uuid(),
  state: z.enum(AGENT_STATES),
  reasonCode: z.string().nullable(),
  since: isoTime,
  callId: z.string().nullable(),
  /** What the hub knows of that call when it sent this (as in the board); null without a call. */
  call: BoardCallSchema.nullable().optional(),
  at: isoTime,
  /** The agent has no live session (signed out); absent from hubs that do not say. */
  loggedOut: z.boolean().optional(),
});
export type AgentStateChangedEvent = z.infer<typeof AgentStateChangedEventSchema>;

/**
 * Today's figures moved (call logs arrived, a complaint or a callback changed): boards re-read the
 * totals. Hubs coalesce these, at most one a second.
 */
export const BoardFiguresEventSchema = z.object({
  type: z.literal('board.figures'),
  at: isoTime,
});
export type BoardFiguresEvent = z.infer<typeof BoardFiguresEventSchema>;

export const HubEventSchema = z.discriminatedUnion('type', [
  TicketChangedEventSchema,
  NotificationCreatedEventSchema,
  CallbackChangedEventSchema,
  AgentStateChangedEventSchema,
  BoardFiguresEventSchema,
]);
export type HubEvent = z.infer<typeof HubEventSchema>;

/**
 * The first event of every stream (`event: ready`, no id): the subscription is in place, so a
 * console reloads what it shows once here (it missed whatever happened while it was away), and
 * learns the hub's heartbeat period, to tell a dead connection from a quiet one.
 */
export const EventStreamReadySchema = z.object({ heartbeatMs: z.number().int().positive() });
export type EventStreamReady = z.infer<typeof EventStreamReadySchema>;
