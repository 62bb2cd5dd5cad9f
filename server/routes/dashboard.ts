import { Hono } from 'hono';
import type { AppEnv } from '../context.js';

export const dashboardRoutes = new Hono<AppEnv>();
