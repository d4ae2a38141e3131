import { z } from 'zod';

/**
 * The staff roles of DOMAIN.md §1. Each maps to one workspace in the console. `department`: staff of a specialist department (生产, 品管, 物流, 市场服务 …) who receive the cases that wait on it. */
export const ROLES = ['agent', 'callback', 'qa', 'supervisor', 'manager', 'admin', 'department'] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;
