import { z } from 'zod';

/*
 * A person's notifications (the bell of the console): what was sent to them by name, to their
 * department, or — for supervisors and managers — to the service department of the complaint
 * procedure. Who may see which is the hub's rule (hub/src/notifications/audience.ts); the same rule
 * decides which `notification.created` events reach a console (shared/api/events.ts).
 */

const isoTime = z.iso.datetime({ offset: true });

/** `GET /api/v1/notifications/mine`: newest first. */
export const MyNotificationsQuerySchema = z
  .object({
    /** true: only those this person has not read; false or absent: read ones too. */
    unread: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
    limit: z.coerce.number().int().min(1).max(200).default(30),
  })
  .strict();
export type MyNotificationsQuery = z.input<typeof MyNotificationsQuerySchema>;

export const MyNotificationSchema = z.object({
  id: z.uuid(),
  departmentCode: z.string(),
  /** The one person it names, if any (the escalation chain's level holder). */
  username: z.string().nullable(),
  message: z.string(),
  urgent: z.boolean(),
  ticketId: z.uuid().nullable(),
  /** The ticket's readable number (TS-2026-000123), for the list; null without a ticket. */
  ticketNo: z.string().nullable(),
  callId: z.uuid().nullable(),
  createdAt: isoTime,
  createdBy: z.string(),
  /** Read by this person: a department's notification read by one colleague is still unread for the next. */
  read: z.boolean(),
  readAt: isoTime.nullable(),
});
export type MyNotification = z.infer<typeof MyNotificationSchema>;

export const MyNotificationListSchema = z.object({
  items: z.array(MyNotificationSchema),
  /** Every unread one this person may see, not only those in `items`: the bell's count. */
  unreadCount: z.number().int().min(0),
});
export type MyNotificationList = z.infer<typeof MyNotificationListSchema>;

export const NotificationParamsSchema = z.object({ id: z.uuid() });
