import type { Migration } from 'kysely';
import * as initial from './2026-11-22T00-initial.js';

/** Every migration, by its dated file name. Kysely's Migrator applies them in name order. */
export const migrations: Record<string, Migration> = {
  '2026-11-22T00-initial': initial,
};
