import type { Kysely } from 'kysely';
import type { DB } from './db/types.js';
import type { Engine } from './db/connection.js';
import type { Role } from '@shared/project.js';
import type { SessionUser } from '@shared/api/auth.js';

/** What every request handler can reach: the database and a clock tests can move. */
export interface Deps {
  db: Kysely<DB>;
  engine: Engine;
  dataDir: string;
  now: () => number;
  /** Session lifetime in milliseconds. */
  sessionTtlMs: number;
  /** Resolves once every write so far is committed (SQLite group commit); the API awaits it before answering. */
  durable: () => Promise<void>;
  /** Told after labels or finals are committed; see services/dashboard/background.ts. */
  onWork?: (projectId: number) => void;
}

export type { SessionUser } from '@shared/api/auth.js';

export interface AppEnv {
  Variables: {
    deps: Deps;
    user: SessionUser;
    /** Set by `projectAccess`: the project id and the caller's roles there. */
    project: { id: number; roles: Role[] };
    /** Set when the request signed in with an API token (services/token-auth.ts): its limits. */
    token?: { id: number; projectId: number | null; readOnly: boolean };
  };
}
