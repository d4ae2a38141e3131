import { z } from 'zod';
import { RoleSchema } from '../domain/roles';

export const LoginRequestSchema = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
});
export type LoginRequest = z.infer<typeof LoginRequestSchema>;

export const UserSchema = z.object({
  id: z.string(),
  username: z.string(),
  role: RoleSchema,
  displayName: z.string(),
  /** The person's department in the org design (department staff act for it); null for none. */
  departmentCode: z.string().nullable(),
});
export type User = z.infer<typeof UserSchema>;

export const LoginResponseSchema = z.object({
  token: z.string(),
  user: UserSchema,
  /** ISO 8601; the console logs out and asks again after this. */
  expiresAt: z.string(),
});
export type LoginResponse = z.infer<typeof LoginResponseSchema>;

/** `GET /api/v1/me`: the logged-in user, and their SIP extension when the role has a phone. */
export const MeResponseSchema = z.object({
  user: UserSchema,
  extension: z.string().nullable(),
});
export type MeResponse = z.infer<typeof MeResponseSchema>;
