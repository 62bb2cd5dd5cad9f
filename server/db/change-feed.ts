import pg from 'pg';

/** What a change feed tells its owner. */
export interface ChangeHandlers {
  /** Listening (again): anything announced before this may have been missed. */
  up(): void;
  /** The connection was lost: announcements are missed until the next `up`. */
  down(): void;
  change(payload: string): void;
}

const noop = () => {};
const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 30_000;

/**
 * Postgres: listens on a connection of its own for the cache announcements of the schema in use
 * (migration 2026-12-07T17-cache-notify), and reconnects with backoff after losing it. A lost connection
 * misses announcements, so `down` and then `up` tell the owner to forget what it holds.
 */
export function startChangeFeed(opts: { databaseUrl: string; pgSchema?: string }, on: ChangeHandlers): { stop(): Promise<void> } {
  let client: pg.Client | null = null;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;
  let delay = FIRST_RETRY_MS;

  const connect = async () => {
    const c = new pg.Client({
      connectionString: opts.databaseUrl,
      ...(opts.pgSchema ? { options: `-c search_path=${opts.pgSchema}` } : {}),
    });
    let listening = false;
    let ended = false;
    const end = () => { if (!ended) { ended = true; c.end().catch(noop); } };
    const lost = () => {
      end();
      if (client !== c) return;
      client = null;
      if (listening) on.down();
      listening = false;
      if (stopped) return;
      retry = setTimeout(() => void connect(), delay);
      retry.unref();
      delay = Math.min(delay * 2, MAX_RETRY_MS);
    };
    c.on('error', lost);
    c.on('end', () => { ended = true; lost(); });
    c.on('notification', (m) => { if (m.payload) on.change(m.payload); });
    client = c;
    try {
      await c.connect();
      // The schema the tables live in names the channel: the triggers announce on their table's schema.
      const schema = (await c.query<{ s: string }>('select current_schema() as s')).rows[0].s;
      await c.query(`listen ${c.escapeIdentifier(`triad_cache_${schema}`)}`);
      if (client !== c) return end();
      listening = true;
      delay = FIRST_RETRY_MS;
      on.up();
    } catch {
      lost();
    }
  };
  void connect();
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(retry);
      const c = client;
      client = null;
      if (c) await c.end().catch(noop);
    },
  };
}
