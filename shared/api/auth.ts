import { z } from 'zod';
import { domainSchema } from '../project.js';

export const loginBody = z.object({
  email: z.string().trim().toLowerCase().email('expected an email address'),
  password: z.string().min(1, 'password is required'),
});

export const passwordSchema = z.string().min(8, 'a password needs at least 8 characters').max(200);

export const createUserBody = z.object({
  email: z.string().trim().toLowerCase().email('expected an email address'),
  name: z.string().trim().min(1, 'name is required').max(100),
  password: passwordSchema,
  isAdmin: z.boolean().default(false),
  expertise: z.array(domainSchema).default([]),
});

export const updateUserBody = z.object({
  name: z.string().trim().min(1).max(100).optional(),
  isAdmin: z.boolean().optional(),
  disabled: z.boolean().optional(),
  expertise: z.array(domainSchema).optional(),
}).refine((v) => Object.keys(v).length > 0, 'nothing to update: send name, isAdmin, disabled or expertise');

export const resetPasswordBody = z.object({ password: passwordSchema });

export const idParam = z.object({ id: z.coerce.number().int().positive('expected a positive id') });

/** The signed-in person as /api/auth/me and /api/auth/login describe them (and the server's request context holds). */
export interface SessionUser {
  id: number;
  email: string;
  name: string;
  isAdmin: boolean;
  expertise: string[];
}

export interface UserDto {
  id: number;
  email: string;
  name: string;
  isAdmin: boolean;
  disabled: boolean;
  expertise: string[];
  createdAt: number;
}
