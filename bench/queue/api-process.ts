/**
 * An API process of the queue bench's multi-process run: boots the server against an existing Postgres
 * schema (already migrated and seeded by the bench) and serves it until told to stop. `startApi` spawns
 * one and resolves with its address once it listens.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type http from 'node:http';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';

interface ApiConfig { databaseUrl: string; pgSchema: string }

export interface ApiProcess { base: string; stop(): Promise<void> }

export function startApi(cfg: ApiConfig): Promise<ApiProcess> {
  const child: ChildProcess = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url)], {
    env: { ...process.env, QUEUE_API: JSON.stringify(cfg) }, stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let text = '';
    const onData = (d: Buffer) => {
      text += d;
      const m = /LISTENING (\d+)/.exec(text);
      if (!m) return;
      child.stdout!.off('data', onData);
      child.off('exit', onExit);
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      resolve({ base: `http://127.0.0.1:${m[1]}`, stop: async () => { child.kill('SIGTERM'); await exited; } });
    };
    const onExit = (code: number | null) => reject(new Error(`API process exited (${code}) before listening: ${text.slice(-500)}`));
    child.stdout!.on('data', onData);
    child.once('exit', onExit);
  });
}

async function serveApi(cfg: ApiConfig): Promise<void> {
  const { boot } = await import('../../server/boot');
  const { serve } = await import('@hono/node-server');
  // Media and spool files would live here; the bench uploads none.
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'triad-bench-api-'));
  const booted = await boot({ dataDir, databaseUrl: cfg.databaseUrl, pgSchema: cfg.pgSchema, seed: false });
  const server = serve({ fetch: booted.app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => {
    process.stdout.write(`LISTENING ${info.port}\n`);
  });
  process.once('SIGTERM', () => {
    server.close(async () => {
      await booted.database.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
      process.exit(0);
    });
    // Keep-alive sockets of the load client are gone by now; do not wait on stragglers.
    (server as http.Server).closeAllConnections();
  });
}

if (process.env.QUEUE_API && process.argv[1] === fileURLToPath(import.meta.url)) {
  await serveApi(JSON.parse(process.env.QUEUE_API) as ApiConfig);
}
