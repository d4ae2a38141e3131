import { z } from 'zod';

/** The staff roles of DOMAIN.md §1. Each maps to one workspace in the console. */
export const ROLES = ['agent', 'callback', 'qa', 'supervisor', 'manager', 'admin'] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;
