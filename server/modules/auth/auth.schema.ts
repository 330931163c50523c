/** Marketer accounts, API keys and roles: the shapes the API takes and gives. */
import { z } from 'zod';

export const roles = ['admin', 'marketer', 'viewer'] as const;
export const roleSchema = z.enum(roles);
export type Role = z.infer<typeof roleSchema>;

export const loginSchema = z.strictObject({
  email: z.email().max(254),
  password: z.string().min(1).max(1024),
});

export const createUserSchema = z.strictObject({
  email: z.email().max(254),
  password: z.string().min(10, 'must be at least 10 characters').max(1024),
  role: roleSchema,
  name: z.string().max(200).optional(),
});

export const createApiKeySchema = z.strictObject({
  name: z.string().min(1).max(100),
  role: roleSchema,
});

export interface Principal {
  kind: 'apiKey' | 'session';
  id: string;
  role: Role;
  name: string;
}

export interface UserView {
  id: string;
  email: string;
  name: string | null;
  role: Role;
  createdAt: string;
}

export interface ApiKeyView {
  id: string;
  name: string;
  role: Role;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
}

/** `GET /auth/me`: who is calling; `csrfToken` is set for a session (send it as X-CSRF-Token). */
export interface MeView {
  kind: Principal['kind'];
  id: string;
  role: Role;
  name: string;
  csrfToken: string | null;
}

/** `POST /auth/login`. */
export interface LoginView {
  user: UserView;
  csrfToken: string;
}

/** `POST /api-keys`: the key itself is in this answer only. */
export type CreatedApiKeyView = ApiKeyView & { key: string };
