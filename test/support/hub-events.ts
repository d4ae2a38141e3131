import { randomUUID } from 'node:crypto';
import type { TicketChangedEvent } from '../../shared/api/events';

/** A complaint moved to a department, as the hub announces it; patch what a test is about. */
export const ticketChanged = (patch: Partial<TicketChangedEvent> = {}): TicketChangedEvent => ({
  type: 'ticket.changed',
  ticketId: randomUUID(),
  ticketNo: 'TS-2026-000001',
  kind: 'complaint',
  status: 'with_department',
  waitingOn: 'logistics',
  version: 2,
  at: '2026-03-02T09:00:00.000Z',
  by: 'supervisor1',
  ...patch,
});
