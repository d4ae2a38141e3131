import { z } from 'zod';

/**
 * The org design (DOMAIN.md §1) is data loaded from the hub, never code: the same console serves an
 * e-commerce shop, a manufacturer's after-sales service or a property-management desk.
 */
export const LocalizedTextSchema = z.object({ 'zh-CN': z.string(), 'en-US': z.string() });
export type LocalizedText = z.infer<typeof LocalizedTextSchema>;

export const DepartmentSchema = z.object({
  id: z.string(),
  code: z.string(),
  name: LocalizedTextSchema,
  parentId: z.string().nullable(),
  /** What the unit does in the product: answers calls, calls back, assesses quality, handles cases. */
  kind: z.enum(['acceptance', 'callback', 'quality', 'evaluation', 'management', 'specialist']),
});
export type Department = z.infer<typeof DepartmentSchema>;

export const QueueSchema = z.object({
  id: z.string(),
  code: z.string(),
  name: LocalizedTextSchema,
  departmentId: z.string(),
  /** The value the PBX's IVR sends for this queue (e.g. `X-IVR-Choice: complaint`). */
  ivrChoice: z.string(),
});
export type Queue = z.infer<typeof QueueSchema>;

export const TransferTargetSchema = z.object({
  id: z.string(),
  name: LocalizedTextSchema,
  departmentId: z.string(),
  extension: z.string(),
  kind: z.enum(['department', 'person']),
});
export type TransferTarget = z.infer<typeof TransferTargetSchema>;

/** Escalation chain for severe complaints: level 1 first (e.g. department head, then general manager). */
export const EscalationLevelSchema = z.object({
  level: z.number().int().positive(),
  title: LocalizedTextSchema,
  userId: z.string().nullable(),
  extension: z.string().nullable(),
});
export type EscalationLevel = z.infer<typeof EscalationLevelSchema>;

export const OrgDesignSchema = z.object({
  departments: z.array(DepartmentSchema),
  queues: z.array(QueueSchema),
  transferTargets: z.array(TransferTargetSchema),
  escalationChain: z.array(EscalationLevelSchema),
});
export type OrgDesign = z.infer<typeof OrgDesignSchema>;
