import { Hono } from 'hono';
import type { AppEnv } from '../context.js';

export const exportRoutes = new Hono<AppEnv>();
