import { z } from 'zod';
import { domainSchema } from '../project.js';

/** Bounds on what a sign-in carries: hashing cost and memory must not grow with what a stranger sends. */
export const EMAIL_MAX = 254;
export const PASSWORD_MAX = 256;

const emailSchema = z.string().trim().toLowerCase()
  .max(EMAIL_MAX, `an email address has at most ${EMAIL_MAX} characters`).email('expected an email address');
const tooLong = `a password has at most ${PASSWORD_MAX} characters`;

export const loginBody = z.object({
  email: emailSchema,
  password: z.string().min(1, 'password is required').max(PASSWORD_MAX, tooLong),
});

export const passwordSchema = z.string().min(8, 'a password needs at least 8 characters').max(PASSWORD_MAX, tooLong);

export const createUserBody = z.object({
  email: emailSchema,
  name: z.string().trim().min(1, 'name is required').max(100),
  password: passwordSchema,
  isAdmin: z.boolean().default(false),
  /** May start projects (admins always may): see TRIAD_PROJECT_CREATORS. */
  canCreateProjects: z.boolean().default(false),
  expertise: z.array(domainSchema).default([]),
});

export const updateUserBody = z.object({
  name: z.string().trim().min(1).max(100).optional(),
  isAdmin: z.boolean().optional(),
  disabled: z.boolean().optional(),
  canCreateProjects: z.boolean().optional(),
  expertise: z.array(domainSchema).optional(),
}).refine((v) => Object.keys(v).length > 0, 'nothing to update: send name, isAdmin, disabled, canCreateProjects or expertise');

export const resetPasswordBody = z.object({ password: passwordSchema });

export const idParam = z.object({ id: z.coerce.number().int().positive('expected a positive id') });

/** The signed-in person as /api/auth/me and /api/auth/login describe them (and the server's request context holds). */
export interface SessionUser {
  id: number;
  email: string;
  name: string;
  isAdmin: boolean;
  expertise: string[];
  /** Whether POST /api/projects is open to them (admin, allowed by an admin, or TRIAD_PROJECT_CREATORS=everyone). */
  canCreateProjects: boolean;
}

export interface UserDto {
  id: number;
  email: string;
  name: string;
  isAdmin: boolean;
  disabled: boolean;
  /** The flag an admin sets; admins may create projects whatever it says. */
  canCreateProjects: boolean;
  expertise: string[];
  createdAt: number;
}
